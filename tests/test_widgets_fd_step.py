"""nnprimer.widgets.fd_step: the central difference of sin at 1 against the step h, live and static.

Estimates are checked against nnprimer.grad.fd_error_curve, the static payload frame by frame,
and the live widget by moving its slider.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import grad
from nnprimer import widgets as W
from nnprimer.widgets import fd_step as F

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_controls_are_the_powers_of_ten_starting_at_the_grad_default():
    control = F.fd_step_controls()
    assert control.values == tuple(10.0 ** k for k in range(-15, 1))
    assert control.values[control.start] == 1e-5 and control.labels[control.start] == "1e-05"


def test_estimate_matches_fd_error_curve_and_names_the_larger_error():
    steps = np.asarray(F.fd_step_controls().values)
    curve = grad.fd_error_curve(np.sin, np.cos, F.FD_X0, steps)
    for h, err in zip(steps, curve["central_error"]):
        est = F.fd_step_estimate(h)
        assert est["error"] == pytest.approx(err, rel=1e-9, abs=1e-18)
        assert est["truncation"] == pytest.approx(h * h / 6 * math.cos(1.0))
        assert est["dominant"] == ("truncation" if est["truncation"] > est["roundoff"] else "round-off")
    assert F.fd_step_estimate(1.0)["dominant"] == "truncation" and F.fd_step_estimate(1e-12)["dominant"] == "round-off"
    # on the truncation side the estimate is the error itself, to a few per cent
    assert F.fd_step_estimate(1e-2)["error"] == pytest.approx(F.fd_step_estimate(1e-2)["truncation"], rel=0.01)


@pytest.mark.parametrize("h, error", [(0.0, ValueError), (-1e-3, ValueError), (math.nan, ValueError), ("1e-3", TypeError)])
def test_estimate_rejects_bad_steps(h, error):
    with pytest.raises(error, match="h"):
        F.fd_step_estimate(h)


def test_static_payload_has_a_frame_per_step_with_the_secant():
    nnprimer.set_language("en")
    data = payload(W.fd_step_explorer_html())
    (scene,) = data["scenes"]
    control = F.fd_step_controls()
    assert [c["name"] for c in scene["controls"]] == ["h"]
    assert len(scene["frames"]) == len(control.values) == 16
    assert [s["kind"] for s in data["series"]] == ["line", "line", "line"]
    for frame, h, label in zip(scene["frames"], control.values, control.labels):
        est = F.fd_step_estimate(h)
        assert frame["r"].startswith(f"h = {label}: central difference {est['central']:.12f}")
        assert est["dominant"] in frame["r"]


def test_static_html_is_small():
    assert len(W.fd_step_explorer_html().encode("utf-8")) < 100_000


def test_static_labels_follow_the_language(zh):
    page = W.fd_step_explorer_html()
    assert "有限差分探索器" in page and "截断误差" in page and "舍入误差" in page
    assert "dominates" not in page


@pytest.fixture
def live():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    nnprimer.set_language("en")
    return W.fd_step_explorer()


def test_moving_the_slider_redraws_and_updates_the_readout(live):
    import matplotlib.pyplot as plt

    assert live.draws == 1 and "h = 1e-05" in live.readout.value and "round-off dominates" in live.readout.value
    live.h.value = 1.0
    assert live.draws == 2 and "truncation dominates" in live.readout.value
    assert live.estimate() == F.fd_step_estimate(1.0)
    secant = live.figure.axes[0].get_lines()[2]
    assert np.allclose(np.diff(secant.get_ydata()) / np.diff(secant.get_xdata()), F.fd_step_estimate(1.0)["central"])
    assert live.output.outputs[0]["data"]["image/png"]
    assert plt.get_fignums() == []


def test_live_labels_follow_the_language(zh):
    pytest.importorskip("ipywidgets")
    ex = W.fd_step_explorer()
    assert "舍入误差占主导" in ex.readout.value


# -- in a real browser (fixtures shared with tests/test_widgets_browser.py) -----------------

from test_widgets_browser import AXE_TAGS, axe_script, browser, open_page, press, state  # noqa: E402,F401


def test_fd_step_explorer_by_keyboard(open_page):
    nnprimer.set_language("en")
    opened = open_page(W.fd_step_explorer_html())
    page, ex = opened.page, opened.explorer()
    control = F.fd_step_controls()
    first = state(ex)
    assert first["sliders"][0]["valuetext"] == "1e-05" and "round-off dominates" in first["readout"]
    assert first["live"] == "polite"
    ex.locator("input[type=range]").focus()
    press(page, "End")
    last = state(ex)
    est = F.fd_step_estimate(control.values[-1])
    assert last["sliders"][0]["valuetext"] == control.labels[-1]
    assert last["readout"].startswith(f"h = 1e+00: central difference {est['central']:.12f}")
    assert "truncation dominates" in last["readout"]
    assert not opened.errors and not opened.blocked


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axe_finds_nothing_in_the_fd_step_explorer(open_page, axe_script, lang):
    nnprimer.set_language(lang)
    opened = open_page(W.fd_step_explorer_html(), lang=lang)
    page = opened.page
    page.add_script_tag(content=axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "rules": {"label-content-name-mismatch": {"enabled": True}}}
    for _ in range(2):  # as loaded, then with the slider moved
        result = page.evaluate("([o]) => axe.run('.nnp-explorer', o)", [options])
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert found == [], found
        assert len(result["passes"]) > 10
        page.locator(".nnp-explorer input[type=range]").focus()
        page.keyboard.press("ArrowLeft")
    assert not opened.errors
