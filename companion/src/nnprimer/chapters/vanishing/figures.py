r"""Figures of the chapter "Vanishing and exploding gradients": per-layer curves with integer
layer ticks, and Glorot and Bengio's back-propagated and weight gradients side by side."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import _t, get_language
from .experiments import GlorotGradients

__all__ = ["plot_by_layer", "plot_glorot_gradients"]


def _integer_ticks(ax: Any) -> Any:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def plot_by_layer(curves: Any, *, dashed: Any = (), **kwargs: Any):
    r""":func:`nnprimer.plot.layer_curves` (one line per run of a per-layer or per-step
    quantity) with ticks at whole numbers only on the x axis: layers, time steps and
    epochs are counted, never 2.5.

    ``dashed``: legend texts of curves to draw dashed with hollow square markers, so that a
    curve lying exactly on another stays visible (the other shows through the gaps).

    >>> ax = plot_by_layer({"a": [1.0, 0.5, 0.25], "b": [1.0, 0.5, 0.25]}, ylabel="norm", logy=True, dashed=["b"])
    >>> all(float(t).is_integer() for t in ax.get_xticks()), [line.get_linestyle() for line in ax.get_lines()]
    (True, ['-', '--'])
    """
    from ... import plot  # matplotlib only when a figure is drawn

    dashed = set(dashed)
    unknown = dashed - set(curves)
    if unknown:
        raise ValueError(f"dashed names curves that are not drawn: {sorted(unknown)}")
    ax = plot.layer_curves(curves, **kwargs)
    for line in ax.get_lines():
        if line.get_label() in dashed:
            line.set(linestyle="--", marker="s", markerfacecolor="none", markersize=6)
    ax.legend(fontsize="small")  # the legend shows the new styles
    return _integer_ticks(ax)


def plot_glorot_gradients(results: Any, *, labels: Any = None):
    r"""Two panels, layer :math:`l = 1, \dots, L` on the x axis, log y: the back-propagated
    gradient :math:`\lVert \partial \mathcal{L}/\partial h_l \rVert` (left) and the weight
    gradient :math:`\lVert \partial \mathcal{L}/\partial W_l \rVert` (right), one line per
    initialisation. Both panels span the same whole decades.

    ``results`` maps a key (``"standard"``, ``"xavier"``) to a :class:`GlorotGradients` from
    :func:`glorot_2010_gradients`; ``labels`` optionally maps the keys to legend texts in
    the page's language (default: the keys). Returns the Figure.
    """
    from ... import plot

    if not results or not all(isinstance(r, GlorotGradients) for r in results.values()):
        raise TypeError("results must map names to GlorotGradients from glorot_2010_gradients")
    labels = dict(labels or {})
    lang = get_language()
    fig, axes = plot.subplots(1, 2, panel=(3.4, 2.9))
    # words in the titles, mathematics alone in the y labels: mathtext draws a label that
    # holds any $...$ entirely with its own fonts, which have no CJK glyphs
    for ax, field, title, ylabel in ((axes[0], "h", _t("back-propagated gradient", lang), r"$\|\partial L/\partial h_l\|$"),
                                     (axes[1], "w", _t("weight gradient", lang), r"$\|\partial L/\partial W_l\|$")):
        plot.layer_curves({labels.get(k, k): getattr(r, field) for k, r in results.items()}, ax=ax, logy=True,
                          ylabel=ylabel, title=title)
        _integer_ticks(ax)
    values = np.concatenate([np.concatenate([r.h, r.w]) for r in results.values()])
    values = values[values > 0]
    low, high = 10.0 ** np.floor(np.log10(values.min())), 10.0 ** np.ceil(np.log10(values.max()))
    for ax in axes:  # the same whole decades on both panels: they compare directly
        ax.set_ylim(low, high)
    axes[1].get_legend().remove()
    return fig
