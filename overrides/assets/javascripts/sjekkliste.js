/* «Ny i kommunen»: the checklist remembers its ticks in this browser only (localStorage). */
(function () {
  "use strict"
  var KEY = "sosiale-medier-handboka:sjekkliste"
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-sjekk]"))
  if (!boxes.length) return
  var status = document.querySelector("[data-sjekk-fremdrift]")
  var reset = document.querySelector("[data-sjekk-nullstill]")
  var print = document.querySelector("[data-skriv-ut-side]")

  function read() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || {} } catch (e) { return {} }
  }
  function write(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)) } catch (e) { /* storage off: ticks last until reload */ }
  }
  function update() {
    var done = boxes.filter(function (box) { return box.checked }).length
    status.textContent = done + " av " + boxes.length + " punkter er krysset av."
  }

  var state = read()
  boxes.forEach(function (box) {
    box.checked = state[box.getAttribute("data-sjekk")] === true
    box.addEventListener("change", function () {
      var next = read()
      next[box.getAttribute("data-sjekk")] = box.checked
      write(next)
      update()
    })
  })
  reset.hidden = false
  reset.addEventListener("click", function () {
    boxes.forEach(function (box) { box.checked = false })
    write({})
    update()
  })
  print.hidden = false
  print.addEventListener("click", function () { window.print() })
  update()
})()
