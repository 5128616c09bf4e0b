"""Tests for nnprimer.init: formulas against torch.nn.init, sample statistics, errors.

Statistical checks use fixed seeds and tolerances of 5 standard errors computed from the
distribution (not from a previous run), so a wrong formula fails and a right one passes.
"""

from __future__ import annotations

import contextlib
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnprimer import init

torch = pytest.importorskip("torch")
nn = torch.nn

FAST = settings(max_examples=40, deadline=None)

# Weight shapes of real layers: Linear (out, in), Conv1d/2d/3d (out, in/groups, *kernel),
# ConvTranspose (in, out/groups, *kernel).
LAYER_SHAPES = [
    (10, 3),
    (1, 1),
    (256, 784),
    (784, 256),
    (16, 3, 5),
    (64, 3, 3, 3),
    (32, 8, 5, 5),  # Conv2d(16, 32, 5, groups=2)
    (8, 4, 3, 3, 3),
    (3, 6, 2, 4),
    (5, 0),
    (0, 5, 3),
]

ALL_NONLINEARITIES = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "selu",
)

shapes_2d_plus = st.lists(st.integers(0, 7), min_size=2, max_size=5).map(tuple)
positive_shapes = st.lists(st.integers(1, 7), min_size=2, max_size=5).map(tuple)


@contextlib.contextmanager
def record_torch_draws():
    """Record the (low, high) or (mean, std) that torch.nn.init passes to
    Tensor.uniform_ / Tensor.normal_: the exact numbers torch uses."""
    calls = []
    original = {name: getattr(torch.Tensor, name) for name in ("uniform_", "normal_")}

    def recorder(name):
        def method(self, *args, **kwargs):
            calls.append((name, tuple(float(v) for v in args[:2])))
            return original[name](self, *args, **kwargs)

        return method

    try:
        for name in original:
            setattr(torch.Tensor, name, recorder(name))
        yield calls
    finally:
        for name, method in original.items():
            setattr(torch.Tensor, name, method)


def torch_draw(function, shape, **kwargs):
    """The single (kind, params) torch draws with for ``function`` on a weight of ``shape``."""
    tensor = torch.empty(shape, dtype=torch.float64)
    with record_torch_draws() as calls:
        function(tensor, **kwargs)
    assert len(calls) == 1, calls
    return calls[0]


def assert_moments(sample, mean, var, fourth_central, n_se=5.0):
    """Sample mean and variance within ``n_se`` standard errors of the true values.

    ``fourth_central`` is E[(X - mean)^4], which gives the standard error of the
    variance estimate: sqrt((mu4 - var^2) / n).
    """
    x = np.asarray(sample, dtype=np.float64).ravel()
    n = x.size
    se_mean = math.sqrt(var / n)
    assert abs(x.mean() - mean) <= n_se * se_mean + 1e-300
    se_var = math.sqrt((fourth_central - var**2) / n)
    assert abs(np.mean((x - mean) ** 2) - var) <= n_se * se_var + 1e-300


def uniform_moments(a, b):
    half = (b - a) / 2
    return (a + b) / 2, half**2 / 3, half**4 / 5


def normal_moments(mean, std):
    return mean, std**2, 3 * std**4


# ------------------------------------------------------------------ calculate_gain


@pytest.mark.parametrize("name", ALL_NONLINEARITIES)
def test_calculate_gain_matches_torch(name):
    assert init.calculate_gain(name) == torch.nn.init.calculate_gain(name)
    assert isinstance(init.calculate_gain(name), float)


@pytest.mark.parametrize("slope", [None, 0, 0.01, 0.2, 1, -0.3, 5.0, np.float64(0.1)])
def test_leaky_relu_gain_matches_torch(slope):
    assert init.calculate_gain("leaky_relu", slope) == torch.nn.init.calculate_gain("leaky_relu", slope)


def test_gain_values_from_the_syllabus():
    assert init.calculate_gain("tanh") == 5 / 3
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("selu") == 3 / 4
    assert math.isclose(init.calculate_gain("leaky_relu", 0.2), math.sqrt(2 / (1 + 0.2**2)))
    assert init.NONLINEARITIES == ALL_NONLINEARITIES


