/* On every page: the «Meld fra om feil» link gets the page's full address, and over http(s) a
 * service worker keeps the handbook for offline use and says when a newer version is out. */
(function () {
  "use strict"

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
})()
