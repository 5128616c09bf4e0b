// Pages that fit a phone (book/_ext/nnprimer_site.py; styles in phone.css).
//
// 1. A figure that the column shows smaller than it was drawn becomes a button; it opens
//    the figure at its own size in a dialog that scrolls both ways, so that its labels are
//    as large as matplotlib drew them (close button, Escape or the back gesture close it).
// 2. A tap shows no tooltip: Bootstrap shows a button's tooltip on focus and on the
//    emulated mouse-over of a tap, and a touch screen never takes either away.
// The interface strings come from the site's catalog (window.nnprimerPhone, set per build).
(function () {
  "use strict";
  var words = window.nnprimerPhone || {enlarge: "Enlarge the figure", close: "Close", dialog: "Figure at full size"};
  var dialog = null, scroller = null, big = null;

  function makeDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "nnp-figure-dialog";
    dialog.setAttribute("aria-label", words.dialog);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "nnp-figure-close";
    close.textContent = "\u2715 " + words.close;
    close.addEventListener("click", function () { dialog.close(); });
    scroller = document.createElement("div");
    scroller.className = "nnp-figure-scroll";
    big = document.createElement("img");
    scroller.appendChild(big);
    dialog.appendChild(close);
    dialog.appendChild(scroller);
    dialog.addEventListener("click", function (event) {  // a tap beside the figure closes it
      if (event.target === scroller) { dialog.close(); }
    });
    document.body.appendChild(dialog);
  }

  function open(img) {
    if (!dialog) { makeDialog(); }
    big.src = img.currentSrc || img.src;
    big.alt = img.alt;
    big.width = img.naturalWidth;
    dialog.showModal();
    scroller.scrollTop = 0;
    scroller.scrollLeft = 0;
  }

  // Whether the column shows a figure smaller than it was drawn (a layout read).
  function shownSmaller(img) {
    return !img.closest("button.nnp-figure-zoom") && img.naturalWidth > 0
      && img.getBoundingClientRect().width < img.naturalWidth - 1;
  }

  function wrap(img) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nnp-figure-zoom";
    button.title = words.enlarge;
    var mark = document.createElement("span");
    mark.className = "nnp-figure-zoom-mark";
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = "\u2922";
    img.parentNode.insertBefore(button, img);
    button.appendChild(img);
    button.appendChild(mark);
    // the button's name: the figure's description, then what the button does
    button.setAttribute("aria-label", (img.alt ? img.alt + " \u2013 " : "") + words.enlarge);
    button.addEventListener("click", function () { open(img); });
  }

  // Every figure measured first, then the small ones wrapped: one layout, not one per figure.
  function wrapAll() {
    var small = [];
    document.querySelectorAll("article.bd-article div.cell_output img").forEach(function (img) {
      if (!img.complete) {
        img.addEventListener("load", function () { if (shownSmaller(img)) { wrap(img); } }, {once: true});
      } else if (shownSmaller(img)) {
        small.push(img);
      }
    });
    small.forEach(wrap);
  }

  // After a touch, Bootstrap's tooltips are not shown (its "show" event is cancelable);
  // a mouse or a pen brings them back.
  var lastPointer = "mouse";
  document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; }, true);
  document.addEventListener("show.bs.tooltip", function (event) {
    if (lastPointer === "touch") { event.preventDefault(); }
  }, true);

  // when the browser is idle, off the path to the first paint
  function wrapWhenIdle() { (window.requestIdleCallback || setTimeout)(wrapAll); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wrapWhenIdle);
  } else {
    wrapWhenIdle();
  }
  window.addEventListener("resize", wrapAll);
})();
