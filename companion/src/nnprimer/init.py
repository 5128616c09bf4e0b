r"""Weight initialisation: numpy versions of :mod:`torch.nn.init`, same formulas.

Every sampling function takes a ``shape`` (a tuple of non-negative ints) and returns a
new float64 numpy array; ``rng`` is ``None``, an int seed or a
:class:`numpy.random.Generator`, so the same seed gives the same array.

Fans and the weight layout
    For a weight of shape ``(out, in, k_1, ..., k_d)`` (``nn.Linear``: ``(out, in)``;
    ``nn.ConvNd``: ``(out, in/groups, *kernel)``) the receptive field is
    :math:`r = \prod_i k_i` and

    .. math:: \text{fan\_in} = \text{in}\cdot r, \qquad \text{fan\_out} = \text{out}\cdot r .

    That is PyTorch's layout, ``layout="out_in"``, the default: ``y = x W^T + b``. A weight
    stored ``(in, out)`` for ``y = x W + b`` (as in numpy code that writes ``X @ W``) needs
    ``layout="in_out"``; with the default its fans are swapped, and nothing in the shape
    can tell (see :func:`fans`).

The schemes (PyTorch name in brackets)
    ============================  ===================================================
    ``uniform`` (``uniform_``)    :math:`\mathcal{U}(a, b)`
    ``normal`` (``normal_``)      :math:`\mathcal{N}(\text{mean}, \text{std}^2)`
    ``zeros``, ``ones``,          the constant 0, 1 or ``val`` (never use these for
    ``constant``                  weights: every unit of a layer stays identical)
    ``xavier_uniform``,           :math:`\text{std} = \text{gain}\sqrt{2/(\text{fan\_in}+\text{fan\_out})}`
    ``xavier_normal``             (Glorot & Bengio 2010)
    ``kaiming_uniform``,          :math:`\text{std} = \text{gain}/\sqrt{\text{fan}}`, fan = fan_in or
    ``kaiming_normal``            fan_out by ``mode`` (He et al. 2015)
    ============================  ===================================================

    Every uniform variant draws from :math:`\mathcal{U}(-\text{bound}, \text{bound})` with
    :math:`\text{bound} = \sqrt{3}\,\text{std}`, because :math:`\mathcal{U}(-b, b)` has
    variance :math:`b^2/3`. :func:`calculate_gain` gives the gain recommended for each
    nonlinearity.

PyTorch's default
    ``nn.Linear`` and ``nn.Conv{1,2,3}d`` call ``kaiming_uniform_(weight, a=math.sqrt(5))``.
    With :math:`a=\sqrt5` the gain is :math:`\sqrt{2/(1+5)} = 1/\sqrt3`, so

    .. math:: \text{bound} = \frac{1}{\sqrt{\text{fan\_in}}}, \qquad
              \operatorname{Var}[w] = \frac{1}{3\,\text{fan\_in}},

    a third of the He variance :math:`2/\text{fan\_in}`: PyTorch's default is *not* He
    initialisation. Biases default to :math:`\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})`.

One registry of schemes, in numpy and in torch
    :data:`REGISTRY` maps every name of :data:`SCHEMES` to a :class:`Scheme`: its formula,
    its keyword arguments (:meth:`Scheme.check` checks them, with the same messages on both
    sides), a numpy sampler and a torch initialiser that draw from the same distribution.
    Everything in nnprimer that takes a scheme by name goes through it: :func:`sample`
    (numpy, either layout), :func:`apply_init` (every ``Linear`` and convolution layer of a
    PyTorch model; torch is imported only when it is called), :func:`nnprimer.train.mlp`,
    :func:`nnprimer.stats.forward_statistics`, and the menus of the explorers
    (:func:`choices`). ``default``, ``lecun_normal`` and ``glorot_standard`` have no numpy
    function of their own; :func:`sample` draws them.

>>> print(describe())
default()
    PyTorch's default (Linear, ConvNd): kaiming_uniform_(a=sqrt(5)) = U(-b, b), b = 1/sqrt(fan_in)
uniform(a, b)
    U(a, b); a = 0, b = 1 by default
normal(mean, std)
    N(mean, std^2); mean = 0, std = 1 by default
zeros()
    w = 0
ones()
    w = 1
constant(val)
    w = val
xavier_uniform(gain)
    Glorot & Bengio 2010: U(-b, b), b = gain sqrt(6/(fan_in + fan_out))
xavier_normal(gain)
    Glorot & Bengio 2010: N(0, std^2), std = gain sqrt(2/(fan_in + fan_out))
kaiming_uniform(a, mode, nonlinearity)
    He et al. 2015: U(-b, b), b = gain sqrt(3/fan); gain = calculate_gain(nonlinearity, a), fan by mode
kaiming_normal(a, mode, nonlinearity)
    He et al. 2015: N(0, std^2), std = gain/sqrt(fan); gain = calculate_gain(nonlinearity, a), fan by mode
orthogonal(gain)
    Saxe et al. 2014: gain x a random (semi-)orthogonal matrix; every singular value = gain
trunc_normal(mean, std, a, b)
    N(mean, std^2) cut to [a, b] (absolute bounds); N(0, 1) on [-2, 2] by default
lecun_normal(mode)
    LeCun normal, for SELU: kaiming_normal_(nonlinearity='linear') = N(0, 1/fan), fan by mode
glorot_standard()
    Glorot & Bengio's 'standard' init: U(-b, b), b = 1/sqrt(fan_in), the distribution of 'default'

>>> w = kaiming_normal((256, 784), nonlinearity="relu", rng=0)
>>> w.shape, w.dtype
((256, 784), dtype('float64'))
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import types
from typing import Callable, Mapping, NamedTuple

import numpy as np

from ._moved import renamed_keywords
from ._validation import _describe, choice, real_number, rng_from

__all__ = [
    "LAYOUTS",
    "NONLINEARITIES",
    "REGISTRY",
    "SCHEMES",
    "Scheme",
    "SchemeChoice",
    "apply_init",
    "calculate_gain",
    "choices",
    "constant",
    "describe",
    "fans",
    "kaiming_normal",
    "kaiming_std",
    "kaiming_uniform",
    "lookup",
    "normal",
    "ones",
    "sample",
    "uniform",
    "xavier_normal",
    "xavier_std",
    "xavier_uniform",
    "zeros",
]

_LINEAR_FNS = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
)

#: The names :func:`calculate_gain` accepts (the same as ``torch.nn.init.calculate_gain``).
NONLINEARITIES = _LINEAR_FNS + ("sigmoid", "tanh", "relu", "leaky_relu", "selu")

_MODES = ("fan_in", "fan_out")

#: How a weight is stored (see :func:`fans`): ``"out_in"``, PyTorch's ``(out, in, *kernel)``
#: for ``y = x W^T``, or ``"in_out"``, ``(in, out, *kernel)`` for ``y = x W``.
LAYOUTS = ("out_in", "in_out")

_SQRT3 = math.sqrt(3.0)


# ----------------------------------------------------------------------------- checks


def _shape(shape: object, name: str = "shape") -> tuple[int, ...]:
    """Check a shape: a tuple (or list) of non-negative ints. Returns a tuple of ints."""
    if isinstance(shape, np.ndarray):
        raise TypeError(
            f"{name} must be a tuple of ints such as (out_features, in_features), got {_describe(shape)}; "
            "to use an array's shape pass arr.shape"
        )
    if isinstance(shape, (bool, numbers.Integral)):
        raise TypeError(f"{name} must be a tuple of ints, got {_describe(shape)}; pass a tuple such as ({shape},)")
    if not isinstance(shape, (tuple, list)):
        raise TypeError(f"{name} must be a tuple of ints such as (out_features, in_features), got {_describe(shape)}")
    dims = []
    for i, size in enumerate(shape):
        if isinstance(size, bool) or not isinstance(size, numbers.Integral):
            raise TypeError(f"{name} must contain ints, got {_describe(size)} at position {i} of {tuple(shape)!r}")
        if size < 0:
            raise ValueError(f"{name} must contain non-negative ints, got {int(size)} at position {i} of {tuple(shape)!r}")
        dims.append(int(size))
    return tuple(dims)


def _gain(gain: object) -> float:
    gain = real_number(gain, "gain")
    if gain < 0:
        raise ValueError(f"gain must be >= 0, got {gain}")
    return gain


def _std(std: object) -> float:
    std = real_number(std, "std")
    if std < 0:
        raise ValueError(f"std must be >= 0, got {std}")
    return std


def _uniform_bounds(a: float, b: float) -> None:
    """Check the bounds of U(a, b) (already real numbers)."""
    if a > b:
        raise ValueError(f"uniform needs a <= b, got a={a} and b={b}")
    if not math.isfinite(b - a):
        raise ValueError(f"uniform needs a finite width b - a, got a={a} and b={b}")


def _trunc_normal_bounds(mean: float, std: float, a: float, b: float) -> tuple[float, float]:
    r"""Check N(mean, std^2) cut to [a, b] (already real numbers); returns
    :math:`(\Phi(\alpha), \Phi(\beta))`, the normal CDF at the standardised bounds."""
    from scipy.special import ndtr

    if std == 0:
        raise ValueError("trunc_normal needs std > 0, got 0.0")
    if not a < b:
        raise ValueError(f"trunc_normal needs a < b, got a={a} and b={b}")
    lo, hi = ndtr((a - mean) / std), ndtr((b - mean) / std)
    if not hi > lo:
        raise ValueError(
            f"trunc_normal: [a, b] = [{a}, {b}] holds no probability mass of N({mean}, {std}**2) in float64; "
            "move mean into [a, b] or widen the interval"
        )
    return lo, hi


# ------------------------------------------------------------------------ gain and fans


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""Return the recommended gain for a nonlinearity, as ``torch.nn.init.calculate_gain``.

    ================================  ===================================================
    nonlinearity                      gain
    ================================  ===================================================
    linear, conv*, conv_transpose*    :math:`1`
    sigmoid                           :math:`1`
    tanh                              :math:`\frac{5}{3}`
    relu                              :math:`\sqrt{2}`
    leaky_relu                        :math:`\sqrt{\frac{2}{1 + \text{negative\_slope}^2}}`
    selu                              :math:`\frac{3}{4}`
    ================================  ===================================================

    The gain multiplies the standard deviation of the Xavier and Kaiming schemes so
    that the second moment of the activations stays about constant from layer to layer.
    For SELU's self-normalising fixed point use ``"linear"`` (LeCun normal), not
    ``"selu"``: PyTorch's 3/4 trades that fixed point for steadier gradients.

    Parameters
    ----------
    nonlinearity : str
        One of :data:`NONLINEARITIES` (``torch.nn.functional`` names).
    param : float, optional
        The negative slope of ``"leaky_relu"``; ``None`` means PyTorch's 0.01. Ignored
        for the other nonlinearities, as in PyTorch.

    Returns
    -------
    float

    Examples
    --------
    >>> calculate_gain("leaky_relu", 0.2)  # leaky_relu with negative_slope=0.2
    1.3867504905630728
    """
    nonlinearity = choice(nonlinearity, "nonlinearity", NONLINEARITIES)
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        negative_slope = 0.01 if param is None else real_number(param, "param")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    return 3.0 / 4  # selu


