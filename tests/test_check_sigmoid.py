"""Checkers of the sigmoid chapter (nnprimer.check.sigmoid): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np


def _naive_bce(z, t):
    s = 1 / (1 + np.exp(-z))
    return -(t * np.log(s) + (1 - t) * np.log(1 - s))


CASES = {
    "flat_region_start": (6.9058, [6.8, 5.0, -6.9058, 0.25]),
    "bce_with_logits": (
        lambda z, t: np.maximum(z, 0) - t * z + np.log1p(np.exp(-np.abs(z))),
        [_naive_bce, lambda z, t: np.logaddexp(0.0, z), lambda z, t: float(np.sum(np.logaddexp(0.0, z) - t * z))],
    ),
}
