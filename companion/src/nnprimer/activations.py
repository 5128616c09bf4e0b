r"""Activation functions in numpy, agreeing with PyTorch.

Every elementwise activation is a callable object. For an activation ``f``:

* ``f(x, **params)`` is the forward value, computed with the formula PyTorch uses;
* ``f.grad(x, **params)`` is :math:`\mathrm{d}f/\mathrm{d}x` elementwise, equal to what
  ``torch.autograd`` returns, *including at kinks* (``relu.grad(0) == 0``);
* ``f.torch(t, **params)`` calls the PyTorch counterpart on a tensor;
* ``f.module(**params)`` builds the ``torch.nn`` layer.

Parameters are keywords with PyTorch's names and defaults
(``leaky_relu(x, negative_slope=0.01)``). Look one up by name with :func:`get`;
:data:`ELEMENTWISE` lists the names. Each class states its facts as class attributes
(formula, derivative, kinks, smoothness, what is learnable, the PyTorch counterpart, the
explorer's slider); :func:`nnprimer.tables.activation_table` is built from them.

The code is written to be read: each ``_forward`` and ``_derivative`` is the formula of
its docstring in a line or two of numpy, with no tricks for speed (the Performance
appendix measures what that costs next to PyTorch, and explains why). Conventions, all
tested against PyTorch:

* dtype in = dtype out: float32 stays float32; ints, lists and Python numbers become
  float64. float16 is computed in float32 and rounded back.
* NaN in, NaN out -- for the derivative too. (PyTorch's backward at NaN depends on its
  code path: for a few functions a vectorised loop and a scalar loop disagree.)
* The formulas are PyTorch's own, in the input's precision, so saturation matches:
  ``sigmoid`` of float32 17.0 is exactly 1.0, and its derivative there is exactly 0.
* IEEE arithmetic, as in PyTorch: ``exp(1000)`` overflows to ``inf`` and ``inf * 0`` is
  NaN without a RuntimeWarning (the formulas run under ``np.errstate(over="ignore",
  invalid="ignore")``). ``np.where`` evaluates both branches, so the branch it does not
  choose may overflow; that is harmless.

A teacher's own activation is one call, :meth:`Activation.from_functions`, and works
wherever a built-in one does (``get``, ``train.mlp``, ``plot.plot_activation``).

>>> from nnprimer.activations import relu, leaky_relu, get
>>> relu([-2.0, 0.0, 3.0])
array([0., 0., 3.])
>>> relu.grad([-2.0, 0.0, 3.0])   # PyTorch's relu'(0) is 0
array([0., 0., 1.])
>>> get("leaky_relu").grad(0.0)
np.float64(0.01)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, ClassVar

import numpy as np

from ._i18n import N_
from ._optional import require
from ._validation import _describe, as_float_array, axis_index, choice, positive_number, real_number, rng_from

__all__ = [
    "ELEMENTWISE",
    "Activation",
    "Choice",
    "Slider",
    "celu",
    "cross_entropy",
    "elu",
    "gelu",
    "get",
    "hardswish",
    "leaky_relu",
    "log_softmax",
    "mish",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "swish",
    "tanh",
]

# SELU's constants, to the digits PyTorch uses (Klambauer et al., 2017).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _torch():
    return require("torch", "the .torch and .module methods of nnprimer.activations")


def _numpy_input(x: Any, name: str, instead: str) -> np.ndarray:
    """``x`` as a float array (see :func:`as_float_array`); a torch tensor gets a hint."""
    if type(x).__module__.startswith("torch"):
        raise TypeError(
            f"{name} must be a numpy array or numbers, got a torch {type(x).__name__}; "
            f"pass {name}.detach().numpy(), or call {instead} to stay in PyTorch"
        )
    return as_float_array(x, name)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """PyTorch's formula 1 / (1 + exp(-x)); for float32 x < -88.7, exp overflows and the
    result is exactly 0, as in PyTorch."""
    return 1 / (1 + np.exp(-x))


@dataclass(frozen=True)
class Slider:
    """The values an explorer offers for a numeric parameter: ``steps`` evenly spaced
    numbers from ``low`` to ``high``, starting at the one nearest ``start``.

    >>> leaky_relu.explorer_control
    Slider(parameter='negative_slope', low=0.0, high=0.5, steps=51, start=0.01)
    """

    parameter: str
    low: float
    high: float
    steps: int
    start: float


@dataclass(frozen=True)
class Choice:
    """The values an explorer offers for a parameter that is one of a few strings.

    >>> gelu.explorer_control
    Choice(parameter='approximate', options=('none', 'tanh'))
    """

    parameter: str
    options: tuple[str, ...]


class Activation:
    r"""An elementwise activation function: forward, derivative and PyTorch counterpart.

    A new activation is one subclass: ``_forward(x, **params)`` and
    ``_derivative(x, **params)`` are its formulas on a floating array (the public
    methods validate the input, fix dtypes and NaN), ``_torch_call`` and
    ``_torch_module`` its PyTorch counterparts, and class attributes its facts. For an
    activation given by two numpy functions, use :meth:`from_functions`.
    """

    name: ClassVar[str]
    #: parameter name -> PyTorch default
    defaults: ClassVar[dict[str, Any]] = {}
    #: LaTeX of f(x) and f'(x)
    formula: ClassVar[str | None]
    derivative_formula: ClassVar[str | None]
    #: PyTorch counterparts, as text; ``torch_note`` (translated, in parentheses) replaces
    #: the module's name in the comparison table where it needs a word of explanation
    torch_function: ClassVar[str | None]
    torch_module: ClassVar[str | None]
    torch_note: ClassVar[str | None] = None
    #: the set of values f takes (LaTeX); tests check it numerically
    output_range: ClassVar[str | None]
    #: where the formula switches branch (with default parameters): the points where
    #: PyTorch's choice of derivative matters
    kinks: ClassVar[tuple[float, ...]] = ()
    #: made of straight pieces (then the tests require bit-for-bit agreement with PyTorch)
    piecewise_linear: ClassVar[bool] = False
    #: how smooth f is, and what a network can learn in it (translated, for the table)
    smoothness: ClassVar[str | None] = N_("yes")
    learnability: ClassVar[str | None] = N_("no")
    #: the parameter an explorer lets the reader vary, or None
    explorer_control: ClassVar[Slider | Choice | None] = None

    @classmethod
    def from_functions(cls, name: str, f: Callable, df: Callable, torch_f: Callable | None = None, *,
                       formula: str | None = None, derivative_formula: str | None = None) -> Activation:
        r"""An activation from a numpy function ``f`` and its derivative ``df``.

        Parameters
        ----------
        name : str
            Its name, shown in plots and error messages.
        f, df : callable
            Elementwise numpy functions of an array: :math:`f(x)` and :math:`f'(x)`.
            They receive float32 or float64 arrays and must return the input's shape.
        torch_f : callable, optional
            The same function on torch tensors (then :meth:`torch` and :meth:`module`
            use it and autograd differentiates it, on any device). Without it they run
            ``f`` forward and ``df`` backward through a ``torch.autograd.Function``, on
            CPU tensors only.
        formula, derivative_formula : str, optional
            LaTeX of :math:`f(x)` and :math:`f'(x)`, for captions.

        Returns
        -------
        Activation
            It works with :func:`get`, :meth:`grad`, :meth:`torch`, :meth:`module`,
            ``nnprimer.train.mlp`` and ``nnprimer.plot.plot_activation``.

        Examples
        --------
        >>> square = Activation.from_functions("square", lambda x: x**2, lambda x: 2 * x)
        >>> square([1.0, -3.0]), square.grad([1.0, -3.0])
        (array([1., 9.]), array([ 2., -6.]))
        >>> get(square) is square
        True
        """
        return _CustomActivation(name, f, df, torch_f, formula, derivative_formula)

    # -- the public interface -------------------------------------------------------
    def __call__(self, x: Any, **params: Any) -> np.ndarray:
        """Forward value f(x), elementwise, same dtype as ``x``."""
        return self._apply(self._forward, x, params)

    def grad(self, x: Any, **params: Any) -> np.ndarray:
        """Derivative df/dx elementwise, as ``torch.autograd`` returns it (NaN at NaN)."""
        return self._apply(self._derivative, x, params, keep_nan=True)

    def torch(self, t: Any, **params: Any):
        """Call the PyTorch counterpart on ``t`` (a tensor, or anything ``torch.as_tensor`` takes)."""
        torch = _torch()
        if not isinstance(t, torch.Tensor):
            t = torch.as_tensor(as_float_array(t, "t"))
        return self._torch_call(t, **self.check_params(params))

    def module(self, **params: Any):
        """The ``torch.nn`` layer for this activation, with these parameters."""
        _torch()
        return self._torch_module(**self.check_params(params))

    def check_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Fill in defaults and validate; unknown names raise TypeError."""
        unknown = set(params) - set(self.defaults)
        if unknown:
            known = ", ".join(self.defaults) or "none"
            raise TypeError(
                f"{self.name}() got unexpected keyword argument(s) {sorted(unknown)}; "
                f"its parameters are: {known}"
            )
        return self._validate(**{**self.defaults, **params})

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.defaults.items())
        return f"<activation {self.name}({args})>"

    # -- what every activation shares ------------------------------------------------
    def _apply(self, formula: Callable[..., Any], x: Any, params: dict[str, Any], keep_nan: bool = False):
        arr = _numpy_input(x, "x", f"{self.name}.torch(t)")
        work = arr.astype(np.float32) if arr.dtype == np.float16 else arr
        p = self._bind(arr.shape, work.dtype, **self.check_params(params))
        with np.errstate(over="ignore", invalid="ignore"):  # IEEE arithmetic, as in PyTorch
            out = np.asarray(formula(work, **p), dtype=work.dtype)
            if keep_nan:
                out = np.where(np.isnan(work), work, out)
            out = out.astype(arr.dtype, copy=False)  # float32 -> float16 may overflow to inf
        return out[()] if out.ndim == 0 else out

    def _validate(self, **params: Any) -> dict[str, Any]:
        return params

    def _bind(self, shape: tuple[int, ...], dtype: np.dtype, **params: Any) -> dict[str, Any]:
        """Adapt validated parameters to an input of this shape (PReLU's per-channel slope)."""
        return params

    # Subclasses implement these.
    def _forward(self, x: np.ndarray, **params: Any) -> np.ndarray:
        raise NotImplementedError

    def _derivative(self, x: np.ndarray, **params: Any) -> np.ndarray:
        raise NotImplementedError

    def _torch_call(self, t, **params: Any):
        raise NotImplementedError

    def _torch_module(self, **params: Any):
        raise NotImplementedError


