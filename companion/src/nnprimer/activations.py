r"""Activation functions in numpy, agreeing with PyTorch.

Every elementwise activation is a callable object. For an activation ``f``:

* ``f(x, **params)`` is the forward value, computed with the same formula PyTorch uses;
* ``f.grad(x, **params)`` is :math:`\mathrm{d}f/\mathrm{d}x` elementwise, equal to what
  ``torch.autograd`` returns, *including at kinks* (``relu.grad(0) == 0``);
* ``f.torch(t, **params)`` calls the PyTorch counterpart on a tensor;
* ``f.module(**params)`` builds the ``torch.nn`` layer.

Parameters are keywords with PyTorch's names and defaults
(``leaky_relu(x, negative_slope=0.01)``). Look one up by name with :func:`get`;
:data:`ELEMENTWISE` lists the names.

Conventions (all tested against PyTorch):

* dtype in = dtype out: float32 stays float32; ints, lists and Python numbers become
  float64. float16 is computed in float32 and rounded back.
* NaN in, NaN out -- for the derivative too. (PyTorch's backward at NaN depends on its
  code path: for a few functions a vectorised loop and a scalar loop disagree.)
* Formulas are PyTorch's own, so saturation matches: ``sigmoid`` of float32 17.0 is
  exactly 1.0, and its derivative there is exactly 0. Overflow inside a formula
  (``exp(1000)``) is IEEE arithmetic, as in PyTorch: no RuntimeWarning is raised.

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
from typing import Any, Callable, ClassVar

import numpy as np

from ._optional import require
from ._validation import _describe, as_float_array, axis_index, choice, positive_number, real_number, rng_from

__all__ = [
    "ELEMENTWISE",
    "Activation",
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

_SQRT1_2 = math.sqrt(0.5)  # 1/sqrt(2)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)  # standard normal density at 0
_GELU_TANH_BETA = math.sqrt(2.0 / math.pi)
_GELU_TANH_KAPPA = 0.044715


def _torch():
    return require("torch", "the .torch and .module methods of nnprimer.activations")


# Speed notes. The reference functions are meant to be read, but they are also timed
# against PyTorch (issue 9), so the hot paths
# * write into one buffer with ``out=`` and in-place operators instead of making a
#   temporary array per operation;
# * avoid ``np.where`` on data-dependent masks: for random inputs it mispredicts a branch
#   per element and is ~20x slower than an arithmetic pass. Selections are written as
#   ``np.maximum``/``np.minimum`` or as masks multiplied in, always so that the result is
#   bit-for-bit what the ``np.where`` formula in the docstring gives;
# * add NaN back into a derivative only when the input holds a NaN (one cheap scan).


def _sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """PyTorch's formula 1 / (1 + exp(-x)): exp overflows to inf for x < -88.7 (float32)
    and the result is exactly 0, as in PyTorch. ``out`` may be ``x`` itself."""
    out = np.negative(x, out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


def _keep_nan(d: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Set ``d`` to NaN where ``x`` is NaN, in place (NaN in, NaN out for derivatives)."""
    nan = np.isnan(x)
    if nan.any():
        np.copyto(d, x, where=nan)
    return d


