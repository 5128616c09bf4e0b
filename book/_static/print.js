/* Print helpers of the nnprimer site (with print.css; loaded by book/_ext/nnprimer_site.py).
 *
 * 1. Display equations and tables wider than a printed page: each gets
 *    --nnprimer-print-scale, the A4 text width over its own width (at most 1), which
 *    print.css uses to shrink its type; an equation that would shrink below 60 % is marked
 *    to break between its terms instead. Computed once the page has loaded, so it
 *    holds for any way of printing (a browser's print dialog, "Save as PDF", headless
 *    Chromium's page.pdf()).
 * 2. Folded <details> (hidden cells) open before printing, and fold again after, for
 *    browsers without the ::details-content rule; the equations in them are fitted then.
 */
(function () {
  "use strict";
  // A4 (210 mm) at 96 px/in is 794 px; less the browser's default margins (718 px) and
  // the article's padding, 654 px of text in Chromium; a little less, to be safe.
  var PRINT_TEXT_PX = 640;
  var MIN_SCALE = 0.6;

  // The text width of the article, less its padding (an equation at its top level has it).
  function articleWidth(article) {
    var style = getComputedStyle(article);
    return article.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  function fitEquations() {
    document.querySelectorAll('mjx-container[display="true"]').forEach(function (box) {
      var math = box.querySelector("mjx-math");
      var article = box.closest("article");
      if (!math || !article) { return; }
      // its own width at full size, measured once: measured again, a shrunk one would
      // read as fitting
      var width = parseFloat(box.getAttribute("data-nnprimer-width"));
      if (!(width > 0)) {
        width = math.getBoundingClientRect().width;
        if (!(width > 0)) { return; }  // folded away: measured when it opens
        box.setAttribute("data-nnprimer-width", width.toFixed(1));
      }
      // a box inside an admonition or a list has that much less than the page's width
      // (measured each time: sphinx-togglebutton opens its boxes before printing, which
      // changes their padding)
      var inset = Math.max(0, articleWidth(article) - box.clientWidth);
      var room = PRINT_TEXT_PX - inset, scale = Math.min(1, room / width);
      box.style.setProperty("--nnprimer-print-scale", scale.toFixed(3));
      box.toggleAttribute("data-nnprimer-print-wrap", scale < MIN_SCALE);
    });
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      if (table.hasAttribute("data-nnprimer-width")) { return; }  // measured once, full size
      var width = table.scrollWidth;
      if (!(width > 0)) { return; }
      table.setAttribute("data-nnprimer-width", String(width));
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
    // after sphinx-togglebutton's own handler (its script comes first) opened its boxes:
    // the equations in what was folded can be measured, and their room is known
    fitEquations();
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });

  // The math is typeset when the site is built (book/_ext/nnprimer_speed.py), so it can be
  // measured as soon as the page has loaded: then, when the browser is idle, off the path
  // to the first paint.
  function whenIdle() {
    (window.requestIdleCallback || setTimeout)(fitEquations);
  }
  if (document.readyState === "complete") {
    whenIdle();
  } else {
    window.addEventListener("load", whenIdle);
  }
})();
