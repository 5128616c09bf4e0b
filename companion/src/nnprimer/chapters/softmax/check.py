"""Checkers of the softmax chapter's exercises."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..._i18n import N_, _t
from ..._validation import choice as _one_of
from ...check import (Report, _Failed, compare, derivative, if_torch, one_number_per_case, require_callable,
                    run, unanswered, value)

__all__ = ["double_softmax_floor", "lse_derivative", "softmax_implementation", "temperature_for_top_probability"]

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
    from ... import activations

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


#: The two fixed logits of :func:`lse_derivative` (the figure of the definition section).
_OTHER_LOGITS = (1.0, -1.0)
_LSE_POINTS = (-800.0, -30.0, -3.0, -1.0, 0.0, 0.5, 1.0, 2.0, 4.0, 30.0, 800.0)


def _lse_of_first(x: np.ndarray) -> np.ndarray:
    r""":math:`\log(e^{x} + e^{1} + e^{-1})`, elementwise, without overflow."""
    return np.logaddexp(x, np.logaddexp(*_OTHER_LOGITS))


def _torch_lse_of_first(torch: Any) -> Callable[[Any], Any]:
    def lse(t):
        others = [torch.full_like(t, v) for v in _OTHER_LOGITS]
        return torch.logsumexp(torch.stack([t, *others]), dim=0)

    return lse


def lse_derivative(answer: Any) -> Report:
    r"""Exercise "The gradient of log-sum-exp": the derivative, derived by hand, of
    :math:`f(x) = \mathrm{LSE}(x, 1, -1) = \log(e^{x} + e^{1} + e^{-1})`, the log-sum-exp
    of three logits of which the first varies.

    Since :math:`\partial\,\mathrm{LSE}/\partial z_i = \mathrm{softmax}(z)_i`, the answer is
    :math:`f'(x) = \mathrm{softmax}(x, 1, -1)_0`. ``answer(x)`` is called once on an array
    of points from :math:`-800` to :math:`800` (where :math:`e^{\pm 800}` overflows, so the
    formula must be computed as the chapter computes softmax) and compared with central
    finite differences of :math:`f` and, when PyTorch is installed, with autograd through
    ``torch.logsumexp`` (see :func:`nnprimer.check.derivative`).

    >>> from nnprimer import activations as act
    >>> lse_derivative(lambda x: act.softmax(np.stack([x, 0 * x + 1, 0 * x - 1], axis=-1))[:, 0])
    ✓ Correct: all 11 checks pass.
    >>> lse_derivative(lambda x: np.exp(x) / (np.exp(x) + np.e + 1 / np.e)).passed
    False
    """
    return derivative(answer, _lse_of_first, np.array(_LSE_POINTS), torch_f=if_torch(_torch_lse_of_first))


def double_softmax_floor(answer: Any) -> Report:
    r"""Exercise "The floor of the wrong loss": the smallest value of
    ``nn.CrossEntropyLoss`` on probabilities :math:`p` (a softmax applied twice), as a
    function of the number of classes :math:`K`.

    The loss is :math:`-p_y + \log \sum_j e^{p_j} \ge \log\bigl(1 + (K - 1)/e\bigr)`, with
    equality for the one-hot :math:`p` on the correct class. ``answer(K)`` is called for
    :math:`K = 2, 3, 10, 1000` (a Python int) and compared with the cross-entropy of that
    one-hot vector taken as logits (:func:`nnprimer.activations.cross_entropy`), to a
    relative :math:`10^{-9}`; the report says whether a value is too large or too small.

    >>> double_softmax_floor(lambda K: np.log(1 + (K - 1) / np.e))
    ✓ Correct: all 4 checks pass.
    >>> double_softmax_floor(lambda K: np.log(K)).passed
    False
    """
    from ... import activations

    def reference(K: int) -> float:
        return float(activations.cross_entropy(np.eye(K)[:1], np.array([0])))

    cases = [(_t("{K} classes", K=K), (K,)) for K in (2, 3, 10, 1000)]
    return one_number_per_case(answer, reference, cases, rtol=1e-9)


#: The logits of the temperature section and the top probability the exercise asks for.
_TEMPERATURE_LOGITS = (3.0, 1.0, 0.2)
_TEMPERATURE_TOP = 0.9


def temperature_for_top_probability(answer: Any) -> Report:
    r"""Exercise "Choose a temperature": the :math:`T` at which the largest probability of
    :math:`\mathrm{softmax}(z / T)` for :math:`z = (3, 1, 0.2)` is 0.9, to four decimals
    (within :math:`5 \times 10^{-5}`).

    The top probability :math:`p_0(T) = 1 / \bigl(1 + \sum_{j \ne 0} e^{-(z_0 - z_j)/T}\bigr)`
    falls as :math:`T` grows; the checker solves :math:`p_0(T) = 0.9` with
    :func:`scipy.optimize.brentq` on :func:`nnprimer.chapters.softmax.softmax_temperature`
    (:math:`T \approx 0.797`).

    >>> temperature_for_top_probability(1.0)
    ✗ 1 of 1 checks fail:
      - T = 1 is too large (it must be within 5e-05 of the answer)
    """
    from scipy.optimize import brentq

    from .experiments import softmax_temperature

    z = np.array(_TEMPERATURE_LOGITS)
    target = brentq(lambda T: softmax_temperature(z, [T]).probabilities[0, 0] - _TEMPERATURE_TOP, 0.01, 10.0, xtol=1e-12)
    return value(answer, target, rtol=0.0, atol=5e-5, name="T")
