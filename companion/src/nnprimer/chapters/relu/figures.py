r"""Figures of the chapter "ReLU and its variants": the variants side by side, and dying ReLUs by learning rate."""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from ..._i18n import _t, get_language

__all__ = ["plot_variants", "plot_dying"]

#: Short names of parameters in panel titles.
_SHORT = {"negative_slope": "s", "alpha": "α", "beta": "β", "init": "a"}


def plot_variants(names: Sequence[str], *, params: Mapping[str, dict] | None = None,
                  kinks: Mapping[str, Sequence[float]] | None = None, x: Any = None,
                  ylim: tuple[float, float] = (-2.2, 4.2), ncols: int = 2):
    r"""Small multiples of activations, each with its autograd derivative, on common axes.

    Every panel has its own ticks and axis labels, the same y range (``ylim``, which shows
    the negative side, where the variants differ) and, by default, x in :math:`[-4, 4]`;
    a panel with a kink outside that range (ReLU6 at 6) is widened, in x and y, to show it.
    ``params`` maps a name to its parameters (shown in the panel's title), ``kinks`` to the
    points where the derivative PyTorch returns is marked with a dot. The legend is drawn
    once, on the first panel. Returns the Figure.

    >>> fig = plot_variants(["relu", "celu"], params={"celu": {"alpha": 2.0}}, kinks={"relu": [0.0]})
    >>> [ax.get_title() for ax in fig.axes[:2]], tuple(map(float, fig.axes[1].get_ylim()))
    (['relu', 'celu (α = 2.0)'], (-2.2, 4.2))
    """
    from ...plot import plot_activation, subplots  # matplotlib only when a figure is drawn

    params, kinks = dict(params or {}), dict(kinks or {})
    xs = np.linspace(-4.0, 4.0, 801) if x is None else np.asarray(x, dtype=np.float64)
    lang = get_language()
    nrows = -(-len(names) // ncols)
    fig, axes = subplots(nrows, ncols, panel=(2.9, 2.2), squeeze=False)
    for ax, name in zip(axes.flat, names):
        p, k = params.get(name, {}), [float(v) for v in kinks.get(name, ())]
        outside = [v for v in k if not xs[0] + 0.5 <= v <= xs[-1] - 0.5]
        lo, hi = min([xs[0], *(v - 2.0 for v in outside)]), max([xs[-1], *(v + 2.0 for v in outside)])
        grid = xs if not outside else np.linspace(lo, hi, xs.size)
        title = name + ("" if not p else " (" + ", ".join(f"{_SHORT.get(a, a)} = {v}" for a, v in p.items()) + ")")
        plot_activation(name, params=p, ax=ax, x=grid, mark_kinks=k, title=title)
        ax.set_ylim(ylim[0], max([ylim[1], *(v + 0.6 for v in outside)]))  # ReLU6: its cap at 6
        ax.set_xlabel(_t("input x", lang), fontsize="small")
        ax.set_ylabel("f, f'", fontsize="small")
        ax.tick_params(labelsize="small")
        if ax is not axes.flat[0]:
            ax.get_legend().remove()
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    return fig


def plot_dying(runs: Mapping[float, Any], *, layer: int = 1, units: int = 64):
    r"""Two panels for training runs that differ only in the learning rate (a mapping
    ``{lr: History}``): dead units of hidden layer ``layer + 1`` (of ``units``) after every
    epoch from 0 (initialisation), and test accuracy after every epoch from 1, on the same
    epoch axis. Each run has its own line style and marker, so runs with equal values stay
    visible on top of each other. The legend sits below the panels. Returns the two Axes.
    """
    from ...plot import subplots

    lang = get_language()
    fig, axes = subplots(1, 2, panel=(3.4, 2.9))
    styles = [dict(lw=4, alpha=0.45), dict(lw=1.6, ls="--", marker="o", ms=4), dict(lw=1.6, ls=":", marker="s", ms=4)]
    for i, (lr, history) in enumerate(runs.items()):
        style = dict(styles[i % len(styles)], color=f"C{i}", label=_t("lr = {lr}", lang, lr=lr))
        dead = np.array(history.dead_units)[:, layer]
        axes[0].plot(np.arange(len(dead)), dead, **style)
        axes[1].plot(np.arange(1, len(history.test_acc) + 1), history.test_acc, **style)
    n_epochs = len(runs[next(iter(runs))].test_acc)
    axes[0].set(ylabel=_t("dead units (of {n})", lang, n=units), ylim=(-3, units + 3),
                title=_t("Hidden layer {l}", lang, l=layer + 1))
    axes[1].set(ylabel=_t("test accuracy", lang), ylim=(0, 1), title=_t("Test accuracy", lang))
    for ax in axes:
        ax.set(xlabel=_t("epoch", lang), xlim=(-0.3, n_epochs + 0.3))
        ax.grid(alpha=0.3)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=len(runs), frameon=False)
    return axes
