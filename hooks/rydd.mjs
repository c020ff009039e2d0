// Take out of Material's stylesheets what no page of the built site uses, with PurgeCSS.
// Called by hooks/rydd.py:  node hooks/rydd.mjs SITE_DIR CSS_FILE...  (files are rewritten in place)
// Kept: every selector that matches the built pages (including the guides' <template>s) or our
// scripts, and whatever Material's scripts can add at run time: the md-* classes and data-md-*
// attributes they name.
import { readFileSync, readdirSync, writeFileSync } from "node:fs"
import { PurgeCSS } from "purgecss"

const [site, ...stylesheets] = process.argv.slice(2)
const scriptDir = `${site}/assets/javascripts`
const scripts = readdirSync(scriptDir, { recursive: true }).filter(f => f.endsWith(".js")).map(f => `${scriptDir}/${f}`)

const classes = new Set(["js", "no-js"])
const attributes = new Set()
const paletteOnly = /^data-md-color-/  // set in the HTML; the site has no palette switch
for (const file of scripts) {
  const text = readFileSync(file, "utf8")
  for (const [name] of text.matchAll(/\bmd-[\w-]+/g)) classes.add(name)
  for (const [name] of text.matchAll(/\bdata-md-[\w-]+/g)) if (!paletteOnly.test(name)) attributes.add(name)
}

const results = await new PurgeCSS().purge({
  // Material's own (minified) scripts are not content: their every word would keep rules.
  content: [`${site}/**/*.html`, ...scripts.filter(file => !file.endsWith(".min.js"))],
  css: stylesheets,
  safelist: { standard: [...classes], greedy: [...attributes].map(name => new RegExp(`^${name}$`)) },
  variables: true,
  keyframes: true,
  fontFace: true,
})
for (const { file, css } of results) writeFileSync(file, css)
