/* Print helpers of the nnprimer site (with print.css; loaded by book/_ext/nnprimer_site.py).
 *
 * 1. Display equations and tables wider than a printed page: each gets
 *    --nnprimer-print-scale, the A4 text width over its own width (at most 1), which
 *    print.css uses to shrink its type; an equation that would shrink below 60 % is marked
 *    to break between its terms instead. Computed once MathJax has typeset the page, so it
 *    holds for any way of printing (a browser's print dialog, "Save as PDF", headless
 *    Chromium's page.pdf()).
 * 2. Folded <details> (hidden cells, solutions, "Going deeper" boxes) open before
 *    printing and fold again after, for browsers without the ::details-content rule.
 */
(function () {
  "use strict";
  // A4 (210 mm) at 96 px/in is 794 px; less the browser's default margins (718 px) and
  // the article's padding, 654 px of text in Chromium; a little less, to be safe.
  var PRINT_TEXT_PX = 640;
  var MIN_SCALE = 0.6;

  function fitEquations() {
    document.querySelectorAll('mjx-container[display="true"]').forEach(function (box) {
      var math = box.querySelector("mjx-math");
      if (!math) { return; }
      var width = math.getBoundingClientRect().width;
      if (!(width > PRINT_TEXT_PX)) { return; }
      var scale = PRINT_TEXT_PX / width;
      box.style.setProperty("--nnprimer-print-scale", scale.toFixed(3));
      if (scale < MIN_SCALE) { box.setAttribute("data-nnprimer-print-wrap", ""); }
    });
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      var width = table.scrollWidth;
      if (width > PRINT_TEXT_PX) {
        // padding and borders do not shrink with the type: aim a tenth lower
        table.style.setProperty("--nnprimer-print-scale", (0.9 * PRINT_TEXT_PX / width).toFixed(3));
      }
    });
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  function whenTypeset() {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
      MathJax.startup.promise.then(fitEquations);
    } else if (document.querySelector('script[src*="mathjax"]')) {
      setTimeout(whenTypeset, 100);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", whenTypeset);
  } else {
    whenTypeset();
  }
})();
