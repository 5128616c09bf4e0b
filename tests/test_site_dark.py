"""Dark mode of the built website, checked in Chromium (issue 18, part 5).

The theme (pydata-sphinx-theme) sets ``data-theme="dark"`` on ``<html>`` from the reader's
system setting (emulated here with Playwright's ``color_scheme="dark"``) or from its own
switch; ``book/_static/dark.css`` styles the explorers and figures for it. What is checked:

* **every page of both languages in dark mode** (one visit each): each kernel-free
  explorer is a dark card (close to the page's background, not the light card), its text
  (HTML and SVG) has at least 4.5:1 against the card and every graphical part it draws
  (curves, bars, dots, legend keys, zero lines, frame, markers, a menu's border, a
  slider's accent, the focus ring) at least 3:1 against the card and against its shaded
  bands (WCAG 2.1 1.4.3 and 1.4.11); every figure (a matplotlib PNG) sits on a white card
  with padding and round corners and without the theme's dimming filter, which would
  shift the colours that the legends name;
* **axe-core in dark mode** on a few chapters (the explorers with bars, paths, four
  curves and shaded bands), with the options and allow-list of ``tests/test_a11y.py``;
  its colour rules must pass (dark mode changes colours only; the other rules' findings
  are the light page's, asserted by ``tests/test_a11y.py``, and printed here);
* **no empty output** (the bar under each explorer): none in the built HTML of any page,
  and no visible empty box in a cell's output in light or dark mode;
* **the theme's own switch** turns a light page dark with the same result, and the light
  page keeps the light explorer and plain figures.

Without a build or a browser the tests skip and say what to install; with ``CI=true``
they fail instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import pytest

import site_helpers as sh
import site_survey
from test_a11y import FAILING_IMPACTS, _allowed, _report

pytestmark = pytest.mark.site

TEXT_CONTRAST = 4.5
GRAPHICS_CONTRAST = 3.0
#: An explorer's card counts as dark when it is this close to the page's background.
DARK_CARD_MAX_CONTRAST_TO_PAGE = 1.5
#: The chapters axe audits in dark mode, in each language: bars (softmax), paths and
#: contours (descent), four curves in four colours (init), shaded bands (sigmoid).
AXE_CHAPTERS = ("03_sigmoid.html", "05_softmax.html", "07_gradient_descent.html", "09_init.html")
#: The axe rules about colour, the only thing dark mode changes: axe runs every rule of
#: tests/test_a11y.py, and findings of the other rules (the same in light mode, where
#: test_a11y.py asserts them) are reported here but left to that test.
COLOUR_RULES = ("color-contrast", "link-in-text-block")


# --------------------------------------------------------------------------------------
# Colours
# --------------------------------------------------------------------------------------
_RGB = re.compile(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)")


def parse_colour(css: str) -> tuple[float, float, float, float]:
    """``rgb(…)``/``rgba(…)`` (as getComputedStyle writes them) or ``#rrggbb`` -> (r, g, b, a)."""
    css = css.strip()
    if css.startswith("#") and len(css) == 7:
        return (int(css[1:3], 16), int(css[3:5], 16), int(css[5:7], 16), 1.0)
    m = _RGB.fullmatch(css)
    if not m:
        raise ValueError(f"not a colour: {css!r}")
    alpha = m.group(4)
    a = 1.0 if alpha is None else (float(alpha[:-1]) / 100 if alpha.endswith("%") else float(alpha))
    return (float(m.group(1)), float(m.group(2)), float(m.group(3)), a)


def over(top: tuple, alpha: float, below: tuple) -> tuple[float, float, float, float]:
    """``top`` painted with ``alpha`` (times its own alpha) over the opaque ``below``."""
    a = alpha * top[3]
    return tuple(a * t + (1 - a) * b for t, b in zip(top[:3], below[:3])) + (1.0,)