# ----------------------------------------------------------------------------------------
# The ReLU family
# ----------------------------------------------------------------------------------------


class ReLU(Activation):
    r"""Rectified linear unit.

    .. math::
        \mathrm{ReLU}(x) = \max(0, x), \qquad
        \mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    At the kink PyTorch's autograd returns :math:`\mathrm{ReLU}'(0) = 0`. Beware: other
    ways to write ReLU in PyTorch give other values at 0 -- ``torch.maximum(x, zero)``
    gives 0.5 (the gradient is split between equal arguments) and ``torch.clamp(x, min=0)``
    gives 1.

    PyTorch: ``torch.nn.functional.relu``, ``torch.nn.ReLU``.

    >>> relu([-1.0, 0.0, 2.0]), relu.grad([-1.0, 0.0, 2.0])
    (array([0., 0., 2.]), array([0., 0., 1.]))
    """

    name = "relu"
    formula = r"\max(0, x)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
    torch_function = "F.relu"
    torch_module = "nn.ReLU"
    output_range = r"[0, \infty)"
    kinks = (0.0,)
    piecewise_linear = True
    smoothness = N_("no: kink at 0")

    def _forward(self, x):
        return np.maximum(x, 0.0)  # keeps NaN

    def _derivative(self, x):
        return np.where(x > 0, 1.0, 0.0)

    def _torch_call(self, t):
        return _torch().nn.functional.relu(t)

    def _torch_module(self):
        return _torch().nn.ReLU()


class LeakyReLU(Activation):
    r"""Leaky ReLU (Maas et al., 2013): a small slope instead of zero for negative inputs.

    .. math::
        f(x) = \begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases}, \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ s & x \le 0 \end{cases}

    with :math:`s` = ``negative_slope`` (PyTorch default 0.01). At 0 PyTorch returns
    :math:`f'(0) = s`.

    PyTorch: ``torch.nn.functional.leaky_relu``, ``torch.nn.LeakyReLU``.

    >>> leaky_relu([-2.0, 3.0], negative_slope=0.1)
    array([-0.2,  3. ])
    """

    name = "leaky_relu"
    defaults = {"negative_slope": 0.01}
    formula = r"\max(0, x) + s \min(0, x)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ s & x \le 0 \end{cases}"
    torch_function = "F.leaky_relu"
    torch_module = "nn.LeakyReLU"
    output_range = r"(-\infty, \infty)"
    kinks = (0.0,)
    piecewise_linear = True
    smoothness = N_("no: kink at 0")
    explorer_control = Slider("negative_slope", 0.0, 0.5, 51, start=0.01)

    def _validate(self, negative_slope):
        return {"negative_slope": real_number(negative_slope, "negative_slope")}

    def _forward(self, x, negative_slope):
        return np.where(x > 0, x, negative_slope * x)

    def _derivative(self, x, negative_slope):
        return np.where(x > 0, 1.0, negative_slope)

    def _torch_call(self, t, negative_slope):
        return _torch().nn.functional.leaky_relu(t, negative_slope)

    def _torch_module(self, negative_slope):
        return _torch().nn.LeakyReLU(negative_slope)


