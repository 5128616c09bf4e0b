"""Chapter 2's companion helpers: the born-dead simulation that the notebook writes inline,
and the figures (plot_variants, plot_dying)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("torch")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from nnprimer.chapters import relu as chapter  # noqa: E402


def _born_dead_inline(width, depth, trials, rng=0):
    """The notebook's inline simulation, word for word."""
    rng = np.random.default_rng(rng)
    h = np.tile([[1.0], [-1.0]], (trials, 1, 1))
    dead = np.empty(depth)
    for layer in range(depth):
        fan_in = h.shape[2]
        W = rng.normal(0.0, np.sqrt(2 / fan_in), size=(trials, fan_in, width))
        h = np.maximum(h @ W, 0.0)
        dead[layer] = np.mean(~h.any(axis=(1, 2)))
    return dead


@pytest.mark.parametrize("width", [1, 2, 5])
def test_born_dead_curve_is_the_simulation_written_in_the_chapter(width):
    curve = chapter.born_dead_curve(width, 20, trials=2000, rng=3)
    np.testing.assert_array_equal(curve.probability, _born_dead_inline(width, 20, 2000, rng=3))


def test_plot_variants_labels_every_panel_and_shows_the_negative_side():
    fig = chapter.plot_variants(["relu", "celu", "relu6"], params={"celu": {"alpha": 2.0}},
                                kinks={"relu": [0.0], "relu6": [0.0, 6.0]})
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 3
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
        assert len(ax.get_xticks()) > 2 and len(ax.get_yticks()) > 2
        assert ax.get_ylim()[0] <= -2.0  # the negative side, where the variants differ
    relu, celu, relu6 = axes
    assert relu.get_legend() is not None and celu.get_legend() is None and relu6.get_legend() is None
    assert celu.get_title() == "celu (α = 2.0)"
    x = relu.get_lines()[0].get_xdata()
    assert (x.min(), x.max()) == (-4.0, 4.0)
    x6 = relu6.get_lines()[0].get_xdata()
    assert x6.max() >= 8.0 and relu6.get_ylim()[1] >= 6.5  # ReLU6's cap at 6 is in view
    assert celu.get_lines()[0].get_ydata().min() < -1.5  # CELU with alpha = 2 reaches below ELU's -1


def test_plot_dying_shares_the_epoch_axis_and_keeps_equal_curves_visible():
    def history(dead, acc):
        return SimpleNamespace(dead_units=[[0, d] for d in dead], test_acc=acc)

    runs = {0.05: history([0] * 6, [0.5, 0.6, 0.7, 0.8, 0.9]),
            0.5: history([0] * 6, [0.8, 0.9, 0.9, 0.95, 0.97]),
            1.0: history([0, 5, 30, 64, 64, 64], [0.5, 0.2, 0.1, 0.1, 0.1])}
    axes = chapter.plot_dying(runs)
    assert axes[0].get_xlim() == axes[1].get_xlim()
    dead_lines, acc_lines = axes[0].get_lines(), axes[1].get_lines()
    assert [list(line.get_xdata()) for line in dead_lines] == [list(range(6))] * 3  # epochs 0..5
    assert [list(line.get_xdata()) for line in acc_lines] == [list(range(1, 6))] * 3  # epochs 1..5
    styles = {(line.get_linestyle(), line.get_marker(), line.get_linewidth()) for line in dead_lines}
    assert len(styles) == 3  # two runs with no dead unit lie on each other, drawn differently
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
