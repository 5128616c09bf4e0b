"""The numpy reference activations against PyTorch: forward values and autograd derivatives.

Expected values come from PyTorch itself (forward and ``torch.autograd``), never from a
previous run of this package. Piecewise-linear functions must agree exactly; the others to
a few ulp (numpy and PyTorch use different libm kernels). Float32 results are also held
to the exact (float64) value, which PyTorch's own float32 kernels miss by more in places.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnprimer import activations as A

pytestmark = pytest.mark.filterwarnings("error")  # any numpy RuntimeWarning fails a test

# An independent map from name to the PyTorch function, written out here rather than taken
# from the package, so a wrong mapping inside the package cannot hide.
TORCH = {
    "relu": lambda t, **p: F.relu(t),
    "leaky_relu": lambda t, negative_slope=0.01: F.leaky_relu(t, negative_slope),
    "prelu": lambda t, weight=0.25: F.prelu(t, torch.full((1,), float(weight), dtype=t.dtype)),
    "rrelu": lambda t, lower=1 / 8, upper=1 / 3: F.rrelu(t, lower, upper, training=False),
    "elu": lambda t, alpha=1.0: F.elu(t, alpha),
    "celu": lambda t, alpha=1.0: F.celu(t, alpha),
    "selu": lambda t: F.selu(t),
    "gelu": lambda t, approximate="none": F.gelu(t, approximate=approximate),
    "silu": lambda t: F.silu(t),
    "swish": lambda t, beta=1.0: t * torch.sigmoid(beta * t),
    "mish": lambda t: F.mish(t),
    "softplus": lambda t, beta=1.0, threshold=20.0: F.softplus(t, beta, threshold),
    "relu6": lambda t: F.relu6(t),
    "hardswish": lambda t: F.hardswish(t),
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
}

# Parameter settings to test besides the defaults.
PARAMS = {
    "relu": [{}],
    "leaky_relu": [{}, {"negative_slope": 0.2}, {"negative_slope": -0.5}],
    "prelu": [{}, {"weight": 0.1}],
    "rrelu": [{}, {"lower": 0.0, "upper": 0.5}],
    "elu": [{}, {"alpha": 0.5}, {"alpha": 2.0}],
    "celu": [{}, {"alpha": 0.5}, {"alpha": 3.0}],
    "selu": [{}],
    "gelu": [{}, {"approximate": "tanh"}],
    "silu": [{}],
    "swish": [{}, {"beta": 0.5}, {"beta": 4.0}],
    "mish": [{}],
    "softplus": [{}, {"beta": 2.0}, {"beta": 0.5, "threshold": 5.0}],
    "relu6": [{}],
    "hardswish": [{}],
    "sigmoid": [{}],
    "tanh": [{}],
}
CASES = [(name, p) for name in A.ELEMENTWISE for p in PARAMS[name]]
CASE_IDS = [name + ("" if not p else "-" + "-".join(f"{k}={v}" for k, v in p.items())) for name, p in CASES]

DTYPES = {np.float32: torch.float32, np.float64: torch.float64}
# numpy and torch use different libm kernels: allow a few ulp, plus a tiny absolute slack
# for results near zero that come out of cancellation: in float32, 1 - tanh(u)**2 carries an
# absolute error of ~2e-7 that gelu's tanh approximation multiplies by up to ~10.
TOL = {np.float32: dict(rtol=2e-6, atol=2e-6), np.float64: dict(rtol=1e-12, atol=1e-14)}

SPECIAL = [0.0, -0.0, 1e-45, -1e-45, 3.0, -3.0, 6.0, 17.0, -17.0, 88.8, -88.8, 1e4, -1e4,
           1e-8, -1e-8, 0.5, -0.5, 20.0, 20.5, 5.0, 10.0, 40.0,
           math.inf, -math.inf, math.nan]


def torch_forward_and_grad(name: str, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's value and autograd derivative, evaluated on a tensor shaped like x."""
    t = torch.tensor(x, dtype=DTYPES[x.dtype.type], requires_grad=True)
    y = TORCH[name](t, **params)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def torch_scalar_loop(name: str, x: np.ndarray, params: dict) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch evaluated one element at a time (its scalar kernels, not the SIMD ones)."""
    ys, gs = zip(*(torch_forward_and_grad(name, x[i : i + 1], params) for i in range(x.size)))
    return np.concatenate(ys), np.concatenate(gs)


def assert_agrees(name: str, ours: np.ndarray, ref: np.ndarray, dtype) -> None:
    assert ours.dtype == ref.dtype, (ours.dtype, ref.dtype)
    if A.get(name).piecewise_linear:
        np.testing.assert_array_equal(ours, ref)
    else:
        np.testing.assert_allclose(ours, ref, equal_nan=True, **TOL[dtype])


def check_against_torch(name: str, params: dict, x: np.ndarray) -> None:
    f = A.get(name)
    ours_y, ours_g = f(x, **params), f.grad(x, **params)
    ref_y, ref_g = torch_forward_and_grad(name, x, params)
    # At +-inf PyTorch's SIMD loop and its scalar loop can disagree (gelu(+inf) is NaN in
    # one and inf in the other); the reference follows the scalar loop there.
    inf = np.isinf(x)
    if inf.any():
        ref_y[inf], ref_g[inf] = torch_scalar_loop(name, x[inf], params)
    assert_agrees(name, ours_y, ref_y, x.dtype.type)
    # The derivative at NaN is NaN by the package's rule; PyTorch's depends on its code path.
    nan = np.isnan(x)
    assert np.all(np.isnan(ours_g[nan]))
    assert_agrees(name, ours_g[~nan], ref_g[~nan], x.dtype.type)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_special_values_match_torch(name, params, dtype):
    check_against_torch(name, params, np.array(SPECIAL, dtype=dtype))


def _arrays(dtype):
    """Random arrays of finite values, infinities and NaN.

    Finite values stay below a quarter of the largest float: within a factor 4 of it, the
    order of the multiplications in a formula decides between a finite result and an
    overflow, and PyTorch's own kernels disagree there (float32 ``gelu(1.7e38)`` is inf in
    its SIMD loop and 1.7e38 in its scalar loop).
    """
    width = 32 if dtype == np.float32 else 64
    limit = float(np.finfo(dtype).max) / 4
    finite = st.floats(min_value=-limit, max_value=limit, width=width)
    special = st.sampled_from([math.inf, -math.inf, math.nan])
    return hnp.arrays(
        dtype, hnp.array_shapes(min_dims=1, max_dims=2, max_side=40),
        elements=st.one_of(finite, special),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_random_inputs_match_torch(name, params, dtype):
    @given(_arrays(dtype))
    def run(x):
        check_against_torch(name, params, x.reshape(-1))

    run()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_moderate_inputs_match_torch(name, params, dtype):
    """A dense grid over the range where activations are interesting."""
    x = np.linspace(-12, 12, 4801, dtype=dtype)
    check_against_torch(name, params, x)


# Values at kinks and special points, as SYLLABUS lists them, checked against literal
# facts *and* against autograd.
KINK_FACTS = [
    ("relu", {}, 0.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"negative_slope": 0.2}, 0.0, 0.2),
    ("prelu", {}, 0.0, 0.25),
    ("rrelu", {}, 0.0, (1 / 8 + 1 / 3) / 2),
    ("elu", {}, 0.0, 1.0),
    ("elu", {"alpha": 0.5}, 0.0, 0.5),
    ("celu", {"alpha": 0.5}, 0.0, 1.0),
    ("selu", {}, 0.0, A.SELU_SCALE * A.SELU_ALPHA),
    ("gelu", {}, 0.0, 0.5),
    ("gelu", {"approximate": "tanh"}, 0.0, 0.5),
    ("silu", {}, 0.0, 0.5),
    ("mish", {}, 0.0, math.tanh(math.log(2.0))),
    ("softplus", {}, 0.0, 0.5),
    ("hardswish", {}, 3.0, 1.0),
    ("hardswish", {}, -3.0, 0.0),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("sigmoid", {}, 0.0, 0.25),
    ("tanh", {}, 0.0, 1.0),
]


@pytest.mark.parametrize(("name", "params", "x", "expected"), KINK_FACTS)
def test_derivative_at_kinks(name, params, x, expected):
    ours = A.get(name).grad(x, **params)
    _, ref = torch_forward_and_grad(name, np.array([x]), params)
    assert ours == pytest.approx(expected, rel=1e-15, abs=0)
    assert ours == pytest.approx(ref[0], rel=1e-15, abs=0)


def test_mish_derivative_at_zero_is_three_fifths():
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5 exactly
    assert A.mish.grad(0.0) == pytest.approx(0.6, rel=1e-15)


def test_other_ways_to_write_relu_have_other_derivatives_at_zero():
    """The package's relu follows F.relu; torch.maximum and clamp differ at 0."""
    t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    (g_max,) = torch.autograd.grad(torch.maximum(t, torch.zeros_like(t)).sum(), t)
    (g_clamp,) = torch.autograd.grad(torch.clamp(t, min=0).sum(), t)
    assert g_max.item() == 0.5 and g_clamp.item() == 1.0
    assert A.relu.grad(0.0) == 0.0


