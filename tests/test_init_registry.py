"""The one registry of initialisation schemes, nnprimer.init.REGISTRY: numpy and torch agree.

For every scheme name: it samples in numpy (:func:`init.sample`) and initialises a torch layer
(:func:`init.apply_init`); for the random ones, both sides have the formula's standard
deviation and bound and pass a two-sample Kolmogorov-Smirnov test against each other (and
the test rejects a distribution that is slightly off). Bad names and keyword arguments give
the same error on both sides. The explorers' menus and the rest of the package name
registry schemes only.

Expected values come from the formulas written out here, not from nnprimer's own std
functions, and not from a previous run.
"""

from __future__ import annotations

import ast
import inspect
import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as scipy_stats

from nnprimer import init

torch = pytest.importorskip("torch")
nn = torch.nn

PACKAGE = Path(init.__file__).parent

# The weights compared: nn.Linear(200, 300) and nn.Conv2d(16, 64, 3), stored (out, in, *kernel).
LAYERS = {
    "linear": ((300, 200), lambda: nn.Linear(200, 300)),
    "conv": ((64, 16, 3, 3), lambda: nn.Conv2d(16, 64, 3)),
}


def _fans(shape):
    r = math.prod(shape[2:])
    return shape[1] * r, shape[0] * r


def _trunc(mean, std, a, b):
    """Mean and std of N(mean, std^2) cut to [a, b], from scipy (an independent reference)."""
    d = scipy_stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std)
    return d.mean(), d.std()


# scheme -> (kwargs, shape -> (mean, std, support)), support = (low, high) that the values
# fill (uniform schemes), lie in (trunc_normal) or None. Written from the formulas.
RANDOM = {
    "default": ({}, lambda s: (0.0, 1 / math.sqrt(3 * _fans(s)[0]),
                               (-1 / math.sqrt(_fans(s)[0]), 1 / math.sqrt(_fans(s)[0])))),
    "uniform": ({"a": -0.2, "b": 0.3}, lambda s: (0.05, 0.5 / math.sqrt(12), (-0.2, 0.3))),
    "normal": ({"mean": 0.1, "std": 0.02}, lambda s: (0.1, 0.02, None)),
    "xavier_uniform": ({"gain": 5 / 3}, lambda s: (0.0, 5 / 3 * math.sqrt(2 / sum(_fans(s))),
                                                  (-5 / 3 * math.sqrt(6 / sum(_fans(s))),
                                                   5 / 3 * math.sqrt(6 / sum(_fans(s)))))),
    "xavier_normal": ({}, lambda s: (0.0, math.sqrt(2 / sum(_fans(s))), None)),
    "kaiming_uniform": ({"nonlinearity": "relu"}, lambda s: (0.0, math.sqrt(2 / _fans(s)[0]),
                                                            (-math.sqrt(6 / _fans(s)[0]),
                                                             math.sqrt(6 / _fans(s)[0])))),
    "kaiming_normal": ({"a": 0.1, "mode": "fan_out"},
                       lambda s: (0.0, math.sqrt(2 / (1 + 0.1**2)) / math.sqrt(_fans(s)[1]), None)),
    # gain * Q: the squares of a (semi-)orthogonal rows x cols matrix sum to min(rows, cols)
    "orthogonal": ({"gain": 2.0}, lambda s: (0.0, 2 / math.sqrt(max(s[0], math.prod(s[1:]))), None)),
    "trunc_normal": ({"mean": 0.01, "std": 0.05, "a": -0.06, "b": 0.1},
                     lambda s: (*_trunc(0.01, 0.05, -0.06, 0.1), (-0.06, 0.1))),
    "lecun_normal": ({}, lambda s: (0.0, 1 / math.sqrt(_fans(s)[0]), None)),
    "glorot_standard": ({}, lambda s: (0.0, 1 / math.sqrt(3 * _fans(s)[0]),
                                       (-1 / math.sqrt(_fans(s)[0]), 1 / math.sqrt(_fans(s)[0])))),
}
CONSTANT = {"zeros": ({}, 0.0), "ones": ({}, 1.0), "constant": ({"val": -0.3}, -0.3)}


