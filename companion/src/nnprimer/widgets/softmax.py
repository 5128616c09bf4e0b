r"""Softmax with a temperature: bars of softmax(z / T) and their entropy.

.. math::
    p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}, \qquad H(p) = -\sum_i p_i \ln p_i \le \ln k

A small T sharpens the distribution towards the largest logit (H -> 0, one-hot), a
large T flattens it towards uniform (H -> ln k); ties stay tied at every T, and adding
the same number to every logit changes nothing.

The live form has one slider per logit and a log-scaled slider for T. The static form
cannot precompute every combination of several sliders, so it offers a few logit vectors
(:data:`SOFTMAX_PRESETS`, a drop-down) with precomputed frames over T.

>>> p, h = softmax_with_temperature([2.0, 1.0, 0.1], 1.0)
>>> [round(float(v), 3) for v in p], round(h, 3)
([0.659, 0.242, 0.099], 0.847)
"""

from __future__ import annotations

import html
import math
from typing import Any, Sequence

import numpy as np

from .. import activations
from .._i18n import N_, _t, get_language
from .._validation import _describe, as_float_array, positive_number
from . import _live
from .core import FUNCTION_COLOR, Control, Explorer, Frame, Scene, Series, number, static_html, tex

__all__ = [
    "SOFTMAX_PRESETS",
    "SoftmaxExplorer",
    "softmax_explorer",
    "softmax_explorer_html",
    "softmax_scenes",
    "softmax_with_temperature",
    "temperature_control",
]

#: Logit vectors offered by the explorer: a clear order, two close rivals, one far
#: ahead of four, and a tie (temperature changes nothing).
SOFTMAX_PRESETS: tuple[tuple[float, ...], ...] = (
    (2.0, 1.0, 0.1),
    (3.0, 2.9, 0.0, -1.0),
    (5.0, 0.0, 0.0, 0.0, 0.0),
    (1.0, 1.0, 1.0, 1.0),
)
#: Bars of probabilities are drawn on this fixed y range (room for their values above).
_YLIM = (0.0, 1.12)
_MIN_LOGITS, _MAX_LOGITS = 2, 6
_LOGIT_RANGE = (-6.0, 6.0)


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_SOFTMAX_READOUT = N_("entropy {h} nats (at most ln {k} = {hmax}); largest probability {top}")
_SOFTMAX_NOTE = N_(
    "Static version: a few logit vectors, precomputed by nnprimer; run the notebook to set "
    "the logits yourself.")


def temperature_control() -> Control:
    """The temperature slider: 21 log-spaced values from 0.1 to 10, starting at 1."""
    return Control.log_slider("T", 0.1, 10.0, 21, start=1.0)


def _check_logits(z: Any, name: str = "logits") -> np.ndarray:
    arr = as_float_array(z, name)
    if arr.ndim != 1 or not _MIN_LOGITS <= arr.size <= _MAX_LOGITS:
        raise ValueError(f"{name} must be a 1-D sequence of {_MIN_LOGITS} to {_MAX_LOGITS} numbers, got {_describe(z)}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr.tolist()}")
    return arr.astype(np.float64)


def softmax_with_temperature(logits: Sequence[float], temperature: float) -> tuple[np.ndarray, float]:
    """``(p, H)``: p = softmax(z / T) (:func:`nnprimer.activations.softmax`) and its entropy in nats.

    Parameters
    ----------
    logits : sequence of float
        2 to 6 finite logits z.
    temperature : float
        T > 0.

    Returns
    -------
    (ndarray, float)
        The probabilities and :math:`H = -\\sum_i p_i \\ln p_i` (terms with p_i = 0 count 0).
    """
    z = _check_logits(logits)
    t = positive_number(temperature, "temperature")
    p = activations.softmax(z / t)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -float(np.sum(np.where(p > 0, p * np.log(p), 0.0)))
    return p, max(h, 0.0)


def _scene_name(z: np.ndarray) -> str:
    return "(" + ", ".join(number(v) for v in z) + ")"


def _categories(z: np.ndarray) -> list[str]:
    return [f"z{chr(0x2080 + i)} = {number(v)}" for i, v in enumerate(z)]


def _readout(p: np.ndarray, h: float, language: str) -> str:
    k = p.size
    return _t(_SOFTMAX_READOUT, language, h=number(h, 3), k=k, hmax=f"{math.log(k):.3f}",
              top=number(float(p.max()), 3))


def _caption(language: str) -> str:
    return tex(r"p_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}},\quad H = -\sum_i p_i \ln p_i")


def softmax_scenes(presets: Sequence[Sequence[float]] | None = None) -> list[Scene]:
    """One :class:`Scene` of bars per logit vector, with a frame per value of :func:`temperature_control`."""
    presets = SOFTMAX_PRESETS if presets is None else presets
    if isinstance(presets, (str, bytes)) or not isinstance(presets, Sequence) or not presets:
        raise TypeError(f"presets must be a non-empty list of logit vectors, got {_describe(presets)}")
    language = get_language()
    control = temperature_control()
    scenes = []
    for index, z in enumerate(presets):
        z = _check_logits(z, f"presets[{index}]")
        frames = []
        for t, label in zip(control.values, control.labels):
            p, h = softmax_with_temperature(z, t)
            frames.append(Frame([p], title=_t("softmax(z / T) with T = {t}", language, t=label),
                                readout=_readout(p, h, language)))
        scenes.append(Scene(_scene_name(z), None, frames, control, caption=_caption(language), ylim=_YLIM,
                            categories=_categories(z), ylabel=_t("probability", language)))
    return scenes