def test_sigmoid_saturates_like_torch_in_float32():
    x = np.float32([16.0, 17.0, 30.0, -88.0, -89.0, -1000.0, 1000.0])
    y, g = A.sigmoid(x), A.sigmoid.grad(x)
    ref_y, ref_g = torch_forward_and_grad("sigmoid", x, {})
    np.testing.assert_array_equal(y[1:3], 1.0)  # exactly 1 from about x = 17
    np.testing.assert_array_equal(g[1:3], 0.0)  # so the derivative is exactly 0
    assert y[0] < 1.0
    assert y[3] > 0.0 and y[4] == 0.0  # exp(89) overflows float32: exactly 0
    np.testing.assert_allclose(y, ref_y, rtol=2e-6)
    np.testing.assert_allclose(g, ref_g, rtol=2e-6, atol=1e-30)


@pytest.mark.parametrize("name", A.ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_dtype_is_preserved(name, dtype):
    x = np.linspace(-4, 4, 9).astype(dtype)
    f = A.get(name)
    assert f(x).dtype == dtype
    assert f.grad(x).dtype == dtype


def test_float16_overflow_in_the_final_cast_is_quiet():
    """celu with alpha = -2 at x = -88 is -3.8e19 in float32: inf in float16, no warning."""
    assert A.celu(np.float16(-88.0), alpha=-2.0) == -np.inf


EPS32 = float(np.finfo(np.float32).eps)


@pytest.mark.parametrize(("name", "params"), CASES, ids=CASE_IDS)
def test_float32_is_within_a_few_roundings_of_the_float64_value(name, params):
    """Float32 input is computed in float32, as in PyTorch: each operation of a formula
    rounds once, so the value is within a few eps of the float64 one, relative to
    max(|f|, 1) -- a derivative computed from the output (1 - tanh^2, s (1 - s)) keeps its
    absolute accuracy, not its relative one. The tanh approximation of GELU multiplies
    that absolute error by its inner derivative (up to about 10 near |x| = 3). The inputs
    stay where float32 does not overflow and float64 does not."""
    rng = np.random.default_rng(0)
    x32 = np.concatenate([np.linspace(-12, 12, 24001), rng.normal(scale=30, size=20000)]).astype(np.float32)
    f = A.get(name)
    for method in (f, f.grad):
        k = 16 if (name, params, method) == ("gelu", {"approximate": "tanh"}, f.grad) else 8
        ours = method(x32, **params)
        assert ours.dtype == np.float32
        np.testing.assert_allclose(ours, method(x32.astype(np.float64), **params), rtol=k * EPS32, atol=k * EPS32)


def test_float32_gelu_is_the_exact_value_correctly_rounded():
    """GELU is computed in float64 and rounded once (see its docstring): within one float32
    ulp of x Phi(x) and Phi(x) + x phi(x) from the standard library's erfc. PyTorch's
    float32 vector kernel is off by up to ~5e-7 (about 8 ulp near x = -3)."""
    x32 = np.linspace(-12, 12, 24001, dtype=np.float32)
    cdf = [0.5 * math.erfc(-v / math.sqrt(2)) for v in x32.tolist()]
    value = np.array([v * c for v, c in zip(x32.tolist(), cdf)])
    slope = np.array([c + v * math.exp(-v * v / 2) / math.sqrt(2 * math.pi) for v, c in zip(x32.tolist(), cdf)])
    for ours, exact in ((A.gelu(x32), value), (A.gelu.grad(x32), slope)):
        assert ours.dtype == np.float32
        ulp = np.spacing(np.abs(exact).astype(np.float32)).astype(np.float64)
        assert np.all(np.abs(ours - exact) <= ulp)


def test_kinks_are_where_the_derivative_is_not_smooth():
    """Each activation's ``kinks`` (used by the comparison table) are exactly the points
    where f' jumps or bends: there the second difference of f' on a grid of step h is of
    order h (a jump of f'') or 1 (a jump of f'); elsewhere it is of order h^2."""
    h = 1e-3
    x = np.round(np.arange(-8000, 8001) * h, 10)  # holds -3, 0, 3 and 6 exactly
    for name in A.ELEMENTWISE:
        f = A.get(name)
        g = f.grad(x)
        rough = x[1:-1][np.abs(g[2:] - 2 * g[1:-1] + g[:-2]) > 1e-4]
        for kink in f.kinks:
            assert np.any(np.abs(rough - kink) <= 2 * h), (name, kink)
        distance = np.min(np.abs(rough[:, None] - np.array([*f.kinks, np.inf])), axis=1)
        assert np.all(distance <= 2 * h), (name, rough[distance > 2 * h][:5])


@pytest.mark.parametrize("name", [n for n in A.ELEMENTWISE if A.get(n).explorer_control is not None])
def test_explorer_control_offers_valid_values_starting_at_the_default(name):
    f = A.get(name)
    control = f.explorer_control
    if isinstance(control, A.Slider):
        values = np.linspace(control.low, control.high, control.steps)
        assert control.start == f.defaults[control.parameter]
        assert control.low <= control.start <= control.high
    else:
        values = control.options
        assert f.defaults[control.parameter] in values
    for value in values:  # every value the explorer offers is a valid parameter
        f.grad(np.linspace(-3, 3, 7), **{control.parameter: value})


def test_rrelu_alone_has_no_explorer_control():
    """rrelu in evaluation mode is a leaky ReLU: the leaky_relu slider explores it."""
    assert [n for n in A.ELEMENTWISE if A.get(n).defaults and A.get(n).explorer_control is None] == ["rrelu"]


@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_ints_lists_and_scalars_become_float64(name):
    f = A.get(name)
    from_ints = f(np.arange(-3, 4))
    from_list = f([-3, -2, -1, 0, 1, 2, 3])
    expected = f(np.arange(-3.0, 4.0))
    assert from_ints.dtype == from_list.dtype == np.float64
    np.testing.assert_array_equal(from_ints, expected)
    np.testing.assert_array_equal(from_list, expected)
    scalar = f(2)
    assert isinstance(scalar, np.float64) and scalar == expected[5]
    assert f([[1.0, -1.0], [2.0, -2.0]]).shape == (2, 2)


@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_nan_propagates(name):
    f = A.get(name)
    x = np.array([np.nan, 1.0, -1.0])
    assert np.isnan(f(x)[0]) and np.isnan(f.grad(x)[0])
    assert not np.isnan(f(x)[1:]).any()


@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_torch_method_and_module_match_independent_torch(name):
    f = A.get(name)
    t = torch.linspace(-5, 5, 101, dtype=torch.float64)
    expected = TORCH[name](t)
    torch.testing.assert_close(f.torch(t), expected, rtol=0, atol=0)
    module = f.module().double().eval()
    torch.testing.assert_close(module(t), expected, rtol=0, atol=0)
    # numpy arrays are accepted by .torch too
    torch.testing.assert_close(f.torch(t.numpy()), expected, rtol=0, atol=0)


def test_module_classes():
    assert isinstance(A.relu.module(), torch.nn.ReLU)
    assert A.leaky_relu.module(negative_slope=0.2).negative_slope == 0.2
    assert isinstance(A.gelu.module(approximate="tanh"), torch.nn.GELU)
    p = A.prelu.module(weight=[0.1, 0.2, 0.3])
    assert isinstance(p, torch.nn.PReLU) and p.weight.shape == (3,)


def test_prelu_per_channel_matches_torch():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 3, 5))
    w = np.array([0.1, 0.25, -0.5])
    t = torch.tensor(x, requires_grad=True)
    y = F.prelu(t, torch.tensor(w))
    (g,) = torch.autograd.grad(y.sum(), t)
    np.testing.assert_array_equal(A.prelu(x, weight=w), y.detach().numpy())
    np.testing.assert_array_equal(A.prelu.grad(x, weight=w), g.numpy())
    torch.testing.assert_close(A.prelu.torch(t.detach(), weight=w), y.detach())


