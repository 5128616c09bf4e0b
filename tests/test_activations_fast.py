"""The fast (branch-free, in-place) code paths of nnprimer.activations.

The package computes ``np.where(x > 0, a, b)`` formulas without ``np.where`` (issue 9).
These tests write the plain formulas from the docstrings out again with ``np.where`` and
require the package to give the same numbers bit for bit -- signed zeros and NaN included --
for every dtype, for slopes and alphas on both sides of the special cases (0, 1, negative),
and check that no function writes into its input or imports scipy at import time.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from nnprimer import activations as A

pytestmark = pytest.mark.filterwarnings("error")

SPECIAL = [0.0, -0.0, 1e-45, -1e-45, 1e-40, -1e-40, 0.5, -0.5, 2.9999, -2.9999, 3.0, -3.0,
           5.9999, 6.0, 6.0001, 17.0, -17.0, 20.0, 20.5, 88.8, -88.8, 1e4, -1e4, 1e30, -1e30,
           math.inf, -math.inf, math.nan]
DTYPES = [np.float16, np.float32, np.float64]


def inputs(dtype):
    with np.errstate(over="ignore"):
        special = np.array(SPECIAL, dtype=dtype)
    rng = np.random.default_rng(7)
    return [special, (rng.standard_normal(2000) * 6).astype(dtype)]


def assert_same_bits(ours, ref):
    ours, ref = np.asarray(ours), np.asarray(ref)
    assert ours.dtype == ref.dtype and ours.shape == ref.shape
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(ref))
    keep = ~np.isnan(ref)
    np.testing.assert_array_equal(ours[keep], ref[keep])
    np.testing.assert_array_equal(np.signbit(ours[keep]), np.signbit(ref[keep]))


def reference(fn, x):
    """Evaluate a plain numpy formula as the package does: float16 via float32."""
    work = x.astype(np.float32) if x.dtype == np.float16 else x
    with np.errstate(all="ignore"):
        return np.asarray(fn(work), dtype=work.dtype).astype(x.dtype)


def nan_at_nan(fn):
    return lambda x: np.where(np.isnan(x), x, fn(x))


SLOPES = [0.01, 0.5, 1.0, 3.0, -0.5, -2.0, 0.0, -0.0]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("s", SLOPES)
def test_leaky_relu_matches_where_formula(s, dtype):
    for x in inputs(dtype):
        assert_same_bits(A.leaky_relu(x, negative_slope=s), reference(lambda v: np.where(v > 0, v, v * s), x))
        assert_same_bits(A.leaky_relu.grad(x, negative_slope=s),
                         reference(nan_at_nan(lambda v: np.where(v > 0, 1.0, s)), x))


@pytest.mark.parametrize("weight", [[0.1, 0.5, 0.9], [1.5, 2.0, 3.0], [0.1, 0.0, 2.0], [-1.0, 0.25, 0.5]])
def test_prelu_per_channel_matches_where_formula(weight):
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((50, 3, 4)) * 4).astype(np.float32)
    x[0, :, 0] = [0.0, -0.0, np.nan]
    w = np.asarray(weight, dtype=np.float32).reshape(1, 3, 1)
    assert_same_bits(A.prelu(x, weight=weight), np.where(x > 0, x, x * w))
    assert_same_bits(A.prelu.grad(x, weight=weight),
                     np.where(np.isnan(x), x, np.where(x > 0, np.float32(1.0), np.broadcast_to(w, x.shape))))


def test_rrelu_training_matches_where_formula():
    x = (np.random.default_rng(5).standard_normal(1000) * 3).astype(np.float32)
    r = np.random.default_rng(11).uniform(0.1, 0.3, size=x.shape).astype(np.float32)
    assert_same_bits(A.rrelu(x, lower=0.1, upper=0.3, training=True, rng=11), np.where(x > 0, x, x * r))
    assert_same_bits(A.rrelu.grad(x, lower=0.1, upper=0.3, training=True, rng=11), np.where(x > 0, 1.0, r).astype(np.float32))


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_matches_where_formula(dtype):
    for x in inputs(dtype):
        assert_same_bits(A.relu(x), reference(lambda v: np.where(v > 0, v, np.where(np.isnan(v), v, 0.0)), x))
        assert_same_bits(A.relu.grad(x), reference(nan_at_nan(lambda v: (v > 0).astype(v.dtype)), x))
        assert_same_bits(A.relu6.grad(x), reference(nan_at_nan(lambda v: ((v > 0) & (v < 6)).astype(v.dtype)), x))


ELU_CASES = [("elu", {"alpha": a}, a, 1.0, 1.0) for a in (1.0, 0.5, 2.0, -1.0, 0.0)]
ELU_CASES += [("celu", {"alpha": a}, a, 1.0 / a, 1.0) for a in (1.0, 0.5, -2.0)]
ELU_CASES += [("selu", {}, A.SELU_ALPHA * A.SELU_SCALE, 1.0, A.SELU_SCALE)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(("name", "params", "neg", "inscale", "pos"), ELU_CASES)
def test_elu_family_matches_where_formula(name, params, neg, inscale, pos, dtype):
    f = A.get(name)
    for x in inputs(dtype):
        assert_same_bits(f(x, **params), reference(lambda v: np.where(v > 0, v * pos, np.expm1(v * inscale) * neg), x))
        assert_same_bits(f.grad(x, **params),
                         reference(nan_at_nan(lambda v: np.where(v > 0, pos, neg * inscale * np.exp(v * inscale))), x))


@pytest.mark.parametrize("dtype", DTYPES)
def test_hardswish_and_softplus_match_where_formulas(dtype):
    for x in inputs(dtype):
        assert_same_bits(A.hardswish.grad(x),
                         reference(nan_at_nan(lambda v: np.where(v <= -3, 0.0, np.where(v < 3, v / 3 + 0.5, 1.0))), x))
        for beta, threshold in [(1.0, 20.0), (2.0, 5.0), (0.5, math.inf)]:
            assert_same_bits(A.softplus(x, beta=beta, threshold=threshold),
                             reference(lambda v: np.where(v * beta > threshold, v, np.log1p(np.exp(v * beta)) / beta), x))
            assert_same_bits(A.softplus.grad(x, beta=beta, threshold=threshold),
                             reference(lambda v: np.where(v * beta > threshold, 1.0, np.exp(v * beta) / (np.exp(v * beta) + 1.0)), x))


def test_float32_gelu_is_within_its_error_bound_of_exact():
    """The float32 erf (Abramowitz & Stegun 7.1.26) against scipy's float64 erf."""
    x32 = np.linspace(-12, 12, 48001, dtype=np.float32)
    x64 = x32.astype(np.float64)
    for method in (A.gelu, A.gelu.grad):
        ours = method(x32)
        assert ours.dtype == np.float32
        # 1.5e-7 for the formula plus float32 rounding, times |x| / 2 <= 6 in the forward value
        np.testing.assert_allclose(ours, method(x64), rtol=2e-6, atol=1e-6)
    assert A.gelu(np.float32(0.0)) == 0.0 and A.gelu.grad(np.float32(0.0)) == 0.5
    assert A.gelu(np.float32(-20.0)) == 0.0 and A.gelu.grad(np.float32(20.0)) == 1.0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_no_function_writes_into_its_input(name, dtype):
    x = inputs(dtype)[1].reshape(40, 50)
    before = x.copy()
    f = A.get(name)
    f(x)
    f.grad(x)
    A.softmax(x)
    A.log_softmax(x)
    assert_same_bits(x, before)


def test_nan_in_a_large_array_comes_out_of_every_derivative():
    x = np.linspace(-5, 5, 10001, dtype=np.float32)
    x[[0, 5000, 10000]] = np.nan
    for name in A.ELEMENTWISE:
        g = A.get(name).grad(x)
        assert np.isnan(g[[0, 5000, 10000]]).all(), name
        assert np.isnan(g).sum() == 3, name


def test_float16_overflow_in_the_final_cast_is_quiet():
    """celu with alpha = -2 at x = -88 is -3.8e19 in float32: inf in float16, no warning."""
    assert A.celu(np.float16(-88.0), alpha=-2.0) == -np.inf


def test_import_does_not_load_scipy():
    code = "import sys, nnprimer.activations; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
