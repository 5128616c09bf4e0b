"""nnprimer.widgets.gradient_flow: depth x activation x init -> per-layer gradient norms.

The static frames are checked against experiments.gradient_flow for the same networks,
the readouts against the ratio they print, the live widget by moving its controls.
"""

from __future__ import annotations

import html

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import data as D
from nnprimer import experiments as E
from nnprimer import widgets as W

pytest.importorskip("torch")
SMALL = dict(depths=(2, 6), activations=("sigmoid", "relu"), inits=("default", "kaiming_normal"))


@pytest.fixture(scope="module")
def digits():
    return D.digits(seed=0)


@pytest.fixture(scope="module")
def static(digits):
    nnprimer.set_language("en")
    return payload(W.gradient_flow_explorer_html(data=digits, **SMALL))


def test_one_frame_per_combination_with_three_controls(static):
    (sc,) = static["scenes"]
    assert [c["name"] for c in sc["controls"]] == ["depth", "activation", "init"]
    assert [c["labels"] for c in sc["controls"]] == [["2", "6"], ["sigmoid", "relu"], ["default", "kaiming_normal"]]
    assert len(sc["frames"]) == 8 and sc["xlim"] == [1.0, 7.0]


def test_frames_are_the_gradient_norms_and_readouts_their_ratio(static, digits):
    (sc,) = static["scenes"]
    index = 0
    for depth in SMALL["depths"]:
        for activation in SMALL["activations"]:
            for init in SMALL["inits"]:
                scheme, kwargs = W.FLOW_INITS[init]
                with E.torch_threads(1):  # as the explorer computes them (see below)
                    norms = E.gradient_flow(activation, depth=depth, data=digits, init=scheme, init_kwargs=kwargs)
                frame = sc["frames"][index]
                readout = html.unescape(frame["r"])
                assert readout.startswith(f"layer 1 / layer {depth}: {norms[0] / norms[-2]:.2e}"), readout
                assert f"{depth} hidden layers, {activation}, init {init}" in frame["t"]
                index += 1


def test_static_html_is_self_contained_and_log_scaled(digits):
    nnprimer.set_language("en")
    page = W.gradient_flow_explorer_html(data=digits, **SMALL)
    assert "http://" not in page and "https://" not in page and "require(" not in page
    assert payload(page)["scenes"][0]["ylog"] is True
    assert len(page.encode()) < 60_000


def test_static_labels_follow_the_language(zh, digits):
    page = html.unescape(W.gradient_flow_explorer_html(data=digits, depths=(2,), activations=("relu",),
                                                       inits=("default",)))
    for text in ("梯度流探索器", "梯度范数", "个隐藏层", "静态版本"):
        assert text in page, text
    assert "hidden layers" not in page


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"depths": ()}, TypeError, "depths"),
    ({"depths": (0,)}, ValueError, "depths"),
    ({"activations": "relu"}, TypeError, "activations"),
    ({"inits": ("zeros",)}, ValueError, "inits"),
])
def test_bad_arguments_name_the_argument(kwargs, error, match, digits):
    with pytest.raises(error, match=match):
        W.gradient_flow_scenes(data=digits, **kwargs)


@pytest.fixture(scope="module")
def live(digits):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    nnprimer.set_language("en")
    return W.gradient_flow_explorer(data=digits, **SMALL)


def test_moving_the_controls_redraws_with_the_new_network(live, digits):
    import matplotlib.pyplot as plt

    assert [v for _, v in live.depth.options] == [2, 6] and live.depth.value == 6
    before = live.draws
    live.depth.value = 2
    live.depth.value = 6
    live.activation.value = "relu"
    live.init.value = "kaiming_normal"
    assert live.draws == before + 4
    # The explorer runs its many small networks on one torch thread; a float32 reduction
    # split over another number of threads sums in another order (it differed in the 7th
    # digit here), so the reference runs under the same setting and must agree exactly.
    with E.torch_threads(1):
        expected = E.gradient_flow("relu", depth=6, data=digits, init="kaiming_normal",
                                   init_kwargs={"nonlinearity": "relu"})
    np.testing.assert_allclose(live.norms(), expected)
    assert live.ratio() == pytest.approx(expected[0] / expected[-2])
    (ax,) = live.figure.axes
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), expected)
    assert ax.get_yscale() == "log" and ax.get_title() == "6 hidden layers, relu, init kaiming_normal"
    assert html.unescape(live.readout.value).startswith(f"layer 1 / layer 6: {expected[0] / expected[-2]:.2e}")
    assert plt.get_fignums() == []
    assert "nnp-explorer" in live._repr_mimebundle_()["text/html"]


def test_live_without_ipywidgets_names_the_extra(monkeypatch, digits):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match=r"nnprimer\[widgets\]"):
        W.gradient_flow_explorer(data=digits, **SMALL)


# -- in a browser (skips without Chromium and Playwright, like tests/test_widgets_browser.py) -----

from test_widgets_browser import AXE_TAGS, axe_script, browser, open_page, state  # noqa: E402,F401  (fixtures)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_static_explorer_in_a_browser_is_accessible_and_reacts(open_page, axe_script, lang, digits):
    nnprimer.set_language(lang)
    opened = open_page(W.gradient_flow_explorer_html(data=digits, **SMALL), lang=lang)
    page, explorer = opened.page, opened.explorer(0)
    before = state(explorer)
    assert before["live"] == "polite" and before["role"] == "img"
    assert [s["valuetext"] for s in before["sliders"]] == ["6"]
    slider = explorer.locator("input[type=range]").first
    slider.focus()
    page.keyboard.press("ArrowLeft")
    after = state(explorer)
    assert after["sliders"][0]["valuetext"] == "2" and after["readout"] != before["readout"]
    assert ("layer 1 / layer 2" if lang == "en" else "第 1 层 / 第 2 层") in after["readout"]
    page.add_script_tag(content=axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    result = page.evaluate("([o]) => axe.run('.nnp-explorer', o)", [options])
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    assert not opened.errors and not opened.blocked
