"""One randomness argument and one result type (issue 15 §3).

* every function of nnprimer.stats and of the chapters that draws random numbers takes
  ``rng`` (None, an int seed or a numpy Generator): the same int gives the same result, a
  Generator works, and no call changes the global generators of Python, numpy or torch;
  the old ``seed=`` still works for a release, with a DeprecationWarning;
* a result with named fields is a frozen dataclass whose docstring names every field; the
  ones that were dicts or tuples in 0.1 still answer ``r["key"]`` or unpack, with a
  DeprecationWarning that names the attribute.
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest

from nnprimer import activations, chapters, grad, stats

torch = pytest.importorskip("torch")
from nnprimer import data, train  # noqa: E402 -- needs torch


@pytest.fixture(scope="module")
def tiny():
    d = data.digits(rng=0)
    return d.X_train[:80], d.y_train[:80]


def _recorded_problem(rng):
    """The problem that check.two_layer_backward draws, as the answer sees it."""
    seen = []
    chapters.backprop.check.two_layer_backward(lambda p, X, y: seen.append((p["W1"], X, y)) or {}, rng=rng)
    return seen[0]


X_FIT = np.linspace(-1, 1, 41)

#: name -> (function of rng returning what the call computed, whether rng=None keeps the globals)
CASES = {
    "stats.forward_statistics": lambda rng, d: stats.forward_statistics(
        "tanh", depth=2, width=8, scheme="xavier_normal", n=16, rng=rng),
    "relu.born_dead_curve": lambda rng, d: chapters.relu.born_dead_curve(3, 4, trials=200, rng=rng),
    "relu.born_dead_probability": lambda rng, d: chapters.relu.born_dead_probability(3, 4, trials=200, rng=rng),
    "sigmoid.grad_norms_at_init": lambda rng, d: chapters.sigmoid.grad_norms_at_init(
        "sigmoid", depths=[2], inits={"x": ("xavier_normal", {})}, data=d, width=8, rng=rng),
    "backprop.two_layer_params": lambda rng, d: chapters.backprop.two_layer_params(3, 4, 2, rng=rng),
    "backprop.check.two_layer_backward": lambda rng, d: _recorded_problem(rng),
    "initialisation.activation_histograms": lambda rng, d: chapters.initialisation.activation_histograms(
        "tanh", "xavier_normal", depth=2, width=8, n=16, rng=rng),
    "initialisation.init_layer_statistics": lambda rng, d: chapters.initialisation.init_layer_statistics(
        "tanh", "xavier_normal", d[0], d[1], depth=2, width=8, rng=rng),
    "vanishing.matrix_product_norms": lambda rng, d: chapters.vanishing.matrix_product_norms(
        [0.5, 2.0], width=8, depth=4, rng=rng),
    "vanishing.glorot_2010": lambda rng, d: chapters.vanishing.glorot_2010(width=16, depth=2, n=32, rng=rng),
    "vanishing.gradient_flow": lambda rng, d: chapters.vanishing.gradient_flow(
        "tanh", depth=2, data=d, width=8, rng=rng),
    "vanishing.he_2015": lambda rng, d: chapters.vanishing.he_2015(
        {"k": ("kaiming_normal", {"nonlinearity": "relu"})}, data=d, depth=2, width=8, runs=2, epochs=1, rng=rng),
    "vanishing.rnn_gradient_norms": lambda rng, d: chapters.vanishing.rnn_gradient_norms(
        1.0, steps=5, width=4, rng=rng),
    "why.train_relu_net": lambda rng, d: chapters.why.train_relu_net(X_FIT, X_FIT**2, 3, steps=5, rng=rng),
    "why.train_relu_net(start=...)": lambda rng, d: chapters.why.train_relu_net(
        X_FIT, X_FIT**2, 3, start=chapters.why.relu_fit(X_FIT, X_FIT**2, 3), steps=5, rng=rng),
    "activations.rrelu": lambda rng, d: activations.rrelu(-np.ones(50), training=True, rng=rng),
    "activations.rrelu.torch": lambda rng, d: activations.rrelu.torch(-torch.ones(50), training=True, rng=rng),
}
#: rng=None draws from torch's global generator here, as torch.nn.functional.rrelu does (documented)
NONE_USES_GLOBALS = {"activations.rrelu.torch"}


def _arrays(value) -> list[np.ndarray]:
    """Every number a result holds, as a list of arrays (records, dicts, lists, tensors, modules)."""
    if dataclasses.is_dataclass(value):
        return [a for f in dataclasses.fields(value) for a in _arrays(getattr(value, f.name))]
    if isinstance(value, dict):
        return [a for key in value for a in _arrays(value[key])]
    if isinstance(value, (list, tuple)):
        return [a for item in value for a in _arrays(item)]
    if isinstance(value, torch.nn.Module):
        return [t.detach().numpy() for t in value.state_dict().values()]
    if isinstance(value, torch.Tensor):
        return [value.detach().numpy()]
    return [np.asarray(value)]


def _same(a, b) -> bool:
    xs, ys = _arrays(a), _arrays(b)
    return len(xs) == len(ys) and all(np.array_equal(x, y, equal_nan=x.dtype.kind == "f") for x, y in zip(xs, ys))


def _global_states():
    states = [random.getstate(), np.random.get_state(), torch.random.get_rng_state()]
    if torch.cuda.is_available():
        states.append(torch.cuda.get_rng_state_all())
    return states


def _assert_states_equal(before, after, name):
    assert before[0] == after[0], f"{name} changed Python's global random state"
    assert before[1][0] == after[1][0] and np.array_equal(before[1][1], after[1][1]) \
        and before[1][2:] == after[1][2:], f"{name} changed numpy's global random state"
    assert torch.equal(before[2], after[2]), f"{name} changed torch's global CPU generator"
    if len(before) > 3:
        assert all(torch.equal(x, y) for x, y in zip(before[3], after[3])), f"{name} changed a CUDA generator"


@pytest.fixture
def unusual_global_state():
    """Globals seeded with a value no function uses, and moved on a step, then put back."""
    saved = _global_states()
    random.seed(98765)
    np.random.seed(98765)
    torch.manual_seed(98765)
    random.random(), np.random.random(), torch.rand(1)
    yield
    random.setstate(saved[0])
    np.random.set_state(saved[1])
    torch.random.set_rng_state(saved[2])


@pytest.mark.parametrize("name", sorted(CASES))
def test_rng_int_repeats_a_generator_works_and_globals_stay(name, tiny, unusual_global_state):
    call = CASES[name]
    rngs = [3, 3, np.random.default_rng(5), np.random.default_rng(5)]
    if name not in NONE_USES_GLOBALS:
        rngs.append(None)
    results = []
    for rng in rngs:
        before = _global_states()
        results.append(call(rng, tiny))
        _assert_states_equal(before, _global_states(), f"{name}(rng={rng!r})")
    assert _same(results[0], results[1]), "the same int seed gave different results"
    assert _same(results[2], results[3]), "Generators in the same state gave different results"
    assert type(results[2]) is type(results[0])


def test_a_generator_is_drawn_from_not_copied():
    g = np.random.default_rng(0)
    first = chapters.vanishing.matrix_product_norms([1.0], width=4, depth=3, rng=g)[1.0]
    second = chapters.vanishing.matrix_product_norms([1.0], width=4, depth=3, rng=g)[1.0]
    assert not np.array_equal(first, second)


@pytest.mark.parametrize("bad, error", [("0", TypeError), (1.5, TypeError), (True, TypeError), (-1, ValueError)])
def test_a_bad_rng_names_the_argument(bad, error):
    for call in (lambda: stats.forward_statistics("tanh", depth=1, width=2, scheme="xavier_normal", rng=bad),
                 lambda: chapters.vanishing.rnn_gradient_norms(1.0, steps=2, width=2, rng=bad),
                 lambda: chapters.why.train_relu_net(X_FIT, X_FIT, 2, steps=1, rng=bad)):
        with pytest.raises(error, match="rng must be"):
            call()


#: the functions that took seed= in 0.1, with a small call
OLD_SEED = {
    "forward_statistics": (stats.forward_statistics, ("tanh",),
                           dict(depth=2, width=4, scheme="xavier_normal", n=8)),
    "born_dead_curve": (chapters.relu.born_dead_curve, (2, 3), dict(trials=50)),
    "born_dead_probability": (chapters.relu.born_dead_probability, (2, 3), dict(trials=50)),
    "two_layer_params": (chapters.backprop.two_layer_params, (2, 3, 2), {}),
    "activation_histograms": (chapters.initialisation.activation_histograms, ("tanh", "xavier_normal"),
                              dict(depth=2, width=4, n=8)),
    "matrix_product_norms": (chapters.vanishing.matrix_product_norms, ([1.0],), dict(width=4, depth=2)),
    "glorot_2010": (chapters.vanishing.glorot_2010, (), dict(width=8, depth=2, n=8)),
    "rnn_gradient_norms": (chapters.vanishing.rnn_gradient_norms, (1.0,), dict(steps=3, width=4)),
    "train_relu_net": (chapters.why.train_relu_net, (X_FIT, X_FIT**2, 2), dict(steps=3)),
}


@pytest.mark.parametrize("name", sorted(OLD_SEED))
def test_the_old_seed_keyword_still_works_with_a_warning(name):
    function, args, kwargs = OLD_SEED[name]
    with pytest.warns(DeprecationWarning, match=rf"{name}\(seed=\.\.\.\) is deprecated; use rng="):
        old = function(*args, seed=7, **kwargs)
    assert _same(old, function(*args, rng=7, **kwargs))
    with pytest.raises(TypeError, match="got both rng= and its old name seed="):
        function(*args, seed=7, rng=7, **kwargs)


# ----------------------------------------------------------------------------- results

RECORDS = [stats.Estimate, stats.ForwardStatistics, grad.FdErrorCurve, train.ActivationStats,
           chapters.relu.BornDeadCurve, chapters.tanh.Float32Error, chapters.softmax.SoftmaxSaturation,
           chapters.softmax.SoftmaxTemperature, chapters.backprop.FdStepEstimate,
           chapters.initialisation.ActivationHistograms, chapters.initialisation.InitLayerStatistics,
           chapters.vanishing.GlorotStds, chapters.why.TrainedReluNet]


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.__name__)
def test_a_record_is_a_frozen_dataclass_that_documents_every_field(record):
    assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen
    doc = record.__doc__ or ""
    missing = [f.name for f in dataclasses.fields(record) if f"\n    {f.name} :" not in doc]
    assert not missing, f"{record.__name__}'s docstring does not list {missing}"


def test_a_former_dict_answers_keys_with_a_warning_naming_the_attribute():
    s = stats.forward_statistics("tanh", depth=2, width=4, scheme="xavier_normal", n=8, rng=0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.var = np.zeros(2)
    with pytest.warns(DeprecationWarning, match=r"ForwardStatistics\['var'\]: ForwardStatistics is a record in "
                                                r"nnprimer 0\.2, not a dict; use \.var instead"):
        assert s["var"] is s.var
    with pytest.warns(DeprecationWarning, match=r"ForwardStatistics is a record in nnprimer 0\.2, not a dict: "
                                                r"\.items\(\) will stop working in 0\.3; use its attributes "
                                                r"\.mean, \.var, \.second_moment, \.pre_var"):
        assert [k for k, _ in s.items()] == ["mean", "var", "second_moment", "pre_var"]
    with pytest.warns(DeprecationWarning, match="in nnprimer 0.2"):
        assert "pre_var" in s and "nope" not in s
    with pytest.raises(KeyError):
        s["nope"]


def test_a_former_tuple_unpacks_and_indexes_with_a_warning():
    est = chapters.relu.born_dead_probability(2, 3, trials=100, rng=0)
    with pytest.warns(DeprecationWarning, match=r"Estimate is a record in nnprimer 0\.2, not a tuple: unpacking or "
                                                r"iterating over it will stop working in 0\.3; use its attributes "
                                                r"\.value, \.stderr, \.trials"):
        value, stderr, trials = est
    assert (value, stderr, trials) == (est.value, est.stderr, est.trials)
    with pytest.warns(DeprecationWarning, match="not a tuple: indexing it"):
        assert est[0] == est.value and est[-1] == 100
    with pytest.raises(TypeError, match=r"use the attribute \.value"):
        est["value"]
    assert est == dataclasses.replace(est) and bool(est)
    curve = chapters.relu.born_dead_curve(2, 3, trials=100, rng=0)
    with pytest.warns(DeprecationWarning, match="BornDeadCurve"):
        p, se = curve
    assert p is curve.probability and se is curve.stderr
