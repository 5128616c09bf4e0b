r"""Plotting primitives, labelled in the current language: activations and their
derivatives (:func:`plot_activation`, :func:`plot_activations`), training histories
(:func:`plot_history`), per-layer curves (:func:`layer_curves`, :func:`layer_grid`) and a
consistent figure size (:func:`subplots`). The figures only one chapter draws live with
that chapter, in ``nnprimer.chapters.<chapter>``.

Every label the package draws itself (axis names, legend entries of its own curves) comes
from the catalog of the current language (:func:`nnprimer.set_language`), which also
selects a font with Chinese characters for Chinese (:mod:`nnprimer._fonts`). Labels a
chapter passes in (``ylabel=``, the keys of ``layer_curves``) are drawn as given: each
notebook writes them in its own language.

>>> import nnprimer
>>> from nnprimer import plot
>>> ax = plot.plot_activation("relu")
>>> ax.get_title()
'relu'
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np

from . import _moved
from ._i18n import N_, _t, get_language
from ._curves import jumps
from ._style import DERIVATIVE_COLOR, FUNCTION_COLOR
from ._optional import require
from ._validation import _describe, as_float_array

require("matplotlib", "nnprimer.plot")

import matplotlib.pyplot as plt  # noqa: E402

__all__ = [
    "FIGSIZE",
    "PANEL",
    "layer_curves",
    "layer_grid",
    "plot_activation",
    "plot_activations",
    "plot_history",
    "subplots",
]

# nnprimer 0.1 kept the chapters' own figures here; the old names still work, with a warning.
__getattr__ = _moved.forward(__name__)


#: Default figure size (inches) for one panel; chapters use it for a consistent look.
FIGSIZE = (6.4, 3.6)
#: Width of one panel in a grid of small multiples.
PANEL = (3.2, 2.6)

def subplots(nrows: int = 1, ncols: int = 1, *, panel: tuple[float, float] | None = None, **kwargs: Any):
    """``plt.subplots`` with the course's figure sizes and fonts for the current language."""
    if "figsize" not in kwargs:
        if nrows == 1 and ncols == 1 and panel is None:
            kwargs["figsize"] = FIGSIZE
        else:
            w, h = panel or PANEL
            kwargs["figsize"] = (w * ncols, h * nrows)
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, **kwargs)


