"""Vanishing-gradients chapter: products of random matrices, gradient flow, RNNs, clipping."""

from __future__ import annotations

import functools
import math
import numbers
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._moved import renamed_keywords
from ..._optional import require
from ..._result import FormerDict
from ..._validation import _describe, as_float_array, integer, positive_number, rng_from, seed_from
from ...stats import forward_statistics

__all__ = ["GlorotGradients", "GlorotStds", "RnnTraining", "clip_by_global_norm", "glorot_2010",
           "glorot_2010_gradients", "gradient_flow", "he_2015", "matrix_product_norms", "rnn_gradient_norms",
           "rnn_training"]


@renamed_keywords(seed="rng")
def matrix_product_norms(scales: Any, *, width: int = 64, depth: int = 50, rng=0) -> dict[float, np.ndarray]:
    r"""Norms of :math:`P_k v = W_k W_{k-1} \cdots W_1 v` for :math:`k = 1, \dots, \text{depth}`.

    Each :math:`W_k` is ``width`` x ``width`` with independent entries
    :math:`\mathcal{N}(0, s^2/\text{width})` for a scale :math:`s`, and :math:`v` is a fixed
    random unit vector. Then :math:`\mathbb{E}\lVert W u \rVert^2 = s^2 \lVert u \rVert^2`
    for any :math:`u`, so :math:`\lVert P_k v \rVert` behaves like :math:`s^k`: it vanishes
    for :math:`s < 1` and explodes for :math:`s > 1` (at :math:`s = 1` it drifts slowly
    downwards, since :math:`\mathbb{E} \log \lVert W u \rVert < 0`).
    This is back-propagation through ``depth`` linear layers, with the activation's
    derivative left out.

    ``rng`` (None, an int seed or a numpy Generator; default 0) draws :math:`v` and the
    matrices; the old name ``seed=`` still works, with a DeprecationWarning.

    Returns a dict keyed by the scales you chose, ``{s: norms}``, with arrays of length
    ``depth`` (index 0: one matrix). The same matrices (up to the factor :math:`s`) are used
    for every scale.

    >>> r = matrix_product_norms([0.5, 2.0], depth=10)
    >>> bool(r[0.5][-1] < 1e-2 < 1e2 < r[2.0][-1])
    True
    """
    width = integer(width, "width", minimum=1)
    depth = integer(depth, "depth", minimum=1)
    scales = [positive_number(s, "scales[i]") for s in np.atleast_1d(np.asarray(scales, dtype=object)).tolist()]
    if not scales:
        raise ValueError("scales must hold at least one positive number, got none")
    rng = rng_from(rng)
    v = rng.standard_normal(width)
    v /= np.linalg.norm(v)
    mats = rng.standard_normal((depth, width, width)) / math.sqrt(width)
    out = {}
    for s in scales:
        u = v.copy()
        norms = np.empty(depth)
        for k in range(depth):
            u = s * (mats[k] @ u)
            norms[k] = np.linalg.norm(u)
        out[s] = norms
    return out


@dataclass(frozen=True, eq=False)
class GlorotStds(FormerDict):
    r"""What :func:`glorot_2010` measured: the standard deviation of each tanh layer's output,
    layer 1 first.

    Attributes
    ----------
    standard : numpy.ndarray
        With the "standard" initialisation :math:`U[\pm 1/\sqrt{n}]`.
    xavier : numpy.ndarray
        With Xavier's (Glorot's) uniform initialisation.
    """

    standard: np.ndarray
    xavier: np.ndarray


