r"""ReLU chapter: how often a deep, narrow ReLU net is born dead (Lu et al., 2020)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ... import init as _init
from ..._moved import renamed_keywords
from ..._result import FormerTuple
from ...stats import Estimate
from ..._validation import integer, rng_from

__all__ = ["BornDeadCurve", "born_dead_curve", "born_dead_probability"]


@dataclass(frozen=True, eq=False)
class BornDeadCurve(FormerTuple):
    r"""What :func:`born_dead_curve` estimated, one entry per depth (index ``d - 1``: ``d`` hidden layers).

    Attributes
    ----------
    probability : numpy.ndarray
        The fraction of the random nets that are constant (born dead); never decreases
        with depth.
    stderr : numpy.ndarray
        Its standard error, :math:`\sqrt{p (1 - p) / \text{trials}}`.
    """

    probability: np.ndarray
    stderr: np.ndarray


@renamed_keywords(seed="rng")
def born_dead_curve(width: int, max_depth: int, *, trials: int = 10_000, rng=0) -> BornDeadCurve:
    r"""Probability that a ReLU net with 1-D input, He-normal weights and zero biases is
    constant at initialisation ("born dead", Lu et al., 2020), for every depth 1..``max_depth``.

    With zero biases every layer is positively homogeneous, so the net satisfies
    :math:`f(x) = |x|\, f(\operatorname{sign} x)`: it is constant exactly when a hidden
    layer is all zero for both inputs :math:`x = 1` and :math:`x = -1` (and then every later
    layer is too). The function propagates those two inputs through ``trials`` independent
    random nets of ``width`` units per hidden layer (weights :math:`\mathcal{N}(0,
    2/\text{fan\_in})`, from :func:`nnprimer.init.kaiming_std`) and records, after each
    layer, the fraction that is already dead.

    ``rng`` (None, an int seed or a numpy Generator; default 0) draws the weights. (The old
    name ``seed=`` still works, with a DeprecationWarning.)

    Returns a :class:`BornDeadCurve`: ``probability`` and ``stderr``, arrays of length
    ``max_depth``; ``probability[d - 1]`` is the estimate for a net of ``d`` hidden layers.
    ``probability`` never decreases with depth.

    >>> curve = born_dead_curve(2, 5, trials=1000, rng=0)
    >>> curve.probability.shape, bool(np.all(np.diff(curve.probability) >= 0))
    ((5,), True)
    """
    width = integer(width, "width", minimum=1)
    max_depth = integer(max_depth, "max_depth", minimum=1)
    trials = integer(trials, "trials", minimum=1)
    rng = rng_from(rng)
    h = np.tile(np.array([1.0, -1.0])[None, :, None], (trials, 1, 1))  # (trials, inputs, units)
    p = np.empty(max_depth)
    fan_in = 1
    for layer in range(max_depth):
        std = _init.kaiming_std((width, fan_in), nonlinearity="relu")
        h = np.maximum(h @ rng.normal(0.0, std, size=(trials, fan_in, width)), 0.0)
        fan_in = width
        p[layer] = np.mean(~h.any(axis=(1, 2)))
    return BornDeadCurve(p, np.sqrt(p * (1.0 - p) / trials))


@renamed_keywords(seed="rng")
def born_dead_probability(width: int, depth: int, *, trials: int = 10_000, rng=0) -> Estimate:
    """The born-dead probability of a net of exactly ``depth`` hidden layers (see :func:`born_dead_curve`).

    ``rng``: None, an int seed or a numpy Generator (default 0; the old name ``seed=`` still
    works, with a DeprecationWarning). Returns a :class:`nnprimer.stats.Estimate`: ``value``
    (the probability), ``stderr`` and ``trials``.
    """
    curve = born_dead_curve(width, depth, trials=trials, rng=rng)
    return Estimate(float(curve.probability[-1]), float(curve.stderr[-1]), int(trials))
