"""Chapter 3, Sigmoid: what the chapter needs beyond the core.

Where sigmoid and tanh saturate (:func:`saturation_threshold`, :func:`saturation_explorer`,
also used by the tanh chapter), the float32 threshold of a predicate
(:func:`float32_threshold`), a sigmoid unit trained by SGD and the paths of its weights
(:func:`linear_unit_sgd`, :func:`weight_paths`), gradient norms at initialisation
(:func:`grad_norms_at_init`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``);
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.sigmoid.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import float32_threshold, linear_unit_sgd, grad_norms_at_init
from .figures import weight_paths
from .explorer import (
    SATURATING, saturation_bounds, saturation_controls, saturation_explorer, saturation_explorer_html,
    saturation_scenes, saturation_threshold,
)

__all__ = [
    "check", "float32_threshold", "linear_unit_sgd", "grad_norms_at_init", "weight_paths", "SATURATING",
    "saturation_bounds", "saturation_controls", "saturation_explorer", "saturation_explorer_html",
    "saturation_scenes", "saturation_threshold",
]