def torch_weights(layer: str, scheme: str, kwargs: dict, seed: int = 0) -> np.ndarray:
    _, make = LAYERS[layer]
    module = init.apply_init(make(), scheme, rng=seed, **kwargs)
    return module.weight.detach().double().numpy()


def ks_critical(n: int, m: int, alpha: float = 1e-3) -> float:
    """The two-sample KS statistic that equal distributions exceed with probability ``alpha``
    (asymptotic Kolmogorov distribution: c(alpha) = sqrt(-ln(alpha / 2) / 2) = 1.95 for 1e-3).

    The draws use fixed seeds, so each comparison is deterministic; alpha = 1e-3 means a
    correct pair of samplers would fail on about 1 seed in 1000, while
    test_ks_rejects_a_slightly_wrong_distribution shows that a 10 % error in the std or
    swapped fans land far above the line at these sample sizes (9216 and 60000 values)."""
    return math.sqrt(-math.log(alpha / 2) / 2) * math.sqrt((n + m) / (n * m))


def assert_formula(w: np.ndarray, mean: float, std: float, support) -> None:
    """Sample mean and std within 5 standard errors of the formula's; the support filled."""
    x = w.ravel()
    n = x.size
    assert abs(x.mean() - mean) <= 5 * std / math.sqrt(n)
    # relative standard error of a sample std: sqrt((kurtosis - 1) / (4 n)) <= 1/sqrt(2 n)
    # for the normal (kurtosis 3) and every lighter-tailed scheme here
    assert abs(x.std() / std - 1) <= 5 / math.sqrt(2 * n)
    if support is not None:
        low, high = support
        slack = 1e-6 * (high - low)  # float32 rounding of torch's bound
        assert x.min() >= low - slack and x.max() <= high + slack
        if not np.isclose(low, -0.06):  # the uniform schemes fill their interval (not trunc_normal)
            # P(no value within 1e-3 of an end) = (1 - 1e-3 / 2)^n, below e^-4 for n = 9216
            assert x.min() <= low + 1e-3 * (high - low) and x.max() >= high - 1e-3 * (high - low)


# --------------------------------------------------------------------------- the registry


def test_schemes_is_the_tuple_of_registry_names():
    assert isinstance(init.SCHEMES, tuple) and init.SCHEMES == tuple(init.REGISTRY)
    assert set(init.SCHEMES) == set(RANDOM) | set(CONSTANT)
    for name, scheme in init.REGISTRY.items():
        assert isinstance(scheme, init.Scheme) and scheme.name == name and scheme.formula
        assert scheme.random == (name in RANDOM)
        assert set(scheme.required) <= set(scheme.keywords)
        assert init.lookup(name) is scheme
    with pytest.raises(TypeError):
        init.REGISTRY["mine"] = init.REGISTRY["default"]  # read-only


def test_keywords_are_those_of_the_numpy_and_torch_functions_of_the_same_name():
    """A scheme named after a torch.nn.init function takes exactly that function's keyword
    arguments, and the numpy function of that name the same ones: nothing to translate."""
    skip = {"tensor", "generator", "shape", "rng", "layout"}
    for name, scheme in init.REGISTRY.items():
        torch_function = getattr(nn.init, name + "_", None)
        if torch_function is None:
            assert name in ("default", "lecun_normal", "glorot_standard")
            continue
        torch_names = [p for p in inspect.signature(torch_function).parameters if p not in skip]
        numpy_names = [p for p in inspect.signature(getattr(init, name)).parameters if p not in skip]
        assert list(scheme.keywords) == torch_names == numpy_names, name


