"""Checkers of the softmax chapter (nnprimer.chapters.softmax.check): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np

from nnprimer import activations as act

_C = np.logaddexp(1.0, -1.0)  # log(e + 1/e), the two fixed logits of lse_derivative


def _stable_log_softmax(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _first_probability(x):
    return act.softmax(np.stack([x, np.ones_like(x), -np.ones_like(x)], axis=-1))[..., 0]


CASES = {
    "softmax_implementation": (
        _stable_log_softmax,
        [lambda x: np.log(np.exp(x) / np.exp(x).sum()),
         lambda x: np.log(np.exp(x - x.max()) / np.exp(x - x.max()).sum()),
         lambda x: x[:1]],
    ),
    "lse_derivative": (
        lambda x: np.exp(x - np.logaddexp(x, _C)),
        [lambda x: np.exp(x) / (np.exp(x) + np.e + 1 / np.e),  # overflows at x = 800
         lambda x: 1 / (1 + np.exp(_C - x)),  # right formula, overflows at x = -800
         lambda x: _first_probability(x) * (1 - _first_probability(x)),  # the Jacobian's diagonal
         lambda x: np.logaddexp(x, _C)],  # LSE itself
    ),
    "double_softmax_floor": (
        lambda K: np.log(1 + (K - 1) / np.e),
        [lambda K: np.log(K),  # the uniform guess
         lambda K: np.log(1 + K / np.e),  # the correct class counted among the others
         lambda K: -np.log(1 + (K - 1) / np.e)],  # a sign slip
    ),
    "temperature_for_top_probability": (
        0.79698,
        [1.0, 0.25, 0.7969 + 0.001, "0.8"],
    ),
}