class PReLU(Activation):
    r"""Parametric ReLU (He et al., 2015): leaky ReLU whose slope :math:`a` is learned.

    .. math::
        f(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}, \qquad
        \frac{\partial f}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases},
        \qquad \frac{\partial f}{\partial a} = \min(0, x)

    ``weight`` is a number (one slope shared by all channels) or a 1-D array with one slope
    per channel; as in PyTorch the channel axis is axis 1, so a per-channel weight needs
    an input with at least 2 dimensions. PyTorch initialises :math:`a = 0.25`.

    PyTorch: ``torch.nn.functional.prelu``, ``torch.nn.PReLU(num_parameters=1, init=0.25)``.

    >>> prelu([[-4.0, -4.0]], weight=[0.25, 0.5])
    array([[-1., -2.]])
    """

    name = "prelu"
    defaults = {"weight": 0.25}
    formula = r"\max(0, x) + a \min(0, x)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}"
    torch_function = "F.prelu"
    torch_module = "nn.PReLU"
    output_range = r"(-\infty, \infty)"
    kinks = (0.0,)
    piecewise_linear = True
    smoothness = N_("no: kink at 0")
    learnability = N_("yes: slope $a$")
    explorer_control = Slider("weight", -0.5, 1.0, 31, start=0.25)

    def _validate(self, weight):
        w = as_float_array(weight, "weight")
        if w.ndim > 1:
            raise ValueError(f"weight must be a number or a 1-D array of per-channel slopes, got shape {w.shape}")
        if w.size == 0:
            raise ValueError("weight must hold at least one slope, got an empty array")
        if not np.all(np.isfinite(w)):
            raise ValueError(f"weight must be finite, got {w.tolist()}")
        return {"weight": w}

    def _bind(self, shape, dtype, weight):
        """One slope, or one per channel shaped (1, C, 1, ...) to broadcast along axis 1."""
        if weight.size == 1:
            return {"weight": weight.reshape(()).astype(dtype)}
        if len(shape) < 2 or shape[1] != weight.size:
            channels = shape[1] if len(shape) >= 2 else 1
            raise ValueError(
                f"weight has {weight.size} slopes but x has {channels} channel(s) on axis 1 "
                f"(x has shape {shape}); pass one slope or one per channel"
            )
        per_channel = [1] * len(shape)
        per_channel[1] = weight.size
        return {"weight": weight.reshape(per_channel).astype(dtype)}

    def _forward(self, x, weight):
        return np.where(x > 0, x, weight * x)

    def _derivative(self, x, weight):
        return np.where(x > 0, 1.0, weight)

    def _torch_call(self, t, weight):
        torch = _torch()
        return torch.nn.functional.prelu(t, torch.as_tensor(weight.reshape(-1), dtype=t.dtype, device=t.device))

    def _torch_module(self, weight):
        torch = _torch()
        module = torch.nn.PReLU(num_parameters=weight.size)
        with torch.no_grad():
            module.weight.copy_(torch.as_tensor(weight.reshape(-1)))
        return module


class RReLU(Activation):
    r"""Randomised leaky ReLU (Xu et al., 2015).

    In training the slope of each negative element is drawn from :math:`U(l, u)`; in
    evaluation it is the fixed mean :math:`(l + u) / 2`, which for PyTorch's defaults
    :math:`l = 1/8`, :math:`u = 1/3` is :math:`11/48 \approx 0.229`.

    .. math::
        f(x) = \begin{cases} x & x > 0 \\ r\,x & x \le 0 \end{cases}, \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ r & x \le 0 \end{cases}, \qquad
        r \sim U(l, u) \text{ (training)}, \quad r = \tfrac{l+u}{2} \text{ (evaluation)}

    With ``training=True`` the slopes come from ``rng`` (None, an int seed or a numpy
    Generator): pass the same seed to the forward call and to :meth:`grad` to get the
    derivative for the same draw. PyTorch draws with its own generator, so only the
    distribution, not the draw, matches ``torch.nn.functional.rrelu``. With an int seed or
    a Generator, ``rrelu.torch(t, training=True, rng=...)`` draws reproducibly and leaves
    torch's global generators as they were; with ``rng=None`` it draws from them, as
    ``torch.nn.functional.rrelu`` does.

    It has no explorer slider: in evaluation mode it is a leaky ReLU with slope
    :math:`(l + u) / 2`, which the ``leaky_relu`` slider already explores.

    PyTorch: ``torch.nn.functional.rrelu``, ``torch.nn.RReLU``.

    >>> rrelu([-48.0])               # evaluation: slope 11/48
    array([-11.])
    """

    name = "rrelu"
    defaults = {"lower": 1.0 / 8.0, "upper": 1.0 / 3.0, "training": False, "rng": None}
    formula = r"\max(0, x) + r \min(0, x),\ r \sim U(l, u)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ r & x \le 0 \end{cases}"
    torch_function = "F.rrelu"
    torch_module = "nn.RReLU"
    output_range = r"(-\infty, \infty)"
    kinks = (0.0,)
    piecewise_linear = True
    smoothness = N_("no: kink at 0")

    def _validate(self, lower, upper, training, rng):
        lower = real_number(lower, "lower")
        upper = real_number(upper, "upper")
        if lower > upper:
            raise ValueError(f"lower must be <= upper, got lower={lower}, upper={upper}")
        if not isinstance(training, (bool, np.bool_)):
            raise TypeError(f"training must be True or False, got {_describe(training)}")
        if rng is not None:
            rng_from(rng)  # validates
        return {"lower": lower, "upper": upper, "training": bool(training), "rng": rng}

    def _slopes(self, x, lower, upper, training, rng):
        """r: the mean (l + u) / 2 in evaluation, one draw from U(l, u) per element in training."""
        if not training:
            return (lower + upper) / 2
        return rng_from(rng).uniform(lower, upper, size=x.shape).astype(x.dtype)

    def _forward(self, x, **p):
        return np.where(x > 0, x, self._slopes(x, **p) * x)

    def _derivative(self, x, **p):
        return np.where(x > 0, 1.0, self._slopes(x, **p))

    def _torch_call(self, t, lower, upper, training, rng):
        torch = _torch()
        if rng is None or not training:
            return torch.nn.functional.rrelu(t, lower, upper, training)
        from .init import _torch_seed
        from .train import _seeded

        # torch's rrelu takes no generator: seed the global ones of the CPU and of t's device
        # inside fork_rng, which puts them back as they were afterwards
        with _seeded(_torch_seed(rng), t.device):
            return torch.nn.functional.rrelu(t, lower, upper, training)

    def _torch_module(self, lower, upper, training, rng):
        return _torch().nn.RReLU(lower, upper)


