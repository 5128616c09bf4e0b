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

from .. import activations
from .._i18n import N_, _t, get_language
from .._validation import choice, real_number
from . import _live
from .activation import _check_x_range
from .core import (
    DERIVATIVE_COLOR,
    FUNCTION_COLOR,
    N_SAMPLES,
    Control,
    Explorer,
    Frame,
    Scene,
    Series,
    number,
    static_html,
    tex,
)

__all__ = [
    "SATURATING",
    "SaturationExplorer",
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
_STATIC_NOTE = N_("Static version: values precomputed by nnprimer, no kernel needed.")


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
    lo, hi = _check_x_range(x_range)
    language = get_language()
    f = activations.get(name)
    x = np.linspace(lo, hi, N_SAMPLES)
    a_control, b_control = saturation_controls()
    frames = []
    for a in a_control.values:
        for b in b_control.values:
            z = a * x + b
            left, right = saturation_bounds(name, a=a, b=b, threshold=threshold)
            frames.append(Frame(
                curves=[f(z), f.grad(z)],
                title=_t("{name}(a·x + b) with a = {a}, b = {b}", language, name=name, a=a_control.label_of(a),
                         b=b_control.label_of(b)),
                readout=_readout(left, right, lo, hi, threshold, language),
                bands=_bands(left, right, lo, hi),
                vlines=[v for v in (left, right) if lo < v < hi],
            ))
    return [Scene(name, x, frames, (a_control, b_control), caption=_caption(name, threshold, language))]


def _series(language: str) -> list[Series]:
    return [
        Series(_t("f(a·x + b)", language), FUNCTION_COLOR, width=2.0),
        Series(_t("f'(a·x + b)", language), DERIVATIVE_COLOR, dash="6 4", width=1.8),
    ]


def saturation_explorer_html(
    name: str = "sigmoid", *, threshold: float = 1e-3, x_range: tuple[float, float] = (-10.0, 10.0)
) -> str:
    """The kernel-free form of :func:`saturation_explorer` (needs only numpy)."""
    language = get_language()
    scenes = saturation_scenes(name, threshold=threshold, x_range=x_range)
    return static_html(
        scenes, _series(language),
        title=_t("Saturation explorer: {name}(a·x + b)", language, name=scenes[0].name),
        xlabel=_t("input x", language),
        note=_t(_STATIC_NOTE, language),
        tolerance=SATURATION_TOLERANCE,
    )


class SaturationExplorer(_live.Redrawing, Explorer):
    """Move the input scale a and shift b of sigmoid or tanh; see where f' < threshold.

    Built by :func:`saturation_explorer`. Exposes the sliders :attr:`a` and :attr:`b`
    (``SelectionSlider`` over the same grid as the static form), the :attr:`readout`
    (HTML), the :attr:`output` holding the plot, the last :attr:`figure` (closed),
    :attr:`draws`, and :meth:`bounds` (where saturation starts for the current values).
    """

    def __init__(self, name: str = "sigmoid", *, threshold: float = 1e-3,
                 x_range: tuple[float, float] = (-10.0, 10.0)) -> None:
        w = _live.ipywidgets()
        self.name = _check_name(name)
        self.threshold = _check_threshold(self.name, threshold)
        self.x_range = _check_x_range(x_range)
        self._language = get_language()
        self._x = np.linspace(*self.x_range, 1001)
        self.figure = None
        self.draws = 0
        self.controls = saturation_controls()
        self.a = _live.selection_slider(self.controls[0])
        self.b = _live.selection_slider(self.controls[1])
        self.info = w.HTMLMath(_caption(self.name, self.threshold, self._language))
        self.readout = w.HTML()
        self.output = w.Output()
        title = _t("Saturation explorer: {name}(a·x + b)", self._language, name=self.name)
        box = w.VBox([w.HTML(f"<b>{html.escape(title)}</b>"), w.HBox([self.a, self.b]), self.info,
                      self.readout, self.output])
        page = saturation_explorer_html(self.name, threshold=self.threshold, x_range=self.x_range)
        super().__init__(box, page, description=f"saturation explorer: {self.name}")
        self.a.observe(self._on_control, names="value")
        self.b.observe(self._on_control, names="value")
        self.redraw()

    def bounds(self) -> tuple[float, float]:
        """``(left, right)``: f' < threshold for x < left or x > right, at the current a and b."""
        return saturation_bounds(self.name, a=self.a.value, b=self.b.value, threshold=self.threshold)

    def redraw(self) -> None:
        """Draw f(a·x + b), f'(a·x + b) and the saturated region into :attr:`output`."""
        from .. import plot  # matplotlib only now

        f = activations.get(self.name)
        a, b = self.a.value, self.b.value
        lo, hi = self.x_range
        left, right = self.bounds()
        z = a * self._x + b
        fig, ax = plot.subplots()
        ax.plot(self._x, f(z), color=FUNCTION_COLOR, lw=2, label=_t("f(a·x + b)"))
        ax.plot(self._x, f.grad(z), color=DERIVATIVE_COLOR, lw=1.8, ls="--", label=_t("f'(a·x + b)"))
        for start, stop in _bands(left, right, lo, hi):
            ax.axvspan(start, stop, color="0.5", alpha=0.18, lw=0, gid="saturated")
        for v in (left, right):
            if lo < v < hi:
                ax.axvline(v, color="0.33", lw=1.2, ls=":", gid="saturation-start")
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set_xlim(lo, hi)
        ax.set_ylim(-1.12 if self.name == "tanh" else -0.06, 1.12 if self.name == "tanh" else 1.06)
        title = _t("{name}(a·x + b) with a = {a}, b = {b}", name=self.name, a=self.controls[0].label_of(a),
                   b=self.controls[1].label_of(b))
        ax.set_title(title)
        ax.set_xlabel(_t("input x"))
        ax.legend(loc="upper left")
        _live.show_figure(self.output, fig, title)
        self.figure = fig
        self.readout.value = html.escape(_readout(left, right, lo, hi, self.threshold, self._language))
        self.draws += 1


def saturation_explorer(
    name: str = "sigmoid", *, threshold: float = 1e-3, x_range: tuple[float, float] = (-10.0, 10.0)
) -> SaturationExplorer:
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
    SaturationExplorer
        Display it: live frontends show the widget, a static site the kernel-free HTML.
    """
    return SaturationExplorer(name, threshold=threshold, x_range=x_range)
