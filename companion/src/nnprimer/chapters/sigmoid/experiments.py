"""Sigmoid chapter: float32 thresholds, a linear unit fed positive inputs, gradient norms at init."""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ..._moved import renamed_keywords
from ..._validation import _describe, as_float_array, integer, positive_number, real_number, seed_from

__all__ = ["float32_threshold", "linear_unit_sgd", "grad_norms_at_init"]


def _float32_key(x: float) -> int:
    """An integer that orders float32 values like the numbers themselves (-0.0 and 0.0 tie)."""
    i = int(np.array(x, dtype=np.float32).view(np.int32))
    return i if i >= 0 else -(i & 0x7FFFFFFF)


def _float32_from_key(k: int) -> float:
    i = k if k >= 0 else (-k) | -0x80000000
    return float(np.array(i, dtype=np.int32).view(np.float32))


def float32_threshold(predicate: Callable[[float], Any], lo: float, hi: float) -> float:
    r"""The smallest float32 number :math:`x \in [\text{lo}, \text{hi}]` with ``predicate(x)`` true.

    ``predicate`` must be monotone on the interval: false up to some float32 number
    :math:`x^*` and true from :math:`x^*` on. The function bisects over the float32
    numbers themselves (their bit patterns, ordered), so after about 32 calls it returns
    :math:`x^*` exactly, and ``predicate`` is false at the float32 number just below it.
    This is how the sigmoid chapter finds where ``torch.sigmoid`` in float32 becomes
    exactly 1.0:

    .. math:: x^* = \min\{x \in \mathbb{F}_{32} : \mathrm{fl}_{32}(\sigma(x)) = 1\}

    Parameters
    ----------
    predicate : callable
        Called with a Python float that is exactly a float32 value; returns something
        truthy or falsy.
    lo, hi : float
        Finite ends of the interval, ``lo < hi`` after rounding to float32;
        ``predicate(lo)`` must be false and ``predicate(hi)`` true.

    Returns
    -------
    float
        :math:`x^*`, a float32 value returned as a Python float.

    Examples
    --------
    >>> float32_threshold(lambda x: x >= 0.1, 0.0, 1.0) == float(np.float32(0.1))
    True
    """
    if not callable(predicate):
        raise TypeError(f"predicate must be a callable, got {_describe(predicate)}")
    lo32 = float(np.float32(real_number(lo, "lo")))
    hi32 = float(np.float32(real_number(hi, "hi")))
    if not (math.isfinite(lo32) and math.isfinite(hi32)):
        raise ValueError(f"lo and hi must be finite in float32, got {lo} and {hi}")
    if not lo32 < hi32:
        raise ValueError(f"lo must be < hi (after rounding to float32), got lo={lo32}, hi={hi32}")
    if predicate(lo32):
        raise ValueError(f"predicate must be false at lo={lo32}: choose a smaller lo")
    if not predicate(hi32):
        raise ValueError(f"predicate must be true at hi={hi32}: choose a larger hi")
    k_false, k_true = _float32_key(lo32), _float32_key(hi32)
    while k_true - k_false > 1:
        mid = (k_false + k_true) // 2
        if predicate(_float32_from_key(mid)):
            k_true = mid
        else:
            k_false = mid
    return _float32_from_key(k_true)


def linear_unit_sgd(X: Any, w_target: Any, *, lr: float = 0.5, normalized: bool = True,
                    w0: Any = None) -> np.ndarray:
    r"""Train one linear unit :math:`z = w^\top x` example by example and return the path of :math:`w`.

    The target of example :math:`n` is :math:`t_n = w_\star^\top x_n` and its loss
    :math:`\ell_n = \tfrac12 (w^\top x_n - t_n)^2`, whose gradient is

    .. math:: \nabla_w \ell_n = \delta_n\, x_n, \qquad \delta_n = w^\top x_n - t_n .

    Every entry of the gradient is the one number :math:`\delta_n` times an input: when
    all inputs are positive (sigmoid outputs), all entries share the sign of
    :math:`\delta_n`, and one step can only increase every weight or decrease every
    weight. One step per row of ``X``, in order:

    .. math:: w \leftarrow w - \eta_n\, \delta_n\, x_n, \qquad
              \eta_n = \frac{\text{lr}}{\lVert x_n \rVert^2}\ (\text{normalized}) \text{ or } \text{lr}.

    The normalised step (normalised LMS) corrects the fraction ``lr`` of the current
    example's error whatever the size of :math:`x_n`, so inputs of different scales
    (sigmoid outputs and the same outputs minus 1/2) are compared fairly.

    Parameters
    ----------
    X : array_like, shape (n, d)
        The inputs, one example per row; rows must not be all zero when ``normalized``.
    w_target : array_like, shape (d,)
        :math:`w_\star`.
    lr : float
        Step size, ``> 0``; with ``normalized=True`` it must be ``< 2`` for the error on
        the current example to shrink.
    normalized : bool
        Use :math:`\eta_n = \text{lr}/\lVert x_n\rVert^2` instead of a constant ``lr``.
    w0 : array_like, shape (d,), optional
        Start (default zeros).

    Returns
    -------
    numpy.ndarray, shape (n + 1, d)
        Row :math:`k` is :math:`w` after :math:`k` steps; row 0 is ``w0``.

    Examples
    --------
    >>> path = linear_unit_sgd([[1.0, 0.5], [0.5, 1.0]], [1.0, -1.0], lr=1.0)
    >>> np.sign(np.diff(path, axis=0)).tolist()   # each step moves both weights the same way
    [[1.0, 1.0], [-1.0, -1.0]]
    """
    X = np.array(as_float_array(X, "X"), dtype=np.float64)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a non-empty 2-D array (examples x inputs), got shape {X.shape}")
    w_target = np.array(as_float_array(w_target, "w_target"), dtype=np.float64)
    if w_target.shape != (X.shape[1],):
        raise ValueError(f"w_target must have shape ({X.shape[1]},) to match X, got {w_target.shape}")
    lr = positive_number(lr, "lr")
    if not isinstance(normalized, (bool, np.bool_)):
        raise TypeError(f"normalized must be a bool, got {_describe(normalized)}")
    w = np.zeros(X.shape[1]) if w0 is None else np.array(as_float_array(w0, "w0"), dtype=np.float64)
    if w.shape != w_target.shape:
        raise ValueError(f"w0 must have shape {w_target.shape}, got {w.shape}")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(w_target)) and np.all(np.isfinite(w))):
        raise ValueError("X, w_target and w0 must be finite")
    norms = np.einsum("nd,nd->n", X, X)
    if normalized and np.any(norms == 0):
        raise ValueError(f"X has an all-zero row (row {int(np.argmin(norms))}); normalized steps need x != 0")
    path = np.empty((X.shape[0] + 1, X.shape[1]))
    path[0] = w
    for n, x in enumerate(X):
        delta = x @ w - x @ w_target
        w = w - (lr / norms[n] if normalized else lr) * delta * x
        path[n + 1] = w
    return path


