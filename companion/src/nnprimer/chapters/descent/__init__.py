"""Chapter 7, Gradient descent: what the chapter needs beyond the core.

Learning rate and momentum on a 2-D bowl (:func:`descent_path`, :func:`descent_explorer`).
The methods themselves are the core's :mod:`nnprimer.optim`.

* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of :mod:`.explorer` is available here as ``nnprimer.chapters.descent.<name>``.
"""

from __future__ import annotations

from . import check
from .explorer import (
    DESCENT_CURVATURES, DESCENT_START, DESCENT_STEPS, descent_controls, descent_explorer,
    descent_explorer_html, descent_path, descent_scenes,
)

__all__ = [
    "check", "DESCENT_CURVATURES", "DESCENT_START", "DESCENT_STEPS", "descent_controls", "descent_explorer",
    "descent_explorer_html", "descent_path", "descent_scenes",
]
