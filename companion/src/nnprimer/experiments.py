r"""Small numpy experiments that chapters run and tests check.

* :func:`gaussian_expectation` -- :math:`\mathbb{E}[f(z)]` and :math:`\mathbb{E}[f(z)^2]` for
  :math:`z \sim \mathcal{N}(0, 1)`, by quadrature (how far an activation is from zero-centred).
* :func:`forward_statistics` -- mean and variance of each layer's activations in a deep
  random MLP (self-normalisation, vanishing and exploding signals).
* :func:`born_dead_probability` -- how often a deep, narrow ReLU net is constant at
  initialisation (Lu et al., 2020).
* :func:`best_time` -- the best of several timings of a call, for cost comparisons.

Everything is seeded and uses only numpy (and the package's own reference functions).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, NamedTuple

import numpy as np

from . import init as _init
from ._optional import require
from ._validation import _describe, as_float_array, integer, positive_number, real_number, rng_from

__all__ = ["Estimate", "best_time", "torch_threads", "born_dead_curve", "born_dead_probability", "forward_statistics", "gaussian_expectation"]


class Estimate(NamedTuple):
    """A Monte Carlo estimate with its standard error."""

    value: float
    stderr: float
    trials: int


def gaussian_expectation(f: Callable[[np.ndarray], np.ndarray], *, power: int = 1, limit: float = 12.0,
                         points: int = 240_001) -> float:
    r""":math:`\mathbb{E}[f(z)^p]` for :math:`z \sim \mathcal{N}(0,1)`, by the trapezoidal rule on
    :math:`[-\text{limit}, \text{limit}]`.

    The normal density beyond :math:`\pm 12` is below :math:`10^{-31}`, and the trapezoidal
    rule on a fine grid handles the kinks of piecewise functions that Gauss--Hermite
    quadrature converges slowly on. Accurate to about :math:`10^{-9}` for the activations
    of this package.

    >>> round(gaussian_expectation(lambda z: np.maximum(z, 0)), 6)   # 1/sqrt(2 pi)
    0.398942
    """
    z = np.linspace(-limit, limit, points)
    density = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    values = np.asarray(f(z), dtype=np.float64) ** power * density
    return float(np.trapezoid(values, z) if hasattr(np, "trapezoid") else np.trapz(values, z))


def _weights(scheme: str, shape: tuple[int, int], rng: np.random.Generator, kwargs: dict) -> np.ndarray:
    """A (fan_out, fan_in) weight matrix from the numpy init scheme of that name."""
    if scheme == "lecun_normal":
        return _init.kaiming_normal(shape, nonlinearity="linear", rng=rng)
    if scheme == "glorot_standard":
        bound = 1.0 / math.sqrt(shape[1])
        return _init.uniform(shape, -bound, bound, rng=rng)
    fn = getattr(_init, scheme, None)
    if fn is None or scheme in ("fans", "calculate_gain", "xavier_std", "kaiming_std", "apply_init"):
        raise ValueError(f"scheme must name a sampling function of nnprimer.init, 'lecun_normal' or "
                         f"'glorot_standard', got {scheme!r}")
    return fn(shape, rng=rng, **kwargs) if scheme not in ("zeros", "ones", "constant") else fn(shape, **kwargs)


def forward_statistics(activation: str, *, depth: int, width: int, scheme: str, scheme_kwargs: dict | None = None,
                       n: int = 1000, seed: int = 0, activation_params: dict | None = None,
                       input_std: float = 1.0) -> dict[str, np.ndarray]:
    r"""Push ``n`` inputs :math:`x \sim \mathcal{N}(0, \sigma^2 I)` through a random MLP and measure each layer
    (:math:`\sigma` = ``input_std``, default 1).

    Layer :math:`l` computes :math:`h_l = \phi(W_l h_{l-1})` (no biases), with
    ``width`` x ``width`` weights drawn by the numpy scheme ``scheme`` from
    :mod:`nnprimer.init` (or ``"lecun_normal"`` / ``"glorot_standard"``).

    Returns arrays of length ``depth`` (index 0 = first hidden layer): ``mean`` and ``var``
    of the activations :math:`h_l` over units and inputs, ``second_moment``
    :math:`\mathbb{E}[h_l^2]`, and ``pre_var``, the variance of the pre-activations.
    """
    from .activations import get

    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=2)
    phi = get(activation)
    rng = rng_from(seed, "seed")
    h = positive_number(input_std, "input_std") * rng.standard_normal((n, width))
    stats = {k: np.empty(depth) for k in ("mean", "var", "second_moment", "pre_var")}
    for layer in range(depth):
        W = _weights(scheme, (width, width), rng, dict(scheme_kwargs or {}))
        z = h @ W.T
        h = phi(z, **(activation_params or {}))
        stats["mean"][layer] = h.mean()
        stats["var"][layer] = h.var()
        stats["second_moment"][layer] = np.mean(h * h)
        stats["pre_var"][layer] = z.var()
    return stats


def born_dead_curve(width: int, max_depth: int, *, trials: int = 10_000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Probability that a ReLU net with 1-D input, He-normal weights and zero biases is
    constant at initialisation ("born dead", Lu et al., 2020), for every depth 1..``max_depth``.

    With zero biases every layer is positively homogeneous, so the net satisfies
    :math:`f(x) = |x|\, f(\operatorname{sign} x)`: it is constant exactly when a hidden
    layer is all zero for both inputs :math:`x = 1` and :math:`x = -1` (and then every later
    layer is too). The function propagates those two inputs through ``trials`` independent
    random nets of ``width`` units per hidden layer (weights :math:`\mathcal{N}(0,
    2/\text{fan\_in})`, from :func:`nnprimer.init.kaiming_std`) and records, after each
    layer, the fraction that is already dead.

    Returns ``(p, stderr)``: arrays of length ``max_depth``; ``p[d - 1]`` is the estimate for
    a net of ``d`` hidden layers. ``p`` never decreases with depth.
    """
    width = integer(width, "width", minimum=1)
    max_depth = integer(max_depth, "max_depth", minimum=1)
    trials = integer(trials, "trials", minimum=1)
    rng = rng_from(seed, "seed")
    h = np.tile(np.array([1.0, -1.0])[None, :, None], (trials, 1, 1))  # (trials, inputs, units)
    p = np.empty(max_depth)
    fan_in = 1
    for layer in range(max_depth):
        std = _init.kaiming_std((width, fan_in), nonlinearity="relu")
        h = np.maximum(h @ rng.normal(0.0, std, size=(trials, fan_in, width)), 0.0)
        fan_in = width
        p[layer] = np.mean(~h.any(axis=(1, 2)))
    return p, np.sqrt(p * (1.0 - p) / trials)


def born_dead_probability(width: int, depth: int, *, trials: int = 10_000, seed: int = 0) -> Estimate:
    """The born-dead probability of a net of exactly ``depth`` hidden layers (see :func:`born_dead_curve`)."""
    p, se = born_dead_curve(width, depth, trials=trials, seed=seed)
    return Estimate(float(p[-1]), float(se[-1]), int(trials))


def best_time(fn: Callable[..., Any], *args: Any, repeat: int = 7, number: int = 5) -> float:
    """Seconds per call: the minimum over ``repeat`` rounds of the mean of ``number`` calls.

    The minimum is the least disturbed by other work on the machine (as in :mod:`timeit`).
    """
    repeat = integer(repeat, "repeat", minimum=1)
    number = integer(number, "number", minimum=1)
    fn(*args)  # warm-up: first-call allocations and lazy initialisation
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        best = min(best, (time.perf_counter() - start) / number)
    return best


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """Run PyTorch on ``n`` CPU threads inside the ``with`` block (then restore).

    Timing on one thread compares PyTorch fairly with numpy (which runs elementwise
    functions on one thread) and is less disturbed by other processes on the machine.
    """
    n = integer(n, "n", minimum=1)
    torch = require("torch", "nnprimer.experiments.torch_threads")
    previous = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


# ---- Chapter "Why activation functions": stacked affine maps and sums of ReLUs ----------

