"""Checkers of the initialisation chapter (nnprimer.check.initialisation): right and wrong
answers for the contract in tests/test_check.py."""

import math

from nnprimer import init


def _kaiming_std(shape, nonlinearity="relu", mode="fan_in"):
    fan_in, fan_out = init.fans(shape)
    return init.calculate_gain(nonlinearity) / math.sqrt(fan_in if mode == "fan_in" else fan_out)


CASES = {
    "kaiming_std": (
        _kaiming_std,
        [lambda shape, nonlinearity="relu", mode="fan_in": math.sqrt(2 / shape[1]),
         lambda shape, nonlinearity="relu", mode="fan_in": _kaiming_std(shape, nonlinearity, mode) ** 2],
    ),
}
