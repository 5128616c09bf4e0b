"""nnprimer.widgets.activation: the numbers of the activation explorer's kernel-free form.

Every variant is there with its control, the stored points are f(x) and f.grad(x) to the
rounding used, the polyline through them stays within the simplification tolerance of
the true curve everywhere on the grid, and the kink's derivative is PyTorch's. What every
explorer does (size, language, live form, keyboard, axe) is in
tests/test_explorer_contract.py.
"""

from __future__ import annotations

import html

import numpy as np
import pytest

import nnprimer
from widget_helpers import captions, payload
from nnprimer import activations as A
from nnprimer import widgets as W
from nnprimer.widgets import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


@pytest.fixture(scope="module")
def default_html() -> str:
    nnprimer.set_language("en")
    return W.activation_explorer_html()


def scene(data: dict, name: str) -> dict:
    (found,) = [s for s in data["scenes"] if s["name"] == name]
    return found


def frame_params(sc: dict, index: int) -> dict:
    control = W.ACTIVATION_CONTROLS.get(sc["name"])
    return {} if control is None else {control.name: control.values[index]}


def grid(sc: dict) -> np.ndarray:
    x0, x1, n = sc["grid"]
    return np.linspace(x0, x1, n)


def decimals(sc: dict) -> int:
    lo, hi = sc["ylim"]
    return core._decimals_for(hi - lo)


def test_payload_has_every_variant_with_its_control(default_html):
    data = payload(default_html)
    assert [s["name"] for s in data["scenes"]] == list(A.ELEMENTWISE)
    for sc in data["scenes"]:
        control = W.ACTIVATION_CONTROLS.get(sc["name"])
        if control is None:
            assert sc["controls"] == [] and len(sc["frames"]) == 1
        else:
            (stored,) = sc["controls"]
            assert stored["name"] == control.name
            assert len(sc["frames"]) == len(stored["labels"]) == len(control.values)
    assert scene(data, "gelu")["controls"] == [{"kind": "choice", "name": "approximate", "label": "approximate",
                                                "labels": ["none", "tanh"], "start": 0}]
    (leaky,) = scene(data, "leaky_relu")["controls"]
    assert leaky["labels"][leaky["start"]] == "0.01"  # PyTorch's default is on the grid
    assert scene(data, "rrelu")["controls"] == []  # evaluation mode, documented


def test_slider_ranges_are_the_documented_ones():
    expected = {"leaky_relu": (0.0, 0.5), "prelu": (-0.5, 1.0), "elu": (0.1, 3.0), "celu": (0.1, 3.0),
                "swish": (0.0, 5.0), "softplus": (0.25, 5.0)}
    for name, (lo, hi) in expected.items():
        control = W.ACTIVATION_CONTROLS[name]
        assert (control.values[0], control.values[-1]) == (lo, hi)
        assert 20 <= len(control.values) <= 51
        assert control.values[control.start] == A.get(name).defaults[control.name]


