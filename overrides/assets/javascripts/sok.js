/* The search's empty state: «Mente du …?» and who to ask, instead of a bare «Ingen treff».
 * Loaded before Material's bundle: it wraps the Worker constructor so it can read the search
 * worker's answers, where hooks/norsk_sok.js puts the nearest spelling (data.norsk.mente). */
(function () {
  var Base = window.Worker
  if (!Base) return
  var RESULT = 3  // Material's SearchMessageType.RESULT
  var show = function (answer) {
    var box = document.querySelector("[data-sok-tomt]")
    var input = document.querySelector("[data-md-component=search-query]")
    if (!box || !input) return
    var empty = answer && answer.items.length === 0 && input.value.trim() !== ""
    box.hidden = !empty
    var guess = empty && answer.norsk && answer.norsk.mente
    var line = box.querySelector("[data-sok-mente]")
    line.hidden = !guess
    if (guess) line.querySelector("button").textContent = guess
  }
  var Worker = function (url, options) {
    var worker = new Base(url, options)
    if (/search/.test(String(url))) {
      worker.addEventListener("message", function (event) {
        if (event.data && event.data.type === RESULT) show(event.data.data)
      })
    }
    return worker
  }
  Worker.prototype = Base.prototype
  window.Worker = Worker

  // «Mente du …?» searches for the suggestion; an emptied field hides the box.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-sok-mente] button")
    if (!button) return
    var input = document.querySelector("[data-md-component=search-query]")
    input.value = button.textContent
    input.focus()
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
    input.dispatchEvent(new Event("input", { bubbles: true }))
  })
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-md-component=search-query]") && !event.target.value.trim())
      show(null)
  })
  document.addEventListener("reset", function (event) {
    if (event.target.name === "search") show(null)
  })
})()