def test_prelu_weight_gradient_is_min_zero_x():
    """dL/da for a shared slope equals the sum of min(0, x) (documented in the docstring)."""
    x = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
    a = torch.tensor([0.25], dtype=torch.float64, requires_grad=True)
    F.prelu(torch.tensor(x), a).sum().backward()
    assert a.grad.item() == pytest.approx(np.minimum(0.0, x).sum())


def test_rrelu_eval_slope_is_mean_of_bounds():
    assert A.rrelu(-48.0) == -11.0  # (1/8 + 1/3) / 2 = 11/48


def test_rrelu_training_draws_slopes_in_range_reproducibly():
    x = -np.ones(20000)
    y1 = A.rrelu(x, training=True, rng=3)
    y2 = A.rrelu(x, training=True, rng=3)
    g = A.rrelu.grad(x, training=True, rng=3)
    np.testing.assert_array_equal(y1, y2)
    slopes = -y1
    assert slopes.min() >= 1 / 8 and slopes.max() <= 1 / 3
    np.testing.assert_array_equal(g, slopes)  # same seed, same draw
    # mean of U(l, u) is (l + u)/2; standard error (u - l)/sqrt(12 n)
    se = (1 / 3 - 1 / 8) / math.sqrt(12 * x.size)
    assert abs(slopes.mean() - 11 / 48) < 5 * se
    assert not np.array_equal(A.rrelu(x, training=True, rng=4), y1)
    # positive inputs pass through
    np.testing.assert_array_equal(A.rrelu(np.array([2.0, 5.0]), training=True, rng=0), [2.0, 5.0])
    # torch's own training mode draws from the same range
    t = F.rrelu(torch.tensor(x), 1 / 8, 1 / 3, training=True)
    assert (-t).min().item() >= 1 / 8 and (-t).max().item() <= 1 / 3
    ts = A.rrelu.torch(torch.tensor(x), training=True, rng=5)
    torch.testing.assert_close(ts, A.rrelu.torch(torch.tensor(x), training=True, rng=5))


