"""Checkers of the "why activation functions" chapter (nnprimer.chapters.why.check): right and wrong
answers for the contract in tests/test_check.py."""

import numpy as np


def _slope(fit, x):
    return (np.asarray(x)[..., None] > fit.knots) @ fit.weights


def _tent(t, depth):
    for _ in range(depth):
        t = 2 * np.maximum(t, 0) - 4 * np.maximum(t - 0.5, 0)
    return t


def _tent_min(t, depth):  # min(2t, 2 - 2t) is the same map on [0, 1]
    for _ in range(depth):
        t = np.minimum(2 * t, 2 - 2 * t)
    return t


CASES = {
    "relu_sum_slope": (
        _slope,
        [lambda fit, x: (np.asarray(x)[..., None] < fit.knots) @ fit.weights,  # the units that are off
         lambda fit, x: np.full_like(x, fit.weights.sum()),  # every unit on
         lambda fit, x: fit(x),  # the value, not the slope
         lambda fit, x: _slope(fit, x) + fit.bias],  # the bias has no slope
    ),
    "xor_affine_fit": (
        [0.5, 0.5, 0.5, 0.5],
        [[0.0, 1.0, 1.0, 0.0],  # XOR itself: not affine
         [0.0, 0.5, 0.5, 1.0],  # affine (x1/2 + x2/2), not the best one
         np.full(4, 0.25),
         [0.5, 0.5]],
    ),
    "xor_relu_weights": (
        ([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0),
        [([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -1.0], 0.0),  # output weight -1 instead of -2
         ([[1.0, 1.0], [1.0, 1.0]], [0.0, 1.0], [1.0, -2.0], 0.0),  # bias of the wrong sign
         ([[1.0, 1.0]], [0.0, -1.0], [1.0, -2.0], 0.0),  # wrong shape
         ([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], [1.0, -2.0])],  # a parameter missing
    ),
    "tent_composed": (
        _tent_min,
        [lambda t, depth: _tent(t, depth - 1),  # one application too few
         lambda t, depth: _tent(t, 1) ** depth,  # a power, not a composition
         lambda t, depth: _tent(t, 1) * depth],
    ),
    "wasted_knot_pieces": (
        [1, 3, 3, 5, 5],
        [[2, 3, 4, 5, 6],  # every knot a kink
         [1, 2, 3, 4, 5],  # k - 1 always
         [1, 3, 3]],
    ),
}
