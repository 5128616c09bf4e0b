"""The built site on a phone: 375 x 812 CSS px, touch, every page of both languages.

What a reader on a phone trips over (issue 18, "Pages that fit a phone"), measured in
headless Chromium (Debian's, through Playwright; no download, no network) with
``has_touch`` and ``is_mobile``:

* no page is wider than the screen (the whole page would shift sideways);
* every box that scrolls sideways (display math, code, tables) shows a cue that there
  is more (a shadow on the side where the content continues), and no display equation
  is wider than the column unless it is such a box;
* the kernel-free explorers draw their text at 11 px or more;
* each figure that the column shrinks can be opened at its full size, where its labels
  are as large as matplotlib drew them (10 pt at 100 dpi: 13.9 px);
* touch targets (explorer sliders and menus, the language switch, the header buttons)
  are at least 24 x 24 px (WCAG 2.5.8);
* a tooltip shown by a tap goes away again.

``python tests/test_site_phone.py [SITE]`` prints the same measures for a built site
(default ``_build/html``), for comparing two builds.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import urljoin

import pytest

import site_helpers as sh

pytestmark = pytest.mark.site

PHONE = {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
#: The smallest text on a phone (explorers) and the smallest touch target, in CSS px.
MIN_TEXT_PX = 11
MIN_TARGET_PX = 24
#: matplotlib's default text (10 pt) at the figures' 100 dpi, in image pixels.
FIGURE_TEXT_PX = 10 * 100 / 72

#: Everything the tests read from one page, after MathJax and the images are done.
JS_PHONE_FACTS = """
() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const facts = {viewport: window.innerWidth, pageWidth: document.documentElement.scrollWidth,
                 displayMath: 0, wideMath: 0, scrollers: [], explorers: [], figures: [], targets: []};
  // boxes that scroll sideways, and whether each shows its cue (a gradient background)
  for (const el of article.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(cs.overflowX) || !visible(el)) continue;
    if (el.scrollWidth <= el.clientWidth + 1) continue;
    facts.scrollers.push({what: name(el).slice(0, 60), width: el.clientWidth, content: el.scrollWidth,
                          cue: /gradient/.test(cs.backgroundImage),
                          text: el.textContent.trim().slice(0, 50)});
  }
  // display equations wider than the column they sit in
  for (const m of article.querySelectorAll('mjx-container[display="true"]')) {
    facts.displayMath += 1;
    const inner = m.querySelector('mjx-math');
    const column = (m.closest('div.math') || m.parentElement).clientWidth;
    if (inner && inner.getBoundingClientRect().width > column + 1) facts.wideMath += 1;
  }
  // explorers: how far their chart is scaled, and their smallest text in CSS px
  for (const svg of article.querySelectorAll('.nnp-explorer svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    let smallest = Infinity;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    const html = Array.from(svg.closest('.nnp-explorer').querySelectorAll(
        '.nnp-head, .nnp-controls label, .nnp-readout, .nnp-note, select, output'))
        .filter(visible).map(e => parseFloat(getComputedStyle(e).fontSize));
    facts.explorers.push({scale, svgText: smallest, htmlText: Math.min(...html, Infinity),
                          width: Math.round(svg.getBoundingClientRect().width)});
  }
  // figures (matplotlib PNGs in cell outputs): shown at what fraction of their size
  for (const img of article.querySelectorAll('div.cell_output img')) {
    if (!img.naturalWidth || !visible(img)) continue;
    const zoom = img.closest('button.nnp-figure-zoom');
    facts.figures.push({src: img.getAttribute('src'), natural: img.naturalWidth,
                        shown: img.getBoundingClientRect().width, zoom: !!zoom});
  }
  // touch targets: explorer controls, the language switch, the article header's buttons
  const targets = document.querySelectorAll(
      '.nnp-explorer input, .nnp-explorer select, a.nnprimer-lang-switch, ' +
      '.bd-header-article .btn, .bd-header-article button, button.nnp-figure-zoom');
  for (const el of targets) {
    if (!visible(el)) continue;
    const r = el.getBoundingClientRect();
    facts.targets.push({what: name(el).slice(0, 60), w: r.width, h: r.height});
  }
  return facts;
}
"""

#: Whether a tooltip is on screen (Bootstrap's .tooltip, shown by the header buttons).
JS_TOOLTIP_SHOWN = """
() => Array.from(document.querySelectorAll('.tooltip')).some(t => {
  const r = t.getBoundingClientRect(), cs = getComputedStyle(t);
  return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && parseFloat(cs.opacity) > 0.05;
})
"""


def phone_context(browser):
    """A phone's browser context in which every request to another host is aborted."""
    context = browser.new_context(**PHONE, locale="en-US", service_workers="block")
    context.route("**/*", lambda route: route.continue_() if sh.is_local(route.request.url)
                  else route.abort("blockedbyclient"))
    return context


