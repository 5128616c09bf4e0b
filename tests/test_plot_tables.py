"""nnprimer.plot, nnprimer.tables and the language switch."""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import nnprimer
from nnprimer import activations as A
from nnprimer import plot, tables


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    nnprimer.set_language("en")
    matplotlib.pyplot.close("all")


def test_set_language_validates():
    nnprimer.set_language("zh-CN")
    assert nnprimer.get_language() == "zh"
    with pytest.raises(ValueError, match="language must be one of"):
        nnprimer.set_language("fr")
    with pytest.raises(TypeError, match="language must be a str"):
        nnprimer.set_language(None)


def test_plot_activation_draws_function_and_autograd_derivative():
    x = np.linspace(-3, 3, 61)
    ax = plot.plot_activation("elu", params={"alpha": 0.5}, x=x)
    f_line, g_line = ax.get_lines()[:2]
    np.testing.assert_allclose(f_line.get_ydata(), A.elu(x, alpha=0.5))
    g = g_line.get_ydata()
    drawn = ~np.isnan(g)  # the derivative jumps from 0.5 to 1 at 0: one point is left out there
    assert drawn.sum() == x.size - 1
    np.testing.assert_allclose(g[drawn], A.elu.grad(x, alpha=0.5)[drawn], rtol=1e-12)
    assert ax.get_title() == "elu(alpha=0.5)"


def test_discontinuous_derivative_is_not_drawn_as_a_vertical_segment():
    x = np.linspace(-1, 1, 201)
    ax = plot.plot_activation("relu", x=x)
    g = ax.get_lines()[1].get_ydata()
    assert np.isnan(g).sum() == 1  # one break at the jump


def test_chinese_labels_use_a_cjk_font_and_render_without_missing_glyphs():
    from nnprimer import _fonts

    nnprimer.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" is a UserWarning
        fig = plot.plot_activations(["relu", "gelu"], ncols=2)
        fig.suptitle("激活函数")
        fig.canvas.draw()
    assert _fonts.cjk_font() in matplotlib.rcParams["font.family"]
    assert fig.axes[0].get_legend().texts[1].get_text() == "f'(x)（自动微分）"


def test_activation_table_has_a_row_per_activation_and_computed_means():
    nnprimer.set_language("en")
    md = tables.activation_table(["relu", "elu", "tanh"])._repr_markdown_()
    rows = [line for line in md.splitlines() if line.startswith("| `")]
    assert len(rows) == 3
    header = [c.strip() for c in md.splitlines()[0].split("|")]
    mean_column = next(i for i, h in enumerate(header) if r"$\mathbb{E}[f(z)]$" in h)
    relu_mean = float(rows[0].split("|")[mean_column])
    assert relu_mean == pytest.approx(1 / np.sqrt(2 * np.pi), abs=5e-4)
    zh = tables.activation_table(["relu"], language="zh")._repr_markdown_()
    assert "值域" in zh and "激活函数" in zh


@pytest.mark.parametrize("name", A.ELEMENTWISE)
def test_stated_output_range_holds(name):
    """The range each activation states (used in the table) matches the function numerically."""
    f = A.get(name)
    # from -30: below it, 1 - e^x rounds to 1 in float64 and an open bound like (-alpha, ...) is reached
    x = np.linspace(-30, 60, 900_001)
    y = f(x)
    text = f.output_range
    numbers = [float(v) for v in re.findall(r"-?\d+\.\d+", text)]
    if name in ("elu", "celu"):
        assert y.min() > -1.0 and y.min() < -1.0 + 1e-12
    elif name == "selu":
        assert -A.SELU_SCALE * A.SELU_ALPHA < y.min() < -1.758
    elif name in ("leaky_relu", "prelu", "rrelu"):
        assert f(-1e6) < -1e3 and y.max() > 50  # unbounded on both sides
    elif name == "swish":
        assert y.min() == pytest.approx(numbers[0], abs=1e-3)
    elif numbers:
        assert y.min() == pytest.approx(numbers[0], abs=5e-4)
    if text.startswith("(0") or text.startswith("[0"):
        assert y.min() >= 0
    if "infty)" in text:
        assert y.max() > 50
    if text in ("(0, 1)", "(-1, 1)", "[0, 6]"):
        lo, hi = (float(v) for v in re.findall(r"-?\d+", text))
        assert lo <= y.min() and y.max() <= hi
