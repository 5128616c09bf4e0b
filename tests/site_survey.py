"""One visit per page of the built site, shared by ``test_site.py`` and ``test_a11y.py``.

Opening a chapter in Chromium costs seconds (styles, fonts and figures load, the explorers
are driven), so every page is opened once per test session: :func:`survey` records
what the site tests read (console, requests, math, images, widgets, explorers) and what
the accessibility tests read (axe-core's findings, alt texts, language marks) from the
same load. The ``visits`` fixture in ``tests/conftest.py`` calls it; the browser is closed
again before the tests run, so later modules can start their own Playwright.

Order on each page: load; wait for the math's fonts, images and widgets; audit (axe runs on the
page as a reader first sees it); then exercise the kernel-free explorers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

import site_helpers as sh

#: What axe checks: WCAG 2.0 and 2.1, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Experimental rules that are part of WCAG 2.1 A/AA but off in axe by default.
AXE_EXTRA_RULES = ["label-content-name-mismatch"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS},
               "rules": {r: {"enabled": True} for r in AXE_EXTRA_RULES},
               "resultTypes": ["violations"]}


@dataclass
class Visit:
    """What one page showed the browser."""

    page: str
    url: str
    facts: dict = field(default_factory=dict)
    console_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    images: list = field(default_factory=list)
    prose: str = ""
    math_done: bool = False
    widgets_rendered: int = 0
    static_explorers: list = field(default_factory=list)
    # accessibility (only when axe's script was given to survey())
    violations: list = field(default_factory=list)
    alt_texts: list = field(default_factory=list)
    unmarked_cjk: list = field(default_factory=list)
    lang_facts: dict = field(default_factory=dict)


def record(page, sink: Visit) -> None:
    """Append the page's console errors and failed local requests to ``sink``."""
    def on_console(msg):
        if msg.type == "error":
            sink.console_errors.append(f"console: {msg.text}")

    def on_response(resp):
        if resp.status >= 400 and sh.is_local(resp.url):
            sink.failed_requests.append(f"{resp.status} {resp.url}")

    def on_failed(req):
        if sh.is_local(req.url):
            sink.failed_requests.append(f"{req.failure} {req.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: sink.console_errors.append(f"pageerror: {exc}"))
    page.on("response", on_response)
    page.on("requestfailed", on_failed)


# Exercise the kernel-free explorers: change a <select> (or a range slider) inside a
# static HTML output and report whether the drawing (SVG or image) changed.
JS_EXERCISE_EXPLORERS = """
async () => {
  const results = [];
  const outputs = Array.from(document.querySelectorAll('div.output.text_html'));
  for (const out of outputs.slice(0, 6)) {
    const select = out.querySelector('select');
    const range = out.querySelector('input[type="range"]');
    const drawing = () => Array.from(out.querySelectorAll('svg, img'))
        .map(e => e.tagName === 'IMG' ? e.src : e.innerHTML).join('|');
    if (!(select || range) || !out.querySelector('svg, img')) continue;
    const before = drawing();
    const hasPath = !!out.querySelector('svg path, svg polyline');
    let how;
    if (select && select.options.length > 1) {
      select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
      select.dispatchEvent(new Event('input', {bubbles: true}));
      select.dispatchEvent(new Event('change', {bubbles: true}));
      how = 'select';
    } else if (range) {
      const lo = Number(range.min || 0), hi = Number(range.max || 100);
      range.value = String(Number(range.value) === hi ? lo : hi);
      range.dispatchEvent(new Event('input', {bubbles: true}));
      range.dispatchEvent(new Event('change', {bubbles: true}));
      how = 'range';
    } else continue;
    await new Promise(r => setTimeout(r, 150));
    results.push({how, hasSvg: !!out.querySelector('svg'), hasPath,
                  changed: drawing() !== before});
  }
  return results;
}
"""

# Every <img> of the page (figures, the logo) with its alt text.
JS_ALT_TEXTS = """
() => Array.from(document.images)
  .map(img => ({src: img.getAttribute('src') || '', alt: img.getAttribute('alt'),
                hidden: img.getAttribute('aria-hidden') === 'true' || img.getAttribute('role') === 'presentation'}))
"""

# Visible text nodes with Chinese characters whose nearest [lang] is not Chinese.
JS_UNMARKED_CJK = r"""
() => {
  const out = [];
  const cjk = /[\u3400-\u4dbf\u4e00-\u9fff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!cjk.test(n.data)) continue;
    const el = n.parentElement;
    if (!el || el.closest('script, style, noscript, template, code, pre, mjx-container')) continue;
    if (!el.getClientRects().length) continue;          // not rendered
    const langEl = el.closest('[lang]');
    const lang = langEl ? langEl.getAttribute('lang') : '';
    if (!/^zh/i.test(lang)) out.push({text: n.data.trim().slice(0, 60), lang,
                                      where: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')});
  }
  return out;
}
"""

JS_LANG_FACTS = """
() => {
  const sw = document.querySelector('a.nnprimer-lang-switch');
  const chrome = Array.from(document.querySelectorAll(
      '.bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, footer, .bd-footer, .skip-link'));
  return {
    htmlLang: document.documentElement.getAttribute('lang'),
    switchLang: sw ? sw.getAttribute('lang') : null,
    switchText: sw ? sw.textContent.trim() : null,
    // the interface around the article: its visible text and the names of its controls
    uiText: chrome.map(e => e.innerText).join('\\n'),
    uiNames: Array.from(document.querySelectorAll('[title], [aria-label], [data-bs-title]'))
        .map(e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('data-bs-title')])
        .flat().filter(Boolean),
  };
}
"""


def _audit(page, visit: Visit, axe_script: str) -> None:
    page.evaluate(axe_script)
    result = page.evaluate("opts => axe.run(document, opts)", AXE_OPTIONS)
    for v in result["violations"]:
        for node in v["nodes"]:
            visit.violations.append({
                "rule": v["id"], "impact": node.get("impact") or v["impact"],
                "selector": " ".join(map(str, node["target"])),
                "html": node["html"][:160], "help": v["help"]})
    visit.alt_texts = page.evaluate(JS_ALT_TEXTS)
    visit.unmarked_cjk = page.evaluate(JS_UNMARKED_CJK)
    visit.lang_facts = page.evaluate(JS_LANG_FACTS)


def survey(base_url: str, pages: list[str], chromium: str, axe_script: str | None = None) -> dict[str, Visit]:
    """Open every page once in headless Chromium (other hosts blocked) and record it."""
    blocked: list[str] = []
    out: dict[str, Visit] = {}
    with sh.chromium(chromium, blocked) as context:
        for name in pages:
            visit = Visit(page=name, url=urljoin(base_url, name))
            start = len(blocked)
            page = context.new_page()
            record(page, visit)
            try:
                page.goto(visit.url, wait_until="load", timeout=30000)
                visit.math_done = bool(page.evaluate(sh.JS_WAIT_MATH))
                visit.images = page.evaluate(sh.JS_WAIT_IMAGES)
                visit.facts = page.evaluate(sh.JS_PAGE_FACTS)
                if visit.facts["widgetViews"]:
                    try:
                        page.wait_for_function(
                            f"() => ({sh.JS_RENDERED_WIDGETS})() >= {visit.facts['widgetViews']}",
                            timeout=20000)
                    except Exception:  # noqa: BLE001 - reported by test_widgets_render
                        pass
                    visit.widgets_rendered = page.evaluate(sh.JS_RENDERED_WIDGETS)
                page.wait_for_timeout(300)  # togglebuttons, late drawing and console messages
                if axe_script:
                    # axe fetches style sheets itself and resolves a sheet's relative
                    # @import against the page, not the sheet (theme.css imports
                    # "../basic.css"): its 404s and console lines are not the page's.
                    errors, failed = len(visit.console_errors), len(visit.failed_requests)
                    _audit(page, visit, axe_script)
                    del visit.console_errors[errors:], visit.failed_requests[failed:]
                visit.static_explorers = page.evaluate(JS_EXERCISE_EXPLORERS)
                visit.prose = page.evaluate(sh.JS_PROSE_TEXT)
            finally:
                page.close()
            visit.blocked = blocked[start:]
            out[name] = visit
    return out