@pytest.mark.parametrize("layer", sorted(LAYERS))
@pytest.mark.parametrize("name", init.SCHEMES)
def test_every_scheme_samples_in_numpy_and_initialises_a_torch_layer(name, layer):
    shape, _ = LAYERS[layer]
    kwargs = RANDOM[name][0] if name in RANDOM else CONSTANT[name][0]
    ours = init.sample(name, shape, rng=0, **kwargs)
    transposed = (shape[1], shape[0]) + shape[2:]
    in_out = init.sample(name, transposed, rng=0, layout="in_out", **kwargs)
    theirs = torch_weights(layer, name, kwargs)
    assert ours.shape == theirs.shape == shape and in_out.shape == transposed
    assert ours.dtype == in_out.dtype == np.float64
    assert np.all(np.isfinite(ours)) and np.all(np.isfinite(theirs))
    if name in CONSTANT:
        assert np.all(ours == CONSTANT[name][1]) and np.all(theirs == np.float32(CONSTANT[name][1]))
    else:
        assert np.unique(ours).size > ours.size // 2  # random, not a constant


@pytest.mark.parametrize("layer", sorted(LAYERS))
@pytest.mark.parametrize("name", sorted(RANDOM))
def test_numpy_and_torch_follow_the_formula_and_the_same_distribution(name, layer):
    shape, _ = LAYERS[layer]
    kwargs, expected = RANDOM[name]
    ours = init.sample(name, shape, rng=0, **kwargs)
    theirs = torch_weights(layer, name, kwargs)
    assert_formula(ours, *expected(shape))
    assert_formula(theirs, *expected(shape))
    d = scipy_stats.ks_2samp(ours.ravel(), theirs.ravel()).statistic
    assert d < ks_critical(ours.size, theirs.size), f"{name}: KS statistic {d:.4f}"


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_the_in_out_layout_draws_the_same_layer_stored_transposed(name):
    """layout="in_out": a weight stored (in, out) for X @ W has the distribution of the
    (out, in) weight transposed, fans included."""
    kwargs, expected = RANDOM[name]
    for shape in (LAYERS["linear"][0], LAYERS["conv"][0]):
        w = init.sample(name, (shape[1], shape[0]) + shape[2:], rng=1, layout="in_out", **kwargs)
        assert_formula(w, *expected(shape))
        if name == "orthogonal":  # the (out, in * kernel) view is (semi-)orthogonal
            m = w.swapaxes(0, 1).reshape(shape[0], -1)
            small = min(m.shape)
            gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
            np.testing.assert_allclose(gram, 4.0 * np.eye(small), atol=1e-10)


def test_default_is_what_a_fresh_pytorch_layer_draws():
    """"default" in numpy against the weights nn.Linear and nn.Conv2d get when built."""
    for layer, (shape, make) in LAYERS.items():
        with torch.random.fork_rng():
            torch.manual_seed(0)
            fresh = make().weight.detach().double().numpy()
        ours = init.sample("default", shape, rng=0)
        assert_formula(fresh, *RANDOM["default"][1](shape))
        d = scipy_stats.ks_2samp(ours.ravel(), fresh.ravel()).statistic
        assert d < ks_critical(ours.size, fresh.size), layer


def test_default_in_numpy_draws_the_numbers_of_uniform_with_the_default_bound():
    """The explorers' "PyTorch default" used to be uniform(±1/sqrt(width)); "default" draws
    the very same numbers for the same seed, so their frames did not change."""
    for shape in ((128, 128), (300, 200)):
        bound = 1 / math.sqrt(shape[1])
        np.testing.assert_array_equal(init.sample("default", shape, rng=5), init.uniform(shape, -bound, bound, rng=5))
        np.testing.assert_array_equal(init.sample("glorot_standard", shape, rng=5), init.sample("default", shape, rng=5))


