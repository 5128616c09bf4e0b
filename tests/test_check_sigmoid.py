"""Checkers of the sigmoid chapter (nnprimer.chapters.sigmoid.check): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np


def _naive_bce(z, t):
    s = 1 / (1 + np.exp(-z))
    return -(t * np.log(s) + (1 - t) * np.log(1 - s))


def _flat_share(gains=(1.0, 2.0, 4.0, 8.0, 16.0), x_c=6.9058, sigmas=False):
    from math import erfc, sqrt

    from nnprimer import stats

    shares = []
    for g in gains:
        s = sqrt(stats.forward_statistics("sigmoid", depth=10, width=64, scheme="xavier_normal",
                                          scheme_kwargs={"gain": g}, rng=0).pre_var[-1])
        shares.append(erfc(x_c / s) / 2 if sigmas else erfc(x_c / (s * sqrt(2))))
    return shares


CASES = {
    "log_sigmoid_derivative": (
        lambda x: 1 - 1 / (1 + np.exp(-x)),
        [lambda x: 1 / (1 + np.exp(-x)),  # sigma(x): the wrong side
         lambda x: 1 + np.exp(-x),  # 1 / sigma: the chain rule forgotten
         lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2],  # sigma', not (log sigma)'
    ),
    "sigmoid_flat_share": (
        _flat_share(),
        [_flat_share(sigmas=True),  # one tail only, and no sqrt(2)
         _flat_share(x_c=1.0),  # a threshold of 1 instead of x_c
         [0.0, 0.0, 0.0, 0.0, 0.5]],
    ),
    "flat_region_start": (6.9058, [6.8, 5.0, -6.9058, 0.25]),
    "bce_with_logits": (
        lambda z, t: np.maximum(z, 0) - t * z + np.log1p(np.exp(-np.abs(z))),
        [_naive_bce, lambda z, t: np.logaddexp(0.0, z), lambda z, t: float(np.sum(np.logaddexp(0.0, z) - t * z))],
    ),
}
