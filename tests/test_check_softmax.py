"""Checkers of the softmax chapter (nnprimer.check.softmax): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np


def _stable_log_softmax(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


CASES = {
    "softmax_implementation": (
        _stable_log_softmax,
        [lambda x: np.log(np.exp(x) / np.exp(x).sum()),
         lambda x: np.log(np.exp(x - x.max()) / np.exp(x - x.max()).sum()),
         lambda x: x[:1]],
    ),
}
