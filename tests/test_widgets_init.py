"""nnprimer.widgets.init_hist: init scheme -> per-layer activation histograms, live and static.

The static payload is checked against experiments.activation_histograms (recomputed
here), the readouts against the per-layer stds, and the live widget by changing its
controls.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import experiments
from nnprimer import widgets as W
from nnprimer.widgets import init_hist as I

SMALL = {"depth": 6, "width": 32, "n": 64}


def test_activation_histograms_rows_are_shares_and_stds_match():
    h = experiments.activation_histograms("tanh", "xavier_normal", depth=4, width=32, n=64, seed=1)
    assert h["share"].shape == (4, 61) and np.allclose(h["share"].sum(axis=1), 1.0)
    assert np.allclose(np.diff(h["centres"]), 0.1)
    stats = experiments.forward_statistics("tanh", depth=4, width=32, scheme="xavier_normal", n=64, seed=1)
    np.testing.assert_allclose(h["std"] ** 2, stats["var"], rtol=1e-12)
    relu = experiments.activation_histograms("relu", "kaiming_normal", depth=3, width=32, n=64,
                                             scheme_kwargs={"nonlinearity": "relu"})
    assert np.all((relu["zeros"] > 0.3) & (relu["zeros"] < 0.7))  # about half of ReLU outputs are 0
    assert np.all(relu["share"][:, relu["centres"] < -0.05] == 0)


def test_small_init_collapses_into_the_zero_bin():
    h = experiments.activation_histograms("tanh", "normal", depth=5, width=32, n=64, scheme_kwargs={"std": 0.01})
    zero_bin = np.argmin(np.abs(h["centres"]))
    assert h["share"][-1, zero_bin] == 1.0 and h["std"][-1] < 1e-6
    assert np.all(np.diff(h["std"]) < 0)


def test_activation_histograms_bad_arguments():
    with pytest.raises(ValueError, match="edges"):
        experiments.activation_histograms("tanh", "xavier_normal", edges=[1.0, 0.0])
    with pytest.raises(ValueError, match="depth"):
        experiments.activation_histograms("tanh", "xavier_normal", depth=0)
    with pytest.raises(ValueError, match="scheme"):
        experiments.activation_histograms("tanh", "no_such_scheme", depth=1)


def test_static_payload_has_a_frame_per_activation_and_scheme():
    nnprimer.set_language("en")
    page = W.init_explorer_html(**SMALL)
    data = payload(page)
    (scene,) = data["scenes"]
    names = [c["name"] for c in scene["controls"]]
    assert names == ["activation", "init"]
    assert len(scene["frames"]) == len(I.ACTIVATIONS) * len(I.INIT_SCHEMES)
    layers = I._layers(SMALL["depth"])
    assert layers == (1, 2, 4, 6)
    k = 0
    for activation in I.ACTIVATIONS:
        for label, (scheme, kwargs) in I.INIT_SCHEMES.items():
            if label == "PyTorch default":
                kwargs = {"a": -1 / math.sqrt(SMALL["width"]), "b": 1 / math.sqrt(SMALL["width"])}
            h = experiments.activation_histograms(activation, scheme, depth=SMALL["depth"], width=SMALL["width"],
                                                  n=SMALL["n"], seed=0, scheme_kwargs=kwargs)
            frame = scene["frames"][k]
            assert frame["t"] == f"{activation}, init {label}"
            assert frame["r"].startswith("std of the activations by layer: 1: " + W.core.number(h["std"][0], 3))
            k += 1
    assert len(page.encode("utf-8")) < 80_000


def test_static_labels_follow_the_language(zh):
    page = W.init_explorer_html(**SMALL)
    for text in ("初始化探索器", "第 1 层", "激活值 h", "各层激活值的标准差", "PyTorch 默认"):
        assert text in page, text
    assert "Initialisation explorer" not in page and "std of the activations" not in page
    assert "PyTorch default" not in page


@pytest.fixture
def live():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    nnprimer.set_language("en")
    return W.init_explorer(**SMALL)


def test_changing_a_control_redraws_once_and_updates_the_readout(live):
    assert live.draws == 1 and live.init.value == "xavier_normal" and live.activation.value == "tanh"
    live.init.value = "normal(std=0.01)"
    assert live.draws == 2
    std = live.stats()["std"]
    assert std[-1] < 1e-3 * std[0]
    assert W.core.number(std[0], 3) in live.readout.value
    live.activation.value = "relu"
    assert live.draws == 3
    live.init.value = "kaiming_normal(relu)"
    std = live.stats()["std"]
    assert 0.3 < std[-1] / std[0] < 3  # He keeps the spread
    assert live.figure is not None and "relu, init kaiming_normal(relu)" in live.figure.axes[0].get_title()
    assert [v for _, v in live.init.options] == list(I.INIT_SCHEMES)
    assert list(live.activation.options) == list(I.ACTIVATIONS)


def test_live_labels_follow_the_language(zh):
    pytest.importorskip("ipywidgets")
    e = W.init_explorer(**SMALL)
    assert "各层激活值的标准差" in e.readout.value
    assert "第 1 层" in [t.get_text() for t in e.figure.axes[0].get_legend().get_texts()]
    labels = [label for label, _ in e.init.options]
    assert "PyTorch 默认" in labels and "PyTorch default" not in labels
    e.init.value = "PyTorch default"  # the value stays the language-independent key
    assert "PyTorch 默认" in e.figure.axes[0].get_title()


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="depth"):
        W.init_explorer_html(depth=0)
    with pytest.raises(TypeError, match="width"):
        W.init_explorer_html(width="8")