class ELU(Activation):
    r"""Exponential linear unit (Clevert et al., 2016).

    .. math::
        f(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}, \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}

    PyTorch's default is :math:`\alpha = 1` and it returns :math:`f'(0) = \alpha`. The two
    one-sided derivatives at 0 are 1 and :math:`\alpha`, so ELU is continuously
    differentiable only when :math:`\alpha = 1`. Negative outputs saturate at
    :math:`-\alpha` and pull the mean activation towards zero. :math:`e^{x} - 1` is
    ``np.expm1(x)``, which stays accurate for small :math:`x`, as PyTorch's kernel does.

    PyTorch: ``torch.nn.functional.elu``, ``torch.nn.ELU``.

    >>> float(elu(-1e9))
    -1.0
    """

    name = "elu"
    defaults = {"alpha": 1.0}
    formula = r"\max(0, x) + \min\bigl(0, \alpha (e^{x} - 1)\bigr)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}"
    torch_function = "F.elu"
    torch_module = "nn.ELU"
    output_range = r"(-\alpha, \infty)"
    kinks = (0.0,)
    smoothness = N_("$C^1$ only if $\\alpha = 1$")
    explorer_control = Slider("alpha", 0.1, 3.0, 30, start=1.0)

    def _validate(self, alpha):
        return {"alpha": real_number(alpha, "alpha")}

    def _forward(self, x, alpha):
        return np.where(x > 0, x, alpha * np.expm1(x))

    def _derivative(self, x, alpha):
        return np.where(x > 0, 1.0, alpha * np.exp(x))

    def _torch_call(self, t, alpha):
        return _torch().nn.functional.elu(t, alpha)

    def _torch_module(self, alpha):
        return _torch().nn.ELU(alpha)


class CELU(Activation):
    r"""Continuously differentiable ELU (Barron, 2017).

    .. math::
        f(x) = \max(0, x) + \min\!\bigl(0, \alpha\,(e^{x/\alpha} - 1)\bigr), \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}

    Unlike ELU, both one-sided derivatives at 0 equal 1 for every :math:`\alpha \ne 0`.
    PyTorch default :math:`\alpha = 1` (where CELU equals ELU).

    PyTorch: ``torch.nn.functional.celu``, ``torch.nn.CELU``.
    """

    name = "celu"
    defaults = {"alpha": 1.0}
    formula = r"\max(0, x) + \min\bigl(0, \alpha (e^{x/\alpha} - 1)\bigr)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}"
    torch_function = "F.celu"
    torch_module = "nn.CELU"
    output_range = r"(-\alpha, \infty)"
    kinks = (0.0,)
    smoothness = N_("$C^1$")
    explorer_control = Slider("alpha", 0.1, 3.0, 30, start=1.0)

    def _validate(self, alpha):
        alpha = real_number(alpha, "alpha")
        if alpha == 0:
            raise ValueError("alpha must be non-zero for celu (it divides x), got 0.0")
        return {"alpha": alpha}

    def _forward(self, x, alpha):
        return np.where(x > 0, x, alpha * np.expm1(x / alpha))

    def _derivative(self, x, alpha):
        return np.where(x > 0, 1.0, np.exp(x / alpha))

    def _torch_call(self, t, alpha):
        return _torch().nn.functional.celu(t, alpha)

    def _torch_module(self, alpha):
        return _torch().nn.CELU(alpha)


class SELU(Activation):
    r"""Scaled ELU (Klambauer et al., 2017), the activation of self-normalising networks.

    .. math::
        f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},
        \qquad
        f'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}

    with fixed :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507`, chosen so
    that mean 0 and variance 1 is a fixed point of a layer with LeCun-normal weights
    (``kaiming_normal`` with ``nonlinearity="linear"``). PyTorch returns
    :math:`f'(0) = \lambda\alpha \approx 1.7581`.

    PyTorch: ``torch.nn.functional.selu``, ``torch.nn.SELU``.
    """

    name = "selu"
    formula = r"\lambda\bigl(\max(0, x) + \min(0, \alpha (e^{x} - 1))\bigr)"
    derivative_formula = r"\begin{cases} \lambda & x > 0 \\ \lambda\alpha e^{x} & x \le 0 \end{cases}"
    torch_function = "F.selu"
    torch_module = "nn.SELU"
    output_range = r"(-\lambda\alpha, \infty)"  # lambda * alpha = 1.7581...
    kinks = (0.0,)
    smoothness = N_("no: $f'$ jumps at 0")

    def _forward(self, x):
        return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x))

    def _derivative(self, x):
        return SELU_SCALE * np.where(x > 0, 1.0, SELU_ALPHA * np.exp(x))

    def _torch_call(self, t):
        return _torch().nn.functional.selu(t)

    def _torch_module(self):
        return _torch().nn.SELU()


