/* On every page: the «Meld fra om feil» link gets the page's full address, and over http(s) a
 * service worker (sw.js, made by Workbox at build time) keeps the handbook for offline use. */
(function () {
  "use strict"
  var script = document.currentScript

  /* «Meld fra om feil»: the mail's body gets the address the reader has open. Links that
   * veiviser.js has filled in with a guide's answers (data-meld-fra-ferdig) are left alone. */
  function fillIn(link) {
    if (link.hasAttribute("data-meld-fra-ferdig")) return
    var body = link.getAttribute("data-tekst") + "\nAdresse: " + window.location.href + "\n\nHva er feil eller uklart?\n"
    link.href = "mailto:" + link.getAttribute("data-epost") + "?subject=" + encodeURIComponent(link.getAttribute("data-emne"))
      + "&body=" + encodeURIComponent(body)
  }
  function fillInAll() { Array.prototype.forEach.call(document.querySelectorAll("a[data-meld-fra]"), fillIn) }
  fillInAll()
  window.addEventListener("hashchange", fillInAll)
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-meld-fra]")
    if (link) fillIn(link)  // the address may have changed (a guide's answers)
  }, true)

  /* A link into a closed <details> (or to the heading that names one, data-apnes-av) opens it,
   * so a section kept closed to lighten a long page can still be linked to. */
  function openLinkedDetails() {
    var id = decodeURIComponent(window.location.hash.slice(1))
    var target = id && document.getElementById(id)
    if (!target) return
    var section = document.querySelector('details[data-apnes-av="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]')
    var opened = false
    for (var details = target.closest("details") || section; details; details = details.parentElement && details.parentElement.closest("details")) {
      if (!details.open) { details.open = true; opened = true }
    }
    if (opened) target.scrollIntoView()
  }
  openLinkedDetails()
  window.addEventListener("hashchange", openLinkedDetails)

  /* «Kildegrunnlag» once had every guide on one page: an old link to an outcome there
   * (kildegrunnlag.html#guide--outcome) goes on to the guide's own page (data-videre). */
  function forwardOldLink() {
    var id
    try { id = decodeURIComponent(window.location.hash.slice(1)) } catch (error) { return }  // a malformed address
    if (!id || document.getElementById(id)) return
    var holder = document.getElementById(id.split("--")[0])
    var link = holder && holder.hasAttribute("data-videre") && holder.querySelector("a[href]")
    if (link) window.location.replace(link.href.split("#")[0] + window.location.hash)
  }
  forwardOldLink()
  window.addEventListener("hashchange", forwardOldLink)

  /* The web app manifest (installing to the home screen), over http(s) only: opened from disk the
   * browser cannot fetch it and would report a failed request on every page. */
  var manifest = script && script.getAttribute("data-manifest")
  if (manifest && /^https?:$/.test(window.location.protocol)) {
    var link = document.createElement("link")
    link.rel = "manifest"
    link.href = manifest
    document.head.appendChild(link)
  }

  /* Offline: register the service worker once the page has loaded and has been painted, so that
   * neither the worker nor its precache (the whole handbook) competes with the first visit. A new
   * version waits until the reader chooses it; then the page reloads. */
  var workerUrl = script && script.getAttribute("data-tjenestearbeider")
  if (!workerUrl || !("serviceWorker" in navigator) || !/^https?:$/.test(window.location.protocol)) return

  var chosen = false
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (chosen) window.location.reload()
  })

  function offer(worker) {
    var notice = document.querySelector("[data-ny-versjon]")
    if (!notice || !navigator.serviceWorker.controller) return  // the first install is no news
    notice.querySelector("[data-ny-versjon-tekst]").textContent = "Det finnes en nyere versjon av håndboka."
    var button = notice.querySelector("button")
    button.hidden = false
    button.onclick = function () {
      chosen = true
      button.disabled = true
      worker.postMessage({ type: "SKIP_WAITING" })
    }
  }

  function watch(registration) {
    if (registration.waiting) offer(registration.waiting)
    function follow(worker) {
      if (!worker) return
      worker.addEventListener("statechange", function () { if (worker.state === "installed") offer(worker) })
    }
    follow(registration.installing)
    registration.addEventListener("updatefound", function () { follow(registration.installing) })
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") registration.update().catch(function () {})
    })
  }

  /* Both the load event and the first contentful paint (a tab opened in the background paints
   * when it is shown); without paint timing in the browser, the load event alone. */
  function whenLoadedAndPainted(run) {
    var loaded = document.readyState === "complete"
    var painted = !window.PerformanceObserver || !PerformanceObserver.supportedEntryTypes
      || PerformanceObserver.supportedEntryTypes.indexOf("paint") < 0
    function maybe() {
      if (!loaded || !painted || !run) return
      var once = run
      run = null
      once()
    }
    if (!loaded) window.addEventListener("load", function () { loaded = true; maybe() })
    if (!painted) {
      new PerformanceObserver(function (list, observer) {
        if (!list.getEntriesByName("first-contentful-paint").length) return
        observer.disconnect()
        painted = true
        maybe()
      }).observe({ type: "paint", buffered: true })
    }
    maybe()
  }

  whenLoadedAndPainted(function () {
    navigator.serviceWorker.register(workerUrl).then(watch, function () { /* offline use is a bonus */ })
  })
})()