def load(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=30000)
    page.evaluate(sh.JS_WAIT_MATH)
    page.evaluate(sh.JS_WAIT_IMAGES)
    page.wait_for_timeout(300)  # late layout (explorers redraw for their width)
    return page


def survey(base_url: str, pages: list[str], exe: str) -> dict[str, dict]:
    """Every page on a phone: :data:`JS_PHONE_FACTS` per page."""
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=sh.CHROMIUM_ARGS)
        try:
            context = phone_context(browser)
            for name in pages:
                page = load(context, urljoin(base_url, name))
                try:
                    out[name] = page.evaluate(JS_PHONE_FACTS)
                finally:
                    page.close()
        finally:
            browser.close()
    return out


def summary(facts: dict[str, dict]) -> dict[str, object]:
    """The numbers of the issue, over the whole site."""
    scrollers = [s for f in facts.values() for s in f["scrollers"]]
    explorers = [e for f in facts.values() for e in f["explorers"]]
    figures = [g for f in facts.values() for g in f["figures"]]
    targets = [t for f in facts.values() for t in f["targets"]]
    small = [g for g in figures if g["shown"] < g["natural"] - 1]
    return {
        "pages": len(facts),
        "pages wider than the screen": {p: f["pageWidth"] for p, f in facts.items() if f["pageWidth"] > f["viewport"]},
        "display equations": sum(f["displayMath"] for f in facts.values()),
        "display equations wider than the column": sum(f["wideMath"] for f in facts.values()),
        "boxes that scroll sideways": len(scrollers),
        "of which with a cue": sum(s["cue"] for s in scrollers),
        "explorers": len(explorers),
        "explorer chart scale (min)": round(min((e["scale"] for e in explorers), default=1), 3),
        "explorer chart text px (min)": round(min((e["svgText"] for e in explorers), default=0), 1),
        "explorer other text px (min)": round(min((e["htmlText"] for e in explorers), default=0), 1),
        "figures": len(figures),
        "figures shrunk by the column": len(small),
        "figure text px as shown (min)": round(min((FIGURE_TEXT_PX * g["shown"] / g["natural"] for g in figures),
                                                   default=0), 1),
        "shrunk figures that open full size": sum(g["zoom"] for g in small),
        "touch targets": len(targets),
        "touch targets under 24 px": sorted({f"{t['what']} {t['w']:.0f}x{t['h']:.0f}" for t in targets
                                             if min(t["w"], t["h"]) < MIN_TARGET_PX}),
    }


# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def phone(base_url, pages) -> dict[str, dict]:
    return survey(base_url, pages, sh.browser_or_skip())


@pytest.fixture(scope="module")
def phone_browser(site):
    from playwright.sync_api import sync_playwright

    exe = sh.browser_or_skip()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, headless=True, args=sh.CHROMIUM_ARGS)
        try:
            context = phone_context(browser)
            yield context
        finally:
            browser.close()


def _report(problems: list[str]) -> str:
    return "\n".join(problems[:40]) + (f"\n... and {len(problems) - 40} more" if len(problems) > 40 else "")


CHAPTERS = [f"{lang}/0{n}" for lang in sh.LANGS for n in range(1, 10)]


def test_every_chapter_was_seen(phone):
    seen = {p.rsplit("_", 1)[0] for p in phone if "/0" in p}
    missing = [c for c in CHAPTERS if not any(p.startswith(c) for p in seen)]
    assert not missing, f"chapters not built: {missing}"


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------
def test_no_page_is_wider_than_the_phone(phone):
    problems = [f"{p}: {f['pageWidth']} px wide on a {f['viewport']} px screen"
                for p, f in phone.items() if f["pageWidth"] > f["viewport"]]
    assert not problems, _report(problems)