class GELU(Activation):
    r"""Gaussian error linear unit (Hendrycks & Gimpel, 2016).

    .. math::
        f(x) = x\,\Phi(x), \qquad f'(x) = \Phi(x) + x\,\varphi(x), \qquad
        \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}

    where :math:`\Phi` and :math:`\varphi` are the standard normal CDF and density, so
    :math:`f'(0) = 1/2`. PyTorch writes :math:`\Phi(x) = \tfrac12\bigl(1 +
    \operatorname{erf}(x/\sqrt2)\bigr)`; here :math:`\Phi` is ``scipy.special.ndtr``, the
    same function without the cancellation in :math:`1 + \operatorname{erf}` for negative
    :math:`x`. With ``approximate="tanh"`` PyTorch uses

    .. math::
        f(x) \approx \tfrac{x}{2}\bigl(1 + \tanh u\bigr), \quad
        f'(x) \approx \tfrac12 (1 + \tanh u) + \tfrac{x}{2}\,(1 - \tanh^2 u)\,
        \sqrt{2/\pi}\,(1 + 3 \cdot 0.044715\,x^2), \quad
        u = \sqrt{2/\pi}\,(x + 0.044715\,x^3).

    The exact GELU is computed in float64 and rounded once to the input's dtype, so a
    float32 result is the exact value correctly rounded: in float32 arithmetic
    :math:`\Phi(x) + x\varphi(x)` would lose most of its digits near its zero at
    :math:`x \approx -0.75`, and PyTorch's own float32 kernel is within about
    :math:`5 \times 10^{-7}` of the exact value. The tanh approximation is PyTorch's
    formula in the input's precision, like the other activations (so, as in PyTorch, its
    float32 derivative is NaN where :math:`x^2` overflows).

    PyTorch: ``torch.nn.functional.gelu``, ``torch.nn.GELU``.
    """

    name = "gelu"
    defaults = {"approximate": "none"}
    formula = r"x\,\Phi(x)"
    derivative_formula = r"\Phi(x) + x\,\varphi(x)"
    torch_function = "F.gelu"
    torch_module = "nn.GELU"
    output_range = r"[\approx -0.170, \infty)"
    explorer_control = Choice("approximate", ("none", "tanh"))

    def _validate(self, approximate):
        return {"approximate": choice(approximate, "approximate", ("none", "tanh"))}

    def _forward(self, x, approximate):
        if approximate == "tanh":
            u = math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)
            return 0.5 * x * (1 + np.tanh(u))
        from scipy.special import ndtr  # imported here: `import nnprimer` stays fast

        x = x.astype(np.float64)
        return x * ndtr(x)

    def _derivative(self, x, approximate):
        if approximate == "tanh":
            t = np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))
            return 0.5 * (1 + t) + 0.5 * x * (1 - t**2) * math.sqrt(2 / math.pi) * (1 + 3 * 0.044715 * x**2)
        from scipy.special import ndtr

        x = x.astype(np.float64)
        return ndtr(x) + x * np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)

    def _torch_call(self, t, approximate):
        return _torch().nn.functional.gelu(t, approximate=approximate)

    def _torch_module(self, approximate):
        return _torch().nn.GELU(approximate=approximate)


class SiLU(Activation):
    r"""Sigmoid linear unit, :math:`x\,\sigma(x)` (Hendrycks & Gimpel, 2016; Elfwing et al., 2017).

    .. math::
        f(x) = \frac{x}{1 + e^{-x}}, \qquad f'(x) = \sigma(x)\bigl(1 + x\,(1 - \sigma(x))\bigr)

    so :math:`f'(0) = 1/2`. It is Swish with :math:`\beta = 1` (Ramachandran et al., 2017
    named it Swish later).

    PyTorch: ``torch.nn.functional.silu``, ``torch.nn.SiLU``.
    """

    name = "silu"
    formula = r"x\,\sigma(x)"
    derivative_formula = r"\sigma(x)\bigl(1 + x(1 - \sigma(x))\bigr)"
    torch_function = "F.silu"
    torch_module = "nn.SiLU"
    output_range = r"[\approx -0.278, \infty)"

    def _forward(self, x):
        return x / (1 + np.exp(-x))

    def _derivative(self, x):
        s = _sigmoid(x)
        return s * (1 + x * (1 - s))

    def _torch_call(self, t):
        return _torch().nn.functional.silu(t)

    def _torch_module(self):
        return _torch().nn.SiLU()


class Swish(Activation):
    r"""Swish (Ramachandran et al., 2017): :math:`x\,\sigma(\beta x)`.

    .. math::
        f(x) = \frac{x}{1 + e^{-\beta x}}, \qquad
        f'(x) = \sigma(\beta x) + \beta\,x\,\sigma(\beta x)\bigl(1 - \sigma(\beta x)\bigr)

    :math:`\beta = 1` is SiLU (``nn.SiLU``); :math:`\beta \to \infty` approaches ReLU and
    :math:`\beta = 0` gives :math:`x/2`. In the Swish paper :math:`\beta` may be trainable.
    PyTorch has no ``swish``; the counterpart is ``t * torch.sigmoid(beta * t)``, and
    :meth:`module` returns a small ``nn.Module`` computing it.
    """

    name = "swish"
    defaults = {"beta": 1.0}
    formula = r"x\,\sigma(\beta x)"
    derivative_formula = r"\sigma(\beta x)\bigl(1 + \beta x(1 - \sigma(\beta x))\bigr)"
    torch_function = "x * torch.sigmoid(beta * x)"
    torch_module = None
    torch_note = N_("(β = 1: `nn.SiLU`)")
    output_range = r"[\approx -0.278/\beta, \infty)"  # for beta > 0
    learnability = N_("optionally $\\beta$")
    explorer_control = Slider("beta", 0.0, 5.0, 26, start=1.0)

    def _validate(self, beta):
        return {"beta": real_number(beta, "beta")}

    def _forward(self, x, beta):
        return x * _sigmoid(beta * x)

    def _derivative(self, x, beta):
        s = _sigmoid(beta * x)
        # grouped as autograd computes it for t * sigmoid(beta * t): where beta * x
        # overflows, x * s * (1 - s) is 0 first, so the term is 0 and not inf * 0
        return s + beta * (x * s * (1 - s))

    def _torch_call(self, t, beta):
        return t * _torch().sigmoid(beta * t)

    def _torch_module(self, beta):
        return _swish_module(beta)


