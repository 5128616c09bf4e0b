"""Tests for nnprimer.grad: finite differences against calculus and torch.autograd.

Tolerances come from the error of the central difference: truncation h^2/6 |f'''| plus
round-off of a few ulps of |f| divided by h (see ``fd_tolerance``).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnprimer import grad

FAST = settings(max_examples=30, deadline=None)
EPS = np.finfo(np.float64).eps


def fd_tolerance(h, third_derivative_bound, value_bound):
    """Error bound of a central difference: truncation + round-off (4 ulps, generous)."""
    return h**2 / 6 * third_derivative_bound + 4 * EPS * max(value_bound, 1.0) / h


def cubic(x):
    return 3 * x**3 - 2 * x + 1


def cubic_prime(x):
    return 9 * x**2 - 2


# ------------------------------------------------------------------- derivative


def test_syllabus_example_x2_plus_3x_plus_1_at_2_is_7():
    f = lambda x: x**2 + 3 * x + 1  # noqa: E731
    assert abs(float(grad.derivative(f, 2.0)) - 7) <= 1e-8
    assert abs(float(grad.numerical_gradient(f, 2.0)) - 7) <= 1e-8


def test_derivative_of_a_polynomial():
    x = np.linspace(-2, 2, 41)
    h = 1e-5
    result = grad.derivative(cubic, x, h=h)
    assert result.shape == x.shape and result.dtype == np.float64
    tol = fd_tolerance(h, third_derivative_bound=18, value_bound=np.abs(cubic(x)).max() + 1)
    np.testing.assert_allclose(result, cubic_prime(x), rtol=0, atol=tol)
    assert tol < 1e-8


def test_derivative_of_sin_is_cos():
    x = np.linspace(-5, 5, 101).reshape(101, 1)
    h = 1e-5
    np.testing.assert_allclose(grad.derivative(np.sin, x, h), np.cos(x), rtol=0, atol=fd_tolerance(h, 1, 1))


def test_derivative_accepts_scalars_lists_and_float32():
    assert grad.derivative(np.exp, 0.0).shape == ()
    np.testing.assert_allclose(grad.derivative(np.exp, [0, 1]), np.exp([0, 1]), rtol=1e-9)
    seen = []

    def f(x):
        seen.append(x.dtype)
        return x**2

    out = grad.derivative(f, np.array([1.5], dtype=np.float32))
    assert out.dtype == np.float64 and seen == [np.float64, np.float64]
    np.testing.assert_allclose(out, [3.0], rtol=1e-9)


def test_derivative_matches_autograd():
    torch = pytest.importorskip("torch")
    x = np.linspace(-3, 3, 25)
    t = torch.tensor(x, requires_grad=True)
    torch.tanh(t).sum().backward()
    np.testing.assert_allclose(grad.derivative(np.tanh, x), t.grad.numpy(), rtol=0, atol=1e-9)


# ----------------------------------------------------------- numerical_gradient


def test_numerical_gradient_of_a_quadratic_form():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 4))
    w = rng.normal(size=4)
    f = lambda v: v @ a @ v  # noqa: E731
    expected = (a + a.T) @ w
    # a quadratic has f''' = 0: only round-off remains
    tol = fd_tolerance(1e-5, 0, abs(f(w)) + np.abs(a).sum() * np.abs(w).max() ** 2)
    np.testing.assert_allclose(grad.numerical_gradient(f, w), expected, rtol=0, atol=tol)


def test_numerical_gradient_keeps_the_shape_and_does_not_touch_x():
    x = np.arange(6.0).reshape(2, 3)
    copy = x.copy()
    g = grad.numerical_gradient(lambda m: np.sum(np.sin(m) * m), x)
    assert g.shape == (2, 3)
    np.testing.assert_array_equal(x, copy)
    np.testing.assert_allclose(g, np.sin(x) + x * np.cos(x), rtol=0, atol=1e-8)


def test_numerical_gradient_of_a_two_layer_net_matches_autograd():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, 3))
    y = rng.normal(size=(5, 1))
    w2 = rng.normal(size=(4, 1))

    def loss(w1):
        return np.mean((np.tanh(x @ w1) @ w2 - y) ** 2)

    w1 = rng.normal(size=(3, 4))
    t = torch.tensor(w1, requires_grad=True)
    torch.mean((torch.tanh(torch.tensor(x) @ t) @ torch.tensor(w2) - torch.tensor(y)) ** 2).backward()
    np.testing.assert_allclose(grad.numerical_gradient(loss, w1), t.grad.numpy(), rtol=0, atol=1e-8)


@pytest.mark.parametrize("bad", [lambda v: v, lambda v: np.ones(2)])
def test_numerical_gradient_needs_a_scalar_function(bad):
    with pytest.raises(ValueError, match=r"f\(x\) must return a scalar, got an array of shape"):
        grad.numerical_gradient(bad, np.ones(3))


def test_one_element_arrays_count_as_scalars():
    g = grad.numerical_gradient(lambda v: np.array([np.sum(v**2)]), np.array([1.0, 2.0]))
    np.testing.assert_allclose(g, [2.0, 4.0], rtol=1e-9)


# ----------------------------------------------------------- numerical_jacobian


def matrix_square(m):
    return m @ m


def test_numerical_jacobian_of_a_matrix_function():
    m = np.array([[1.0, 2.0], [-0.5, 3.0]])
    j = grad.numerical_jacobian(matrix_square, m)
    assert j.shape == (2, 2, 2, 2)
    eye = np.eye(2)
    # d(M M)_ij / dM_kl = delta_ik M_lj + M_ik delta_jl
    expected = np.einsum("ik,lj->ijkl", eye, m) + np.einsum("ik,jl->ijkl", m, eye)
    np.testing.assert_allclose(j, expected, rtol=0, atol=1e-8)


def test_numerical_jacobian_shapes():
    assert grad.numerical_jacobian(lambda v: np.sum(v), np.ones((2, 3))).shape == (2, 3)
    assert grad.numerical_jacobian(lambda v: np.stack([v, v]), np.ones(3)).shape == (2, 3, 3)
    assert grad.numerical_jacobian(lambda s: np.array([s, 2 * s]), 1.0).shape == (2,)


def test_numerical_jacobian_of_softmax():
    z = np.array([0.5, -1.0, 2.0])

    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()

    y = softmax(z)
    np.testing.assert_allclose(grad.numerical_jacobian(softmax, z), np.diag(y) - np.outer(y, y), rtol=0, atol=1e-9)


@FAST
@given(hnp.arrays(np.float64, (3, 3), elements=st.floats(-2, 2)))
def test_numerical_jacobian_matches_torch_autograd(m):
    torch = pytest.importorskip("torch")

    def f_numpy(a):
        return np.tanh(a @ a) * a

    def f_torch(a):
        return torch.tanh(a @ a) * a

    expected = torch.autograd.functional.jacobian(f_torch, torch.tensor(m)).numpy()
    np.testing.assert_allclose(grad.numerical_jacobian(f_numpy, m), expected, rtol=0, atol=1e-8)


def test_numerical_jacobian_rejects_a_shape_change():
    calls = iter([np.ones(2), np.ones(3), np.ones(3)])
    with pytest.raises(ValueError, match=r"f\(x\) changed shape: got \(3,\), expected \(2,\)"):
        grad.numerical_jacobian(lambda v: next(calls), np.ones(2))


# ---------------------------------------------------------------- gradient_check


def loss(w):
    return np.sum(w**3) + 2 * w[0] * w[1]


def loss_grad(w):
    g = 3 * w**2
    g[0] += 2 * w[1]
    g[1] += 2 * w[0]
    return g


W = np.array([1.5, -2.0, 0.5])


def test_gradient_check_passes_a_correct_gradient():
    result = grad.gradient_check(loss, loss_grad, W)
    assert result.passed and result
    assert 0 <= result.max_scaled_error <= 1e-6
    np.testing.assert_array_equal(result.analytic, loss_grad(W))
    np.testing.assert_array_equal(result.numerical, grad.numerical_gradient(loss, W))
    # the gradient can be given as an array too
    assert grad.gradient_check(loss, loss_grad(W), W).passed


def test_gradient_check_fails_a_gradient_off_by_one_percent():
    result = grad.gradient_check(loss, lambda w: 1.01 * loss_grad(w), W)
    assert not result.passed and not result
    # the error is the 1% itself on the largest entry (relative where |g| > 1)
    g = loss_grad(W)
    assert result.max_scaled_error == pytest.approx(0.01 / 1.01, rel=1e-4)
    assert result.worst_index == (int(np.argmax(np.abs(g))),)


def test_gradient_check_respects_tol():
    # a gradient 1e-5 too large (relatively) fails the default tol=1e-6, passes tol=1e-4
    slightly_off = lambda w: (1 + 1e-5) * loss_grad(w)  # noqa: E731
    strict = grad.gradient_check(loss, slightly_off, W)
    loose = grad.gradient_check(loss, slightly_off, W, tol=1e-4)
    assert not strict.passed and loose.passed
    assert strict.max_scaled_error == loose.max_scaled_error
    assert 1e-6 < strict.max_scaled_error < 1e-4


def test_gradient_check_fails_a_missing_term_and_finds_it():
    def forgot_cross_term(w):
        g = 3 * w**2
        g[0] += 2 * w[1]  # the term for w[1] is missing
        return g

    result = grad.gradient_check(loss, forgot_cross_term, W)
    assert not result.passed
    assert result.worst_index == (1,)
    assert result.max_scaled_error == pytest.approx(
        abs(2 * W[0]) / max(1, abs(loss_grad(W)[1]), abs(forgot_cross_term(W)[1])), rel=1e-6
    )


def test_gradient_check_is_not_fooled_at_a_zero_gradient():
    # f = sum(x^3) at x[0] = 0: the gradient is exactly 0, the central difference is
    # its truncation error h^2 (not 0). The symmetric relative error |a-n|/(|a|+|n|)
    # would call that 100% wrong; the error used here does not.
    h = 1e-5
    x = np.array([0.0, 0.3])
    result = grad.gradient_check(lambda v: np.sum(v**3), lambda v: 3 * v**2, x, h=h)
    a, n = result.analytic[0], result.numerical[0]
    assert a == 0 and 0 < abs(n) <= 2 * h**2  # the finite difference is off zero...
    assert abs(a - n) / (abs(a) + abs(n)) == 1  # ...which the symmetric measure calls 100%...
    assert result.passed  # ...and this check does not


def test_scaled_error_definition():
    a = np.array([0.0, 200.0, 0.5, np.inf, np.nan, 3.0])
    n = np.array([1e-11, 202.0, 0.6, np.inf, 1.0, -np.inf])
    e = grad.scaled_error(a, n)
    np.testing.assert_allclose(e[:3], [1e-11, 2 / 202, 0.1 / 1.0], rtol=1e-12)
    assert np.isinf(e[3]) and np.isnan(e[4]) and np.isinf(e[5])


def test_gradient_check_fails_on_nan_gradient_and_says_nan():
    result = grad.gradient_check(loss, lambda w: np.full(3, np.nan), W)
    assert not result.passed and math.isnan(result.max_scaled_error) and result.worst_index == (0,)
    assert result.note == "NaN in the analytic gradient (3 of 3 entries, the first at (0,))"
    infinite = grad.gradient_check(loss, lambda w: np.array([1.0, np.inf, 2.0]), W)
    assert not infinite.passed and math.isinf(infinite.max_scaled_error) and infinite.worst_index == (1,)
    assert infinite.note == "inf in the analytic gradient (1 of 3 entries, the first at (1,))"


def test_max_rel_error_is_a_deprecated_alias():
    result = grad.gradient_check(loss, lambda w: 1.01 * loss_grad(w), W)
    with pytest.warns(DeprecationWarning, match=r"max_rel_error is deprecated; use max_scaled_error \(the error "
                                                r"relative to max\(1, \|a\|, \|n\|\)\)"):
        assert result.max_rel_error == result.max_scaled_error
    assert "max_scaled_error=" in repr(result) and "rel" not in repr(result)


def test_gradient_check_result_is_frozen_and_read_only():
    result = grad.gradient_check(loss, loss_grad, W)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.passed = False
    with pytest.raises(ValueError):
        result.analytic[0] = 0.0
    assert "GradientCheck(passed=True" in repr(result)


def test_gradient_check_matrix_input_and_worst_index():
    x = np.arange(1.0, 7.0).reshape(2, 3)
    wrong = lambda m: 2 * m + (np.arange(6).reshape(2, 3) == 4) * 0.5  # noqa: E731
    result = grad.gradient_check(lambda m: np.sum(m**2), wrong, x)
    assert not result.passed and result.worst_index == (1, 1)
    assert all(isinstance(i, int) for i in result.worst_index)


def test_gradient_check_errors():
    with pytest.raises(ValueError, match=r"shape \(2,\) but x has shape \(3,\)"):
        grad.gradient_check(loss, np.zeros(2), W)
    with pytest.raises(ValueError, match=r"shape \(3, 1\) but x has shape \(3,\)"):
        grad.gradient_check(loss, lambda w: loss_grad(w)[:, None], W)
    with pytest.raises(TypeError, match="f must be a callable"):
        grad.gradient_check(np.ones(3), loss_grad, W)
    with pytest.raises(TypeError, match="grad must be a real number"):
        grad.gradient_check(loss, "grad", W)
    with pytest.raises(ValueError, match="tol must be > 0, got 0.0"):
        grad.gradient_check(loss, loss_grad, W, tol=0)
    with pytest.raises(ValueError, match="at least one entry"):
        grad.gradient_check(loss, loss_grad, np.zeros(0))


# -------------------------------------------------------------------- error curve


def test_fd_error_curve_is_u_shaped():
    steps = np.logspace(-13, -1, 25)
    curve = grad.fd_error_curve(np.sin, np.cos, 1.0, steps)
    assert isinstance(curve, grad.FdErrorCurve)
    np.testing.assert_array_equal(curve.steps, steps)
    central = dict(zip(steps.tolist(), curve.central_error))
    at = lambda h: central[min(central, key=lambda s: abs(math.log10(s / h)))]  # noqa: E731
    assert at(1e-5) < at(1e-1)
    assert at(1e-5) < at(1e-12)
    # the bottom is in the middle, not at an end
    assert 0 < int(np.argmin(curve.central_error)) < len(steps) - 1
    assert 0 < int(np.argmin(curve.forward_error)) < len(steps) - 1


def test_fd_error_curve_truncation_orders():
    x0 = 1.0
    curve = grad.fd_error_curve(np.sin, math.cos(x0), x0, [1e-3, 1e-2])
    h = np.array([1e-3, 1e-2])
    # central: h^2/6 |f'''|, forward: h/2 |f''| (leading terms; the next ones are
    # smaller by a factor of order h, round-off by eps/h^3 and eps/h^2)
    np.testing.assert_allclose(curve.central_error, h**2 / 6 * abs(math.cos(x0)), rtol=1e-3)
    np.testing.assert_allclose(curve.forward_error, h / 2 * abs(math.sin(x0)), rtol=0.02)
    assert np.all(curve.forward_error > 10 * curve.central_error)


def test_fd_error_curve_errors():
    with pytest.raises(ValueError, match="steps must all be finite and > 0"):
        grad.fd_error_curve(np.sin, np.cos, 1.0, [1e-3, -1e-3])
    with pytest.raises(ValueError, match="steps must all be finite and > 0"):
        grad.fd_error_curve(np.sin, np.cos, 1.0, [np.inf])
    with pytest.raises(ValueError, match="non-empty 1-D"):
        grad.fd_error_curve(np.sin, np.cos, 1.0, [[1e-3]])
    with pytest.raises(TypeError, match="f must be a callable"):
        grad.fd_error_curve("sin", np.cos, 1.0, [1e-3])
    with pytest.raises(TypeError, match="df must be a real number"):
        grad.fd_error_curve(np.sin, "cos", 1.0, [1e-3])
    with pytest.raises(ValueError, match="x0 must be finite"):
        grad.fd_error_curve(np.sin, np.cos, math.inf, [1e-3])
    with pytest.raises(ValueError, match=r"f\(x\) must return a scalar"):
        grad.fd_error_curve(lambda x: np.array([x, x]), 1.0, 1.0, [1e-3])


# ----------------------------------------------------------------- shared errors


@pytest.mark.parametrize(
    "call",
    [
        lambda h: grad.derivative(np.sin, 1.0, h=h),
        lambda h: grad.numerical_gradient(np.sum, np.ones(2), h=h),
        lambda h: grad.numerical_jacobian(np.sin, np.ones(2), h=h),
        lambda h: grad.gradient_check(np.sum, np.ones(2), np.ones(2), h=h),
    ],
)
def test_step_must_be_positive_and_finite(call):
    with pytest.raises(ValueError, match=r"h must be > 0, got 0\.0"):
        call(0.0)
    with pytest.raises(ValueError, match=r"h must be > 0, got -0\.001"):
        call(-1e-3)
    with pytest.raises(ValueError, match="h must be finite"):
        call(math.inf)
    with pytest.raises(ValueError, match="h must be a real number, got nan"):
        call(math.nan)
    with pytest.raises(TypeError, match="h must be a real number"):
        call("1e-5")


@pytest.mark.parametrize("function", [grad.derivative, grad.numerical_gradient, grad.numerical_jacobian])
def test_bad_f_and_x(function):
    with pytest.raises(TypeError, match="f must be a callable, got str 'sin'"):
        function("sin", 1.0)
    with pytest.raises(TypeError, match="x must be a real number or an array"):
        function(np.sin, "1.0")
    with pytest.raises(TypeError, match="x must contain real numbers"):
        function(np.sin, np.array([1 + 2j]))
    with pytest.raises(TypeError, match="x must contain real numbers"):
        function(np.sin, [True, False])


def test_derivative_rejects_non_elementwise_f():
    with pytest.raises(ValueError, match=r"f\(x\) changed shape"):
        grad.derivative(np.sum, np.ones(3))
