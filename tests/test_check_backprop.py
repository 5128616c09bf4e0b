"""Checkers of the back-propagation chapter (nnprimer.chapters.backprop.check): right and wrong
answers for the contract in tests/test_check.py."""

import numpy as np

from nnprimer import activations as A
from test_backprop_chapter_helpers import _backward  # a hand-written backward pass


def _no_activation_derivative(params, X, y):
    """The slip the chapter's exercise is about: back through tanh without tanh'(z1)."""
    z1 = X @ params["W1"] + params["b1"]
    h = A.tanh(z1)
    logits = h @ params["W2"] + params["b2"]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    dz2 = p / len(y)
    dz1 = dz2 @ params["W2"].T  # times tanh'(z1) is missing
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": h.T @ dz2, "b2": dz2.sum(0)}


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _silu_prime(x):
    return _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))


CASES = {
    "two_layer_backward": (
        _backward,
        [_no_activation_derivative, lambda p, X, y: {k: np.zeros_like(v) for k, v in p.items()},
         lambda p, X, y: [1, 2]],
    ),
    "softplus_silu_derivatives": (
        (_sigmoid, _silu_prime),
        [(_sigmoid, _sigmoid),  # the product rule forgotten: only the derivative of sigma(x)'s factor x
         (_sigmoid, lambda x: x * _sigmoid(x) * (1 - _sigmoid(x))),  # the product rule's first term missing
         (lambda x: _sigmoid(-x), _silu_prime),  # a sign slip in softplus'
         (_sigmoid, ...),  # one of the two not answered yet
         _silu_prime],  # one function instead of a pair
    ),
    "missing_transpose_gradients": (
        {"W1", "b1"},
        [{"W2", "b2"},  # the output layer's gradients, which do not involve h_bar
         ["W1"],  # b1 forgotten
         {"W1", "b1", "W2", "b2"},  # everything
         "W1",
         {"W3"}],
    ),
    "quadratic_forward_error": (
        lambda h: h,
        [lambda h: h / 2,  # the Taylor estimate with f'' = 1
         lambda h: h ** 2 / 6,  # the central difference's estimate
         lambda h: 0 * h,  # as if the forward difference were exact too
         lambda h: 2 * h],
    ),
}
