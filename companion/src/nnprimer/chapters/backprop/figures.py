r"""Figures of the back-propagation chapter: secants approaching a tangent, a gradient field, one
neuron as a computational graph, a training curve, and the error of finite differences."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import N_, _t, get_language
from ..._validation import _describe, as_float_array

__all__ = ['secants', 'gradient_field', 'neuron_graph', 'neuron_values', 'sgd_losses', 'fd_error']


def secants(f: Any, x0: float, steps: Any, *, slope: float, xlim: tuple[float, float] | None = None,
            ax: Any = None, title: str | None = None):
    r"""The graph of ``f`` with secants through ``x0`` and ``x0 + h`` for each step ``h``, and the tangent.

    The secants are drawn from light to dark as ``h`` shrinks, each ending in a dot at
    :math:`(x_0 + h, f(x_0 + h))`, so that they visibly turn towards the tangent of slope
    ``slope`` (the exact derivative :math:`f'(x_0)`, drawn dashed in black). Each legend entry
    gives the secant's slope :math:`\bigl(f(x_0 + h) - f(x_0)\bigr)/h`.

    Parameters
    ----------
    f : callable
        Elementwise on numpy arrays.
    x0 : float
        The point of tangency.
    steps : sequence of float
        Positive steps ``h``, largest first.
    slope : float
        :math:`f'(x_0)`.
    xlim : pair of float, optional
        The plotted range (default ``x0 - 1`` to ``x0 + max(steps) + 0.5``).
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = secants(lambda x: x**2, 1.0, [1.0, 0.5], slope=2.0)
    >>> ax.get_legend_handles_labels()[1][1:]
    ['secant, h = 1: slope 3', 'secant, h = 0.5: slope 2.5', 'tangent: slope 2']
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn
    import matplotlib

    if not callable(f):
        raise TypeError(f"f must be a callable, got {_describe(f)}")
    h = as_float_array(steps, "steps")
    if h.ndim != 1 or h.size == 0 or not np.all(np.isfinite(h)) or not np.all(h > 0):
        raise ValueError(f"steps must be a non-empty sequence of positive numbers, got {steps!r}")
    x0, slope = float(x0), float(slope)
    lo, hi = xlim if xlim is not None else (x0 - 1.0, x0 + float(h.max()) + 0.5)
    if not lo < x0 < hi:
        raise ValueError(f"xlim must be a pair (low, high) around x0 = {x0}, got {xlim!r}")
    lang = get_language()
    if ax is None:
        _, ax = subplots()
    xs = np.linspace(lo, hi, 401)
    ys = np.asarray(f(xs), dtype=np.float64)
    f0 = float(f(x0))
    ax.plot(xs, ys, color="C0", lw=2.2, label="f(x)")
    shades = matplotlib.colormaps["Oranges"](np.linspace(0.35, 0.9, h.size))
    for step, colour in zip(h, shades):
        s = (float(f(x0 + step)) - f0) / step
        ax.plot(xs, f0 + s * (xs - x0), color=colour, lw=1.5,
                label=_t("secant, h = {h:g}: slope {s:.4g}", lang, h=step, s=s))
        ax.plot([x0 + step], [float(f(x0 + step))], "o", color=colour, ms=5)
    ax.plot(xs, f0 + slope * (xs - x0), "--", color="black", lw=1.5,
            label=_t("tangent: slope {s:g}", lang, s=slope))
    ax.plot([x0], [f0], "o", color="black", ms=5)
    pad = 0.08 * (ys.max() - ys.min())
    ax.set_xlim(lo, hi)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlabel(_t("input x", lang))
    ax.set_ylabel("f(x)")
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small", loc="upper left")
    return ax


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
    from ...plot import FIGSIZE, subplots  # matplotlib only when a figure is drawn

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
        _, ax = subplots(figsize=(FIGSIZE[1] * 1.25 + 1.3, FIGSIZE[1]))  # room for the legend
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize="small")  # outside: no arrow hidden
    return ax


