"""Checkers of the vanishing-gradients chapter (nnprimer.chapters.vanishing.check): right and wrong
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


def _rnn_product(factor):
    """dh_T/dh_0 as the product of factor(w, h_prev, h) over 10 steps."""

    def answer(h0, w):
        h, d = h0, np.ones_like(h0)
        for _ in range(10):
            h_prev, h = h, np.tanh(w * h)
            d = d * factor(w, h_prev, h)
        return d

    return answer


CASES = {
    "scalar_rnn_gradient": (
        _rnn_product(lambda w, h_prev, h: w * (1 - h**2)),
        [lambda h0, w: w**10 + 0 * h0,  # the weights alone
         _rnn_product(lambda w, h_prev, h: w * (1 - h_prev**2)),  # tanh' at the wrong step
         _rnn_product(lambda w, h_prev, h: 1 - h**2)],  # the weight forgotten
    ),
    "clip_by_global_norm": (_clip, [_each_array_on_its_own, _in_place, lambda grads, c: grads]),
    "product_scale_range": (
        (10 ** (-1 / 50), 10 ** (1 / 50)),
        [(0.98, 1.02),  # 1 ± 1/50
         (10 ** (-1 / 100), 10 ** (1 / 100)),  # the variance within a factor 10
         (0.1, 10.0)],  # one matrix instead of 50
    ),
    "glorot_std_ratio": (
        (0.577, 0.577),
        [(1 / 3, 1 / 3),  # the variance ratio
         (0.1, 1 / np.sqrt(300)),  # 1/√n
         (0.577, 1.0)],  # wide layers keep the signal
    ),
}
