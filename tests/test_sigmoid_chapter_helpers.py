"""Companion helpers of the sigmoid chapter: float32 thresholds, the zig-zag of a linear
unit's updates, per-layer gradient norms at initialisation, the BCE-with-logits checker and
the weight-path plot."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from nnprimer import chapters
from nnprimer import activations as A


# ----------------------------------------------------------------- float32_threshold


def test_float32_threshold_machine_epsilon():
    """1 + x > 1 in float32 first for the float32 number just above 2^-24 (round half to even)."""
    x = chapters.sigmoid.float32_threshold(lambda x: np.float32(1) + np.float32(x) > np.float32(1), 0.0, 1.0)
    assert x == float(np.nextafter(np.float32(2.0**-24), np.float32(1)))


def test_float32_threshold_is_exact_and_handles_signs():
    assert chapters.sigmoid.float32_threshold(lambda x: x >= 0.1, 0.0, 1.0) == float(np.float32(0.1))
    assert chapters.sigmoid.float32_threshold(lambda x: x >= -88.5, -100.0, -1.0) == -88.5
    assert chapters.sigmoid.float32_threshold(lambda x: x >= 0.0, -1.0, 1.0) == 0.0
    # the float32 number just below the answer fails the predicate
    x = chapters.sigmoid.float32_threshold(lambda x: x > 1.0 / 3.0, 0.0, 1.0)
    below = float(np.nextafter(np.float32(x), np.float32(0)))
    assert x > 1 / 3 >= below


def test_float32_threshold_sigmoid_saturates_near_24_ln2():
    """float32 sigmoid is 1.0 once e^-x <= 2^-24 (1 + e^-x then rounds to 1): x = 24 ln 2."""
    torch = pytest.importorskip("torch")

    def sig(x):
        return torch.sigmoid(torch.tensor([x], dtype=torch.float32)).item()

    x = chapters.sigmoid.float32_threshold(lambda x: sig(x) == 1.0, 0.0, 40.0)
    assert sig(x) == 1.0 and sig(float(np.nextafter(np.float32(x), np.float32(0)))) < 1.0
    assert abs(x - 24 * math.log(2)) < 1e-3
    # and it is 0 below -ln(float32 max), where exp(-x) overflows to inf
    z = chapters.sigmoid.float32_threshold(lambda x: sig(x) > 0.0, -120.0, 0.0)
    assert sig(float(np.nextafter(np.float32(z), np.float32(-1e9)))) == 0.0 < sig(z)
    assert abs(z + math.log(float(np.finfo(np.float32).max))) < 1e-3


def test_float32_sigmoid_rounds_in_the_sum_and_skips_one_minus_2_to_the_minus_24():
    """The chapter's explanation: 1 + e^-x rounds to 1 once e^-x <= 2^-24 (the spacing above 1 is
    2^-23; the tie goes to the even neighbour 1), so the threshold is the first float32 at or
    above 24 ln 2, and the largest output below 1 is 1 - 2^-23, in the scalar and the vector path."""
    torch = pytest.importorskip("torch")
    one, half = np.float32(1.0), np.float32(2.0**-24)
    assert one + half == 1.0 and one + np.nextafter(half, one) == 1.0 + 2.0**-23
    assert np.spacing(one) == 2.0**-23 and one - np.nextafter(one, np.float32(0)) == 2.0**-24
    x = chapters.sigmoid.float32_threshold(
        lambda x: torch.sigmoid(torch.tensor([x], dtype=torch.float32)).item() == 1.0, 0.0, 40.0)
    assert float(np.nextafter(np.float32(x), np.float32(0))) < 24 * math.log(2) <= x
    lo, hi = (np.array(v, dtype=np.float32).view(np.int32) for v in (15.0, 17.0))
    xs = np.arange(lo, hi + 1, dtype=np.int32).view(np.float32)
    ys = torch.sigmoid(torch.from_numpy(xs)).numpy()
    assert ys[xs < x].max() == np.float32(1.0 - 2.0**-23) and np.all(ys[xs >= x] == 1.0)


def test_nnprimer_float32_sigmoid_grad_is_autograd_bit_for_bit():
    """Housekeeping moved out of the chapter: act.sigmoid.grad on float32 input gives autograd's
    bits at the chapter's points, the exact zeros included."""
    torch = pytest.importorskip("torch")
    points = np.float32([10.0, 16.63553237915039, 20.0, -80.0, -88.0, -88.72283935546875])
    t = torch.tensor(points, requires_grad=True)
    torch.sigmoid(t).sum().backward()
    assert t.grad.tolist() == A.sigmoid.grad(points).tolist()
    assert t.grad[[1, 2, 5]].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "args, error, match",
    [
        ((3.0, 0.0, 1.0), TypeError, "predicate must be a callable"),
        ((lambda x: x > 0.5, 1.0, 0.0), ValueError, "lo must be < hi"),
        ((lambda x: x > 0.5, 0.0, math.inf), ValueError, "finite"),
        ((lambda x: True, 0.0, 1.0), ValueError, "false at lo"),
        ((lambda x: False, 0.0, 1.0), ValueError, "true at hi"),
        ((lambda x: x > 0.5, "0", 1.0), TypeError, "lo must be a real number"),
    ],
)
def test_float32_threshold_bad_input(args, error, match):
    with pytest.raises(error, match=match):
        chapters.sigmoid.float32_threshold(*args)


