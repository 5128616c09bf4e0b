"""Chapter 2, ReLU and its variants: what the chapter needs beyond the core.

How often a deep, narrow ReLU net is born dead (:func:`born_dead_curve`, Lu et al., 2020).
The chapter's timing section uses :mod:`nnprimer.chapters.performance`; its explorer is the
core's :func:`nnprimer.widgets.activation_explorer`.

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``): the variants side by side
  (:func:`plot_variants`) and dead units by learning rate (:func:`plot_dying`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of :mod:`.experiments` and :mod:`.figures` is available here as ``nnprimer.chapters.relu.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import BornDeadCurve, born_dead_curve, born_dead_probability
from .figures import plot_dying, plot_variants

__all__ = ["check", "BornDeadCurve", "born_dead_curve", "born_dead_probability", "plot_dying", "plot_variants"]
