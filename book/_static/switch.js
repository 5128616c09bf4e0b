// The language switch keeps the section the reader is in (book/_ext/nnprimer_site.py).
// data-nnprimer-labels lists the id of each section of the page, the same in every
// language (its cross-reference label, or "section-<n>" by position: section_keys), so
// the last section that starts above the top third of the window is found on the other
// page under the same #id. At the end of the page, where the last sections cannot scroll
// up that far, it is the last section that starts in the window.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.nnprimer-lang-switch");
  if (!link) return;
  var root = document.documentElement;
  var atEnd = window.scrollY + window.innerHeight >= root.scrollHeight - 2;
  var line = window.innerHeight * (atEnd ? 1 : 0.3), best = null;
  (link.dataset.nnprimerLabels || "").split(" ").forEach(function (id) {
    var anchor = id && document.getElementById(id);
    if (!anchor) return;
    var section = anchor.closest("section") || anchor;
    if (!section.getClientRects().length) return;  // not shown (e.g. a folded box)
    var top = section.getBoundingClientRect().top;
    if (top <= line && (best === null || top >= best.top)) best = {id: id, top: top};
  });
  var url = new URL(link.getAttribute("href"), document.baseURI);
  url.hash = best ? best.id : "";
  link.href = url.href;
});