# ----------------------------------------------------------------- linear_unit_sgd


def _inputs(seed=0, n=200):
    z = np.random.default_rng(seed).standard_normal((n, 2))
    return A.sigmoid(z)


def test_positive_inputs_move_both_weights_the_same_way():
    X = _inputs()
    for normalized in (True, False):
        steps = np.diff(chapters.sigmoid.linear_unit_sgd(X, [1.0, -1.0], lr=0.5, normalized=normalized), axis=0)
        assert np.all(steps[:, 0] * steps[:, 1] >= 0)
    centred = np.diff(chapters.sigmoid.linear_unit_sgd(X - 0.5, [1.0, -1.0], lr=0.5), axis=0)
    assert np.mean(centred[:, 0] * centred[:, 1] < 0) > 0.25  # centred inputs allow "one up, one down"


def test_linear_unit_sgd_one_step_by_hand():
    x = np.array([[2.0, 1.0]])
    w_target = np.array([1.0, -1.0])
    delta = x[0] @ np.array([0.5, 0.5]) - x[0] @ w_target  # 1.5 - 1 = 0.5
    plain = chapters.sigmoid.linear_unit_sgd(x, w_target, lr=0.1, normalized=False, w0=[0.5, 0.5])
    assert np.allclose(plain[1], [0.5, 0.5] - 0.1 * delta * x[0])
    normal = chapters.sigmoid.linear_unit_sgd(x, w_target, lr=1.0, w0=[0.5, 0.5])
    assert normal[1] @ x[0] == pytest.approx(w_target @ x[0])  # lr=1 fits the example exactly


def test_linear_unit_sgd_converges_and_centring_is_faster():
    X = _inputs(seed=3)
    target = np.array([1.0, -1.0])
    for inputs in (X, X - 0.5):
        path = chapters.sigmoid.linear_unit_sgd(inputs, target, lr=0.5)
        assert path.shape == (len(X) + 1, 2)
        assert np.linalg.norm(path[-1] - target) < 1e-3
    far = [np.argmax(np.linalg.norm(chapters.sigmoid.linear_unit_sgd(i, target, lr=0.5) - target, axis=1) < 0.1)
           for i in (X, X - 0.5)]
    assert far[0] > 3 * far[1]


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(X=[1.0, 2.0], w_target=[1.0, 1.0]), ValueError, "X must be a non-empty 2-D"),
        (dict(X=[[1.0, 2.0]], w_target=[1.0]), ValueError, "w_target must have shape"),
        (dict(X=[[1.0, 2.0]], w_target=[1.0, 1.0], lr=0.0), ValueError, "lr must be > 0"),
        (dict(X=[[0.0, 0.0]], w_target=[1.0, 1.0]), ValueError, "all-zero row"),
        (dict(X=[[1.0, 2.0]], w_target=[1.0, 1.0], normalized="yes"), TypeError, "normalized must be a bool"),
        (dict(X=[[1.0, 2.0]], w_target=[1.0, 1.0], w0=[0.0]), ValueError, "w0 must have shape"),
        (dict(X=[[np.nan, 2.0]], w_target=[1.0, 1.0]), ValueError, "finite"),
        (dict(X="abc", w_target=[1.0, 1.0]), TypeError, "X must"),
    ],
)
def test_linear_unit_sgd_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        chapters.sigmoid.linear_unit_sgd(**kwargs)


# ----------------------------------------------------------------- grad_norms_at_init


