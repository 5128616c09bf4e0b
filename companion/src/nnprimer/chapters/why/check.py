"""Checkers of the "why activation functions" chapter's exercises."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from ..._i18n import _t
from ..._validation import _describe
from ...check import Report, derivative, function, if_torch, require_callable, unanswered

__all__ = ["relu_sum_slope", "tent_composed", "wasted_knot_pieces", "xor_affine_fit", "xor_relu_weights"]

#: The four XOR inputs (rows) and their targets, in the order the exercises use.
XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])


def _numbers(answer: Any, name: str) -> tuple[np.ndarray | None, str | None]:
    """``answer`` as a float64 array, or None and the problem."""
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None, _t("{name} must be numbers, got {g}", name=name, g=_describe(answer))
    if not np.all(np.isfinite(got)):
        return None, _t("{name} contains NaN or inf", name=name)
    return got, None


# ----------------------------------------------------------------------------------------
# Exercise "The slope of a sum of ReLUs"
# ----------------------------------------------------------------------------------------
def _slope_fits() -> list:
    """Two fits the slope is checked on: evenly spaced knots, and knots placed by hand."""
    from .experiments import relu_fit

    x = np.linspace(-np.pi, np.pi, 1001)
    return [relu_fit(x, np.sin(x + 0.5), 6),
            relu_fit(x, np.cos(2 * x), 5, knots=[-np.pi, -2.0, -0.3, 0.4, 2.5])]


def relu_sum_slope(answer: Any) -> Report:
    r"""Exercise "The slope of a sum of ReLUs": ``answer(fit, x)`` must return
    :math:`f'(x)` of a :class:`~nnprimer.chapters.why.ReluFit`,

    .. math:: f(x) = c + \sum_j a_j\,\mathrm{ReLU}(x - t_j), \qquad
              f'(x) = \sum_{j:\ t_j < x} a_j \quad (x \ne t_j),

    at points that are not knots. It is checked with :func:`~nnprimer.check.derivative`
    (finite differences of ``fit`` and, when PyTorch is installed, autograd through
    ``fit.torch()``) on two fits: six evenly spaced knots, and five knots placed unevenly,
    so that an answer which assumes even spacing fails. Each fit is tried at the points
    :math:`-3, -2.75, \ldots, 3` that are farther than :math:`10^{-3}` from its knots.

    >>> relu_sum_slope(lambda fit, x: (np.asarray(x)[..., None] > fit.knots) @ fit.weights)
    ✓ Correct: all 47 checks pass.
    >>> relu_sum_slope(lambda fit, x: np.full_like(x, fit.weights.sum())).passed
    False
    """
    require_callable(answer, "answer")
    fits = _slope_fits()
    points = np.linspace(-3.0, 3.0, 25)
    if unanswered(answer):
        return Report(cases=len(fits) * points.size, answered=False)
    cases, by_fit = 0, []
    for fit in fits:
        at = points[np.min(np.abs(points[:, None] - fit.knots), axis=1) > 1e-3]
        report = derivative(lambda x, fit=fit: answer(fit, x), fit, at, torch_f=_torch_of(fit))
        if not report.answered:
            return Report(cases=len(fits) * points.size, answered=False)
        label = _t("fit with knots {t}", t=np.round(fit.knots, 2).tolist())
        cases += report.cases
        by_fit.append([_t("{fit}: {problem}", fit=label, problem=p) for p in report.problems])
    # alternate between the fits, so that the first lines of the report show both
    problems = [p for row in itertools.zip_longest(*by_fit) for p in row if p is not None]
    return Report(cases=cases, problems=tuple(problems))


def _torch_of(fit: Any):
    """``fit`` as a function of a 1-D float64 tensor (for autograd), or None without PyTorch."""
    def as_tensor_function(torch: Any):
        net = fit.torch()
        return lambda t: net(t[:, None])[:, 0]

    return if_torch(as_tensor_function)


# ----------------------------------------------------------------------------------------
# Exercise "XOR is not affine"
# ----------------------------------------------------------------------------------------
def xor_affine_fit(answer: Any) -> Report:
    r"""Exercise "XOR is not affine": ``answer`` holds the four outputs, on the inputs
    :data:`XOR_INPUTS` in that order, of the affine map :math:`w_1 x_1 + w_2 x_2 + b`
    that fits the XOR targets best by least squares.

    Three checks: four finite numbers; they come from an affine map (they lie in the column
    space of :math:`[1, x_1, x_2]`); and that map is the least-squares one (the residual is
    orthogonal to :math:`1, x_1, x_2`, the normal equations). The report says which check
    fails, not the outputs.

    >>> xor_affine_fit([0.0, 1.0, 1.0, 0.0])
    ✗ 1 of 3 checks fail:
      - these 4 outputs come from no affine map w1 x1 + w2 x2 + b
    """
    cases = 3
    if unanswered(answer):
        return Report(cases=cases, answered=False)
    got, problem = _numbers(answer, "xor_fit")
    if problem:
        return Report(cases=cases, problems=(problem,))
    if got.size != 4:
        return Report(cases=cases, problems=(_t("xor_fit has {g} numbers, expected 4: one output per input",
                                                 g=got.size),))
    got = got.reshape(4)
    design = np.column_stack([np.ones(4), XOR_INPUTS])
    coef = np.linalg.lstsq(design, got, rcond=None)[0]
    if not np.allclose(design @ coef, got, rtol=0.0, atol=1e-9):
        return Report(cases=cases, problems=(_t("these 4 outputs come from no affine map w1 x1 + w2 x2 + b"),))
    if not np.allclose(design.T @ (XOR_TARGETS - got), 0.0, rtol=0.0, atol=1e-9):
        return Report(cases=cases, problems=(_t("these outputs come from an affine map, but not the least-squares "
                                                "one: its squared error can still be lowered"),))
    return Report(cases=cases)


# ----------------------------------------------------------------------------------------
# Exercise "XOR with two ReLUs"
# ----------------------------------------------------------------------------------------
_XOR_SHAPES = (("W1", (2, 2)), ("b1", (2,)), ("w2", (2,)), ("b2", ()))


def xor_relu_weights(answer: Any) -> Report:
    r"""Exercise "XOR with two ReLUs": ``answer = (W1, b1, w2, b2)``, the parameters of
    ``Linear(2, 2) -> ReLU -> Linear(2, 1)``, must compute XOR exactly (to
    :math:`10^{-9}`) on the four inputs:

    .. math:: y = w_2^\top \mathrm{ReLU}(W_1 x + b_1) + b_2 .

    ``W1`` has shape (2, 2) and acts as PyTorch's ``Linear.weight`` (output by input);
    ``w2`` may also be given as (1, 2) and ``b2`` as (1,), PyTorch's shapes. One check per
    input; the report names the inputs whose output is wrong and what came out.

    >>> xor_relu_weights(([[1, 1], [1, 1]], [0, -1], [1, -2], 0))
    ✓ Correct: all 4 checks pass.
    >>> xor_relu_weights(([[1, 1], [1, 1]], [0, -1], [1, -1], 0)).passed
    False
    """
    from ...activations import relu

    cases = len(XOR_INPUTS)
    if unanswered(answer) or (isinstance(answer, (tuple, list)) and any(unanswered(a) for a in answer)):
        return Report(cases=cases, answered=False)
    if not isinstance(answer, (tuple, list)) or len(answer) != 4:
        return Report(cases=cases, problems=(_t("give the four parameters as (W1, b1, w2, b2), got {g}",
                                                g=_describe(answer)),))
    params = []
    for (name, shape), value in zip(_XOR_SHAPES, answer):
        got, problem = _numbers(value, name)
        if problem:
            return Report(cases=cases, problems=(problem,))
        if got.size != int(np.prod(shape)):
            return Report(cases=cases, problems=(_t("{name} has shape {g}, expected {e}", name=name, g=got.shape,
                                                    e=shape),))
        params.append(got.reshape(shape))
    W1, b1, w2, b2 = params
    outputs = relu(XOR_INPUTS @ W1.T + b1) @ w2 + b2
    problems = [_t("input {x}: output {o:.6g}, XOR is {t:g}", x=tuple(int(v) for v in x), o=o, t=t)
                for x, o, t in zip(XOR_INPUTS, outputs, XOR_TARGETS) if not abs(o - t) <= 1e-9]
    return Report(cases=cases, problems=tuple(problems))


# ----------------------------------------------------------------------------------------
# Exercise "Depth multiplies the pieces"
# ----------------------------------------------------------------------------------------
_TENT_POINTS = (0.0, 0.1, 0.3, 0.45, 0.6, 0.77, 0.95, 1.0)


def tent_reference(t: np.ndarray, depth: int) -> np.ndarray:
    r"""The tent map :math:`T(t) = 2\,\mathrm{ReLU}(t) - 4\,\mathrm{ReLU}(t - 1/2)` applied
    ``depth`` times."""
    from ...activations import relu

    for _ in range(depth):
        t = 2 * relu(t) - 4 * relu(t - 0.5)
    return t


def tent_composed(answer: Any) -> Report:
    r"""Exercise "Depth multiplies the pieces": ``answer(t, depth)`` must return
    :math:`T^{\circ L}(t) = T(T(\cdots T(t)))` (``depth`` :math:`= L` times) for the tent
    map :math:`T(t) = 2\,\mathrm{ReLU}(t) - 4\,\mathrm{ReLU}(t - 1/2)`, elementwise on a
    float64 array. Tried at eight points of :math:`[0, 1]` for depths 1, 2, 3 and 5, against
    :func:`tent_reference` (``rtol=1e-9``, ``atol=1e-12``).

    >>> tent_composed(tent_reference)
    ✓ Correct: all 4 checks pass.
    >>> tent_composed(lambda t, depth: tent_reference(t, 1) ** depth).passed
    False
    """
    t = np.array(_TENT_POINTS)
    cases = [(_t("depth {d}, t = {t}", d=d, t=list(_TENT_POINTS)), (t, d)) for d in (1, 2, 3, 5)]
    return function(answer, tent_reference, cases)


# ----------------------------------------------------------------------------------------
# Exercise "A wasted knot"
# ----------------------------------------------------------------------------------------
_WASTED_KS = (2, 3, 4, 5, 6)


def wasted_knot_pieces(answer: Any) -> Report:
    r"""Exercise "A wasted knot": ``answer`` lists the number of straight pieces of the
    least-squares fit of :math:`\sin x` on :math:`[-\pi, \pi]` (1001 points, evenly spaced
    knots) by :math:`k = 2, 3, 4, 5, 6` ReLUs, in that order. The counts are computed
    with :func:`~nnprimer.chapters.why.relu_fit` and
    :func:`~nnprimer.chapters.why.count_linear_pieces`; the report says, for each wrong
    :math:`k`, whether the count is too large or too small.

    >>> wasted_knot_pieces([2, 3, 4, 5, 6]).problems[0]
    'k = 2: 2 pieces is too many'
    """
    from .experiments import count_linear_pieces, relu_fit

    cases = len(_WASTED_KS)
    if unanswered(answer):
        return Report(cases=cases, answered=False)
    got, problem = _numbers(answer, "pieces")
    if problem:
        return Report(cases=cases, problems=(problem,))
    if got.shape != (cases,):
        return Report(cases=cases, problems=(_t("give {n} counts, one for each k in {ks}, got shape {g}", n=cases,
                                                ks=list(_WASTED_KS), g=got.shape),))
    x = np.linspace(-np.pi, np.pi, 1001)
    problems = []
    for k, g in zip(_WASTED_KS, got):
        expected = count_linear_pieces(x, relu_fit(x, np.sin(x), k).prediction)
        if g > expected:
            problems.append(_t("k = {k}: {g:g} pieces is too many", k=k, g=g))
        elif g < expected:
            problems.append(_t("k = {k}: {g:g} pieces is too few", k=k, g=g))
    return Report(cases=cases, problems=tuple(problems))
