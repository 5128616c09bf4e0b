r"""ReLU pieces: the best sum of k ReLUs for a curve, live and static.

The chapter "Why activation functions" fits

.. math:: f(x) = c + \sum_{j=1}^{k} a_j \,\mathrm{ReLU}(x - t_j)

to a target curve with :func:`nnprimer.chapters.why.relu_fit` (knots :math:`t_j` evenly
spaced from the left end, weights by least squares). This explorer moves k from 1 to
``k_max`` and shows the target, the fit, its kinks, and the piece count and errors.

>>> from nnprimer.chapters.why import relu_fit_explorer_html
>>> "nnp-explorer" in relu_fit_explorer_html(k_max=3)
True
"""

from __future__ import annotations

import html
import math
from typing import Any, Callable

import numpy as np

from . import experiments
from ..._i18n import N_, _t, get_language
from ..._validation import integer
from ...widgets.core import N_SAMPLES, Control, Frame, Scene, Series, check_x_range, number, tex
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = [
    "relu_fit_controls",
    "relu_fit_explorer",
    "relu_fit_explorer_html",
    "relu_fit_frames",
    "relu_fit_scenes",
]

#: Points the fits are computed on (the chapter's grid, so the readouts match its numbers).
FIT_POINTS = 1001
TARGET_COLOR = "#6b6b6b"
FIT_COLOR = "#1f77b4"


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_RELU_FIT_READOUT = N_(
    "k = {k} ReLU units: straight pieces {p}, kinks inside {kinks}; RMS error {rms}, largest "
    "error {max}")
_RELU_FIT_CAPTION = N_(
    "Knots t_j evenly spaced from the left end; weights a_j and bias c by least squares. "
    "Dots mark the kinks.")


def _default_target(x: np.ndarray) -> np.ndarray:
    return np.sin(x + 0.5)


def _check_target(target: Any) -> Callable[[np.ndarray], np.ndarray]:
    if target is None:
        return _default_target
    if not callable(target):
        raise TypeError(f"target must be a callable such as np.sin (or None for sin(x + 1/2)), "
                        f"got {type(target).__name__}")
    return target


def _check_k_max(k_max: Any) -> int:
    k_max = integer(k_max, "k_max", minimum=1)
    if k_max > 64:
        raise ValueError(f"k_max must be <= 64, got {k_max}")
    return k_max


def relu_fit_controls(k_max: int = 12, start: int = 4) -> Control:
    """The slider: k = 1, 2, ..., ``k_max`` (starting at ``start``, or ``k_max`` if smaller)."""
    k_max = _check_k_max(k_max)
    values = tuple(range(1, k_max + 1))
    return Control("k", values, min(integer(start, "start", minimum=1), k_max) - 1)


def relu_fit_frames(target: Callable | None = None, *, k_max: int = 12,
                    x_range: tuple[float, float] = (-math.pi, math.pi)) -> list[experiments.ReluFit]:
    """The fits shown by the explorer, one per k = 1..``k_max``, on :data:`FIT_POINTS` points."""
    f = _check_target(target)
    k_max = _check_k_max(k_max)
    lo, hi = check_x_range(x_range)
    x = np.linspace(lo, hi, FIT_POINTS)
    y = np.asarray(f(x), dtype=np.float64)
    if y.shape != x.shape or not np.all(np.isfinite(y)):
        raise ValueError(f"target must return finite values of the shape of x, got {y.shape} "
                         f"{'with nan or inf' if y.shape == x.shape else ''}".strip())
    return [experiments.relu_fit(x, y, k) for k in range(1, k_max + 1)]


def _kinks(fit: experiments.ReluFit) -> np.ndarray:
    """Knots strictly inside the interval whose unit bends the curve (weight not 0)."""
    x = fit.x
    scale = max(1.0, float(np.max(np.abs(fit.weights))))
    inside = (fit.knots > x[0]) & (fit.knots < x[-1]) & (np.abs(fit.weights) > 1e-9 * scale)
    return fit.knots[inside]


def _readout(fit: experiments.ReluFit, language: str) -> str:
    return _t(_RELU_FIT_READOUT, language, k=fit.n_units, p=experiments.count_linear_pieces(fit.x, fit.prediction),
              kinks=_kinks(fit).size, rms=number(fit.rms_error, 3), max=number(fit.max_error, 3))


def _caption(language: str) -> str:
    return (tex(r"f(x) = c + \sum_{j=1}^{k} a_j \,\mathrm{ReLU}(x - t_j)") + "<br>"
            + html.escape(_t(_RELU_FIT_CAPTION, language)))


def relu_fit_scenes(target: Callable | None = None, *, k_max: int = 12,
                    x_range: tuple[float, float] = (-math.pi, math.pi), name: str = "sin(x + 1/2)") -> list[Scene]:
    """One :class:`Scene` with a frame per k: the target, the fit and its kinks (marks)."""
    language = get_language()
    fits = relu_fit_frames(target, k_max=k_max, x_range=x_range)
    grid = np.linspace(fits[0].x[0], fits[0].x[-1], N_SAMPLES)
    y = np.asarray(_check_target(target)(grid), dtype=np.float64)

    def frame(k: int) -> Frame:
        fit = fits[k - 1]
        return Frame(curves=[y, fit(grid)], title=_t("k = {k}", language, k=fit.n_units),
                     readout=_readout(fit, language), marks=[(1, float(t), float(fit(t))) for t in _kinks(fit)])

    return [Scene.from_function(str(name), frame, relu_fit_controls(k_max), x=grid, caption=_caption(language))]


def _spec(target: Callable | None, k_max: int, x_range: tuple[float, float], name: str) -> ExplorerSpec:
    language = get_language()
    scenes = relu_fit_scenes(target, k_max=k_max, x_range=x_range, name=name)
    series = [Series(_t("target", language), TARGET_COLOR, width=4.0),
              Series(_t("sum of k ReLUs", language), FIT_COLOR, width=2.0)]
    k = scenes[0].controls[0].values
    return ExplorerSpec(scenes, series, title=_t("ReLU pieces: the best sum of k ReLUs for a curve", language),
                        xlabel=_t("input x", language),
                        description=f"ReLU pieces explorer: {name}, k = {k[0]}..{k[-1]}", language=language)


def relu_fit_explorer_html(target: Callable | None = None, *, k_max: int = 12,
                           x_range: tuple[float, float] = (-math.pi, math.pi), name: str = "sin(x + 1/2)") -> str:
    """The kernel-free form of :func:`relu_fit_explorer` (needs only numpy)."""
    return _spec(target, k_max, x_range, name).html()


def relu_fit_explorer(target: Callable | None = None, *, k_max: int = 12,
                      x_range: tuple[float, float] = (-math.pi, math.pi),
                      name: str = "sin(x + 1/2)") -> Explorer:
    r"""The "ReLU pieces" explorer: a slider for k, the number of ReLU units (1..``k_max``).

    For each k it shows the target curve, the least-squares sum of k ReLUs
    (:func:`nnprimer.chapters.why.relu_fit`, knots evenly spaced from the left end), its
    kinks, and a readout with the number of straight pieces (counted from the curve by
    :func:`nnprimer.chapters.why.count_linear_pieces`) and the RMS and largest errors.

    Parameters
    ----------
    target : callable, optional
        The curve, a numpy function of x (default ``sin(x + 1/2)``).
    k_max : int
        The largest k, 1..64 (default 12).
    x_range : (float, float)
        The interval fitted and drawn (default :math:`[-\pi, \pi]`).
    name : str
        The target's name (in the explorer's ``repr``).

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec(target, k_max, x_range, name))
