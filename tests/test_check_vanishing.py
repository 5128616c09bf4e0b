"""Checkers of the vanishing-gradients chapter (nnprimer.check.vanishing): right and wrong
answers for the contract in tests/test_check.py."""

import numpy as np


def _clip(grads, c):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
    scale = min(1.0, c / total) if total > 0 else 1.0
    return [g * scale for g in grads]


def _each_array_on_its_own(grads, c):
    return [g * min(1.0, c / np.linalg.norm(g)) for g in grads]


def _in_place(grads, c):
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads))
    for g in grads:
        g *= min(1.0, c / total)
    return grads


CASES = {
    "clip_by_global_norm": (_clip, [_each_array_on_its_own, _in_place, lambda grads, c: grads]),
}
