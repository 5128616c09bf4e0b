r"""Figures of the back-propagation chapter: a gradient field and the error of finite differences."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import N_, _t, get_language
from ..._validation import _describe, as_float_array

__all__ = ['gradient_field', 'fd_error']


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
    for e, name, style in ((curve.central_error, N_("central difference"), "-"),
                           (curve.forward_error, N_("forward difference"), "--")):
        e = np.asarray(e, dtype=np.float64)
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
