/* iframe-worker 1.0.4 (MIT, (c) 2020-2022 Martin Donath): the script that runs first inside the
   iframe that stands in for a web worker from file://. Was inline in the shim; a file, so the
   Content Security Policy allows it as one of the site's own scripts. */
"use strict";
window.postMessage = function (message, origin) { parent.postMessage(message, origin || "*"); };
window.importScripts = function (...urls) {
  return urls.reduce((done, url) => done.then(() => new Promise(resolve => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    document.body.appendChild(script);
  })), Promise.resolve());
};
window.addEventListener("error", ({ error }) => {
  parent.dispatchEvent(new ErrorEvent("error", { filename: frameElement.dataset.url, error }));
});
// Material's search worker finds its folder from the first script[src] in the iframe: not this one.
document.currentScript.remove();
