"""Tests of the companion helpers the tanh chapter uses (nnprimer.chapters.tanh)."""

import math

import numpy as np
import pytest

import nnprimer
from nnprimer import chapters
from nnprimer import activations


@pytest.fixture
def english():
    nnprimer.set_language("en")
    yield
    nnprimer.set_language("en")


# ------------------------------------------------------------------- float32_error


def test_float32_error_of_correctly_rounded_tanh_is_half_an_ulp():
    err = chapters.tanh.float32_error(np.tanh, np.tanh, np.linspace(-6, 6, 20001))
    assert err.max_abs <= 2.0**-24  # half a unit in the last place below 1
    assert err.max_rel <= 2.0**-23


def test_float32_error_finds_the_size_and_place_of_a_planted_error():
    x = np.linspace(-1, 1, 201)

    def approx(v):
        out = v.copy()
        out[150] += np.float32(1e-3)  # x = 0.5
        return out

    err = chapters.tanh.float32_error(approx, lambda v: v, x)
    assert err.max_abs == pytest.approx(1e-3, rel=1e-3)
    assert err.x_abs == pytest.approx(0.5)
    assert err.max_rel == pytest.approx(2e-3, rel=1e-3)
    assert err.x_rel == pytest.approx(0.5)


def test_float32_error_passes_float32_to_approx_and_float64_to_exact():
    seen = {}

    def approx(v):
        seen["approx"] = v.dtype
        return v

    def exact(v):
        seen["exact"] = v.dtype
        return v

    err = chapters.tanh.float32_error(approx, exact, [0.1, 0.2])
    assert seen == {"approx": np.float32, "exact": np.float64}
    assert err.max_abs == 0.0  # same float32 inputs on both sides


def test_tanh_through_sigmoid_in_float32_is_worse_than_direct_tanh():
    x = np.linspace(-5, 5, 100_001)
    via = chapters.tanh.float32_error(lambda v: 2 * activations.sigmoid(2 * v) - 1, np.tanh, x)
    direct = chapters.tanh.float32_error(np.tanh, np.tanh, x)
    assert via.max_abs > 2 * direct.max_abs
    assert via.max_rel > 100 * direct.max_rel  # cancellation near 0


def test_float32_error_relative_error_is_nan_when_exact_is_zero_everywhere():
    err = chapters.tanh.float32_error(lambda v: v * 0 + 1e-3, lambda v: v * 0, [1.0, 2.0])
    assert err.max_abs == pytest.approx(1e-3)
    assert math.isnan(err.max_rel) and math.isnan(err.x_rel)


@pytest.mark.parametrize(
    "args, error, words",
    [
        (("tanh", np.tanh, [1.0]), TypeError, "approx must be a callable"),
        ((np.tanh, None, [1.0]), TypeError, "exact must be a callable"),
        ((np.tanh, np.tanh, []), ValueError, "x must be a non-empty"),
        ((np.tanh, np.tanh, [1.0, np.nan]), ValueError, "finite"),
        ((np.tanh, np.tanh, "abc"), TypeError, "x must be"),
        ((lambda v: v[:1], np.tanh, [1.0, 2.0]), ValueError, "one value per input"),
    ],
)
def test_float32_error_rejects_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        chapters.tanh.float32_error(*args)


# ------------------------------------------------------- check_tanh_implementation


def test_reference_and_a_stable_formula_pass(english):
    assert list(chapters.tanh.check.tanh_implementation(activations.tanh).problems) == []

    def via_expm1(x):
        t = np.expm1(-2 * np.abs(x))
        return np.sign(x) * -t / (2 + t)

    assert list(chapters.tanh.check.tanh_implementation(via_expm1).problems) == []


def test_naive_formula_is_told_about_overflow_and_cancellation(english):
    naive = lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))  # noqa: E731
    problems = list(chapters.tanh.check.tanh_implementation(naive).problems)
    assert len(problems) == 3
    assert problems[0].startswith("large inputs") and "overflow" in problems[0]
    assert problems[1].startswith("very negative inputs") and "overflow" in problems[1]
    assert problems[2].startswith("inputs close to 0")


def test_cancellation_alone_is_caught(english):
    def cancels(x):
        e = np.exp(-2 * np.abs(x))
        return np.sign(x) * (1 - e) / (1 + e)

    problems = list(chapters.tanh.check.tanh_implementation(cancels).problems)
    assert len(problems) == 1 and problems[0].startswith("inputs close to 0")


def test_wrong_values_shape_and_exceptions_are_reported(english):
    wrong_sign = list(chapters.tanh.check.tanh_implementation(lambda x: np.abs(np.tanh(x))).problems)
    assert any(p.startswith("ordinary inputs") and "returned" in p for p in wrong_sign)
    flat = list(chapters.tanh.check.tanh_implementation(lambda x: np.tanh(x).ravel()).problems)
    assert flat == ["a 2-D array of shape (2, 2): returned shape (4,), expected (2, 2)"]

    def fails(x):
        raise RuntimeError("boom")

    raised = list(chapters.tanh.check.tanh_implementation(fails).problems)
    assert len(raised) == len(chapters.tanh.check._TANH_CASES)
    assert all("raised RuntimeError: boom" in p for p in raised)


