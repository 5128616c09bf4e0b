"""Softmax chapter: saturation and temperature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._result import FormerDict, FormerTuple
from ..._validation import integer

__all__ = ["SoftmaxCost", "SoftmaxSaturation", "SoftmaxTemperature", "softmax_cost", "softmax_saturation",
           "softmax_temperature"]


@dataclass(frozen=True, eq=False)
class SoftmaxSaturation(FormerDict):
    r"""What :func:`softmax_saturation` measured, one value per gap :math:`g`.

    Attributes
    ----------
    top_probability : numpy.ndarray
        :math:`y_0`, the probability of the leading class.
    jacobian_norm : numpy.ndarray
        The Frobenius norm of the softmax Jacobian :math:`J = \operatorname{diag}(y) - y y^\top`.
    grad_norm_correct : numpy.ndarray
        :math:`\lVert y - e_0 \rVert`, the norm of the cross-entropy gradient when the
        leading class is the target.
    grad_norm_wrong : numpy.ndarray
        :math:`\lVert y - e_1 \rVert`, the same when another class is the target.
    """

    top_probability: np.ndarray
    jacobian_norm: np.ndarray
    grad_norm_correct: np.ndarray
    grad_norm_wrong: np.ndarray


@dataclass(frozen=True, eq=False)
class SoftmaxTemperature(FormerTuple):
    """What :func:`softmax_temperature` computed, one row or value per temperature.

    Attributes
    ----------
    probabilities : numpy.ndarray
        ``softmax(z / T)``, shape ``(len(temperatures), len(z))``.
    entropy : numpy.ndarray
        Their entropy in nats, shape ``(len(temperatures),)``.
    """

    probabilities: np.ndarray
    entropy: np.ndarray


@dataclass(frozen=True, eq=False)
class SoftmaxCost(FormerDict):
    """What :func:`softmax_cost` timed, one value per feature width ``d``.

    Attributes
    ----------
    widths : tuple of int
        The feature widths :math:`d` of the layer that makes the logits.
    matmul_s : numpy.ndarray
        Best time in seconds of the product ``x @ W`` (``(n, d) @ (d, k)``) into a
        preallocated output.
    softmax_s : numpy.ndarray
        Best time in seconds of ``torch.softmax`` of the ``(n, k)`` logits along the classes.
    """

    widths: tuple
    matmul_s: np.ndarray
    softmax_s: np.ndarray


def softmax_cost(widths: Any = (128, 1024), *, n: int = 64, k: int = 10_000, repeat: int = 7,
                 seed: int = 0) -> SoftmaxCost:
    r"""Time the layer that makes ``k`` logits against the softmax of those logits.

    For each width :math:`d` a batch ``x`` of shape ``(n, d)`` and weights ``W`` of shape
    ``(d, k)`` (float32, :math:`W \sim \mathcal N(0, 1/d)`, so the logits are of size about 1)
    are drawn; the best of ``repeat`` runs of ``torch.matmul(x, W, out=z)`` and of
    ``torch.softmax(z, dim=1)`` is taken, on the CPU and on one thread. The product does
    :math:`n k d` multiply-adds, the softmax :math:`n k` exponentials and about as many
    additions and divisions, so the ratio of the two times grows in proportion to :math:`d`.
    Logits of size about 1 matter: with unscaled weights most :math:`e^{z - \max z}` are
    subnormal, and subnormal arithmetic is slow on many CPUs.

    Examples
    --------
    >>> cost = softmax_cost((16,), n=4, k=100, repeat=2)
    >>> cost.widths, cost.matmul_s.shape, bool(cost.softmax_s[0] > 0)
    ((16,), (1,), True)
    """
    import time

    import torch

    from ...train import torch_threads

    ds = tuple(integer(d, "widths", minimum=1) for d in np.atleast_1d(np.asarray(widths)).tolist())
    if not ds:
        raise ValueError("widths must hold at least one width")
    n = integer(n, "n", minimum=1)
    k = integer(k, "k", minimum=2)
    repeat = integer(repeat, "repeat", minimum=1)

    def best(fn):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    gen = torch.Generator().manual_seed(int(seed))
    matmul_s, softmax_s = [], []
    with torch_threads(1), torch.no_grad():
        for d in ds:
            x = torch.randn(n, d, generator=gen)
            w = torch.randn(d, k, generator=gen) / d ** 0.5
            z = torch.empty(n, k)
            matmul_s.append(best(lambda: torch.matmul(x, w, out=z)))
            softmax_s.append(best(lambda: torch.softmax(z, dim=1)))
    return SoftmaxCost(widths=ds, matmul_s=np.array(matmul_s), softmax_s=np.array(softmax_s))


def softmax_saturation(gaps: Any, *, n_classes: int = 10) -> SoftmaxSaturation:
    r"""How softmax saturates when one logit leads the others by a gap :math:`g`.

    For each gap :math:`g \ge 0` the logits are :math:`z = (g, 0, \dots, 0)` with
    ``n_classes`` entries and :math:`y = \mathrm{softmax}(z)`, so

    .. math::
        y_0 = \frac{e^{g}}{e^{g} + K - 1}, \qquad
        J = \operatorname{diag}(y) - y\,y^{\top}, \qquad
        \nabla_z L = y - \mathrm{onehot}(t)

    for the cross-entropy :math:`L = -\log y_t`. As :math:`g` grows, :math:`y` tends to
    one-hot and every entry of :math:`J` to 0 (about :math:`e^{-g}`): the softmax itself
    saturates. The cross-entropy gradient tends to 0 only when the target :math:`t` is
    the leading class (:math:`t = 0`); for a wrong confident prediction (:math:`t = 1`) its
    norm tends to :math:`\sqrt 2`, because the loss takes the logarithm.

    Parameters
    ----------
    gaps : array_like
        1-D array of finite gaps :math:`g`.
    n_classes : int
        Number of classes :math:`K \ge 2`.

    Returns
    -------
    SoftmaxSaturation
        Arrays with one value per gap: ``top_probability`` (:math:`y_0`), ``jacobian_norm``
        (Frobenius norm of :math:`J`), ``grad_norm_correct`` (:math:`\lVert y - e_0 \rVert`)
        and ``grad_norm_wrong`` (:math:`\lVert y - e_1 \rVert`).

    Examples
    --------
    >>> out = softmax_saturation([0.0, 20.0], n_classes=2)
    >>> [round(float(v), 3) for v in out.top_probability]
    [0.5, 1.0]
    >>> [round(float(v), 3) for v in out.grad_norm_wrong]
    [0.707, 1.414]
    """
    from ... import activations
    from ..._validation import as_float_array

    g = as_float_array(gaps, "gaps").astype(np.float64)
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"gaps must be a non-empty 1-D array, got shape {g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError(f"gaps must be finite, got {g.tolist()}")
    n_classes = integer(n_classes, "n_classes", minimum=2)
    z = np.zeros((g.size, n_classes))
    z[:, 0] = g
    y = activations.softmax(z)
    jac = np.stack([activations.softmax_jacobian(row) for row in z])
    correct = y.copy()
    correct[:, 0] -= 1.0
    wrong = y.copy()
    wrong[:, 1] -= 1.0
    return SoftmaxSaturation(top_probability=y[:, 0], jacobian_norm=np.linalg.norm(jac, axis=(1, 2)),
                             grad_norm_correct=np.linalg.norm(correct, axis=1),
                             grad_norm_wrong=np.linalg.norm(wrong, axis=1))


def softmax_temperature(z: Any, temperatures: Any) -> SoftmaxTemperature:
    r"""Softmax of ``z / T`` and its entropy for each temperature :math:`T > 0`.

    .. math::
        p_i(T) = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}, \qquad
        H(T) = -\sum_i p_i(T) \log p_i(T) \quad (\text{nats}, \ 0 \log 0 = 0).

    As :math:`T \to 0` the probabilities tend to one-hot on the largest logit (the
    argmax, :math:`H \to 0` when it is unique); as :math:`T \to \infty` they tend to the
    uniform distribution (:math:`H \to \log K`). :math:`H` grows with :math:`T`.

    Parameters
    ----------
    z : array_like
        1-D vector of finite logits.
    temperatures : array_like
        1-D array of temperatures, each finite and > 0.

    Returns
    -------
    SoftmaxTemperature
        ``probabilities``, shape ``(len(temperatures), len(z))``, and ``entropy``, shape
        ``(len(temperatures),)``, in nats.

    Examples
    --------
    >>> r = softmax_temperature([1.0, 0.0], [1.0])
    >>> round(float(r.probabilities[0, 0]), 4), round(float(r.entropy[0]), 4)
    (0.7311, 0.5822)
    """
    from ... import activations
    from ..._validation import as_float_array

    z = as_float_array(z, "z").astype(np.float64)
    if z.ndim != 1 or z.size == 0 or not np.all(np.isfinite(z)):
        raise ValueError(f"z must be a non-empty 1-D vector of finite logits, got {z.tolist()}")
    t = as_float_array(temperatures, "temperatures").astype(np.float64)
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"temperatures must be a non-empty 1-D array, got shape {t.shape}")
    if not np.all(np.isfinite(t) & (t > 0)):
        raise ValueError(f"temperatures must be finite and > 0, got {t.tolist()}")
    logp = activations.log_softmax(z[None, :] / t[:, None])
    p = np.exp(logp)
    entropy = 0.0 - np.sum(np.where(p > 0, p * logp, 0.0), axis=1)  # 0.0 - 0.0: no "-0.0"
    return SoftmaxTemperature(p, entropy)