def test_swish_with_beta_one_is_silu():
    x = np.linspace(-8, 8, 1001)
    # x * sigmoid(x) (swish, as PyTorch composes it) and x / (1 + exp(-x)) (F.silu) differ by an ulp
    np.testing.assert_allclose(A.swish(x, beta=1.0), A.silu(x), rtol=1e-15, atol=1e-16)
    np.testing.assert_allclose(A.swish.grad(x, beta=1.0), A.silu.grad(x), rtol=1e-15, atol=1e-16)


def test_learnable_swish_module_has_a_parameter():
    from nnprimer.activations import _swish_module

    m = _swish_module(1.5, learnable=True)
    assert [n for n, _ in m.named_parameters()] == ["beta"]
    assert A.swish.module(beta=1.5).beta.item() == 1.5


def test_get_and_registry():
    assert A.get("relu") is A.relu
    assert A.get(A.gelu) is A.gelu  # an Activation is returned as it is
    assert set(A.ELEMENTWISE) == set(TORCH)
    assert len(A.ELEMENTWISE) == 16
    for name in A.ELEMENTWISE:
        f = A.get(name)
        assert f.name == name and f.__doc__ and f.formula and f.derivative_formula


# ---- bad input ----------------------------------------------------------------------------

BAD_X = [
    ("abc", TypeError, "x must be a real number"),
    (["a", "b"], TypeError, "x must contain real numbers"),
    (1 + 2j, TypeError, "complex"),
    (np.array([1 + 1j]), TypeError, "complex"),
    (np.array([1, "a"], dtype=object), TypeError, "x must contain real numbers"),
    ([[1.0, 2.0], [3.0]], TypeError, "rectangular"),
    (np.array([True, False]), TypeError, "x must contain real numbers"),
    (None, TypeError, "x must contain real numbers"),
    (torch.tensor([1.0]), TypeError, r"got a torch Tensor; pass x\.detach\(\)\.numpy\(\), or call \w+\.torch\(t\)"),
    (torch.tensor([1.0], requires_grad=True), TypeError, r"x\.detach\(\)\.numpy\(\)"),
]


