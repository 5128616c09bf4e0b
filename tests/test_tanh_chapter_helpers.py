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