@renamed_keywords(seed="rng")
def glorot_2010(*, width: int = 1000, depth: int = 5, n: int = 1000, rng=0) -> GlorotStds:
    r"""Glorot and Bengio (2010), figure 6: the standard deviation of each tanh layer's output.

    A 5-layer tanh MLP without biases, inputs :math:`x \sim \mathcal{N}(0, \tfrac13 I)`
    (the second moment of :math:`U[-1, 1]`), weights either

    * ``"standard"``: :math:`W_{ij} \sim U\bigl[-\tfrac{1}{\sqrt{n}}, \tfrac{1}{\sqrt{n}}\bigr]`
      (the heuristic of the time), :math:`\operatorname{Var} W = \frac{1}{3n}`, or
    * ``"xavier"``: :math:`U\bigl[-\sqrt{6/(n_\text{in} + n_\text{out})}, \sqrt{6/(n_\text{in} + n_\text{out})}\bigr]`,
      :math:`\operatorname{Var} W = \frac{2}{n_\text{in} + n_\text{out}}`.

    With :math:`\tanh'(0) = 1`, :math:`\operatorname{Var} z_l \approx n \operatorname{Var} W
    \operatorname{Var} h_{l-1}`: the standard init divides the variance by about 3 per layer,
    Xavier keeps it (tanh's curvature still shrinks it slowly).
    Computed with :func:`forward_statistics`, both initialisations from the same seed
    (``rng``: None, an int seed or a numpy Generator, default 0; the old name ``seed=`` still
    works, with a DeprecationWarning). Returns a :class:`GlorotStds`: ``standard`` and
    ``xavier``, arrays of length ``depth`` (layer 1 first).
    """
    seed = seed_from(rng)

    def stds(scheme: str) -> np.ndarray:
        stats = forward_statistics("tanh", depth=depth, width=width, scheme=scheme, n=n, rng=seed,
                                   input_std=1.0 / math.sqrt(3.0))
        return np.sqrt(stats.var)

    return GlorotStds(standard=stds("glorot_standard"), xavier=stds("xavier_uniform"))


@dataclass(frozen=True, eq=False)
class GlorotGradients:
    r"""What :func:`glorot_2010_gradients` measured for one initialisation, layer 1 first.

    Attributes
    ----------
    h : numpy.ndarray
        :math:`\lVert \partial \mathcal{L} / \partial h_l \rVert_F` over the batch, the
        back-propagated gradient at the output of tanh layer :math:`l`.
    w : numpy.ndarray
        :math:`\lVert \partial \mathcal{L} / \partial W_l \rVert_F`, the gradient of the
        weights of layer :math:`l`.
    """

    h: np.ndarray
    w: np.ndarray


def glorot_2010_gradients(scheme: str, *, width: int = 1000, depth: int = 5, n: int = 500, classes: int = 10,
                          rng=0) -> GlorotGradients:
    r"""Glorot and Bengio (2010), figures 7 and 8 in numbers: the back-propagated gradients
    :math:`\partial \mathcal{L}/\partial h_l` and the weight gradients
    :math:`\partial \mathcal{L}/\partial W_l` of the network of :func:`glorot_2010` at
    initialisation.

    ``depth`` tanh layers of ``width`` units without biases, inputs
    :math:`x \sim \mathcal{N}(0, \tfrac13 I)`, a linear output layer of ``classes`` units,
    random labels and the mean cross-entropy over ``n`` examples, in float64. ``scheme`` is
    ``"standard"`` (:math:`U[\pm 1/\sqrt{n_\text{in}}]` for every layer) or ``"xavier"``
    (:math:`U[\pm\sqrt{6/(n_\text{in} + n_\text{out})}]`). Since
    :math:`\partial \mathcal{L}/\partial W_l = \delta_l h_{l-1}^\top` with
    :math:`\delta_l = \tanh'(z_l) \odot \partial \mathcal{L}/\partial h_l`, the standard
    init makes :math:`\partial \mathcal{L}/\partial h_l` shrink towards the input while
    :math:`h_{l-1}` grows by about the same factor: the weight gradients stay about level.

    ``rng`` (None, an int seed or a numpy Generator; default 0) seeds a torch generator of
    its own that draws the data, the labels and the weights, the same for both schemes.

    >>> r = glorot_2010_gradients("standard", width=200, n=100)
    >>> bool(r.h[0] < 0.3 * r.h[-1] and 0.8 < r.w[0] / r.w[-1] < 1.25)
    True
    """
    torch = require("torch", "nnprimer.chapters.vanishing.glorot_2010_gradients")
    if scheme not in ("standard", "xavier"):
        raise ValueError(f"scheme must be 'standard' or 'xavier', got {_describe(scheme)}")
    width = integer(width, "width", minimum=1)
    depth = integer(depth, "depth", minimum=1)
    n = integer(n, "n", minimum=1)
    classes = integer(classes, "classes", minimum=2)
    generator = torch.Generator().manual_seed(seed_from(rng))
    x = torch.randn(n, width, generator=generator, dtype=torch.float64) / math.sqrt(3.0)
    y = torch.randint(0, classes, (n,), generator=generator)
    weights = []
    for layer in range(depth + 1):
        fan_out = classes if layer == depth else width
        bound = 1 / math.sqrt(width) if scheme == "standard" else math.sqrt(6 / (width + fan_out))
        u = torch.rand(fan_out, width, generator=generator, dtype=torch.float64)
        weights.append(((2 * u - 1) * bound).requires_grad_())
    h, states = x, []
    for W in weights[:-1]:
        h = torch.tanh(h @ W.T)
        h.retain_grad()
        states.append(h)
    torch.nn.functional.cross_entropy(h @ weights[-1].T, y).backward()
    return GlorotGradients(h=np.array([float(s.grad.norm()) for s in states]),
                           w=np.array([float(W.grad.norm()) for W in weights[:-1]]))


