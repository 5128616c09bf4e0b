"""Chapter "Why activation functions": stacked affine maps and sums of ReLUs."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._moved import renamed_keywords
from ..._optional import require
from ..._result import FormerTuple
from ..._validation import integer, rng_from

__all__ = ["compose_affine", "ReluFit", "relu_fit", "count_linear_pieces", "TrainedReluNet", "train_relu_net"]


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
    from ..._validation import as_float_array

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
        from ..._validation import as_float_array

        x = np.asarray(as_float_array(x, "x"), dtype=np.float64)
        return self.bias + np.maximum(x[..., None] - self.knots, 0.0) @ self.weights

    def torch(self):
        """The same function as a PyTorch network (float64):
        ``Linear(1, k) -> ReLU -> Linear(k, 1)`` with input weights 1 and biases :math:`-t_j`."""
        torch = require("torch", "nnprimer.chapters.why.ReluFit.torch")
        k = self.n_units
        linear = functools.partial(torch.nn.utils.skip_init, torch.nn.Linear, dtype=torch.float64)  # no random draws
        net = torch.nn.Sequential(linear(1, k), torch.nn.ReLU(), linear(k, 1))
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
    from ..._validation import as_float_array

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
    from ..._validation import as_float_array, positive_number

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


@dataclass(frozen=True, eq=False)
class TrainedReluNet(FormerTuple):
    r"""What :func:`train_relu_net` returns.

    Attributes
    ----------
    net : torch.nn.Sequential
        The trained ``Linear(1, k) -> ReLU -> Linear(k, 1)`` network (float64).
    kinks : numpy.ndarray
        Sorted kinks :math:`-b_j / w_j` inside the interval, of the units that bend the curve.
    prediction : numpy.ndarray
        The network's output at ``x``.
    rms_error : float
        :math:`\sqrt{\mathrm{mean}\,(f(x) - y)^2}` on the data.
    max_error : float
        :math:`\max |f(x) - y|` on the data.
    """

    net: Any
    kinks: np.ndarray
    prediction: np.ndarray
    rms_error: float
    max_error: float


@renamed_keywords(seed="rng")
def train_relu_net(x, y, n_units: int, *, start: ReluFit | None = None, steps: int = 800, lr: float = 0.02,
                   rng=0) -> TrainedReluNet:
    r"""Train :math:`f(x) = c + \sum_j a_j \mathrm{ReLU}(w_j x + b_j)` on (x, y) with full-batch Adam.

    Minimises the mean squared error :math:`\frac1n \sum_i (f(x_i) - y_i)^2` for ``steps``
    steps of ``torch.optim.Adam(lr=lr)`` in float64 on the CPU (one thread), so the knots
    :math:`-b_j / w_j` move too, unlike :func:`relu_fit`. ``start`` initialises the network
    from a least-squares fit (``start.torch()``); otherwise PyTorch's default
    initialisation, drawn from a seed that ``rng`` gives (None, an int seed or a numpy
    Generator; default 0) with torch's global generator left as it was. The old name
    ``seed=`` still works, with a DeprecationWarning.

    Returns
    -------
    TrainedReluNet
        ``net``, its ``kinks`` inside ``[min x, max x]``, its output ``prediction`` at ``x``
        and its ``rms_error`` and ``max_error`` there.
    """
    from ..._validation import as_float_array, positive_number

    torch = require("torch", "nnprimer.chapters.why.train_relu_net")
    from ...train import _seeded, torch_threads
    n_units = integer(n_units, "n_units", minimum=1)
    steps = integer(steps, "steps", minimum=1)
    lr = positive_number(lr, "lr")
    x = np.array(as_float_array(x, "x"), dtype=np.float64)
    y = np.array(as_float_array(y, "y"), dtype=np.float64)
    if x.ndim != 1 or y.shape != x.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length >= 2, got shapes {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite, got nan or inf")
    generator = rng_from(rng)
    if start is not None:
        if not isinstance(start, ReluFit):
            raise TypeError(f"start must be a ReluFit from relu_fit or None, got {type(start).__name__}")
        if start.n_units != n_units:
            raise ValueError(f"start must have n_units = {n_units} units, got {start.n_units}")
    with torch_threads(1):
        if start is not None:
            net = start.torch()
        else:
            with _seeded(int(generator.integers(2**31)), torch.device("cpu")):
                net = torch.nn.Sequential(torch.nn.Linear(1, n_units), torch.nn.ReLU(),
                                          torch.nn.Linear(n_units, 1)).double()
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
    return TrainedReluNet(net=net, kinks=np.sort(t[bends]), prediction=prediction,
                          rms_error=float(np.sqrt(np.mean(residual ** 2))), max_error=float(np.max(np.abs(residual))))
