r"""Figures of the chapter "Why activation functions": a sum of ReLUs fitted to a curve."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import _t, get_language
from ..._optional import require
from ..._style import DERIVATIVE_COLOR
from .experiments import ReluFit, count_linear_pieces

__all__ = ['plot_relu_fit']


def plot_relu_fit(fit: Any, *, ax: Any = None, derivative: bool = False, target_derivative: Any = None,
             title: str | None = None):
    r"""Draw a :class:`nnprimer.chapters.why.ReluFit`: the target points, the fitted sum of
    ReLUs :math:`f(x) = c + \sum_j a_j \mathrm{ReLU}(x - t_j)`, and its kinks.

    Parameters
    ----------
    fit : ReluFit
        From :func:`nnprimer.chapters.why.relu_fit`.
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
    from ...plot import subplots  # matplotlib only when a figure is drawn

    if not isinstance(fit, ReluFit):
        raise TypeError(f"fit must be a ReluFit from nnprimer.chapters.why.relu_fit, got {type(fit).__name__}")
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
        torch = require("torch", "nnprimer.chapters.why.plot_relu_fit")
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
    # below the axes: inside, it would cover the curves somewhere on a fit of any shape
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False)
    return ax


# ---------------------------------------------------------------------------- backprop chapter
