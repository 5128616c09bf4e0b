"""Where the names of nnprimer 0.1 went in 0.2, and the forwarding that keeps old code working:
old names of functions (:func:`forward`) and old keyword arguments (:func:`renamed_keywords`).

0.2 split the package into a core (:mod:`nnprimer.activations`, :mod:`~nnprimer.init`,
:mod:`~nnprimer.grad`, ...) and one package per chapter (:mod:`nnprimer.chapters`). An old
name still works for one more release: it returns the object from its new home with a
``DeprecationWarning`` that says where that is. Nothing here is imported until an old name
is used, so the core still imports no chapter.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from typing import Any, Callable

#: old module -> {old name: "new.module" or "new.module:new_name"}
MOVED: dict[str, dict[str, str]] = {
    "nnprimer.experiments": {
        "Estimate": "nnprimer.stats",
        "Float32Error": "nnprimer.chapters.tanh",
        "ReluFit": "nnprimer.chapters.why",
        "TrainedReluNet": "nnprimer.chapters.why",
        "activation_histograms": "nnprimer.chapters.initialisation",
        "best_time": "nnprimer.chapters.performance",
        "born_dead_curve": "nnprimer.chapters.relu",
        "born_dead_probability": "nnprimer.chapters.relu",
        "clip_by_global_norm": "nnprimer.chapters.vanishing",
        "compose_affine": "nnprimer.chapters.why",
        "count_linear_pieces": "nnprimer.chapters.why",
        "float32_error": "nnprimer.chapters.tanh",
        "float32_threshold": "nnprimer.chapters.sigmoid",
        "forward_statistics": "nnprimer.stats",
        "gaussian_expectation": "nnprimer.stats",
        "glorot_2010": "nnprimer.chapters.vanishing",
        "grad_norms_at_init": "nnprimer.chapters.sigmoid",
        "gradient_flow": "nnprimer.chapters.vanishing",
        "he_2015": "nnprimer.chapters.vanishing",
        "init_layer_statistics": "nnprimer.chapters.initialisation",
        "linear_unit_sgd": "nnprimer.chapters.sigmoid",
        "matrix_product_norms": "nnprimer.chapters.vanishing",
        "page_faults": "nnprimer.chapters.performance",
        "parameter_gradient_checks": "nnprimer.chapters.backprop",
        "preallocated_kernels": "nnprimer.chapters.performance",
        "relu_fit": "nnprimer.chapters.why",
        "rnn_gradient_norms": "nnprimer.chapters.vanishing",
        "softmax_saturation": "nnprimer.chapters.softmax",
        "softmax_temperature": "nnprimer.chapters.softmax",
        "torch_threads": "nnprimer.train",
        "train_relu_net": "nnprimer.chapters.why",
        "two_layer_autograd": "nnprimer.chapters.backprop",
        "two_layer_loss": "nnprimer.chapters.backprop",
        "two_layer_params": "nnprimer.chapters.backprop",
    },
    "nnprimer.plot": {
        "digit_probabilities": "nnprimer.chapters.softmax:digit_probabilities",
        "fd_error": "nnprimer.chapters.backprop:fd_error",
        "gradient_field": "nnprimer.chapters.backprop:gradient_field",
        "plot_softmax": "nnprimer.chapters.softmax:plot_softmax",
        "relu_fit": "nnprimer.chapters.why:plot_relu_fit",
        "softmax_bars": "nnprimer.chapters.softmax:softmax_bars",
        "weight_paths": "nnprimer.chapters.sigmoid:weight_paths",
    },
    "nnprimer.widgets": {
        "FLOW_INITS": "nnprimer.chapters.vanishing",
        "INIT_SCHEMES": "nnprimer.chapters.initialisation",
        "SOFTMAX_PRESETS": "nnprimer.chapters.softmax",
        "descent_explorer": "nnprimer.chapters.descent",
        "descent_explorer_html": "nnprimer.chapters.descent",
        "descent_path": "nnprimer.chapters.descent",
        "descent_scenes": "nnprimer.chapters.descent",
        "fd_step_estimate": "nnprimer.chapters.backprop",
        "fd_step_explorer": "nnprimer.chapters.backprop",
        "fd_step_explorer_html": "nnprimer.chapters.backprop",
        "fd_step_scenes": "nnprimer.chapters.backprop",
        "gradient_flow_explorer": "nnprimer.chapters.vanishing",
        "gradient_flow_explorer_html": "nnprimer.chapters.vanishing",
        "gradient_flow_scenes": "nnprimer.chapters.vanishing",
        "init_explorer": "nnprimer.chapters.initialisation",
        "init_explorer_html": "nnprimer.chapters.initialisation",
        "init_scenes": "nnprimer.chapters.initialisation",
        "relu_fit_explorer": "nnprimer.chapters.why",
        "relu_fit_explorer_html": "nnprimer.chapters.why",
        "relu_fit_scenes": "nnprimer.chapters.why",
        "saturation_bounds": "nnprimer.chapters.sigmoid",
        "saturation_explorer": "nnprimer.chapters.sigmoid",
        "saturation_explorer_html": "nnprimer.chapters.sigmoid",
        "saturation_scenes": "nnprimer.chapters.sigmoid",
        "saturation_threshold": "nnprimer.chapters.sigmoid",
        "softmax_explorer": "nnprimer.chapters.softmax",
        "softmax_explorer_html": "nnprimer.chapters.softmax",
        "softmax_scenes": "nnprimer.chapters.softmax",
        "softmax_with_temperature": "nnprimer.chapters.softmax",
    },
    "nnprimer.check": {
        "adam_first_step": "nnprimer.chapters.descent.check",
        "bce_with_logits": "nnprimer.chapters.sigmoid.check",
        "bowl_momentum_limit": "nnprimer.chapters.descent.check",
        "clip_by_global_norm": "nnprimer.chapters.vanishing.check",
        "conv_default_init": "nnprimer.chapters.initialisation.check",
        "dead_units_after_bias_shift": "nnprimer.chapters.relu.check",
        "depth_variance_derivative": "nnprimer.chapters.initialisation.check",
        "double_softmax_floor": "nnprimer.chapters.softmax.check",
        "double_well_gradient": "nnprimer.chapters.descent.check",
        "double_well_lr_limit": "nnprimer.chapters.descent.check",
        "elu_zero_mean_alpha": "nnprimer.chapters.relu.check",
        "epoch_steps": "nnprimer.chapters.descent.check",
        "flat_region_start": "nnprimer.chapters.sigmoid.check",
        "gelu_tanh_derivative": "nnprimer.chapters.relu.check",
        "glorot_std_ratio": "nnprimer.chapters.vanishing.check",
        "kaiming_std": "nnprimer.chapters.initialisation.check",
        "leaky_relu_gain": "nnprimer.chapters.initialisation.check",
        "leaky_relu_grad_at_zero": "nnprimer.chapters.relu.check",
        "lecun_tanh_values": "nnprimer.chapters.tanh.check",
        "log_sigmoid_derivative": "nnprimer.chapters.sigmoid.check",
        "lse_derivative": "nnprimer.chapters.softmax.check",
        "missing_transpose_gradients": "nnprimer.chapters.backprop.check",
        "momentum_step": "nnprimer.chapters.descent.check",
        "predicted_times": "nnprimer.chapters.performance.check",
        "product_scale_range": "nnprimer.chapters.vanishing.check",
        "quadratic_forward_error": "nnprimer.chapters.backprop.check",
        "relu_grad_one_at_zero": "nnprimer.chapters.relu.check",
        "relu_sum_slope": "nnprimer.chapters.why.check",
        "scalar_rnn_gradient": "nnprimer.chapters.vanishing.check",
        "sigmoid_flat_share": "nnprimer.chapters.sigmoid.check",
        "softmax_implementation": "nnprimer.chapters.softmax.check",
        "softplus_silu_derivatives": "nnprimer.chapters.backprop.check",
        "tanh_implementation": "nnprimer.chapters.tanh.check",
        "tanh_via_sigmoid_derivative": "nnprimer.chapters.tanh.check",
        "tanh_via_sigmoid_saturation": "nnprimer.chapters.tanh.check",
        "temperature_for_top_probability": "nnprimer.chapters.softmax.check",
        "tent_composed": "nnprimer.chapters.why.check",
        "two_layer_backward": "nnprimer.chapters.backprop.check",
        "wasted_knot_pieces": "nnprimer.chapters.why.check",
        "xor_affine_fit": "nnprimer.chapters.why.check",
        "xor_relu_weights": "nnprimer.chapters.why.check",
    },
}


def resolve(module: str, name: str) -> tuple[Any, str] | None:
    """The object an old name ``module.name`` now refers to and its new dotted name, or None."""
    target = MOVED.get(module, {}).get(name)
    if target is None:
        return None
    where, _, new_name = target.partition(":")
    new_name = new_name or name
    return getattr(importlib.import_module(where), new_name), f"{where}.{new_name}"


def forward(module: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that forwards the old names of ``module``."""

    def __getattr__(name: str) -> Any:
        found = resolve(module, name)
        if found is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        obj, new = found
        warnings.warn(f"{module}.{name} moved to {new} in nnprimer 0.2; the old name will be removed in 0.3",
                      DeprecationWarning, stacklevel=2)
        return obj

    return __getattr__


def renamed_keywords(**renamed: str):
    """Decorator: the function still accepts each old keyword name (``old="new"``) for a
    while; using it warns with a DeprecationWarning and passes the value on as the new one."""
    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for old, new in renamed.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise TypeError(f"{function.__name__}() got both {new}= and its old name {old}=; pass only {new}=")
                warnings.warn(f"{function.__name__}({old}=...) is deprecated; use {new}=... instead",
                              DeprecationWarning, stacklevel=2)
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)
        return wrapper
    return decorate
