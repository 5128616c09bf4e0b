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


def test_plot_activation_of_a_plain_function_differentiates_it_numerically():
    x = np.linspace(-3, 3, 301)
    ax = plot.plot_activation(np.tanh, x=x)
    f_line, g_line = ax.get_lines()[:2]
    np.testing.assert_array_equal(f_line.get_ydata(), np.tanh(x))
    np.testing.assert_allclose(g_line.get_ydata(), 1 - np.tanh(x) ** 2, atol=1e-9)
    assert ax.get_title() == "tanh"
    assert ax.get_legend().texts[1].get_text() == "f'(x) (central difference)"
    assert plot.plot_activation(lambda v: v**2).get_title() == "f"


def test_plot_activation_uses_the_grad_of_a_callable_that_has_one():
    class Cube:
        __name__ = "cube"

        def __call__(self, v):
            return v**3

        def grad(self, v):
            return 3 * v**2

    x = np.linspace(-2, 2, 41)
    ax = plot.plot_activation(Cube(), x=x, mark_kinks=[1.0])
    np.testing.assert_array_equal(ax.get_lines()[1].get_ydata(), 3 * x**2)
    assert ax.get_lines()[2].get_ydata().tolist() == [3.0]  # the marked point
    assert ax.get_title() == "cube" and ax.get_legend().texts[1].get_text() == "f'(x)"


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: plot.plot_activation(3), TypeError, "f must be an activation name"),
    (lambda: plot.plot_activation(lambda v: v.sum()), ValueError, "f must act elementwise"),
    (lambda: plot.plot_activation("relu", params=[0.1]), TypeError, "params must be a dict"),
    (lambda: plot.plot_activation("relu", x=[[1.0, 2.0]]), ValueError, "x must be a 1-D array"),
    (lambda: plot.plot_activations("relu"), TypeError, "names must be a list of activations.*got str 'relu'"),
    (lambda: plot.plot_activations([]), ValueError, "names must hold at least one"),
    (lambda: plot.plot_activations(["relu"], ncols=0), ValueError, "ncols must be an int >= 1"),
    (lambda: plot.plot_history(None), TypeError, "history must be the History that nnprimer.train.fit returns"),
])
def test_plot_bad_input_names_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


def _history():
    from nnprimer.train import History

    return History(train_loss=[1.0, 0.5, 0.3], train_acc=[0.5, 0.7, 0.9], test_loss=[1.1, 0.7, 0.6],
                   test_acc=[0.4, 0.6, 0.8])


def test_plot_history_returns_one_axes_per_metric_and_draws_on_given_axes():
    axes = plot.plot_history(_history(), label="a")
    assert isinstance(axes, np.ndarray) and axes.shape == (2,)
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    again = plot.plot_history(_history(), axes=axes, label="b")
    assert list(again) == list(axes)
    assert [line.get_label() for line in axes[0].get_lines()] == ["a: training loss", "a: test loss",
                                                                  "b: training loss", "b: test loss"]
    (one,) = plot.plot_history(_history(), metrics=["accuracy"])
    np.testing.assert_array_equal(one.get_lines()[0].get_ydata(), [0.5, 0.7, 0.9])


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    (dict(metrics="loss"), ValueError, "metrics must be a non-empty list"),
    (dict(metrics=["loss", "f1"]), ValueError, "metrics must be"),
    (dict(label=3), TypeError, "label must be a str"),
])
def test_plot_history_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        plot.plot_history(_history(), **kwargs)


def test_plot_history_needs_one_axes_per_metric():
    _, ax = plot.subplots()
    with pytest.raises(ValueError, match=r"axes must hold one Axes per metric \(2\), got 1"):
        plot.plot_history(_history(), axes=ax)
