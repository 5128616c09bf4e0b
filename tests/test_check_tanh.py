"""Checkers of the tanh chapter (nnprimer.check.tanh): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np


def _stable_tanh(x):
    e = np.exp(-2 * np.abs(x))
    return np.sign(x) * -np.expm1(-2 * np.abs(x)) / (1 + e)


CASES = {
    "tanh_implementation": (
        _stable_tanh,
        [lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)),
         lambda x: np.sign(x) * (1 - np.exp(-2 * np.abs(x))) / (1 + np.exp(-2 * np.abs(x)))],
    ),
}
