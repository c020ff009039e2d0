// Write the service worker (sw.js) for a built site with Workbox: it precaches the pages, guides,
// styles, scripts and search, each with a content hash as its revision. Called by hooks/frakoblet.py:
//   node hooks/frakoblet.mjs SITE_DIR
// Prints {"count": files, "size": bytes} as JSON.
import workbox from "workbox-build"

const [site] = process.argv.slice(2)
const { count, size, warnings } = await workbox.generateSW({
  globDirectory: site,
  globPatterns: ["**/*.{html,css,js,json,svg,png,webmanifest}"],
  globIgnores: [
    "sw.js", "404.html",
    "search/search_index.js",                  // the index as a script: only for file://
    "assets/javascripts/iframe-worker/**",     // inlined in every page, and only for file://
    "assets/javascripts/sok-ved-bruk.js",      // inlined in every page
    "assets/images/favicon.png",               // Material's own, not used by our pages
    "pdf/**",                                  // the PDF's print styles
    "ov-deg/!(index).html",                    // practice cases (100 KB each): kept once opened, below
    "veivisere/*/oversikt.html",               // a guide at a glance: with JavaScript the guide's page
                                               // shows the same from its precached steps file; kept once opened
  ],
  swDest: `${site}/sw.js`,
  cacheId: "sosiale-medier-handboka",
  mode: "production",
  sourcemap: false,
  inlineWorkboxRuntime: true,
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  // A new version waits until the reader chooses it (handbok.js), so no page mixes two versions.
  skipWaiting: false,
  directoryIndex: "index.html",
  // ?h= is search highlighting: the same page.
  ignoreURLParametersMatching: [/^h$/, /^utm_/],
  // Material's files carry a hash in their names already.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(js|css)$/,
  maximumFileSizeToCacheInBytes: 1024 * 1024,
  // A practice case opened once is there offline too (all of them would double the precache: 4.9 MB) (and is refreshed when the network is back).
  runtimeCaching: [{
    urlPattern: ({ url }) => /\/ov-deg\/[^/]+\.html$/.test(url.pathname),
    handler: "NetworkFirst",
    // Never opened, and no network: the site's own page that says what works offline.
    options: { cacheName: "sosiale-medier-handboka-ovelser", networkTimeoutSeconds: 4,
               precacheFallback: { fallbackURL: "frakoblet.html" } },
  }, {
    urlPattern: ({ url }) => /\/veivisere\/[^/]+\/oversikt\.html$/.test(url.pathname),
    handler: "NetworkFirst",
    options: { cacheName: "sosiale-medier-handboka-oversikter", networkTimeoutSeconds: 4,
               precacheFallback: { fallbackURL: "frakoblet.html" } },
  }],
})
if (warnings.length) {  // e.g. a file too large to precache: the build must not go on without it
  console.error(warnings.join("\n"))
  process.exit(1)
}
console.log(JSON.stringify({ count, size }))
