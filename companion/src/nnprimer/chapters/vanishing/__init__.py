"""Chapter 8, Vanishing and exploding gradients: what the chapter needs beyond the core.

Products of random matrices (:func:`matrix_product_norms`), Glorot & Bengio (2010) and He et
al. (2015) reproduced (:func:`glorot_2010`, :func:`glorot_2010_gradients`, :func:`he_2015`), gradient norms through depth
(:func:`gradient_flow`, :func:`gradient_flow_explorer`), an RNN's gradients
(:func:`rnn_gradient_norms`) and clipping (:func:`clip_by_global_norm`, :func:`rnn_training`); the
chapter's figures (:mod:`.figures`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures;
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.vanishing.<name>``.
"""

from __future__ import annotations

from . import check, figures
from .experiments import (
    GlorotGradients, GlorotStds, RnnTraining, clip_by_global_norm, glorot_2010, glorot_2010_gradients, gradient_flow,
    he_2015, matrix_product_norms, rnn_gradient_norms, rnn_training,
)
from .explorer import (
    FLOW_ACTIVATIONS, FLOW_DEPTHS, FLOW_INITS, gradient_flow_explorer, gradient_flow_explorer_html,
    gradient_flow_scenes,
)
from .figures import plot_by_layer, plot_glorot_gradients

__all__ = [
    "check", "figures", "GlorotGradients", "GlorotStds", "RnnTraining", "clip_by_global_norm", "glorot_2010",
    "glorot_2010_gradients", "gradient_flow", "he_2015", "matrix_product_norms", "rnn_gradient_norms",
    "rnn_training", "FLOW_ACTIVATIONS", "FLOW_DEPTHS", "FLOW_INITS", "gradient_flow_explorer",
    "gradient_flow_explorer_html", "gradient_flow_scenes", "plot_by_layer", "plot_glorot_gradients",
]