@renamed_keywords(seed="rng")
def gradient_flow(activation: str, *, depth: int, data: Any, init: str = "default", init_kwargs: dict | None = None,
                  width: int = 64, batchnorm: bool = False, residual: bool = False, rng=0) -> np.ndarray:
    r"""Per-layer gradient norms :math:`\lVert \partial \mathcal{L} / \partial W_l \rVert_F` of a fresh MLP.

    Builds ``train.mlp([d_in] + [width] * depth + [classes], activation, init=init,
    batchnorm=batchnorm, residual=residual, rng=rng)`` and returns
    :func:`nnprimer.train.layer_grad_norms` on the training part of ``data`` (cross-entropy):
    an array of ``depth + 1`` norms, input layer first, output layer last. Back-propagation
    multiplies by :math:`W_l^\top \operatorname{diag}\phi'(z_l)` per hidden layer, so the
    ratio of the first to the last hidden layer's norm shows vanishing (:math:`\ll 1`) or
    exploding (:math:`\gg 1`) gradients. With ``residual=True`` a block computes
    :math:`h + \phi(\ldots)`, whose Jacobian :math:`I + \ldots` keeps the ratio near 1.
    (Batch norm is in training mode: batch statistics of the whole training set.)

    ``rng``: None, an int seed or a numpy Generator (default 0) for the weights; torch's
    global generator is not touched. The old name ``seed=`` still works, with a
    DeprecationWarning.
    """
    from ... import train

    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str such as 'tanh', got {_describe(activation)}")
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    if not isinstance(data, (tuple, list)) or len(data) < 2:
        raise TypeError(f"data must be a Dataset or a tuple (X_train, y_train, ...), got {_describe(data)}")
    X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
    model = train.mlp([X.shape[1]] + [width] * depth + [int(y.max()) + 1], activation, init=init,
                      init_kwargs=init_kwargs, batchnorm=bool(batchnorm), residual=bool(residual),
                      rng=seed_from(rng))
    return np.asarray(train.layer_grad_norms(model, X, y))