@pytest.mark.parametrize("lang", sh.LANGS)
def test_long_inline_code_wraps(phone_browser, base_url, lang):
    """Inline code with no break opportunity (a long dotted name) wraps inside the column
    instead of making the page wider than the screen: in a paragraph, in a link, and in a
    heading (where the theme makes code an inline block) and in a table cell (whose
    width is the longest unbreakable run of its text)."""
    page = load(phone_browser, urljoin(base_url, f"{lang}/how-to-use.html"))
    try:
        width = page.evaluate("""() => {
            const p = document.createElement('p');
            p.innerHTML = 'See <code class="docutils literal notranslate"><span class="pre">' +
                'nnprimer.chapters.initialisation.experiments.forward_statistics_of_every_layer_of_the_network' +
                '</span></code> and <a class="reference internal" href="#"><code class="xref py py-func docutils literal ' +
                'notranslate"><span class="pre">nnprimer.widgets.activation.activation_explorer_html_with_every_variant()' +
                '</span></code></a>.';
            const h = document.createElement('h3');
            h.innerHTML = 'The <code class="docutils literal notranslate"><span class="pre">' +
                'nnprimer.chapters.vanishing.experiments.gradient_norms_per_layer_and_epoch</span></code> helper';
            const section = document.querySelector('article.bd-article section, article.bd-article');
            const t = document.createElement('table');
            t.className = 'table';
            t.innerHTML = '<tbody><tr><td>helper</td><td><code class="docutils literal notranslate">' +
                '<span class="pre">nnprimer.chapters.initialisation.experiments.forward_statistics</span></code></td></tr></tbody>';
            section.appendChild(h);
            section.appendChild(p);
            section.appendChild(t);
            return [document.documentElement.scrollWidth,
                    Math.max(p.getBoundingClientRect().right, h.querySelector('code').getBoundingClientRect().right,
                             t.getBoundingClientRect().right),
                    window.innerWidth];
        }""")
    finally:
        page.close()
    assert width[0] <= width[2] and width[1] <= width[2], f"page {width[0]} px, paragraph ends at {width[1]} px"


def test_every_box_that_scrolls_sideways_shows_a_cue(phone):
    boxes = [(p, s) for p, f in phone.items() for s in f["scrollers"]]
    assert boxes, "no box scrolls sideways on a phone: the check would pass on nothing"
    problems = [f"{p}: {s['what']} ({s['width']} of {s['content']} px) {s['text']!r}"
                for p, s in boxes if not s["cue"]]
    assert not problems, "boxes that scroll without a cue:\n" + _report(problems)


def test_display_math_fits_or_scrolls_with_a_cue(phone):
    """Equations that do not fit scroll in a box with the cue (checked above); the pairs
    "f ... f'" are on lines of their own, so the derivative is never off-screen alone."""
    total = sum(f["displayMath"] for f in phone.values())
    wide = sum(f["wideMath"] for f in phone.values())
    assert total, "no display math found"
    cued = sum(1 for f in phone.values() for s in f["scrollers"] if s["what"].startswith("mjx-container") and s["cue"])
    assert wide == cued, f"{wide} equations wider than the column, {cued} of them in a box with a cue"


def test_relu_pairs_are_on_separate_lines(phone_browser, base_url):
    """The ReLU chapter's "f(x) = ..., f'(x) = ..." pairs: f' starts its own line, so
    neither half is off-screen on a phone."""
    for lang in sh.LANGS:
        page = load(phone_browser, urljoin(base_url, f"{lang}/02_relu.html"))
        try:
            wide = page.evaluate("""() => Array.from(document.querySelectorAll('mjx-container[display="true"]'))
                .filter(m => /ReLU|ELU/.test(m.querySelector('mjx-assistive-mml')?.textContent || ''))
                .map(m => [m.scrollWidth, m.clientWidth])""")
        finally:
            page.close()
        assert len(wide) >= 2, f"{lang}: the ReLU and ELU pairs were not found"
        assert all(sw <= cw + 1 for sw, cw in wide), f"{lang}: pairs wider than the column: {wide}"


@pytest.mark.parametrize(("where", "boxes"), [("en/02_relu.html", "article pre"),
                                              ("zh/06_backprop.html", 'article mjx-container[display="true"]')],
                         ids=["code", "math"])