def neuron_values(x: float, w: float, b: float, t: float) -> dict[str, tuple[float, float]]:
    r"""Forward values and backward gradients of one sigmoid neuron with a squared error.

    The graph is :math:`u = w x`, :math:`z = u + b`, :math:`a = \sigma(z)`,
    :math:`L = (a - t)^2`. Returns ``{node: (value, dL/dnode)}`` for the nodes
    ``x, w, b, u, z, a, L``, in float64, computed as :func:`neuron_graph` draws them.

    >>> v = neuron_values(1.5, -0.8, 0.3, 1.0)
    >>> [round(v[k][1], 2) for k in ("w", "x", "b")]
    [-0.44, 0.23, -0.29]
    """
    x, w, b, t = (float(v) for v in (x, w, b, t))
    u = w * x
    z = u + b
    a = float(1.0 / (1.0 + np.exp(-z)))
    loss = (a - t) ** 2
    a_bar = 2.0 * (a - t)
    z_bar = a_bar * a * (1.0 - a)
    return {"x": (x, z_bar * w), "w": (w, z_bar * x), "b": (b, z_bar), "u": (u, z_bar), "z": (z, z_bar),
            "a": (a, a_bar), "L": (loss, 1.0)}


def neuron_graph(x: float, w: float, b: float, t: float, *, ax: Any = None, title: str | None = None):
    r"""One neuron as a computational graph, with values forward and gradients backward (CS231n's picture).

    The nodes ``×``, ``+``, ``σ`` and :math:`(\cdot - t)^2` compute
    :math:`u = w x`, :math:`z = u + b`, :math:`a = \sigma(z)` and :math:`L = (a - t)^2`.
    Above each edge: the value that flows forward (green); below it: the gradient
    :math:`\partial L / \partial(\text{value})` that flows back (red), as
    :func:`neuron_values` computes them.

    Returns
    -------
    matplotlib Axes

    >>> ax = neuron_graph(1.5, -0.8, 0.3, 1.0)
    >>> "w = -0.80" in [text.get_text() for text in ax.texts]
    True
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle

    v = neuron_values(x, w, b, t)
    lang = get_language()
    if ax is None:
        _, ax = subplots(figsize=(6.4, 3.0))
    green, red, r = "#1a7f37", "#c62828", 0.45
    nodes = {"×": (3.0, 1.2), "+": (5.6, 1.2), "σ": (8.2, 1.2), "(·−t)²": (10.8, 1.2)}
    leaves = {"x": (3.0, 3.2), "w": (0.4, 1.2), "b": (5.6, -0.9)}
    edges = [("x", leaves["x"], nodes["×"]), ("w", leaves["w"], nodes["×"]), ("u", nodes["×"], nodes["+"]),
             ("b", leaves["b"], nodes["+"]), ("z", nodes["+"], nodes["σ"]), ("a", nodes["σ"], nodes["(·−t)²"]),
             ("L", nodes["(·−t)²"], (12.9, 1.2))]
    for name, p0, p1 in edges:
        p0, p1 = np.asarray(p0), np.asarray(p1)
        d = (p1 - p0) / np.hypot(*(p1 - p0))
        start = p0 + d * (0.3 if name in leaves else r)
        end = p1 - d * (0.0 if name == "L" else r)
        ax.annotate("", xy=tuple(end), xytext=tuple(start), arrowprops=dict(arrowstyle="-|>", color="0.35", lw=1.3))
        (mx, my), (value, gradient) = (start + end) / 2, v[name]
        if d[1] == 0:  # horizontal: value above, gradient below
            ax.text(mx, my + 0.13, f"{name} = {value:.2f}", color=green, ha="center", va="bottom", fontsize=9.5)
            ax.text(mx, my - 0.13, f"{gradient:.2f}", color=red, ha="center", va="top", fontsize=9.5)
        else:  # vertical: value left, gradient right
            ax.text(mx - 0.15, my, f"{name} = {value:.2f}", color=green, ha="right", va="center", fontsize=9.5)
            ax.text(mx + 0.15, my, f"{gradient:.2f}", color=red, ha="left", va="center", fontsize=9.5)
    for label, centre in nodes.items():
        ax.add_patch(Circle(centre, r, facecolor="#f2f2f2", edgecolor="0.3"))
        ax.text(*centre, label, ha="center", va="center", fontsize=12 if len(label) == 1 else 8.5)
    for name, centre in leaves.items():
        ax.text(*centre, name, ha="center", va="center", fontsize=13, style="italic")
    ax.text(nodes["(·−t)²"][0], nodes["(·−t)²"][1] - 0.6, f"t = {float(t):g}", ha="center", va="top", fontsize=9.5)
    ax.set_xlim(0, 13.2)
    ax.set_ylim(-1.3, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")
    handles = [Line2D([], [], color=green, lw=3, label=_t("forward: value", lang)),
               Line2D([], [], color=red, lw=3, label=_t("backward: gradient ∂L/∂(value)", lang))]
    ax.legend(handles=handles, loc="lower right", fontsize="small", frameon=False)
    if title is not None:
        ax.set_title(title)
    return ax


def sgd_losses(losses: Any, *, every: int = 1, ax: Any = None, title: str | None = None):
    r"""Training curve of a hand-written SGD loop: the mini-batch loss at each step.

    ``losses`` is a mapping of legend text to a sequence of losses, one per step (or one
    every ``every`` steps), starting at step 0; all are drawn against the step number.

    >>> ax = sgd_losses({"batch": [2.3, 1.9, 1.2], "test": [2.3, 1.0]}, every=2)
    >>> ax.get_lines()[1].get_xdata().tolist()
    [0, 2]
    """
    from collections.abc import Mapping

    from ...plot import subplots  # matplotlib only when a figure is drawn

    if not isinstance(losses, Mapping) or not losses:
        raise TypeError(f"losses must be a non-empty mapping of legend text to losses, got {_describe(losses)}")
    lang = get_language()
    if ax is None:
        _, ax = subplots()
    for i, (label, values) in enumerate(losses.items()):
        values = as_float_array(values, "losses")
        stride = 1 if i == 0 else every
        ax.plot(np.arange(len(values)) * stride, values, lw=1.2 if i == 0 else 2.0,
                alpha=0.6 if i == 0 else 1.0, marker=None if i == 0 else "o", ms=4, label=label)
    ax.set_xlabel(_t("step", lang))
    ax.set_ylabel(_t("loss", lang))
    ax.set_ylim(bottom=0)
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def fd_error(curve: Any, *, marks: Any = None, ax: Any = None, title: str | None = None):
    r"""Log-log plot of finite-difference error against step size (the U-curve).

    ``curve`` is what :func:`nnprimer.grad.fd_error_curve` returns. For the central
    difference, truncation error falls like :math:`h^2` to the right and round-off grows
    like :math:`\varepsilon/h` to the left; the forward difference falls only like
    :math:`h`. Exact zeros (a lucky cancellation) are left out of the log plot.

    Parameters
    ----------
    curve : nnprimer.grad.FdErrorCurve or mapping
        An :class:`~nnprimer.grad.FdErrorCurve`, or a mapping with the keys ``"steps"``,
        ``"central_error"``, ``"forward_error"``.
    marks : mapping of str to float, optional
        Legend text -> a step size to mark with a vertical dotted line. The first mark is
        drawn in the colour of the central-difference curve and the second in that of the
        forward-difference curve (the best step of each); any further ones in other colours.
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
    from ...plot import subplots  # matplotlib only when a figure is drawn
    from collections.abc import Mapping

    from ...grad import FdErrorCurve

    keys = ("steps", "central_error", "forward_error")
    if isinstance(curve, Mapping) and set(keys) <= set(curve):
        curve = FdErrorCurve(*(curve[k] for k in keys))
    if not isinstance(curve, FdErrorCurve):
        raise TypeError("curve must be what nnprimer.grad.fd_error_curve returns (or a mapping with the keys steps, "
                        f"central_error, forward_error), got {_describe(curve)}")
    if marks is not None and not isinstance(marks, Mapping):
        raise TypeError(f"marks must be a mapping of legend text to step size, got {_describe(marks)}")
    lang = get_language()
    if ax is None:
        _, ax = subplots()
    h = np.asarray(curve.steps, dtype=np.float64)
    colours = []
    for e, name, style in ((curve.central_error, N_("central difference"), "-"),
                           (curve.forward_error, N_("forward difference"), "--")):
        e = np.asarray(e, dtype=np.float64)
        line, = ax.plot(h, np.where(e > 0, e, np.nan), style, lw=1.8, marker="o", ms=2.5, label=_t(name, lang))
        colours.append(line.get_color())
    for i, (text, step) in enumerate((marks or {}).items()):
        ax.axvline(float(step), color=colours[i] if i < 2 else f"C{i + 1}", ls=":", lw=1.6, label=text)
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
