"""The descent explorer's static form in a real browser: keyboard, readout, ARIA, axe-core.

Reuses the fixtures of tests/test_widgets_browser.py (headless Chromium through Playwright,
every non-file request blocked); skips like it without a browser, fails in CI.
"""

from __future__ import annotations

import pytest

import nnprimer
from nnprimer import widgets as W
from nnprimer.widgets import descent as D

from test_widgets_browser import AXE_TAGS, axe_script, browser, open_page, press, state  # noqa: F401 (fixtures)


def test_descent_explorer_by_keyboard(open_page):
    opened = open_page(W.descent_explorer_html())
    page, ex = opened.page, opened.explorer()
    lr, mu = D.descent_controls()

    def check(i, j):
        s = state(ex)
        sliders = s["sliders"]
        assert [x["name"] for x in sliders] == ["lr", "momentum"]
        assert sliders[0]["valuetext"] == sliders[0]["shown"] == lr.labels[i]
        assert sliders[1]["valuetext"] == sliders[1]["shown"] == mu.labels[j]
        _, verdict = W.descent_path(lr.values[i], mu.values[j])
        assert verdict in s["readout"] and s["live"] == "polite"
        assert s["label"] == f"lr = {lr.labels[i]}, momentum = {mu.labels[j]}. {s['readout']}"
        return s

    check(lr.start, mu.start)
    ex.locator("input[type=range]").first.focus()
    press(page, "End")  # lr 0.39 with momentum 0: beyond 0.2
    assert "diverges" in check(len(lr.values) - 1, 0)["readout"]
    press(page, "Tab")
    press(page, "End")  # momentum 0.9: the limit is 0.38, 0.39 still diverges
    assert "diverges" in check(len(lr.values) - 1, 2)["readout"]
    ex.locator("input[type=range]").first.focus()
    press(page, "ArrowLeft")  # lr 0.37 < 0.38 converges
    assert "converges" in check(len(lr.values) - 2, 2)["readout"]
    drawn = ex.evaluate("root => root.querySelectorAll('svg path').length")
    assert drawn >= 2  # contours and trajectory
    assert not opened.errors and not opened.blocked


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axe_finds_nothing_in_the_descent_explorer(open_page, axe_script, lang):
    nnprimer.set_language(lang)
    opened = open_page(W.descent_explorer_html(), lang=lang)
    page = opened.page
    page.add_script_tag(content=axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS},
               "rules": {"label-content-name-mismatch": {"enabled": True}}}
    for _ in range(2):  # as loaded, then with every control moved once
        result = page.evaluate("([o]) => axe.run('.nnp-explorer', o)", [options])
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert found == [], found
        assert len(result["passes"]) > 10
        for slider in page.locator(".nnp-explorer input[type=range]").all():
            slider.focus()
            page.keyboard.press("ArrowRight")
    assert not opened.errors