def _old_seeds(function):
    """:func:`he_2015` of nnprimer 0.1 took ``seeds=(0, 1, 2)``, one run per seed: it still
    does for one release, with a DeprecationWarning, one run of ``rng=seed, runs=1`` per seed."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if "seeds" not in kwargs:
            return function(*args, **kwargs)
        if "rng" in kwargs or "runs" in kwargs:
            raise TypeError(f"{function.__name__}() got seeds= and rng= or runs=; pass only rng= and runs=")
        warnings.warn(f"{function.__name__}(seeds=...) is deprecated; use rng= and runs= instead "
                      "(run i is seeded with rng + i: seeds=(0, 1, 2) is rng=0, runs=3)",
                      DeprecationWarning, stacklevel=2)
        seeds = kwargs.pop("seeds")
        seeds = [integer(s, "seeds[i]", minimum=0) for s in np.atleast_1d(np.asarray(seeds, dtype=object)).tolist()]
        if not seeds:
            raise ValueError("seeds must hold at least one seed, got none")
        parts = [function(*args, rng=seed, runs=1, **kwargs) for seed in seeds]
        return {label: np.concatenate([part[label] for part in parts]) for label in parts[0]}
    return wrapper


@_old_seeds
def he_2015(inits: Any, *, data: Any, depth: int = 30, width: int = 32, rng=0, runs: int = 3, epochs: int = 4,
            lr: float = 0.01, momentum: float = 0.9, batch_size: int = 64) -> dict[str, np.ndarray]:
    r"""He et al. (2015), figure 3 in miniature: train a deep ReLU MLP from several initialisations.

    For every label in ``inits`` (label -> ``(init, init_kwargs)`` as :func:`nnprimer.train.mlp`
    takes them) and each of ``runs`` seeds, trains ``mlp([d_in] + [width] * depth + [classes],
    "relu")`` with SGD (``lr``, ``momentum``) on ``data`` for ``epochs`` epochs on the CPU and
    returns a dict keyed by your labels, ``{label: losses}``, an array of shape
    ``(runs, epochs + 1)``: the training cross-entropy before training and after each epoch.
    A network that cannot learn stays at :math:`\ln k` (chance for :math:`k` balanced classes).

    ``rng`` (None, an int seed or a numpy Generator) gives the seeds of the runs: run ``i``
    is seeded with ``rng + i`` when ``rng`` is an int (the default ``rng=0, runs=3`` are the
    seeds 0, 1, 2), else with a seed drawn from ``rng``; a seed gives a run's initial
    weights and the order of its batches, the same for every label. No global generator is
    touched. (The old ``seeds=(0, 1, 2)`` still works, with a DeprecationWarning.)

    Why: in a ReLU layer :math:`\mathbb{E}[h_l^2] = \tfrac12 n \operatorname{Var}W\,\mathbb{E}[h_{l-1}^2]`,
    so Xavier (:math:`n\operatorname{Var}W = 1` for square layers) halves the signal per layer
    (:math:`2^{-30} \approx 10^{-9}` after 30 layers) and Kaiming (:math:`2/n`) keeps it.
    """
    from collections.abc import Mapping

    from ... import train

    if not isinstance(inits, Mapping) or not inits:
        raise TypeError(f"inits must be a non-empty mapping of label to (init, init_kwargs), got {_describe(inits)}")
    if not isinstance(data, (tuple, list)) or len(data) < 2:
        raise TypeError(f"data must be a Dataset or a tuple (X_train, y_train, ...), got {_describe(data)}")
    runs = integer(runs, "runs", minimum=1)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        first = seed_from(rng)
        seeds = [first + i for i in range(runs)]
    else:
        seeds = [int(s) for s in rng_from(rng).integers(2**63, size=runs)]
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    epochs = integer(epochs, "epochs", minimum=1)
    X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
    sizes = [X.shape[1]] + [width] * depth + [int(y.max()) + 1]
    torch = require("torch", "nnprimer.chapters.vanishing.he_2015")
    out = {}
    for label, spec in inits.items():
        if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str)):
            raise TypeError(f"inits[{label!r}] must be a pair (init name, init_kwargs dict), got {_describe(spec)}")
        rows = []
        for seed in seeds:
            model = train.mlp(sizes, "relu", init=spec[0], init_kwargs=dict(spec[1] or {}), rng=seed)
            with torch.no_grad():
                start = float(torch.nn.functional.cross_entropy(model(torch.as_tensor(X)), torch.as_tensor(y)))
            history = train.fit(model, (X, y), epochs=epochs, lr=lr, momentum=momentum, batch_size=batch_size,
                                rng=seed, device="cpu", track=False)
            rows.append([start] + list(history.train_loss))
        out[label] = np.asarray(rows)
    return out


@renamed_keywords(seed="rng")
def rnn_gradient_norms(gain: float, *, steps: int = 50, width: int = 32, h0_std: float = 0.1,
                       rng=0) -> np.ndarray:
    r"""Pascanu, Mikolov and Bengio (2013) in miniature: gradients through a tanh RNN.

    The recurrence :math:`h_t = \tanh(W h_{t-1})`, :math:`t = 1, \dots, T` (``steps``), has
    ``width`` units, no input, an orthogonal recurrent matrix :math:`W = g Q` with gain
    :math:`g` (``torch.nn.init.orthogonal_(W, gain=g)``), a start
    :math:`h_0 \sim \mathcal{N}(0, \sigma_0^2 I)` with :math:`\sigma_0` = ``h0_std``, and the
    loss :math:`\mathcal{L} = \sum_i h_{T,i}`. In float64 it returns
    :math:`\lVert \partial \mathcal{L} / \partial h_t \rVert_2` for :math:`t = 0, \dots, T`
    (the last entry is :math:`\lVert \mathbf{1} \rVert = \sqrt{\text{width}}`, the first the
    gradient that reaches the start). By the chain rule

    .. math:: \frac{\partial \mathcal{L}}{\partial h_{t-1}}
              = W^\top \operatorname{diag}\bigl(1 - h_t^2\bigr) \frac{\partial \mathcal{L}}{\partial h_t},

    and :math:`\lVert W^\top u \rVert = g \lVert u \rVert`, so each step multiplies the norm
    by at most :math:`g`: about :math:`g^T` while the units stay near 0.

    :math:`W` and :math:`h_0` come from a torch generator of their own, seeded by ``rng``
    (None, an int seed or a numpy Generator; default 0); torch's global generator is not
    touched. The old name ``seed=`` still works, with a DeprecationWarning.
    """
    torch = require("torch", "nnprimer.chapters.vanishing.rnn_gradient_norms")
    gain = positive_number(gain, "gain")
    steps = integer(steps, "steps", minimum=1)
    width = integer(width, "width", minimum=1)
    h0_std = positive_number(h0_std, "h0_std")
    generator = torch.Generator().manual_seed(seed_from(rng))
    W = torch.empty(width, width, dtype=torch.float64)
    torch.nn.init.orthogonal_(W, gain=gain, generator=generator)
    h = (h0_std * torch.randn(width, generator=generator, dtype=torch.float64)).requires_grad_()
    states = [h]
    for _ in range(steps):
        h = torch.tanh(W @ h)
        h.retain_grad()
        states.append(h)
    h.sum().backward()
    return np.array([float(s.grad.norm()) for s in states])


@dataclass(frozen=True, eq=False)
class RnnTraining:
    r"""What :func:`rnn_training` recorded, one entry per gradient step.

    Attributes
    ----------
    loss : numpy.ndarray
        The training loss before each step.
    grad_norm : numpy.ndarray
        The global norm of the gradient of that step, before any clipping.
    """

    loss: np.ndarray
    grad_norm: np.ndarray


def rnn_training(gain: float, *, clip: float | None = None, lr: float = 0.02, steps: int = 150, length: int = 50,
                 width: int = 32, n: int = 128, rng=0) -> RnnTraining:
    r"""Train the tanh RNN of :func:`rnn_gradient_norms` on a memory task, with or without
    gradient clipping by global norm.

    The recurrence :math:`h_t = \tanh(W h_{t-1})` runs ``length`` steps from ``n`` random
    starts :math:`h_0 \sim \mathcal{N}(0, 0.1^2 I)`; a readout :math:`v^\top h_T` must
    give the sign of :math:`a^\top h_0` for a fixed random direction :math:`a` (mean squared
    error; predicting 0 gives a loss of 1). :math:`W` starts orthogonal with gain ``gain``,
    :math:`v \sim \mathcal{N}(0, I/\text{width})`; full-batch gradient descent with
    learning rate ``lr`` for ``steps`` steps on :math:`W` and :math:`v`, float64. With
    ``clip`` = :math:`c`, each gradient goes through ``torch.nn.utils.clip_grad_norm_``
    (:math:`g \leftarrow g \min(1, c / \lVert g \rVert)`) before the step.

    ``rng`` (None, an int seed or a numpy Generator; default 0) seeds a torch generator of
    its own (the same :math:`W`, :math:`v`, starts and direction with and without clipping).
    Returns an :class:`RnnTraining`.

    >>> r = rnn_training(1.5, clip=1.0, steps=3, n=16)
    >>> r.loss.shape, bool(r.grad_norm[0] > 1.0)
    ((3,), True)
    """
    torch = require("torch", "nnprimer.chapters.vanishing.rnn_training")
    gain = positive_number(gain, "gain")
    if clip is not None:
        clip = positive_number(clip, "clip")
    lr = positive_number(lr, "lr")
    steps = integer(steps, "steps", minimum=1)
    length = integer(length, "length", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=1)
    generator = torch.Generator().manual_seed(seed_from(rng))
    W = torch.empty(width, width, dtype=torch.float64)
    torch.nn.init.orthogonal_(W, gain=gain, generator=generator)
    v = torch.randn(width, generator=generator, dtype=torch.float64) / math.sqrt(width)
    h0 = 0.1 * torch.randn(n, width, generator=generator, dtype=torch.float64)
    target = torch.sign(h0 @ torch.randn(width, generator=generator, dtype=torch.float64))
    params = [W.requires_grad_(), v.requires_grad_()]
    losses, norms = np.empty(steps), np.empty(steps)
    for step in range(steps):
        h = h0
        for _ in range(length):
            h = torch.tanh(h @ W.T)
        loss = torch.mean((h @ v - target) ** 2)
        W.grad = v.grad = None
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(params, clip if clip is not None else math.inf)
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
        losses[step], norms[step] = loss.item(), norm.item()
    return RnnTraining(loss=losses, grad_norm=norms)


def clip_by_global_norm(grads: Any, max_norm: float) -> tuple[list[np.ndarray], float]:
    r"""Gradient clipping by global norm, as ``torch.nn.utils.clip_grad_norm_`` does it.

    With :math:`\lVert g \rVert = \sqrt{\sum_p \lVert g_p \rVert^2}` over all arrays,

    .. math:: g_p \leftarrow g_p \cdot \min\Bigl(1, \frac{c}{\lVert g \rVert + 10^{-6}}\Bigr),

    so the direction is kept and only the length is capped at about :math:`c` (``max_norm``).
    Returns ``(clipped, total_norm)``: new arrays (the inputs are not changed) and the norm
    before clipping, which is what ``clip_grad_norm_`` returns too.

    >>> g, n = clip_by_global_norm([np.array([3.0, 4.0])], 1.0)
    >>> n, g[0].round(6).tolist()
    (5.0, [0.6, 0.8])
    """
    if isinstance(grads, np.ndarray):
        grads = [grads]
    if not isinstance(grads, (list, tuple)) or not grads:
        raise TypeError(f"grads must be a non-empty list of arrays, got {_describe(grads)}")
    arrays = [as_float_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
    max_norm = positive_number(max_norm, "max_norm")
    total = math.sqrt(sum(float(np.sum(np.square(a, dtype=np.float64))) for a in arrays))
    coef = min(1.0, max_norm / (total + 1e-6))
    return [a * coef for a in arrays], total
