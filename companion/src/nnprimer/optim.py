r"""Gradient descent and momentum in numpy, on small functions, returning trajectories.

The update rules are PyTorch's ``torch.optim.SGD``:

.. math::
    b_t = \mu\, b_{t-1} + g_t \quad (b_0 = 0), \qquad w_{t+1} = w_t - \eta\, b_t,

with gradient :math:`g_t = \nabla L(w_t)`, learning rate :math:`\eta` and momentum
:math:`\mu` (plain gradient descent for :math:`\mu = 0`). On the quadratic
:math:`L(w) = \tfrac12 h w^2` plain gradient descent converges exactly when
:math:`0 < \eta h < 2`, and with momentum when :math:`0 < \eta h < 2(1 + \mu)`.

>>> from nnprimer.optim import gradient_descent, quadratic
>>> f, grad = quadratic([1.0])
>>> path = gradient_descent(grad, [1.0], lr=0.5, steps=3)
>>> path[:, 0].tolist()
[1.0, 0.5, 0.25, 0.125]
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ._validation import _describe, as_float_array, integer, positive_number, real_number

__all__ = ["gradient_descent", "quadratic"]


def quadratic(h: Any) -> tuple[Callable[[np.ndarray], float], Callable[[np.ndarray], np.ndarray]]:
    r"""The quadratic :math:`L(w) = \tfrac12 w^\top H w` and its gradient :math:`H w`.

    ``h`` is a vector of curvatures (``H = diag(h)``) or a symmetric matrix. An
    ill-conditioned 2-D example: ``quadratic([1.0, 20.0])``.
    """
    H = as_float_array(h, "h").astype(np.float64)
    if H.ndim == 1:
        H = np.diag(H)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"h must be a vector of curvatures or a square matrix, got shape {H.shape}")
    if not np.allclose(H, H.T):
        raise ValueError("h must be symmetric")

    def value(w: Any) -> float:
        w = np.asarray(w, dtype=np.float64)
        return float(0.5 * w @ H @ w)

    def grad(w: Any) -> np.ndarray:
        return H @ np.asarray(w, dtype=np.float64)

    return value, grad


def gradient_descent(grad: Callable[[np.ndarray], Any], w0: Any, *, lr: float, steps: int,
                     momentum: float = 0.0) -> np.ndarray:
    r"""Run ``steps`` updates of (momentum) gradient descent from ``w0``.

    Returns the trajectory, an array of shape ``(steps + 1,) + w0.shape`` whose row ``t``
    is :math:`w_t` (row 0 is ``w0``). Divergence is not an error: the iterates grow to
    ``inf``/``nan`` exactly as they would in PyTorch, so a plot shows it.
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function returning the gradient, got {_describe(grad)}")
    w = as_float_array(w0, "w0").astype(np.float64)
    lr = positive_number(lr, "lr")
    steps = integer(steps, "steps", minimum=0)
    momentum = real_number(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    path = np.empty((steps + 1,) + w.shape)
    path[0] = w
    buf = np.zeros_like(w)
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is a result to show
        for t in range(steps):
            g = np.asarray(grad(w), dtype=np.float64)
            if g.shape != w.shape:
                raise ValueError(f"grad returned shape {g.shape} for w of shape {w.shape}")
            buf = momentum * buf + g
            w = w - lr * buf
            path[t + 1] = w
    return path
