"""The site printed on A4: nothing cut, nothing left folded, no control that paper cannot move.

Every page of both languages is opened in headless Chromium in print mode
(``page.emulate_media(media="print")``) at 718 px, the text width of an A4 page at 96 dpi
with the browser's default margins, and surveyed: code lines wider than their box, tables
and display equations wider than the page or scrolled in their own box, ``<details>``
still folded, explorer sliders still drawn, explorer figures missing. The same survey
with ``book/_static/print.css`` and ``print.js`` blocked shows what they fix (and that the
survey can fail). ``python tests/test_print.py`` prints the counts with and without them.

Without a build or a browser the tests skip and say what to install; with ``CI=true``
they fail instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_helpers as sh  # noqa: E402

pytestmark = pytest.mark.site

#: The text width of an A4 page (210 mm at 96 px/in = 794 px, less the browser's default
#: margins of about 0.4 in on each side).
A4_TEXT_PX = 718

#: What a printed page would lose, measured in print mode at :data:`A4_TEXT_PX`.
JS_PRINT_SURVEY = """
() => {
  // what a browser does before it prints (print.js opens the folded <details> then)
  window.dispatchEvent(new Event('beforeprint'));
  const article = document.querySelector('article.bd-article') || document.body;
  const pageRight = document.documentElement.clientWidth + 1;
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const cut = e => visible(e) && (e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > pageRight);
  // code: the lines of a <pre> wider than its box, in characters of its own font
  let codeLines = 0, codeBlocks = 0;
  for (const pre of article.querySelectorAll('pre')) {
    if (!cut(pre)) continue;
    codeBlocks += 1;
    const probe = document.createElement('span');
    probe.textContent = 'x'.repeat(100);
    pre.appendChild(probe);
    const charW = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const style = getComputedStyle(pre);
    const right = Math.min(pre.getBoundingClientRect().right, pageRight);
    const inner = right - pre.getBoundingClientRect().left - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const fits = Math.max(1, Math.floor(inner / charW));
    codeLines += pre.textContent.split('\\n').filter(l => l.length > fits).length;
  }
  const tables = Array.from(article.querySelectorAll('table')).filter(visible);
  const cutTables = tables.filter(t => cut(t) || (t.parentElement && cut(t.parentElement)));
  const equations = Array.from(article.querySelectorAll('mjx-container[display="true"]')).filter(visible);
  const cutEquations = equations.filter(box => {
    const math = box.querySelector('mjx-math');
    return cut(box) || (math && math.getBoundingClientRect().right > pageRight);
  });
  // folded: a <details> (hidden cell) or a dropdown admonition (solution, "Going deeper")
  // whose content, everything but its summary or title, is not drawn (or drawn at the
  // first frame of a fade-in, opacity 0, as a printout would catch it)
  const shown = c => c.checkVisibility({visibilityProperty: true, opacityProperty: true})
                     && c.getBoundingClientRect().height > 0;
  const folded = Array.from(article.querySelectorAll('details')).filter(d => {
    const body = Array.from(d.children).filter(c => c.tagName !== 'SUMMARY');
    return body.length > 0 && !body.some(shown);
  }).concat(Array.from(article.querySelectorAll('.admonition.dropdown, .admonition.toggle')).filter(a => {
    const body = Array.from(a.children).filter(c => !c.classList.contains('admonition-title'));
    return body.length > 0 && !body.some(shown);
  }));
  const foldable = article.querySelectorAll('details, .admonition.dropdown, .admonition.toggle').length;
  const explorers = Array.from(article.querySelectorAll('.nnp-explorer'));
  const sliders = explorers.flatMap(x => Array.from(x.querySelectorAll('input[type="range"]'))).filter(visible);
  const frames = explorers.filter(x => {
    const svg = x.querySelector('svg');
    return svg && visible(svg) && svg.getBoundingClientRect().width > 200 && svg.querySelector('.nnp-layer *');
  });
  const values = explorers.flatMap(x => Array.from(x.querySelectorAll('.nnp-value'))).filter(visible);
  const codeCells = Array.from(article.querySelectorAll('div.cell_input'));
  const result = {
    codeLines, codeBlocks, pres: article.querySelectorAll('pre').length,
    tables: tables.length, cutTables: cutTables.length,
    equations: equations.length, cutEquations: cutEquations.length,
    foldable, folded: folded.length,
    explorers: explorers.length, sliders: sliders.length, framesShown: frames.length,
    valuesShown: values.length,
    codeCells: codeCells.length,
    codeCellsSplittable: codeCells.filter(c => getComputedStyle(c).breakInside !== 'avoid').length,
    pageWidth: document.documentElement.scrollWidth,
  };
  window.dispatchEvent(new Event('afterprint'));
  return result;
}
"""

#: The counts summed over pages.
TOTALS = ("codeLines", "codeBlocks", "pres", "tables", "cutTables", "equations", "cutEquations",
          "foldable", "folded", "explorers", "sliders", "framesShown", "valuesShown", "codeCells",
          "codeCellsSplittable")


def survey(context, base_url: str, pages: list[str], with_print_css: bool = True) -> dict[str, dict]:
    """Each page's print survey (:data:`JS_PRINT_SURVEY`); ``with_print_css=False`` blocks
    the site's print.css and print.js, to see the page as it printed before them."""
    page = context.new_page()
    if not with_print_css:
        page.route("**/_static/print.*", lambda route: route.abort())
    page.set_viewport_size({"width": A4_TEXT_PX, "height": 1000})
    page.emulate_media(media="print")
    results = {}
    try:
        for name in pages:
            page.goto(base_url + name, wait_until="load")
            page.evaluate(sh.JS_WAIT_IMAGES)
            page.evaluate(sh.JS_WAIT_MATH)  # after print.js fitted the equations (when idle)
            results[name] = page.evaluate(JS_PRINT_SURVEY)
    finally:
        page.close()
    return results


