"""Chapter 5, Softmax: what the chapter needs beyond the core.

How softmax saturates (:func:`softmax_saturation`, :func:`saturation_figure`), what it costs
against the layer that makes the logits (:func:`softmax_cost`) and what temperature does
(:func:`softmax_temperature`, :func:`softmax_bars`, :func:`softmax_explorer`), softmax along
one logit (:func:`plot_softmax`) and a classifier's probabilities
(:func:`digit_probabilities`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``);
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.softmax.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import (SoftmaxCost, SoftmaxSaturation, SoftmaxTemperature, softmax_cost, softmax_saturation,
                          softmax_temperature)
from .figures import plot_softmax, saturation_figure, softmax_bars, digit_probabilities
from .explorer import (
    SOFTMAX_PRESETS, softmax_explorer, softmax_explorer_html, softmax_scenes, softmax_with_temperature,
    temperature_control,
)

__all__ = [
    "check", "SoftmaxCost", "SoftmaxSaturation", "SoftmaxTemperature", "softmax_cost", "softmax_saturation",
    "softmax_temperature", "plot_softmax", "saturation_figure", "softmax_bars", "digit_probabilities", "SOFTMAX_PRESETS", "softmax_explorer", "softmax_explorer_html",
    "softmax_scenes", "softmax_with_temperature", "temperature_control",
]
