r"""Plots used by the chapters, labelled in the current language.

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

from ._i18n import N_, _t, get_language
from ._curves import jumps
from ._style import DERIVATIVE_COLOR, FUNCTION_COLOR
from ._optional import require
from ._validation import _describe, as_float_array

require("matplotlib", "nnprimer.plot")

import matplotlib.pyplot as plt  # noqa: E402

__all__ = [
    "FIGSIZE",
    "layer_curves",
    "plot_activation",
    "plot_activations",
    "plot_history",
    "subplots",
    "weight_paths",
]

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


# ---------------------------------------------------------------------------- softmax chapter

__all__ += ["plot_softmax", "softmax_bars", "digit_probabilities"]


def plot_softmax(
    others: Sequence[float] = (0.0,),
    *,
    x: Sequence[float] | np.ndarray | None = None,
    ax: Any = None,
    title: str | None = None,
):
    r"""Softmax as a function of one logit, with its autograd derivative.

    The logits are :math:`z = (x, o_1, \dots, o_m)`: the first one varies, the others
    (``others``) stay fixed. Every probability :math:`y_i = \mathrm{softmax}(z)_i` is
    drawn as a solid line and :math:`\partial y_0 / \partial z_0 = y_0 (1 - y_0)`, taken
    from ``torch.autograd`` when torch is installed (else from
    :func:`nnprimer.activations.softmax_jacobian`), as a dashed line. With ``others=(0,)``
    the curve :math:`y_0` is exactly the sigmoid :math:`\sigma(x)`.

    Parameters
    ----------
    others : sequence of float
        The fixed logits :math:`o_1, \dots, o_m` (finite, at least one).
    x : array, optional
        Values of the first logit (default ``linspace(-8, 8, 801)``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    title : str, optional
        Default: "softmax of z = (z₀, ...)" in the current language.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = plot_softmax((0.0, 1.0))
    >>> len(ax.get_legend().get_texts())  # three probabilities and the derivative
    4
    """
    from . import activations

    o = as_float_array(others, "others").astype(np.float64)
    if o.ndim != 1 or o.size == 0 or not np.all(np.isfinite(o)):
        raise ValueError(f"others must be a non-empty 1-D sequence of finite logits, got {o.tolist()}")
    xs = np.linspace(-8.0, 8.0, 801) if x is None else as_float_array(x, "x").astype(np.float64)
    if xs.ndim != 1 or xs.size < 2:
        raise ValueError(f"x must be a 1-D array of at least 2 values, got shape {xs.shape}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {_describe(title)}")
    z = np.column_stack([xs, np.broadcast_to(o, (xs.size, o.size))])
    y = activations.softmax(z)
    try:
        import torch

        t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(torch.softmax(t, dim=1)[:, 0].sum(), t)
        dy0 = g[:, 0].numpy()
        key = N_("∂y₀/∂z₀ (autograd)")
    except ImportError:
        dy0 = np.array([activations.softmax_jacobian(row)[0, 0] for row in z])
        key = N_("f'(x)")
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    for i in range(z.shape[1]):
        ax.plot(xs, y[:, i], lw=2, label=_t("softmax(z)_{i}", lang, i=i))
    ax.plot(xs, dy0, lw=1.5, ls="--", color="k", label=_t(key, lang))
    ax.axhline(0, color="0.6", lw=0.6)
    ax.set_xlabel(_t("logit z₀ (the others fixed)", lang))
    others_text = ", ".join(f"{v:g}" for v in o)
    ax.set_title(title if title is not None else _t("softmax of z = (z₀, {others})", lang, others=others_text))
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", fontsize="small")
    return ax


def softmax_bars(z: Sequence[float], temperatures: Sequence[float], *, ax: Any = None):
    r"""Grouped bars of :math:`\mathrm{softmax}(z / T)` for several temperatures.

    One group of bars per class, one bar per temperature; the legend gives each
    temperature's entropy :math:`H = -\sum_i p_i \log p_i` in nats
    (:func:`nnprimer.experiments.softmax_temperature`). Small :math:`T` concentrates the
    probability on the largest logit, large :math:`T` spreads it evenly.

    Returns the Axes.

    Examples
    --------
    >>> ax = softmax_bars([2.0, 1.0, 0.0], [0.5, 1.0, 5.0])
    >>> len(ax.patches)  # 3 classes x 3 temperatures
    9
    """
    from .experiments import softmax_temperature

    p, entropy = softmax_temperature(z, temperatures)
    zs = as_float_array(z, "z").astype(np.float64)
    ts = as_float_array(temperatures, "temperatures").astype(np.float64)
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    k, n = zs.size, ts.size
    width = 0.8 / n
    for j, (t, h) in enumerate(zip(ts, entropy)):
        ax.bar(np.arange(k) + (j - (n - 1) / 2) * width, p[j], width=width,
               label=_t("T = {t:g} (entropy {h:.2f} nats)", lang, t=t, h=h))
    ax.set_xticks(np.arange(k))
    ax.set_xlabel(_t("class", lang))
    ax.set_ylabel(_t("probability", lang))
    ax.set_ylim(0, 1.05)
    ax.set_title(_t("softmax(z / T) for z = {z}", lang, z=[float(f"{v:g}") for v in zs]))
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize="small")
    return ax


def digit_probabilities(images: Any, probabilities: Any, labels: Sequence[int]):
    r"""8×8 digit images (top row) above bar charts of a classifier's probabilities (bottom row).

    Parameters
    ----------
    images : array_like
        Shape ``(n, 64)`` or ``(n, 8, 8)``: the pixels to show (any scale).
    probabilities : array_like
        Shape ``(n, C)``: each row the model's softmax output for one image.
    labels : sequence of int
        The true class of each image; the panel title shows it with the argmax
        prediction. The bar of the true class is drawn in a second colour.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> fig = digit_probabilities(np.zeros((2, 64)), np.full((2, 10), 0.1), [3, 7])
    >>> len(fig.axes)
    4
    """
    imgs = as_float_array(images, "images")
    probs = as_float_array(probabilities, "probabilities")
    if imgs.ndim == 2:
        if imgs.shape[1] != 64:
            raise ValueError(f"images must have shape (n, 64) or (n, 8, 8), got {imgs.shape}")
        imgs = imgs.reshape(-1, 8, 8)
    if imgs.ndim != 3 or imgs.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (n, 64) or (n, 8, 8), got {imgs.shape}")
    n = imgs.shape[0]
    if probs.ndim != 2 or probs.shape[0] != n:
        raise ValueError(f"probabilities must have shape ({n}, C), got {probs.shape}")
    labels = [int(v) for v in labels]
    if len(labels) != n or any(not 0 <= v < probs.shape[1] for v in labels):
        raise ValueError(f"labels must be {n} class indices in [0, {probs.shape[1] - 1}], got {labels}")
    fig, axes = subplots(2, n, panel=(FIGSIZE[0] / max(n, 1) * 1.25, 2.0), squeeze=False,
                         gridspec_kw={"height_ratios": [1, 1.1]})
    lang = get_language()
    classes = np.arange(probs.shape[1])
    for i in range(n):
        top, bottom = axes[0, i], axes[1, i]
        top.imshow(imgs[i], cmap="gray_r")
        top.set_xticks([])
        top.set_yticks([])
        top.set_title(_t("label {y}, predicted {p}", lang, y=labels[i], p=int(np.argmax(probs[i]))),
                      fontsize="small")
        colors = ["C1" if c == labels[i] else "C0" for c in classes]
        bottom.bar(classes, probs[i], color=colors)
        bottom.set_ylim(0, 1.05)
        bottom.set_xticks(classes)
        bottom.tick_params(labelsize="x-small")
        bottom.grid(alpha=0.3, axis="y")
        if i == 0:
            bottom.set_ylabel(_t("probability", lang))
    return fig


def weight_paths(
    paths: Any,
    *,
    target: Sequence[float] | np.ndarray,
    title: str | None = None,
    ax: Any = None,
):
    r"""Paths of a pair of weights :math:`(w_1, w_2)` during training, in the weight plane.

    Each path is an array of shape ``(steps + 1, 2)`` whose row :math:`k` is
    :math:`(w_1, w_2)` after :math:`k` updates, for example from
    :func:`nnprimer.experiments.linear_unit_sgd`. The start of every path gets a dot, the
    target :math:`w_\star` a star, and the axes have equal scales so that directions of
    steps are drawn true (a step along :math:`(1, 1)` is at 45 degrees).

    Parameters
    ----------
    paths : mapping of str to array of shape (n, 2)
        Legend text (in the page's language) -> path.
    target : pair of float
        :math:`w_\star`, drawn as a star.
    title : str, optional
        Title of the Axes.
    ax : matplotlib Axes, optional
        Where to draw; a new figure of size :data:`FIGSIZE` otherwise.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from nnprimer import plot
    >>> ax = plot.weight_paths({"a": [[0, 0], [0.5, 0.5], [1.0, -1.0]]}, target=[1, -1])
    >>> [line.get_label() for line in ax.get_lines()][:1]
    ['a']
    """
    from collections.abc import Mapping

    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"paths must be a non-empty mapping of legend text to (n, 2) arrays, got {_describe(paths)}")
    goal = as_float_array(target, "target")
    if goal.shape != (2,) or not np.all(np.isfinite(goal)):
        raise ValueError(f"target must be two finite numbers (w1, w2), got {goal.tolist()}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {_describe(title)}")
    checked = []
    for key, path in paths.items():
        if not isinstance(key, str):
            raise TypeError(f"paths keys (legend texts) must be str, got {_describe(key)}")
        p = as_float_array(path, f"paths[{key!r}]")
        if p.ndim != 2 or p.shape[1] != 2 or p.shape[0] == 0:
            raise ValueError(f"paths[{key!r}] must have shape (n, 2), got {p.shape}")
        checked.append((key, p))
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    for i, (key, p) in enumerate(checked):
        ax.plot(p[:, 0], p[:, 1], lw=1.2, marker="o", ms=2, color=f"C{i}", label=key)
        ax.plot(p[0, 0], p[0, 1], "o", ms=7, color=f"C{i}", mfc="white")
    ax.plot(goal[0], goal[1], "*", ms=14, color="black", label=_t("target w*", lang))
    ax.set_xlabel(_t("weight w₁", lang))
    ax.set_ylabel(_t("weight w₂", lang))
    ax.set_aspect("equal", adjustable="datalim")
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


# ---- chapter "Why activation functions" ---------------------------------------------------

__all__ += ["relu_fit"]


def relu_fit(fit: Any, *, ax: Any = None, derivative: bool = False, target_derivative: Any = None,
             title: str | None = None):
    r"""Draw a :class:`nnprimer.experiments.ReluFit`: the target points, the fitted sum of
    ReLUs :math:`f(x) = c + \sum_j a_j \mathrm{ReLU}(x - t_j)`, and its kinks.

    Parameters
    ----------
    fit : ReluFit
        From :func:`nnprimer.experiments.relu_fit`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    derivative : bool
        Also draw :math:`f'(x)`, computed by ``torch.autograd`` through ``fit.torch()``
        (a step function: the slope is constant on each piece).
    target_derivative : array_like, optional
        The target's derivative at ``fit.x``, drawn dotted for comparison.
    title : str, optional
        Default: the number of units and pieces and the RMS error, in the current language.

    Returns the Axes. Kinks are the knots strictly inside the fitted interval whose weight
    is not zero: only they bend the curve.
    """
    from .experiments import ReluFit, count_linear_pieces

    if not isinstance(fit, ReluFit):
        raise TypeError(f"fit must be a ReluFit from nnprimer.experiments.relu_fit, got {type(fit).__name__}")
    lang = get_language()
    if ax is None:
        _, ax = subplots()
    x = fit.x
    ax.plot(x, fit.y, color="0.55", lw=4, alpha=0.6, label=_t("target", lang))
    ax.plot(x, fit.prediction, color="C0", lw=1.8, label=_t("sum of {k} ReLUs", lang, k=fit.n_units))
    inside = (fit.knots > x.min()) & (fit.knots < x.max()) & (np.abs(fit.weights) > 1e-9)
    kinks = fit.knots[inside]
    ax.plot(kinks, fit(kinks), "o", color="C3", ms=5, label=_t("kinks", lang))
    if derivative:
        torch = require("torch", "nnprimer.plot.relu_fit")
        t = torch.tensor(x[:, None], dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(fit.torch()(t).sum(), t)
        ax.plot(x, g[:, 0].numpy(), color=DERIVATIVE_COLOR, lw=1.3, ls="--",
                label=_t("slope of the fit (autograd)", lang))
    if target_derivative is not None:
        ax.plot(x, np.asarray(target_derivative, dtype=np.float64), color=DERIVATIVE_COLOR, lw=1.0, ls=":",
                label=_t("slope of the target", lang))
    pieces = count_linear_pieces(x, fit.prediction)
    ax.set_title(title if title is not None else
                 _t("{k} ReLU units: {p} pieces, RMS error {err:.3f}", lang, k=fit.n_units, p=pieces,
                    err=fit.rms_error))
    ax.set_xlabel(_t("input x", lang))
    ax.axhline(0, color="0.6", lw=0.6)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


# ---------------------------------------------------------------------------- backprop chapter

__all__ += ["gradient_field", "fd_error"]


def gradient_field(f: Any, grad: Any, *, xlim: tuple[float, float] = (-2.0, 2.0),
                   ylim: tuple[float, float] = (-2.0, 2.0), n: int = 13, ax: Any = None,
                   title: str | None = None):
    r"""Contour lines of a function of two variables and the arrows of its gradient.

    The gradient :math:`\nabla f = (\partial f/\partial x_1, \partial f/\partial x_2)`
    points in the direction of steepest ascent and is perpendicular to the contour line
    through its foot; its length :math:`\lVert\nabla f\rVert` is the rate of ascent in
    that direction. Arrows are drawn on an ``n`` × ``n`` grid, all scaled by the same
    factor, so their lengths compare.

    Parameters
    ----------
    f : callable
        ``f(x1, x2)`` on arrays of equal shape (elementwise), returning that shape.
    grad : callable
        ``grad(x1, x2)`` returning the pair ``(df/dx1, df/dx2)`` of such arrays.
    xlim, ylim : pair of float
        The plotted rectangle.
    n : int
        Arrows per side, ``>= 2``.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = gradient_field(lambda a, b: a**2 + b**2, lambda a, b: (2 * a, 2 * b), n=5)
    >>> ax.get_aspect()
    1.0
    """
    if not callable(f) or not callable(grad):
        raise TypeError(f"f and grad must be callables, got {_describe(f)} and {_describe(grad)}")
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        arr = as_float_array(lim, name)
        if arr.shape != (2,) or not np.all(np.isfinite(arr)) or not arr[0] < arr[1]:
            raise ValueError(f"{name} must be a pair (low, high) of finite numbers with low < high, got {lim!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    lang = get_language()
    if ax is None:
        _, ax = subplots(figsize=(FIGSIZE[1] * 1.25, FIGSIZE[1]))
    gx, gy = np.meshgrid(np.linspace(*xlim, 201), np.linspace(*ylim, 201))
    levels = ax.contour(gx, gy, np.asarray(f(gx, gy), dtype=np.float64), levels=12, cmap="viridis",
                        linewidths=1.0)
    ax.clabel(levels, fontsize="x-small", fmt="%.2g")
    ax_, ay_ = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    u, v = (np.asarray(c, dtype=np.float64) for c in grad(ax_, ay_))
    ax.quiver(ax_, ay_, u, v, color="C3", angles="xy", label=_t("gradient ∇f", lang))
    ax.set_aspect("equal")
    ax.set_xlabel(_t("x₁", lang))
    ax.set_ylabel(_t("x₂", lang))
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize="small")
    return ax


def fd_error(curve: Any, *, marks: Any = None, ax: Any = None, title: str | None = None):
    r"""Log-log plot of finite-difference error against step size (the U-curve).

    ``curve`` is the dict from :func:`nnprimer.grad.fd_error_curve`. For the central
    difference, truncation error falls like :math:`h^2` to the right and round-off grows
    like :math:`\varepsilon/h` to the left; the forward difference falls only like
    :math:`h`. Exact zeros (a lucky cancellation) are left out of the log plot.

    Parameters
    ----------
    curve : dict
        With keys ``"steps"``, ``"central_error"``, ``"forward_error"``.
    marks : mapping of str to float, optional
        Legend text -> a step size to mark with a vertical dotted line.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> from nnprimer import grad
    >>> c = grad.fd_error_curve(np.sin, np.cos, 1.0, np.logspace(-12, -1, 12))
    >>> fd_error(c).get_xscale()
    'log'
    """
    from collections.abc import Mapping

    if not isinstance(curve, Mapping) or not {"steps", "central_error", "forward_error"} <= set(curve):
        raise TypeError("curve must be the dict of nnprimer.grad.fd_error_curve with keys steps, central_error, "
                        f"forward_error, got {_describe(curve)}")
    if marks is not None and not isinstance(marks, Mapping):
        raise TypeError(f"marks must be a mapping of legend text to step size, got {_describe(marks)}")
    lang = get_language()
    if ax is None:
        _, ax = subplots()
    h = np.asarray(curve["steps"], dtype=np.float64)
    for key, name, style in (("central_error", N_("central difference"), "-"), ("forward_error", N_("forward difference"), "--")):
        e = np.asarray(curve[key], dtype=np.float64)
        ax.plot(h, np.where(e > 0, e, np.nan), style, lw=1.8, marker="o", ms=2.5, label=_t(name, lang))
    for i, (text, step) in enumerate((marks or {}).items()):
        ax.axvline(float(step), color=f"C{i + 2}", ls=":", lw=1.4, label=text)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(_t("step h", lang))
    ax.set_ylabel(_t("absolute error", lang))
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize="small")
    return ax


# ------------------------------------------------------------------ initialisation chapter

__all__ += ["layer_grid"]


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
