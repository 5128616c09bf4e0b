"""nnprimer.stats and the chapters' experiments against closed forms and independent estimates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnprimer import chapters, stats
from nnprimer import activations as A


def test_gaussian_expectation_closed_forms():
    assert stats.gaussian_expectation(A.relu) == pytest.approx(1 / math.sqrt(2 * math.pi), abs=1e-9)
    assert stats.gaussian_expectation(lambda z: z, power=2) == pytest.approx(1.0, abs=1e-9)
    assert stats.gaussian_expectation(A.relu, power=2) == pytest.approx(0.5, abs=1e-9)
    assert stats.gaussian_expectation(A.tanh) == pytest.approx(0.0, abs=1e-12)  # odd function


def test_gaussian_expectation_matches_monte_carlo():
    z = np.random.default_rng(0).standard_normal(400_000)
    for f in (A.elu, A.gelu, A.silu):
        mc, se = f(z).mean(), f(z).std() / math.sqrt(z.size)
        assert abs(stats.gaussian_expectation(f) - mc) < 5 * se


def test_selu_alpha_zeroes_the_mean_of_elu():
    assert stats.gaussian_expectation(lambda z: A.elu(z, alpha=A.SELU_ALPHA)) == pytest.approx(0.0, abs=1e-7)


def test_forward_statistics_lecun_selu_is_self_normalising():
    s = stats.forward_statistics("selu", depth=20, width=128, scheme="lecun_normal", rng=0)
    assert np.all(np.abs(s.mean) < 0.15) and np.all(np.abs(s.var - 1) < 0.25)


def test_forward_statistics_relu_he_keeps_second_moment():
    """He init keeps E[z^2] of the pre-activations: Var[z_l] = 2/n * n * E[h^2] = 2 E[relu(z)^2] = Var[z_{l-1}]."""
    s = stats.forward_statistics("relu", depth=15, width=256, scheme="kaiming_normal",
                             scheme_kwargs={"nonlinearity": "relu"}, rng=0)
    assert 0.5 < s.pre_var[-1] < 2.0
    t = stats.forward_statistics("relu", depth=15, width=256, scheme="xavier_normal", rng=0)
    assert t.pre_var[-1] < 1e-3  # Xavier halves it each layer: about 2**-14


def test_born_dead_curve_properties():
    curve = chapters.relu.born_dead_curve(2, 20, trials=4000, rng=0)
    p, se = curve.probability, curve.stderr
    assert np.all(np.diff(p) >= 0)
    assert p[-1] > 0.9
    q = chapters.relu.born_dead_curve(10, 20, trials=4000, rng=0).probability
    assert q[-1] < p[-1]
    # depth 1: constant iff every unit is off for both x=1 and x=-1, impossible when a
    # weight is non-zero -- so exactly 0.
    assert p[0] == 0.0
    est = chapters.relu.born_dead_probability(2, 20, trials=4000, rng=0)
    assert est.value == p[-1] and est.stderr == pytest.approx(se[-1]) and est.trials == 4000


def test_born_dead_width_one_has_closed_form():
    """Width 1: a layer is dead for both inputs unless its single weight keeps the sign of
    the one non-zero path; after layer 1 exactly one of x=1, x=-1 survives, and each later
    layer keeps it with probability 1/2. So P(dead at depth d) = 1 - 2**-(d-1)."""
    curve = chapters.relu.born_dead_curve(1, 6, trials=20_000, rng=1)
    expected = 1 - 0.5 ** np.arange(0, 6)
    assert np.all(np.abs(curve.probability - expected) <= 5 * np.maximum(curve.stderr, 1e-3))


def test_best_time_is_positive_and_validates():
    assert chapters.performance.best_time(sum, [1, 2, 3], repeat=2, number=2) > 0
    with pytest.raises(ValueError, match="repeat must be >= 1"):
        chapters.performance.best_time(sum, [1], repeat=0)


def test_forward_statistics_bad_scheme():
    with pytest.raises(ValueError, match="scheme must be one of .*got .fans."):
        stats.forward_statistics("relu", depth=2, width=4, scheme="fans")