def fans(shape: tuple[int, ...], *, layout: str = "out_in") -> tuple[int, int]:
    r"""Return ``(fan_in, fan_out)`` of a weight of the given shape.

    With the default ``layout="out_in"`` this is PyTorch's rule
    (``torch.nn.init._calculate_fan_in_and_fan_out``): for a shape
    ``(out, in, k_1, ..., k_d)`` with receptive field :math:`r = \prod_i k_i`,

    .. math:: \text{fan\_in} = \text{in}\cdot r, \qquad \text{fan\_out} = \text{out}\cdot r .

    ``nn.Linear(in, out).weight`` has shape ``(out, in)``; ``nn.Conv2d(c_in, c_out, k,
    groups=g).weight`` has shape ``(c_out, c_in/g, k, k)``. (A ``ConvTranspose`` weight is
    stored as ``(in, out/g, *kernel)``, and PyTorch applies the same rule to it as stored.)

    **The layout matters and cannot be read from the shape.** A weight used as ``X @ W``
    (one row per example in ``X``) is stored ``(in, out)``; pass ``layout="in_out"`` for
    it. With the default, its fans come out swapped: for a 784 -> 256 layer,
    ``kaiming_std((784, 256))`` is :math:`\sqrt{2/256} = 0.088` where He initialisation
    needs :math:`\sqrt{2/784} = 0.051`. nnprimer stores weights as PyTorch does, except the
    back-propagation chapter's two-layer network
    (:func:`nnprimer.chapters.backprop.two_layer_params`), which writes ``X @ W1`` and draws its
    weights with ``layout="in_out"``.

    Parameters
    ----------
    shape : tuple of int
        At least 2 non-negative ints. Pass ``arr.shape`` for an array.
    layout : {"out_in", "in_out"}
        How the weight is stored: ``"out_in"`` (PyTorch's ``(out, in, *kernel)``, for
        :math:`y = x W^\top`) or ``"in_out"`` (``(in, out, *kernel)``, for :math:`y = x W`).

    Returns
    -------
    (int, int)

    Examples
    --------
    >>> fans((64, 3, 5, 5))  # nn.Conv2d(3, 64, kernel_size=5).weight
    (75, 1600)
    >>> fans((784, 256), layout="in_out")  # W of X @ W, 784 inputs, 256 outputs
    (784, 256)
    """
    dims = _shape(shape)
    layout = choice(layout, "layout", LAYOUTS)
    if len(dims) < 2:
        raise ValueError(f"fans needs a shape with at least 2 dimensions, got {dims!r}")
    receptive_field = math.prod(dims[2:])
    n_in, n_out = (dims[1], dims[0]) if layout == "out_in" else (dims[0], dims[1])
    return n_in * receptive_field, n_out * receptive_field


