"""The kernel-free explorers in a real browser: keyboard, readouts, ARIA, axe-core.

Each explorer's static HTML is written to a temporary file and opened in headless
Chromium (Debian's, through Playwright's ``executable_path``; nothing is downloaded),
with every request that is not a ``file:`` URL aborted, so an explorer that needed the
network would fail. The tests move the controls with the keyboard and check what the
reader sees and what a screen reader is told: the slider's ``aria-valuetext`` (the value,
not the step index), the readout in a polite live region, and the chart's accessible
name. The expected values come from the Python side (nnprimer's functions), not from a
previous run. axe-core (the copy bundled in the PyPI package ``axe-playwright-python``)
audits every explorer in both languages against WCAG 2.1 A/AA.

Without Chromium or Playwright the tests skip and say what to install; with
``CI=true`` they fail instead.
"""

from __future__ import annotations

import re

import pytest

import nnprimer
import site_helpers as sh
from nnprimer import activations as A
from nnprimer import widgets as W
from nnprimer.widgets import core

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

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

    def _open(*fragments: str, lang: str = "en") -> Opened:
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
          readout: root.querySelector('.nnp-readout').textContent,
          live: root.querySelector('.nnp-readout').getAttribute('aria-live'),
          label: root.querySelector('svg').getAttribute('aria-label'),
          role: root.querySelector('svg').getAttribute('role'),
          title: root.querySelector('svg .nnp-title').textContent,
          caption: [...root.querySelectorAll('.nnp-caption')].filter(c => !c.hidden).map(c => c.textContent),
          bars: [...root.querySelectorAll('svg text.nnp-tick')].map(t => t.textContent),
          bands: root.querySelectorAll('svg .nnp-band').length,
          vlines: root.querySelectorAll('svg .nnp-vline').length,
          active: document.activeElement && document.activeElement.className,
        })"""
    )


def press(page, key: str, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press(key)


# -- the activation explorer ----------------------------------------------------------------


def test_activation_explorer_by_keyboard(open_page):
    opened = open_page(W.activation_explorer_html(["relu", "elu", "gelu"]))
    page, ex = opened.page, opened.explorer()
    s = state(ex)
    assert s["sliders"] == [] and s["live"] == "polite" and s["role"] == "img"
    assert s["readout"] == "PyTorch's f'(0) = 0"
    assert s["label"] == "relu: function and derivative. PyTorch's f'(0) = 0"

    ex.locator(".nnp-scene").focus()
    press(page, "ArrowDown")  # relu -> elu
    press(page, "Tab")  # on to its slider
    s = state(ex)
    assert s["active"] == "nnp-slider"
    control = W.ACTIVATION_CONTROLS["elu"]
    (slider,) = s["sliders"]
    assert slider["name"] == "alpha" and slider["valuetext"] == slider["shown"] == "1.0"

    for key, times, index in (("ArrowRight", 2, control.start + 2), ("End", 1, len(control.values) - 1),
                              ("Home", 1, 0), ("ArrowLeft", 1, 0)):
        press(page, key, times)
        s = state(ex)
        (slider,) = s["sliders"]
        label, value = control.labels[index], control.values[index]
        assert slider["index"] == index
        assert slider["valuetext"] == slider["shown"] == label  # the value, not the step index
        expected = f"PyTorch's f'(0) = {core.number(A.get('elu').grad(0.0, alpha=value))}"
        assert s["readout"] == expected
        assert s["title"] == f"elu(alpha={label}): function and derivative"
        assert s["label"] == f"{s['title']}. {expected}"  # the chart's name follows the chart
    assert not opened.errors and not opened.blocked


def test_gelu_caption_follows_the_choice_in_the_browser(open_page):
    opened = open_page(W.activation_explorer_html(["gelu"]))
    page, ex = opened.page, opened.explorer()
    (caption,) = state(ex)["caption"]
    assert "\\Phi(x)" in caption
    ex.locator(".nnp-choice").focus()
    press(page, "ArrowDown")  # none -> tanh
    s = state(ex)
    (caption,) = s["caption"]
    assert "\\tanh u" in caption and "\\approx" in caption and "\\Phi" not in caption
    assert s["title"] == "gelu(approximate='tanh'): function and derivative"
    assert not opened.errors


# -- the saturation explorer ----------------------------------------------------------------


def bounds_in(text: str) -> list[float]:
    return [float(v.replace("\u2212", "-")) for v in re.findall(r"x [<>] ([\u2212\-]?[\d.]+)", text)]


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_saturation_explorer_by_keyboard(open_page, name):
    opened = open_page(W.saturation_explorer_html(name))
    page, ex = opened.page, opened.explorer()
    a_control, b_control = W.saturation.saturation_controls()
    s = state(ex)
    assert [sl["name"] for sl in s["sliders"]] == ["a", "b"]
    assert [sl["valuetext"] for sl in s["sliders"]] == ["1", "0"]
    z_star = W.saturation_threshold(name)
    assert bounds_in(s["readout"]) == pytest.approx([-z_star, z_star], abs=5e-3)
    assert s["bands"] == 2 and s["vlines"] == 2

    ex.locator("input[type=range]").nth(0).focus()
    press(page, "ArrowRight")  # a: 1 -> 1.41
    press(page, "Tab")
    press(page, "ArrowLeft", 3)  # b: 0 -> -3
    s = state(ex)
    ia, ib = a_control.start + 1, b_control.start - 3
    assert [sl["valuetext"] for sl in s["sliders"]] == [a_control.labels[ia], b_control.labels[ib]]
    assert [sl["shown"] for sl in s["sliders"]] == [a_control.labels[ia], b_control.labels[ib]]
    left, right = W.saturation_bounds(name, a=a_control.values[ia], b=b_control.values[ib])
    expected = [v for v in (left, right) if -10 < v < 10]
    assert bounds_in(s["readout"]) == pytest.approx(expected, abs=5e-3)
    assert s["bands"] == s["vlines"] == len(expected)
    assert s["title"] == f"{name}(a·x + b) with a = {a_control.labels[ia]}, b = {b_control.labels[ib]}"
    assert s["label"] == f"{s['title']}. {s['readout']}"

    press(page, "Home")  # b = -6
    ex.locator("input[type=range]").nth(0).focus()
    press(page, "Home")  # a = 0.25: z = x/4 - 6 saturates on the left only
    s = state(ex)
    left, right = W.saturation_bounds(name, a=0.25, b=-6.0)
    assert bounds_in(s["readout"]) == pytest.approx([v for v in (left, right) if -10 < v < 10], abs=5e-3)
    assert not opened.errors and not opened.blocked


# -- the softmax explorer --------------------------------------------------------------------


def test_softmax_explorer_by_keyboard(open_page):
    opened = open_page(W.softmax_explorer_html())
    page, ex = opened.page, opened.explorer()
    control = W.softmax.temperature_control()

    def check(z, index):
        s = state(ex)
        (slider,) = s["sliders"]
        assert slider["name"] == "T" and slider["valuetext"] == slider["shown"] == control.labels[index]
        p, h = W.softmax_with_temperature(z, control.values[index])
        values = [core.number(v, 3) for v in p]  # what Python's "%.3g" writes
        assert [t for t in s["bars"] if t in values] == values, (s["bars"], values)
        assert s["readout"].startswith(f"entropy {core.number(h, 3)} nats (at most ln {len(z)}")
        assert s["label"] == f"softmax(z / T) with T = {control.labels[index]}. {s['readout']}"
        return s

    check(W.SOFTMAX_PRESETS[0], control.start)
    ex.locator(".nnp-scene").focus()
    press(page, "ArrowDown")  # the second preset
    check(W.SOFTMAX_PRESETS[1], control.start)
    press(page, "Tab")
    assert state(ex)["active"] == "nnp-slider"
    press(page, "Home")  # T = 0.1: nearly one-hot
    s = check(W.SOFTMAX_PRESETS[1], 0)
    press(page, "End")  # T = 10: nearly uniform
    check(W.SOFTMAX_PRESETS[1], len(control.values) - 1)
    press(page, "ArrowLeft", 5)
    check(W.SOFTMAX_PRESETS[1], len(control.values) - 6)
    assert not opened.errors and not opened.blocked


# -- accessibility audit --------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_script(axe_script) -> str:
    """conftest's axe-core source, required here: the explorers' audits skip (fail in CI)
    without it."""
    if axe_script is None:
        sh.skip_or_fail("install axe-playwright-python from PyPI (it bundles axe-core)", "the browser tests")
    return axe_script


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axe_finds_nothing_in_any_explorer(open_page, axe_script, lang):
    nnprimer.set_language(lang)
    fragments = [W.activation_explorer_html(["relu", "gelu", "elu"]), W.saturation_explorer_html("sigmoid"),
                 W.saturation_explorer_html("tanh"), W.softmax_explorer_html()]
    opened = open_page(*fragments, lang=lang)
    page = opened.page
    page.add_script_tag(content=axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": {"label-content-name-mismatch": {"enabled": True}}}
    for step in range(2):  # as loaded, then with every control moved once
        result = page.evaluate("([o]) => axe.run('.nnp-explorer', o)", [options])
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert found == [], found
        assert len(result["passes"]) > 10  # axe did run its checks
        for slider in page.locator(".nnp-explorer input[type=range]").all():
            slider.focus()
            page.keyboard.press("ArrowRight")
    assert not opened.errors


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
