"""Chapter 7, Gradient descent: what the chapter needs beyond the core.

The steps a run needs to reach a loss (:func:`steps_to_loss`); the same network trained with
several batch sizes and one learning rate, its loss against steps, epochs and time
(:func:`batch_size_runs`, :func:`plot_batch_size_runs`); learning rate and momentum on a 2-D
bowl (:func:`descent_path`, :func:`descent_explorer`). The methods themselves are the core's
:mod:`nnprimer.optim`.

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``);
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.descent.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import BatchSizeRun, batch_size_runs, steps_to_loss
from .figures import plot_batch_size_runs
from .explorer import (
    DESCENT_CURVATURES, DESCENT_START, DESCENT_STEPS, descent_controls, descent_explorer,
    descent_explorer_html, descent_path, descent_scenes,
)

__all__ = [
    "check", "BatchSizeRun", "batch_size_runs", "steps_to_loss", "plot_batch_size_runs",
    "DESCENT_CURVATURES", "DESCENT_START", "DESCENT_STEPS", "descent_controls", "descent_explorer",
    "descent_explorer_html", "descent_path", "descent_scenes",
]