def totals(results: dict[str, dict]) -> dict[str, int]:
    return {key: sum(r[key] for r in results.values()) for key in TOTALS}


# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def printed(site, pages, base_url):
    """Every page surveyed in print mode, with and without the print styles."""
    exe = sh.browser_or_skip("the print tests")
    with sh.chromium(exe) as context:
        after = survey(context, base_url, [p for p in pages if sh.page_language(p)])
        before = survey(context, base_url, [p for p in pages if sh.page_language(p)], with_print_css=False)
    return before, after


def _pages_with(results: dict[str, dict], key: str) -> list[str]:
    return [f"{name}: {r[key]}" for name, r in results.items() if r[key]]


def test_without_the_print_styles_the_survey_finds_cut_code_and_folded_boxes(printed):
    """The survey can fail: the pages as they printed before print.css lose code lines
    and equations at the page edge and print solutions folded."""
    before, _ = printed
    counts = totals(before)
    assert counts["codeLines"] > 100, counts
    assert counts["cutEquations"] > 0, counts
    assert counts["folded"] > 0, counts
    assert counts["sliders"] > 0, counts


def test_printed_code_wraps_instead_of_being_cut(printed):
    _, after = printed
    assert totals(after)["pres"] > 100, "too few code blocks found: is this the built book?"
    assert not _pages_with(after, "codeLines"), _pages_with(after, "codeLines")


def test_printed_tables_fit_the_page(printed):
    _, after = printed
    assert totals(after)["tables"] > 10
    assert not _pages_with(after, "cutTables"), _pages_with(after, "cutTables")


def test_printed_equations_fit_the_page(printed):
    _, after = printed
    assert totals(after)["equations"] > 30
    assert not _pages_with(after, "cutEquations"), _pages_with(after, "cutEquations")


def test_nothing_is_wider_than_the_printed_page(printed):
    _, after = printed
    wide = [f"{name}: {r['pageWidth']} px" for name, r in after.items() if r["pageWidth"] > A4_TEXT_PX + 1]
    assert not wide, wide


def test_folded_cells_and_solutions_print_open(printed):
    _, after = printed
    assert totals(after)["foldable"] > 50, "too few folded boxes found: is this the built book?"
    assert not _pages_with(after, "folded"), _pages_with(after, "folded")


def test_code_cells_are_not_split_across_pages(printed):
    """break-inside: avoid on every code cell, so that no page ends in an empty frame."""
    _, after = printed
    assert totals(after)["codeCells"] > 100
    assert not _pages_with(after, "codeCellsSplittable"), _pages_with(after, "codeCellsSplittable")


def test_explorers_print_their_frame_and_values_without_sliders(printed):
    _, after = printed
    counts = totals(after)
    assert counts["explorers"] > 5
    assert counts["sliders"] == 0, _pages_with(after, "sliders")
    assert counts["framesShown"] == counts["explorers"], counts
    assert counts["valuesShown"] > 0, counts


def test_a_page_prints_to_pdf_offline(site, base_url, tmp_path):
    """Chromium's own print to PDF (what "Save as PDF" does) works without the network
    and opens the folded solutions (print.css: ::details-content)."""
    exe = sh.browser_or_skip("the print tests")
    blocked: list[str] = []
    with sh.chromium(exe, blocked) as context:
        page = context.new_page()
        page.goto(base_url + "en/01_why_activation.html", wait_until="load")
        page.evaluate(sh.JS_WAIT_MATH)
        page.evaluate(sh.JS_WAIT_IMAGES)
        pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    assert not blocked, blocked


if __name__ == "__main__":  # python tests/test_print.py: the counts, before and after
    import json

    site = sh.site_dir()
    with sh.serve(site) as url, sh.chromium(sh.chromium_path()) as context:
        book = [p for p in sh.content_pages(site) if sh.page_language(p)]
        before = survey(context, url, book, with_print_css=False)
        after = survey(context, url, book)
    print(json.dumps({"pages": len(book), "before": totals(before), "after": totals(after)}, indent=1))
    for name in book:
        b, a = before[name], after[name]
        print(f"{name:40} code lines cut {b['codeLines']:4} -> {a['codeLines']:3}  tables "
              f"{b['cutTables']}/{b['tables']} -> {a['cutTables']}  equations {b['cutEquations']}/"
              f"{b['equations']} -> {a['cutEquations']}  folded {b['folded']} -> {a['folded']}")