def test_scroll_cue_is_drawn(phone_browser, base_url, where, boxes):
    """The cue is a visible shadow: the right edge of a box that scrolls is darker than its
    middle, and after scrolling to its end the shadow is on the left."""
    page = load(phone_browser, urljoin(base_url, where))
    try:
        handle = page.evaluate_handle("""boxes => Array.from(document.querySelectorAll(boxes))
            .find(p => p.scrollWidth > p.clientWidth + 40 && p.clientHeight > 40)""", boxes)
        handle.scroll_into_view_if_needed()

        def edges():
            from io import BytesIO

            from PIL import Image

            # the brightest pixel of a column: the background between the lines of text,
            # darker where the shadow lies over it
            shot = Image.open(BytesIO(handle.screenshot())).convert("L")
            w, h = shot.size
            column = lambda x: max(shot.getpixel((x, y)) for y in range(h // 4, 3 * h // 4))
            return column(8), column(w // 2), column(w - 8)

        left, middle, right = edges()
        assert right < middle - 6, (left, middle, right)
        assert abs(left - middle) < 6, (left, middle, right)
        page.evaluate("el => el.scrollLeft = el.scrollWidth", handle)
        left, middle, right = edges()
        assert left < middle - 6, (left, middle, right)
    finally:
        page.close()


def test_explorer_text_is_at_least_11_px(phone):
    explorers = [(p, e) for p, f in phone.items() for e in f["explorers"]]
    assert explorers, "no explorer found on any page"
    problems = [f"{p}: chart text {e['svgText']:.1f} px, other text {e['htmlText']:.1f} px "
                f"(chart {e['width']} px wide, scale {e['scale']:.2f})"
                for p, e in explorers if min(e["svgText"], e["htmlText"]) < MIN_TEXT_PX]
    assert not problems, _report(problems)


def test_every_shrunk_figure_opens_full_size(phone):
    figures = [(p, g) for p, f in phone.items() for g in f["figures"]]
    assert figures, "no figure found on any page"
    problems = [f"{p}: {g['src']} shown {g['shown']:.0f} of {g['natural']} px, labels "
                f"{FIGURE_TEXT_PX * g['shown'] / g['natural']:.1f} px, no way to enlarge"
                for p, g in figures
                if FIGURE_TEXT_PX * g["shown"] / g["natural"] < MIN_TEXT_PX and not g["zoom"]]
    assert not problems, _report(problems)


def test_enlarged_figure_shows_labels_full_size(phone_browser, base_url):
    """Tapping a figure opens it at its own size in a dialog that scrolls both ways (labels
    13.9 px); the close button and Escape give the page back."""
    for lang in sh.LANGS:
        page = load(phone_browser, urljoin(base_url, f"{lang}/03_sigmoid.html"))
        try:
            button = page.locator("button.nnp-figure-zoom").first
            button.scroll_into_view_if_needed()
            button.tap()
            dialog = page.locator("dialog.nnp-figure-dialog[open]")
            dialog.wait_for(timeout=5000)
            shown = page.evaluate("""() => { const img = document.querySelector('dialog[open] img');
                return [img.getBoundingClientRect().width, img.naturalWidth]; }""")
            assert abs(shown[0] - shown[1]) <= 1, shown
            close = dialog.locator("button.nnp-figure-close")
            assert close.bounding_box()["height"] >= MIN_TARGET_PX
            assert (close.get_attribute("aria-label") or close.inner_text()).strip()
            close.tap()
            page.wait_for_timeout(200)
            assert page.locator("dialog.nnp-figure-dialog[open]").count() == 0
            button.tap()
            dialog.wait_for(timeout=5000)
            page.keyboard.press("Escape")
            page.wait_for_timeout(200)
            assert page.locator("dialog.nnp-figure-dialog[open]").count() == 0
        finally:
            page.close()


def test_touch_targets_are_at_least_24_px(phone):
    targets = [(p, t) for p, f in phone.items() for t in f["targets"]]
    assert any("input" in t["what"] for _, t in targets), "no explorer slider measured"
    assert any("nnprimer-lang-switch" in t["what"] for _, t in targets), "no language switch measured"
    problems = [f"{p}: {t['what']} {t['w']:.0f} x {t['h']:.0f} px"
                for p, t in targets if min(t["w"], t["h"]) < MIN_TARGET_PX]
    assert not problems, _report(problems)


@pytest.mark.parametrize("lang", sh.LANGS)
def test_tooltip_goes_away_after_a_tap(phone_browser, base_url, lang):
    """Tapping the colour-mode button switches the mode; no tooltip stays on the page."""
    page = load(phone_browser, urljoin(base_url, f"{lang}/02_relu.html"))
    try:
        before = page.get_attribute("html", "data-mode")
        page.locator("button.theme-switch-button:visible").first.tap()
        page.wait_for_timeout(600)
        assert page.get_attribute("html", "data-mode") != before, "the tap did not switch the mode"
        assert not page.evaluate(JS_TOOLTIP_SHOWN), "a tooltip stays on the page after the tap"
    finally:
        page.close()


if __name__ == "__main__":  # the numbers for a built site: python tests/test_site_phone.py [SITE]
    from pathlib import Path

    site = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else sh.site_dir()
    with sh.serve(site) as url:
        facts = survey(url, sh.content_pages(site), sh.chromium_path())
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(json.dumps(facts, indent=1, ensure_ascii=False), "utf-8")
    print(json.dumps(summary(facts), indent=1, ensure_ascii=False))
