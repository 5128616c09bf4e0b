"""Checkers of the Performance appendix's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import _t
from ...check import Report, function

__all__ = ["predicted_times"]

#: The sizes of the exercise: ReLU on this many float32 numbers, a product of two square
#: matrices of this order.
_RELU_ELEMENTS, _MATMUL_ORDER, _FLOAT32_BYTES = 10**8, 2048, 4

#: (memory bandwidth in GB/s, arithmetic rate in GFLOP/s) the checker tries: a laptop core,
#: a faster one, and a slow one where the bandwidth is the larger number.
_RATES = ((10.0, 50.0), (25.0, 120.0), (8.0, 3.5))


def _predicted_times_reference(gb_per_s: float, gflop_per_s: float) -> np.ndarray:
    """Seconds for ReLU on 10^8 float32 numbers (each read and written once, a memory-bound
    estimate) and for a 2048 x 2048 matrix product (2 m^3 operations, compute-bound)."""
    relu_bytes = 2 * _FLOAT32_BYTES * _RELU_ELEMENTS
    matmul_flops = 2 * _MATMUL_ORDER**3
    return np.array([relu_bytes / (gb_per_s * 1e9), matmul_flops / (gflop_per_s * 1e9)])


def predicted_times(answer: Any) -> Report:
    r"""Exercise "Predict a time from a rate": a reader's ``answer(gb_per_s, gflop_per_s)``
    that returns ``(t_relu, t_matmul)`` in seconds.

    ReLU on :math:`n = 10^8` float32 numbers is memory-bound: it reads and writes
    :math:`4n` bytes each, so :math:`t = 8n / (\text{GB/s} \cdot 10^9)`. The product of
    two :math:`m \times m` matrices (:math:`m = 2048`) is compute-bound: :math:`2m^3`
    operations (a multiply and an add per term), so :math:`t = 2m^3 / (\text{GFLOP/s}
    \cdot 10^9)`. ``answer`` is called with a few pairs of rates (1 GB = :math:`10^9`
    bytes), and must agree to ``rtol=1e-6``; a problem names the rates and both results.

    >>> predicted_times(lambda gb, gf: (8e8 / (gb * 1e9), 2 * 2048**3 / (gf * 1e9)))
    ✓ Correct: all 3 checks pass.
    >>> predicted_times(lambda gb, gf: (4e8 / (gb * 1e9), 2048**3 / (gf * 1e9))).passed
    False
    """
    cases = [(_t("{gb} GB/s and {gf} GFLOP/s", gb=gb, gf=gf), (gb, gf)) for gb, gf in _RATES]
    return function(answer, _predicted_times_reference, cases, rtol=1e-6, atol=0.0)
