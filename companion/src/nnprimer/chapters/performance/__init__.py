"""Appendix, Performance: what the chapter needs beyond the core.

Timing tools for the ReLU and tanh chapters, the appendix and ``benchmarks/run.py``: the
best of several timings of a call (:func:`best_time`), the page faults of a call
(:func:`page_faults`) and kernels that write into a preallocated array
(:func:`preallocated_kernels`).

* :mod:`.experiments` -- its computations;
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of :mod:`.experiments` is available here as ``nnprimer.chapters.performance.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import best_time, page_faults, preallocated_kernels

__all__ = ["check", "best_time", "page_faults", "preallocated_kernels"]