@pytest.mark.parametrize(("x", "error", "message"), BAD_X, ids=[repr(b[0])[:20] for b in BAD_X])
@pytest.mark.parametrize("name", ["relu", "gelu", "sigmoid"])
def test_bad_x_raises(name, x, error, message):
    f = A.get(name)
    with pytest.raises(error, match=message):
        f(x)
    with pytest.raises(error, match=message):
        f.grad(x)


@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_a_tensor_requiring_grad_gets_a_hint_naming_the_activation(name):
    t = torch.ones(3, requires_grad=True)
    with pytest.raises(TypeError, match=rf"pass x\.detach\(\)\.numpy\(\), or call {name}\.torch\(t\)"):
        A.get(name)(t)


BAD_PARAMS = [
    ("leaky_relu", {"negative_slope": math.nan}, ValueError, "negative_slope must be a real number, got nan"),
    ("leaky_relu", {"negative_slope": "0.1"}, TypeError, "negative_slope must be a real number, got str"),
    ("leaky_relu", {"negative_slope": math.inf}, ValueError, "negative_slope must be finite"),
    ("leaky_relu", {"slope": 0.1}, TypeError, "unexpected keyword.*negative_slope"),
    ("relu", {"alpha": 1.0}, TypeError, "unexpected keyword"),
    ("softplus", {"beta": 0}, ValueError, "beta must be > 0, got 0.0"),
    ("softplus", {"beta": -1.0}, ValueError, "beta must be > 0"),
    ("softplus", {"threshold": math.nan}, ValueError, "threshold must be a real number, got nan"),
    ("elu", {"alpha": True}, TypeError, "alpha must be a real number, got bool"),
    ("celu", {"alpha": 0.0}, ValueError, "alpha must be non-zero"),
    ("gelu", {"approximate": "fast"}, ValueError, "approximate must be one of"),
    ("gelu", {"approximate": None}, TypeError, "approximate must be one of"),
    ("rrelu", {"lower": 0.5, "upper": 0.1}, ValueError, "lower must be <= upper"),
    ("rrelu", {"training": "yes"}, TypeError, "training must be True or False"),
    ("rrelu", {"training": True, "rng": "seed"}, TypeError, "rng must be None, an int seed"),
    ("prelu", {"weight": [[0.1]]}, ValueError, "weight must be a number or a 1-D array"),
    ("prelu", {"weight": math.nan}, ValueError, "weight must be finite"),
    ("prelu", {"weight": [0.1, 0.2]}, ValueError, "weight has 2 slopes but x has 1 channel"),
    ("swish", {"beta": complex(1, 1)}, TypeError, "beta must be a real number"),
]


