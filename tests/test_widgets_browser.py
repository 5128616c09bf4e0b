"""The kernel-free explorers in a real browser: the fixtures every browser test of an
explorer uses, and the generic machinery's drawing.

An explorer's page is written to a temporary file and opened in headless Chromium
(Debian's, through Playwright's ``executable_path``; nothing is downloaded), with every
request that is not a ``file:`` URL aborted, so an explorer that needed the network would
fail. :func:`state` reads what the reader sees and what a screen reader is told: the
slider's ``aria-valuetext`` (the value, not the step index), the readout in a polite live
region, the chart's accessible name. axe-core is the copy bundled in the PyPI package
``axe-playwright-python``, run with the site's one configuration (``AXE_OPTIONS`` in
tests/site_survey.py). Every explorer's keyboard operation and audit in both languages
are in tests/test_explorer_contract.py.

Without Chromium or Playwright the tests skip and say what to install; with
``CI=true`` they fail instead.
"""

from __future__ import annotations

import pytest

import nnprimer
import site_helpers as sh
from nnprimer import widgets as W

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>explorer</title></head>
<body><main>{body}</main></body></html>
"""


@pytest.fixture(scope="module")
def browser():
    executable = sh.browser_or_skip("the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=executable, headless=True, args=sh.CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Opened:
    """A page showing one or more explorers, with its console errors and blocked requests."""

    def __init__(self, page, errors: list[str], blocked: list[str]):
        self.page, self.errors, self.blocked = page, errors, blocked

    def explorer(self, index: int = 0):
        return self.page.locator(".nnp-explorer").nth(index)


@pytest.fixture
def open_page(browser, tmp_path):
    contexts = []

    def _open(*fragments: str, lang: str = "en", path=None) -> Opened:
        """A page of these HTML fragments in ``lang``, or the page already written at ``path``."""
        if path is None:
            path = tmp_path / f"explorer-{len(contexts)}.html"
            path.write_text(PAGE.format(lang=lang, body="\n".join(fragments)), encoding="utf-8")
        context = browser.new_context(viewport={"width": 900, "height": 1000})
        contexts.append(context)
        blocked: list[str] = []
        errors: list[str] = []

        def guard(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        return Opened(page, errors, blocked)

    yield _open
    for context in contexts:
        context.close()
    nnprimer.set_language("en")


def state(explorer) -> dict:
    """What the reader and a screen reader get from an explorer right now."""
    return explorer.evaluate(
        """root => ({
          sliders: [...root.querySelectorAll('input[type=range]')].map(s => ({
            name: s.parentNode.querySelector('span').textContent, index: +s.value,
            valuetext: s.getAttribute('aria-valuetext'),
            shown: s.parentNode.querySelector('output').textContent})),
          choices: [...root.querySelectorAll('select.nnp-choice')].map(s => s.selectedIndex),
          readout: root.querySelector('.nnp-readout').textContent,
          live: root.querySelector('.nnp-readout').getAttribute('aria-live'),
          label: root.querySelector('svg').getAttribute('aria-label'),
          role: root.querySelector('svg').getAttribute('role'),
          title: root.querySelector('svg .nnp-title').textContent,
          caption: [...root.querySelectorAll('.nnp-caption')].filter(c => !c.hidden).map(c => c.textContent),
          bars: [...root.querySelectorAll('svg text.nnp-tick')].map(t => t.textContent),
          bands: root.querySelectorAll('svg .nnp-band').length,
          vlines: root.querySelectorAll('svg .nnp-vline').length,
          marks: root.querySelectorAll('svg circle').length,
          active: document.activeElement && document.activeElement.className,
        })"""
    )


def press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


@pytest.fixture(scope="module")
def axe_script(axe_script) -> str:
    """conftest's axe-core source, required here: the explorers' audits skip (fail in CI)
    without it."""
    if axe_script is None:
        sh.skip_or_fail("install axe-playwright-python from PyPI (it bundles axe-core)", "the browser tests")
    return axe_script


# -- the generic machinery ----------------------------------------------------------------


def test_paths_and_log_bars_are_drawn(open_page):
    """The generic machinery draws what issue 8's explorers need: paths and log bars."""
    import numpy as np

    path = np.array([[-2.0, 1.5], [-1.0, 0.6], [-0.4, 0.2]])
    bowl = W.Scene("bowl", [-2.5, 2.5], [W.Frame([path], title="path", readout="3 steps")], ylim=(-2.0, 2.0))
    norms = 10.0 ** -np.arange(4.0)
    bars = W.Scene("norms", None, [W.Frame([norms], title="bars")], categories=["1", "2", "3", "4"], ylog=True)
    opened = open_page(W.static_html([bowl], [W.Series("w", "#d95f02", kind="path")], title="paths"),
                       W.static_html([bars], [W.Series("norm", kind="bar", values=True)], title="log"))
    drawn = opened.explorer(0).evaluate(
        "root => [...root.querySelectorAll('svg path')].map(p => p.getAttribute('d'))")
    (d,) = drawn
    assert d.startswith("M") and d.count("L") == len(path) - 1
    heights = opened.explorer(1).evaluate(
        "root => [...root.querySelectorAll('svg g[clip-path] rect')].map(r => +r.getAttribute('height'))")
    assert len(heights) == 4 and np.allclose(np.diff(heights), heights[1] - heights[0], atol=0.2)  # even steps: log
    texts = state(opened.explorer(1))["bars"]
    assert ["1", "0.1", "0.01", "0.001"] == [t for t in texts if t in ("1", "0.1", "0.01", "0.001")][-4:]
    assert "10⁻³" in texts and "10⁰" in texts
    assert not opened.errors