def _as_mask(condition: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """A boolean array as 0.0 / 1.0 of ``dtype``."""
    return condition.astype(dtype)


def _slope_forward(x: np.ndarray, s) -> np.ndarray:
    """``np.where(x > 0, x, s * x)`` for a slope ``s`` (a number or one per element).

    For slopes s <= 1 this is max(x, s x) and for s > 1 it is min(x, s x) -- the same
    numbers without a branch per element, signed zeros included (on a tie np.maximum
    returns its second argument, s x; tests/test_activations_fast.py checks the bits). A zero slope (where
    0 * inf would be NaN instead of inf) and mixed slopes take the np.where path.
    """
    sx = np.multiply(x, s)
    s_arr = np.asarray(s)
    if s_arr.size and np.all(s_arr != 0):
        if np.all(s_arr <= 1):
            return np.maximum(x, sx, out=sx)
        if np.all(s_arr > 1):
            return np.minimum(x, sx, out=sx)
    return np.where(x > 0, x, sx)


def _slope_derivative(x: np.ndarray, s) -> np.ndarray:
    """``np.where(x > 0, 1, s)`` (NaN at NaN) as (1 - m) s + m with the 0/1 mask m."""
    if np.any(np.asarray(s) == 0):  # keep the sign of a zero slope exactly
        return _keep_nan(np.where(x > 0, 1.0, s).astype(x.dtype), x)
    m = _as_mask(x > 0, x.dtype)
    d = np.subtract(1.0, m)
    d *= s
    d += m
    return _keep_nan(d, x)


def _erf(z: np.ndarray) -> np.ndarray:
    """scipy.special.erf, imported on first use: ``import nnprimer.activations`` stays fast."""
    from scipy.special import erf

    return erf(z)


# Abramowitz & Stegun (1964), formula 7.1.26, halved: 1/2 erfc(z) = Phi(-z sqrt 2).
_AS_P = 0.3275911
_AS_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
_AS_HALF_A = tuple(0.5 * a for a in _AS_A)
_AS_R = 1.0 / (_AS_P * _SQRT1_2)  # t = 1 / (1 + p |x| / sqrt 2) = R / (R + |x|)


def _normal_tail_f32(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""``(Phi(-|x|), exp(-x^2/2))`` for a float32 array, quickly: the pieces of GELU.

    scipy.special.erf has no vectorised float32 loop (about 20 ns per element, ten times
    PyTorch's whole GELU), so float32 uses Abramowitz & Stegun 7.1.26 for the tail of the
    standard normal distribution,

    .. math::
        \Phi(-|x|) = \tfrac12 \operatorname{erfc}\bigl(|x|/\sqrt 2\bigr)
        \approx t\,(b_1 + b_2 t + b_3 t^2 + b_4 t^3 + b_5 t^4)\,e^{-x^2/2},
        \qquad t = \frac{1}{1 + p\,|x|/\sqrt 2} = \frac{R}{R + |x|}, \quad R = \frac{\sqrt 2}{p},

    with :math:`b_i = a_i / 2`, whose absolute error is below :math:`0.75 \times 10^{-7}`,
    about one float32 rounding of 1/2 -- as close to PyTorch as scipy's erf is.
    :math:`e^{-x^2/2}` is the normal density up to :math:`1/\sqrt{2\pi}`, which the
    derivative needs anyway. Each step is one ufunc pass in place (Horner's scheme for the
    polynomial), so the cost is the number of passes, about 20 for GELU's value or
    derivative where PyTorch takes one. Only two arrays are allocated, because a fresh
    array costs more than a pass.
    """
    t = np.abs(x)
    t += _AS_R
    np.divide(_AS_R, t, out=t)
    b1, b2, b3, b4, b5 = _AS_HALF_A
    tail = np.multiply(t, b5)  # Horner's scheme, in place
    for b in (b4, b3, b2):
        tail += b
        tail *= t
    tail += b1
    tail *= t
    gauss = np.multiply(x, x, out=t)  # t is free now
    gauss *= -0.5
    np.exp(gauss, out=gauss)
    tail *= gauss
    return tail, gauss


def _times_sign_f32(v: np.ndarray, x: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """``v * sign(x)`` in place for float32 arrays, by flipping v's sign bit where x's is
    set (XOR): one cheap integer pass where ``np.copysign`` and ``np.sign`` are five times
    slower than a multiplication. ``scratch`` is overwritten. At x = -0.0, v flips too."""
    bits = np.bitwise_and(x.view(np.uint32), np.uint32(0x80000000), out=scratch.view(np.uint32))
    np.bitwise_xor(v.view(np.uint32), bits, out=v.view(np.uint32))
    return v


class Activation:
    """An elementwise activation function: forward, derivative and PyTorch counterpart.

    Subclasses define ``_forward(x, **params)`` and ``_derivative(x, **params)`` on
    floating arrays (the public methods validate input, fix dtypes and handle NaN), plus
    ``_torch_call`` and ``_torch_module``. Class attributes describe the function for
    tables and plots.
    """

    name: ClassVar[str]
    #: parameter name -> PyTorch default
    defaults: ClassVar[dict[str, Any]] = {}
    #: LaTeX of f(x) and f'(x)
    formula: ClassVar[str]
    derivative_formula: ClassVar[str]
    #: PyTorch counterparts, as text for tables
    torch_function: ClassVar[str]
    torch_module: ClassVar[str]
    #: the set of values f takes (LaTeX), for tables; tests check it numerically
    output_range: ClassVar[str]
    #: descriptive properties, used by the comparison table
    piecewise_linear: ClassVar[bool] = False
    smooth: ClassVar[bool] = True
    learnable: ClassVar[bool] = False
    #: True where ``_derivative`` already gives NaN at NaN (no extra pass needed)
    _grad_keeps_nan: ClassVar[bool] = False

    # -- the public interface -------------------------------------------------------
    def __call__(self, x: Any, **params: Any) -> np.ndarray:
        """Forward value f(x), elementwise, same dtype as ``x``."""
        return self._apply(self._forward, x, params)

    def grad(self, x: Any, **params: Any) -> np.ndarray:
        """Derivative df/dx elementwise, as ``torch.autograd`` returns it (NaN at NaN)."""

        if self._grad_keeps_nan:
            return self._apply(self._derivative, x, params)

        def derivative(xc: np.ndarray, **p: Any) -> np.ndarray:
            d = np.asarray(self._derivative(xc, **p), dtype=xc.dtype)
            if d.shape != xc.shape or not d.flags.writeable or np.may_share_memory(d, xc):
                d = np.array(np.broadcast_to(d, xc.shape))
            return _keep_nan(d, xc)

        return self._apply(derivative, x, params)

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
        merged = {**self.defaults, **params}
        return self._validate(**merged)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.defaults.items())
        return f"<activation {self.name}({args})>"

    # -- machinery shared by every activation ----------------------------------------
    def _apply(self, fn: Callable[..., np.ndarray], x: Any, params: dict[str, Any]) -> np.ndarray:
        arr = as_float_array(x, "x")
        out_dtype = arr.dtype
        work = arr.astype(np.float32) if arr.dtype == np.float16 else arr
        p = self._bind(arr.shape, work.dtype, **self.check_params(params))
        # Work on a 1-D view so that 0-d inputs follow array (not scalar) casting rules,
        # and let IEEE arithmetic overflow quietly, as it does in PyTorch.
        flat = work.reshape(-1)
        with np.errstate(all="ignore"):
            out = np.asarray(fn(flat, **p), dtype=work.dtype)
            # float32 -> float16 overflows to inf quietly too
            out = out.astype(out_dtype, copy=False).reshape(arr.shape)
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
    piecewise_linear = True
    smooth = False

    def _forward(self, x):
        # np.maximum keeps NaN (np.fmax would not) and maximum(-0.0, 0.0) is +0.0, as
        # np.where(x > 0, x, 0.0) and F.relu give.
        return np.maximum(x, 0.0)

    def _derivative(self, x):
        return _as_mask(x > 0, x.dtype)

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
    piecewise_linear = True
    smooth = False

    def _validate(self, negative_slope):
        return {"negative_slope": real_number(negative_slope, "negative_slope")}

    def _forward(self, x, negative_slope):
        return _slope_forward(x, negative_slope)  # np.where(x > 0, x, x * negative_slope)

    def _derivative(self, x, negative_slope):
        return _slope_derivative(x, negative_slope)  # np.where(x > 0, 1.0, negative_slope)

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
    piecewise_linear = True
    smooth = False
    learnable = True

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
        """Expand the slope to one value per element of the flattened input."""
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
        return {"weight": np.broadcast_to(weight.reshape(per_channel), shape).reshape(-1).astype(dtype)}

    def _forward(self, x, weight):
        return _slope_forward(x, weight)  # np.where(x > 0, x, x * weight)

    def _derivative(self, x, weight):
        return _slope_derivative(x, weight)  # np.where(x > 0, 1.0, weight)

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
    distribution, not the draw, matches ``torch.nn.functional.rrelu``.

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
    piecewise_linear = True
    smooth = False

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
        if not training:
            return (lower + upper) / 2.0
        return rng_from(rng).uniform(lower, upper, size=x.shape).astype(x.dtype)

    def _forward(self, x, **p):
        return _slope_forward(x, self._slopes(x, **p))  # np.where(x > 0, x, x * r)

    def _derivative(self, x, **p):
        return _slope_derivative(x, self._slopes(x, **p))  # np.where(x > 0, 1.0, r)

    def _torch_call(self, t, lower, upper, training, rng):
        torch = _torch()
        if rng is None or not training:
            return torch.nn.functional.rrelu(t, lower, upper, training)
        if not isinstance(rng, (int, np.integer)):
            raise TypeError("rrelu.torch accepts an int seed as rng (torch has its own generator)")
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(rng))
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
    :math:`-\alpha` and pull the mean activation towards zero.

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
    smooth = False  # C^1 only for alpha = 1

    # PyTorch's elu kernel: scale * (x if x > 0 else alpha * expm1(input_scale * x)).
    _scale = 1.0

    def _validate(self, alpha):
        return {"alpha": real_number(alpha, "alpha")}

    def _coefficients(self, alpha):
        """(coefficient of the negative branch, input scale, positive scale)."""
        return alpha * self._scale, 1.0, self._scale

    _grad_keeps_nan = True

    def _forward(self, x, **p):
        # np.where(x > 0, x * pos, np.expm1(x * inscale) * neg), written branch-free as
        # pos * max(x, -0) + neg * expm1(min(-0, x) * inscale): the branch not chosen
        # is exactly -0.0, so the sum is bit for bit the chosen branch (signed zeros
        # too). Negative coefficients would flip that -0.0 and take the np.where path.
        neg, inscale, pos = self._coefficients(**p)
        if not (neg > 0 and inscale > 0):
            return np.where(x > 0, x * pos, np.expm1(x * inscale) * neg)
        lo = np.minimum(-0.0, x)  # at x = +-0 np.minimum returns x itself
        if inscale != 1.0:
            lo *= inscale
        np.expm1(lo, out=lo)
        lo *= neg
        hi = np.maximum(x, -0.0)  # and np.maximum returns -0.0
        if pos != 1.0:
            hi *= pos
        hi += lo
        return hi

    def _derivative(self, x, **p):
        # np.where(x > 0, pos, neg * inscale * np.exp(x * inscale)) as
        # (x <= 0) * neg * inscale * exp(min(x, 0) * inscale) + (x > 0) * pos.
        neg, inscale, pos = self._coefficients(**p)
        if not neg * inscale > 0:
            return np.where(x > 0, pos, neg * inscale * np.exp(x * inscale))
        e = np.minimum(x, 0.0)
        if inscale != 1.0:
            e *= inscale
        np.exp(e, out=e)
        e *= neg * inscale
        m = _as_mask(x <= 0, x.dtype)  # NaN: 0, but e is NaN there already
        e *= m
        np.greater(x, 0, out=m)
        m *= pos
        e += m
        return e

    def _torch_call(self, t, alpha):
        return _torch().nn.functional.elu(t, alpha)

    def _torch_module(self, alpha):
        return _torch().nn.ELU(alpha)


class CELU(ELU):
    r"""Continuously differentiable ELU (Barron, 2017).

    .. math::
        f(x) = \max(0, x) + \min\!\bigl(0, \alpha\,(e^{x/\alpha} - 1)\bigr), \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}

    Unlike ELU, both one-sided derivatives at 0 equal 1 for every :math:`\alpha \ne 0`.
    PyTorch default :math:`\alpha = 1` (where CELU equals ELU).

    PyTorch: ``torch.nn.functional.celu``, ``torch.nn.CELU``.
    """

    name = "celu"
    formula = r"\max(0, x) + \min\bigl(0, \alpha (e^{x/\alpha} - 1)\bigr)"
    derivative_formula = r"\begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}"
    torch_function = "F.celu"
    torch_module = "nn.CELU"
    output_range = r"(-\alpha, \infty)"
    smooth = True

    def _validate(self, alpha):
        alpha = real_number(alpha, "alpha")
        if alpha == 0:
            raise ValueError("alpha must be non-zero for celu (it divides x), got 0.0")
        return {"alpha": alpha}

    def _coefficients(self, alpha):
        return alpha, 1.0 / alpha, 1.0

    def _torch_call(self, t, alpha):
        return _torch().nn.functional.celu(t, alpha)

    def _torch_module(self, alpha):
        return _torch().nn.CELU(alpha)


class SELU(ELU):
    r"""Scaled ELU (Klambauer et al., 2017), the activation of self-normalising networks.

    .. math::
        f(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},
        \qquad
        f'(x) = \begin{cases} \lambda & x > 0 \\ \lambda\alpha\,e^{x} & x \le 0 \end{cases}

    with fixed :math:`\alpha \approx 1.6733` and :math:`\lambda \approx 1.0507`, chosen so
    that mean 0 and variance 1 is a fixed point of a layer with LeCun-normal weights
    (``kaiming_normal`` with ``nonlinearity="linear"``). PyTorch returns
    :math:`f'(0) = \lambda\alpha \approx 1.7581`.

    PyTorch: ``torch.nn.functional.selu``, ``torch.nn.SELU``.
    """

    name = "selu"
    defaults = {}
    formula = r"\lambda\bigl(\max(0, x) + \min(0, \alpha (e^{x} - 1))\bigr)"
    derivative_formula = r"\begin{cases} \lambda & x > 0 \\ \lambda\alpha e^{x} & x \le 0 \end{cases}"
    torch_function = "F.selu"
    torch_module = "nn.SELU"
    output_range = r"(-\lambda\alpha, \infty)"  # lambda * alpha = 1.7581...
    smooth = False

    def _validate(self):
        return {}

    def _coefficients(self):
        return SELU_ALPHA * SELU_SCALE, 1.0, SELU_SCALE

    def _torch_call(self, t):
        return _torch().nn.functional.selu(t)

    def _torch_module(self):
        return _torch().nn.SELU()


class GELU(Activation):
    r"""Gaussian error linear unit (Hendrycks & Gimpel, 2016).

    .. math::
        f(x) = x\,\Phi(x) = \tfrac{x}{2}\bigl(1 + \operatorname{erf}(x/\sqrt{2})\bigr), \qquad
        f'(x) = \Phi(x) + x\,\varphi(x)

    where :math:`\Phi` and :math:`\varphi` are the standard normal CDF and density, so
    :math:`f'(0) = 1/2`. With ``approximate="tanh"`` PyTorch uses

    .. math::
        f(x) \approx \tfrac{x}{2}\Bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\bigr)\Bigr).

    Speed over clarity: for float32 (and float16) input :math:`\Phi` does not come from
    scipy's erf, whose float32 loop is ten times slower than all of PyTorch's GELU, but
    from the Abramowitz & Stegun approximation 7.1.26 (absolute error below 1e-7, within
    float32 rounding of PyTorch), shared by the value and the derivative; float64 uses
    ``scipy.special.erf``.

    PyTorch: ``torch.nn.functional.gelu``, ``torch.nn.GELU``.
    """

    name = "gelu"
    defaults = {"approximate": "none"}
    formula = r"x\,\Phi(x)"
    derivative_formula = r"\Phi(x) + x\,\varphi(x)"
    torch_function = "F.gelu"
    torch_module = "nn.GELU"
    output_range = r"[\approx -0.170, \infty)"

    def _validate(self, approximate):
        return {"approximate": choice(approximate, "approximate", ("none", "tanh"))}

    _grad_keeps_nan = True

    # The code evaluates the formulas in the order written here, in place; float32 Phi
    # is a fast approximation (see ``_normal_tail_f32``) within about 1e-7 of the exact value.
    def _forward(self, x, approximate):
        if approximate == "tanh":
            # 0.5 * x * (1 + tanh(beta * (x + kappa * x * x * x)))
            inner = np.multiply(x, _GELU_TANH_KAPPA)
            inner *= x
            inner *= x
            inner += x
            inner *= _GELU_TANH_BETA
            np.tanh(inner, out=inner)
            inner += 1.0
            half_x = np.multiply(x, 0.5)
            inner *= half_x
            return inner
        if x.dtype == np.float32:
            # x Phi(x) = x/2 + |x| (1/2 - Phi(-|x|)), since x sign(x) = |x|: no sign pass
            half, buffer = _normal_tail_f32(x)
            np.subtract(0.5, half, out=half)
            half *= np.abs(x, out=buffer)
            half += np.multiply(x, 0.5, out=buffer)
            return half
        # x * 0.5 * (1 + erf(x / sqrt(2)))
        cdf = _erf(np.multiply(x, _SQRT1_2))
        cdf += 1.0
        cdf *= np.multiply(x, 0.5)
        return cdf

    def _derivative(self, x, approximate):
        if approximate == "tanh":
            # 0.5 * (1 + tanh(u)) + 0.5 * x * (1 - tanh(u)^2) * beta * (1 + 3 kappa x^2)
            x_sq = np.multiply(x, x)
            th = np.multiply(x_sq, _GELU_TANH_KAPPA)
            th *= x
            th += x
            th *= _GELU_TANH_BETA
            np.tanh(th, out=th)
            # inner derivative, in x_sq's buffer
            x_sq *= 3.0 * _GELU_TANH_KAPPA
            x_sq += 1.0
            x_sq *= _GELU_TANH_BETA
            right = np.multiply(th, th)
            np.subtract(1.0, right, out=right)
            right *= np.multiply(x, 0.5)
            right *= x_sq
            th += 1.0
            th *= 0.5
            th += right
            return th
        # Phi(x) + x * phi(x) with Phi(x) = 0.5 * (1 + erf(x / sqrt 2)), phi = exp(-x^2/2) / sqrt(2 pi)
        if x.dtype == np.float32:
            # = 1/2 + sign(x) (1/2 - Phi(-|x|) + |x| phi(x)), since x = sign(x) |x|
            half, pdf = _normal_tail_f32(x)
            np.subtract(0.5, half, out=half)
            pdf *= x
            np.abs(pdf, out=pdf)
            pdf *= _INV_SQRT_2PI
            half += pdf
            _times_sign_f32(half, x, scratch=pdf)
            half += 0.5
            return half
        cdf = _erf(np.multiply(x, _SQRT1_2))
        cdf += 1.0
        cdf *= 0.5
        pdf = np.multiply(x, -0.5)
        pdf *= x
        np.exp(pdf, out=pdf)
        pdf *= _INV_SQRT_2PI
        pdf *= x
        cdf += pdf
        return cdf

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

    _grad_keeps_nan = True

    def _forward(self, x):
        d = np.negative(x)  # x / (1 + exp(-x)), in one buffer
        np.exp(d, out=d)
        d += 1.0
        return np.divide(x, d, out=d)

    def _derivative(self, x):
        s = _sigmoid(x)  # s * (1 + x * (1 - s)), in two buffers
        d = np.subtract(1.0, s)
        d *= x
        d += 1.0
        d *= s
        return d

    def _torch_call(self, t):
        return _torch().nn.functional.silu(t)

    def _torch_module(self):
        return _torch().nn.SiLU()


class Swish(Activation):
    r"""Swish (Ramachandran et al., 2017): :math:`x\,\sigma(\beta x)`.

    .. math::
        f(x) = \frac{x}{1 + e^{-\beta x}}, \qquad
        f'(x) = \sigma(\beta x)\bigl(1 + \beta x\,(1 - \sigma(\beta x))\bigr)

    :math:`\beta = 1` is SiLU; :math:`\beta \to \infty` approaches ReLU and
    :math:`\beta = 0` gives :math:`x/2`. In the Swish paper :math:`\beta` may be trainable.
    PyTorch has no ``swish``; the counterpart is ``t * torch.sigmoid(beta * t)``, and
    :meth:`module` returns a small ``nn.Module`` with an optional learnable :math:`\beta`.
    """

    name = "swish"
    defaults = {"beta": 1.0}
    formula = r"x\,\sigma(\beta x)"
    derivative_formula = r"\sigma(\beta x)\bigl(1 + \beta x(1 - \sigma(\beta x))\bigr)"
    torch_function = "x * torch.sigmoid(beta * x)"
    torch_module = "nn.SiLU for beta = 1"
    output_range = r"[\approx -0.278/\beta, \infty)"  # for beta > 0
    learnable = True

    def _validate(self, beta):
        return {"beta": real_number(beta, "beta")}

    _grad_keeps_nan = True

    def _forward(self, x, beta):
        s = np.multiply(x, beta)  # x * sigmoid(beta * x)
        _sigmoid(s, out=s)
        s *= x
        return s

    def _derivative(self, x, beta):
        # s + beta * (x * (s * (1 - s))), s = sigmoid(beta * x): grouped as autograd does
        # for t * sigmoid(beta * t), so that an overflowing beta * x meets a zero
        # sigmoid'(beta * x) as 0, not as inf * 0.
        s = np.multiply(x, beta)
        _sigmoid(s, out=s)
        d = np.subtract(1.0, s)
        d *= s
        d *= x
        d *= beta
        d += s
        return d

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

    _grad_keeps_nan = True

    def _forward(self, x):
        t = np.exp(x)  # x * tanh(log1p(exp(x))), in one buffer
        np.log1p(t, out=t)
        np.tanh(t, out=t)
        t *= x
        return t

    def _derivative(self, x):
        # t + x * s * (1 - t * t) with s = sigmoid(x), t = tanh(softplus(x))
        t = np.exp(x)
        np.log1p(t, out=t)
        np.tanh(t, out=t)
        s = _sigmoid(x)
        s *= x
        d = np.multiply(t, t)
        np.subtract(1.0, d, out=d)
        d *= s
        d += t
        return d

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

    def _validate(self, beta, threshold):
        return {"beta": positive_number(beta, "beta"), "threshold": real_number(threshold, "threshold", finite=False)}

    _grad_keeps_nan = True

    # The np.where below is cheap: only the few elements above the threshold are chosen.
    def _forward(self, x, beta, threshold):
        # np.where(bx > threshold, x, np.log1p(np.exp(bx)) / beta), bx = beta * x
        bx = np.multiply(x, beta)
        above = bx > threshold
        np.exp(bx, out=bx)
        np.log1p(bx, out=bx)
        if beta != 1.0:
            bx /= beta
        if above.any():
            np.copyto(bx, x, where=above)
        return bx

    def _derivative(self, x, beta, threshold):
        # np.where(bx > threshold, 1, z / (z + 1)), z = exp(bx)
        z = np.multiply(x, beta)
        above = z > threshold
        np.exp(z, out=z)
        d = np.add(z, 1.0)
        np.divide(z, d, out=d)
        if above.any():
            np.copyto(d, 1.0, where=above)
        return d

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
    piecewise_linear = True
    smooth = False

    def _forward(self, x):
        return np.clip(x, 0.0, 6.0)  # clip keeps NaN

    def _derivative(self, x):
        inside = x > 0
        inside &= x < 6
        return _as_mask(inside, x.dtype)

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
    smooth = False

    _grad_keeps_nan = True

    def _forward(self, x):
        d = np.add(x, 3.0)  # x * clip(x + 3, 0, 6) / 6
        np.clip(d, 0.0, 6.0, out=d)
        d *= x
        d /= 6.0
        return d

    def _derivative(self, x):
        # np.where(x <= -3, 0, np.where(x < 3, x / 3 + 0.5, 1)) written as
        # (clip(x, -3, 3) / 3 + 0.5) * m_mid + m_hi with 0/1 masks: NaN stays NaN.
        d = np.clip(x, -3.0, 3.0)
        d /= 3.0
        d += 0.5
        mid = x > -3.0
        mid &= x < 3.0
        d *= _as_mask(mid, x.dtype)
        d += _as_mask(x >= 3.0, x.dtype)
        return d

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

    _grad_keeps_nan = True

    def _forward(self, x):
        return _sigmoid(x)

    def _derivative(self, x):
        y = _sigmoid(x)  # y * (1 - y)
        d = np.subtract(1.0, y)
        d *= y
        return d

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

    _grad_keeps_nan = True

    def _forward(self, x):
        return np.tanh(x)

    def _derivative(self, x):
        y = np.tanh(x)  # 1 - y * y
        y *= y
        return np.subtract(1.0, y, out=y)

    def _torch_call(self, t):
        return _torch().tanh(t)

    def _torch_module(self):
        return _torch().nn.Tanh()


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


def get(name: str) -> Activation:
    """Look up an elementwise activation by name.

    >>> get("relu") is relu
    True
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {ELEMENTWISE}, got {_describe(name)}")
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown activation {name!r}; expected one of {', '.join(ELEMENTWISE)}") from None