@pytest.mark.parametrize(("name", "params", "error", "message"), BAD_PARAMS)
def test_bad_params_raise(name, params, error, message):
    f = A.get(name)
    with pytest.raises(error, match=message):
        f(np.array([1.0, -1.0]), **params)
    with pytest.raises(error, match=message):
        f.grad(np.array([1.0, -1.0]), **params)


def test_prelu_per_channel_shape_mismatch():
    with pytest.raises(ValueError, match="x has 4 channel"):
        A.prelu(np.zeros((2, 4)), weight=[0.1, 0.2, 0.3])


def test_get_unknown_name():
    with pytest.raises(KeyError, match="unknown activation 'relu7'.*expected one of"):
        A.get("relu7")
    with pytest.raises(TypeError, match="name must be a str"):
        A.get(3)


def test_importing_activations_loads_neither_torch_nor_matplotlib_nor_scipy():
    import subprocess
    import sys

    code = ("import sys, nnprimer; nnprimer.activations.relu([1.0]); "
            "print(*(m in sys.modules for m in ('torch', 'matplotlib', 'scipy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]


# ---- softmax and cross-entropy: empty input ---------------------------------------------


@pytest.mark.parametrize("shape", [(0,), (2, 0), (0, 3)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_of_an_empty_array_is_empty_as_in_torch(shape, dtype):
    x = np.zeros(shape, dtype=dtype)
    t = torch.from_numpy(x)
    for ours, theirs in ((A.softmax(x), torch.softmax(t, dim=-1)), (A.log_softmax(x), torch.log_softmax(t, dim=-1))):
        assert ours.shape == tuple(theirs.shape) and ours.dtype == dtype


def test_softmax_jacobian_of_an_empty_vector_is_0_by_0_as_in_torch():
    # torch.autograd.functional.jacobian fails on an empty input; torch.func.jacrev does not
    theirs = torch.func.jacrev(lambda t: torch.softmax(t, 0))(torch.zeros(0, dtype=torch.float64))
    ours = A.softmax_jacobian([])
    assert ours.shape == tuple(theirs.shape) == (0, 0) and ours.dtype == np.float64


def test_cross_entropy_of_an_empty_batch_is_a_clear_error():
    for method in (A.cross_entropy, A.cross_entropy.grad):
        for reduction in ("mean", "sum", "none"):
            with pytest.raises(ValueError, match=r"logits must hold at least one row, got an empty batch of shape \(0, 3\)"):
                method(np.zeros((0, 3)), np.zeros(0, dtype=int), reduction=reduction)


@pytest.mark.parametrize(("call", "hint"), [
    (lambda t: A.softmax(t), r"torch\.softmax\(t, dim\)"),
    (lambda t: A.log_softmax(t), r"torch\.log_softmax\(t, dim\)"),
    (lambda t: A.cross_entropy(t, [0]), r"cross_entropy\.torch\(logits, target\)"),
])
def test_softmax_family_given_a_tensor_says_what_to_do(call, hint):
    with pytest.raises(TypeError, match=r"\.detach\(\)\.numpy\(\), or call " + hint):
        call(torch.zeros(1, 3, requires_grad=True))
