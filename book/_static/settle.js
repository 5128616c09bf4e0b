/* Sections laid out when the browser is idle (loaded by book/_ext/nnprimer_site.py).
 *
 * nnprimer.css lets the browser skip the style and layout of a chapter's sections below
 * the screen while the page loads (content-visibility: auto), so the first screen paints
 * without the whole chapter being laid out. Once the page has loaded, each section gets
 * .nnp-settled, which lays it out for good, one section per idle moment: the page then
 * has its real length, and nothing below moves when a reader, a link or a screen reader
 * goes far down the page.
 */
(function () {
  "use strict";
  var later = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); };

  function settle(sections, i) {
    if (i >= sections.length) { return; }
    later(function () {
      sections[i].classList.add("nnp-settled");
      void sections[i].offsetHeight;  // laid out now, in this idle moment
      settle(sections, i + 1);
    });
  }

  function start() {
    settle(Array.prototype.slice.call(document.querySelectorAll(".bd-article > section > section")), 0);
  }
  if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
})();
