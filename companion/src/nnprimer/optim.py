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

__all__ = ["adam", "gradient_descent", "quadratic", "rosenbrock", "stability_limit", "torch_trajectory"]


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


def stability_limit(h: Any, momentum: float = 0.0) -> float:
    r"""The largest learning rate for which (momentum) gradient descent converges on
    :math:`L(w) = \tfrac12 h w^2`: :math:`\eta < 2(1 + \mu)/h`.

    For a quadratic with several curvatures the largest one sets the limit.

    >>> stability_limit(1.0), round(stability_limit(1.0, momentum=0.9), 12)
    (2.0, 3.8)
    """
    h = as_float_array(h, "h").astype(np.float64)
    top = float(np.max(h)) if h.size else float("nan")
    if not top > 0:
        raise ValueError(f"h must contain a positive curvature, got {h.tolist()}")
    momentum = real_number(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    return 2.0 * (1.0 + momentum) / top


def rosenbrock(a: float = 1.0, b: float = 100.0) -> tuple[Callable[[np.ndarray], float], Callable[[np.ndarray], np.ndarray]]:
    r"""Rosenbrock's curved valley :math:`L(x, y) = (a - x)^2 + b\,(y - x^2)^2` and its gradient

    .. math::
        \nabla L = \bigl(-2(a - x) - 4 b x (y - x^2),\; 2 b (y - x^2)\bigr),

    a 2-D test function whose minimum :math:`(a, a^2)` lies at the bottom of a narrow bent
    valley: easy to reach, slow to follow.

    >>> f, g = rosenbrock()
    >>> f([1.0, 1.0]), bool(np.all(g([1.0, 1.0]) == 0))
    (0.0, True)
    """
    a = real_number(a, "a")
    b = positive_number(b, "b")

    def value(w: Any) -> float:
        x, y = np.asarray(w, dtype=np.float64)
        return float((a - x) ** 2 + b * (y - x**2) ** 2)

    def grad(w: Any) -> np.ndarray:
        x, y = np.asarray(w, dtype=np.float64)
        return np.array([-2.0 * (a - x) - 4.0 * b * x * (y - x**2), 2.0 * b * (y - x**2)])

    return value, grad


def adam(grad: Callable[[np.ndarray], Any], w0: Any, *, lr: float, steps: int,
         betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> np.ndarray:
    r"""Run ``steps`` updates of Adam from ``w0`` (``torch.optim.Adam``'s rule, no weight decay).

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \\
        w_{t+1} = w_t - \eta\, \frac{m_t / (1 - \beta_1^t)}{\sqrt{v_t / (1 - \beta_2^t)} + \epsilon},

    with :math:`m_0 = v_0 = 0` and :math:`t = 1, 2, \ldots`. The first step moves each
    coordinate by :math:`\eta` whatever the size of its gradient; later steps follow
    :math:`\hat m / \sqrt{\hat v}` and shrink near a minimum. Returns the trajectory, shape
    ``(steps + 1,) + w0.shape``.

    >>> from nnprimer.optim import quadratic
    >>> _, g = quadratic([1.0, 100.0])
    >>> path = adam(g, [1.0, 1.0], lr=0.1, steps=1)
    >>> np.round(path[1], 6).tolist()   # both coordinates move by lr, whatever their curvature
    [0.9, 0.9]
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function returning the gradient, got {_describe(grad)}")
    w = as_float_array(w0, "w0").astype(np.float64)
    lr = positive_number(lr, "lr")
    steps = integer(steps, "steps", minimum=0)
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2), got {_describe(betas)}")
    b1, b2 = (real_number(b, f"betas[{i}]") for i, b in enumerate(betas))
    if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
        raise ValueError(f"betas must be in [0, 1), got {(b1, b2)}")
    eps = positive_number(eps, "eps")
    path = np.empty((steps + 1,) + w.shape)
    path[0] = w
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad(w), dtype=np.float64)
            if g.shape != w.shape:
                raise ValueError(f"grad returned shape {g.shape} for w of shape {w.shape}")
            m = b1 * m + (1.0 - b1) * g
            v = b2 * v + (1.0 - b2) * g * g
            denom = np.sqrt(v) / np.sqrt(1.0 - b2**t) + eps
            w = w - (lr / (1.0 - b1**t)) * m / denom
            path[t] = w
    return path


def torch_trajectory(loss: Callable, w0: Any, *, optimizer: str, steps: int, **options: Any) -> np.ndarray:
    r"""The same trajectory computed by PyTorch: ``torch.optim.SGD`` or ``torch.optim.Adam``
    on a float64 parameter, its gradient from autograd.

    ``loss`` maps a torch tensor ``w`` to a scalar tensor; ``options`` go to the optimizer
    (``lr``, ``momentum``, ``betas``...). Row ``t`` of the result is :math:`w_t`, as in
    :func:`gradient_descent` and :func:`adam`, so the two can be compared entry by entry.

    >>> path = torch_trajectory(lambda w: 0.5 * (w ** 2).sum(), [1.0], optimizer="sgd", lr=0.5, steps=2)
    >>> path[:, 0].tolist()
    [1.0, 0.5, 0.25]
    """
    from ._optional import require
    from ._validation import choice

    torch = require("torch", "nnprimer.optim.torch_trajectory")
    if not callable(loss):
        raise TypeError(f"loss must be a function of a torch tensor, got {_describe(loss)}")
    optimizer = choice(optimizer, "optimizer", ("sgd", "adam"))
    steps = integer(steps, "steps", minimum=0)
    w = torch.tensor(as_float_array(w0, "w0").astype(np.float64), requires_grad=True)
    cls = torch.optim.SGD if optimizer == "sgd" else torch.optim.Adam
    opt = cls([w], **options)
    path = [w.detach().clone().numpy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(w).backward()
        opt.step()
        path.append(w.detach().clone().numpy())
    return np.array(path)

