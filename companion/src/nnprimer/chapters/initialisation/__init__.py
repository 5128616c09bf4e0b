"""Chapter 9, Weight initialisation: what the chapter needs beyond the core.

Per-layer activation histograms and statistics under each scheme
(:func:`activation_histograms`, :func:`init_layer_statistics`, :func:`init_explorer`), the
sample standard deviation of each scheme against its formula (:func:`scheme_stds`), a fair
comparison of training curves (:func:`learning_rate_sweep`); its tables come from
:func:`nnprimer.tables.markdown_table`. The schemes themselves are the core's :mod:`nnprimer.init`.

* :mod:`.experiments` -- its computations;
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first two is available here as ``nnprimer.chapters.initialisation.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import (STD_EXAMPLES, ActivationHistograms, InitLayerStatistics, SchemeStds, SweepRun,
                          activation_histograms, formula_std, init_layer_statistics, learning_rate_sweep,
                          scheme_stds)
from .explorer import INIT_SCHEMES, init_explorer, init_explorer_html, init_scenes

__all__ = [
    "check", "ActivationHistograms", "InitLayerStatistics", "activation_histograms", "init_layer_statistics",
    "STD_EXAMPLES", "SchemeStds", "SweepRun", "formula_std", "learning_rate_sweep", "scheme_stds",
    "INIT_SCHEMES", "init_explorer", "init_explorer_html", "init_scenes",
]
