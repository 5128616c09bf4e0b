r"""Small numpy experiments that chapters run and tests check, one module per topic.

* :mod:`._common` -- :func:`gaussian_expectation` (:math:`\mathbb{E}[f(z)^p]` for
  :math:`z \sim \mathcal{N}(0, 1)`), :func:`forward_statistics` of deep random MLPs, the
  born-dead probability of deep, narrow ReLU nets (Lu et al., 2020), :func:`best_time` and
  :func:`torch_threads`;
* one module per chapter: :mod:`.why`, :mod:`.relu`, :mod:`.sigmoid`, :mod:`.tanh`,
  :mod:`.softmax`, :mod:`.backprop`, :mod:`.initialisation`, :mod:`.vanishing`;
(The checkers of the readers' answers to exercises are in :mod:`nnprimer.check`.)

Every public name is available here, as ``nnprimer.experiments.<name>``. Everything is
seeded and uses numpy (and the package's own reference functions); functions that need
PyTorch import it when called, so importing this package does not import torch.
"""

from __future__ import annotations

from ._common import (Estimate, best_time, born_dead_curve, born_dead_probability, forward_statistics,
                      gaussian_expectation, torch_threads)
from .backprop import parameter_gradient_checks, two_layer_autograd, two_layer_loss, two_layer_params
from .initialisation import activation_histograms, init_layer_statistics
from .relu import page_faults, preallocated_kernels
from .sigmoid import float32_threshold, grad_norms_at_init, linear_unit_sgd
from .softmax import softmax_saturation, softmax_temperature
from .tanh import Float32Error, float32_error
from .vanishing import clip_by_global_norm, glorot_2010, gradient_flow, he_2015, matrix_product_norms, rnn_gradient_norms
from .why import ReluFit, TrainedReluNet, compose_affine, count_linear_pieces, relu_fit, train_relu_net

# The order of the single-module version of nnprimer.experiments.
__all__ = ["Estimate", "best_time", "torch_threads", "born_dead_curve", "born_dead_probability", "forward_statistics",
           "gaussian_expectation",
           "compose_affine", "ReluFit", "relu_fit", "count_linear_pieces", "TrainedReluNet", "train_relu_net",
           "softmax_saturation", "softmax_temperature",
           "float32_threshold", "linear_unit_sgd", "grad_norms_at_init",
           "Float32Error", "float32_error",
           "page_faults", "preallocated_kernels",
           "two_layer_params", "two_layer_loss", "two_layer_autograd", "parameter_gradient_checks",
           "activation_histograms", "init_layer_statistics",
           "clip_by_global_norm", "glorot_2010", "gradient_flow", "he_2015", "matrix_product_norms",
           "rnn_gradient_norms"]