def _series(language: str) -> list[Series]:
    return [Series("softmax(z / T)", FUNCTION_COLOR, kind="bar", values=True)]


def softmax_explorer_html(presets: Sequence[Sequence[float]] | None = None) -> str:
    """The kernel-free form of :func:`softmax_explorer` (needs only numpy)."""
    language = get_language()
    return static_html(
        softmax_scenes(presets), _series(language),
        title=_t("Softmax explorer: softmax(z / T)", language),
        xlabel=_t("logits", language),
        note=_t(_SOFTMAX_NOTE, language),
        scene_label=_t("logits z", language),
    )


class SoftmaxExplorer(_live.Redrawing, Explorer):
    """Set 2-6 logits and a temperature; see the probabilities and their entropy.

    Built by :func:`softmax_explorer`. Exposes :attr:`preset` (a drop-down of logit
    vectors that resets the logit sliders), :attr:`logit_sliders`, :attr:`temperature`
    (a log-scaled slider), :attr:`readout`, :attr:`output`, the last :attr:`figure`
    (closed), :attr:`draws`, and :meth:`logits` / :meth:`probabilities`.
    """

    def __init__(self, presets: Sequence[Sequence[float]] | None = None) -> None:
        w = _live.ipywidgets()
        self.scenes = softmax_scenes(presets)
        vectors = SOFTMAX_PRESETS if presets is None else presets
        self._presets = {scene.name: _check_logits(z) for scene, z in zip(self.scenes, vectors)}
        self._language = get_language()
        self.figure = None
        self.draws = 0
        wide = {"description_width": "initial"}
        self.preset = w.Dropdown(options=list(self._presets), description=_t("logits z"), style=wide)
        self.temperature = w.FloatLogSlider(value=1.0, base=10, min=-1, max=1, step=0.05, description="T",
                                            readout_format=".3g", continuous_update=False, style=wide)
        self.logit_sliders: list[Any] = []
        self.logit_box = w.VBox()
        self.info = w.HTMLMath(_caption(self._language))
        self.readout = w.HTML()
        self.output = w.Output()
        title = w.HTML(f"<b>{html.escape(_t('Softmax explorer: softmax(z / T)'))}</b>")
        box = w.VBox([title, w.HBox([self.preset, self.temperature]), self.logit_box, self.info, self.readout,
                      self.output])
        super().__init__(box, softmax_explorer_html(presets), description="softmax explorer")
        self.preset.observe(self._on_preset, names="value")
        self.temperature.observe(self._on_control, names="value")
        self._on_preset()

    def _on_preset(self, change: Any = None) -> None:
        w = _live.ipywidgets()
        values = self._presets[self.preset.value]
        for slider in self.logit_sliders:
            slider.unobserve(self._on_control, names="value")
        self.logit_sliders = [
            w.FloatSlider(value=float(v), min=_LOGIT_RANGE[0], max=_LOGIT_RANGE[1], step=0.1, readout_format=".1f",
                          description=f"z{chr(0x2080 + i)}", continuous_update=False)
            for i, v in enumerate(values)
        ]
        for slider in self.logit_sliders:
            slider.observe(self._on_control, names="value")
        self.logit_box.children = tuple(self.logit_sliders)
        self.redraw()

    def logits(self) -> np.ndarray:
        """The current logits (one per slider)."""
        return np.array([s.value for s in self.logit_sliders], dtype=np.float64)

    def probabilities(self) -> tuple[np.ndarray, float]:
        """``(p, H)`` for the current logits and temperature (:func:`softmax_with_temperature`)."""
        return softmax_with_temperature(self.logits(), self.temperature.value)

    def redraw(self) -> None:
        """Draw the bars of softmax(z / T) into :attr:`output` and update the readout."""
        from .. import plot  # matplotlib only now

        z, t = self.logits(), self.temperature.value
        p, h = self.probabilities()
        fig, ax = plot.subplots()
        positions = np.arange(z.size)
        ax.bar(positions, p, color=FUNCTION_COLOR, width=0.7, label="softmax(z / T)")
        for i, v in enumerate(p):
            ax.text(i, v + 0.02, number(v, 3), ha="center", va="bottom")
        ax.set_xticks(positions, _categories(z))
        ax.set_ylim(*_YLIM)
        ax.set_xlabel(_t("logits"))
        ax.set_ylabel(_t("probability"))
        title = _t("softmax(z / T) with T = {t}", t=f"{t:.3g}")
        ax.set_title(title)
        _live.show_figure(self.output, fig, title)
        self.figure = fig
        self.readout.value = html.escape(_readout(p, h, self._language))
        self.draws += 1


def softmax_explorer(presets: Sequence[Sequence[float]] | None = None) -> SoftmaxExplorer:
    """An explorer of softmax with a temperature: logits and T in, probabilities and entropy out.

    The live form has a slider per logit (-6 .. 6) and a log-scaled slider for T
    (0.1 .. 10); a drop-down of logit vectors resets the logit sliders. The static form
    offers the same drop-down with precomputed frames over 21 log-spaced temperatures.
    The readout gives the entropy H in nats (at most ln k for k classes) and the largest
    probability.

    Parameters
    ----------
    presets : sequence of sequences of float, optional
        Logit vectors of 2 to 6 numbers each (default :data:`SOFTMAX_PRESETS`).

    Returns
    -------
    SoftmaxExplorer
        Display it: live frontends show the widget, a static site the kernel-free HTML.
    """
    return SoftmaxExplorer(presets)
