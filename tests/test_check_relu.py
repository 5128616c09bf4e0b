"""Checkers of the ReLU chapter (nnprimer.chapters.relu.check): right and wrong answers for the
contract in tests/test_check.py."""

from functools import lru_cache

import numpy as np
import torch

from nnprimer import data, train


@lru_cache(maxsize=1)
def _pre():
    """Pre-activations of the exercise network's first hidden layer on the training digits."""
    net = train.mlp([64, 64, 64, 10], "relu", init="kaiming_normal", rng=0)
    with torch.no_grad():
        return net.linears[0](torch.as_tensor(data.digits(rng=0).X_train)).numpy()


def _dead_on_one_digit(net, c):  # looks at the first digit only, not at all of them
    with torch.no_grad():
        pre = net.linears[0](torch.as_tensor(data.digits(rng=0).X_train[:1]))
    return int((pre <= c).sum())


def _gelu_tanh_grad(x):
    k = np.sqrt(2 / np.pi)
    th = np.tanh(k * (x + 0.044715 * x**3))
    return 0.5 * (1 + th) + 0.5 * x * (1 - th**2) * k * (1 + 3 * 0.044715 * x**2)


def _gelu_tanh_grad_no_chain(x):  # forgets the inner derivative u'(x)
    k = np.sqrt(2 / np.pi)
    th = np.tanh(k * (x + 0.044715 * x**3))
    return 0.5 * (1 + th) + 0.5 * x * (1 - th**2)


CASES = {
    "leaky_relu_grad_at_zero": (
        (1.0, -1.0),
        [(0.0, 0.0),  # ReLU's value at the kink
         (1.0, 1.0),  # |x| taken as having slope 1 at 0
         (0.5, 0.0)],  # the mean of the one-sided slopes
    ),
    "relu_grad_one_at_zero": (
        lambda x: torch.where(x >= 0, x, torch.zeros_like(x)),
        [torch.relu,  # derivative 0 at the kink
         lambda x: torch.where(x > 0, x, torch.zeros_like(x)),
         lambda x: torch.maximum(x, torch.zeros_like(x)),  # 0.5 at the kink
         lambda x: torch.where(x >= 0, x, -x)],  # |x|: wrong values
    ),
    "dead_units_after_bias_shift": (
        lambda net, c: int((_pre().max(axis=0) <= c).sum()),
        [lambda net, c: int((_pre().mean(axis=0) <= c).sum()),  # the mean pre-activation, not the largest
         lambda net, c: int((_pre().min(axis=0) <= c).sum()),  # units that are off for some input
         lambda net, c: int((_pre().max(axis=0) > c).sum()),  # the units still alive
         _dead_on_one_digit],
    ),
    "elu_zero_mean_alpha": (1.6733, [1.0, 1.0507, 1.7581]),
    "gelu_tanh_derivative": (
        _gelu_tanh_grad,
        [_gelu_tanh_grad_no_chain,
         lambda x: 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))],  # the product rule's first term only
    ),
}
