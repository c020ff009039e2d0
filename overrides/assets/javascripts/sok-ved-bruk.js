/* Search on first use: Material starts its search worker and fetches the whole search index as
 * soon as a page loads. Both wait here until the reader opens search (or arrives from a search
 * result with ?h=), so a first visit fetches only what the page shows. Inlined in every page. */
(function () {
  "use strict"
  if (location.protocol === "file:") return  // from disk the index is a local script anyway

  var started = /[?&]h=/.test(location.search)
  var waiting = []
  function start() {
    if (started) return
    started = true
    waiting.splice(0).forEach(function (run) { run() })
  }
  function later(run) { started ? run() : waiting.push(run) }

  /* The index request: sent when search is first used. */
  var isIndex = /\/search\/search_index\.json$/
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  var held = new WeakSet()
  XMLHttpRequest.prototype.open = function (method, url) {
    if (isIndex.test(String(url).split(/[?#]/)[0])) held.add(this)
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (!held.has(request)) return send.apply(request, args)
    later(function () { send.apply(request, args) })
  }

  /* The search worker: a stand-in that queues messages until the real one starts. */
  var isSearchWorker = /\/workers\/search\.[0-9a-f]+\.min\.js$/
  var RealWorker = window.Worker
  window.Worker = function (url, options) {
    if (started || !isSearchWorker.test(String(url))) return new RealWorker(url, options)
    var standIn = new EventTarget()
    var queue = []
    standIn.postMessage = function (message) { queue.push(message) }
    standIn.terminate = function () { queue = [] }
    later(function () {
      var worker = new RealWorker(url, options)
      worker.addEventListener("message", function (event) {
        standIn.dispatchEvent(new MessageEvent("message", { data: event.data }))
      })
      worker.addEventListener("error", function () { standIn.dispatchEvent(new Event("error")) })
      standIn.postMessage = function (message) { worker.postMessage(message) }
      standIn.terminate = function () { worker.terminate() }
      queue.splice(0).forEach(function (message) { worker.postMessage(message) })
    })
    return standIn
  }

  /* First use: the search field gets focus (click, tap, or Material's shortcut keys). */
  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest("[data-md-component=search-query]")) start()
  })
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) start()
  })
})()