def xavier_std(shape: tuple[int, ...], gain: float = 1.0, *, layout: str = "out_in") -> float:
    r"""Standard deviation of the Xavier (Glorot) schemes for a weight of ``shape``.

    .. math:: \text{std} = \text{gain}\cdot\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}

    :func:`xavier_normal` samples with this std; :func:`xavier_uniform` uses the bound
    :math:`\sqrt{3}\,\text{std}`. PyTorch computes the same inside ``xavier_uniform_`` and
    ``xavier_normal_``. ``layout`` says how the weight is stored (:func:`fans`); the Xavier
    std is symmetric in the two fans, so the layout does not change it (the argument is
    there so that every function that computes fans takes it).

    Examples
    --------
    >>> xavier_std((300, 100)) == (2 / 400) ** 0.5
    True
    """
    gain = _gain(gain)
    fan_in, fan_out = fans(shape, layout=layout)
    if fan_in + fan_out == 0:
        raise ValueError(f"xavier needs fan_in + fan_out > 0, got shape {tuple(shape)!r}")
    return gain * math.sqrt(2.0 / float(fan_in + fan_out))


def kaiming_std(
    shape: tuple[int, ...],
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    *,
    layout: str = "out_in",
) -> float:
    r"""Standard deviation of the Kaiming (He) schemes for a weight of ``shape``.

    .. math:: \text{std} = \frac{\text{gain}}{\sqrt{\text{fan}}}, \qquad
              \text{gain} = \texttt{calculate\_gain}(\text{nonlinearity}, a)

    where fan is fan_in (``mode="fan_in"``, keeps the forward variance) or fan_out
    (``mode="fan_out"``, keeps the backward variance). ``a`` is the negative slope, used
    only by ``"leaky_relu"``; the defaults (``a=0``, ``"leaky_relu"``) give gain
    :math:`\sqrt{2}`, He et al.'s ReLU setting. PyTorch computes the same inside
    ``kaiming_uniform_`` and ``kaiming_normal_``. ``layout`` says how the weight is stored
    (:func:`fans`): ``"out_in"`` (PyTorch's, the default) or ``"in_out"`` for ``X @ W``.

    Examples
    --------
    >>> kaiming_std((256, 784), nonlinearity="relu") == 2**0.5 / 28  # gain / sqrt(fan_in)
    True
    >>> kaiming_std((784, 256), nonlinearity="relu", layout="in_out") == 2**0.5 / 28  # the same layer, for X @ W
    True
    """
    a = real_number(a, "a")
    mode = choice(mode, "mode", _MODES)
    gain = calculate_gain(nonlinearity, a)
    fan_in, fan_out = fans(shape, layout=layout)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        raise ValueError(f"kaiming with mode={mode!r} needs {mode} > 0, got shape {tuple(shape)!r}")
    return gain / math.sqrt(fan)


# ------------------------------------------------------------------------- sampling


def uniform(shape: tuple[int, ...], a: float = 0.0, b: float = 1.0, rng=None) -> np.ndarray:
    r"""Sample from the uniform distribution :math:`\mathcal{U}(a, b)`.

    PyTorch counterpart: ``torch.nn.init.uniform_(tensor, a, b)``.

    Parameters
    ----------
    shape : tuple of int
    a, b : float
        Finite bounds with ``a <= b``.
    rng : None, int or numpy.random.Generator

    Examples
    --------
    >>> w = uniform((3, 5), a=-0.1, b=0.1, rng=0)
    >>> bool(abs(w).max() <= 0.1)
    True
    """
    shape = _shape(shape)
    a = real_number(a, "a")
    b = real_number(b, "b")
    _uniform_bounds(a, b)
    generator = rng_from(rng)
    return np.asarray(generator.uniform(a, b, size=shape), dtype=np.float64)


def normal(shape: tuple[int, ...], mean: float = 0.0, std: float = 1.0, rng=None) -> np.ndarray:
    r"""Sample from the normal distribution :math:`\mathcal{N}(\text{mean}, \text{std}^2)`.

    PyTorch counterpart: ``torch.nn.init.normal_(tensor, mean, std)``.

    Parameters
    ----------
    shape : tuple of int
    mean : float
    std : float
        Finite, ``>= 0``.
    rng : None, int or numpy.random.Generator

    Examples
    --------
    >>> w = normal((3, 5), std=0.01, rng=0)
    >>> w.shape
    (3, 5)
    """
    shape = _shape(shape)
    mean = real_number(mean, "mean")
    std = _std(std)
    generator = rng_from(rng)
    return np.asarray(generator.normal(mean, std, size=shape), dtype=np.float64)


