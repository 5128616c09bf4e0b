r"""Finite differences and gradient checking (numpy only, float64 inside).

Three ways to get a derivative, compared in the gradients chapter: by hand, by finite
differences (this module) and by autograd. The central difference

.. math:: f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}

has truncation error :math:`\frac{h^2}{6} f'''(x)` and round-off error about
:math:`\varepsilon\,|f(x)|/h` (:math:`\varepsilon \approx 2.2\times10^{-16}` in float64):
shrinking :math:`h` helps until round-off takes over, so the error against :math:`h` is
U-shaped (:func:`fd_error_curve`), with its bottom near :math:`h \approx 10^{-5}` for
well-scaled functions. The forward difference :math:`(f(x+h) - f(x))/h` has truncation
error :math:`\frac{h}{2} f''(x)`, one order worse.

Inputs are converted to float64 before differencing: in float32, :math:`h = 10^{-5}`
would be lost in round-off.

>>> float(derivative(lambda x: x**2 + 3 * x + 1, 2.0))  # doctest: +ELLIPSIS
7.0000000...
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from ._i18n import _t
from ._result import FormerDict
from ._validation import _describe, as_float_array, positive_number, real_number

__all__ = [
    "FdErrorCurve",
    "GradientCheck",
    "derivative",
    "fd_error_curve",
    "gradient_check",
    "numerical_gradient",
    "numerical_jacobian",
    "scaled_error",
]


# ----------------------------------------------------------------------------- checks


def _callable(f: object, name: str) -> None:
    if not callable(f):
        raise TypeError(f"{name} must be a callable, got {_describe(f)}")


def _float64(x: object, name: str = "x") -> np.ndarray:
    """``x`` as a new float64 array (a copy: callers may perturb it)."""
    return np.array(as_float_array(x, name), dtype=np.float64)


def _scalar(value: object, name: str = "f(x)") -> float:
    """The value of a scalar function, as a float; a non-scalar raises ValueError."""
    arr = as_float_array(value, name)
    if arr.size != 1:
        raise ValueError(
            f"{name} must return a scalar, got an array of shape {arr.shape}; "
            "use numerical_jacobian for array-valued functions"
        )
    return float(arr.reshape(()))


def _output(value: object, shape: tuple[int, ...], name: str = "f(x)") -> np.ndarray:
    arr = np.asarray(as_float_array(value, name), dtype=np.float64)
    if arr.shape != shape:
        raise ValueError(f"{name} changed shape: got {arr.shape}, expected {shape}")
    return arr


# --------------------------------------------------------------------- differences


def derivative(f, x, h: float = 1e-5) -> np.ndarray:
    r"""Elementwise central difference of an elementwise function.

    .. math:: f'(x) \approx \frac{f(x+h) - f(x-h)}{2h}

    ``f`` is called twice, on the whole arrays ``x + h`` and ``x - h``, so it must act
    elementwise (like ``np.sin`` or :func:`nnprimer.activations.relu`). The autograd
    counterpart is ``torch.autograd.grad(f(t).sum(), t)``.

    Parameters
    ----------
    f : callable
        Elementwise function; ``f(x)`` has the shape of ``x``.
    x : float or array_like
    h : float
        Step, finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        float64, the shape of ``x``.

    Examples
    --------
    >>> derivative(np.sin, [0.0, np.pi])  # doctest: +ELLIPSIS
    array([ 1...., -1....])
    """
    _callable(f, "f")
    x = _float64(x)
    h = positive_number(h, "h")
    f_plus = _output(f(x + h), x.shape)
    f_minus = _output(f(x - h), x.shape)
    return (f_plus - f_minus) / (2 * h)


def numerical_gradient(f, x, h: float = 1e-5) -> np.ndarray:
    r"""Gradient of a scalar function by central differences, one coordinate at a time.

    .. math:: \frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    where :math:`e_i` is the i-th unit vector: :math:`2n` calls of ``f`` for an
    ``x`` with :math:`n` entries. The autograd counterpart is ``f(t).backward()`` followed
    by ``t.grad``.

    Parameters
    ----------
    f : callable
        Takes an array of the shape of ``x`` (float64) and returns a scalar (a
        one-element array counts as a scalar, as for ``Tensor.backward``).
    x : float or array_like
    h : float
        Step, finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        float64, the shape of ``x``.

    Examples
    --------
    >>> numerical_gradient(lambda w: np.sum(w**2), [1.0, -2.0])  # 2w  # doctest: +ELLIPSIS
    array([ 2...., -4....])
    """
    _callable(f, "f")
    x = _float64(x)
    h = positive_number(h, "h")
    grad = np.empty_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + h
        f_plus = _scalar(f(x.copy()))
        x[index] = original - h
        f_minus = _scalar(f(x.copy()))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_jacobian(f, x, h: float = 1e-5) -> np.ndarray:
    r"""Jacobian of an array function by central differences.

    .. math:: J_{i j} = \frac{\partial f_i}{\partial x_j}
              \approx \frac{f_i(x + h e_j) - f_i(x - h e_j)}{2h}

    The result has shape ``f(x).shape + x.shape``, the layout of
    ``torch.autograd.functional.jacobian``.

    Parameters
    ----------
    f : callable
        Takes an array of the shape of ``x`` (float64), returns an array of a fixed shape.
    x : float or array_like
    h : float
        Step, finite and ``> 0``.

    Returns
    -------
    numpy.ndarray
        float64, shape ``f(x).shape + x.shape``.

    Examples
    --------
    >>> J = numerical_jacobian(lambda v: np.array([v[0] * v[1], v[0] + v[1]]), [2.0, 3.0])
    >>> np.allclose(J, [[3.0, 2.0], [1.0, 1.0]])
    True
    """
    _callable(f, "f")
    x = _float64(x)
    h = positive_number(h, "h")
    out_shape = np.asarray(as_float_array(f(x.copy()), "f(x)")).shape
    jacobian = np.empty(out_shape + x.shape, dtype=np.float64)
    flat = jacobian.reshape(int(np.prod(out_shape)), x.size)  # a view: writes land in jacobian
    for column, index in enumerate(np.ndindex(x.shape)):
        original = x[index]
        x[index] = original + h
        f_plus = _output(f(x.copy()), out_shape)
        x[index] = original - h
        f_minus = _output(f(x.copy()), out_shape)
        x[index] = original
        flat[:, column] = ((f_plus - f_minus) / (2 * h)).ravel()
    return jacobian


# ------------------------------------------------------------------ gradient checks


@dataclass(frozen=True, eq=False, repr=False)
class GradientCheck:
    r"""Result of :func:`gradient_check`; true in a boolean context when it passed.

    Attributes
    ----------
    max_scaled_error : float
        Largest elementwise error relative to :math:`\max(1, |a_i|, |n_i|)`
        (:func:`scaled_error`); NaN when either gradient has a NaN, inf when one has an
        infinite entry.
    passed : bool
        ``max_scaled_error <= tol``.
    analytic, numerical : numpy.ndarray
        The two gradients compared (read-only float64 arrays of the shape of ``x``).
    worst_index : tuple of int
        Index of the entry with the largest error (the first NaN, if any).
    note : str or None
        Why the number alone does not tell the story: a NaN or infinite entry in a
        gradient, or every entry below ``tol`` (then a gradient several times too large
        passes); None otherwise.
    """

    max_scaled_error: float
    passed: bool
    analytic: np.ndarray
    numerical: np.ndarray
    worst_index: tuple
    note: str | None = None

    def __bool__(self) -> bool:
        return self.passed

    @property
    def max_rel_error(self) -> float:
        """Deprecated name of :attr:`max_scaled_error` (the error is not a plain relative error)."""
        warnings.warn("GradientCheck.max_rel_error is deprecated; use max_scaled_error (the error relative to "
                      "max(1, |a|, |n|))", DeprecationWarning, stacklevel=2)
        return self.max_scaled_error

    def __repr__(self) -> str:
        note = "" if self.note is None else f", note={self.note!r}"
        return (f"GradientCheck(passed={self.passed}, max_scaled_error={self.max_scaled_error:.3g}, "
                f"worst_index={self.worst_index}{note})")


def scaled_error(analytic, numerical) -> np.ndarray:
    r"""Elementwise error used by :func:`gradient_check`: the difference relative to
    :math:`\max(1, |a_i|, |n_i|)`.

    .. math:: e_i = \frac{|a_i - n_i|}{\max(1, |a_i|, |n_i|)}

    A relative error where the gradient is larger than 1, an absolute error where it is
    smaller (so it is not a relative error, and a gradient whose entries are all much
    smaller than 1 is hardly checked: rescale the function). The symmetric relative error
    :math:`|a-n|/(|a|+|n|)` would be 1 wherever the true gradient is 0 and the finite
    difference returns round-off noise such as :math:`10^{-11}`, failing correct gradients.
    An entry is NaN where either gradient is NaN, and ``inf`` where either is infinite.

    Parameters
    ----------
    analytic, numerical : array_like
        The two gradients, of the same shape (no broadcasting).

    Returns
    -------
    numpy.ndarray
        float64, that shape.

    Examples
    --------
    >>> scaled_error([0.0, 200.0], [1e-11, 202.0])  # doctest: +ELLIPSIS
    array([1.0...e-11, 9.9...e-03])
    """
    a = np.asarray(as_float_array(analytic, "analytic"), dtype=np.float64)
    n = np.asarray(as_float_array(numerical, "numerical"), dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"analytic and numerical must have the same shape, got {a.shape} and {n.shape}")
    finite = np.isfinite(a) & np.isfinite(n)
    a_f = np.where(finite, a, 0.0)
    n_f = np.where(finite, n, 0.0)
    scale = np.maximum(1.0, np.maximum(np.abs(a_f), np.abs(n_f)))
    not_finite = np.where(np.isnan(a) | np.isnan(n), np.nan, np.inf)
    return np.where(finite, np.abs(a_f - n_f) / scale, not_finite)


def _non_finite_note(analytic: np.ndarray, numerical: np.ndarray) -> str | None:
    """Which gradient has NaN (or infinite) entries, how many and where the first is; None if neither."""
    for kind, test in (("NaN", np.isnan), ("inf", np.isinf)):
        parts = []
        for name, g in ((_t("the analytic gradient"), analytic), (_t("the numerical gradient"), numerical)):
            bad = test(g)
            if bad.any():
                first = tuple(int(i) for i in np.unravel_index(int(np.argmax(bad)), g.shape))
                parts.append(_t("{kind} in {name} ({k} of {n} entries, the first at {first})", kind=kind, name=name,
                                k=int(bad.sum()), n=g.size, first=first))
        if parts:
            return "; ".join(parts)
    return None


def gradient_check(f, grad, x, h: float = 1e-5, tol: float = 1e-6) -> GradientCheck:
    r"""Compare an analytic gradient with the central-difference gradient.

    The error of each entry is its difference relative to :math:`\max(1, |a_i|, |n_i|)`

    .. math:: e_i = \frac{|a_i - n_i|}{\max(1, |a_i|, |n_i|)}

    (:func:`scaled_error`): a relative error for entries larger than 1 and an absolute
    one for smaller entries, so an exact zero gradient does not fail on round-off noise.
    With ``h=1e-5`` the central difference of a smooth, well-scaled function is accurate
    to about :math:`10^{-9}`, well below the default ``tol=1e-6``; a gradient with a
    missing term or a wrong factor is off by far more.

    Entries much smaller than ``tol`` in absolute value are hardly checked: a gradient
    twice too large still passes when both gradients are around :math:`10^{-9}`. When every
    entry of both gradients is below ``tol`` the check therefore warns (``UserWarning``)
    and says so in ``note``: scale the function up (multiply it by a constant) or lower
    ``tol``. A NaN in either gradient fails the check, with ``max_scaled_error`` NaN and
    ``note`` saying which gradient has it.

    This is the check ``torch.autograd.gradcheck`` does for autograd functions.

    Parameters
    ----------
    f : callable
        Scalar function of an array of the shape of ``x``.
    grad : callable or array_like
        Either the analytic gradient function (called as ``grad(x)``) or its value at
        ``x``; must have the shape of ``x``.
    x : float or array_like
        The point; at least one entry.
    h : float
        Finite-difference step, ``> 0``.
    tol : float
        Largest accepted error, ``> 0``.

    Returns
    -------
    GradientCheck
        ``passed`` is ``max_scaled_error <= tol``; ``bool(result)`` is ``passed``.

    Warns
    -----
    UserWarning
        When every entry of both gradients is below ``tol`` in absolute value.

    Examples
    --------
    >>> gradient_check(lambda w: np.sum(w**3), lambda w: 3 * w**2, [1.0, 2.0]).passed
    True
    >>> gradient_check(lambda w: np.sum(w**2), lambda w: np.full(2, np.nan), [1.0, 2.0]).note
    'NaN in the analytic gradient (2 of 2 entries, the first at (0,))'
    """
    _callable(f, "f")
    x = _float64(x)
    h = positive_number(h, "h")
    tol = positive_number(tol, "tol")
    if x.size == 0:
        raise ValueError("gradient_check needs an x with at least one entry, got an empty array")
    analytic = grad(x.copy()) if callable(grad) else grad
    analytic = np.array(as_float_array(analytic, "grad"), dtype=np.float64)
    if analytic.shape != x.shape:
        raise ValueError(f"the analytic gradient has shape {analytic.shape} but x has shape {x.shape}; they must match")
    numerical = numerical_gradient(f, x, h)
    errors = scaled_error(analytic, numerical)
    flat_worst = int(np.argmax(errors))  # the first NaN, else the first inf, else the largest error
    worst_index = tuple(int(i) for i in np.unravel_index(flat_worst, x.shape))
    max_scaled_error = float(errors.flat[flat_worst])
    note = _non_finite_note(analytic, numerical)
    if note is None:
        largest = float(max(np.abs(analytic).max(), np.abs(numerical).max()))
        if largest < tol:
            note = _t("every entry of both gradients is below tol = {tol:g} in absolute value (the largest is "
                      "{largest:.1e}), so the check cannot tell this gradient from one several times too large; "
                      "multiply the function by a large constant or lower tol", tol=tol, largest=largest)
            warnings.warn(note, UserWarning, stacklevel=2)
    analytic.setflags(write=False)
    numerical.setflags(write=False)
    return GradientCheck(
        max_scaled_error=max_scaled_error,
        passed=bool(max_scaled_error <= tol),
        analytic=analytic,
        numerical=numerical,
        worst_index=worst_index,
        note=note,
    )


@dataclass(frozen=True, eq=False)
class FdErrorCurve(FormerDict):
    """What :func:`fd_error_curve` measured, one value per step size.

    Attributes
    ----------
    steps : numpy.ndarray
        The step sizes :math:`h` (float64).
    central_error : numpy.ndarray
        The error of the central difference at each step.
    forward_error : numpy.ndarray
        The error of the forward difference at each step.
    """

    steps: np.ndarray
    central_error: np.ndarray
    forward_error: np.ndarray


def fd_error_curve(f, df, x0: float, steps) -> FdErrorCurve:
    r"""Error of the central and forward differences at a point, for each step size.

    For each :math:`h` in ``steps``:

    .. math:: e_\text{central}(h) = \left|\frac{f(x_0+h) - f(x_0-h)}{2h} - f'(x_0)\right|,
              \qquad
              e_\text{forward}(h) = \left|\frac{f(x_0+h) - f(x_0)}{h} - f'(x_0)\right| .

    On a log-log plot both curves are U-shaped: truncation error (slope 2 for central,
    1 for forward) on the right, round-off error (slope -1) on the left.

    Parameters
    ----------
    f : callable
        Scalar function of a scalar (called with Python floats).
    df : callable or float
        The exact derivative, as a function (called as ``df(x0)``) or its value at ``x0``.
    x0 : float
    steps : array_like
        1-D, finite step sizes ``> 0``, for example ``np.logspace(-15, 0, 61)``.

    Returns
    -------
    FdErrorCurve
        ``steps``, ``central_error``, ``forward_error``: float64 arrays of the length of
        ``steps``.

    Examples
    --------
    >>> curve = fd_error_curve(np.sin, np.cos, 1.0, [1e-1, 1e-5, 1e-12])
    >>> bool(curve.central_error[1] < curve.central_error[0])
    True
    """
    _callable(f, "f")
    x0 = real_number(x0, "x0")
    exact = _scalar(df(x0), "df(x0)") if callable(df) else real_number(df, "df")
    steps = _float64(steps, "steps")
    if steps.ndim != 1 or steps.size == 0:
        raise ValueError(f"steps must be a non-empty 1-D array, got shape {steps.shape}")
    if not np.all(np.isfinite(steps)) or not np.all(steps > 0):
        raise ValueError(f"steps must all be finite and > 0, got {steps!r}")
    f0 = _scalar(f(x0))
    central = np.empty_like(steps)
    forward = np.empty_like(steps)
    for i, h in enumerate(steps.tolist()):
        f_plus = _scalar(f(x0 + h))
        f_minus = _scalar(f(x0 - h))
        central[i] = abs((f_plus - f_minus) / (2 * h) - exact)
        forward[i] = abs((f_plus - f0) / h - exact)
    return FdErrorCurve(steps=steps, central_error=central, forward_error=forward)
