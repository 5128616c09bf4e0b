"""Checkers of the softmax chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._i18n import N_, _t
from .._validation import choice as _one_of
from ._core import Report, _Failed, compare, require_callable, run, unanswered

__all__ = ["softmax_implementation"]

# (key, logits) of the cases softmax_implementation tries, one property each.
_SOFTMAX_CASES = (
    ("ordinary", [1.0, 2.0, 3.0]),
    ("large", [1000.0, 0.0, -1000.0]),
    ("very_negative", [-1000.0, -1001.0, -1002.0]),
    ("small_probability", [0.0, -800.0]),  # e^-800 underflows to 0 in float64
    ("minus_inf", [0.0, -np.inf, 1.0]),
    ("batch", [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),
)
_CASE_TEXT = {
    "ordinary": N_("ordinary logits {z}"),
    "large": N_("large logits {z}"),
    "very_negative": N_("very negative logits {z}"),
    "small_probability": N_("a tiny probability {z}"),
    "minus_inf": N_("a -inf logit {z}"),
    "batch": N_("a batch of rows (shape (2, 3), softmax along the last axis)"),
}


def softmax_implementation(answer: Any, reference: str = "log_softmax") -> Report:
    r"""A reader's softmax or log-softmax against the companion's.

    ``answer(x)`` is called on a few float64 inputs, each probing one property (ordinary
    values, large logits that overflow ``exp``, very negative logits that underflow it,
    a probability below float64's smallest number, a ``-inf`` logit, a 2-D batch). A case
    passes when the result is close to :func:`nnprimer.activations.softmax` or
    :func:`~nnprimer.activations.log_softmax` (``rtol=1e-9``, ``atol=1e-12``, equal
    infinities) and no error, warning, overflow or division by zero happened (underflow to
    0 is fine). The report describes the failing input and what came back, not the fix.

    >>> from nnprimer import activations
    >>> softmax_implementation(activations.log_softmax)
    ✓ Correct: all 6 checks pass.
    >>> softmax_implementation(lambda x: np.log(activations.softmax(x))).passed
    False
    """
    from .. import activations

    require_callable(answer, "answer")
    reference = _one_of(reference, "reference", ("log_softmax", "softmax"))
    if unanswered(answer):
        return Report(cases=len(_SOFTMAX_CASES), answered=False)
    ref = getattr(activations, reference)
    problems = []
    for index, (key, logits) in enumerate(_SOFTMAX_CASES):
        x = np.array(logits, dtype=np.float64)
        case = _t(_CASE_TEXT[key], z=x.tolist())
        expected = ref(x)
        try:  # log(0) = -inf is the right answer where the reference is -inf itself
            got = run(answer, (x,), case, divide="ignore" if np.isneginf(expected).any() else "raise")
        except _Failed as failed:
            problems.append(str(failed))
            continue
        if got is None and index == 0:
            return Report(cases=len(_SOFTMAX_CASES), answered=False)
        problem = compare(got, expected, case)
        if problem:
            problems.append(problem)
    return Report(cases=len(_SOFTMAX_CASES), problems=tuple(problems))