# ----------------------------------------------------------------------------------------
# Softmax and cross-entropy
# ----------------------------------------------------------------------------------------


def _float_input(x: Any, name: str) -> tuple[np.ndarray, np.dtype]:
    arr = as_float_array(x, name)
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
    PyTorch, a ``-inf`` entry gets probability 0, and a row holding ``+inf`` or NaN (or
    only ``-inf``) is all NaN.

    PyTorch: ``torch.softmax(x, dim=axis)``.

    >>> softmax([0.0, 0.0])
    array([0.5, 0.5])
    """
    arr, dtype = _float_input(x, "x")
    if arr.ndim == 0:
        raise ValueError("x must have at least 1 dimension for softmax, got a scalar")
    axis = axis_index(axis, arr.ndim)
    with np.errstate(all="ignore"):
        out = arr - np.max(arr, axis=axis, keepdims=True)  # shifted, then exp, in one buffer
        np.exp(out, out=out)
        out /= np.sum(out, axis=axis, keepdims=True)
    return out.astype(dtype, copy=False)


def log_softmax(x: Any, axis: int = -1) -> np.ndarray:
    r"""Logarithm of softmax, computed without forming softmax.

    .. math::
        \log \mathrm{softmax}(z)_i = z_i - m - \log \sum_j e^{z_j - m}, \quad m = \max_j z_j

    ``np.log(softmax(x))`` underflows: for ``[0, -200]`` in float32 the second probability
    is 0 and its log is ``-inf``, while ``log_softmax`` gives -200.

    PyTorch: ``torch.log_softmax(x, dim=axis)``.
    """
    arr, dtype = _float_input(x, "x")
    if arr.ndim == 0:
        raise ValueError("x must have at least 1 dimension for log_softmax, got a scalar")
    axis = axis_index(axis, arr.ndim)
    with np.errstate(all="ignore"):
        shifted = arr - np.max(arr, axis=axis, keepdims=True)
        log_sum = np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
        shifted -= log_sum
    return shifted.astype(dtype, copy=False)


def softmax_jacobian(z: Any) -> np.ndarray:
    r"""Jacobian of softmax at a 1-D vector ``z``.

    .. math::
        \frac{\partial y_i}{\partial z_j} = y_i(\delta_{ij} - y_j), \qquad
        J = \operatorname{diag}(y) - y\,y^{\top}, \quad y = \mathrm{softmax}(z)

    Every row and column of :math:`J` sums to 0 (shift invariance), and :math:`J` is
    symmetric.

    PyTorch: ``torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z)``.
    """
    arr, dtype = _float_input(z, "z")
    if arr.ndim != 1:
        raise ValueError(f"z must be a 1-D vector, got shape {arr.shape}")
    y = softmax(arr)
    with np.errstate(all="ignore"):
        jac = np.diag(y) - np.outer(y, y)
    return jac.astype(dtype, copy=False)


class CrossEntropy:
    r"""Cross-entropy of logits against class indices or class probabilities.

    For logits :math:`z \in \mathbb{R}^C` and target class :math:`y`,

    .. math::
        L(z, y) = -\log \mathrm{softmax}(z)_y = -z_y + \log \sum_j e^{z_j}, \qquad
        \frac{\partial L}{\partial z} = \mathrm{softmax}(z) - \mathrm{onehot}(y).

    With a probability target :math:`p` the loss is :math:`-\sum_i p_i \log
    \mathrm{softmax}(z)_i` and the gradient :math:`\mathrm{softmax}(z) - p` (for :math:`p`
    summing to 1). Logits are ``(C,)`` or ``(N, C)``; the target is an integer index
    (``()`` or ``(N,)``) or a float array shaped like the logits. ``reduction`` is
    ``"mean"`` (PyTorch's default: average over the N rows), ``"sum"`` or ``"none"``.

    Pass *logits*, never probabilities: the loss applies log-softmax itself, as
    ``torch.nn.CrossEntropyLoss`` does.

    PyTorch: ``torch.nn.functional.cross_entropy``, ``torch.nn.CrossEntropyLoss``.

    >>> float(cross_entropy([0.0, 0.0], 1))   # log 2
    0.6931471805599453
    """

    name = "cross_entropy"
    _REDUCTIONS = ("mean", "sum", "none")

    def _prepare(self, logits: Any, target: Any, reduction: str):
        z, dtype = _float_input(logits, "logits")
        choice(reduction, "reduction", self._REDUCTIONS)
        if z.ndim not in (1, 2):
            raise ValueError(f"logits must have shape (C,) or (N, C), got shape {z.shape}")
        if z.shape[-1] == 0:
            raise ValueError("logits must have at least one class, got C = 0")
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
        with np.errstate(all="ignore"):
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
        with np.errstate(all="ignore"):
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
