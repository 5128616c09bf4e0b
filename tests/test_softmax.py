"""softmax, log_softmax, softmax_jacobian and cross_entropy against PyTorch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnprimer.activations import cross_entropy, log_softmax, softmax, softmax_jacobian

pytestmark = pytest.mark.filterwarnings("error")

TOL = {np.float32: dict(rtol=2e-6, atol=1e-7), np.float64: dict(rtol=1e-12, atol=1e-15)}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_softmax_and_log_softmax_match_torch_along_each_axis(dtype, axis):
    rng = np.random.default_rng(axis + 7)
    x = (rng.normal(size=(4, 5, 6)) * 10).astype(dtype)
    t = torch.from_numpy(x)
    y, ly = softmax(x, axis=axis), log_softmax(x, axis=axis)
    assert y.dtype == ly.dtype == dtype
    np.testing.assert_allclose(y, torch.softmax(t, dim=axis).numpy(), **TOL[dtype])
    np.testing.assert_allclose(ly, torch.log_softmax(t, dim=axis).numpy(), **TOL[dtype])
    np.testing.assert_allclose(y.sum(axis=axis), 1.0, rtol=10 * TOL[dtype]["rtol"])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_random_rows_match_torch(dtype):
    width = 32 if dtype == np.float32 else 64

    @given(hnp.arrays(dtype, hnp.array_shapes(min_dims=2, max_dims=2, max_side=12),
                      elements=st.floats(allow_nan=True, allow_infinity=True, width=width)))
    def run(x):
        t = torch.from_numpy(x)
        np.testing.assert_allclose(softmax(x), torch.softmax(t, -1).numpy(), equal_nan=True, **TOL[dtype])
        # log_softmax = x - max - log(sum): an absolute error of a few ulp of the row's largest
        # |x| is unavoidable (float32 torch gives -0.0172022 for [6, 0, ..., 0] where the exact
        # value is -0.0172025), so the slack scales with the row's magnitude.
        ours, ref = log_softmax(x), torch.log_softmax(t, -1).numpy()
        finite = np.where(np.isfinite(x), np.abs(x), 0.0)
        atol = 16 * np.finfo(dtype).eps * (1.0 + finite.max(axis=-1, keepdims=True))
        bound = np.broadcast_to(atol, x.shape) + TOL[dtype]["rtol"] * np.abs(ref)
        assert np.array_equal(np.isnan(ours), np.isnan(ref))
        with np.errstate(invalid="ignore"):  # -inf - -inf
            close = (ours == ref) | (np.abs(ours - ref) <= bound)  # == covers -inf
        assert close[~np.isnan(ours)].all()

    run()


def test_extremes_like_torch():
    x = np.array([
        [1000.0, 0.0, -1000.0],
        [math.inf, 0.0, 1.0],
        [-math.inf, 0.0, 1.0],
        [-math.inf, -math.inf, -math.inf],
        [math.nan, 0.0, 1.0],
    ])
    ours = softmax(x)
    ref = torch.softmax(torch.from_numpy(x), -1).numpy()
    np.testing.assert_allclose(ours, ref, equal_nan=True, rtol=1e-15)
    np.testing.assert_array_equal(ours[0], [1.0, 0.0, 0.0])
    assert ours[2, 0] == 0.0  # -inf gets probability 0
    assert np.isnan(ours[1]).all() and np.isnan(ours[3]).all() and np.isnan(ours[4]).all()
    np.testing.assert_allclose(log_softmax(x), torch.log_softmax(torch.from_numpy(x), -1).numpy(),
                               equal_nan=True, rtol=1e-15)


def test_log_softmax_does_not_underflow_where_log_of_softmax_does():
    x = np.float32([0.0, -200.0])
    with np.errstate(divide="ignore"):
        naive = np.log(softmax(x))
    assert naive[1] == -np.inf
    assert log_softmax(x)[1] == pytest.approx(-200.0)


def test_shift_invariance():
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_allclose(softmax(x), softmax(x + 100.0), rtol=1e-14)


def test_sigmoid_is_two_class_softmax():
    from nnprimer.activations import sigmoid

    a, b = 1.3, -0.4
    assert softmax([a, 0.0])[0] == pytest.approx(sigmoid(a), rel=1e-15)
    assert softmax([a, b])[0] == pytest.approx(sigmoid(a - b), rel=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_jacobian_matches_autograd(dtype):
    rng = np.random.default_rng(1)
    for n in (1, 2, 5, 10):
        z = (rng.normal(size=n) * 3).astype(dtype)
        ref = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), torch.from_numpy(z)).numpy()
        jac = softmax_jacobian(z)
        assert jac.dtype == dtype and jac.shape == (n, n)
        np.testing.assert_allclose(jac, ref, **TOL[dtype])
        np.testing.assert_allclose(jac.sum(axis=0), 0.0, atol=1e-6)
        np.testing.assert_array_equal(jac, jac.T)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_cross_entropy_with_indices_matches_torch(reduction, dtype):
    rng = np.random.default_rng(2)
    z = (rng.normal(size=(8, 5)) * 4).astype(dtype)
    y = rng.integers(0, 5, size=8)
    t = torch.from_numpy(z).requires_grad_()
    ref = F.cross_entropy(t, torch.from_numpy(y), reduction=reduction)
    (g,) = torch.autograd.grad(ref.sum(), t)
    ours = cross_entropy(z, y, reduction=reduction)
    assert np.asarray(ours).dtype == dtype
    np.testing.assert_allclose(ours, ref.detach().numpy(), **TOL[dtype])
    np.testing.assert_allclose(cross_entropy.grad(z, y, reduction=reduction), g.numpy(), **TOL[dtype])
    torch.testing.assert_close(cross_entropy.torch(z, y, reduction=reduction), ref.detach())


def test_cross_entropy_with_probabilities_matches_torch():
    rng = np.random.default_rng(3)
    z = rng.normal(size=(6, 4))
    p = softmax(rng.normal(size=(6, 4)))
    t = torch.from_numpy(z).requires_grad_()
    ref = F.cross_entropy(t, torch.from_numpy(p))
    (g,) = torch.autograd.grad(ref, t)
    assert cross_entropy(z, p) == pytest.approx(ref.item(), rel=1e-12)
    np.testing.assert_allclose(cross_entropy.grad(z, p), g.numpy(), rtol=1e-12, atol=1e-15)


def test_cross_entropy_single_example_and_gradient_formula():
    z = np.array([2.0, 1.0, -1.0])
    assert cross_entropy(z, 0) == pytest.approx(-log_softmax(z)[0])
    np.testing.assert_allclose(cross_entropy.grad(z, 0), softmax(z) - np.array([1.0, 0.0, 0.0]))


def test_cross_entropy_of_huge_logits_is_finite():
    z = np.array([[1000.0, 0.0, -1000.0]])
    assert cross_entropy(z, [0]) == 0.0
    assert cross_entropy(z, [2]) == pytest.approx(2000.0)
    ref = F.cross_entropy(torch.from_numpy(z), torch.tensor([2]))
    assert cross_entropy(z, [2]) == pytest.approx(ref.item())


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: softmax("abc"), TypeError, "x must be a real number"),
    (lambda: softmax(3.0), ValueError, "at least 1 dimension"),
    (lambda: softmax([1.0, 2.0], axis=1), ValueError, r"axis must be in \[-1, 0\]"),
    (lambda: softmax([1.0, 2.0], axis=0.5), TypeError, "axis must be an int"),
    (lambda: log_softmax([1 + 1j]), TypeError, "complex"),
    (lambda: softmax_jacobian([[1.0, 2.0]]), ValueError, r"z must be a 1-D vector, got shape \(1, 2\)"),
    (lambda: cross_entropy([[1.0, 2.0]], [2]), ValueError, r"class indices must be in \[0, 1\]"),
    (lambda: cross_entropy([[1.0, 2.0]], [0, 1]), ValueError, "must have shape"),
    (lambda: cross_entropy([[1.0, 2.0]], [0.0]), ValueError, "probability target must have the logits' shape"),
    (lambda: cross_entropy([[1.0, 2.0]], ["a"]), TypeError, "target must be int class indices"),
    (lambda: cross_entropy(np.zeros((2, 2, 2)), [0, 1]), ValueError, r"logits must have shape \(C,\) or \(N, C\)"),
    (lambda: cross_entropy([[1.0, 2.0]], [0], reduction="avg"), ValueError, "reduction must be one of"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