def test_messages_follow_the_language():
    nnprimer.set_language("zh")
    try:
        problems = list(chapters.tanh.check.tanh_implementation(lambda x: np.exp(x) - np.exp(-x)).problems)
    finally:
        nnprimer.set_language("en")
    assert problems and all("：" in p for p in problems)
    assert "很大的输入" in problems[1]


def test_check_tanh_implementation_rejects_a_non_callable():
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.tanh.check.tanh_implementation(np.zeros(3)).problems)


def test_overflow_is_blamed_on_the_inputs_that_overflow_only(english):
    # float64 exp overflows only past x ~ 709.78: of [20, 400, 1000] only 1000 does
    naive = lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))  # noqa: E731
    problems = list(chapters.tanh.check.tanh_implementation(naive).problems)
    assert problems[0].endswith("for x = [1000.0] only")
    assert problems[1].endswith("for x = [-1000.0] only")
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(709.78)) and np.isinf(np.exp(709.79))


def test_a_failure_on_every_input_names_none(english):
    def always_fails(x):
        raise RuntimeError("boom")

    problems = list(chapters.tanh.check.tanh_implementation(always_fails).problems)
    assert all("only" not in p for p in problems)


# ------------------------------------------------------------- the conversion recipe


def _two_layer(x, W1, b1, W2, b2, f):
    return f(x @ W1.T + b1) @ W2.T + b2


def test_doubling_turns_a_tanh_layer_into_a_sigmoid_layer_and_halving_back():
    """tanh(u) = 2 sigma(2u) - 1: double the weights and biases into the hidden units, double
    the next layer's weights, subtract their row sums from its biases; the reverse halves."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 4))
    W1, b1, W2, b2 = rng.normal(size=(6, 4)), rng.normal(size=6), rng.normal(size=(3, 6)), rng.normal(size=3)
    with_tanh = _two_layer(x, W1, b1, W2, b2, activations.tanh)
    as_sigmoid = _two_layer(x, 2 * W1, 2 * b1, 2 * W2, b2 - W2.sum(axis=1), activations.sigmoid)
    np.testing.assert_allclose(as_sigmoid, with_tanh, rtol=1e-12, atol=1e-12)
    with_sigmoid = _two_layer(x, W1, b1, W2, b2, activations.sigmoid)
    as_tanh = _two_layer(x, W1 / 2, b1 / 2, W2 / 2, b2 + W2.sum(axis=1) / 2, activations.tanh)
    np.testing.assert_allclose(as_tanh, with_sigmoid, rtol=1e-12, atol=1e-12)
    # halving in the tanh -> sigmoid direction is the sentence the first edition got wrong
    wrong = _two_layer(x, W1 / 2, b1 / 2, W2 / 2, b2, activations.sigmoid)
    assert np.abs(wrong - with_tanh).max() > 0.1


# ------------------------------------------------------------------- cost and runs


def test_time_elementwise_times_every_operation_per_element():
    from nnprimer import train

    with train.torch_threads(1):
        costs = chapters.tanh.time_elementwise(32, repeat=1)
    assert list(costs) == list(chapters.tanh.ELEMENTWISE_OPS)
    assert all(np.isfinite(v) and v > 0 for v in costs.values())
    with pytest.raises(ValueError, match="n"):
        chapters.tanh.time_elementwise(0)


def test_cost_table_shows_sizes_and_multiples_of_a_copy(english):
    ops = chapters.tanh.ELEMENTWISE_OPS
    costs = {128: {op: 0.1 * (i + 1) for i, op in enumerate(ops)}, 1024: {op: 0.3 for op in ops}}
    table = str(chapters.tanh.cost_table(costs))
    lines = table.splitlines()
    assert lines[0] == ("| operation | 64 KiB: ns per element | 64 KiB: × copy | 4 MiB: ns per element "
                        "| 4 MiB: × copy |")
    assert len(lines) == 2 + len(ops)
    assert lines[2] == "| `Tensor.copy_` | 0.10 | 1.0 | 0.30 | 1.0 |"
    assert lines[4] == "| `torch.sigmoid` | 0.30 | 3.0 | 0.30 | 1.0 |"


def test_train_runs_start_at_epoch_0_and_match_fit(english):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from nnprimer import data, train

    digits = data.digits(rng=0)
    with train.torch_threads(1):
        runs = chapters.tanh.train_runs(digits, [("sigmoid", 0.1), ("tanh", 0.1)], seeds=(0, 1), epochs=2)
        again = chapters.tanh.train_runs(digits, [("tanh", 0.1)], seeds=(1,), epochs=2)
    assert set(runs) == {("sigmoid", 0.1, 0), ("sigmoid", 0.1, 1), ("tanh", 0.1, 0), ("tanh", 0.1, 1)}
    for run in runs.values():
        assert len(run.test_acc) == 3 and run.test_acc[1:] == run.history.test_acc
        assert 0 <= run.test_acc[0] < 0.35  # an untrained network: about chance
    assert again["tanh", 0.1, 1].test_acc == runs["tanh", 0.1, 1].test_acc  # seeded
    table = str(chapters.tanh.accuracy_table(runs)).splitlines()
    assert table[0] == "| run | seed 0 | seed 1 |" and table[2].startswith("| sigmoid, lr = 0.1 | ")
    axes = chapters.tanh.plot_runs(runs)
    assert len(axes) == 2 and all(len(ax.lines) == 2 for ax in axes)
    assert axes[0].lines[0].get_xdata()[0] == 0
    plt.close("all")