def test_sample_draws_what_the_numpy_function_of_the_same_name_draws():
    for name in ("uniform", "normal", "xavier_uniform", "xavier_normal", "kaiming_uniform", "kaiming_normal",
                 "orthogonal", "trunc_normal"):
        kwargs = RANDOM[name][0]
        np.testing.assert_array_equal(init.sample(name, (30, 20), rng=3, **kwargs),
                                      getattr(init, name)((30, 20), rng=3, **kwargs))
    np.testing.assert_array_equal(init.sample("lecun_normal", (30, 20), rng=3, mode="fan_out"),
                                  init.kaiming_normal((30, 20), mode="fan_out", nonlinearity="linear", rng=3))
    np.testing.assert_array_equal(init.sample("kaiming_normal", (20, 30), rng=3, layout="in_out"),
                                  init.kaiming_normal((20, 30), rng=3, layout="in_out"))


def test_ks_rejects_a_slightly_wrong_distribution():
    """The power behind the KS checks above: at the same sizes, near misses are rejected."""
    shape = LAYERS["linear"][0]
    near_misses = [
        # a 10 % error in the std
        (init.sample("normal", shape, rng=0, std=1.1), torch_weights("linear", "normal", {})),
        # fans swapped: the (300, 200) weight drawn as if stored (in, out)
        (init.sample("kaiming_normal", shape, rng=0, layout="in_out"), torch_weights("linear", "kaiming_normal", {})),
        # PyTorch's default against He uniform
        (init.sample("default", shape, rng=0), torch_weights("linear", "kaiming_uniform", {"nonlinearity": "relu"})),
    ]
    for ours, theirs in near_misses:
        d = scipy_stats.ks_2samp(ours.ravel(), theirs.ravel()).statistic
        assert d > 2 * ks_critical(ours.size, theirs.size)


# ----------------------------------------------------------------------------------- errors

BAD_CALLS = [
    ("he", {}),
    (3, {}),
    ("xavier_uniform", {"nonlinearity": "relu"}),
    ("default", {"std": 1.0}),
    ("lecun_normal", {"gain": 2.0}),
    ("constant", {}),
    ("kaiming_uniform", {"mode": "fan_middle"}),
    ("kaiming_normal", {"nonlinearity": "swishy"}),
    ("normal", {"std": -1.0}),
    ("normal", {"mean": "0"}),
    ("uniform", {"a": 1.0, "b": 0.0}),
    ("uniform", {"b": float("inf")}),
    ("xavier_normal", {"gain": float("nan")}),
    ("trunc_normal", {"a": 1.0, "b": 1.0}),
    ("trunc_normal", {"std": 0.0}),
    ("trunc_normal", {"mean": 50.0, "a": -1.0, "b": 1.0}),
]


@pytest.mark.parametrize("scheme, kwargs", BAD_CALLS)
def test_numpy_and_torch_raise_the_same_error(scheme, kwargs):
    with pytest.raises((TypeError, ValueError)) as numpy_error:
        init.sample(scheme, (4, 3), rng=0, **kwargs)
    with pytest.raises((TypeError, ValueError)) as torch_error:
        init.apply_init(nn.Linear(3, 4), scheme, rng=0, **kwargs)
    assert type(numpy_error.value) is type(torch_error.value)
    assert str(numpy_error.value) == str(torch_error.value)


def test_error_messages_name_the_argument_the_expected_and_the_received():
    with pytest.raises(ValueError, match=r"scheme must be one of \('default', 'uniform', .*\), got 'he'"):
        init.sample("he", (4, 3))
    with pytest.raises(TypeError, match=r"scheme must be one of .*, got int 3"):
        init.sample(3, (4, 3))
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'nonlinearity' for scheme 'xavier_uniform'; "
                                        r"it accepts \('gain',\)"):
        init.sample("xavier_uniform", (4, 3), nonlinearity="relu")
    with pytest.raises(TypeError, match="'std' for scheme 'default'; it accepts no keyword arguments"):
        init.sample("default", (4, 3), std=1.0)
    with pytest.raises(TypeError, match="scheme 'constant' needs the keyword argument 'val', got no keyword arguments"):
        init.sample("constant", (4, 3))
    with pytest.raises(ValueError, match=r"layout must be one of \('out_in', 'in_out'\), got 'in,out'"):
        init.sample("default", (4, 3), layout="in,out")
    with pytest.raises(TypeError, match="rng must be None, an int seed or a numpy.random.Generator, got str 'x'"):
        init.sample("zeros", (4, 3), rng="x")  # checked even where it is not used
    with pytest.raises(ValueError, match="fans needs a shape with at least 2 dimensions"):
        init.sample("default", (4,))