def test_grad_norms_at_init_shapes_and_values():
    pytest.importorskip("torch")
    from nnprimer import data, train

    d = data.digits(rng=0)
    inits = {"default": ("default", {}), "x4": ("xavier_normal", {"gain": 4.0})}
    out = chapters.sigmoid.grad_norms_at_init("sigmoid", depths=[2, 4], inits=inits, data=d, width=16, rng=0)
    assert list(out) == ["default", "x4"]
    assert [len(out["x4"][k]) for k in (2, 4)] == [3, 5]
    model = train.mlp([64, 16, 16, 10], "sigmoid", init="xavier_normal", init_kwargs={"gain": 4.0}, rng=0)
    assert out["x4"][2] == pytest.approx(train.layer_grad_norms(model, d.X_train, d.y_train))
    # at depth 4 the first layer's gradient is smaller than the output layer's
    assert all(out[k][4][0] < out[k][4][-1] for k in out)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(activation=1), TypeError, "activation must be a str"),
        (dict(depths=[0]), ValueError, "depths\\[i\\] must be >= 1"),
        (dict(depths=[]), ValueError, "at least one depth"),
        (dict(inits=[("default", {})]), TypeError, "inits must be a non-empty mapping"),
        (dict(inits={"a": "default"}), TypeError, "must be a pair"),
        (dict(data=np.zeros(3)), TypeError, "data must be"),
        (dict(width=0), ValueError, "width must be >= 1"),
    ],
)
def test_grad_norms_at_init_bad_input(kwargs, error, match):
    pytest.importorskip("torch")
    args = dict(activation="sigmoid", depths=[1], inits={"d": ("default", {})},
                data=(np.zeros((4, 3), np.float32), np.array([0, 1, 0, 1])), width=2)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        chapters.sigmoid.grad_norms_at_init(args.pop("activation"), **args)


# ----------------------------------------------------------------- check_bce_with_logits


def test_bce_reference_matches_torch():
    torch = pytest.importorskip("torch")
    for _, z, t in chapters.sigmoid.check._BCE_CASES:
        expected = torch.nn.functional.binary_cross_entropy_with_logits(
            torch.tensor(z, dtype=torch.float64), torch.tensor(t, dtype=torch.float64), reduction="none")
        assert np.allclose(chapters.sigmoid.check.bce_with_logits_reference(np.array(z), np.array(t)), expected.numpy(),
                           rtol=1e-12, atol=1e-12)


def _naive(z, t):
    s = 1 / (1 + np.exp(-z))
    return -(t * np.log(s) + (1 - t) * np.log(1 - s))


def test_check_bce_with_logits_accepts_correct_answers():
    assert list(chapters.sigmoid.check.bce_with_logits(lambda z, t: np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))).problems) == []


def test_check_bce_with_logits_names_the_failing_cases():
    nnprimer.set_language("en")
    problems = list(chapters.sigmoid.check.bce_with_logits(_naive).problems)
    assert problems and not any("ordinary" in p for p in problems)
    assert any("confident wrong" in p for p in problems)
    assert any("huge" in p and "overflow" in p for p in problems)
    forgot_target = list(chapters.sigmoid.check.bce_with_logits(lambda z, t: np.logaddexp(0.0, z)).problems)
    assert any("soft targets" in p and "expected" in p for p in forgot_target)
    crashes = list(chapters.sigmoid.check.bce_with_logits(lambda z, t: 1 / 0).problems)
    assert all("ZeroDivisionError" in p for p in crashes) and len(crashes) == len(chapters.sigmoid.check._BCE_CASES)
    wrong_shape = list(chapters.sigmoid.check.bce_with_logits(lambda z, t: float(np.sum(np.logaddexp(0.0, z) - t * z))).problems)
    assert all("shape" in p for p in wrong_shape)


def test_check_bce_with_logits_speaks_chinese():
    nnprimer.set_language("zh")
    try:
        problems = list(chapters.sigmoid.check.bce_with_logits(_naive).problems)
    finally:
        nnprimer.set_language("en")
    assert problems and all("目标" in p for p in problems)


def test_check_bce_with_logits_bad_input():
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.sigmoid.check.bce_with_logits("bce").problems)


# ----------------------------------------------------------------- chapters.sigmoid.weight_paths


def test_weight_paths_draws_paths_start_and_target():
    pytest.importorskip("matplotlib")

    nnprimer.set_language("en")
    ax = chapters.sigmoid.weight_paths({"a": [[0, 0], [0.5, 0.5]], "b": [[0, 0], [1, -1]]}, target=[1, -1], title="t")
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0] == "a" and "b" in labels and labels[-1] == "target w*"
    assert ax.get_xlabel() == "weight w₁" and ax.get_aspect() == 1.0 and ax.get_title() == "t"
    star = ax.get_lines()[-1]
    assert star.get_xdata().tolist() == [1.0] and star.get_ydata().tolist() == [-1.0]


@pytest.mark.parametrize(
    "paths, target, error, match",
    [
        ([[0, 0]], [1, 1], TypeError, "paths must be a non-empty mapping"),
        ({}, [1, 1], TypeError, "paths must be a non-empty mapping"),
        ({"a": [[0, 0]]}, [1, 1, 1], ValueError, "target must be two finite"),
        ({"a": [0, 0]}, [1, 1], ValueError, "must have shape \\(n, 2\\)"),
        ({1: [[0, 0]]}, [1, 1], TypeError, "keys"),
    ],
)
def test_weight_paths_bad_input(paths, target, error, match):
    pytest.importorskip("matplotlib")

    with pytest.raises(error, match=match):
        chapters.sigmoid.weight_paths(paths, target=target)
