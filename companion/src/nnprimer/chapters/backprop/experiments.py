"""Back-propagation chapter: a two-layer network in numpy and its autograd gradient."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..._moved import renamed_keywords
from ..._optional import require
from ..._validation import _describe, as_float_array, integer, rng_from

__all__ = ["two_layer_params", "two_layer_loss", "two_layer_autograd", "parameter_gradient_checks"]


_TWO_LAYER_KEYS = ("W1", "b1", "W2", "b2")


@renamed_keywords(seed="rng")
def two_layer_params(n_in: int = 4, n_hidden: int = 5, n_out: int = 3, *, rng=0) -> dict[str, np.ndarray]:
    r"""Random float64 parameters of a two-layer network, for the back-propagation chapter.

    The network is

    .. math:: z_1 = X W_1 + b_1, \quad h = f(z_1), \quad z_2 = h W_2 + b_2, \quad
              L = \mathrm{cross\_entropy}(z_2, y),

    with ``W1`` of shape ``(n_in, n_hidden)``, ``b1`` ``(n_hidden,)``, ``W2``
    ``(n_hidden, n_out)``, ``b2`` ``(n_out,)``. The weights are stored ``(in, out)``, for
    ``X @ W``: the transpose of PyTorch's ``nn.Linear`` layout, so :mod:`nnprimer.init`
    needs ``layout="in_out"`` for them. They are LeCun normal, standard deviation
    :math:`1/\sqrt{\text{fan\_in}}` (``init.kaiming_normal(shape, nonlinearity="linear",
    layout="in_out")``); biases are normal with standard deviation 0.1 (nonzero, so that a
    bias gradient that is wrong shows up). ``rng`` (None, an int seed or a numpy Generator;
    default 0) draws them; the old name ``seed=`` still works, with a DeprecationWarning.

    Returns a dict of parameter name to array, ``{"W1": ..., "b1": ..., "W2": ..., "b2": ...}``:
    a set of named parameters like PyTorch's ``state_dict()``, which :func:`two_layer_loss`
    takes and a backward pass answers with a dict of the same keys (so it stays a dict).

    >>> p = two_layer_params(4, 5, 3)
    >>> {k: v.shape for k, v in p.items()}
    {'W1': (4, 5), 'b1': (5,), 'W2': (5, 3), 'b2': (3,)}
    """
    from ... import init

    n_in, n_hidden, n_out = (integer(v, name, minimum=1) for v, name in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    rng = rng_from(rng)

    def weight(shape):
        return init.kaiming_normal(shape, nonlinearity="linear", rng=rng, layout="in_out")

    return {
        "W1": weight((n_in, n_hidden)),
        "b1": 0.1 * rng.standard_normal(n_hidden),
        "W2": weight((n_hidden, n_out)),
        "b2": 0.1 * rng.standard_normal(n_out),
    }


def _two_layer_inputs(params: Any, X: Any, y: Any, activation: str):
    from ... import activations as _act

    if not isinstance(params, dict) or set(params) != set(_TWO_LAYER_KEYS):
        raise ValueError(f"params must be a dict with keys {_TWO_LAYER_KEYS}, got {_describe(params)}"
                         + (f" with keys {sorted(params)}" if isinstance(params, dict) else ""))
    p = {k: np.asarray(as_float_array(params[k], f"params[{k!r}]"), dtype=np.float64) for k in _TWO_LAYER_KEYS}
    X = np.asarray(as_float_array(X, "X"), dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, n_in), got shape {X.shape}")
    n_in, n_hidden = p["W1"].shape if p["W1"].ndim == 2 else (None, None)
    if (p["W1"].ndim != 2 or p["W2"].ndim != 2 or p["b1"].shape != (p["W1"].shape[1],)
            or p["W2"].shape[0] != n_hidden or p["b2"].shape != (p["W2"].shape[1],) or X.shape[1] != n_in):
        raise ValueError("shapes do not fit together: expected X (N, n_in), W1 (n_in, n_hidden), b1 (n_hidden,), "
                         f"W2 (n_hidden, n_out), b2 (n_out,), got X {X.shape}, "
                         + ", ".join(f"{k} {p[k].shape}" for k in _TWO_LAYER_KEYS))
    y = np.asarray(y)
    if y.dtype.kind not in "iu" or y.shape != (X.shape[0],):
        raise ValueError(f"y must be {X.shape[0]} integer class indices, got dtype {y.dtype} and shape {y.shape}")
    return p, X, y, _act.get(activation)


def two_layer_loss(params: Any, X: Any, y: Any, activation: str = "tanh") -> float:
    r"""Mean cross-entropy of the two-layer network of :func:`two_layer_params`, in numpy.

    .. math:: L = \frac{1}{N} \sum_n \mathrm{cross\_entropy}\bigl(f(x_n W_1 + b_1) W_2 + b_2,\; y_n\bigr)

    ``activation`` is a name from :data:`nnprimer.activations.ELEMENTWISE`.

    >>> p = two_layer_params(2, 3, 2)
    >>> round(two_layer_loss(p, np.zeros((1, 2)), np.array([0])), 3) > 0
    True
    """
    from ... import activations as _act

    p, X, y, f = _two_layer_inputs(params, X, y, activation)
    logits = f(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return float(_act.cross_entropy(logits, y))


def two_layer_autograd(params: Any, X: Any, y: Any, activation: str = "tanh") -> dict[str, np.ndarray]:
    r"""The gradient of :func:`two_layer_loss` with respect to each parameter, by ``torch.autograd``
    (float64). Returns a dict with the keys of the parameters, ``W1, b1, W2, b2``, of numpy arrays.
    """
    torch = require("torch", "nnprimer.chapters.backprop.two_layer_autograd")
    p, X, y, f = _two_layer_inputs(params, X, y, activation)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    logits = f.torch(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(y, dtype=torch.int64))
    grads = torch.autograd.grad(loss, [t[k] for k in _TWO_LAYER_KEYS])
    return {k: g.numpy() for k, g in zip(_TWO_LAYER_KEYS, grads)}


def parameter_gradient_checks(loss: Callable[[dict], Any], grads: Any, params: Any, *, h: float = 1e-5,
                              tol: float = 1e-6) -> dict:
    r"""Gradient-check each parameter array separately, to find *where* a backward pass is wrong.

    For every name in ``params``, :func:`nnprimer.grad.gradient_check` compares
    ``grads[name]`` with the central difference of ``loss`` with respect to that array,
    the others held fixed:

    .. math:: \frac{\partial L}{\partial \theta_i} \approx
              \frac{L(\theta + h e_i) - L(\theta - h e_i)}{2h}.

    Parameters
    ----------
    loss : callable
        Takes a dict like ``params`` and returns a scalar.
    grads, params : dict of str to array
        The analytic gradients and the point, with the same keys.

    Returns
    -------
    dict of str to GradientCheck
        In the order of ``params``; ``result[name].worst_index`` is the entry with the
        largest error.

    >>> from nnprimer import grad
    >>> r = parameter_gradient_checks(lambda p: np.sum(p["w"] ** 2), {"w": [2.0, 4.0]}, {"w": [1.0, 2.0]})
    >>> bool(r["w"])
    True
    """
    from ... import grad as _grad

    if not callable(loss):
        raise TypeError(f"loss must be a callable taking a dict of parameters, got {_describe(loss)}")
    for name, value in (("grads", grads), ("params", params)):
        if not isinstance(value, dict):
            raise TypeError(f"{name} must be a dict of parameter name to array, got {_describe(value)}")
    if set(grads) != set(params):
        raise ValueError(f"grads and params must have the same keys, got {sorted(grads)} and {sorted(params)}")
    base = {k: np.array(as_float_array(v, f"params[{k!r}]"), dtype=np.float64) for k, v in params.items()}
    results = {}
    for name in base:
        def partial(value, name=name):
            return loss({**base, name: value})
        results[name] = _grad.gradient_check(partial, grads[name], base[name], h=h, tol=tol)
    return results
