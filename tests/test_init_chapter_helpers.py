"""Helpers of the initialisation chapter: chapters.initialisation.init_layer_statistics and plot.layer_grid."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nnprimer import chapters
from nnprimer import plot, train  # noqa: E402


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    return rng.standard_normal((64, 16)).astype(np.float32), np.arange(64) % 4


def test_init_layer_statistics_matches_a_hand_built_model(batch):
    X, y = batch
    s = chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y, depth=3, width=8, rng=5)
    model = train.mlp([16, 8, 8, 8, 4], "tanh", init="xavier_normal", rng=5)
    expected_std = [st.std for st in train.activation_stats(model, X)]
    np.testing.assert_allclose(s.act_std, expected_std, rtol=1e-6)
    np.testing.assert_allclose(s.grad_norm, train.layer_grad_norms(model, X, y), rtol=1e-5)
    assert s.act_std.shape == (3,) and s.grad_norm.shape == (4,)


def test_small_init_shrinks_and_kaiming_keeps_relu_spread(batch):
    X, y = batch
    small = chapters.initialisation.init_layer_statistics("relu", "normal", X, y, depth=6, width=32, scheme_kwargs={"std": 0.01})
    assert np.all(np.diff(small.act_std) < 0) and small.act_std[-1] < 1e-6 * small.act_std[0]
    he = chapters.initialisation.init_layer_statistics("relu", "kaiming_normal", X, y, depth=6, width=32,
                                           scheme_kwargs={"nonlinearity": "relu"})
    assert 0.2 < he.act_std[-1] / he.act_std[0] < 5


def test_init_layer_statistics_bad_arguments(batch):
    X, y = batch
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X[0], y)
    with pytest.raises(ValueError, match="y must be a 1-D integer array"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y[:3])
    with pytest.raises(ValueError, match="depth"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y, depth=0)


def test_layer_grid_draws_one_panel_per_cell_sharing_rows():
    panels = [[{"a": [1.0, 0.5], "b": [1.0, 1.0]}, {"a": [2.0, 1.0], "b": [1.0, 3.0]}],
              [{"a": [1e-3, 1e-5], "b": [1.0, 2.0]}, {"a": [1.0, 1.0], "b": [1.0, 1.0]}]]
    fig = plot.layer_grid(panels, ylabels=["std", "grad"], titles=["tanh", "relu"], suptitle="t")
    axes = np.array(fig.axes).reshape(2, 2)
    assert [ax.get_title() for ax in axes[0]] == ["tanh", "relu"]
    assert axes[0, 0].get_ylabel() == "std" and axes[1, 0].get_ylabel() == "grad"
    assert axes[0, 0].get_legend() is not None and axes[1, 1].get_legend() is None
    assert all(ax.get_yscale() == "log" for ax in axes.flat)
    assert axes[0, 0].get_shared_y_axes().joined(axes[0, 0], axes[0, 1])
    assert not axes[0, 0].get_shared_y_axes().joined(axes[0, 0], axes[1, 0])
    plot.plt.close(fig)


def test_layer_grid_bad_arguments():
    with pytest.raises(TypeError, match="panels"):
        plot.layer_grid("abc", ylabels=["y"], titles=["t"])
    with pytest.raises(ValueError, match="ylabels"):
        plot.layer_grid([[{"a": [1.0]}]], ylabels=[], titles=["t"])
    with pytest.raises(ValueError, match=r"panels\[0\]"):
        plot.layer_grid([[{"a": [1.0]}]], ylabels=["y"], titles=["t", "u"])


def test_check_kaiming_std_accepts_the_right_answer_and_names_slips():
    import math

    from nnprimer import init

    def right(shape, nonlinearity="relu", mode="fan_in"):
        fan_in, fan_out = init.fans(shape)
        return init.calculate_gain(nonlinearity) / math.sqrt(fan_in if mode == "fan_in" else fan_out)

    assert list(chapters.initialisation.check.kaiming_std(right).problems) == []
    swapped = list(chapters.initialisation.check.kaiming_std(
        lambda s, nonlinearity="relu", mode="fan_in": right(s, nonlinearity, "fan_out" if mode == "fan_in" else "fan_in")).problems)
    assert swapped and all("fan_in and fan_out swapped" in p for p in swapped)
    no_gain = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": right(s, "linear", mode)).problems)
    assert any("gain is missing" in p for p in no_gain)
    assert not any("linear" in p for p in no_gain)  # cases with gain 1 pass
    variance = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": right(s, nonlinearity, mode) ** 2).problems)
    assert len(variance) == 6 and all("variance" in p for p in variance)
    no_field = list(chapters.initialisation.check.kaiming_std(
        lambda s, nonlinearity="relu", mode="fan_in": right(s[:2], nonlinearity, mode)).problems)
    assert len(no_field) == 3 and all("receptive field" in p for p in no_field)
    crash = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": 1 / 0).problems)
    assert len(crash) == 6 and "ZeroDivisionError" in crash[0]
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.initialisation.check.kaiming_std(3).problems)
