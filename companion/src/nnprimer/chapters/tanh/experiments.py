"""Tanh chapter: the error of a float32 computation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from ..._result import FormerTuple
from ..._validation import _describe, as_float_array

__all__ = ["Float32Error", "float32_error"]


@dataclass(frozen=True)
class Float32Error(FormerTuple):
    """Largest absolute and relative error of a float32 computation, and where they occur
    (what :func:`float32_error` returns).

    Attributes
    ----------
    max_abs : float
        The largest absolute error.
    x_abs : float
        The input (a float32 value) where it occurs.
    max_rel : float
        The largest relative error (``nan`` when the exact value is 0 everywhere).
    x_rel : float
        The input where it occurs (``nan`` likewise).
    """

    max_abs: float
    x_abs: float
    max_rel: float
    x_rel: float


def float32_error(approx: Callable[[np.ndarray], Any], exact: Callable[[np.ndarray], Any], x: Any) -> Float32Error:
    r"""How far a float32 computation is from the exact value, over a grid of inputs.

    The inputs are first rounded to float32, :math:`\tilde x_i = \mathrm{fl}_{32}(x_i)`, so
    that both functions see the same numbers. ``approx`` is called on the float32 array
    :math:`\tilde x` (it should compute in float32); ``exact`` on the same values as float64
    (it should be accurate to float64, far below float32's resolution). Then

    .. math::
        e_\text{abs} = \max_i |a_i - e_i|, \qquad
        e_\text{rel} = \max_{i:\, e_i \ne 0} \frac{|a_i - e_i|}{|e_i|}

    with :math:`a_i` = ``approx`` and :math:`e_i` = ``exact`` at :math:`\tilde x_i`. One unit
    in the last place of float32 near 1 is :math:`2^{-23} \approx 1.2\times10^{-7}`, so a
    correctly rounded result in :math:`(-1, 1)` has :math:`e_\text{abs} \le 2^{-24}` and
    :math:`e_\text{rel} \le 2^{-24} \approx 6\times10^{-8}`.

    Parameters
    ----------
    approx : callable
        Takes a float32 numpy array, returns an array of the same shape.
    exact : callable
        Takes a float64 numpy array, returns an array of the same shape.
    x : array_like
        The grid; at least one finite value.

    Returns
    -------
    Float32Error
        A record: ``max_abs`` and the input ``x_abs`` where it occurs; ``max_rel`` and
        ``x_rel`` (``nan`` when ``exact`` is 0 everywhere).

    Examples
    --------
    >>> err = float32_error(np.tanh, np.tanh, np.linspace(-5, 5, 1001))
    >>> err.max_abs < 2.0**-23
    True
    """
    if not callable(approx):
        raise TypeError(f"approx must be a callable, got {_describe(approx)}")
    if not callable(exact):
        raise TypeError(f"exact must be a callable, got {_describe(exact)}")
    x = as_float_array(x, "x")
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty array of finite numbers, got {_describe(x)}")
    x32 = np.asarray(x, dtype=np.float32).ravel()
    a = np.asarray(approx(x32.copy()), dtype=np.float64).ravel()
    e = np.asarray(exact(x32.astype(np.float64)), dtype=np.float64).ravel()
    if a.shape != x32.shape or e.shape != x32.shape:
        raise ValueError(f"approx and exact must return one value per input: got {a.size} and {e.size} "
                         f"values for {x32.size} inputs")
    abs_err = np.abs(a - e)
    i = int(np.argmax(abs_err))
    nonzero = e != 0
    if nonzero.any():
        rel = np.where(nonzero, abs_err / np.where(nonzero, np.abs(e), 1.0), -np.inf)
        j = int(np.argmax(rel))
        max_rel, x_rel = float(rel[j]), float(x32[j])
    else:
        max_rel, x_rel = math.nan, math.nan
    return Float32Error(float(abs_err[i]), float(x32[i]), max_rel, x_rel)
