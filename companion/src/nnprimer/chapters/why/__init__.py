"""Chapter 1, Why activation functions: what the chapter needs beyond the core.

A stack of affine layers is one affine map (:func:`compose_affine`); sums of ReLUs fitted to
a curve (:func:`relu_fit`, :func:`plot_relu_fit`, :func:`relu_fit_explorer`), their pieces
counted from the curve alone (:func:`count_linear_pieces`), and the same network trained
(:func:`train_relu_net`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``);
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.why.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import (
    compose_affine, ReluFit, relu_fit, count_linear_pieces, TrainedReluNet, train_relu_net,
)
from .figures import plot_relu_fit
from .explorer import (
    relu_fit_controls, relu_fit_explorer, relu_fit_explorer_html, relu_fit_frames, relu_fit_scenes,
)

__all__ = [
    "check", "compose_affine", "ReluFit", "relu_fit", "count_linear_pieces", "TrainedReluNet",
    "train_relu_net", "plot_relu_fit", "relu_fit_controls", "relu_fit_explorer",
    "relu_fit_explorer_html", "relu_fit_frames", "relu_fit_scenes",
]