def test_calculate_gain_errors():
    with pytest.raises(ValueError, match=r"nonlinearity must be one of .*'relu'.*got 'swishy'"):
        init.calculate_gain("swishy")
    with pytest.raises(TypeError, match="nonlinearity"):
        init.calculate_gain(None)
    with pytest.raises(TypeError, match="param must be a real number"):
        init.calculate_gain("leaky_relu", "a")
    with pytest.raises(TypeError, match="param"):
        init.calculate_gain("leaky_relu", True)
    with pytest.raises(ValueError, match="param.*nan"):
        init.calculate_gain("leaky_relu", float("nan"))


# ---------------------------------------------------------------------------- fans


@pytest.mark.parametrize("shape", LAYER_SHAPES)
def test_fans_match_torch_on_layer_shapes(shape):
    expected = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init.fans(shape) == expected
    assert init.fans(list(shape)) == expected
    assert init.fans(torch.Size(shape)) == expected


@pytest.mark.parametrize(
    "layer",
    [
        nn.Linear(7, 4),
        nn.Conv1d(6, 4, 3, groups=2),
        nn.Conv2d(3, 8, (3, 5)),
        nn.Conv3d(2, 4, 3),
        nn.ConvTranspose2d(4, 6, 3, groups=2),
    ],
    ids=repr,
)
def test_fans_of_real_layers(layer):
    shape = tuple(layer.weight.shape)
    assert init.fans(shape) == torch.nn.init._calculate_fan_in_and_fan_out(layer.weight)


@FAST
@given(shapes_2d_plus)
def test_fans_match_torch_on_random_shapes(shape):
    assert init.fans(shape) == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))


def test_fans_accepts_numpy_ints():
    assert init.fans((np.int64(3), np.int32(4))) == (4, 3)


@pytest.mark.parametrize("shape", [(5,), ()])
def test_fans_needs_two_dimensions(shape):
    with pytest.raises(ValueError, match=r"fans needs a shape with at least 2 dimensions, got \("):
        init.fans(shape)


def test_fans_bad_shapes():
    with pytest.raises(TypeError, match=r"shape must be a tuple of ints.*pass a tuple such as \(5,\)"):
        init.fans(5)
    with pytest.raises(TypeError, match=r"pass arr\.shape"):
        init.fans(np.zeros((3, 4)))
    with pytest.raises(TypeError, match="shape must contain ints.*position 1"):
        init.fans((3, 4.0))
    with pytest.raises(TypeError, match="shape must contain ints"):
        init.fans((3, True))
    with pytest.raises(ValueError, match="shape must contain non-negative ints, got -2"):
        init.fans((3, -2))
    with pytest.raises(TypeError, match="shape"):
        init.fans("34")


# ------------------------------------------------------------------ weight layout


@FAST
@given(shapes_2d_plus)
def test_in_out_layout_is_the_transpose_of_torchs(shape):
    """A weight stored (in, out, *kernel) has the fans torch gives the (out, in, *kernel) one."""
    swapped = (shape[1], shape[0], *shape[2:])
    assert init.fans(swapped, layout="in_out") == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert init.fans(shape, layout="out_in") == init.fans(shape)


