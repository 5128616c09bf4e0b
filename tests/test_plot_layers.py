"""nnprimer.plot.layer_curves: one line per run of a per-layer quantity."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import nnprimer
from nnprimer import plot


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    nnprimer.set_language("en")
    matplotlib.pyplot.close("all")


def test_draws_one_line_per_curve_at_layers_1_to_L():
    rng = np.random.default_rng(0)
    curves = {"a": rng.random(5), "b": rng.random(7)}
    ax = plot.layer_curves(curves, ylabel="variance", title="T")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["a", "b"]
    for line, y in zip(lines, curves.values()):
        np.testing.assert_array_equal(line.get_xdata(), np.arange(1, y.size + 1))
        np.testing.assert_array_equal(line.get_ydata(), y)
    assert ax.get_ylabel() == "variance" and ax.get_title() == "T"
    assert ax.get_xlabel() == "layer"
    assert ax.get_yscale() == "linear"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_explicit_x_xlabel_logy_and_existing_axes():
    _, ax = plot.subplots()
    x = np.array([0.0, 2.0, 4.0])
    out = plot.layer_curves({"run": [1.0, 0.1, np.nan]}, ylabel="v", xlabel="epoch",
                            logy=True, ax=ax, x=x)
    assert out is ax
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), x)
    assert ax.get_title() == ""


def test_default_xlabel_follows_the_language():
    nnprimer.set_language("zh")
    ax = plot.layer_curves({"a": [1, 2]}, ylabel="y")
    assert ax.get_xlabel() == "层"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(curves=[[1.0, 2.0]]), TypeError, "curves must be a mapping"),
        (dict(curves={}), ValueError, "curves must hold at least one curve"),
        (dict(curves={1: [1.0]}), TypeError, "keys .* must be str"),
        (dict(curves={"a": "abc"}), TypeError, r"curves\['a'\]"),
        (dict(curves={"a": [[1.0, 2.0]]}), ValueError, r"curves\['a'\] must be a non-empty 1-D"),
        (dict(curves={"a": []}), ValueError, r"curves\['a'\] must be a non-empty 1-D"),
        (dict(curves={"a": [1.0, 0.0]}, logy=True), ValueError, "must be > 0 where finite"),
        (dict(curves={"a": [1.0]}, logy="yes"), TypeError, "logy must be a bool"),
        (dict(curves={"a": [1.0]}, ylabel=None), TypeError, "ylabel must be a str"),
        (dict(curves={"a": [1.0]}, title=3), TypeError, "title must be a str"),
        (dict(curves={"a": [1.0, 2.0]}, x=[1.0, 2.0, 3.0]), ValueError, "len\\(x\\) = 3"),
        (dict(curves={"a": [1.0]}, x=[[1.0]]), ValueError, "x must be a non-empty 1-D"),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, match):
    kwargs.setdefault("ylabel", "y")
    with pytest.raises(error, match=match):
        plot.layer_curves(**kwargs)