def luminance(rgb: tuple) -> float:
    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple, b: tuple) -> float:
    """WCAG 2.1 contrast ratio of two opaque colours."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_wcag():
    assert contrast(parse_colour("#000000"), parse_colour("rgb(255, 255, 255)")) == pytest.approx(21.0)
    assert contrast(parse_colour("#767676"), parse_colour("#ffffff")) == pytest.approx(4.54, abs=0.01)
    assert over(parse_colour("rgba(0, 0, 0, 0.5)"), 1.0, parse_colour("#ffffff"))[:3] == (127.5, 127.5, 127.5)
    with pytest.raises(ValueError):
        parse_colour("transparent")


# --------------------------------------------------------------------------------------
# What each page shows (JavaScript run in the page)
# --------------------------------------------------------------------------------------
#: Per explorer: its card's background, the output box around it, every text with its
#: colour, every graphical part with its colour (the computed style, after dark.css),
#: and a shaded band's fill; per figure: its filter, background, padding and corners;
#: and the cell outputs that are visible boxes with nothing in them.
JS_DARK_FACTS = r"""
() => {
  const cs = e => getComputedStyle(e);
  const visible = e => e.getClientRects().length > 0 && cs(e).visibility !== 'hidden';
  const explorers = Array.from(document.querySelectorAll('.nnp-explorer')).map(ex => {
    const texts = [];
    ex.querySelectorAll('*').forEach(e => {
      if (!visible(e) || e.closest('mjx-container, script, style')) return;
      const own = Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.data).join('').trim();
      if (!own) return;
      const svgText = e.closest('svg') !== null;
      texts.push({text: own.slice(0, 40), color: svgText ? cs(e).fill : cs(e).color});
    });
    const parts = [];
    const layer = ex.querySelector('.nnp-layer');
    layer.querySelectorAll('path, line, rect, circle, polyline').forEach(e => {
      const cls = e.getAttribute('class') || '';
      if (/nnp-(grid|legend|band)/.test(cls)) return;    // decoration, the legend's box, bands
      const st = cs(e);
      const stroked = st.stroke !== 'none' && parseFloat(st.strokeWidth) > 0;
      const color = stroked && (e.tagName === 'path' || e.tagName === 'line' || cls.includes('nnp-frame'))
          ? st.stroke : st.fill;
      parts.push({what: e.tagName + (cls ? '.' + cls : '') + ' ' + (e.getAttribute('stroke') || e.getAttribute('fill') || ''),
                  color});
    });
    const labelSel = ex.querySelector('label:not([hidden]) select');
    if (labelSel) parts.push({what: 'menu border', color: cs(labelSel).borderTopColor});
    const slider = ex.querySelector('input[type="range"]');
    let focus = null;
    if (slider) {
      parts.push({what: 'slider accent', color: cs(slider).accentColor});
      slider.focus();
      focus = {color: cs(slider).outlineColor, style: cs(slider).outlineStyle,
               visible: slider.matches(':focus-visible')};
      parts.push({what: 'focus ring', color: focus.color});
      slider.blur();
    }
    // a shaded band's colour, from a band drawn for the purpose (not every frame has one)
    const probe = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    probe.setAttribute('class', 'nnp-band');
    layer.appendChild(probe);
    const band = {fill: cs(probe).fill, opacity: parseFloat(cs(probe).fillOpacity)};
    probe.remove();
    const box = ex.closest('div.output');
    return {id: ex.id, background: cs(ex).backgroundColor, texts, parts, band, focus,
            boxBackground: box ? cs(box).backgroundColor : null,
            boxPadding: box ? cs(box).paddingTop : null,
            width: ex.getBoundingClientRect().width};
  });
  const figures = Array.from(document.querySelectorAll('.bd-content div.cell_output img')).map(img => {
    const st = cs(img);
    return {src: img.getAttribute('src'), filter: st.filter, background: st.backgroundColor,
            padding: st.paddingTop, radius: st.borderTopLeftRadius};
  });
  const media = 'img, svg, canvas, iframe, video, input, select';
  const emptyBoxes = Array.from(document.querySelectorAll('div.cell_output > *'))
    .filter(e => visible(e) && e.getBoundingClientRect().height > 0 && !e.textContent.trim()
                 && !e.matches(media) && !e.querySelector(media))
    .map(e => e.outerHTML.slice(0, 120));
  return {theme: document.documentElement.dataset.theme,
          page: cs(document.body).backgroundColor, explorers, figures, emptyBoxes};
}
"""


@dataclass
class DarkVisit:
    page: str
    facts: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)


def _open(context, url: str, scheme: str):
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(url, wait_until="load", timeout=30000)
    page.evaluate(sh.JS_WAIT_IMAGES)
    return page


@pytest.fixture(scope="module")
def chromium():
    return sh.browser_or_skip()


@pytest.fixture(scope="module")
def dark(site, base_url, pages, chromium, axe_script) -> dict[str, DarkVisit]:
    """Every page of both languages opened once in dark mode; axe on :data:`AXE_CHAPTERS`."""
    if axe_script is None:
        sh.skip_or_fail("install axe-playwright-python from PyPI (it bundles axe-core)")
    out = {}
    with sh.chromium(chromium) as context:
        for name in pages:
            if sh.page_language(name) is None:
                continue
            page = _open(context, urljoin(base_url, name), "dark")
            try:
                page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5000)
                visit = DarkVisit(page=name, facts=page.evaluate(JS_DARK_FACTS))
                if name.split("/", 1)[1] in AXE_CHAPTERS:
                    page.evaluate(sh.JS_WAIT_MATH)
                    audit = site_survey.Visit(page=name, url=page.url)
                    site_survey._audit(page, audit, axe_script)
                    visit.violations = audit.violations
            finally:
                page.close()
            out[name] = visit
    return out


def _explorers(dark):
    return [(v.page, ex) for v in dark.values() for ex in v.facts["explorers"]]


# --------------------------------------------------------------------------------------
# Tests: dark mode
# --------------------------------------------------------------------------------------
def test_every_page_turns_dark(dark):
    assert dark, "no pages"
    light = [v.page for v in dark.values() if v.facts["theme"] != "dark"]
    assert not light, f"data-theme is not dark under a dark colour scheme: {light}"


def test_explorers_are_dark_cards(dark):
    explorers = _explorers(dark)
    for lang in sh.LANGS:  # one per chapter 1-9 in each language
        assert sum(p.startswith(lang + "/") for p, _ in explorers) >= 9, f"few explorers found in {lang}/"
    problems = []
    for page, ex in explorers:
        card, body = parse_colour(ex["background"]), parse_colour(dark[page].facts["page"])
        if card[3] < 1 or contrast(card, body) > DARK_CARD_MAX_CONTRAST_TO_PAGE:
            problems.append(f"{page} #{ex['id']}: background {ex['background']} on a page of {dark[page].facts['page']}")
        box = parse_colour(ex["boxBackground"])
        if box[3] > 0 or ex["boxPadding"] not in ("0px", None):
            problems.append(f"{page} #{ex['id']}: the output around it is a box ({ex['boxBackground']}, padding {ex['boxPadding']})")
    assert not problems, "explorers in dark mode:\n" + _report(problems)


def test_explorer_text_contrast_in_dark_mode(dark):
    problems, seen = [], 0
    for page, ex in _explorers(dark):
        card = parse_colour(ex["background"])
        for t in ex["texts"]:
            seen += 1
            ratio = contrast(over(parse_colour(t["color"]), 1.0, card), card)
            if ratio < TEXT_CONTRAST:
                problems.append(f"{page} #{ex['id']}: {t['text']!r} in {t['color']}: {ratio:.2f}:1")
    assert seen > 100, f"only {seen} explorer texts found"
    assert not problems, f"explorer text under {TEXT_CONTRAST}:1 in dark mode:\n" + _report(problems)


def test_explorer_graphics_contrast_in_dark_mode(dark):
    """Every part an explorer draws (every series' colour appears at least in its legend),
    against the card and against a shaded band on it."""
    problems, colours = [], set()
    for page, ex in _explorers(dark):
        card = parse_colour(ex["background"])
        band = over(parse_colour(ex["band"]["fill"]), ex["band"]["opacity"], card)
        for part in ex["parts"]:
            colour = over(parse_colour(part["color"]), 1.0, card)
            colours.add(colour)
            worst = min(contrast(colour, card), contrast(colour, band))
            if worst < GRAPHICS_CONTRAST:
                problems.append(f"{page} #{ex['id']}: {part['what']} drawn in {part['color']}: {worst:.2f}:1")
    rings = [(page, ex["focus"]) for page, ex in _explorers(dark) if ex["focus"]]
    assert rings, "no slider found"
    problems += [f"{page}: a focused slider shows no ring ({f})" for page, f in rings
                 if not f["visible"] or f["style"] in ("none", "hidden")]
    assert len(colours) >= 8, f"only {len(colours)} distinct colours drawn: is every explorer there?"
    assert not problems, (f"explorer graphics under {GRAPHICS_CONTRAST}:1 against the card or a band "
                          "(give the colour a dark twin in book/_static/dark.css):\n" + _report(problems))


def test_figures_sit_on_white_cards_unfiltered(dark):
    problems, seen = [], 0
    for v in dark.values():
        for fig in v.facts["figures"]:
            seen += 1
            if fig["filter"] != "none":
                problems.append(f"{v.page}: {fig['src']} has filter {fig['filter']} (colours shift)")
            if parse_colour(fig["background"])[:3] != (255, 255, 255) or parse_colour(fig["background"])[3] != 1:
                problems.append(f"{v.page}: {fig['src']} background {fig['background']}, not its own white")
            if float(fig["padding"][:-2]) < 4 or float(fig["radius"][:-2]) < 4:
                problems.append(f"{v.page}: {fig['src']} padding {fig['padding']}, corners {fig['radius']}")
    assert seen >= 50, f"only {seen} figures found"
    assert not problems, "figures in dark mode:\n" + _report(problems)


def test_no_serious_axe_violation_in_dark_mode(dark):
    audited = [v for v in dark.values() if v.page.split("/", 1)[1] in AXE_CHAPTERS]
    assert len(audited) == len(AXE_CHAPTERS) * len(sh.LANGS), [v.page for v in audited]
    problems = [f"{v.page}: {x['impact']} {x['rule']} at {x['selector']}: {x['help']}\n    {x['html']}"
                for v in audited for x in v.violations
                if x["impact"] in FAILING_IMPACTS and _allowed(x) is None and x["rule"] in COLOUR_RULES]
    others = sorted({f"{x['rule']} ({x['impact']})" for v in audited for x in v.violations if x["rule"] not in COLOUR_RULES})
    if others:
        print("axe in dark mode, rules left to tests/test_a11y.py:", ", ".join(others))
    assert not problems, "axe-core (WCAG 2.1 A/AA) in dark mode found:\n" + _report(problems)


def test_no_empty_output_box_in_dark_mode(dark):
    problems = [f"{v.page}: {box}" for v in dark.values() for box in v.facts["emptyBoxes"]]
    assert not problems, "empty boxes in cell outputs (dark mode):\n" + _report(problems)


# --------------------------------------------------------------------------------------
# Tests: the empty output, light mode, the theme's switch
# --------------------------------------------------------------------------------------
EMPTY_HTML_OUTPUT = re.compile(r'<div class="output text_html">\s*</div>')


def test_no_empty_html_output_in_the_build(site, pages):
    """The explorer's second output (the live widget's, with an empty text/html) is not
    written as an empty div on any page of either language."""
    problems, explorers = [], 0
    for name in pages:
        html = (site / name).read_text("utf-8")
        explorers += html.count('<div class="nnp-explorer"')
        problems += [f"{name}: {m.group(0)}" for m in EMPTY_HTML_OUTPUT.finditer(html)]
    assert explorers >= 18, f"only {explorers} explorers in the build"
    assert not problems, "empty HTML outputs:\n" + _report(problems)


def test_theme_switch_turns_a_light_page_dark(base_url, chromium):
    """In light mode the explorer is the light card and figures are left alone; the
    theme's own switch (not the system setting) then gives the dark explorer and the
    white figure cards, and no empty box appears in either."""
    with sh.chromium(chromium) as context:
        page = _open(context, urljoin(base_url, "zh/03_sigmoid.html"), "light")
        try:
            light = page.evaluate(JS_DARK_FACTS)
            assert light["theme"] == "light"
            assert light["explorers"] and all(parse_colour(ex["background"])[:3] == (255, 255, 255)
                                              for ex in light["explorers"])
            assert light["figures"] and all(f["filter"] == "none" and f["padding"] == "0px" for f in light["figures"])
            assert not light["emptyBoxes"], light["emptyBoxes"]
            page.click(".theme-switch-button >> visible=true")
            page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5000)
            switched = page.evaluate(JS_DARK_FACTS)
        finally:
            page.close()
    body = parse_colour(switched["page"])
    assert all(contrast(parse_colour(ex["background"]), body) <= DARK_CARD_MAX_CONTRAST_TO_PAGE
               for ex in switched["explorers"]), switched["explorers"][0]["background"]
    assert all(f["filter"] == "none" and f["padding"] != "0px" for f in switched["figures"])
    assert not switched["emptyBoxes"], switched["emptyBoxes"]