def test_the_layout_trap_of_a_weight_used_as_X_at_W():
    """784 -> 256 stored (in, out) for X @ W: the default layout swaps the fans (std 0.088
    instead of 0.051); layout="in_out" gives He's std, that of nn.Linear(784, 256)."""
    he = math.sqrt(2 / 784)
    assert init.kaiming_std((784, 256), nonlinearity="relu", layout="in_out") == pytest.approx(he, rel=1e-15)
    assert init.kaiming_std((784, 256), nonlinearity="relu") == pytest.approx(math.sqrt(2 / 256), rel=1e-15)
    W = init.kaiming_normal((784, 256), nonlinearity="relu", rng=0, layout="in_out")
    assert W.shape == (784, 256)
    assert_moments(W, *normal_moments(0.0, he))
    bound = math.sqrt(3) * he
    assert_fills_bound(init.kaiming_uniform((784, 256), nonlinearity="relu", rng=0, layout="in_out"), bound)
    linear = nn.Linear(784, 256)
    x = torch.randn(8, 784, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(x @ linear.weight.T, linear(x) - linear.bias)  # (out, in) is used as X @ W.T
    assert init.fans(tuple(linear.weight.T.shape), layout="in_out") == init.fans(tuple(linear.weight.shape))
    # xavier is symmetric in the fans, but takes the argument all the same
    assert init.xavier_std((784, 256), layout="in_out") == init.xavier_std((256, 784))
    assert init.xavier_normal((3, 4), rng=1, layout="in_out").shape == (3, 4)
    assert init.xavier_uniform((3, 4), rng=1, layout="in_out").shape == (3, 4)


def test_the_two_layer_network_draws_its_weights_in_its_own_layout():
    """The back-propagation chapter's network computes X @ W1: its weights have the LeCun
    std of their fan_in, the first dimension."""
    from nnprimer.chapters.backprop import two_layer_params

    p = two_layer_params(784, 256, 10, rng=0)
    assert p["W1"].shape == (784, 256) and p["W2"].shape == (256, 10)
    assert_moments(p["W1"], *normal_moments(0.0, 1 / math.sqrt(784)))
    assert_moments(p["W2"], *normal_moments(0.0, 1 / math.sqrt(256)))


# -------------------------------------------------- std and bound, against torch exactly


@FAST
@given(positive_shapes, st.floats(0, 10))
def test_xavier_std_and_bound_are_torchs(shape, gain):
    _, (mean, std) = torch_draw(torch.nn.init.xavier_normal_, shape, gain=gain)
    assert mean == 0
    assert init.xavier_std(shape, gain) == std
    _, (low, high) = torch_draw(torch.nn.init.xavier_uniform_, shape, gain=gain)
    bound = math.sqrt(3) * init.xavier_std(shape, gain)
    assert (low, high) == (-bound, bound)
    # and torch's formula, written out
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    assert math.isclose(bound, gain * math.sqrt(6 / (fan_in + fan_out)), rel_tol=1e-12)


@FAST
@given(
    positive_shapes,
    st.floats(-3, 3),
    st.sampled_from(["fan_in", "fan_out"]),
    st.sampled_from(ALL_NONLINEARITIES),
)
def test_kaiming_std_and_bound_are_torchs(shape, a, mode, nonlinearity):
    kwargs = dict(a=a, mode=mode, nonlinearity=nonlinearity)
    _, (mean, std) = torch_draw(torch.nn.init.kaiming_normal_, shape, **kwargs)
    assert mean == 0
    assert init.kaiming_std(shape, **kwargs) == std
    _, (low, high) = torch_draw(torch.nn.init.kaiming_uniform_, shape, **kwargs)
    bound = math.sqrt(3) * init.kaiming_std(shape, **kwargs)
    assert (low, high) == (-bound, bound)
    fan_in, fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fan = fan_in if mode == "fan_in" else fan_out
    gain = torch.nn.init.calculate_gain(nonlinearity, a)
    assert math.isclose(init.kaiming_std(shape, **kwargs), gain / math.sqrt(fan), rel_tol=1e-12)


def test_kaiming_defaults_are_he_relu():
    shape = (64, 100)
    assert init.kaiming_std(shape) == init.kaiming_std(shape, nonlinearity="relu")
    assert math.isclose(init.kaiming_std(shape) ** 2, 2 / 100, rel_tol=1e-12)
    assert math.isclose(init.kaiming_std(shape, mode="fan_out") ** 2, 2 / 64, rel_tol=1e-12)


# Large samples: max |w| must reach the bound (P(max|w| < (1-d)b) = (1-d)^n, negligible
# for d=1e-3 and n >= 1e5) but never exceed it.
BIG = (400, 250)


def assert_fills_bound(sample, bound):
    m = np.abs(np.asarray(sample)).max()
    assert m <= bound
    assert m >= (1 - 1e-3) * bound


@pytest.mark.parametrize(
    "ours, theirs, kwargs",
    [
        (init.xavier_uniform, torch.nn.init.xavier_uniform_, {}),
        (init.xavier_uniform, torch.nn.init.xavier_uniform_, {"gain": 5 / 3}),
        (init.kaiming_uniform, torch.nn.init.kaiming_uniform_, {}),
        (init.kaiming_uniform, torch.nn.init.kaiming_uniform_, {"nonlinearity": "relu", "mode": "fan_out"}),
        (init.kaiming_uniform, torch.nn.init.kaiming_uniform_, {"a": math.sqrt(5)}),
    ],
)
def test_uniform_schemes_empirically_bounded_like_torch(ours, theirs, kwargs):
    if ours is init.xavier_uniform:
        bound = math.sqrt(3) * init.xavier_std(BIG, **kwargs)
    else:
        bound = math.sqrt(3) * init.kaiming_std(BIG, **kwargs)
    t = torch.empty(BIG, dtype=torch.float64)
    theirs(t, generator=torch.Generator().manual_seed(0), **kwargs)
    assert_fills_bound(t.numpy(), bound)
    w = ours(BIG, rng=0, **kwargs)
    assert w.shape == BIG and w.dtype == np.float64
    assert_fills_bound(w, bound)
    assert_moments(w, *uniform_moments(-bound, bound))
    assert_moments(t.numpy(), *uniform_moments(-bound, bound))


@pytest.mark.parametrize(
    "ours, theirs, std_of, kwargs",
    [
        (init.xavier_normal, torch.nn.init.xavier_normal_, init.xavier_std, {}),
        (init.xavier_normal, torch.nn.init.xavier_normal_, init.xavier_std, {"gain": 0.5}),
        (init.kaiming_normal, torch.nn.init.kaiming_normal_, init.kaiming_std, {}),
        (init.kaiming_normal, torch.nn.init.kaiming_normal_, init.kaiming_std, {"nonlinearity": "linear"}),
        (init.kaiming_normal, torch.nn.init.kaiming_normal_, init.kaiming_std, {"mode": "fan_out", "a": 0.2}),
    ],
)
def test_normal_schemes_have_torchs_std(ours, theirs, std_of, kwargs):
    std = std_of(BIG, **kwargs)
    t = torch.empty(BIG, dtype=torch.float64)
    theirs(t, generator=torch.Generator().manual_seed(0), **kwargs)
    assert_moments(t.numpy(), *normal_moments(0.0, std))
    w = ours(BIG, rng=1, **kwargs)
    assert w.shape == BIG and w.dtype == np.float64
    assert_moments(w, *normal_moments(0.0, std))


def test_uniform_and_normal_sample_statistics():
    w = init.uniform((500, 200), a=-0.5, b=2.0, rng=3)
    assert w.min() >= -0.5 and w.max() < 2.0
    assert_moments(w, *uniform_moments(-0.5, 2.0))
    w = init.normal((500, 200), mean=1.5, std=0.1, rng=3)
    assert_moments(w, *normal_moments(1.5, 0.1))
    # the defaults are those of torch: U(0, 1) and N(0, 1)
    assert_moments(init.uniform((100_000,), rng=4), *uniform_moments(0.0, 1.0))
    assert_moments(init.normal((100_000,), rng=4), *normal_moments(0.0, 1.0))


def test_a_wrong_std_would_fail_the_moment_check():
    # the statistical check has teeth: a std 3% off is rejected at this sample size
    w = init.normal(BIG, std=1.03, rng=0)
    with pytest.raises(AssertionError):
        assert_moments(w, *normal_moments(0.0, 1.0))


def test_pytorch_linear_default_variance_is_a_third_of_he():
    fan_in, fan_out = 250, 400
    with torch.random.fork_rng():
        torch.manual_seed(0)
        layer = nn.Linear(fan_in, fan_out)
    bound = 1 / math.sqrt(fan_in)
    assert math.isclose(math.sqrt(3) * init.kaiming_std((fan_out, fan_in), a=math.sqrt(5)), bound, rel_tol=1e-12)
    w = layer.weight.detach().double().numpy()
    assert np.abs(w).max() <= bound
    assert_moments(w, *uniform_moments(-bound, bound))  # Var = bound^2 / 3 = 1 / (3 fan_in)
    assert math.isclose(uniform_moments(-bound, bound)[1], 1 / (3 * fan_in), rel_tol=1e-12)
    assert np.abs(layer.bias.detach().numpy()).max() <= bound
    ours = init.kaiming_uniform((fan_out, fan_in), a=math.sqrt(5), rng=0)
    assert_moments(ours, *uniform_moments(-bound, bound))
    # and it is not He: He's variance is 2 / fan_in, six times larger
    assert init.kaiming_std((fan_out, fan_in)) ** 2 / (1 / (3 * fan_in)) == pytest.approx(6)


def test_constant_zeros_ones():
    np.testing.assert_array_equal(init.zeros((2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(init.ones((4,)), np.ones(4))
    np.testing.assert_array_equal(init.constant((2, 2), -0.25), np.full((2, 2), -0.25))
    for w in (init.zeros((2, 3)), init.ones((4,)), init.constant((1,), 2)):
        assert w.dtype == np.float64
    t = torch.empty(3, 2, dtype=torch.float64)
    torch.nn.init.constant_(t, 0.7)
    np.testing.assert_array_equal(init.constant((3, 2), 0.7), t.numpy())


@pytest.mark.parametrize("shape", [(), (0,), (3, 0), (2, 0, 4)])
def test_any_shape_for_the_plain_distributions(shape):
    for w in (
        init.uniform(shape, rng=0),
        init.normal(shape, rng=0),
        init.zeros(shape),
        init.ones(shape),
        init.constant(shape, 3.0),
    ):
        assert isinstance(w, np.ndarray) and w.shape == shape and w.dtype == np.float64


def test_uniform_with_equal_bounds_is_constant():
    np.testing.assert_array_equal(init.uniform((3,), a=2.0, b=2.0, rng=0), np.full(3, 2.0))


# ------------------------------------------------------------------- reproducibility

SAMPLERS = [
    lambda rng: init.uniform((20, 10), rng=rng),
    lambda rng: init.normal((20, 10), rng=rng),
    lambda rng: init.xavier_uniform((20, 10), rng=rng),
    lambda rng: init.xavier_normal((20, 10), rng=rng),
    lambda rng: init.kaiming_uniform((20, 10), rng=rng),
    lambda rng: init.kaiming_normal((20, 10), rng=rng),
]


@pytest.mark.parametrize("sample", SAMPLERS)
def test_seeds_reproduce(sample):
    np.testing.assert_array_equal(sample(7), sample(7))
    np.testing.assert_array_equal(sample(np.int64(7)), sample(7))
    assert not np.array_equal(sample(7), sample(8))
    assert not np.array_equal(sample(None), sample(None))
    # a Generator is used, not copied: it advances
    generator = np.random.default_rng(7)
    first, second = sample(generator), sample(generator)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, sample(7))
    replay = np.random.default_rng(7)
    sample(replay)
    np.testing.assert_array_equal(second, sample(replay))


# --------------------------------------------------------------------------- errors


def test_documented_errors():
    with pytest.raises(ValueError, match=r"mode must be one of \('fan_in', 'fan_out'\), got 'fan_middle'"):
        init.kaiming_normal((3, 4), mode="fan_middle")
    with pytest.raises(ValueError, match="mode"):
        init.kaiming_uniform((3, 4), mode="FAN_IN")
    with pytest.raises(TypeError, match="mode"):
        init.kaiming_std((3, 4), mode=None)
    with pytest.raises(ValueError, match="uniform needs a <= b, got a=1.0 and b=0.0"):
        init.uniform((2, 2), a=1, b=0)
    with pytest.raises(ValueError, match="a must be finite"):
        init.uniform((2, 2), a=-math.inf)
    with pytest.raises(ValueError, match="b - a"):
        init.uniform((2,), a=-1e308, b=1e308)
    with pytest.raises(ValueError, match="std must be >= 0, got -1.0"):
        init.normal((2,), std=-1)
    with pytest.raises(ValueError, match="std must be a real number, got nan"):
        init.normal((2,), std=float("nan"))
    with pytest.raises(ValueError, match="std must be finite"):
        init.normal((2,), std=math.inf)
    with pytest.raises(TypeError, match="mean"):
        init.normal((2,), mean="0")
    with pytest.raises(ValueError, match=r"fans needs a shape with at least 2 dimensions, got \(3,\)"):
        init.xavier_uniform((3,))
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        init.kaiming_normal((7,))
    with pytest.raises(ValueError, match=r"fan_in \+ fan_out > 0"):
        init.xavier_normal((0, 0))
    with pytest.raises(ValueError, match="fan_in > 0"):
        init.kaiming_uniform((3, 0))
    with pytest.raises(ValueError, match="gain must be >= 0"):
        init.xavier_uniform((3, 4), gain=-1)
    with pytest.raises(ValueError, match="gain must be finite"):
        init.xavier_normal((3, 4), gain=math.inf)
    with pytest.raises(TypeError, match="gain"):
        init.xavier_normal((3, 4), gain="1")
    with pytest.raises(TypeError, match="val must be a real number"):
        init.constant((2,), "1")
    with pytest.raises(ValueError, match="val"):
        init.constant((2,), float("nan"))
    with pytest.raises(TypeError, match="a must be a real number"):
        init.kaiming_std((3, 4), a=None)
    with pytest.raises(ValueError, match="nonlinearity"):
        init.kaiming_normal((3, 4), nonlinearity="gelu")


@pytest.mark.parametrize("function", [init.uniform, init.normal, init.xavier_uniform, init.kaiming_normal])
def test_rng_errors(function):
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy.random.Generator"):
        function((3, 4), rng="seed")
    with pytest.raises(TypeError, match="rng"):
        function((3, 4), rng=1.5)
    with pytest.raises(ValueError, match="rng must be a non-negative int seed"):
        function((3, 4), rng=-1)


@pytest.mark.parametrize("function", [init.uniform, init.normal, init.zeros, init.ones, init.xavier_normal, init.kaiming_uniform])
def test_shape_errors(function):
    with pytest.raises(ValueError, match="shape must contain non-negative ints, got -1"):
        function((3, -1))
    with pytest.raises(TypeError, match="shape must contain ints, got float 2.0"):
        function((2.0, 3))
    with pytest.raises(TypeError, match="pass a tuple"):
        function(4)


def test_import_does_not_load_torch():
    code = "import sys, nnprimer.init, nnprimer.grad; assert 'torch' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------------ apply_init


class Zoo(nn.Module):
    """One of every layer apply_init handles, plus layers it must leave alone."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(60, 40)
        self.c1 = nn.Conv1d(3, 8, 5)
        self.c2 = nn.Conv2d(4, 6, 3, groups=2)
        self.c3 = nn.Conv3d(2, 4, (2, 3, 3))
        self.t1 = nn.ConvTranspose1d(4, 2, 3)
        self.t2 = nn.ConvTranspose2d(5, 3, 3, bias=False)
        self.t3 = nn.ConvTranspose3d(2, 2, 2)
        self.bn = nn.BatchNorm1d(40)
        self.head = nn.Sequential(nn.ReLU(), nn.Linear(40, 10))
        self.emb = nn.Embedding(10, 4)  # last: its random draw comes after the layers'


def layers_of(model):
    return [m for m in model.modules() if isinstance(m, (nn.Linear, nn.modules.conv._ConvNd))]


def make_zoo(seed=0):
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return Zoo()


def test_zoo_has_every_layer_type():
    assert len(layers_of(make_zoo())) == 8


# scheme -> (torch function, extra fixed kwargs) used to replay apply_init exactly
REPLAY = {
    "uniform": (torch.nn.init.uniform_, {}),
    "normal": (torch.nn.init.normal_, {}),
    "xavier_uniform": (torch.nn.init.xavier_uniform_, {}),
    "xavier_normal": (torch.nn.init.xavier_normal_, {}),
    "kaiming_uniform": (torch.nn.init.kaiming_uniform_, {}),
    "kaiming_normal": (torch.nn.init.kaiming_normal_, {}),
    "orthogonal": (torch.nn.init.orthogonal_, {}),
    "trunc_normal": (torch.nn.init.trunc_normal_, {}),
    "lecun_normal": (torch.nn.init.kaiming_normal_, {"nonlinearity": "linear"}),
}


@pytest.mark.parametrize(
    "scheme, kwargs",
    [
        ("uniform", {"a": -0.2, "b": 0.3}),
        ("normal", {"mean": 0.1, "std": 0.02}),
        ("xavier_uniform", {"gain": 5 / 3}),
        ("xavier_normal", {}),
        ("kaiming_uniform", {"nonlinearity": "relu"}),
        ("kaiming_normal", {"a": 0.1, "mode": "fan_out"}),
        ("orthogonal", {"gain": 2.0}),
        ("trunc_normal", {"std": 0.5, "a": -0.6, "b": 1.0}),
        ("lecun_normal", {}),
        ("lecun_normal", {"mode": "fan_out"}),
    ],
)
def test_apply_init_calls_the_torch_function(scheme, kwargs):
    model = make_zoo()
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    returned = init.apply_init(model, scheme, rng=5, **kwargs)
    assert returned is model
    # replay: the same torch function, same kwargs, same generator stream, layer by layer
    function, fixed = REPLAY[scheme]
    replay_generator = torch.Generator().manual_seed(5)
    for layer in layers_of(model):
        expected = torch.empty_like(layer.weight)
        function(expected, generator=replay_generator, **fixed, **kwargs)
        torch.testing.assert_close(layer.weight.detach(), expected, rtol=0, atol=0)
        assert layer.weight.requires_grad and layer.weight.grad_fn is None
        if layer.bias is not None:
            assert torch.count_nonzero(layer.bias) == 0  # biases zero by default
    # parameters of other modules are untouched
    for name in ("bn.weight", "bn.bias", "emb.weight"):
        torch.testing.assert_close(dict(model.named_parameters())[name], before[name], rtol=0, atol=0)


@pytest.mark.parametrize(
    "scheme, kwargs, std_of",
    [
        ("xavier_normal", {}, lambda shape: init.xavier_std(shape)),
        ("kaiming_normal", {"nonlinearity": "relu"}, lambda shape: init.kaiming_std(shape, nonlinearity="relu")),
        ("lecun_normal", {}, lambda shape: init.kaiming_std(shape, nonlinearity="linear")),
        ("normal", {"std": 0.05}, lambda shape: 0.05),
    ],
)
def test_apply_init_normal_schemes_have_the_expected_std(scheme, kwargs, std_of):
    model = nn.Sequential(nn.Linear(300, 200), nn.Tanh(), nn.Conv2d(16, 100, 5))
    init.apply_init(model, scheme, rng=0, **kwargs)
    for layer in layers_of(model):
        std = std_of(tuple(layer.weight.shape))
        assert_moments(layer.weight.detach().double().numpy(), *normal_moments(0.0, std))


@pytest.mark.parametrize(
    "scheme, kwargs, bound_of",
    [
        ("xavier_uniform", {}, lambda shape: math.sqrt(3) * init.xavier_std(shape)),
        ("kaiming_uniform", {"nonlinearity": "relu"}, lambda shape: math.sqrt(3) * init.kaiming_std(shape, nonlinearity="relu")),
        ("glorot_standard", {}, lambda shape: 1 / math.sqrt(init.fans(shape)[0])),
        ("default", {}, lambda shape: 1 / math.sqrt(init.fans(shape)[0])),
    ],
)
def test_apply_init_uniform_schemes_fill_the_expected_bound(scheme, kwargs, bound_of):
    model = nn.Sequential(nn.Linear(300, 200), nn.Tanh(), nn.Conv2d(16, 100, 5))
    init.apply_init(model, scheme, rng=np.random.default_rng(0), **kwargs)
    for layer in layers_of(model):
        bound = bound_of(tuple(layer.weight.shape))
        w = layer.weight.detach().double().numpy()
        assert np.abs(w).max() <= bound * (1 + 1e-6)  # float32 rounding of the bound
        assert np.abs(w).max() >= bound * (1 - 1e-3)
        assert_moments(w, *uniform_moments(-bound, bound))


def test_apply_init_default_restores_pytorch_default_exactly():
    fresh = make_zoo(seed=3)
    model = make_zoo(seed=4)
    init.apply_init(model, "xavier_normal", bias=0.5)
    with torch.random.fork_rng():
        torch.manual_seed(3)
        init.apply_init(model, "default", bias="default")
    for layer, fresh_layer in zip(layers_of(model), layers_of(fresh)):
        torch.testing.assert_close(layer.weight, fresh_layer.weight, rtol=0, atol=0)
        if layer.bias is not None:
            torch.testing.assert_close(layer.bias, fresh_layer.bias, rtol=0, atol=0)


def test_apply_init_default_with_generator_has_default_bounds_and_reproduces():
    model = init.apply_init(make_zoo(), "default", bias="default", rng=1)
    again = init.apply_init(make_zoo(seed=9), "default", bias="default", rng=torch.Generator().manual_seed(1))
    for layer, other in zip(layers_of(model), layers_of(again)):
        bound = 1 / math.sqrt(init.fans(tuple(layer.weight.shape))[0])
        assert layer.weight.abs().max().item() <= bound * (1 + 1e-6)
        torch.testing.assert_close(layer.weight, other.weight, rtol=0, atol=0)
        if layer.bias is not None:
            assert layer.bias.abs().max().item() <= bound * (1 + 1e-6)
            assert torch.count_nonzero(layer.bias) == layer.bias.numel()


def test_apply_init_bias_options():
    model = init.apply_init(make_zoo(), "zeros", bias=0.25)
    for layer in layers_of(model):
        assert torch.count_nonzero(layer.weight) == 0
        if layer.bias is not None:
            assert torch.all(layer.bias == 0.25)
    model = init.apply_init(make_zoo(), "ones", bias="default", rng=0)
    for layer in layers_of(model):
        assert torch.all(layer.weight == 1)
        if layer.bias is not None:
            bound = 1 / math.sqrt(init.fans(tuple(layer.weight.shape))[0])
            assert 0 < layer.bias.abs().max().item() <= bound * (1 + 1e-6)
    model = init.apply_init(make_zoo(), "constant", val=-0.5)
    for layer in layers_of(model):
        assert torch.all(layer.weight == -0.5)


def test_apply_init_orthogonal_rows_are_orthonormal():
    layer = init.apply_init(nn.Linear(50, 20), "orthogonal", gain=3.0)
    w = layer.weight.detach().double()
    torch.testing.assert_close(w @ w.T, 9.0 * torch.eye(20, dtype=torch.float64), rtol=0, atol=1e-4)


def test_apply_init_without_generator_uses_the_global_seed():
    with torch.random.fork_rng():
        torch.manual_seed(0)
        first = init.apply_init(make_zoo(), "kaiming_normal").fc.weight.detach().clone()
        torch.manual_seed(0)
        second = init.apply_init(make_zoo(), "kaiming_normal").fc.weight.detach().clone()
    torch.testing.assert_close(first, second, rtol=0, atol=0)


def test_apply_init_errors():
    model = make_zoo()
    with pytest.raises(ValueError, match=r"scheme must be one of \('default', .*'glorot_standard'\), got 'he'"):
        init.apply_init(model, "he")
    assert set(init.SCHEMES) == set(REPLAY) | {"default", "zeros", "ones", "constant", "glorot_standard"}
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        init.apply_init(torch.zeros(3, 3), "zeros")
    with pytest.raises(TypeError, match="unexpected keyword argument 'nonlinearity' for scheme 'xavier_uniform'"):
        init.apply_init(model, "xavier_uniform", nonlinearity="relu")
    with pytest.raises(TypeError, match="'gain'.*'lecun_normal'"):
        init.apply_init(model, "lecun_normal", gain=2.0)
    with pytest.raises(TypeError, match="'std'.*'default'.*no keyword arguments"):
        init.apply_init(model, "default", std=1.0)
    with pytest.raises(TypeError, match="'val'"):
        init.apply_init(model, "constant")
    with pytest.raises(ValueError, match="mode must be one of"):
        init.apply_init(model, "kaiming_uniform", mode="fan_middle")
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        init.apply_init(model, "kaiming_normal", nonlinearity="swishy")
    with pytest.raises(ValueError, match="std must be >= 0"):
        init.apply_init(model, "normal", std=-1.0)
    with pytest.raises(ValueError, match="uniform needs a <= b"):
        init.apply_init(model, "uniform", a=1.0, b=0.0)
    with pytest.raises(ValueError, match="bias must be a number or 'default', got 'zero'"):
        init.apply_init(model, "zeros", bias="zero")
    with pytest.raises(ValueError, match="bias must be a real number, got nan"):
        init.apply_init(model, "zeros", bias=float("nan"))
    with pytest.raises(TypeError, match=r"rng must be None, an int seed, a numpy.random.Generator or a "
                                        r"torch.Generator, got str 'seed'"):
        init.apply_init(model, "xavier_normal", rng="seed")
    with pytest.raises(ValueError, match=r"rng must be an int seed in \[0, 2\*\*64\), got -3"):
        init.apply_init(model, "xavier_normal", rng=-3)
    with pytest.raises(ValueError, match="found no nn.Linear"):
        init.apply_init(nn.Sequential(nn.ReLU(), nn.BatchNorm1d(3)), "zeros")
    with pytest.raises(ValueError, match="forward pass"):
        init.apply_init(nn.LazyLinear(3), "zeros")
    # a failed call changed nothing
    torch.testing.assert_close(model.fc.weight, make_zoo().fc.weight, rtol=0, atol=0)


def test_apply_init_rng_forms_and_the_deprecated_generator_keyword():
    """rng: an int seed is torch.Generator().manual_seed(seed); a numpy Generator gives a
    seed; generator= still works, with a DeprecationWarning. None of them touches torch's
    global generator."""
    state = torch.random.get_rng_state()
    by_int = init.apply_init(make_zoo(), "kaiming_normal", rng=3).fc.weight
    by_torch = init.apply_init(make_zoo(), "kaiming_normal", rng=torch.Generator().manual_seed(3)).fc.weight
    torch.testing.assert_close(by_int, by_torch, rtol=0, atol=0)
    by_numpy = [init.apply_init(make_zoo(), "kaiming_normal", rng=np.random.default_rng(4)).fc.weight for _ in range(2)]
    torch.testing.assert_close(by_numpy[0], by_numpy[1], rtol=0, atol=0)
    with pytest.warns(DeprecationWarning, match=r"apply_init\(generator=\.\.\.\) is deprecated; use rng="):
        old = init.apply_init(make_zoo(), "kaiming_normal", generator=torch.Generator().manual_seed(3)).fc.weight
    torch.testing.assert_close(old, by_int, rtol=0, atol=0)
    assert torch.equal(torch.random.get_rng_state(), state)
