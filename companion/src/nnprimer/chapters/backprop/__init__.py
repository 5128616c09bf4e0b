"""Chapter 6, Gradients and back-propagation: what the chapter needs beyond the core.

A two-layer network's loss and its gradients by autograd (:func:`two_layer_loss`,
:func:`two_layer_autograd`), finite-difference checks per parameter
(:func:`parameter_gradient_checks`), secants (:func:`secants`), gradient fields
(:func:`gradient_field`), one neuron as a computational graph (:func:`neuron_graph`), a training
curve (:func:`sgd_losses`), the error of finite differences against the step (:func:`fd_error`,
:func:`fd_step_explorer`).

* :mod:`.experiments` -- its computations;
* :mod:`.figures` -- its figures (they need ``nnprimer[plot]``);
* :mod:`.explorer` -- its explorer (kernel-free and live, :mod:`nnprimer.widgets`);
* :mod:`.check` -- the checkers of the chapter's exercises (``check.<exercise>(answer)``).

Every public name of the first three is available here as ``nnprimer.chapters.backprop.<name>``.
"""

from __future__ import annotations

from . import check
from .experiments import two_layer_params, two_layer_loss, two_layer_autograd, parameter_gradient_checks
from .figures import secants, gradient_field, neuron_graph, neuron_values, sgd_losses, fd_error
from .explorer import (
    FD_X0, FdStepEstimate, fd_step_controls, fd_step_estimate, fd_step_explorer, fd_step_explorer_html, fd_step_scenes,
)

__all__ = [
    "check", "two_layer_params", "two_layer_loss", "two_layer_autograd", "parameter_gradient_checks",
    "secants", "gradient_field", "neuron_graph", "neuron_values", "sgd_losses", "fd_error",
    "FD_X0", "FdStepEstimate", "fd_step_controls", "fd_step_estimate", "fd_step_explorer",
    "fd_step_explorer_html", "fd_step_scenes",
]
