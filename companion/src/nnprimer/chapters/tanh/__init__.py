"""Chapter 4, Tanh: what the chapter needs beyond the core.

The float32 error of a formula against a reference (:func:`float32_error`), the cost of
elementwise operations next to a matrix multiplication (:func:`time_elementwise`,
:func:`cost_table`), and the sigmoid-against-tanh training runs (:func:`train_runs`,
:func:`plot_runs`, :func:`accuracy_table`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures and tables;
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of :mod:`.experiments` and :mod:`.figures` is available here as
``nnprimer.chapters.tanh.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import ELEMENTWISE_OPS, Float32Error, TrainingRun, float32_error, time_elementwise, train_runs
from .figures import accuracy_table, cost_table, plot_runs

__all__ = ["check", "ELEMENTWISE_OPS", "Float32Error", "float32_error", "time_elementwise", "TrainingRun", "train_runs",
           "accuracy_table", "cost_table", "plot_runs"]