@renamed_keywords(seed="rng")
def grad_norms_at_init(activation: str, *, depths: Any, inits: Any, data: Any, width: int = 64,
                       rng=0) -> dict[str, dict[int, list[float]]]:
    r"""Per-layer gradient norms of freshly initialised MLPs, for several depths and initialisations.

    For every depth :math:`L` in ``depths`` and every initialisation in ``inits`` it builds
    ``train.mlp([d_in] + [width] * L + [classes], activation, init=..., rng=seed)`` and
    returns :func:`nnprimer.train.layer_grad_norms` on the whole training set:
    :math:`\lVert \partial \mathcal{L} / \partial W_l \rVert_F` for :math:`l = 1, \dots, L + 1`
    (the last entry is the output layer), with the cross-entropy loss :math:`\mathcal{L}`.

    Back-propagation multiplies, per hidden layer, by the activation's derivative and by
    a weight matrix,

    .. math:: \frac{\partial \mathcal{L}}{\partial h_{l-1}}
              = W_l^\top \Bigl(\phi'(z_l) \odot \frac{\partial \mathcal{L}}{\partial h_l}\Bigr),

    so how fast the norms fall from the output towards layer 1 depends on both.

    Parameters
    ----------
    activation : str
        A name from :data:`nnprimer.activations.ELEMENTWISE`.
    depths : iterable of int
        Numbers of hidden layers, each ``>= 1``.
    inits : mapping of str to (str, dict)
        Label -> ``(init, init_kwargs)`` as :func:`nnprimer.train.mlp` takes them, e.g.
        ``{"Xavier, gain 4": ("xavier_normal", {"gain": 4.0})}``.
    data : Dataset or tuple
        ``(X_train, y_train, ...)``; only the training part is used.
    width : int
        Units per hidden layer.
    rng : None, int or numpy.random.Generator
        The weights (default 0): every model is built from the same seed, ``rng`` itself
        when it is an int, else one seed drawn from it (None: fresh randomness). The old
        name ``seed=`` still works, with a DeprecationWarning.

    Returns
    -------
    dict
        Keyed by the labels and depths you chose: ``result[label][depth]`` is the list of
        :math:`L + 1` norms, input layer first.
    """
    from collections.abc import Mapping

    from ... import train

    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str such as 'sigmoid', got {_describe(activation)}")
    depths = [integer(d, "depths[i]", minimum=1) for d in depths]
    if not depths:
        raise ValueError("depths must hold at least one depth, got none")
    if not isinstance(inits, Mapping) or not inits:
        raise TypeError(f"inits must be a non-empty mapping of label to (init, init_kwargs), got {_describe(inits)}")
    width = integer(width, "width", minimum=1)
    seed = seed_from(rng)
    if not isinstance(data, (tuple, list)) or len(data) < 2:
        raise TypeError(f"data must be a Dataset or a tuple (X_train, y_train, ...), got {_describe(data)}")
    X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
    classes = int(y.max()) + 1
    result: dict[str, dict[int, list[float]]] = {}
    for label, spec in inits.items():
        if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str)):
            raise TypeError(f"inits[{label!r}] must be a pair (init name, init_kwargs dict), got {_describe(spec)}")
        scheme, kwargs = spec
        result[label] = {}
        for depth in depths:
            model = train.mlp([X.shape[1]] + [width] * depth + [classes], activation, init=scheme,
                              init_kwargs=dict(kwargs or {}), rng=seed)
            result[label][depth] = train.layer_grad_norms(model, X, y)
    return result
