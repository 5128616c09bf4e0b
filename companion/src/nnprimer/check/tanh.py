"""Checkers of the tanh chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._i18n import N_, _t
from ._core import Report, _Failed, compare, require_callable, run, unanswered

__all__ = ["tanh_implementation"]

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


def tanh_implementation(answer: Any) -> Report:
    r"""A reader's float64 tanh against :func:`nnprimer.activations.tanh`.

    ``answer(x)`` is called on a few float64 arrays, each probing one property: ordinary
    inputs, large and very negative inputs (where :math:`e^{x}` or :math:`e^{-x}`
    overflows), inputs close to 0 (where :math:`e^{x} - e^{-x}` loses its leading digits to
    cancellation) and a 2-D array. A case passes when the result agrees with the reference
    to a relative error of :math:`10^{-9}` (absolute :math:`10^{-12}` except for the
    inputs close to 0, which are compared relatively only) and no error, warning, overflow
    or NaN happened.

    >>> tanh_implementation(np.tanh)
    ✓ Correct: all 5 checks pass.
    >>> tanh_implementation(lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))).passed
    False
    """
    from .. import activations

    require_callable(answer, "answer")
    if unanswered(answer):
        return Report(cases=len(_TANH_CASES), answered=False)
    problems = []
    for index, (key, values) in enumerate(_TANH_CASES):
        x = np.array(values, dtype=np.float64)
        case = _t(_TANH_CASE_TEXT[key], x=x.tolist())
        try:
            got = run(answer, (x,), case)
        except _Failed as failed:
            problems.append(str(failed))
            continue
        if got is None and index == 0:
            return Report(cases=len(_TANH_CASES), answered=False)
        problem = compare(got, activations.tanh(x), case, atol=0.0 if key == "tiny" else 1e-12, show=_ten_digits)
        if problem:
            problems.append(problem)
    return Report(cases=len(_TANH_CASES), problems=tuple(problems))
