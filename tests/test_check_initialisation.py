"""Checkers of the initialisation chapter (nnprimer.chapters.initialisation.check): right and wrong
answers for the contract in tests/test_check.py."""

import math

from nnprimer import init


def _kaiming_std(shape, nonlinearity="relu", mode="fan_in"):
    fan_in, fan_out = init.fans(shape)
    return init.calculate_gain(nonlinearity) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


CASES = {
    "depth_variance_derivative": (
        lambda g: 30 * (g**2 / 2) ** 29 * g,
        [lambda g: 30 * (g**2 / 2) ** 29,  # the inner derivative forgotten
         lambda g: 30 * (g**2 / 2) ** 30 / g,  # a factor 2 off
         lambda g: 60 * (g**2 / 2) ** 30],  # the 1/g forgotten
    ),
    "kaiming_std": (
        _kaiming_std,
        [lambda shape, nonlinearity="relu", mode="fan_in": math.sqrt(2 / shape[1]),
         lambda shape, nonlinearity="relu", mode="fan_in": _kaiming_std(shape, nonlinearity, mode) ** 2],
    ),
    "conv_default_init": (
        (144, 0.0833, 2.31e-3, 0.0833),
        [(16, 1 / 4, 1 / 48, 1 / 4),  # the kernel forgotten in the fan
         (144, 1 / 12, 1 / 144, 1 / 12),  # the variance of U(±b) taken as b²
         (144, math.sqrt(6 / 144), 1 / 72, 1 / 12),  # He's bound
         (288, 1 / math.sqrt(3 * 288), 1 / (3 * 288), 1 / math.sqrt(288))],  # fan_out
    ),
    "leaky_relu_gain": (
        lambda a: math.sqrt(2 / (1 + a**2)),
        [lambda a: math.sqrt(2 / (1 + a)),  # a instead of a²
         lambda a: (1 + a**2) / 2,  # the second moment itself
         lambda a: math.sqrt((1 + a**2) / 2),  # upside down
         lambda a: math.sqrt(2)],  # ReLU's gain for every slope
    ),
}
