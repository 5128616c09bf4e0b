"""Chapter 4, Tanh: what the chapter needs beyond the core.

The float32 error of a formula against a reference (:func:`float32_error`).

* :mod:`.experiments` -- its computations;
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of :mod:`.experiments` is available here as ``nnprimer.chapters.tanh.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import Float32Error, float32_error

__all__ = ["check", "Float32Error", "float32_error"]
