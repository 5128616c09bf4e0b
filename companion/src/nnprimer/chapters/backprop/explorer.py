r"""Finite differences against the step size: the secant through :math:`x_0 \pm h`.

For :math:`f = \sin` at :math:`x_0 = 1` the central difference

.. math:: D(h) = \frac{f(x_0 + h) - f(x_0 - h)}{2h}

is the slope of the secant through the points at :math:`x_0 - h` and :math:`x_0 + h`.
Its error against :math:`f'(x_0) = \cos 1` is about the truncation error
:math:`\frac{h^2}{6}|f'''(x_0)|` for large :math:`h` and about the round-off error
:math:`\varepsilon |f(x_0)| / h` for small :math:`h` (:math:`\varepsilon = 2^{-52}`); the
readout says which one is larger. The step runs over the powers of ten from
:math:`10^{-15}` to 1.

>>> est = fd_step_estimate(1e-5)
>>> est.dominant, est.error < 1e-9
('round-off', True)
>>> fd_step_estimate(0.1).dominant
'truncation'
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np

from ..._i18n import N_, _t, get_language
from ..._result import FormerDict
from ..._validation import positive_number
from ...widgets.core import DERIVATIVE_COLOR, FUNCTION_COLOR, N_SAMPLES, Control, Frame, Scene, Series
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = ["FD_X0", "FdStepEstimate", "fd_step_controls", "fd_step_estimate", "fd_step_explorer", "fd_step_explorer_html",
           "fd_step_scenes"]

#: The point where sin is differentiated.
FD_X0 = 1.0
_XLIM = (-1.0, 3.0)
_YLIM = (-1.2, 2.2)
_EPS = float(np.finfo(np.float64).eps)
SECANT_COLOR = "#1b7837"


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_FD_READOUT = N_(
    "h = {h}: central difference {d} (exact cos 1 = 0.540302305868), error {e}; truncation ≈ "
    "{t}, round-off ≈ {r}: {which} dominates")
_FD_NOTE = N_(
    "Static version: the 16 steps precomputed by nnprimer; run the notebook to use the "
    "slider in a kernel.")
_FD_CAPTION = N_(
    "The central difference (sin(1 + h) − sin(1 − h)) / 2h is the slope of the secant. "
    "Truncation error ≈ h²/6 · |cos 1|, round-off error ≈ ε · |sin 1| / h with ε = 2.2e-16.")


def fd_step_controls() -> Control:
    """The step slider: h = 1e-15, 1e-14, ..., 1, starting at 1e-5 (``nnprimer.grad``'s default)."""
    return Control("h", tuple(10.0 ** k for k in range(-15, 1)), 10, fmt=".0e")


@dataclass(frozen=True)
class FdStepEstimate(FormerDict):
    r"""What :func:`fd_step_estimate` computed for one step :math:`h`.

    Attributes
    ----------
    central : float
        The central difference :math:`D(h)`.
    error : float
        :math:`|D(h) - \cos 1|`.
    truncation : float
        The truncation-error estimate :math:`\frac{h^2}{6}|\cos 1|`.
    roundoff : float
        The round-off estimate :math:`\varepsilon |\sin 1| / h`.
    dominant : str
        ``"truncation"`` or ``"round-off"``, whichever estimate is larger.
    """

    central: float
    error: float
    truncation: float
    roundoff: float
    dominant: str


def fd_step_estimate(h: float) -> FdStepEstimate:
    r"""The central difference of sin at :data:`FD_X0` with step ``h``, its error and the two estimates.

    Returns a :class:`FdStepEstimate`: ``central`` (:math:`D(h)`), ``error``
    (:math:`|D(h) - \cos 1|`), ``truncation`` (:math:`\frac{h^2}{6}|\cos 1|`), ``roundoff``
    (:math:`\varepsilon |\sin 1| / h`) and ``dominant``: ``"truncation"`` or
    ``"round-off"``, whichever estimate is larger.
    """
    h = positive_number(h, "h")
    central = (math.sin(FD_X0 + h) - math.sin(FD_X0 - h)) / (2 * h)
    truncation = h * h / 6 * abs(math.cos(FD_X0))
    roundoff = _EPS * abs(math.sin(FD_X0)) / h
    return FdStepEstimate(central=central, error=abs(central - math.cos(FD_X0)), truncation=truncation,
                          roundoff=roundoff, dominant="truncation" if truncation > roundoff else "round-off")


def _lines(h: float, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    est = fd_step_estimate(h)
    f0 = math.sin(FD_X0)
    middle = (math.sin(FD_X0 + h) + math.sin(FD_X0 - h)) / 2
    return np.sin(x), f0 + math.cos(FD_X0) * (x - FD_X0), middle + est.central * (x - FD_X0)


def _readout(h: float, label: str, language: str) -> str:
    est = fd_step_estimate(h)
    return _t(_FD_READOUT, language, h=label, d=f"{est.central:.12f}", e=f"{est.error:.1e}",
              t=f"{est.truncation:.1e}", r=f"{est.roundoff:.1e}",
              which=_t("truncation", language) if est.dominant == "truncation" else _t("round-off", language))


def fd_step_scenes() -> list[Scene]:
    """One scene: sin, its tangent at x0 = 1 and the secant through x0 ± h, a frame per h."""
    language = get_language()
    control = fd_step_controls()
    x = np.linspace(*_XLIM, N_SAMPLES)

    def frame(h: float) -> Frame:
        label = control.label_of(h)
        return Frame(list(_lines(h, x)), title=_t("secant through 1 ± h, h = {h}", language, h=label),
                     readout=_readout(h, label, language),
                     marks=[(2, FD_X0 - h, math.sin(FD_X0 - h)), (2, FD_X0 + h, math.sin(FD_X0 + h))])

    return [Scene.from_function("sin", frame, control, x=x, caption=html.escape(_t(_FD_CAPTION, language)),
                                ylim=_YLIM, ylabel="y")]


def _spec() -> ExplorerSpec:
    language = get_language()
    series = [Series("sin x", FUNCTION_COLOR),
              Series(_t("tangent at 1 (slope cos 1)", language), DERIVATIVE_COLOR, dash="6 4", width=1.5),
              Series(_t("secant through 1 ± h", language), SECANT_COLOR, width=1.5)]
    return ExplorerSpec(fd_step_scenes(), series, title=_t("Finite-difference explorer: the step h", language),
                        xlabel="x", note=_t(_FD_NOTE, language), description="finite-difference explorer",
                        language=language)


def fd_step_explorer_html() -> str:
    """The kernel-free form of :func:`fd_step_explorer` (needs only numpy)."""
    return _spec().html()


def fd_step_explorer() -> Explorer:
    """An explorer of the central difference of sin at 1 against the step h (1e-15 .. 1).

    The chart shows sin, its tangent at 1 and the secant through 1 ± h; the readout gives
    the central difference, its error against cos 1, and the truncation and round-off
    estimates, saying which is larger. The static form holds the same 16 frames.

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec())