def compose_affine(layers) -> tuple[np.ndarray, np.ndarray]:
    r"""Multiply out a stack of affine layers into one affine map.

    Layer :math:`l` computes :math:`h_l = W_l h_{l-1} + b_l`. Without an activation in
    between, the stack is the single affine map :math:`x \mapsto W x + b` with

    .. math::

        W = W_L W_{L-1} \cdots W_1, \qquad
        b = \sum_{l=1}^{L} W_L \cdots W_{l+1}\, b_l ,

    e.g. :math:`W_2(W_1 x + b_1) + b_2 = (W_2 W_1) x + (W_2 b_1 + b_2)` for two layers.

    Parameters
    ----------
    layers : sequence of (W, b)
        First layer first; ``W`` of shape ``(out, in)`` as in ``torch.nn.Linear.weight``,
        ``b`` of shape ``(out,)``.

    Returns
    -------
    (W, b) : tuple of numpy.ndarray
        float64 arrays of shapes ``(out_L, in_1)`` and ``(out_L,)``.

    Examples
    --------
    >>> W, b = compose_affine([(np.array([[2.0]]), np.array([1.0])), (np.array([[3.0]]), np.array([-1.0]))])
    >>> W.tolist(), b.tolist()   # 3 * (2x + 1) - 1 = 6x + 2
    ([[6.0]], [2.0])
    """
    from ._validation import as_float_array

    try:
        layers = list(layers)
    except TypeError:
        raise TypeError(f"layers must be a sequence of (W, b) pairs, got {type(layers).__name__}") from None
    if not layers:
        raise ValueError("layers must contain at least one (W, b) pair, got an empty sequence")
    W = b = None
    for i, pair in enumerate(layers):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"layers[{i}] must be a (W, b) pair, got {type(pair).__name__}")
        Wi = np.asarray(as_float_array(pair[0], f"layers[{i}] W"), dtype=np.float64)
        bi = np.asarray(as_float_array(pair[1], f"layers[{i}] b"), dtype=np.float64)
        if Wi.ndim != 2 or bi.shape != (Wi.shape[0],):
            raise ValueError(f"layers[{i}] must have W of shape (out, in) and b of shape (out,), "
                             f"got W {Wi.shape} and b {bi.shape}")
        if W is None:
            W, b = Wi, bi
            continue
        if Wi.shape[1] != W.shape[0]:
            raise ValueError(f"layers[{i}] W has {Wi.shape[1]} inputs but the layer before has "
                             f"{W.shape[0]} outputs; they must match")
        W, b = Wi @ W, Wi @ b + bi
    return W, b


class ReluFit:
    r"""A sum of ReLUs fitted to a curve: a one-hidden-layer ReLU network with 1-D input.

    .. math:: f(x) = c + \sum_{j=1}^{k} a_j \,\mathrm{ReLU}(x - t_j)

    Unit :math:`j` has input weight 1 and bias :math:`-t_j`, so its kink sits at the
    *knot* :math:`t_j`; between two knots :math:`f` is a straight line. Made by
    :func:`relu_fit`; calling it evaluates :math:`f`.

    Attributes
    ----------
    knots : numpy.ndarray
        :math:`t_j`, increasing, shape ``(k,)``.
    weights : numpy.ndarray
        Output weights :math:`a_j`, shape ``(k,)``.
    bias : float
        Output bias :math:`c`.
    x, y, prediction : numpy.ndarray
        The data fitted and :math:`f(x)` there.
    rms_error, max_error : float
        :math:`\sqrt{\mathrm{mean}\,(f(x) - y)^2}` and :math:`\max |f(x) - y|` on the data.
    """

    def __init__(self, knots: np.ndarray, weights: np.ndarray, bias: float, x: np.ndarray, y: np.ndarray):
        self.knots, self.weights, self.bias = knots, weights, float(bias)
        self.x, self.y = x, y
        self.prediction = self(x)
        residual = self.prediction - y
        self.rms_error = float(np.sqrt(np.mean(residual ** 2)))
        self.max_error = float(np.max(np.abs(residual)))
        for a in (self.knots, self.weights, self.x, self.y, self.prediction):
            a.setflags(write=False)

    @property
    def n_units(self) -> int:
        """k, the number of ReLU units."""
        return int(self.knots.size)

    def __call__(self, x) -> np.ndarray:
        """:math:`f(x)` for any real ``x`` (also outside the fitted interval)."""
        from ._validation import as_float_array

        x = np.asarray(as_float_array(x, "x"), dtype=np.float64)
        return self.bias + np.maximum(x[..., None] - self.knots, 0.0) @ self.weights

    def torch(self):
        """The same function as a PyTorch network (float64):
        ``Linear(1, k) -> ReLU -> Linear(k, 1)`` with input weights 1 and biases :math:`-t_j`."""
        torch = require("torch", "nnprimer.experiments.ReluFit.torch")
        k = self.n_units
        net = torch.nn.Sequential(torch.nn.Linear(1, k), torch.nn.ReLU(), torch.nn.Linear(k, 1)).double()
        with torch.no_grad():
            net[0].weight.fill_(1.0)
            net[0].bias.copy_(torch.tensor(-self.knots))
            net[2].weight.copy_(torch.tensor(self.weights)[None, :])
            net[2].bias.fill_(self.bias)
        return net

    def __repr__(self) -> str:
        return f"ReluFit(n_units={self.n_units}, rms_error={self.rms_error:.3g}, max_error={self.max_error:.3g})"


def relu_fit(x, y, n_units: int, *, knots=None) -> ReluFit:
    r"""Least-squares fit of a sum of ``n_units`` ReLUs with fixed knots to the points (x, y).

    .. math:: f(x) = c + \sum_{j=1}^{k} a_j \,\mathrm{ReLU}(x - t_j)

    The knots :math:`t_j` are fixed (by default evenly spaced, :math:`t_j = x_{\min} +
    (j - 1)(x_{\max} - x_{\min})/k`, so the first unit is active on the whole interval and
    gives the first straight piece its slope); the output weights :math:`a_j` and bias
    :math:`c` minimise :math:`\sum_i (f(x_i) - y_i)^2`, a linear least-squares problem
    (solved with ``numpy.linalg.lstsq``). With the default knots, :math:`f` has ``k``
    straight pieces on :math:`[x_{\min}, x_{\max}]`, joined at ``k - 1`` kinks.

    Parameters
    ----------
    x, y : array_like
        1-D, the same length, finite; at least ``n_units + 1`` points.
    n_units : int
        k >= 1, the number of ReLU units.
    knots : array_like, optional
        ``n_units`` finite knot positions instead of the evenly spaced ones.

    Returns
    -------
    ReluFit

    Examples
    --------
    >>> xs = np.linspace(-1, 1, 201)
    >>> fit = relu_fit(xs, np.abs(xs), 2)      # |x| = -x + 2 relu(x): exact with knots -1, 0
    >>> fit.knots.tolist(), round(fit.max_error, 12)
    ([-1.0, 0.0], 0.0)
    """
    from ._validation import as_float_array

    n_units = integer(n_units, "n_units", minimum=1)
    x = np.array(as_float_array(x, "x"), dtype=np.float64)
    y = np.array(as_float_array(y, "y"), dtype=np.float64)
    if x.ndim != 1 or y.shape != x.shape:
        raise ValueError(f"x and y must be 1-D arrays of the same length, got shapes {x.shape} and {y.shape}")
    if x.size < n_units + 1:
        raise ValueError(f"x must have at least n_units + 1 = {n_units + 1} points, got {x.size}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite, got nan or inf")
    lo, hi = float(x.min()), float(x.max())
    if lo == hi:
        raise ValueError(f"x must contain at least two different values, got all equal to {lo}")
    if knots is None:
        t = lo + (hi - lo) * np.arange(n_units) / n_units
    else:
        t = np.sort(np.array(as_float_array(knots, "knots"), dtype=np.float64).ravel())
        if t.size != n_units:
            raise ValueError(f"knots must have n_units = {n_units} entries, got {t.size}")
        if not np.all(np.isfinite(t)):
            raise ValueError("knots must be finite, got nan or inf")
    design = np.column_stack([np.ones_like(x), np.maximum(x[:, None] - t, 0.0)])
    coef = _lstsq_one_thread(design, y)
    return ReluFit(t, coef[1:].copy(), float(coef[0]), x, y)


