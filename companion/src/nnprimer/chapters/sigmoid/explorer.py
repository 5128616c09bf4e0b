r"""Where sigmoid and tanh saturate: f(a·x + b) with its derivative and the flat region.

A unit computes f(z) with z = a·x + b. Its derivative f'(z) multiplies every gradient
that flows back through it; where f'(z) falls below a threshold (1e-3 by default) the
unit is *saturated*: it passes back almost nothing. For sigmoid and tanh f' falls
monotonically in |z|, so the saturated region is |z| > z*, i.e.

.. math::
    x < \frac{-z^* - b}{a} \quad\text{or}\quad x > \frac{z^* - b}{a} \qquad (a > 0),

with :math:`z^*` in closed form: for sigmoid :math:`\sigma' = s(1 - s) = t` gives
:math:`s = (1 + \sqrt{1 - 4t})/2` and :math:`z^* = \ln\frac{s}{1 - s}`; for tanh
:math:`1 - \tanh^2 z = t` gives :math:`z^* = \operatorname{artanh}\sqrt{1 - t}`.

>>> round(saturation_threshold("sigmoid"), 3), round(saturation_threshold("tanh"), 3)
(6.906, 4.147)
>>> [round(v, 3) for v in saturation_bounds("tanh", a=2.0, b=1.0)]
[-2.573, 1.573]
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

from ... import activations
from ..._i18n import N_, _t, get_language
from ..._validation import choice, real_number
from ...widgets.core import DERIVATIVE_COLOR, FUNCTION_COLOR, N_SAMPLES, Control, Frame, Scene, Series, check_x_range, number, tex
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = [
    "SATURATING",
    "saturation_bounds",
    "saturation_controls",
    "saturation_explorer",
    "saturation_explorer_html",
    "saturation_scenes",
    "saturation_threshold",
]

#: The activations this explorer knows, with the largest value of their derivative
#: (a threshold must lie below it).
SATURATING = {"sigmoid": 0.25, "tanh": 1.0}
#: Simplification tolerance of the static form (a fraction of the y range: 0.3 px on the
#: chart), coarser than the default because it stores 117 frames.
SATURATION_TOLERANCE = 1e-3


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_SATURATED_WHERE = N_("saturated (f' < {threshold}) for {where}: {share} of [{lo}, {hi}]")
_SATURATED_NONE = N_("no saturation in [{lo}, {hi}]: f' ≥ {threshold} everywhere")
_SATURATION_RULE = N_("Shaded: saturated, f'(z) < {threshold}, that is |z| > {z}.")


def saturation_controls() -> tuple[Control, Control]:
    """The sliders of the explorer: scale ``a`` (log-spaced 0.25 .. 4) and shift ``b`` (-6 .. 6)."""
    return (Control.log_slider("a", 0.25, 4.0, 9, start=1.0), Control.slider("b", -6.0, 6.0, 13, start=0.0))


def _check_name(name: Any) -> str:
    return choice(name, "name", tuple(SATURATING))


def _check_threshold(name: str, threshold: Any) -> float:
    t = real_number(threshold, "threshold")
    top = SATURATING[name]
    if not 0.0 < t < top:
        raise ValueError(f"threshold must be in (0, {top}) for {name} (the largest value of its derivative), got {t}")
    return t


def saturation_threshold(name: str = "sigmoid", threshold: float = 1e-3) -> float:
    """z* > 0 such that f'(z) < ``threshold`` exactly when \\|z\\| > z* (closed form).

    Parameters
    ----------
    name : {"sigmoid", "tanh"}
        The activation.
    threshold : float
        A value in (0, max f'): 0.25 for sigmoid, 1 for tanh.
    """
    name = _check_name(name)
    t = _check_threshold(name, threshold)
    if name == "sigmoid":
        s = (1.0 + math.sqrt(1.0 - 4.0 * t)) / 2.0
        return math.log(s / (1.0 - s))
    return math.atanh(math.sqrt(1.0 - t))


def saturation_bounds(
    name: str = "sigmoid", *, a: float = 1.0, b: float = 0.0, threshold: float = 1e-3
) -> tuple[float, float]:
    """Where f(a·x + b) starts to saturate: ``(left, right)`` with f' < threshold for x < left or x > right.

    Parameters
    ----------
    name : {"sigmoid", "tanh"}
        The activation.
    a : float
        Input scale, > 0.
    b : float
        Input shift.
    threshold : float
        The derivative below which the unit counts as saturated.

    Returns
    -------
    (float, float)
        ``((-z* - b) / a, (z* - b) / a)`` with z* from :func:`saturation_threshold`.
    """
    z = saturation_threshold(name, threshold)
    a = real_number(a, "a")
    if a <= 0:
        raise ValueError(f"a must be > 0, got {a}")
    b = real_number(b, "b")
    return ((-z - b) / a, (z - b) / a)


def _bands(left: float, right: float, lo: float, hi: float) -> list[tuple[float, float]]:
    """The saturated parts of [lo, hi]."""
    bands = []
    if left > lo:
        bands.append((lo, min(left, hi)))
    if right < hi:
        bands.append((max(right, lo), hi))
    return bands


def _readout(left: float, right: float, lo: float, hi: float, threshold: float, language: str) -> str:
    where = []
    if left > lo:
        where.append(f"x < {number(left, 3)}")
    if right < hi:
        where.append(f"x > {number(right, 3)}")
    fields = {"threshold": f"{threshold:g}", "lo": number(lo), "hi": number(hi)}
    if not where:
        return _t(_SATURATED_NONE, language, **fields)
    share = sum(b - a for a, b in _bands(left, right, lo, hi)) / (hi - lo)
    return _t(_SATURATED_WHERE, language, where=_t(" or ", language).join(where), share=f"{100 * share:.0f}%",
              **fields)


def _caption(name: str, threshold: float, language: str) -> str:
    f = activations.get(name)
    z_star = saturation_threshold(name, threshold)
    # The formulas are written in x; here the variable is z (no other x in these two).
    formula, derivative = f.formula.replace("x", "z"), f.derivative_formula.replace("x", "z")
    return (tex(f"f(z) = {formula},\\quad f'(z) = {derivative},\\quad z = a x + b") + "<br>"
            + html.escape(_t(_SATURATION_RULE, language, threshold=f"{threshold:g}", z=number(z_star, 4))))


def saturation_scenes(
    name: str = "sigmoid", *, threshold: float = 1e-3, x_range: tuple[float, float] = (-10.0, 10.0)
) -> list[Scene]:
    """One :class:`Scene`: f(a·x + b) and f'(a·x + b) for every (a, b) of :func:`saturation_controls`.

    Each frame shades the saturated x ranges, marks where they start, and reads them off.
    """
    name = _check_name(name)
    threshold = _check_threshold(name, threshold)
    lo, hi = check_x_range(x_range)
    language = get_language()
    f = activations.get(name)
    x = np.linspace(lo, hi, N_SAMPLES)
    a_control, b_control = saturation_controls()

    def frame(a: float, b: float) -> Frame:
        z = a * x + b
        left, right = saturation_bounds(name, a=a, b=b, threshold=threshold)
        return Frame(
            curves=[f(z), f.grad(z)],
            title=_t("{name}(a·x + b) with a = {a}, b = {b}", language, name=name, a=a_control.label_of(a),
                     b=b_control.label_of(b)),
            readout=_readout(left, right, lo, hi, threshold, language),
            bands=_bands(left, right, lo, hi),
            vlines=[v for v in (left, right) if lo < v < hi],
        )

    return [Scene.from_function(name, frame, (a_control, b_control), x=x,
                                caption=_caption(name, threshold, language))]


def _spec(name: str, threshold: float, x_range: tuple[float, float]) -> ExplorerSpec:
    language = get_language()
    scenes = saturation_scenes(name, threshold=threshold, x_range=x_range)
    series = [Series(_t("f(a·x + b)", language), FUNCTION_COLOR, width=2.0),
              Series(_t("f'(a·x + b)", language), DERIVATIVE_COLOR, dash="6 4", width=1.8)]
    return ExplorerSpec(scenes, series,
                        title=_t("Saturation explorer: {name}(a·x + b)", language, name=scenes[0].name),
                        xlabel=_t("input x", language), tolerance=SATURATION_TOLERANCE,
                        description=f"saturation explorer: {scenes[0].name}", language=language)


def saturation_explorer_html(
    name: str = "sigmoid", *, threshold: float = 1e-3, x_range: tuple[float, float] = (-10.0, 10.0)
) -> str:
    """The kernel-free form of :func:`saturation_explorer` (needs only numpy)."""
    return _spec(name, threshold, x_range).html()


def saturation_explorer(
    name: str = "sigmoid", *, threshold: float = 1e-3, x_range: tuple[float, float] = (-10.0, 10.0)
) -> Explorer:
    """An explorer of saturation: f(a·x + b) for sigmoid or tanh, with the flat region shaded.

    Sliders set the input scale ``a`` (0.25 .. 4, log-spaced) and shift ``b`` (-6 .. 6);
    the chart shows f(a·x + b) and f'(a·x + b) on ``x_range``, shades where
    f'(a·x + b) < ``threshold``, marks where that starts, and the readout gives those x
    values (see :func:`saturation_bounds`) and the share of the range they cover.

    Parameters
    ----------
    name : {"sigmoid", "tanh"}
        The activation.
    threshold : float
        The derivative below which the unit counts as saturated (default 1e-3).
    x_range : (float, float)
        The x interval drawn (default -10 .. 10).

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec(name, threshold, x_range))