def constant(shape: tuple[int, ...], val: float) -> np.ndarray:
    r"""An array filled with the finite number ``val``: :math:`w = \text{val}`.

    PyTorch counterpart: ``torch.nn.init.constant_(tensor, val)``. A constant weight
    never breaks the symmetry between the units of a layer.

    Examples
    --------
    >>> constant((2, 2), 0.5)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    shape = _shape(shape)
    val = real_number(val, "val")
    return np.full(shape, val, dtype=np.float64)


def zeros(shape: tuple[int, ...]) -> np.ndarray:
    r"""An array of zeros, :math:`w = 0`. PyTorch counterpart: ``torch.nn.init.zeros_``.

    Examples
    --------
    >>> zeros((2, 3)).sum()
    np.float64(0.0)
    """
    return constant(shape, 0.0)


def ones(shape: tuple[int, ...]) -> np.ndarray:
    r"""An array of ones, :math:`w = 1`. PyTorch counterpart: ``torch.nn.init.ones_``.

    Examples
    --------
    >>> ones((2, 3)).sum()
    np.float64(6.0)
    """
    return constant(shape, 1.0)


def xavier_uniform(shape: tuple[int, ...], gain: float = 1.0, rng=None, *, layout: str = "out_in") -> np.ndarray:
    r"""Xavier (Glorot) uniform initialisation, as ``torch.nn.init.xavier_uniform_``.

    Samples :math:`\mathcal{U}(-\text{bound}, \text{bound})` with

    .. math:: \text{bound} = \text{gain}\cdot\sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}
              = \sqrt{3}\cdot\texttt{xavier\_std}(\text{shape}, \text{gain}).

    Parameters
    ----------
    shape : tuple of int
        At least 2 dimensions, see :func:`fans`.
    gain : float
        Finite, ``>= 0``; for example ``calculate_gain("tanh")``.
    rng : None, int or numpy.random.Generator
    layout : {"out_in", "in_out"}
        How the weight is stored, see :func:`fans`.

    Examples
    --------
    >>> w = xavier_uniform((5, 3), gain=calculate_gain("tanh"), rng=0)
    >>> bool(abs(w).max() <= 5 / 3 * (6 / 8) ** 0.5)
    True
    """
    bound = _SQRT3 * xavier_std(shape, gain, layout=layout)
    return uniform(shape, -bound, bound, rng=rng)


def xavier_normal(shape: tuple[int, ...], gain: float = 1.0, rng=None, *, layout: str = "out_in") -> np.ndarray:
    r"""Xavier (Glorot) normal initialisation, as ``torch.nn.init.xavier_normal_``.

    Samples :math:`\mathcal{N}(0, \text{std}^2)` with

    .. math:: \text{std} = \text{gain}\cdot\sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}} .

    Parameters are those of :func:`xavier_uniform`.

    Examples
    --------
    >>> w = xavier_normal((256, 128), rng=0)
    >>> w.shape
    (256, 128)
    """
    std = xavier_std(shape, gain, layout=layout)
    return normal(shape, 0.0, std, rng=rng)


def kaiming_uniform(
    shape: tuple[int, ...],
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    rng=None,
    *,
    layout: str = "out_in",
) -> np.ndarray:
    r"""Kaiming (He) uniform initialisation, as ``torch.nn.init.kaiming_uniform_``.

    Samples :math:`\mathcal{U}(-\text{bound}, \text{bound})` with

    .. math:: \text{bound} = \text{gain}\cdot\sqrt{\frac{3}{\text{fan}}}
              = \sqrt{3}\cdot\texttt{kaiming\_std}(\text{shape}, a, \text{mode}, \text{nonlinearity}).

    ``kaiming_uniform(shape, a=math.sqrt(5))`` is PyTorch's default for ``nn.Linear``
    and ``nn.ConvNd`` weights: bound :math:`1/\sqrt{\text{fan\_in}}`.

    Parameters
    ----------
    shape : tuple of int
        At least 2 dimensions, see :func:`fans`.
    a : float
        Negative slope of the leaky ReLU that follows (used only for ``"leaky_relu"``).
    mode : {"fan_in", "fan_out"}
    nonlinearity : str
        See :func:`calculate_gain`; use ``"relu"`` or ``"leaky_relu"``.
    rng : None, int or numpy.random.Generator
    layout : {"out_in", "in_out"}
        How the weight is stored, see :func:`fans`: ``"in_out"`` for a ``W`` used as
        ``X @ W``.

    Examples
    --------
    >>> w = kaiming_uniform((256, 784), nonlinearity="relu", rng=0)
    >>> bool(abs(w).max() <= (6 / 784) ** 0.5)
    True
    """
    bound = _SQRT3 * kaiming_std(shape, a, mode, nonlinearity, layout=layout)
    return uniform(shape, -bound, bound, rng=rng)


def kaiming_normal(
    shape: tuple[int, ...],
    a: float = 0.0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    rng=None,
    *,
    layout: str = "out_in",
) -> np.ndarray:
    r"""Kaiming (He) normal initialisation, as ``torch.nn.init.kaiming_normal_``.

    Samples :math:`\mathcal{N}(0, \text{std}^2)` with

    .. math:: \text{std} = \frac{\text{gain}}{\sqrt{\text{fan}}} .

    With ``nonlinearity="linear"`` this is LeCun normal, :math:`\text{std} =
    1/\sqrt{\text{fan\_in}}`, the initialisation SELU networks need. Parameters are those
    of :func:`kaiming_uniform`.

    Examples
    --------
    >>> w = kaiming_normal((256, 784), nonlinearity="linear", rng=0)  # LeCun normal
    >>> w.shape
    (256, 784)
    >>> W = kaiming_normal((784, 256), nonlinearity="relu", rng=0, layout="in_out")  # for X @ W
    >>> bool(abs(W.std() - (2 / 784) ** 0.5) < 1e-3)  # not sqrt(2 / 256) = 0.088
    True
    """
    std = kaiming_std(shape, a, mode, nonlinearity, layout=layout)
    return normal(shape, 0.0, std, rng=rng)


# ------------------------------------------------------------------ the registry of schemes


@dataclasses.dataclass(frozen=True)
class Scheme:
    r"""One initialisation scheme of :data:`REGISTRY`: what it is and how to draw it.

    The numpy and the torch side of a scheme draw from the same distribution (values differ:
    numpy and torch have different generators); ``tests/test_init_registry.py`` checks it
    for every scheme with a two-sample Kolmogorov--Smirnov test.

    Attributes
    ----------
    name : str
        The name :func:`sample`, :func:`apply_init` and :func:`nnprimer.train.mlp` take.
    formula : str
        One line: the distribution and its formula.
    keywords : tuple of str
        The keyword arguments it accepts; they have the names and defaults of the numpy
        function and of the ``torch.nn.init`` function behind it.
    required : tuple of str
        Those of ``keywords`` without a default (``constant`` needs ``val``).
    random : bool
        False for ``zeros``, ``ones`` and ``constant``, which ignore ``rng``.
    numpy : callable
        ``numpy(shape, generator, layout, **kwargs) -> ndarray``, called by :func:`sample`
        with checked arguments.
    torch : callable
        ``torch(nn_init, weight, generator, **kwargs)`` fills a torch ``weight`` (stored
        ``(out, in, *kernel)``) in place, ``nn_init`` being :mod:`torch.nn.init`; called
        by :func:`apply_init` with checked arguments.
    """

    name: str
    formula: str
    keywords: tuple[str, ...]
    numpy: Callable[..., np.ndarray] = dataclasses.field(repr=False)
    torch: Callable[..., object] = dataclasses.field(repr=False)
    required: tuple[str, ...] = ()
    random: bool = True

    def check(self, kwargs: Mapping[str, object]) -> dict[str, object]:
        """Check keyword arguments for this scheme; returns them with numbers as floats.

        Unknown or missing keywords raise TypeError, bad values TypeError or ValueError,
        each naming the argument, what was expected and what was received. :func:`sample`
        and :func:`apply_init` both call it, so both sides give the same message.
        """
        for key in kwargs:
            if key not in self.keywords:
                accepts = self.keywords if self.keywords else "no keyword arguments"
                raise TypeError(f"unexpected keyword argument {key!r} for scheme {self.name!r}; it accepts {accepts}")
        for key in self.required:
            if key not in kwargs:
                raise TypeError(f"scheme {self.name!r} needs the keyword argument {key!r}, "
                                f"got {tuple(kwargs) if kwargs else 'no keyword arguments'}")
        checked = dict(kwargs)
        for key in ("a", "b", "mean", "val"):
            if key in checked:
                checked[key] = real_number(checked[key], key)
        if "std" in checked:
            checked["std"] = _std(checked["std"])
        if "gain" in checked:
            checked["gain"] = _gain(checked["gain"])
        if "mode" in checked:
            checked["mode"] = choice(checked["mode"], "mode", _MODES)
        if "nonlinearity" in checked:
            calculate_gain(checked["nonlinearity"], checked.get("a", 0.0))
        if self.name == "uniform":
            _uniform_bounds(checked.get("a", 0.0), checked.get("b", 1.0))
        if self.name == "trunc_normal":
            _trunc_normal_bounds(checked.get("mean", 0.0), checked.get("std", 1.0),
                                 checked.get("a", -2.0), checked.get("b", 2.0))
        return checked


def _fan_in_bound(shape: tuple[int, ...], layout: str = "out_in") -> float:
    r""":math:`1/\sqrt{\text{fan\_in}}`, the bound of PyTorch's default weights and biases (0 when fan_in is 0)."""
    fan_in, _ = fans(shape, layout=layout)
    return 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0


