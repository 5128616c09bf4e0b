"""nnprimer.widgets.gradient_flow: depth x activation x init -> per-layer gradient norms.

The static frames are checked against chapters.vanishing.gradient_flow for the same networks,
the readouts against the ratio they print. What every explorer does (size, language, live
form, keyboard, axe) is in tests/test_explorer_contract.py.
"""

from __future__ import annotations

import html

import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters, train
from nnprimer import data as D

pytest.importorskip("torch")
SMALL = dict(depths=(2, 6), activations=("sigmoid", "relu"), inits=("default", "kaiming_normal"))


@pytest.fixture(scope="module")
def digits():
    return D.digits(rng=0)


@pytest.fixture(scope="module")
def static(digits):
    nnprimer.set_language("en")
    return payload(chapters.vanishing.gradient_flow_explorer_html(data=digits, **SMALL))


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
                scheme, kwargs = chapters.vanishing.FLOW_INITS[init]
                with train.torch_threads(1):  # as the explorer computes them (see below)
                    norms = chapters.vanishing.gradient_flow(activation, depth=depth, data=digits, init=scheme, init_kwargs=kwargs)
                frame = sc["frames"][index]
                readout = html.unescape(frame["r"])
                assert readout.startswith(f"layer 1 / layer {depth}: {norms[0] / norms[-2]:.2e}"), readout
                assert f"{depth} hidden layers, {activation}, init {init}" in frame["t"]
                index += 1


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"depths": ()}, TypeError, "depths"),
    ({"depths": (0,)}, ValueError, "depths"),
    ({"activations": "relu"}, TypeError, "activations"),
    ({"inits": ("zeros",)}, ValueError, "inits"),
])
def test_bad_arguments_name_the_argument(kwargs, error, match, digits):
    with pytest.raises(error, match=match):
        chapters.vanishing.gradient_flow_scenes(data=digits, **kwargs)