def test_stored_points_are_the_activation_and_its_grad_to_the_rounding(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        f, x, half_step = A.get(sc["name"]), grid(sc), 0.5 * 10.0 ** -decimals(sc) + 1e-12
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            for pieces, reference in zip(frame["c"], (f(x, **params), f.grad(x, **params))):
                for piece in pieces:
                    i = np.asarray(piece[0::2], dtype=int)
                    np.testing.assert_allclose(piece[1::2], reference[i], rtol=0, atol=half_step,
                                               err_msg=f"{sc['name']} {params}")


def test_drawn_polylines_follow_the_curves_everywhere(default_html):
    """Between stored points the straight segments stay within tolerance + rounding."""
    data = payload(default_html)
    for sc in data["scenes"]:
        f, x = A.get(sc["name"]), grid(sc)
        lo, hi = sc["ylim"]
        bound = W.SIMPLIFY_TOLERANCE * (hi - lo) * 1.001 + 0.5 * 10.0 ** -decimals(sc) + 1e-9
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            for pieces, reference in zip(frame["c"], (f(x, **params), f.grad(x, **params))):
                covered = 0
                for piece in pieces:
                    i = np.asarray(piece[0::2], dtype=int)
                    inside = np.arange(i[0], i[-1] + 1)
                    drawn = np.interp(inside, i, piece[1::2])
                    assert np.max(np.abs(drawn - reference[inside])) <= bound, (sc["name"], params)
                    covered += inside.size
                assert covered == x.size  # nothing missing (finite curves on this range)


def test_derivative_steps_are_gaps_not_vertical_lines(default_html):
    data = payload(default_html)
    x = grid(scene(data, "relu"))
    relu_derivative = scene(data, "relu")["frames"][0]["c"][1]
    assert len(relu_derivative) == 2  # x <= 0 and x > 0
    assert x[relu_derivative[0][-2]] == 0.0 and relu_derivative[0][-1] == 0  # PyTorch: relu'(0) = 0
    assert len(scene(data, "hardswish")["frames"][0]["c"][1]) == 3  # steps at -3 and 3
    assert all(len(pieces) == 1 for sc in data["scenes"] if sc["name"] in ("gelu", "sigmoid", "tanh", "mish")
               for frame in sc["frames"] for pieces in frame["c"])
    # The straight ReLU pieces cost two points each.
    assert [len(p) // 2 for p in scene(data, "relu")["frames"][0]["c"][0]] == [3]


def test_kink_value_is_marked_and_printed(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        f = A.get(sc["name"])
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            value = float(f.grad(0.0, **params))
            [[series, x0, y0]] = frame["m"]
            assert (series, x0) == (1, 0)
            assert y0 == pytest.approx(value, abs=0.5 * 10.0 ** -decimals(sc))
            assert frame["r"] == f"PyTorch's f'(0) = {value:.4g}".replace("-", "\u2212")
    assert scene(data, "elu")["frames"][9]["r"].endswith("= 1")  # alpha = 1.0
    assert scene(data, "selu")["frames"][0]["r"].endswith("= 1.758")


def test_y_range_is_fixed_per_variant_and_holds_every_frame(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        lo, hi = sc["ylim"]
        values = [v for frame in sc["frames"] for pieces in frame["c"] for p in pieces for v in p[1::2]]
        assert lo < min(values) and max(values) < hi
        assert lo < 0 < hi
        assert all(lo <= t <= hi for t, _ in sc["yticks"]) and 4 <= len(sc["yticks"]) <= 9
        assert [t for t, _ in sc["xticks"]] == [-4, -2, 0, 2, 4]


def test_formulas_are_in_mathjax_markup(default_html):
    tex = html.escape(A.get("leaky_relu").formula, quote=False)
    assert f'<span class="math notranslate nohighlight">\\(f(x) = {tex}\\)</span>' in default_html


def test_bad_arguments_are_rejected_clearly():
    with pytest.raises(TypeError, match="names must be a list"):
        W.activation_explorer_html("relu")
    with pytest.raises(KeyError, match="unknown activation 'rellu'"):
        W.activation_explorer_html(["rellu"])
    with pytest.raises(ValueError, match="must not repeat"):
        W.activation_explorer_html(["relu", "relu"])
    with pytest.raises(ValueError, match="at least one"):
        W.activation_explorer_html([])
    with pytest.raises(ValueError, match="low < high"):
        W.activation_explorer_html(["relu"], x_range=(1.0, -1.0))
    with pytest.raises(ValueError, match="finite"):
        W.activation_explorer_html(["relu"], x_range=(-np.inf, 1.0))


def test_gelu_caption_follows_the_approximate_choice(default_html):
    data = payload(default_html)
    gelu = scene(data, "gelu")
    exact, approx = (captions(default_html)[f.get("k", gelu["k"])] for f in gelu["frames"])
    assert "\\Phi(x)" in exact and "tanh" not in exact
    assert "\\tanh u" in approx and "0.044715" in approx and "\\approx" in approx and "\\Phi" not in approx
    # every other activation keeps one caption for all its frames
    assert all("k" not in f for sc in data["scenes"] if sc["name"] != "gelu" for f in sc["frames"])


def test_gelu_tanh_formula_is_what_it_computes():
    """The TeX of the tanh approximation, evaluated, gives f and f' of approximate='tanh'."""
    gelu, x = A.get("gelu"), np.linspace(-4, 4, 81)
    u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    np.testing.assert_allclose(x / 2 * (1 + np.tanh(u)), gelu(x, approximate="tanh"), rtol=1e-12, atol=1e-15)
    derivative = 0.5 * (1 + np.tanh(u)) + x / 2 * (1 - np.tanh(u) ** 2) * np.sqrt(2 / np.pi) * (1 + 0.134145 * x**2)
    np.testing.assert_allclose(derivative, gelu.grad(x, approximate="tanh"), rtol=1e-12, atol=1e-15)
    f, d = W.activation.CHOICE_FORMULAS[("gelu", "tanh")]
    assert "0.044715" in f and "0.134145" in d


def test_rrelu_is_drawn_in_evaluation_mode(default_html):
    rrelu = A.get("rrelu")
    slope = (rrelu.defaults["lower"] + rrelu.defaults["upper"]) / 2
    sc = scene(payload(default_html), "rrelu")
    assert sc["controls"] == []
    assert f"evaluation mode: negative slope (lower + upper) / 2 = {slope:.4g}" in captions(default_html)[sc["k"]]
    x = grid(sc)
    (piece,) = sc["frames"][0]["c"][0]
    i = np.asarray(piece[0::2], dtype=int)
    np.testing.assert_allclose(piece[1::2], np.where(x[i] > 0, x[i], slope * x[i]), atol=10.0 ** -decimals(sc))