def _autograd_derivative(f, x: np.ndarray, params: dict) -> np.ndarray | None:
    """f'(x) from torch.autograd through ``f.torch``; None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f.torch(t, **params).sum(), t)
    return g.numpy()


def _derivative(f: Any, x: np.ndarray, params: dict) -> tuple[np.ndarray, str]:
    """f'(x) and its legend entry (untranslated): by autograd for an Activation when torch
    is installed, else by ``f.grad`` when f has one, else by central differences."""
    from . import activations, grad

    if isinstance(f, activations.Activation):
        g = _autograd_derivative(f, x, params)
        if g is not None:
            return g, N_("f'(x) (autograd)")
    if hasattr(f, "grad"):
        return as_float_array(f.grad(x, **params), "f.grad(x)"), N_("f'(x)")
    return grad.derivative(lambda v: f(v, **params), x), N_("f'(x) (central difference)")


def _activation(f: Any) -> Any:
    """An activation name looked up; an Activation or another callable as it is."""
    from . import activations

    if isinstance(f, str):
        return activations.get(f)
    if not callable(f):
        raise TypeError(f"f must be an activation name such as 'relu', an Activation or a function of x, "
                        f"got {_describe(f)}")
    return f


def plot_activation(
    f: Any,
    *,
    params: dict | None = None,
    x: Sequence[float] | np.ndarray | None = None,
    ax: Any = None,
    derivative: bool = True,
    title: str | None = None,
    mark_kinks: Iterable[float] = (),
):
    """Plot an activation and its derivative.

    Parameters
    ----------
    f : str, Activation or callable
        The activation or its name (see :data:`nnprimer.activations.ELEMENTWISE`), one
        made by :meth:`Activation.from_functions`, or any elementwise function of a numpy
        array. The derivative comes from ``torch.autograd`` for an activation when torch
        is installed, else from ``f.grad``; a function without ``.grad`` is
        differentiated by central differences (:func:`nnprimer.grad.derivative`). The
        legend says which.
    params : dict, optional
        Its parameters, e.g. ``{"negative_slope": 0.1}``.
    x : array, optional
        Where to evaluate (default ``linspace(-5, 5, 1001)``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    derivative : bool
        Also draw f'(x).
    title : str, optional
        Default: the activation's ``name`` (or the function's ``__name__``) with its
        parameters.
    mark_kinks : iterable of float
        x positions where to mark the derivative's value with a dot.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> import numpy as np
    >>> ax = plot_activation(np.sin)
    >>> ax.get_title(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('sin', ['f(x)', "f'(x) (central difference)"])
    """
    f = _activation(f)
    if params is not None and not isinstance(params, dict):
        raise TypeError(f"params must be a dict of parameter values such as {{'alpha': 0.5}}, got {_describe(params)}")
    params = dict(params or {})
    xs = np.linspace(-5.0, 5.0, 1001) if x is None else as_float_array(x, "x").astype(np.float64)
    if xs.ndim != 1 or xs.size < 2:
        raise ValueError(f"x must be a 1-D array of at least 2 values, got shape {xs.shape}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {_describe(title)}")
    kinks = as_float_array(list(mark_kinks), "mark_kinks").astype(np.float64).reshape(-1)
    y = as_float_array(f(xs, **params), "f(x)")
    if y.shape != xs.shape:
        raise ValueError(f"f must act elementwise: for x of shape {xs.shape} it returned shape {y.shape}")
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    ax.plot(xs, y, lw=2, color=FUNCTION_COLOR, label=_t("f(x)", lang))
    if derivative:
        g, key = _derivative(f, xs, params)
        ax.plot(xs, _break_jumps(g), lw=1.5, ls="--", color=DERIVATIVE_COLOR, label=_t(key, lang))
        if kinks.size:
            ax.plot(kinks, _derivative(f, kinks, params)[0], "o", color=DERIVATIVE_COLOR, ms=5)
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    ax.set_xlabel(_t("input x", lang))
    ax.set_title(title if title is not None else _display_name(f, params))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def _break_jumps(y: np.ndarray) -> np.ndarray:
    """Insert NaN where y jumps, so a discontinuous derivative is not drawn as a vertical line."""
    y = np.array(y, dtype=np.float64)
    y[np.flatnonzero(jumps(y))] = np.nan  # drop the last point before each jump
    return y


def _name(f: Any) -> str:
    """An activation's ``name``, else a function's ``__name__`` ("f" for a lambda)."""
    name = getattr(f, "name", None) or getattr(f, "__name__", None)
    return name if isinstance(name, str) and name != "<lambda>" else "f"


def _display_name(f: Any, params: dict) -> str:
    if not params:
        return _name(f)
    return f"{_name(f)}(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"


def plot_activations(
    names: Sequence[Any],
    *,
    params: dict[str, dict] | None = None,
    ncols: int = 4,
    x: np.ndarray | None = None,
    mark_kinks: dict[str, Iterable[float]] | None = None,
):
    """Small multiples: one panel per activation with its derivative (see :func:`plot_activation`).

    ``names`` is a list of activation names, activations or functions; ``params`` and
    ``mark_kinks`` map a name to that panel's parameters and kinks. Returns the Figure.
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise TypeError(f"names must be a list of activations such as ['relu', 'elu'], got {_describe(names)}")
    if not names:
        raise ValueError("names must hold at least one activation, got an empty list")
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"ncols must be an int >= 1, got {ncols!r}")
    activations = [_activation(f) for f in names]
    nrows = -(-len(activations) // ncols)
    fig, axes = subplots(nrows, ncols, sharex=True, squeeze=False)
    for ax, f in zip(axes.flat, activations):
        plot_activation(f, params=(params or {}).get(_name(f)), ax=ax, x=x,
                        mark_kinks=(mark_kinks or {}).get(_name(f), ()))
        ax.set_xlabel("")
        if ax is not axes.flat[0]:
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
    for ax in list(axes.flat)[len(activations):]:
        ax.set_visible(False)
    return fig


_HISTORY_FIELDS = ("train_loss", "train_acc", "test_loss", "test_acc")


def plot_history(history: Any, *, metrics: Sequence[str] = ("loss", "accuracy"), axes: Any = None,
                 label: str | None = None) -> np.ndarray:
    """Training curves from :class:`nnprimer.train.History`: loss and accuracy per epoch.

    Draws the training curve solid and the test curve (when recorded) dashed.

    Parameters
    ----------
    history : History
        What :func:`nnprimer.train.fit` returned.
    metrics : sequence of {"loss", "accuracy"}
        One panel per metric.
    axes : sequence of matplotlib Axes, optional
        One per metric, e.g. what an earlier call returned (to draw several runs on
        the same panels); new ones otherwise.
    label : str, optional
        Names the run in the legend when several histories share the axes.

    Returns
    -------
    numpy.ndarray of matplotlib Axes
        One per metric, in the order of ``metrics``.
    """
    if not all(hasattr(history, field) for field in _HISTORY_FIELDS):
        raise TypeError(f"history must be the History that nnprimer.train.fit returns (with "
                        f"{', '.join(_HISTORY_FIELDS)}), got {_describe(history)}")
    if isinstance(metrics, (str, bytes)) or not isinstance(metrics, Sequence) or not metrics \
            or any(m not in ("loss", "accuracy") for m in metrics):
        raise ValueError(f"metrics must be a non-empty list of 'loss' and 'accuracy', got {metrics!r}")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a str, got {_describe(label)}")
    lang = get_language()
    if axes is None:
        _, axes = subplots(1, len(metrics), panel=(FIGSIZE[0] / 2 + 0.4, FIGSIZE[1]), squeeze=False)
    axes = np.asarray(axes, dtype=object).reshape(-1)
    if axes.size != len(metrics):
        raise ValueError(f"axes must hold one Axes per metric ({len(metrics)}), got {axes.size}")
    for ax, metric in zip(axes, metrics):
        train = getattr(history, f"train_{'acc' if metric == 'accuracy' else 'loss'}")
        test = getattr(history, f"test_{'acc' if metric == 'accuracy' else 'loss'}")
        epochs = np.arange(1, len(train) + 1)
        prefix = f"{label}: " if label else ""
        accuracy = metric == "accuracy"
        line, = ax.plot(epochs, train, lw=2,
                        label=prefix + (_t("training accuracy", lang) if accuracy else _t("training loss", lang)))
        if test:
            ax.plot(epochs, test, lw=1.5, ls="--", color=line.get_color(),
                    label=prefix + (_t("test accuracy", lang) if accuracy else _t("test loss", lang)))
        ax.set_xlabel(_t("epoch", lang))
        ax.set_ylabel(_t("accuracy", lang) if accuracy else _t("loss", lang))
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    return axes


def layer_curves(
    curves: Any,
    *,
    ylabel: str,
    title: str | None = None,
    logy: bool = False,
    xlabel: str | None = None,
    ax: Any = None,
    x: Sequence[float] | np.ndarray | None = None,
):
    r"""One line per run of a per-layer (or per-epoch, per-depth) quantity, on one Axes.

    Chapters use it for figures such as "variance of the activations in layer
    :math:`l = 1, \dots, L`" for several initialisations: ``curves`` maps the legend
    text of each run to its values :math:`y_1, \dots, y_L`, drawn at
    :math:`x = 1, \dots, L` (or at ``x``).

    Parameters
    ----------
    curves : mapping of str to 1-D array
        Legend text -> values, e.g. ``{"LeCun": var}``, in the page's language.
        NaN values leave gaps.
    ylabel : str
        Label of the y axis, in the page's language.
    title : str, optional
        Title of the Axes.
    logy : bool
        Logarithmic y axis; then every finite value must be > 0.
    xlabel : str, optional
        Label of the x axis; default: "layer" in the current language.
    ax : matplotlib Axes, optional
        Where to draw; a new figure of size :data:`FIGSIZE` otherwise.
    x : 1-D array, optional
        Common x positions of all curves (default ``1, 2, ..., L``); every curve then
        needs ``len(x)`` values.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from nnprimer import plot
    >>> ax = plot.layer_curves({"a": [1.0, 0.5, 0.25], "b": [1.0, 1.0, 1.0]},
    ...                        ylabel="variance", logy=True)
    >>> [line.get_label() for line in ax.get_lines()], ax.get_yscale()
    (['a', 'b'], 'log')
    >>> ax.get_lines()[0].get_xdata().tolist()
    [1.0, 2.0, 3.0]
    """
    from collections.abc import Mapping

    if not isinstance(curves, Mapping):
        raise TypeError(f"curves must be a mapping of legend text to values, got {_describe(curves)}")
    if not curves:
        raise ValueError("curves must hold at least one curve, got an empty mapping")
    if not isinstance(ylabel, str):
        raise TypeError(f"ylabel must be a str, got {_describe(ylabel)}")
    for name, value in (("title", title), ("xlabel", xlabel)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {_describe(value)}")
    if not isinstance(logy, (bool, np.bool_)):
        raise TypeError(f"logy must be a bool, got {_describe(logy)}")
    xs = None
    if x is not None:
        xs = as_float_array(x, "x")
        if xs.ndim != 1 or xs.size == 0:
            raise ValueError(f"x must be a non-empty 1-D array, got shape {xs.shape}")
    lines = []
    for key, values in curves.items():
        if not isinstance(key, str):
            raise TypeError(f"curves keys (legend texts) must be str, got {_describe(key)}")
        y = as_float_array(values, f"curves[{key!r}]")
        if y.ndim != 1 or y.size == 0:
            raise ValueError(f"curves[{key!r}] must be a non-empty 1-D array, got shape {y.shape}")
        if xs is not None and y.size != xs.size:
            raise ValueError(f"curves[{key!r}] must have len(x) = {xs.size} values, got {y.size}")
        if logy and np.any(y[np.isfinite(y)] <= 0):
            raise ValueError(f"curves[{key!r}] must be > 0 where finite for logy=True, got min {np.nanmin(y)}")
        lines.append((key, y))
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    for key, y in lines:
        pos = xs if xs is not None else np.arange(1, y.size + 1, dtype=np.float64)
        ax.plot(pos, y, lw=1.8, marker="o" if y.size <= 40 else None, ms=3, label=key)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel if xlabel is not None else _t("layer", lang))
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def layer_grid(panels: Any, *, ylabels: Sequence[str], titles: Sequence[str], logy: bool = True,
               suptitle: str | None = None):
    r"""Small multiples of per-layer curves: a grid of :func:`layer_curves` panels.

    ``panels[r][c]`` is the ``curves`` mapping (legend text -> values for layers
    :math:`1, \dots, L`) of row ``r`` and column ``c``. Each row shares its y axis, so
    that panels in a row compare directly (one quantity per row, e.g. activation std and
    gradient norm; one setting per column, e.g. the activation function). The legend
    is drawn once, in the first panel.

    Parameters
    ----------
    panels : 2-D sequence of mappings
        Every row must have ``len(titles)`` panels.
    ylabels : sequence of str
        The y label of each row (shown on the first column).
    titles : sequence of str
        The title of each column (shown on the first row).
    logy : bool
        Logarithmic y axes (every finite value must be > 0).
    suptitle : str, optional
        A title over the whole figure.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> fig = layer_grid([[{"a": [1, 2]}, {"a": [2, 1]}]], ylabels=["y"], titles=["left", "right"])
    >>> len(fig.axes)
    2
    """
    if isinstance(panels, (str, bytes)) or not isinstance(panels, Sequence) or not panels:
        raise TypeError(f"panels must be a non-empty 2-D list of curve mappings, got {_describe(panels)}")
    rows, cols = len(panels), len(titles)
    if len(ylabels) != rows:
        raise ValueError(f"ylabels must have one entry per row of panels ({rows}), got {len(ylabels)}")
    for r, row in enumerate(panels):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != cols:
            raise ValueError(f"panels[{r}] must hold one mapping per title ({cols}), got {_describe(row)}")
    fig, axes = subplots(rows, cols, panel=(FIGSIZE[0] / 2.2, FIGSIZE[1] * 0.8), sharex=True, sharey="row",
                         squeeze=False)
    for r in range(rows):
        for c in range(cols):
            ax = axes[r][c]
            layer_curves(panels[r][c], ylabel=ylabels[r] if c == 0 else "", logy=logy, ax=ax,
                         title=titles[c] if r == 0 else None,
                         xlabel=None if r == rows - 1 else "")
            if (r, c) != (0, 0):
                ax.get_legend().remove()
    if suptitle is not None:
        fig.suptitle(suptitle)
    return fig
