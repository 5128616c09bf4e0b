"""nnprimer.widgets.init_hist: init scheme -> per-layer activation histograms, live and static.

The static payload is checked against chapters.initialisation.activation_histograms (recomputed
here), the readouts against the per-layer stds. What every explorer does (size, language,
live form, keyboard, axe) is in tests/test_explorer_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters, stats
from nnprimer import widgets as W
from nnprimer.chapters.initialisation import explorer as I

SMALL = {"depth": 6, "width": 32, "n": 64}


def test_activation_histograms_rows_are_shares_and_stds_match():
    h = chapters.initialisation.activation_histograms("tanh", "xavier_normal", depth=4, width=32, n=64, rng=1)
    assert h.share.shape == (4, 61) and np.allclose(h.share.sum(axis=1), 1.0)
    assert np.allclose(np.diff(h.centres), 0.1)
    forward = stats.forward_statistics("tanh", depth=4, width=32, scheme="xavier_normal", n=64, rng=1)
    np.testing.assert_allclose(h.std ** 2, forward.var, rtol=1e-12)
    relu = chapters.initialisation.activation_histograms("relu", "kaiming_normal", depth=3, width=32, n=64,
                                             scheme_kwargs={"nonlinearity": "relu"})
    assert np.all((relu.zeros > 0.3) & (relu.zeros < 0.7))  # about half of ReLU outputs are 0
    assert np.all(relu.share[:, relu.centres < -0.05] == 0)


def test_small_init_collapses_into_the_zero_bin():
    h = chapters.initialisation.activation_histograms("tanh", "normal", depth=5, width=32, n=64, scheme_kwargs={"std": 0.01})
    zero_bin = np.argmin(np.abs(h.centres))
    assert h.share[-1, zero_bin] == 1.0 and h.std[-1] < 1e-6
    assert np.all(np.diff(h.std) < 0)


def test_activation_histograms_bad_arguments():
    with pytest.raises(ValueError, match="edges"):
        chapters.initialisation.activation_histograms("tanh", "xavier_normal", edges=[1.0, 0.0])
    with pytest.raises(ValueError, match="depth"):
        chapters.initialisation.activation_histograms("tanh", "xavier_normal", depth=0)
    with pytest.raises(ValueError, match="scheme"):
        chapters.initialisation.activation_histograms("tanh", "no_such_scheme", depth=1)


def test_static_payload_has_a_frame_per_activation_and_scheme():
    nnprimer.set_language("en")
    page = chapters.initialisation.init_explorer_html(**SMALL)
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
            h = chapters.initialisation.activation_histograms(activation, scheme, depth=SMALL["depth"], width=SMALL["width"],
                                                  n=SMALL["n"], rng=0, scheme_kwargs=kwargs)
            if label == "PyTorch default":  # init.sample's "default": the numbers of the uniform it replaced
                bound = 1 / math.sqrt(SMALL["width"])
                old = chapters.initialisation.activation_histograms(
                    activation, "uniform", depth=SMALL["depth"], width=SMALL["width"], n=SMALL["n"], rng=0,
                    scheme_kwargs={"a": -bound, "b": bound})
                np.testing.assert_array_equal(h.share, old.share)
                np.testing.assert_array_equal(h.std, old.std)
            frame = scene["frames"][k]
            assert frame["t"] == f"{activation}, init {label}"
            assert frame["r"].startswith("std of the activations by layer: 1: " + W.core.number(h.std[0], 3))
            k += 1
    assert len(page.encode("utf-8")) < 80_000


def test_scheme_labels_are_translated_while_values_stay_keys(zh):
    (scene,) = chapters.initialisation.init_scenes(**SMALL)
    init = scene.controls[1]
    assert init.values == tuple(I.INIT_SCHEMES) and init.values[init.start] == "xavier_normal"
    shown = dict(zip(init.values, init.labels))
    assert shown["PyTorch default"] == "PyTorch 默认" and shown["kaiming_normal(relu)"] == "kaiming_normal(relu)"
    title = scene.frame_for({"activation": "relu", "init": "PyTorch default"}).title
    assert "PyTorch 默认" in title and "PyTorch default" not in title
