r"""Softmax with a temperature: bars of softmax(z / T) and their entropy.

.. math::
    p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}, \qquad H(p) = -\sum_i p_i \ln p_i \le \ln k

A small T sharpens the distribution towards the largest logit (H -> 0, one-hot), a
large T flattens it towards uniform (H -> ln k); ties stay tied at every T, and adding
the same number to every logit changes nothing.

Both forms offer a few logit vectors (:data:`SOFTMAX_PRESETS`, a drop-down) and a
log-scaled slider for T. The live form also has one slider per logit (``live_only``
controls): the static form cannot precompute every combination of several sliders, so it
holds them at the preset's values.

>>> p, h = softmax_with_temperature([2.0, 1.0, 0.1], 1.0)
>>> [round(float(v), 3) for v in p], round(h, 3)
([0.659, 0.242, 0.099], 0.847)
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from ... import activations
from ..._i18n import N_, _t, get_language
from ..._validation import _describe, as_float_array, positive_number
from ...widgets.core import FUNCTION_COLOR, Control, Frame, Scene, Series, number, tex
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = [
    "SOFTMAX_PRESETS",
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
#: The live logit sliders: -6 .. 6 in steps of 0.1 (and the preset's own value).
_LOGIT_GRID = tuple(round(float(v), 1) + 0.0 for v in np.linspace(-6.0, 6.0, 121))


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_SOFTMAX_READOUT = N_("entropy {h} nats (at most ln {k} = {hmax}); largest probability {top}")
_SOFTMAX_NOTE = N_(
    "Static version: a few logit vectors, precomputed by nnprimer; run the notebook to set "
    "the logits yourself.")


def temperature_control() -> Control:
    """The temperature slider: 21 log-spaced values from 0.1 to 10, starting at 1."""
    return Control.log_slider("T", 0.1, 10.0, 21, start=1.0)


def _logit_controls(z: np.ndarray) -> tuple[Control, ...]:
    """One live-only slider per logit, named ``z0``, ``z1``, ... and starting at ``z``."""
    controls = []
    for i, v in enumerate(z.tolist()):
        values = tuple(sorted({*_LOGIT_GRID, v}))
        controls.append(Control(f"z{i}", values, values.index(v), fmt="g", label=_subscript(i), live_only=True))
    return tuple(controls)


def _subscript(i: int) -> str:
    """``z₀``, ``z₁``, ...: the name of logit ``i`` as the reader sees it."""
    return "z" + chr(0x2080 + i)


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


def _readout(p: np.ndarray, h: float, language: str) -> str:
    k = p.size
    return _t(_SOFTMAX_READOUT, language, h=number(h, 3), k=k, hmax=f"{math.log(k):.3f}",
              top=number(float(p.max()), 3))


def softmax_scenes(presets: Sequence[Sequence[float]] | None = None) -> list[Scene]:
    """One :class:`Scene` of bars per logit vector, with a frame per value of :func:`temperature_control`.

    Each scene also has a live-only slider per logit (``z0``, ``z1``, ...), held at the
    vector's values in the static form.
    """
    presets = SOFTMAX_PRESETS if presets is None else presets
    if isinstance(presets, (str, bytes)) or not isinstance(presets, Sequence) or not presets:
        raise TypeError(f"presets must be a non-empty list of logit vectors, got {_describe(presets)}")
    language = get_language()
    temperature = temperature_control()
    caption = tex(r"p_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}},\quad H = -\sum_i p_i \ln p_i")

    def frame(T: float, **logits: float) -> Frame:
        p, h = softmax_with_temperature([logits[f"z{i}"] for i in range(len(logits))], T)
        return Frame([p], title=_t("softmax(z / T) with T = {t}", language, t=temperature.label_of(T)),
                     readout=_readout(p, h, language))

    scenes = []
    for index, z in enumerate(presets):
        z = _check_logits(z, f"presets[{index}]")
        scenes.append(Scene.from_function(_scene_name(z), frame, (temperature, *_logit_controls(z)),
                                          caption=caption, ylim=_YLIM, categories=[_subscript(i) for i in range(z.size)],
                                          ylabel=_t("probability", language)))
    return scenes


def _spec(presets: Sequence[Sequence[float]] | None) -> ExplorerSpec:
    language = get_language()
    return ExplorerSpec(softmax_scenes(presets), [Series("softmax(z / T)", FUNCTION_COLOR, kind="bar", values=True)],
                        title=_t("Softmax explorer: softmax(z / T)", language), xlabel=_t("logits", language),
                        note=_t(_SOFTMAX_NOTE, language), scene_label=_t("logits z", language),
                        description="softmax explorer", language=language)


def softmax_explorer_html(presets: Sequence[Sequence[float]] | None = None) -> str:
    """The kernel-free form of :func:`softmax_explorer` (needs only numpy)."""
    return _spec(presets).html()


def softmax_explorer(presets: Sequence[Sequence[float]] | None = None) -> Explorer:
    """An explorer of softmax with a temperature: logits and T in, probabilities and entropy out.

    A drop-down of logit vectors and a log-scaled slider for T (0.1 .. 10, 21 values);
    the live form also has a slider for each logit of the chosen vector (-6 .. 6). The
    static form offers the drop-down and the slider for T, precomputed. The readout
    gives the entropy H in nats (at most ln k for k classes) and the largest probability.

    Parameters
    ----------
    presets : sequence of sequences of float, optional
        Logit vectors of 2 to 6 numbers each (default :data:`SOFTMAX_PRESETS`).

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec(presets))
