"""Checkers of the back-propagation chapter (nnprimer.check.backprop): right and wrong
answers for the contract in tests/test_check.py."""

import numpy as np

from nnprimer import activations as A


def _backward(params, X, y, activation="tanh"):
    """A correct hand-written backward pass (written independently of the chapter)."""
    f = A.get(activation)
    z1 = X @ params["W1"] + params["b1"]
    h = f(z1)
    logits = h @ params["W2"] + params["b2"]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    dz2 = p / len(y)
    dz1 = (dz2 @ params["W2"].T) * f.grad(z1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": h.T @ dz2, "b2": dz2.sum(0)}


def _no_activation_derivative(params, X, y):
    grads = _backward(params, X, y)
    z1 = X @ params["W1"] + params["b1"]
    dz1 = grads["b1"]  # noqa: F841 - the shape is right, the values are not
    out = dict(grads)
    out["W1"] = grads["W1"] / np.maximum(A.tanh.grad(z1).mean(), 1e-12)
    return out


CASES = {
    "two_layer_backward": (
        _backward,
        [_no_activation_derivative, lambda p, X, y: {k: np.zeros_like(v) for k, v in p.items()},
         lambda p, X, y: [1, 2]],
    ),
}