def _swish_module(beta: float, learnable: bool = False):
    """A ``torch.nn.Module`` computing x * sigmoid(beta * x)."""
    torch = _torch()

    class Swish(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            value = torch.tensor(float(beta))
            if learnable:
                self.beta = torch.nn.Parameter(value)
            else:
                self.register_buffer("beta", value)

        def forward(self, x):
            return x * torch.sigmoid(self.beta * x)

        def extra_repr(self) -> str:
            return f"beta={float(self.beta):g}, learnable={learnable}"

    return Swish()


class Mish(Activation):
    r"""Mish (Misra, 2019): :math:`x \tanh(\mathrm{softplus}(x))`.

    .. math::
        f(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr), \qquad
        f'(x) = \tanh(\mathrm{sp}(x)) + x\,\sigma(x)\bigl(1 - \tanh^2(\mathrm{sp}(x))\bigr)

    so :math:`f'(0) = \tanh(\ln 2) = 0.6`.

    PyTorch: ``torch.nn.functional.mish``, ``torch.nn.Mish``.
    """

    name = "mish"
    formula = r"x \tanh\bigl(\ln(1 + e^{x})\bigr)"
    derivative_formula = r"\tanh(\mathrm{sp}(x)) + x\,\sigma(x)\bigl(1 - \tanh^2(\mathrm{sp}(x))\bigr)"
    torch_function = "F.mish"
    torch_module = "nn.Mish"
    output_range = r"[\approx -0.309, \infty)"

    def _forward(self, x):
        return x * np.tanh(np.log1p(np.exp(x)))

    def _derivative(self, x):
        t = np.tanh(np.log1p(np.exp(x)))
        return t + x * _sigmoid(x) * (1 - t**2)

    def _torch_call(self, t):
        return _torch().nn.functional.mish(t)

    def _torch_module(self):
        return _torch().nn.Mish()


class Softplus(Activation):
    r"""Softplus, a smooth ReLU.

    .. math::
        f(x) = \frac{1}{\beta}\ln\bigl(1 + e^{\beta x}\bigr), \qquad
        f'(x) = \sigma(\beta x) = \frac{e^{\beta x}}{1 + e^{\beta x}}

    For :math:`\beta x` above ``threshold`` PyTorch returns :math:`x` (and derivative 1),
    where the two agree to machine precision. Defaults :math:`\beta = 1`, threshold 20.
    :math:`f'(0) = 1/2`.

    PyTorch: ``torch.nn.functional.softplus``, ``torch.nn.Softplus``.
    """

    name = "softplus"
    defaults = {"beta": 1.0, "threshold": 20.0}
    formula = r"\tfrac{1}{\beta}\ln(1 + e^{\beta x})"
    derivative_formula = r"\sigma(\beta x)"
    torch_function = "F.softplus"
    torch_module = "nn.Softplus"
    output_range = r"(0, \infty)"
    explorer_control = Slider("beta", 0.25, 5.0, 20, start=1.0)

    def _validate(self, beta, threshold):
        return {"beta": positive_number(beta, "beta"), "threshold": real_number(threshold, "threshold", finite=False)}

    def _forward(self, x, beta, threshold):
        return np.where(beta * x > threshold, x, np.log1p(np.exp(beta * x)) / beta)

    def _derivative(self, x, beta, threshold):
        z = np.exp(beta * x)
        return np.where(beta * x > threshold, 1.0, z / (z + 1))

    def _torch_call(self, t, beta, threshold):
        return _torch().nn.functional.softplus(t, beta, threshold)

    def _torch_module(self, beta, threshold):
        return _torch().nn.Softplus(beta, threshold)


class ReLU6(Activation):
    r"""ReLU capped at 6 (used in MobileNets for low-precision arithmetic).

    .. math::
        f(x) = \min(\max(0, x), 6), \qquad
        f'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}

    PyTorch returns 0 at both kinks: :math:`f'(0) = f'(6) = 0`.

    PyTorch: ``torch.nn.functional.relu6``, ``torch.nn.ReLU6``.
    """

    name = "relu6"
    formula = r"\min(\max(0, x), 6)"
    derivative_formula = r"\begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}"
    torch_function = "F.relu6"
    torch_module = "nn.ReLU6"
    output_range = r"[0, 6]"
    kinks = (0.0, 6.0)
    piecewise_linear = True
    smoothness = N_("no: kinks at 0 and 6")

    def _forward(self, x):
        return np.minimum(np.maximum(x, 0.0), 6.0)

    def _derivative(self, x):
        return np.where((0 < x) & (x < 6), 1.0, 0.0)

    def _torch_call(self, t):
        return _torch().nn.functional.relu6(t)

    def _torch_module(self):
        return _torch().nn.ReLU6()


class Hardswish(Activation):
    r"""Hard swish (Howard et al., 2019): a piecewise approximation of Swish.

    .. math::
        f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}, \qquad
        f'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}

    It has kinks at :math:`\pm 3`, where PyTorch returns :math:`f'(-3) = 0` and
    :math:`f'(3) = 1`. Between them it is quadratic, so it is not piecewise linear.

    PyTorch: ``torch.nn.functional.hardswish``, ``torch.nn.Hardswish``.
    """

    name = "hardswish"
    formula = r"x\,\mathrm{ReLU6}(x + 3) / 6"
    derivative_formula = r"\begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}"
    torch_function = "F.hardswish"
    torch_module = "nn.Hardswish"
    output_range = r"[-0.375, \infty)"
    kinks = (-3.0, 3.0)
    smoothness = N_("no: kinks at $\\pm 3$")

    def _forward(self, x):
        return x * np.minimum(np.maximum(x + 3, 0.0), 6.0) / 6

    def _derivative(self, x):
        return np.where(x <= -3, 0.0, np.where(x < 3, x / 3 + 0.5, 1.0))

    def _torch_call(self, t):
        return _torch().nn.functional.hardswish(t)

    def _torch_module(self):
        return _torch().nn.Hardswish()


# ----------------------------------------------------------------------------------------
# Sigmoid and tanh
# ----------------------------------------------------------------------------------------


class Sigmoid(Activation):
    r"""Logistic sigmoid.

    .. math::
        \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,(1 - \sigma(x)) \le \tfrac14

    As in PyTorch the derivative is computed from the output, so where float32
    :math:`\sigma(x)` rounds to exactly 1 (from about :math:`x = 17`) the derivative is
    exactly 0.

    PyTorch: ``torch.sigmoid``, ``torch.nn.Sigmoid``.
    """

    name = "sigmoid"
    formula = r"\frac{1}{1 + e^{-x}}"
    derivative_formula = r"\sigma(x)\bigl(1 - \sigma(x)\bigr)"
    torch_function = "torch.sigmoid"
    torch_module = "nn.Sigmoid"
    output_range = r"(0, 1)"

    def _forward(self, x):
        return _sigmoid(x)

    def _derivative(self, x):
        s = _sigmoid(x)
        return s * (1 - s)

    def _torch_call(self, t):
        return _torch().sigmoid(t)

    def _torch_module(self):
        return _torch().nn.Sigmoid()


class Tanh(Activation):
    r"""Hyperbolic tangent.

    .. math::
        \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1, \qquad
        \tanh'(x) = 1 - \tanh^2(x) \le 1

    PyTorch computes the derivative from the output, as here.

    PyTorch: ``torch.tanh``, ``torch.nn.Tanh``.
    """

    name = "tanh"
    formula = r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"
    derivative_formula = r"1 - \tanh^2(x)"
    torch_function = "torch.tanh"
    torch_module = "nn.Tanh"
    output_range = r"(-1, 1)"

    def _forward(self, x):
        return np.tanh(x)

    def _derivative(self, x):
        return 1 - np.tanh(x) ** 2

    def _torch_call(self, t):
        return _torch().tanh(t)

    def _torch_module(self):
        return _torch().nn.Tanh()


# ----------------------------------------------------------------------------------------
# A teacher's own activation
# ----------------------------------------------------------------------------------------


class _CustomActivation(Activation):
    """What :meth:`Activation.from_functions` returns: numpy ``f`` and ``df``, and
    optionally ``torch_f``."""

    torch_function = torch_module = output_range = None
    smoothness = learnability = None  # not stated: the comparison table takes built-in activations only

    def __init__(self, name, f, df, torch_f, formula, derivative_formula) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be a non-empty str, got {_describe(name)}")
        for arg, value in (("f", f), ("df", df)):
            if not callable(value):
                raise TypeError(f"{arg} must be a callable numpy function of x, got {_describe(value)}")
        if torch_f is not None and not callable(torch_f):
            raise TypeError(f"torch_f must be None or a callable on torch tensors, got {_describe(torch_f)}")
        for arg, value in (("formula", formula), ("derivative_formula", derivative_formula)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{arg} must be None or a LaTeX str, got {_describe(value)}")
        self.name, self.formula, self.derivative_formula = name, formula, derivative_formula
        self._f, self._df, self._torch_f = f, df, torch_f

    def __repr__(self) -> str:
        return f"<activation {self.name} (from functions)>"

    def _elementwise(self, fn: Callable, which: str, x: np.ndarray) -> np.ndarray:
        out = np.array(as_float_array(fn(x), f"{which}(x) of {self.name}"))  # a copy, never x itself
        if out.shape != x.shape:
            raise ValueError(f"{which} of {self.name} must act elementwise: for x of shape {x.shape} "
                             f"it returned shape {out.shape}")
        return out

    def _forward(self, x):
        return self._elementwise(self._f, "f", x)

    def _derivative(self, x):
        return self._elementwise(self._df, "df", x)

    def _torch_call(self, t):
        if self._torch_f is not None:
            return self._torch_f(t)
        torch = _torch()
        if t.device.type != "cpu":
            raise ValueError(
                f"{self.name}.torch runs the numpy functions f and df, so it needs a tensor on the CPU, "
                f"got one on {t.device}; pass torch_f to Activation.from_functions to run on {t.device.type}"
            )
        if t.dtype not in (torch.float16, torch.float32, torch.float64):
            raise TypeError(f"{self.name}.torch needs a float16, float32 or float64 tensor, got {t.dtype}")
        return _torch_classes()[0].apply(t, self)

    def _torch_module(self):
        return _torch_classes()[1](self)


@lru_cache(maxsize=None)
def _torch_classes():
    """The torch classes behind a custom activation: an autograd Function that runs the
    numpy ``f`` forward and ``df`` backward, and the Module that calls ``activation.torch``."""
    torch = _torch()

    class NumpyActivation(torch.autograd.Function):
        @staticmethod
        def forward(ctx, t, activation):
            ctx.save_for_backward(t)
            ctx.activation = activation
            return torch.as_tensor(np.asarray(activation(t.detach().numpy())))

        @staticmethod
        def backward(ctx, grad_output):
            (t,) = ctx.saved_tensors
            return grad_output * torch.as_tensor(np.asarray(ctx.activation.grad(t.detach().numpy()))), None

    class CustomActivation(torch.nn.Module):
        def __init__(self, activation) -> None:
            super().__init__()
            self.activation = activation

        def forward(self, x):
            return self.activation.torch(x)

        def extra_repr(self) -> str:
            return self.activation.name

    return NumpyActivation, CustomActivation


relu = ReLU()
leaky_relu = LeakyReLU()
prelu = PReLU()
rrelu = RReLU()
elu = ELU()
celu = CELU()
selu = SELU()
gelu = GELU()
silu = SiLU()
swish = Swish()
mish = Mish()
softplus = Softplus()
relu6 = ReLU6()
hardswish = Hardswish()
sigmoid = Sigmoid()
tanh = Tanh()

_REGISTRY: dict[str, Activation] = {
    f.name: f
    for f in (relu, leaky_relu, prelu, rrelu, elu, celu, selu, gelu, silu, swish, mish,
              softplus, relu6, hardswish, sigmoid, tanh)
}

#: Names of the elementwise activations, in the order the course introduces them.
ELEMENTWISE: tuple[str, ...] = tuple(_REGISTRY)


def get(name: str | Activation) -> Activation:
    """Look up an elementwise activation by name; an :class:`Activation` is returned as is.

    >>> get("relu") is relu
    True
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {ELEMENTWISE}, or an Activation, got {_describe(name)}")
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; expected one of {', '.join(ELEMENTWISE)}") from None


# ----------------------------------------------------------------------------------------
# Softmax and cross-entropy
# ----------------------------------------------------------------------------------------


def _float_input(x: Any, name: str, instead: str) -> tuple[np.ndarray, np.dtype]:
    """``x`` as a float array (float16 as float32) and the dtype to return."""
    arr = _numpy_input(x, name, instead)
    dtype = arr.dtype
    if dtype == np.float16:
        arr = arr.astype(np.float32)
    return arr, dtype


def softmax(x: Any, axis: int = -1) -> np.ndarray:
    r"""Softmax along ``axis``: positive outputs that sum to 1.

    .. math::
        \mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}
                             = \frac{e^{z_i - m}}{\sum_j e^{z_j - m}}, \quad m = \max_j z_j

    Subtracting the maximum changes nothing mathematically (softmax is shift-invariant)
    and keeps ``exp`` from overflowing: ``softmax([1000, 0, -1000]) = [1, 0, 0]``. As in
    PyTorch, a ``-inf`` entry gets probability 0, a row holding ``+inf`` or NaN (or only
    ``-inf``) is all NaN, and an empty input gives an empty result.

    PyTorch: ``torch.softmax(x, dim=axis)``.

    >>> softmax([0.0, 0.0])
    array([0.5, 0.5])
    """
    arr, dtype = _float_input(x, "x", "torch.softmax(t, dim)")
    if arr.ndim == 0:
        raise ValueError("x must have at least 1 dimension for softmax, got a scalar")
    axis = axis_index(axis, arr.ndim)
    if arr.size == 0:
        return arr.astype(dtype)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, as in PyTorch
        e = np.exp(arr - np.max(arr, axis=axis, keepdims=True))
        return (e / np.sum(e, axis=axis, keepdims=True)).astype(dtype)


def log_softmax(x: Any, axis: int = -1) -> np.ndarray:
    r"""Logarithm of softmax, computed without forming softmax.

    .. math::
        \log \mathrm{softmax}(z)_i = z_i - m - \log \sum_j e^{z_j - m}, \quad m = \max_j z_j

    ``np.log(softmax(x))`` underflows: for ``[0, -200]`` in float32 the second probability
    is 0 and its log is ``-inf``, while ``log_softmax`` gives -200.

    PyTorch: ``torch.log_softmax(x, dim=axis)``.
    """
    arr, dtype = _float_input(x, "x", "torch.log_softmax(t, dim)")
    if arr.ndim == 0:
        raise ValueError("x must have at least 1 dimension for log_softmax, got a scalar")
    axis = axis_index(axis, arr.ndim)
    if arr.size == 0:
        return arr.astype(dtype)
    with np.errstate(invalid="ignore"):  # inf - inf is NaN, as in PyTorch
        shifted = arr - np.max(arr, axis=axis, keepdims=True)
        return (shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))).astype(dtype)


def softmax_jacobian(z: Any) -> np.ndarray:
    r"""Jacobian of softmax at a 1-D vector ``z``.

    .. math::
        \frac{\partial y_i}{\partial z_j} = y_i(\delta_{ij} - y_j), \qquad
        J = \operatorname{diag}(y) - y\,y^{\top}, \quad y = \mathrm{softmax}(z)

    Every row and column of :math:`J` sums to 0 (shift invariance), and :math:`J` is
    symmetric. For an empty ``z`` it is the empty :math:`0 \times 0` matrix.

    PyTorch: ``torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z)``.
    """
    arr, dtype = _float_input(z, "z", "torch.autograd.functional.jacobian")
    if arr.ndim != 1:
        raise ValueError(f"z must be a 1-D vector, got shape {arr.shape}")
    y = softmax(arr)
    with np.errstate(invalid="ignore"):  # NaN rows stay NaN
        return (np.diag(y) - np.outer(y, y)).astype(dtype)


class CrossEntropy:
    r"""Cross-entropy of logits against class indices or class probabilities.

    For logits :math:`z \in \mathbb{R}^C` and target class :math:`y`,

    .. math::
        L(z, y) = -\log \mathrm{softmax}(z)_y = -z_y + \log \sum_j e^{z_j}, \qquad
        \frac{\partial L}{\partial z} = \mathrm{softmax}(z) - \mathrm{onehot}(y).

    With a probability target :math:`p` the loss is :math:`-\sum_i p_i \log
    \mathrm{softmax}(z)_i` and the gradient :math:`\mathrm{softmax}(z) - p` (for :math:`p`
    summing to 1). Logits are ``(C,)`` or ``(N, C)`` with :math:`N \ge 1`; the target is
    an integer index (``()`` or ``(N,)``) or a float array shaped like the logits.
    ``reduction`` is ``"mean"`` (PyTorch's default: average over the N rows), ``"sum"``
    or ``"none"``.

    Pass *logits*, never probabilities: the loss applies log-softmax itself, as
    ``torch.nn.CrossEntropyLoss`` does.

    PyTorch: ``torch.nn.functional.cross_entropy``, ``torch.nn.CrossEntropyLoss``.

    >>> float(cross_entropy([0.0, 0.0], 1))   # log 2
    0.6931471805599453
    """

    name = "cross_entropy"
    _REDUCTIONS = ("mean", "sum", "none")

    def _prepare(self, logits: Any, target: Any, reduction: str):
        z, dtype = _float_input(logits, "logits", "cross_entropy.torch(logits, target)")
        choice(reduction, "reduction", self._REDUCTIONS)
        if z.ndim not in (1, 2):
            raise ValueError(f"logits must have shape (C,) or (N, C), got shape {z.shape}")
        if z.shape[-1] == 0:
            raise ValueError("logits must have at least one class, got C = 0")
        if z.shape[0] == 0:
            raise ValueError(f"logits must hold at least one row, got an empty batch of shape {z.shape}")
        if isinstance(target, (str, bytes)) or type(target).__module__.startswith("torch"):
            raise TypeError(f"target must be int class indices or a float array of probabilities, got {_describe(target)}")
        t = np.asarray(target)
        n_classes = z.shape[-1]
        if t.dtype.kind in "iu":
            if t.shape != z.shape[:-1]:
                raise ValueError(
                    f"target of class indices must have shape {z.shape[:-1]} for logits of shape {z.shape}, got {t.shape}"
                )
            if np.any((t < 0) | (t >= n_classes)):
                raise ValueError(f"target class indices must be in [0, {n_classes - 1}], got {t.tolist()}")
            probs = np.zeros(z.shape, dtype=z.dtype)
            np.put_along_axis(probs, t[..., None], 1.0, axis=-1)
        elif t.dtype.kind == "f":
            if t.shape != z.shape:
                raise ValueError(
                    f"a probability target must have the logits' shape {z.shape}, got {t.shape} "
                    "(class indices must be integers)"
                )
            probs = t.astype(z.dtype)
        else:
            raise TypeError(f"target must be int class indices or a float array of probabilities, got {_describe(target)}")
        return z, probs, dtype

    def __call__(self, logits: Any, target: Any, reduction: str = "mean"):
        """The loss; a scalar for ``"mean"``/``"sum"``, one value per row for ``"none"``."""
        z, probs, dtype = self._prepare(logits, target, reduction)
        logp = log_softmax(z)
        with np.errstate(invalid="ignore"):
            # 0 * (-inf) must count as 0: a class with target probability 0 adds nothing.
            per_row = -np.sum(np.where(probs == 0, 0.0, probs * logp), axis=-1)
        if reduction == "none":
            out = per_row
        elif reduction == "sum":
            out = np.sum(per_row)
        else:
            out = np.mean(per_row)
        out = np.asarray(out).astype(dtype, copy=False)
        return out[()] if out.ndim == 0 else out

    def grad(self, logits: Any, target: Any, reduction: str = "mean") -> np.ndarray:
        r"""Gradient of the loss with respect to the logits: :math:`(\mathrm{softmax}(z) - p)`,
        divided by N for ``"mean"``. For ``"none"`` it is the gradient of the sum."""
        z, probs, dtype = self._prepare(logits, target, reduction)
        with np.errstate(invalid="ignore"):
            g = softmax(z) * np.sum(probs, axis=-1, keepdims=True) - probs
            if reduction == "mean" and z.ndim == 2:
                g = g / z.shape[0]
        return g.astype(dtype, copy=False)

    def torch(self, logits, target, reduction: str = "mean"):
        """``torch.nn.functional.cross_entropy`` on tensors (arrays are converted)."""
        torch = _torch()
        choice(reduction, "reduction", self._REDUCTIONS)
        if not isinstance(logits, torch.Tensor):
            logits = torch.as_tensor(as_float_array(logits, "logits"))
        if not isinstance(target, torch.Tensor):
            target = torch.as_tensor(np.asarray(target))
        return torch.nn.functional.cross_entropy(logits, target, reduction=reduction)

    def __repr__(self) -> str:
        return "<loss cross_entropy(reduction='mean')>"


cross_entropy = CrossEntropy()
