"""Checkers of the tanh chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import N_, _t
from ...check import (Report, _Failed, compare, derivative, if_torch, require_callable, run, unanswered, value,
                    values)

__all__ = ["lecun_tanh_values", "tanh_implementation", "tanh_via_sigmoid_derivative", "tanh_via_sigmoid_saturation"]

# (key, inputs) of the cases tanh_implementation tries, one property each.
_TANH_CASES = (
    ("ordinary", [-2.0, -0.5, 0.0, 0.5, 2.0]),
    ("large", [20.0, 400.0, 1000.0]),
    ("very_negative", [-20.0, -400.0, -1000.0]),
    ("tiny", [1e-12, -3e-9, 2e-6]),
    ("batch", [[-1.0, 0.0], [1.0, 3.0]]),
)
_TANH_CASE_TEXT = {
    "ordinary": N_("ordinary inputs {x}"),
    "large": N_("large inputs {x}"),
    "very_negative": N_("very negative inputs {x}"),
    "tiny": N_("inputs close to 0 {x} (compared with relative error 1e-9)"),
    "batch": N_("a 2-D array of shape (2, 2)"),
}


def _ten_digits(a: np.ndarray) -> list[float]:
    """The entries of ``a`` as a flat list, rounded to 10 significant digits (for messages)."""
    return [float(f"{v:.10g}") for v in a.ravel()]


def _fails(answer: Any, v: float) -> bool:
    """Whether ``answer`` fails (error, warning, overflow, NaN) on the one-element array ``[v]``."""
    try:
        run(answer, (np.array([v], dtype=np.float64),), "")
    except _Failed:
        return True
    return False


def _where_it_fails(answer: Any, x: np.ndarray, problem: str) -> str:
    """``problem`` (a failure on the whole array ``x``), naming the inputs that cause it
    when only some do: float64 :math:`e^{x}` overflows only past :math:`x \\approx 709.78`,
    so of ``[20, 400, 1000]`` only 1000 overflows, and the message must not blame all three."""
    bad = [v for v in x.ravel().tolist() if _fails(answer, v)]
    if not bad or len(bad) == x.size:
        return problem
    return _t("{problem}, for x = {bad} only", problem=problem, bad=bad)


def tanh_implementation(answer: Any) -> Report:
    r"""A reader's float64 tanh against :func:`nnprimer.activations.tanh`.

    ``answer(x)`` is called on a few float64 arrays, each probing one property: ordinary
    inputs, large and very negative inputs (where :math:`e^{x}` or :math:`e^{-x}`
    overflows), inputs close to 0 (where :math:`e^{x} - e^{-x}` loses its leading digits to
    cancellation) and a 2-D array. A case passes when the result agrees with the reference
    to a relative error of :math:`10^{-9}` (absolute :math:`10^{-12}` except for the
    inputs close to 0, which are compared relatively only) and no error, warning, overflow
    or NaN happened. When a case fails that way on some of its inputs only, the message
    names them: float64 :math:`e^{x}` overflows only past :math:`x \approx 709.78`, so the
    literal definition fails on 1000 but not on 20 or 400.

    >>> tanh_implementation(np.tanh)
    ✓ Correct: all 5 checks pass.
    >>> tanh_implementation(lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))).passed
    False
    """
    from ... import activations

    require_callable(answer, "answer")
    if unanswered(answer):
        return Report(cases=len(_TANH_CASES), answered=False)
    problems = []
    for index, (key, inputs) in enumerate(_TANH_CASES):
        x = np.array(inputs, dtype=np.float64)
        case = _t(_TANH_CASE_TEXT[key], x=x.tolist())
        try:
            got = run(answer, (x,), case)
        except _Failed as failed:
            problems.append(_where_it_fails(answer, x, str(failed)))
            continue
        if got is None and index == 0:
            return Report(cases=len(_TANH_CASES), answered=False)
        problem = compare(got, activations.tanh(x), case, atol=0.0 if key == "tiny" else 1e-12, show=_ten_digits)
        if problem:
            problems.append(problem)
    return Report(cases=len(_TANH_CASES), problems=tuple(problems))


def tanh_via_sigmoid_derivative(answer: Any) -> Report:
    r"""Exercise "The derivative through the sigmoid": the derivative of
    :math:`g(x) = 2\sigma(2x) - 1`, derived by hand.

    The chain rule gives :math:`g'(x) = 4\,\sigma(2x)\bigl(1 - \sigma(2x)\bigr)`, which is
    :math:`1 - \tanh^2(x)`. ``answer(x)`` is called on 17 points in :math:`[-4, 4]` and
    compared with central finite differences of :math:`g` (:func:`nnprimer.grad.derivative`)
    and, when PyTorch is installed, with ``torch.autograd`` through
    ``2 * torch.sigmoid(2 * x) - 1`` (see :func:`nnprimer.check.derivative`).

    >>> from nnprimer import activations as act
    >>> tanh_via_sigmoid_derivative(lambda x: 1 - np.tanh(x) ** 2)
    ✓ Correct: all 17 checks pass.
    >>> tanh_via_sigmoid_derivative(lambda x: 2 * act.sigmoid(2 * x) * (1 - act.sigmoid(2 * x))).passed
    False
    """
    from ... import activations

    return derivative(answer, lambda x: 2 * activations.sigmoid(2 * x) - 1, np.linspace(-4.0, 4.0, 17),
                      torch_f=if_torch(lambda torch: lambda t: 2 * torch.sigmoid(2 * t) - 1))


def _float32_via_sigmoid_is_one(x: float) -> bool:
    """Whether ``2 * sigmoid(2 x) - 1``, computed in float32, is exactly 1."""
    from ... import activations

    s = activations.sigmoid(np.float32(2) * np.float32(x))
    return bool(np.float32(2) * s - np.float32(1) == 1)


def tanh_via_sigmoid_saturation(answer: Any) -> Report:
    r"""Exercise "Saturating too early": the smallest :math:`x` from which
    :math:`2\sigma(2x) - 1`, computed in float32, is exactly 1.0, to 0.1 %.

    The float32 sigmoid is exactly 1.0 from :math:`24 \ln 2`, and doubling and subtracting
    1 are exact for :math:`\sigma \in [1/2, 1)`, so the threshold is :math:`12 \ln 2
    \approx 8.318`. The checker measures it with :func:`nnprimer.chapters.sigmoid.float32_threshold`
    on the companion's float32 sigmoid (which rounds like ``torch.sigmoid`` there).

    >>> tanh_via_sigmoid_saturation(9.01)
    ✗ 1 of 1 checks fail:
      - x_one = 9.01 is too large (it must be within 0.1% of the answer)
    """
    from ..sigmoid.experiments import float32_threshold

    return value(answer, float32_threshold(_float32_via_sigmoid_is_one, 1.0, 20.0), rtol=1e-3, name="x_one")


def lecun_tanh_values(answer: Any) -> Report:
    r"""Exercise "LeCun's scaled tanh": for :math:`f(x) = 1.7159 \tanh(\tfrac23 x)`, the
    tuple :math:`\bigl(f(1), f'(0), x_{0.01}\bigr)`, each to 0.1 %, where :math:`x_{0.01} > 0`
    is where :math:`f'` falls to 0.01.

    With :math:`a = 1.7159` and :math:`b = 2/3`, :math:`f'(x) = ab\,(1 - \tanh^2(bx))`, so
    :math:`f'(0) = ab` and :math:`x_{0.01} = \operatorname{artanh}\sqrt{1 - 0.01/(ab)}\,/\,b`.
    The checker computes :math:`f(1)` with :func:`nnprimer.activations.tanh`.

    >>> lecun_tanh_values((1.0, 1.144, 4.591))
    ✓ Correct: all 3 checks pass.
    >>> lecun_tanh_values((1.0, 1.7159, 4.49))
    ✗ 2 of 3 checks fail:
      - f'(0) = 1.7159 is too large (it must be within 0.1% of the answer)
      - x_edge = 4.49 is too small (it must be within 0.1% of the answer)
    """
    from ... import activations

    a, b = 1.7159, 2.0 / 3.0
    edge = float(np.arctanh(np.sqrt(1 - 0.01 / (a * b))) / b)
    expected = {"f(1)": float(a * activations.tanh(b)), "f'(0)": a * b, "x_edge": edge}
    return values(answer, [(name, want, 1e-3, 0.0) for name, want in expected.items()])
