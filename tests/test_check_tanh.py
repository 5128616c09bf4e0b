"""Checkers of the tanh chapter (nnprimer.chapters.tanh.check): right and wrong answers for the
contract in tests/test_check.py."""

import numpy as np

from nnprimer import activations as act


def _stable_tanh(x):
    e = np.exp(-2 * np.abs(x))
    return np.sign(x) * -np.expm1(-2 * np.abs(x)) / (1 + e)


CASES = {
    "tanh_implementation": (
        _stable_tanh,
        [lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)),
         lambda x: np.sign(x) * (1 - np.exp(-2 * np.abs(x))) / (1 + np.exp(-2 * np.abs(x)))],
    ),
    "tanh_via_sigmoid_derivative": (
        lambda x: 4 * act.sigmoid(2 * x) * (1 - act.sigmoid(2 * x)),
        [lambda x: 2 * act.sigmoid(2 * x) * (1 - act.sigmoid(2 * x)),  # the inner factor 2 forgotten
         lambda x: 4 * act.sigmoid(x) * (1 - act.sigmoid(x)),  # sigma'(x) instead of sigma'(2x)
         lambda x: 1 - act.tanh(x)],  # 1 - tanh, not 1 - tanh^2
    ),
    "tanh_via_sigmoid_saturation": (
        12 * np.log(2),
        [9.01,  # torch.tanh's own threshold
         8.66,  # 12.5 ln 2: half the float32 spacing below 1 instead of above 1
         16.64,  # the sigmoid's threshold, without the factor 2 inside
         "8.3"],
    ),
    "lecun_tanh_values": (
        (1.0, 1.7159 * 2 / 3, 4.5912),
        [(1.0, 1.7159, 4.5912),  # the inner factor 2/3 forgotten in f'(0)
         (1.0, 1.144, 1.5 * np.arctanh(np.sqrt(0.99))),  # the plain tanh edge stretched by 3/2 only
         (1.0, 1.144),  # one number missing
         (1.7159, 1.144, 4.5912)],  # f(1) taken as the scale factor
    ),
}