def _symmetric_uniform(shape: tuple[int, ...], bound: float, rng) -> np.ndarray:
    return uniform(shape, -bound, bound, rng=rng)


def _orthogonal(shape: tuple[int, ...], rng, layout: str, gain: float = 1.0) -> np.ndarray:
    """Orthogonal in either layout: the ``(out, in * r)`` view is (semi-)orthogonal."""
    dims = _shape(shape)
    if layout == "out_in" or len(dims) < 2:
        return orthogonal(dims, gain, rng)
    out_in = (dims[1], dims[0]) + dims[2:]
    return np.ascontiguousarray(orthogonal(out_in, gain, rng).swapaxes(0, 1))


_SQRT5 = math.sqrt(5.0)

#: Every initialisation scheme by name: a :class:`Scheme` with its formula, its keyword
#: arguments, a numpy sampler (:func:`sample`) and a torch initialiser (:func:`apply_init`).
#: Read-only; :func:`describe` prints it.
REGISTRY: Mapping[str, Scheme] = types.MappingProxyType({scheme.name: scheme for scheme in (
    Scheme("default", "PyTorch's default (Linear, ConvNd): kaiming_uniform_(a=sqrt(5)) = U(-b, b), b = 1/sqrt(fan_in)",
           (),
           numpy=lambda shape, rng, layout: _symmetric_uniform(shape, _fan_in_bound(shape, layout), rng),
           torch=lambda nn_init, w, g: nn_init.kaiming_uniform_(w, a=_SQRT5, generator=g)),
    Scheme("uniform", "U(a, b); a = 0, b = 1 by default", ("a", "b"),
           numpy=lambda shape, rng, layout, **kw: uniform(shape, rng=rng, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.uniform_(w, generator=g, **kw)),
    Scheme("normal", "N(mean, std^2); mean = 0, std = 1 by default", ("mean", "std"),
           numpy=lambda shape, rng, layout, **kw: normal(shape, rng=rng, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.normal_(w, generator=g, **kw)),
    Scheme("zeros", "w = 0", (), random=False,
           numpy=lambda shape, rng, layout: zeros(shape),
           torch=lambda nn_init, w, g: nn_init.zeros_(w)),
    Scheme("ones", "w = 1", (), random=False,
           numpy=lambda shape, rng, layout: ones(shape),
           torch=lambda nn_init, w, g: nn_init.ones_(w)),
    Scheme("constant", "w = val", ("val",), required=("val",), random=False,
           numpy=lambda shape, rng, layout, **kw: constant(shape, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.constant_(w, **kw)),
    Scheme("xavier_uniform", "Glorot & Bengio 2010: U(-b, b), b = gain sqrt(6/(fan_in + fan_out))", ("gain",),
           numpy=lambda shape, rng, layout, **kw: xavier_uniform(shape, rng=rng, layout=layout, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.xavier_uniform_(w, generator=g, **kw)),
    Scheme("xavier_normal", "Glorot & Bengio 2010: N(0, std^2), std = gain sqrt(2/(fan_in + fan_out))", ("gain",),
           numpy=lambda shape, rng, layout, **kw: xavier_normal(shape, rng=rng, layout=layout, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.xavier_normal_(w, generator=g, **kw)),
    Scheme("kaiming_uniform", "He et al. 2015: U(-b, b), b = gain sqrt(3/fan); gain = calculate_gain(nonlinearity, a), "
           "fan by mode", ("a", "mode", "nonlinearity"),
           numpy=lambda shape, rng, layout, **kw: kaiming_uniform(shape, rng=rng, layout=layout, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.kaiming_uniform_(w, generator=g, **kw)),
    Scheme("kaiming_normal", "He et al. 2015: N(0, std^2), std = gain/sqrt(fan); gain = calculate_gain(nonlinearity, a), "
           "fan by mode", ("a", "mode", "nonlinearity"),
           numpy=lambda shape, rng, layout, **kw: kaiming_normal(shape, rng=rng, layout=layout, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.kaiming_normal_(w, generator=g, **kw)),
    Scheme("orthogonal", "Saxe et al. 2014: gain x a random (semi-)orthogonal matrix; every singular value = gain",
           ("gain",),
           numpy=lambda shape, rng, layout, **kw: _orthogonal(shape, rng, layout, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.orthogonal_(w, generator=g, **kw)),
    Scheme("trunc_normal", "N(mean, std^2) cut to [a, b] (absolute bounds); N(0, 1) on [-2, 2] by default",
           ("mean", "std", "a", "b"),
           numpy=lambda shape, rng, layout, **kw: trunc_normal(shape, rng=rng, **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.trunc_normal_(w, generator=g, **kw)),
    Scheme("lecun_normal", "LeCun normal, for SELU: kaiming_normal_(nonlinearity='linear') = N(0, 1/fan), fan by mode",
           ("mode",),
           numpy=lambda shape, rng, layout, **kw: kaiming_normal(shape, nonlinearity="linear", rng=rng, layout=layout,
                                                                 **kw),
           torch=lambda nn_init, w, g, **kw: nn_init.kaiming_normal_(w, nonlinearity="linear", generator=g, **kw)),
    Scheme("glorot_standard", "Glorot & Bengio's 'standard' init: U(-b, b), b = 1/sqrt(fan_in), the distribution of "
           "'default'", (),
           numpy=lambda shape, rng, layout: _symmetric_uniform(shape, _fan_in_bound(shape, layout), rng),
           torch=lambda nn_init, w, g: _symmetric_uniform_(nn_init, w, g)),
)})

#: The names of the schemes of :data:`REGISTRY`, the ``scheme`` that :func:`sample` and
#: :func:`apply_init` accept.
SCHEMES: tuple[str, ...] = tuple(REGISTRY)


def _symmetric_uniform_(nn_init, weight, generator) -> None:
    bound = _fan_in_bound(tuple(weight.shape))
    nn_init.uniform_(weight, -bound, bound, generator=generator)


def lookup(scheme: str) -> Scheme:
    """The :class:`Scheme` of a name of :data:`SCHEMES`; another name raises ValueError.

    >>> lookup("lecun_normal").keywords
    ('mode',)
    """
    return REGISTRY[choice(scheme, "scheme", SCHEMES)]


def describe() -> str:
    """The registry as text: each scheme with its keyword arguments, and its formula below.

    The module's docstring shows it in full.

    >>> print(describe().splitlines()[-2])
    glorot_standard()
    """
    return "\n".join(f"{s.name}({', '.join(s.keywords)})\n    {s.formula}" for s in REGISTRY.values())


def sample(scheme: str, shape: tuple[int, ...], *, rng=None, layout: str = "out_in", **kwargs) -> np.ndarray:
    r"""Draw a weight of ``shape`` from the scheme of that name: the numpy side of :data:`REGISTRY`.

    ``sample("kaiming_normal", shape, nonlinearity="relu")`` is
    ``kaiming_normal(shape, nonlinearity="relu")``, and a torch layer initialised by
    ``apply_init(layer, "kaiming_normal", nonlinearity="relu")`` has weights from the same
    distribution. Unlike the functions of each scheme, every scheme is here, among them
    PyTorch's ``"default"``, :math:`\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})`.

    Parameters
    ----------
    scheme : str
        One of :data:`SCHEMES` (``print(describe())`` lists them with their formulas).
    shape : tuple of int
        The weight's shape; at least 2 dimensions for the schemes that use fans.
    rng : None, int or numpy.random.Generator
        Ignored by ``zeros``, ``ones`` and ``constant`` (but still checked).
    layout : {"out_in", "in_out"}
        How the weight is stored (see :func:`fans`). ``"out_in"`` (the default) is
        PyTorch's ``(out, in, *kernel)`` for :math:`y = x W^\top`; ``"in_out"`` is
        ``(in, out, *kernel)`` for a ``W`` used as ``X @ W``. It decides which dimension
        is fan_in; the schemes without fans (``uniform``, ``normal``, ``trunc_normal``, the
        constants) ignore it, and ``orthogonal`` makes the ``(out, in * kernel)`` view
        (semi-)orthogonal in either layout.
    **kwargs
        The scheme's keyword arguments (:attr:`Scheme.keywords`), with the names and
        defaults of ``torch.nn.init``; an unknown one raises TypeError.

    Returns
    -------
    numpy.ndarray
        float64, of shape ``shape``.

    Examples
    --------
    >>> w = sample("default", (256, 784), rng=0)  # nn.Linear(784, 256)'s distribution
    >>> bool(abs(w).max() <= 1 / 28)
    True
    >>> W = sample("kaiming_normal", (784, 256), nonlinearity="relu", rng=0, layout="in_out")  # for X @ W
    >>> bool(abs(W.std() - (2 / 784) ** 0.5) < 1e-3)
    True
    >>> sample("xavier_normal", (3, 2), rng=0, nonlinearity="relu")
    Traceback (most recent call last):
    TypeError: unexpected keyword argument 'nonlinearity' for scheme 'xavier_normal'; it accepts ('gain',)
    """
    entry = lookup(scheme)
    kwargs = entry.check(kwargs)
    layout = choice(layout, "layout", LAYOUTS)
    return entry.numpy(_shape(shape), rng_from(rng), layout, **kwargs)


class SchemeChoice(NamedTuple):
    """A scheme of :data:`REGISTRY` with its keyword arguments: one entry of a menu (:func:`choices`)."""

    scheme: str
    kwargs: dict


def choices(offered: Mapping[str, tuple]) -> dict[str, SchemeChoice]:
    """A menu of initialisations, ``label -> (scheme, kwargs)``, checked against :data:`REGISTRY`.

    For explorers and comparisons that offer a few schemes under labels of their own: every
    ``scheme`` must be a name of :data:`SCHEMES` and every ``kwargs`` (a dict or None) its
    keyword arguments, or ValueError / TypeError says which label is wrong.

    >>> menu = choices({"PyTorch default": ("default", None), "He": ("kaiming_normal", {"nonlinearity": "relu"})})
    >>> menu["He"]
    SchemeChoice(scheme='kaiming_normal', kwargs={'nonlinearity': 'relu'})
    >>> scheme, kwargs = menu["PyTorch default"]
    >>> scheme, kwargs
    ('default', {})
    """
    if not isinstance(offered, Mapping) or not offered:
        raise TypeError(f"choices needs a non-empty mapping of label to (scheme, kwargs), got {_describe(offered)}")
    menu = {}
    for label, spec in offered.items():
        if not isinstance(spec, tuple) or len(spec) != 2 or not isinstance(spec[1], (Mapping, type(None))):
            raise TypeError(f"choices[{label!r}] must be a pair (scheme, kwargs dict or None), got {_describe(spec)}")
        scheme, kwargs = spec[0], dict(spec[1] or {})
        try:
            lookup(scheme).check(kwargs)
        except (TypeError, ValueError) as error:
            raise type(error)(f"choices[{label!r}]: {error}") from None
        menu[label] = SchemeChoice(scheme, kwargs)
    return menu


# ------------------------------------------------------------------------ torch helper


def _torch_seed(rng: object, expected: str = "None, an int seed or a numpy.random.Generator") -> int | None:
    """The seed for torch's generators that ``rng`` stands for: an int seed itself, a seed
    drawn from a numpy Generator, or None for None (draw from torch's global generator)."""
    if rng is None:
        return None
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"rng must be {expected}, got {_describe(rng)}")
    if not 0 <= rng < 2**64:
        raise ValueError(f"rng must be an int seed in [0, 2**64), got {rng}")
    return int(rng)


def _torch_generator(torch, rng):
    """``rng`` of :func:`apply_init` as a torch Generator (None stays None: torch's global one)."""
    if isinstance(rng, torch.Generator):
        return rng
    seed = _torch_seed(rng, "None, an int seed, a numpy.random.Generator or a torch.Generator")
    return None if seed is None else torch.Generator().manual_seed(seed)


@renamed_keywords(generator="rng")
def apply_init(model, scheme: str, *, bias=0.0, rng=None, **kwargs):
    r"""Initialise every ``Linear`` and convolution layer of a PyTorch model in place.

    For every submodule that is an ``nn.Linear`` (``nn.LazyLinear`` after its first
    forward pass) or an ``nn.Conv{1,2,3}d`` / ``nn.ConvTranspose{1,2,3}d``, the weight is
    drawn by the torch side of the scheme of :data:`REGISTRY` (:attr:`Scheme.torch`),
    inside ``torch.no_grad()``: the same distribution as :func:`sample` gives in numpy.
    Most schemes are the ``torch.nn.init`` function of that name, ``torch.nn.init.<scheme>_(weight,
    **kwargs)``; the others (``print(describe())`` lists all with their formulas):

    - ``"lecun_normal"``: ``kaiming_normal_(weight, nonlinearity="linear")``,
      :math:`\mathcal{N}(0, 1/\text{fan\_in})`, the initialisation for SELU networks.
    - ``"glorot_standard"``: Glorot & Bengio's (2010) "standard" initialisation
      :math:`\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})`, which they showed makes activations
      shrink layer by layer. It is the same distribution as PyTorch's default.
    - ``"default"``: PyTorch's own default, what ``module.reset_parameters()`` draws:
      ``kaiming_uniform_(weight, a=math.sqrt(5))``, that is
      :math:`\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})` and
      :math:`\operatorname{Var}[w] = 1/(3\,\text{fan\_in})`.

    Parameters
    ----------
    model : torch.nn.Module
    scheme : str
        One of :data:`SCHEMES`.
    bias : float or "default"
        Every bias is set to this constant (default 0). With ``"default"`` biases get
        PyTorch's default :math:`\mathcal{U}(\pm 1/\sqrt{\text{fan\_in}})`, drawn afresh
        after each layer's weight (the order of ``reset_parameters``, so that
        ``scheme="default", bias="default"`` with ``rng=None`` draws what
        ``reset_parameters`` would), so the result does not depend on what the biases
        were before. Note that
        ``scheme="default"`` with the default ``bias=0.0`` zeroes the biases; pass
        ``bias="default"`` for PyTorch's full default.
    rng : None, int, numpy.random.Generator or torch.Generator
        Where the random draws come from: None draws from torch's global generator (as
        ``torch.nn.init`` does, so ``torch.manual_seed`` makes it reproducible); an int
        seed, a numpy Generator (which gives a seed) or a torch Generator draw from a
        generator of their own and leave the global one untouched. (The old name
        ``generator=`` still works, with a DeprecationWarning.)
    **kwargs
        The scheme's keyword arguments (:attr:`Scheme.keywords`, the names of the
        ``torch.nn.init`` function), checked by :meth:`Scheme.check` as :func:`sample`
        checks them: an unknown one raises TypeError, a bad value TypeError or ValueError,
        with the same message on both sides.

    Returns
    -------
    torch.nn.Module
        ``model``, initialised in place.

    Examples
    --------
    >>> import torch
    >>> net = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 1))
    >>> net = apply_init(net, "kaiming_normal", nonlinearity="relu")
    >>> net[0].bias.abs().max().item()
    0.0
    """
    from ._optional import require

    torch = require("torch", "nnprimer.init.apply_init")
    nn = torch.nn
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {_describe(model)}")
    entry = lookup(scheme)
    kwargs = entry.check(kwargs)
    if not (isinstance(bias, str) and bias == "default"):
        if isinstance(bias, str):
            raise ValueError(f"bias must be a number or 'default', got {bias!r}")
        bias = real_number(bias, "bias")
    generator = _torch_generator(torch, rng)

    layer_types = (nn.Linear, nn.modules.conv._ConvNd)
    layers = [module for module in model.modules() if isinstance(module, layer_types)]
    if not layers:
        raise ValueError(
            "apply_init found no nn.Linear, nn.ConvNd or nn.ConvTransposeNd layer in the model "
            f"({type(model).__name__})"
        )
    for module in layers:
        if isinstance(module.weight, nn.parameter.UninitializedParameter):
            raise ValueError(
                f"{type(module).__name__} has not been initialised yet (lazy module): "
                "run one forward pass before apply_init"
            )

    with torch.no_grad():
        for module in layers:
            if module.weight.numel() > 0:  # torch's init functions warn on empty tensors and do nothing
                entry.torch(nn.init, module.weight, generator, **kwargs)
            if module.bias is None:
                continue
            if bias == "default":  # as reset_parameters draws it, after the weight
                bound = _fan_in_bound(tuple(module.weight.shape))
                nn.init.uniform_(module.bias, -bound, bound, generator=generator)
            else:
                nn.init.constant_(module.bias, bias)
    return model


# ------------------------------------------------------------- orthogonal and truncated normal

__all__ += ["orthogonal", "trunc_normal"]


def orthogonal(shape: tuple[int, ...], gain: float = 1.0, rng=None) -> np.ndarray:
    r"""A (semi-)orthogonal matrix times ``gain``, as ``torch.nn.init.orthogonal_``.

    The weight is viewed as a matrix of ``rows = shape[0]`` and ``cols = prod(shape[1:])``.
    A matrix :math:`A` of independent :math:`\mathcal{N}(0, 1)` entries (transposed first
    when rows < cols) is factored :math:`A = QR`; the signs of :math:`Q`'s columns are
    fixed by :math:`Q \leftarrow Q\,\operatorname{diag}(\operatorname{sign} R_{ii})`, which
    makes :math:`Q` uniformly (Haar) distributed (Mezzadri 2007). The result is
    :math:`W = \text{gain}\cdot Q` (transposed back), so

    .. math:: W W^\top = \text{gain}^2 I \ (\text{rows} \le \text{cols}), \qquad
              W^\top W = \text{gain}^2 I \ (\text{rows} \ge \text{cols}):

    every singular value equals ``gain``, and :math:`\lVert W x\rVert = \text{gain}\,\lVert x\rVert`
    for every x when rows >= cols (Saxe et al. 2014).

    Parameters
    ----------
    shape : tuple of int
        At least 2 dimensions.
    gain : float
        Finite, ``>= 0``.
    rng : None, int or numpy.random.Generator

    Examples
    --------
    >>> w = orthogonal((5, 3), rng=0)
    >>> bool(np.allclose(w.T @ w, np.eye(3)))
    True
    """
    dims = _shape(shape)
    if len(dims) < 2:
        raise ValueError(f"orthogonal needs a shape with at least 2 dimensions, got {dims!r}")
    gain = _gain(gain)
    generator = rng_from(rng)
    rows = dims[0]
    cols = math.prod(dims[1:])
    if rows * cols == 0:
        return np.zeros(dims, dtype=np.float64)
    flat = generator.standard_normal((rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return np.ascontiguousarray(gain * q).reshape(dims)


def trunc_normal(
    shape: tuple[int, ...],
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    rng=None,
) -> np.ndarray:
    r"""Sample a normal distribution truncated to ``[a, b]``, as ``torch.nn.init.trunc_normal_``.

    The density is that of :math:`\mathcal{N}(\text{mean}, \text{std}^2)` restricted to
    :math:`[a, b]` and renormalised. Note that ``a`` and ``b`` are *absolute* bounds, not
    multiples of ``std`` (PyTorch's defaults -2 and 2 with ``std=0.02``, as in ViT and
    BERT code, cut nothing). Sampling is by the inverse CDF: with :math:`\Phi` the
    standard normal CDF, :math:`\alpha = (a - \text{mean})/\text{std}`,
    :math:`\beta = (b - \text{mean})/\text{std}` and :math:`u \sim \mathcal{U}(0, 1)`,

    .. math:: w = \text{mean} + \text{std}\cdot\Phi^{-1}\bigl(\Phi(\alpha) + u\,(\Phi(\beta) - \Phi(\alpha))\bigr),

    clipped to :math:`[a, b]` against rounding. Its variance is below :math:`\text{std}^2`:
    for :math:`[\pm 2\,\text{std}]` it is :math:`\text{std}^2\bigl(1 - 4\varphi(2)/(2\Phi(2) - 1)\bigr)
    \approx 0.774\,\text{std}^2`. PyTorch draws with a different algorithm, so only the
    distributions agree, not the values for a seed.

    Parameters
    ----------
    shape : tuple of int
    mean, std : float
        Of the normal before truncation; ``std > 0``.
    a, b : float
        Finite bounds with ``a < b``.
    rng : None, int or numpy.random.Generator

    Examples
    --------
    >>> w = trunc_normal((256, 256), std=0.5, a=-1.0, b=1.0, rng=0)
    >>> bool(w.min() >= -1.0 and w.max() <= 1.0)
    True
    """
    from scipy.special import ndtri

    dims = _shape(shape)
    mean = real_number(mean, "mean")
    std = _std(std)
    a = real_number(a, "a")
    b = real_number(b, "b")
    lo, hi = _trunc_normal_bounds(mean, std, a, b)
    generator = rng_from(rng)
    u = generator.uniform(lo, hi, size=dims)
    return np.clip(mean + std * ndtri(u), a, b).astype(np.float64)
