"""Chapter 8, Vanishing and exploding gradients: what the chapter needs beyond the core.

Products of random matrices (:func:`matrix_product_norms`), Glorot & Bengio (2010) and He et
al. (2015) reproduced (:func:`glorot_2010`, :func:`he_2015`), gradient norms through depth
(:func:`gradient_flow`, :func:`gradient_flow_explorer`), an RNN's gradients
(:func:`rnn_gradient_norms`) and clipping (:func:`clip_by_global_norm`).

* :mod:`.experiments` -- its computations;
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first two is available here as ``nnprimer.chapters.vanishing.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import (
    GlorotStds, clip_by_global_norm, glorot_2010, gradient_flow, he_2015, matrix_product_norms, rnn_gradient_norms,
)
from .explorer import (
    FLOW_ACTIVATIONS, FLOW_DEPTHS, FLOW_INITS, gradient_flow_explorer, gradient_flow_explorer_html,
    gradient_flow_scenes,
)

__all__ = [
    "check", "GlorotStds", "clip_by_global_norm", "glorot_2010", "gradient_flow", "he_2015", "matrix_product_norms",
    "rnn_gradient_norms", "FLOW_ACTIVATIONS", "FLOW_DEPTHS", "FLOW_INITS", "gradient_flow_explorer",
    "gradient_flow_explorer_html", "gradient_flow_scenes",
]