def _lstsq_one_thread(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``numpy.linalg.lstsq(a, b)[0]`` with BLAS limited to one thread when threadpoolctl is installed.

    These problems are small (about 1000 x 65): one thread solves them in milliseconds,
    while a multi-threaded BLAS on a busy machine can take 50 times longer.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return np.linalg.lstsq(a, b, rcond=None)[0]
    with threadpool_limits(1, user_api="blas"):
        return np.linalg.lstsq(a, b, rcond=None)[0]


def count_linear_pieces(x, y, *, tol: float = 1e-6) -> int:
    r"""How many straight pieces a piecewise-linear curve sampled at ``x`` has.

    The slope of each grid interval is :math:`s_i = (y_{i+1} - y_i)/(x_{i+1} - x_i)`;
    neighbouring intervals belong to the same piece when
    :math:`|s_i - s_{i-1}| \le \text{tol} \cdot \max(1, |s_i|, |s_{i-1}|)`. A kink that
    falls strictly inside an interval gives that one interval an in-between slope; such a
    lone interval between two pieces is not counted as a piece. So two kinks closer than
    about two grid steps may be seen as one: sample finely. A smooth curve, whose slope
    changes on every interval, has no straight piece at all: the count is 0.

    Parameters
    ----------
    x, y : array_like
        1-D, the same length (at least 3), ``x`` strictly increasing.
    tol : float
        Relative tolerance on equal slopes, > 0.

    Returns
    -------
    int

    Examples
    --------
    >>> xs = np.linspace(-2, 2, 401)
    >>> count_linear_pieces(xs, np.abs(xs)), count_linear_pieces(xs, 3 * xs + 1)
    (2, 1)
    """
    from ._validation import as_float_array, positive_number

    tol = positive_number(tol, "tol")
    x = np.asarray(as_float_array(x, "x"), dtype=np.float64)
    y = np.asarray(as_float_array(y, "y"), dtype=np.float64)
    if x.ndim != 1 or y.shape != x.shape or x.size < 3:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 3, got shapes {x.shape} and {y.shape}")
    if not np.all(np.diff(x) > 0):
        raise ValueError("x must be strictly increasing")
    s = np.diff(y) / np.diff(x)
    change = np.abs(np.diff(s)) > tol * np.maximum(1.0, np.maximum(np.abs(s[1:]), np.abs(s[:-1])))
    run_lengths = np.diff(np.flatnonzero(np.r_[True, change, True]))  # runs of equal slope
    return int(np.sum(run_lengths >= 2))


class TrainedReluNet(NamedTuple):
    """Result of :func:`train_relu_net`."""

    net: Any
    """The trained ``Linear(1, k) -> ReLU -> Linear(k, 1)`` network (float64)."""
    kinks: np.ndarray
    """Sorted kinks :math:`-b_j / w_j` inside the interval of the units that bend the curve."""
    prediction: np.ndarray
    """The network's output at ``x``."""
    rms_error: float
    max_error: float


def train_relu_net(x, y, n_units: int, *, start: ReluFit | None = None, steps: int = 800, lr: float = 0.02,
                   seed: int = 0) -> TrainedReluNet:
    r"""Train :math:`f(x) = c + \sum_j a_j \mathrm{ReLU}(w_j x + b_j)` on (x, y) with full-batch Adam.

    Minimises the mean squared error :math:`\frac1n \sum_i (f(x_i) - y_i)^2` for ``steps``
    steps of ``torch.optim.Adam(lr=lr)`` in float64 on the CPU (one thread), so the knots
    :math:`-b_j / w_j` move too, unlike :func:`relu_fit`. ``start`` initialises the network
    from a least-squares fit (``start.torch()``); otherwise PyTorch's default
    initialisation with ``torch.manual_seed(seed)``.

    Returns
    -------
    TrainedReluNet
        The network, its kinks inside ``[min x, max x]``, its output at ``x`` and its
        RMS and largest errors there.
    """
    from ._validation import as_float_array, positive_number

    torch = require("torch", "nnprimer.experiments.train_relu_net")
    n_units = integer(n_units, "n_units", minimum=1)
    steps = integer(steps, "steps", minimum=1)
    lr = positive_number(lr, "lr")
    x = np.array(as_float_array(x, "x"), dtype=np.float64)
    y = np.array(as_float_array(y, "y"), dtype=np.float64)
    if x.ndim != 1 or y.shape != x.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2, got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite, got nan or inf")
    if start is not None:
        if not isinstance(start, ReluFit):
            raise TypeError(f"start must be a ReluFit from relu_fit or None, got {type(start).__name__}")
        if start.n_units != n_units:
            raise ValueError(f"start must have n_units = {n_units} units, got {start.n_units}")
    with torch_threads(1):
        if start is not None:
            net = start.torch()
        else:
            torch.manual_seed(rng_from(seed, "seed").integers(2**31))
            net = torch.nn.Sequential(torch.nn.Linear(1, n_units), torch.nn.ReLU(), torch.nn.Linear(n_units, 1)).double()
        X, Y = torch.tensor(x[:, None]), torch.tensor(y[:, None])
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
        for _ in range(steps):
            optimizer.zero_grad()
            loss = torch.mean((net(X) - Y) ** 2)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            prediction = net(X)[:, 0].numpy().copy()
            w, b = net[0].weight[:, 0].numpy().copy(), net[0].bias.numpy().copy()
            a = net[2].weight[0].numpy().copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -b / w
    bends = (w != 0) & (a != 0) & np.isfinite(t) & (t > x.min()) & (t < x.max())
    residual = prediction - y
    return TrainedReluNet(net, np.sort(t[bends]), prediction, float(np.sqrt(np.mean(residual ** 2))),
                          float(np.max(np.abs(residual))))


__all__ += ["compose_affine", "ReluFit", "relu_fit", "count_linear_pieces", "TrainedReluNet", "train_relu_net"]


# ----------------------------------------------------------------------------------------
# Softmax chapter: saturation, temperature, checking a reader's implementation
# ----------------------------------------------------------------------------------------

__all__ += ["softmax_saturation", "softmax_temperature", "check_softmax_implementation"]


def softmax_saturation(gaps: Any, *, n_classes: int = 10) -> dict[str, np.ndarray]:
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
    dict of numpy.ndarray, one value per gap
        ``"top_probability"`` (:math:`y_0`), ``"jacobian_norm"`` (Frobenius norm of
        :math:`J`), ``"grad_norm_correct"`` (:math:`\lVert y - e_0 \rVert`) and
        ``"grad_norm_wrong"`` (:math:`\lVert y - e_1 \rVert`).

    Examples
    --------
    >>> out = softmax_saturation([0.0, 20.0], n_classes=2)
    >>> [round(float(v), 3) for v in out["top_probability"]]
    [0.5, 1.0]
    >>> [round(float(v), 3) for v in out["grad_norm_wrong"]]
    [0.707, 1.414]
    """
    from . import activations
    from ._validation import as_float_array

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
    return {
        "top_probability": y[:, 0],
        "jacobian_norm": np.linalg.norm(jac, axis=(1, 2)),
        "grad_norm_correct": np.linalg.norm(correct, axis=1),
        "grad_norm_wrong": np.linalg.norm(wrong, axis=1),
    }


def softmax_temperature(z: Any, temperatures: Any) -> tuple[np.ndarray, np.ndarray]:
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
    probabilities : numpy.ndarray
        Shape ``(len(temperatures), len(z))``.
    entropy : numpy.ndarray
        Shape ``(len(temperatures),)``, in nats.

    Examples
    --------
    >>> p, h = softmax_temperature([1.0, 0.0], [1.0])
    >>> round(float(p[0, 0]), 4), round(float(h[0]), 4)
    (0.7311, 0.5822)
    """
    from . import activations
    from ._validation import as_float_array

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
    return p, entropy


# Test inputs for check_softmax_implementation: (key, logits). Each probes one property.
_SOFTMAX_CASES = (
    ("ordinary", [1.0, 2.0, 3.0]),
    ("large", [1000.0, 0.0, -1000.0]),
    ("very_negative", [-1000.0, -1001.0, -1002.0]),
    ("small_probability", [0.0, -800.0]),  # e^-800 underflows to 0 in float64
    ("minus_inf", [0.0, -np.inf, 1.0]),
    ("batch", [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
)
_CASE_TEXT = {
    "ordinary": ("ordinary logits {z}", "普通的 logits {z}"),
    "large": ("large logits {z}", "很大的 logits {z}"),
    "very_negative": ("very negative logits {z}", "很负的 logits {z}"),
    "small_probability": ("a tiny probability {z}", "极小概率的情形 {z}"),
    "minus_inf": ("a -inf logit {z}", "含 -inf 的 logits {z}"),
    "batch": ("a batch of rows (shape (2, 3), softmax along the last axis)",
              "一批两行的输入（形状 (2, 3)，沿最后一维做 softmax）"),
}


def check_softmax_implementation(fn: Any, reference: str = "log_softmax") -> list[str]:
    r"""Test a reader's softmax or log-softmax against the companion's; list what is wrong.

    ``fn`` is called on a few float64 inputs, each probing one property (ordinary
    values, large logits that overflow ``exp``, very negative logits that underflow it,
    a probability below float64's smallest number, a ``-inf`` logit, a 2-D batch). An
    answer passes a case when it is close to :func:`nnprimer.activations.softmax` or
    :func:`~nnprimer.activations.log_softmax` (``rtol=1e-9``, ``atol=1e-12``, equal
    infinities) and raises no error, warning, overflow or division by zero (underflow to
    0 is fine). The messages describe the failing
    input and what came back, in the current language (:func:`nnprimer.set_language`),
    without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(x)`` on a numpy array.
    reference : {"log_softmax", "softmax"}
        Which function ``fn`` is meant to compute.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> from nnprimer import activations
    >>> check_softmax_implementation(activations.log_softmax)
    []
    >>> len(check_softmax_implementation(lambda x: np.log(activations.softmax(x)))) > 0
    True
    """
    import warnings

    from . import _i18n, activations
    from ._validation import _describe, choice

    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    reference = choice(reference, "reference", ("log_softmax", "softmax"))
    ref = getattr(activations, reference)
    problems = []
    for key, logits in _SOFTMAX_CASES:
        x = np.array(logits, dtype=np.float64)
        en, zh = _CASE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, z=x.tolist())
        expected = ref(x)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                # log(0) = -inf is the right answer where the reference is -inf itself
                divide = "ignore" if np.isneginf(expected).any() else "raise"
                with np.errstate(over="raise", invalid="raise", divide=divide, under="ignore"):
                    got = np.asarray(fn(x.copy()), dtype=np.float64)
        except FloatingPointError as error:  # numpy's overflow, 0 division or NaN
            problems.append(_floating_point_problem(case, str(error)))
            continue
        except Exception as error:  # the reader's code may fail in any way
            problems.append(_i18n.tr(en="{case}: raised {err}", zh="{case}：抛出了异常 {err}",
                                     case=case, err=f"{type(error).__name__}: {error}"))
            continue
        if got.shape != expected.shape:
            problems.append(_i18n.tr(en="{case}: returned shape {g}, expected {e}",
                                     zh="{case}：返回的形状是 {g}，应为 {e}",
                                     case=case, g=got.shape, e=expected.shape))
            continue
        # np.allclose counts infinities of the same sign in the same place as equal
        if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            problems.append(_i18n.tr(en="{case}: returned {g}, expected {e}",
                                     zh="{case}：返回 {g}，应为 {e}",
                                     case=case, g=np.round(got, 6).tolist(),
                                     e=np.round(expected, 6).tolist()))
    return problems


_FP_KINDS = {
    "overflow": ("overflowed (a result too large for float64)", "上溢（结果超出了 float64 的范围）"),
    "divide by zero": ("divided by zero (or took log(0))", "除以了零（或计算了 log(0)）"),
    "invalid value": ("produced NaN (for example inf / inf or inf - inf)",
                      "产生了 NaN（例如 inf / inf 或 inf - inf）"),
}


def _floating_point_problem(case: str, message: str) -> str:
    """Describe numpy's FloatingPointError ("overflow encountered in exp") in the current language."""
    import re

    from . import _i18n

    match = re.match(r"(overflow|divide by zero|invalid value) encountered in (\w+)", message)
    if match is None:
        return _i18n.tr(en="{case}: raised FloatingPointError: {m}", zh="{case}：抛出了 FloatingPointError：{m}",
                        case=case, m=message)
    en, zh = _FP_KINDS[match.group(1)]
    return _i18n.tr(en="{case}: {op} " + en, zh="{case}：{op} " + zh, case=case, op=match.group(2))


# ----------------------------------------------------------------- sigmoid chapter

__all__ += ["float32_threshold", "linear_unit_sgd", "grad_norms_at_init", "check_bce_with_logits"]


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


def grad_norms_at_init(activation: str, *, depths: Any, inits: Any, data: Any, width: int = 64,
                       seed: int = 0) -> dict[str, dict[int, list[float]]]:
    r"""Per-layer gradient norms of freshly initialised MLPs, for several depths and initialisations.

    For every depth :math:`L` in ``depths`` and every initialisation in ``inits`` it builds
    ``train.mlp([d_in] + [width] * L + [classes], activation, init=..., seed=seed)`` and
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
    seed : int
        Seed of every model's weights (the same for every depth and init).

    Returns
    -------
    dict
        ``result[label][depth]`` is the list of :math:`L + 1` norms, input layer first.
    """
    from collections.abc import Mapping

    from . import train

    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str such as 'sigmoid', got {_describe(activation)}")
    depths = [integer(d, "depths[i]", minimum=1) for d in depths]
    if not depths:
        raise ValueError("depths must hold at least one depth, got none")
    if not isinstance(inits, Mapping) or not inits:
        raise TypeError(f"inits must be a non-empty mapping of label to (init, init_kwargs), got {_describe(inits)}")
    width = integer(width, "width", minimum=1)
    seed = integer(seed, "seed", minimum=0)
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
                              init_kwargs=dict(kwargs or {}), seed=seed)
            result[label][depth] = train.layer_grad_norms(model, X, y)
    return result


# (logits, targets) of the cases check_bce_with_logits tries, one property each
_BCE_CASES = (
    ("ordinary", [-2.0, 0.0, 3.0], [0.0, 1.0, 1.0]),
    ("soft", [-1.0, 0.5, 2.0], [0.3, 0.5, 0.9]),
    ("confident_wrong", [30.0, -30.0], [0.0, 1.0]),
    ("huge_positive", [1000.0, 800.0], [0.0, 1.0]),
    ("huge_negative", [-1000.0, -800.0], [1.0, 0.0]),
)
_BCE_TEXT = {
    "ordinary": ("ordinary logits {z} with targets {t}", "普通的 logit {z}，目标 {t}"),
    "soft": ("soft targets {t} at logits {z}", "软目标 {t}，logit {z}"),
    "confident_wrong": ("confident wrong logits {z} with targets {t}", "自信却错误的 logit {z}，目标 {t}"),
    "huge_positive": ("huge positive logits {z} with targets {t}", "极大的正 logit {z}，目标 {t}"),
    "huge_negative": ("huge negative logits {z} with targets {t}", "绝对值极大的负 logit {z}，目标 {t}"),
}


def _bce_with_logits_reference(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    r""":math:`\log(1 + e^{z}) - t z`, computed without overflow as ``logaddexp(0, z) - t * z``."""
    return np.logaddexp(0.0, z) - t * z


def check_bce_with_logits(fn: Any) -> list[str]:
    r"""Test a reader's binary cross-entropy on logits; list what is wrong.

    The loss of logit :math:`z` and target :math:`t \in [0, 1]` is

    .. math:: \ell(z, t) = -\bigl(t \log \sigma(z) + (1 - t) \log(1 - \sigma(z))\bigr)
              = \log(1 + e^{z}) - t z ,

    what ``torch.nn.functional.binary_cross_entropy_with_logits(z, t, reduction="none")``
    computes. ``fn(z, t)`` is called on float64 arrays of a few cases, each probing one
    property (ordinary and soft targets, confident wrong logits :math:`\pm 30` where
    :math:`\sigma` rounds to 1 or 0 in float32, logits of :math:`\pm 1000` where
    :math:`e^{|z|}` overflows even in float64). A case passes when the result is close
    to the reference (``rtol=1e-9``, ``atol=1e-12``) and no error, warning, overflow,
    NaN or division by zero happened (underflow to 0 is fine). The messages describe the
    failing input and what came back, in the current language
    (:func:`nnprimer.set_language`), without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(z, t)`` with two float64 arrays of the same
        shape; returns the elementwise losses.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> check_bce_with_logits(lambda z, t: np.logaddexp(0.0, z) - t * z)
    []
    >>> len(check_bce_with_logits(lambda z, t: -(t * np.log(1 / (1 + np.exp(-z)))
    ...                                          + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z)))))) > 0
    True
    """
    import warnings

    from . import _i18n

    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    problems = []
    for key, logits, targets in _BCE_CASES:
        z = np.array(logits, dtype=np.float64)
        t = np.array(targets, dtype=np.float64)
        en, zh = _BCE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, z=z.tolist(), t=t.tolist())
        expected = _bce_with_logits_reference(z, t)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    got = np.asarray(fn(z.copy(), t.copy()), dtype=np.float64)
        except FloatingPointError as error:  # numpy's overflow, log(0) or NaN
            problems.append(_floating_point_problem(case, str(error)))
            continue
        except Exception as error:  # the reader's code may fail in any way
            problems.append(_i18n.tr(en="{case}: raised {err}", zh="{case}：抛出了异常 {err}",
                                     case=case, err=f"{type(error).__name__}: {error}"))
            continue
        if got.shape != expected.shape:
            problems.append(_i18n.tr(en="{case}: returned shape {g}, expected {e}",
                                     zh="{case}：返回的形状是 {g}，应为 {e}",
                                     case=case, g=got.shape, e=expected.shape))
            continue
        if not np.allclose(got, expected, rtol=1e-9, atol=1e-12):
            problems.append(_i18n.tr(en="{case}: returned {g}, expected {e}",
                                     zh="{case}：返回 {g}，应为 {e}",
                                     case=case, g=np.round(got, 6).tolist(),
                                     e=np.round(expected, 6).tolist()))
    return problems


# ----------------------------------------------------------------- tanh chapter

__all__ += ["Float32Error", "float32_error", "check_tanh_implementation"]


class Float32Error(NamedTuple):
    """Largest absolute and relative error of a float32 computation, and where they occur."""

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
        ``max_abs`` and the input ``x_abs`` where it occurs; ``max_rel`` and ``x_rel``
        (``nan`` when ``exact`` is 0 everywhere).

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


# Test inputs for check_tanh_implementation: (key, inputs). Each probes one property.
_TANH_CASES = (
    ("ordinary", [-2.0, -0.5, 0.0, 0.5, 2.0]),
    ("large", [20.0, 400.0, 1000.0]),
    ("very_negative", [-20.0, -400.0, -1000.0]),
    ("tiny", [1e-12, -3e-9, 2e-6]),
    ("batch", [[-1.0, 0.0], [1.0, 3.0]]),
)
_TANH_CASE_TEXT = {
    "ordinary": ("ordinary inputs {x}", "普通的输入 {x}"),
    "large": ("large inputs {x}", "很大的输入 {x}"),
    "very_negative": ("very negative inputs {x}", "很负的输入 {x}"),
    "tiny": ("inputs close to 0 {x} (compared with relative error 1e-9)",
             "接近 0 的输入 {x}（按相对误差 1e-9 比较）"),
    "batch": ("a 2-D array of shape (2, 2)", "形状为 (2, 2) 的二维数组"),
}


def check_tanh_implementation(fn: Any) -> list[str]:
    r"""Test a reader's float64 tanh against :func:`nnprimer.activations.tanh`; list what is wrong.

    ``fn`` is called on a few float64 arrays, each probing one property: ordinary inputs,
    large and very negative inputs (where :math:`e^{x}` or :math:`e^{-x}` overflows), inputs
    close to 0 (where :math:`e^{x} - e^{-x}` loses its leading digits to cancellation) and a
    2-D array. An answer passes a case when it agrees with the reference to a relative
    error of :math:`10^{-9}` (absolute :math:`10^{-12}` except for the inputs close to 0,
    which are compared relatively only) and raises no error, warning, overflow or NaN.
    Messages describe the failing input and what came back, in the current language
    (:func:`nnprimer.set_language`), without giving the fix away.

    Parameters
    ----------
    fn : callable
        The reader's function, called as ``fn(x)`` on a float64 numpy array.

    Returns
    -------
    list of str
        Empty when every case passes.

    Examples
    --------
    >>> check_tanh_implementation(np.tanh)
    []
    >>> naive = lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    >>> len(check_tanh_implementation(naive)) > 0
    True
    """
    import warnings

    from . import _i18n, activations

    if not callable(fn):
        raise TypeError(f"fn must be a callable such as a function, got {_describe(fn)}")
    problems = []
    for key, values in _TANH_CASES:
        x = np.array(values, dtype=np.float64)
        en, zh = _TANH_CASE_TEXT[key]
        case = _i18n.tr(en=en, zh=zh, x=x.tolist())
        expected = activations.tanh(x)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
                    got = np.asarray(fn(x.copy()), dtype=np.float64)
        except FloatingPointError as error:  # numpy's overflow, 0 division or NaN
            problems.append(_floating_point_problem(case, str(error)))
            continue
        except Exception as error:  # the reader's code may fail in any way
            problems.append(_i18n.tr(en="{case}: raised {err}", zh="{case}：抛出了异常 {err}",
                                     case=case, err=f"{type(error).__name__}: {error}"))
            continue
        if got.shape != expected.shape:
            problems.append(_i18n.tr(en="{case}: returned shape {g}, expected {e}",
                                     zh="{case}：返回的形状是 {g}，应为 {e}",
                                     case=case, g=got.shape, e=expected.shape))
            continue
        atol = 0.0 if key == "tiny" else 1e-12
        if not np.allclose(got, expected, rtol=1e-9, atol=atol):
            problems.append(_i18n.tr(en="{case}: returned {g}, expected {e}",
                                     zh="{case}：返回 {g}，应为 {e}",
                                     case=case, g=[float(f"{v:.10g}") for v in got.ravel()],
                                     e=[float(f"{v:.10g}") for v in expected.ravel()]))
    return problems


# ---- ReLU chapter: what a fresh output array costs ----------------------------------------

__all__ += ["page_faults"]


def page_faults(fn: Callable[..., Any], *args: Any, number: int = 3) -> float | None:
    r"""Minor page faults per call of ``fn(*args)``: how often the operating system had to
    map a fresh page of memory for the process (``ru_minflt`` of :func:`resource.getrusage`).

    A call that writes into a preallocated array causes none; one that returns a *new*
    array of :math:`B` bytes causes about :math:`B / 4096` with 4 KiB pages, or
    :math:`B / 2^{21}` where the allocator asks for 2 MiB huge pages (numpy does, for large
    arrays, on Linux). One warm-up call is not counted. Returns ``None`` where the
    ``resource`` module does not exist (Windows).

    >>> page_faults(np.copyto, np.empty(1000), np.ones(1000)) in (0.0, None)
    True
    """
    number = integer(number, "number", minimum=1)
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {_describe(fn)}")
    try:
        import resource
    except ImportError:  # Windows
        return None
    fn(*args)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(number):
        fn(*args)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / number


__all__ += ["preallocated_kernels"]

#: The activations :func:`preallocated_kernels` knows, with the PyTorch operator it calls.
_OUT_KERNELS = ("relu", "leaky_relu", "elu", "gelu", "silu", "hardswish", "sigmoid", "tanh")


def preallocated_kernels(x: Any, out: Any, names: Any = _OUT_KERNELS) -> dict[str, Callable[[], Any]]:
    r"""Zero-argument callables that compute activations of the tensor ``x`` into the
    preallocated tensor ``out``, so that timing them measures arithmetic and memory
    traffic, not the allocation of a fresh output.

    Each uses the ``out=`` form of the PyTorch operator, ``torch.ops.aten.<name>.out``,
    except ReLU: PyTorch computes ``relu(x)`` as ``clamp_min(x, 0)``, and ``aten.relu.out``
    allocates a temporary (it is a composite), so ReLU uses ``torch.clamp(x, min=0,
    out=out)``. Names: any of ``relu, leaky_relu, elu, gelu, silu, hardswish, sigmoid,
    tanh``.
    """
    torch = require("torch", "nnprimer.experiments.preallocated_kernels")
    for name, t in (("x", x), ("out", out)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {_describe(t)}")
    if out.shape != x.shape or out.dtype != x.dtype:
        raise ValueError(f"out must have the shape and dtype of x, {tuple(x.shape)} {x.dtype}, "
                         f"got {tuple(out.shape)} {out.dtype}")
    if isinstance(names, str):
        names = (names,)
    kernels = {}
    for name in names:
        if name not in _OUT_KERNELS:
            raise ValueError(f"names must be among {_OUT_KERNELS}, got {name!r}")
        if name == "relu":
            kernels[name] = lambda: torch.clamp(x, min=0, out=out)
        else:
            op = getattr(torch.ops.aten, name).out
            kernels[name] = (lambda op: lambda: op(x, out=out))(op)
    return kernels


# ---------------------------------------------------------------------------- backprop chapter

__all__ += ["two_layer_params", "two_layer_loss", "two_layer_autograd", "check_parameter_gradients",
            "check_two_layer_backward"]

_TWO_LAYER_KEYS = ("W1", "b1", "W2", "b2")


def two_layer_params(n_in: int = 4, n_hidden: int = 5, n_out: int = 3, *, seed: int = 0) -> dict[str, np.ndarray]:
    r"""Random float64 parameters of a two-layer network, for the back-propagation chapter.

    The network is

    .. math:: z_1 = X W_1 + b_1, \quad h = f(z_1), \quad z_2 = h W_2 + b_2, \quad
              L = \mathrm{cross\_entropy}(z_2, y),

    with ``W1`` of shape ``(n_in, n_hidden)``, ``b1`` ``(n_hidden,)``, ``W2``
    ``(n_hidden, n_out)``, ``b2`` ``(n_out,)``. Weights are normal with standard deviation
    :math:`1/\sqrt{\text{fan\_in}}`, biases normal with standard deviation 0.1 (nonzero,
    so that a bias gradient that is wrong shows up).

    >>> p = two_layer_params(4, 5, 3)
    >>> {k: v.shape for k, v in p.items()}
    {'W1': (4, 5), 'b1': (5,), 'W2': (5, 3), 'b2': (3,)}
    """
    n_in, n_hidden, n_out = (integer(v, name, minimum=1) for v, name in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    rng = rng_from(seed)
    return {
        "W1": rng.standard_normal((n_in, n_hidden)) / math.sqrt(n_in),
        "b1": 0.1 * rng.standard_normal(n_hidden),
        "W2": rng.standard_normal((n_hidden, n_out)) / math.sqrt(n_hidden),
        "b2": 0.1 * rng.standard_normal(n_out),
    }


def _two_layer_inputs(params: Any, X: Any, y: Any, activation: str):
    from . import activations as _act

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
    from . import activations as _act

    p, X, y, f = _two_layer_inputs(params, X, y, activation)
    logits = f(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    return float(_act.cross_entropy(logits, y))


def two_layer_autograd(params: Any, X: Any, y: Any, activation: str = "tanh") -> dict[str, np.ndarray]:
    r"""The gradient of :func:`two_layer_loss` with respect to each parameter, by ``torch.autograd``
    (float64). Returns a dict with keys ``W1, b1, W2, b2`` of numpy arrays.
    """
    torch = require("torch", "nnprimer.experiments.two_layer_autograd")
    p, X, y, f = _two_layer_inputs(params, X, y, activation)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    logits = f.torch(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    loss = torch.nn.functional.cross_entropy(logits, torch.as_tensor(y, dtype=torch.int64))
    grads = torch.autograd.grad(loss, [t[k] for k in _TWO_LAYER_KEYS])
    return {k: g.numpy() for k, g in zip(_TWO_LAYER_KEYS, grads)}


def check_parameter_gradients(loss: Callable[[dict], Any], grads: Any, params: Any, *, h: float = 1e-5,
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
    >>> r = check_parameter_gradients(lambda p: np.sum(p["w"] ** 2), {"w": [2.0, 4.0]}, {"w": [1.0, 2.0]})
    >>> bool(r["w"])
    True
    """
    from . import grad as _grad

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


def check_two_layer_backward(backward: Callable[..., Any], activation: str = "tanh", *, seed: int = 0) -> list[str]:
    r"""Test a hand-written backward pass of the two-layer network against autograd.

    ``backward(params, X, y)`` must return a dict with keys ``W1, b1, W2, b2``: the
    gradient of the mean cross-entropy :func:`two_layer_loss` (with ``activation`` in
    the hidden layer) with respect to each parameter. The checker calls it on a small
    random problem (8 examples, 4 inputs, 5 hidden units, 3 classes) and returns a list
    of problems, empty when every gradient matches ``torch.autograd`` to ``1e-8``. Each
    problem names the parameter and what is wrong (missing, shape, by how much, or a
    factor off) without giving the fix.

    >>> def zero_grads(params, X, y):
    ...     return {k: np.zeros_like(v) for k, v in params.items()}
    >>> len(check_two_layer_backward(zero_grads))
    4
    """
    from . import activations as _act

    if not callable(backward):
        raise TypeError(f"backward must be a callable backward(params, X, y), got {_describe(backward)}")
    _act.get(activation)
    rng = rng_from(seed)
    params = two_layer_params(4, 5, 3, seed=seed)
    X = rng.standard_normal((8, 4))
    y = rng.integers(0, 3, size=8)
    expected = two_layer_autograd(params, X, y, activation)
    try:
        got = backward({k: v.copy() for k, v in params.items()}, X.copy(), y.copy())
    except Exception as exc:  # noqa: BLE001 - report the reader's error as a problem
        return [f"backward(params, X, y) raised {type(exc).__name__}: {exc}"]
    if not isinstance(got, dict):
        return [f"backward must return a dict with keys {list(_TWO_LAYER_KEYS)}, got {_describe(got)}"]
    problems = []
    for name in _TWO_LAYER_KEYS:
        if name not in got:
            problems.append(f"{name}: missing from the returned dict")
            continue
        try:
            g = np.asarray(as_float_array(got[name], name), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            problems.append(f"{name}: not an array of numbers ({exc})")
            continue
        e = expected[name]
        if g.shape != e.shape:
            problems.append(f"{name}: shape {g.shape}, expected {e.shape} (the shape of params[{name!r}])")
            continue
        err = np.abs(g - e)
        if not np.all(np.isfinite(g)):
            problems.append(f"{name}: contains NaN or inf")
        elif err.max() > 1e-8 * max(1.0, np.abs(e).max()):
            worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), e.shape))
            ratio = np.sum(g * e) / np.sum(e * e) if np.sum(e * e) > 0 else np.nan
            hint = ""
            if not np.any(g):
                hint = "; it is all zeros"
            elif np.isfinite(ratio) and abs(ratio) > 1e-3 and np.allclose(g, ratio * e, rtol=1e-6, atol=1e-12):
                hint = f"; it is the right gradient times {ratio:.4g} (a missing or extra factor?)"
            problems.append(f"{name}: wrong, largest error {err.max():.3g} at index {worst}{hint}")
    return problems


# ------------------------------------------------------------------ initialisation chapter

__all__ += ["activation_histograms", "init_layer_statistics"]


def activation_histograms(activation: str, scheme: str, *, depth: int = 10, width: int = 256,
                          edges: Any = None, n: int = 512, seed: int = 0,
                          scheme_kwargs: dict | None = None) -> dict[str, np.ndarray]:
    r"""Histograms of every layer's activations in a deep random MLP at initialisation.

    The same network as :func:`forward_statistics`: ``n`` inputs
    :math:`x \sim \mathcal{N}(0, I_{\text{width}})` pass through ``depth`` layers
    :math:`h_l = \phi(W_l h_{l-1})` with ``width`` x ``width`` weights from the numpy scheme
    ``scheme`` of :mod:`nnprimer.init` (or ``"lecun_normal"`` / ``"glorot_standard"``), no
    biases. For layer :math:`l` the function counts the activations in each bin of
    ``edges`` (values beyond the ends are counted in the first or last bin) and divides by
    the number of values, so each row sums to 1.

    Parameters
    ----------
    activation : str
        A name known to :func:`nnprimer.activations.get`.
    scheme : str
        The init scheme; ``scheme_kwargs`` go to it (``{"std": 0.01}``, ``{"gain": 5/3}``).
    depth, width, n : int
        Layers, units per layer, inputs.
    edges : array, optional
        Increasing bin edges; default 62 edges from -3.05 to 3.05: 61 bins of width 0.1
        centred on -3, -2.9, ..., 3, so that 0 is the centre of a bin.
    seed : int

    Returns
    -------
    dict
        ``edges`` (the bin edges), ``centres`` (bin midpoints), ``share`` (depth x bins,
        the fraction of layer ``l``'s values in each bin), ``std`` (per layer) and
        ``zeros`` (per layer, the fraction of values exactly 0).

    >>> h = activation_histograms("tanh", "xavier_normal", depth=3, width=32, n=64)
    >>> h["share"].shape, bool(np.allclose(h["share"].sum(axis=1), 1.0))
    ((3, 61), True)
    """
    from .activations import get

    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=2)
    edges = np.linspace(-3.05, 3.05, 62) if edges is None else as_float_array(edges, "edges")
    if edges.ndim != 1 or edges.size < 2 or not np.all(np.isfinite(edges)) or not np.all(np.diff(edges) > 0):
        raise ValueError(f"edges must be a 1-D increasing array of at least 2 finite values, got {_describe(edges)}")
    phi = get(activation)
    rng = rng_from(seed, "seed")
    # numpy's fast path (no sort) needs bins as a count and a range; same bins when evenly spaced
    even = np.allclose(np.diff(edges), edges[1] - edges[0], rtol=1e-9, atol=0)
    bins = {"bins": edges.size - 1, "range": (edges[0], edges[-1])} if even else {"bins": edges}
    h = rng.standard_normal((n, width))
    share = np.empty((depth, edges.size - 1))
    std, zeros = np.empty(depth), np.empty(depth)
    for layer in range(depth):
        h = phi(h @ _weights(scheme, (width, width), rng, dict(scheme_kwargs or {})).T)
        counts, _ = np.histogram(np.clip(h, edges[0], edges[-1]), **bins)
        share[layer] = counts / h.size
        std[layer] = h.std()
        zeros[layer] = np.mean(h == 0)
    return {"edges": edges, "centres": (edges[:-1] + edges[1:]) / 2, "share": share, "std": std, "zeros": zeros}


def init_layer_statistics(activation: str, scheme: str, X: Any, y: Any, *, depth: int = 8, width: int = 64,
                          n_classes: int | None = None, seed: int = 0,
                          scheme_kwargs: dict | None = None) -> dict[str, np.ndarray]:
    r"""Per-layer activation spread and weight-gradient norm of a fresh torch MLP.

    Builds ``train.mlp([d, width, ..., width, n_classes], activation, init=scheme)`` with
    ``depth`` hidden layers (zero biases unless ``scheme="default"``), seeded by ``seed``,
    and measures on the batch ``(X, y)``:

    * ``act_std`` -- the standard deviation of each hidden layer's output :math:`h_l`
      (length ``depth``);
    * ``grad_norm`` -- :math:`\lVert \partial L / \partial W_l \rVert_F` of the
      cross-entropy loss for each Linear layer, the output layer last (length
      ``depth + 1``).

    A good initialisation keeps both roughly level across layers; a too-small one makes
    ``act_std`` fall geometrically with depth, and the gradients of the early layers with it.

    >>> import numpy as np
    >>> X, y = np.random.default_rng(0).standard_normal((32, 8)), np.arange(32) % 4
    >>> s = init_layer_statistics("tanh", "xavier_normal", X, y, depth=3, width=16)
    >>> s["act_std"].shape, s["grad_norm"].shape
    ((3,), (4,))
    """
    from . import train

    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    X = as_float_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (examples x features), got {_describe(X)}")
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be a 1-D integer array with one label per row of X, got {_describe(y)}")
    n_classes = int(y.max()) + 1 if n_classes is None else integer(n_classes, "n_classes", minimum=2)
    sizes = [X.shape[1]] + [width] * depth + [n_classes]
    with torch_threads(1):
        model = train.mlp(sizes, activation, init=scheme, init_kwargs=scheme_kwargs, seed=seed)
        act_std = np.array([s["std"] for s in train.activation_stats(model, X)])
        grad_norm = np.array(train.layer_grad_norms(model, X, y))
    return {"act_std": act_std, "grad_norm": grad_norm}


# ---------------------------------------------------------------------------- vanishing-gradients chapter

__all__ += ["clip_by_global_norm", "glorot_2010", "gradient_flow", "he_2015", "matrix_product_norms",
            "rnn_gradient_norms"]


def matrix_product_norms(scales: Any, *, width: int = 64, depth: int = 50, seed: int = 0) -> dict[float, np.ndarray]:
    r"""Norms of :math:`P_k v = W_k W_{k-1} \cdots W_1 v` for :math:`k = 1, \dots, \text{depth}`.

    Each :math:`W_k` is ``width`` x ``width`` with independent entries
    :math:`\mathcal{N}(0, s^2/\text{width})` for a scale :math:`s`, and :math:`v` is a fixed
    random unit vector. Then :math:`\mathbb{E}\lVert W u \rVert^2 = s^2 \lVert u \rVert^2`
    for any :math:`u`, so :math:`\lVert P_k v \rVert` behaves like :math:`s^k`: it vanishes
    for :math:`s < 1` and explodes for :math:`s > 1` (at :math:`s = 1` it drifts slowly
    downwards, since :math:`\mathbb{E} \log \lVert W u \rVert < 0`).
    This is back-propagation through ``depth`` linear layers, with the activation's
    derivative left out.

    Returns ``{s: norms}`` with arrays of length ``depth`` (index 0: one matrix).
    The same matrices (up to the factor :math:`s`) are used for every scale.

    >>> r = matrix_product_norms([0.5, 2.0], depth=10)
    >>> bool(r[0.5][-1] < 1e-2 < 1e2 < r[2.0][-1])
    True
    """
    width = integer(width, "width", minimum=1)
    depth = integer(depth, "depth", minimum=1)
    scales = [positive_number(s, "scales[i]") for s in np.atleast_1d(np.asarray(scales, dtype=object)).tolist()]
    if not scales:
        raise ValueError("scales must hold at least one positive number, got none")
    rng = rng_from(seed, "seed")
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


def glorot_2010(*, width: int = 1000, depth: int = 5, n: int = 1000, seed: int = 0) -> dict[str, np.ndarray]:
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
    Computed with :func:`forward_statistics`. Returns ``{"standard": stds, "xavier": stds}``,
    arrays of length ``depth`` (layer 1 first).
    """
    out = {}
    for name, scheme in (("standard", "glorot_standard"), ("xavier", "xavier_uniform")):
        stats = forward_statistics("tanh", depth=depth, width=width, scheme=scheme, n=n, seed=seed,
                                   input_std=1.0 / math.sqrt(3.0))
        out[name] = np.sqrt(stats["var"])
    return out


def gradient_flow(activation: str, *, depth: int, data: Any, init: str = "default", init_kwargs: dict | None = None,
                  width: int = 64, batchnorm: bool = False, residual: bool = False, seed: int = 0) -> np.ndarray:
    r"""Per-layer gradient norms :math:`\lVert \partial \mathcal{L} / \partial W_l \rVert_F` of a fresh MLP.

    Builds ``train.mlp([d_in] + [width] * depth + [classes], activation, init=init,
    batchnorm=batchnorm, residual=residual, seed=seed)`` and returns
    :func:`nnprimer.train.layer_grad_norms` on the training part of ``data`` (cross-entropy):
    an array of ``depth + 1`` norms, input layer first, output layer last. Back-propagation
    multiplies by :math:`W_l^\top \operatorname{diag}\phi'(z_l)` per hidden layer, so the
    ratio of the first to the last hidden layer's norm shows vanishing (:math:`\ll 1`) or
    exploding (:math:`\gg 1`) gradients. With ``residual=True`` a block computes
    :math:`h + \phi(\ldots)`, whose Jacobian :math:`I + \ldots` keeps the ratio near 1.
    (Batch norm is in training mode: batch statistics of the whole training set.)
    """
    from . import train

    if not isinstance(activation, str):
        raise TypeError(f"activation must be a str such as 'tanh', got {_describe(activation)}")
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    if not isinstance(data, (tuple, list)) or len(data) < 2:
        raise TypeError(f"data must be a Dataset or a tuple (X_train, y_train, ...), got {_describe(data)}")
    X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
    model = train.mlp([X.shape[1]] + [width] * depth + [int(y.max()) + 1], activation, init=init,
                      init_kwargs=init_kwargs, batchnorm=bool(batchnorm), residual=bool(residual), seed=seed)
    return np.asarray(train.layer_grad_norms(model, X, y))


def he_2015(inits: Any, *, data: Any, depth: int = 30, width: int = 32, seeds: Any = (0, 1, 2), epochs: int = 4,
            lr: float = 0.01, momentum: float = 0.9, batch_size: int = 64) -> dict[str, np.ndarray]:
    r"""He et al. (2015), figure 3 in miniature: train a deep ReLU MLP from several initialisations.

    For every label in ``inits`` (label -> ``(init, init_kwargs)`` as :func:`nnprimer.train.mlp`
    takes them) and every seed, trains ``mlp([d_in] + [width] * depth + [classes], "relu")``
    with SGD (``lr``, ``momentum``) on ``data`` for ``epochs`` epochs on the CPU and returns
    ``{label: losses}``, an array of shape ``(len(seeds), epochs + 1)``: the training
    cross-entropy before training and after each epoch. A network that cannot learn stays at
    :math:`\ln k` (chance for :math:`k` balanced classes).

    Why: in a ReLU layer :math:`\mathbb{E}[h_l^2] = \tfrac12 n \operatorname{Var}W\,\mathbb{E}[h_{l-1}^2]`,
    so Xavier (:math:`n\operatorname{Var}W = 1` for square layers) halves the signal per layer
    (:math:`2^{-30} \approx 10^{-9}` after 30 layers) and Kaiming (:math:`2/n`) keeps it.
    """
    from collections.abc import Mapping

    from . import train

    if not isinstance(inits, Mapping) or not inits:
        raise TypeError(f"inits must be a non-empty mapping of label to (init, init_kwargs), got {_describe(inits)}")
    if not isinstance(data, (tuple, list)) or len(data) < 2:
        raise TypeError(f"data must be a Dataset or a tuple (X_train, y_train, ...), got {_describe(data)}")
    seeds = [integer(s, "seeds[i]", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed, got none")
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    epochs = integer(epochs, "epochs", minimum=1)
    X, y = np.asarray(data[0], dtype=np.float32), np.asarray(data[1])
    sizes = [X.shape[1]] + [width] * depth + [int(y.max()) + 1]
    out = {}
    for label, spec in inits.items():
        if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and isinstance(spec[0], str)):
            raise TypeError(f"inits[{label!r}] must be a pair (init name, init_kwargs dict), got {_describe(spec)}")
        rows = []
        for seed in seeds:
            model = train.mlp(sizes, "relu", init=spec[0], init_kwargs=dict(spec[1] or {}), seed=seed)
            torch = require("torch", "nnprimer.experiments.he_2015")
            with torch.no_grad():
                start = float(torch.nn.functional.cross_entropy(model(torch.as_tensor(X)), torch.as_tensor(y)))
            history = train.fit(model, (X, y), epochs=epochs, lr=lr, momentum=momentum, batch_size=batch_size,
                                seed=seed, device="cpu", track=False)
            rows.append([start] + list(history.train_loss))
        out[label] = np.asarray(rows)
    return out


def rnn_gradient_norms(gain: float, *, steps: int = 50, width: int = 32, h0_std: float = 0.1,
                       seed: int = 0) -> np.ndarray:
    r"""Pascanu, Mikolov and Bengio (2013) in miniature: gradients through a tanh RNN.

    The recurrence :math:`h_t = \tanh(W h_{t-1})`, :math:`t = 1, \dots, T` (``steps``), has
    ``width`` units, no input, an orthogonal recurrent matrix :math:`W = g Q` with gain
    :math:`g` (``torch.nn.init.orthogonal_(W, gain=g)``, seeded), a start
    :math:`h_0 \sim \mathcal{N}(0, \sigma_0^2 I)` with :math:`\sigma_0` = ``h0_std``, and the
    loss :math:`\mathcal{L} = \sum_i h_{T,i}`. In float64 it returns
    :math:`\lVert \partial \mathcal{L} / \partial h_t \rVert_2` for :math:`t = 0, \dots, T`
    (the last entry is :math:`\lVert \mathbf{1} \rVert = \sqrt{\text{width}}`, the first the
    gradient that reaches the start). By the chain rule

    .. math:: \frac{\partial \mathcal{L}}{\partial h_{t-1}}
              = W^\top \operatorname{diag}\bigl(1 - h_t^2\bigr) \frac{\partial \mathcal{L}}{\partial h_t},

    and :math:`\lVert W^\top u \rVert = g \lVert u \rVert`, so each step multiplies the norm
    by at most :math:`g`: about :math:`g^T` while the units stay near 0.
    """
    torch = require("torch", "nnprimer.experiments.rnn_gradient_norms")
    gain = positive_number(gain, "gain")
    steps = integer(steps, "steps", minimum=1)
    width = integer(width, "width", minimum=1)
    h0_std = positive_number(h0_std, "h0_std")
    seed = integer(seed, "seed", minimum=0)
    generator = torch.Generator().manual_seed(seed)
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


__all__ += ["check_kaiming_std"]


def check_kaiming_std(fn: Any) -> list[str]:
    r"""Check a reader's ``fn(shape, nonlinearity="relu", mode="fan_in")`` against
    :func:`nnprimer.init.kaiming_std`, :math:`\text{gain}/\sqrt{\text{fan}}`.

    Returns a list of problems (empty when every case agrees to 1e-12 relative). Each
    problem names the case and, where the wrong value matches a common slip, says which
    (fan_in and fan_out swapped, the receptive field forgotten, the gain missing or
    squared, the variance returned instead of the std), without giving the formula.

    >>> import math
    >>> problems = check_kaiming_std(lambda shape, nonlinearity="relu", mode="fan_in": math.sqrt(2 / shape[1]))
    >>> problems[0]
    'shape (64, 128), relu, fan_out: got 0.125, expected 0.176777; looks like fan_in and fan_out swapped'
    """
    from ._i18n import tr

    if not callable(fn):
        raise TypeError(f"fn must be callable, got {_describe(fn)}")
    cases = [((64, 128), "relu", "fan_in"), ((64, 128), "relu", "fan_out"), ((32, 16, 3, 3), "relu", "fan_in"),
             ((32, 16, 3, 3), "tanh", "fan_out"), ((10, 50), "linear", "fan_in"), ((8, 4, 5), "sigmoid", "fan_in")]
    problems = []
    for shape, nonlinearity, mode in cases:
        name = tr(en="shape {s}, {nl}, {m}", zh="形状 {s}，{nl}，{m}", s=shape, nl=nonlinearity, m=mode)
        try:
            got = float(fn(shape, nonlinearity=nonlinearity, mode=mode))
        except Exception as error:  # report, do not crash the reader's notebook
            problems.append(tr(en="{c}: raised {t}: {e}", zh="{c}：抛出了异常 {t}：{e}",
                               c=name, t=type(error).__name__, e=error))
            continue
        want = _init.kaiming_std(shape, mode=mode, nonlinearity=nonlinearity)
        if math.isclose(got, want, rel_tol=1e-12):
            continue
        fan_in, fan_out = _init.fans(shape)
        fan = fan_in if mode == "fan_in" else fan_out
        other = fan_out if mode == "fan_in" else fan_in
        gain = _init.calculate_gain(nonlinearity)
        r = math.prod(shape[2:])
        slips = [
            (tr(en="fan_in and fan_out swapped", zh="扇入与扇出用反了"), gain / math.sqrt(other)),
            (tr(en="the receptive field (kernel size) is missing from the fan",
                zh="扇数中漏掉了感受野（卷积核大小）"), gain / math.sqrt(fan / r)),
            (tr(en="the gain is missing", zh="漏掉了增益"), 1 / math.sqrt(fan)),
            (tr(en="the gain is squared", zh="增益被平方了"), gain**2 / math.sqrt(fan)),
            (tr(en="this is the variance, not the standard deviation", zh="这是方差，不是标准差"), want**2),
        ]
        hint = next((tr(en="; looks like {k}", zh="；看起来是{k}", k=k) for k, v in slips
                     if math.isclose(got, v, rel_tol=1e-9)), "")
        problems.append(tr(en="{c}: got {g:.6g}, expected {w:.6g}{h}", zh="{c}：得到 {g:.6g}，应为 {w:.6g}{h}",
                           c=name, g=got, w=want, h=hint))
    return problems


__all__ += ["check_clipping"]


def check_clipping(fn: Callable[..., Any]) -> list[str]:
    r"""Try a reader's ``fn(grads, max_norm)`` against :func:`clip_by_global_norm`; list the problems.

    ``fn`` receives a list of float64 arrays and :math:`c` and must return the clipped list
    (it may also return ``(clipped, total_norm)``). The cases check, one property each: a
    gradient below the threshold is unchanged; one above it is scaled to norm :math:`c`
    *as a whole* (the global norm over all arrays, not each array on its own); the
    direction is kept; the inputs are not modified. An empty list means every case passed.
    Messages say which case failed and what was seen, not how to fix it, in the language
    of :func:`nnprimer.set_language`.
    """
    from ._i18n import get_language

    zh = get_language() == "zh"
    names = {"below": ("below the threshold", "低于阈值"),
             "one": ("above the threshold, one array", "超过阈值，一个数组"),
             "several": ("above the threshold, several arrays", "超过阈值，多个数组")}
    say = {k: v[1] if zh else v[0] for k, v in names.items()}
    if not callable(fn):
        raise TypeError(f"fn must be a callable fn(grads, max_norm), got {_describe(fn)}")
    rng = np.random.default_rng(0)
    cases = (
        ("below", [np.array([0.3, -0.4]), np.array([[0.1]])], 1.0),
        ("one", [np.array([3.0, 4.0])], 1.0),
        ("several", [rng.standard_normal((4, 3)), rng.standard_normal(5)], 0.5),
    )
    problems = []
    for key, grads, c in cases:
        name = say[key]
        originals = [g.copy() for g in grads]
        try:
            got = fn([g.copy() for g in grads], c) if key != "several" else fn(grads, c)
        except Exception as exc:  # noqa: BLE001 - report, do not crash the reader's notebook
            problems.append(f"{name}：抛出 {type(exc).__name__}: {exc}" if zh
                            else f"{name}: raised {type(exc).__name__}: {exc}")
            continue
        if isinstance(got, tuple) and len(got) == 2 and not isinstance(got[0], np.ndarray):
            got = got[0]
        if isinstance(got, np.ndarray):
            got = [got]
        expected, total = clip_by_global_norm(originals, c)
        try:
            got = [np.asarray(g, dtype=np.float64) for g in got]
        except (TypeError, ValueError):
            problems.append(f"{name}：应返回数组列表，得到 {_describe(got)}" if zh
                            else f"{name}: expected a list of arrays, got {_describe(got)}")
            continue
        if len(got) != len(expected) or any(g.shape != e.shape for g, e in zip(got, expected)):
            shapes, got_shapes = [e.shape for e in expected], [g.shape for g in got]
            problems.append(f"{name}：应返回 {len(expected)} 个形状为 {shapes} 的数组，得到的形状为 {got_shapes}" if zh
                            else f"{name}: expected {len(expected)} arrays of shapes {shapes}, got shapes {got_shapes}")
            continue
        if not all(np.allclose(g, e, rtol=1e-6, atol=1e-12) for g, e in zip(got, expected)):
            norm = math.sqrt(sum(float(np.sum(g * g)) for g in got))
            problems.append(
                f"{name}（全局范数 {total:.4g}，max_norm {c}）：结果的全局范数为 {norm:.4g}，"
                f"应为 {min(total, c):.4g}，且方向不变" if zh else
                f"{name} (global norm {total:.4g}, max_norm {c}): the result has global norm "
                f"{norm:.4g}, expected {min(total, c):.4g} with the direction unchanged")
        if any(not np.array_equal(g, o) for g, o in zip(grads, originals)):
            problems.append(f"{name}：输入的数组被修改了；应返回新数组" if zh
                            else f"{name}: the input arrays were modified; return new arrays")
    return problems
