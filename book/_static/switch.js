// The language switch keeps the section the reader is in (book/_ext/nnprimer_site.py).
// Cross-reference labels are the same words in every language, so the section whose
// label is the last one above the top third of the window is found on the other page
// under the same #label.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.nnprimer-lang-switch");
  if (!link) return;
  var line = window.innerHeight * 0.3, best = null;
  (link.dataset.nnprimerLabels || "").split(" ").forEach(function (id) {
    var anchor = id && document.getElementById(id);
    if (!anchor) return;
    var top = (anchor.closest("section") || anchor).getBoundingClientRect().top;
    if (top <= line && (best === null || top >= best.top)) best = {id: id, top: top};
  });
  var url = new URL(link.getAttribute("href"), document.baseURI);
  url.hash = best ? best.id : "";
  link.href = url.href;
});