def test_mlp_checks_init_kwargs_for_default_too():
    from nnprimer import train

    with pytest.raises(TypeError, match="'std' for scheme 'default'; it accepts no keyword arguments"):
        train.mlp([4, 3, 2], init="default", init_kwargs={"std": 1.0})
    with pytest.raises(ValueError, match="scheme must be one of"):
        train.mlp([4, 3, 2], init="he")


# --------------------------------------------------------------------------- menus (choices)


def test_the_explorers_offer_registry_schemes_only():
    from nnprimer.chapters.initialisation import INIT_SCHEMES
    from nnprimer.chapters.vanishing import FLOW_INITS

    for menu in (INIT_SCHEMES, FLOW_INITS):
        for label, offered in menu.items():
            assert isinstance(offered, init.SchemeChoice) and offered.scheme in init.SCHEMES, label
            init.lookup(offered.scheme).check(offered.kwargs)
    assert INIT_SCHEMES["PyTorch default"] == ("default", {})
    assert FLOW_INITS["default"] == ("default", {})


def test_choices_errors_name_the_label():
    with pytest.raises(ValueError, match=r"choices\['He'\]: scheme must be one of .*, got 'he'"):
        init.choices({"He": ("he", {})})
    with pytest.raises(TypeError, match=r"choices\['He'\]: unexpected keyword argument 'gain' for scheme 'kaiming_normal'"):
        init.choices({"He": ("kaiming_normal", {"gain": 2.0})})
    with pytest.raises(TypeError, match=r"choices\['He'\] must be a pair \(scheme, kwargs dict or None\), got str"):
        init.choices({"He": "kaiming_normal"})
    with pytest.raises(TypeError, match="non-empty mapping"):
        init.choices({})


# ------------------------------------------------------------------- no fifth vocabulary


def _scheme_literals(tree: ast.AST):
    """Literals that spell out schemes: a dict with a value ``("scheme", ...)`` outside a call
    of ``choices``, or a tuple, list or set of two or more scheme names."""
    inside_choices = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "choices":
            inside_choices.update(id(arg) for arg in node.args)

    def name(node):
        return node.value if isinstance(node, ast.Constant) and node.value in init.SCHEMES else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and id(node) not in inside_choices:
            if any(isinstance(v, ast.Tuple) and v.elts and name(v.elts[0]) for v in node.values):
                yield node.lineno
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            if sum(name(e) is not None for e in node.elts) >= 2:
                yield node.lineno


def test_the_finder_of_scheme_vocabularies_finds_the_old_ones():
    old = '''
FLOW_INITS = {"default": ("default", {}), "xavier_normal": ("xavier_normal", {})}
if fn is None or scheme in ("zeros", "ones", "constant"):
    pass
MENU = choices({"He": ("kaiming_normal", {"nonlinearity": "relu"})})
'''
    assert list(_scheme_literals(ast.parse(old))) == [2, 3]


def test_no_other_vocabulary_of_schemes_in_the_package():
    """Scheme names are listed in one place, nnprimer/init.py; a menu elsewhere goes
    through init.choices, which checks it against the registry."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "init.py" and path.parent == PACKAGE:
            continue
        lines = list(_scheme_literals(ast.parse(path.read_text(encoding="utf-8"))))
        if lines:
            found[str(path.relative_to(PACKAGE))] = lines
    assert not found, f"scheme names listed outside nnprimer.init (use init.REGISTRY / init.choices): {found}"
