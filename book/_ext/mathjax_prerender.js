// Typeset TeX with MathJax 3 in Node.js, when the site is built (nnprimer_speed.py).
//
//   node mathjax_prerender.js < request.json > reply.json
//
// request: {"mathjax": "<folder of the npm package mathjax>", "fontURL": "...",
//           "scale": 1.273, "pages": [[{"tex": "...", "display": false}, ...], ...]}
// reply:   {"pages": [{"html": ["<mjx-container ...>", ...], "css": "..."}, ...]}
//
// The same TeX input and CommonHTML output as MathJax's tex-chtml.js in a browser, with
// the hidden MathML that screen readers read (a11y/assistive-mml). Each page gets its own
// style sheet: the output's cache is cleared between pages, so a page's CSS has the
// characters that page uses and no others. TeX extensions (\boldsymbol, ...) load on
// demand as in the browser. Nothing is fetched: the package is the one npm installed.
"use strict";
const fs = require("fs");
const path = require("path");

const request = JSON.parse(fs.readFileSync(0, "utf-8"));
const MathJaxInit = require(path.join(request.mathjax, "es5", "node-main.js"));

MathJaxInit.init({
  loader: {load: ["input/tex", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"]},
  // No font-height matching: Node.js cannot measure the page's font, so the scale that
  // MathJax would measure in a browser (the body font's x-height against TeX's) is given.
  // An undefined macro is an error (data-mjx-error), not red text the build would miss.
  tex: {packages: {"[-]": ["noundefined"]}},
  chtml: {fontURL: request.fontURL, scale: request.scale, matchFontHeight: false},
  startup: {typeset: false},
}).then(async (MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const pages = [];
  for (const items of request.pages) {
    MathJax.startup.output.clearCache();
    const html = [];
    for (const item of items) {
      const node = await MathJax.tex2chtmlPromise(item.tex, {display: item.display});
      html.push(adaptor.outerHTML(node));
    }
    pages.push({html: html, css: items.length ? adaptor.textContent(MathJax.chtmlStylesheet()) : ""});
  }
  process.stdout.write(JSON.stringify({pages: pages}));
}).catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
