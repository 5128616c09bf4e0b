"""Checkers of the vanishing-gradients chapter's exercises."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._i18n import N_, _t
from ..._validation import _describe
from .experiments import clip_by_global_norm as _reference
from ...check import Report, _Failed, derivative, if_torch, require_callable, run, unanswered, values

__all__ = ["clip_by_global_norm", "glorot_std_ratio", "product_scale_range", "scalar_rnn_gradient"]

#: Steps of the scalar recurrence of :func:`scalar_rnn_gradient`, and the weights it tries.
_RNN_STEPS, _RNN_WEIGHTS = 10, (0.5, 1.0, 1.5)


def _scalar_rnn(h0: Any, w: float) -> Any:
    """:math:`h_T` of :math:`h_t = \\tanh(w h_{t-1})` after :data:`_RNN_STEPS` steps (numpy or torch)."""
    h = h0
    for _ in range(_RNN_STEPS):
        h = np.tanh(w * h) if isinstance(h, np.ndarray) else (w * h).tanh()
    return h


def scalar_rnn_gradient(answer: Any) -> Report:
    r"""Exercise "The gradient through a scalar RNN": a reader's ``answer(h0, w)``, the
    derivative :math:`\partial h_T / \partial h_0` of the recurrence
    :math:`h_t = \tanh(w\, h_{t-1})` after :math:`T = 10` steps, derived by hand.

    The chain rule gives :math:`\partial h_t / \partial h_{t-1} = w\,(1 - h_t^2)`, so

    .. math:: \frac{\partial h_T}{\partial h_0} = \prod_{t=1}^{T} w\,\bigl(1 - h_t^2\bigr) .

    ``answer`` acts elementwise on an array of :math:`h_0`; for each :math:`w \in \{0.5,
    1, 1.5\}` it is checked with :func:`~nnprimer.check.derivative` (finite differences of
    :math:`h_T` and, when PyTorch is installed, autograd) at 7 points of :math:`[-0.9,
    0.9]`. A problem names :math:`w`, the point and both values.

    >>> def product(h0, w):
    ...     h, d = h0, 1.0
    ...     for _ in range(10):
    ...         h = np.tanh(w * h)
    ...         d = d * w * (1 - h**2)
    ...     return d
    >>> scalar_rnn_gradient(product)
    ✓ Correct: all 21 checks pass.
    >>> scalar_rnn_gradient(lambda h0, w: w**10 + 0 * h0).passed
    False
    """
    require_callable(answer, "answer")
    points = np.array([-0.9, -0.5, -0.2, 0.0, 0.1, 0.5, 0.9])
    cases = len(_RNN_WEIGHTS) * points.size
    if unanswered(answer):
        return Report(cases=cases, answered=False)
    problems = []
    for w in _RNN_WEIGHTS:
        report = derivative(lambda h0, w=w: answer(h0, w), lambda h0, w=w: _scalar_rnn(h0, w), points,
                            torch_f=if_torch(lambda torch: lambda h0, w=w: _scalar_rnn(h0, w)))
        if not report.answered:
            return Report(cases=cases, answered=False)
        problems += [f"w = {w}: {p}" for p in report.problems]
    return Report(cases=cases, problems=tuple(problems))


def product_scale_range(answer: Any) -> Report:
    r"""Exercise "How close to 1?": ``(s_low, s_high)``, the range of scales :math:`s` for
    which the norm after 50 random matrices, :math:`\approx s^{50}`, stays within a factor
    10 of 1: :math:`10^{-1} \le s^{50} \le 10`. Each end must be right to 0.1 %.

    >>> product_scale_range((0.98, 1.02)).passed
    False
    """
    depth, factor = 50, 10.0
    return values(answer, [("s_low", factor ** (-1 / depth), 1e-3, 0.0),
                             ("s_high", factor ** (1 / depth), 1e-3, 0.0)])


def glorot_std_ratio(answer: Any) -> Report:
    r"""Exercise "Does the width matter?": ``(ratio_100, ratio_300)``, the factor by which
    one tanh layer of Glorot and Bengio's experiment multiplies the standard deviation of
    the activations, predicted for widths 100 and 300, to 1 %.

    The weights are uniform in :math:`\pm 1/\sqrt n`, so :math:`\operatorname{Var} W =
    1/(3n)`; with :math:`\tanh(z) \approx z`, :math:`\operatorname{Var} z = n
    \operatorname{Var} W\, \mathbb{E}[h^2]`, so the standard deviation is multiplied by
    :math:`\sqrt{n \operatorname{Var} W}` at width :math:`n`.

    >>> glorot_std_ratio((1 / 3, 1 / 3)).passed
    False
    """
    expected = []
    for name, n in (("ratio_100", 100), ("ratio_300", 300)):
        var_w = (1 / math.sqrt(n)) ** 2 / 3  # U(-b, b) has variance b^2 / 3
        expected.append((name, math.sqrt(n * var_w), 1e-2, 0.0))
    return values(answer, expected)


def clip_by_global_norm(answer: Any) -> Report:
    r"""A reader's ``answer(grads, max_norm)`` against
    :func:`nnprimer.chapters.vanishing.clip_by_global_norm`.

    ``answer`` receives a list of float64 arrays and :math:`c` and must return the clipped list
    (it may also return ``(clipped, total_norm)``). The cases check, one property each: a
    gradient below the threshold is unchanged; one above it is scaled to norm :math:`c`
    *as a whole* (the global norm over all arrays, not each array on its own); the
    direction is kept; the inputs are not modified. Messages say which case failed and
    what was seen, not how to fix it.

    >>> clip_by_global_norm(lambda grads, c: _reference(grads, c)[0])
    ✓ Correct: all 3 checks pass.
    """
    say = {"below": N_("below the threshold"), "one": N_("above the threshold, one array"),
           "several": N_("above the threshold, several arrays")}
    require_callable(answer, "answer")
    rng = np.random.default_rng(0)
    cases = (
        ("below", [np.array([0.3, -0.4]), np.array([[0.1]])], 1.0),
        ("one", [np.array([3.0, 4.0])], 1.0),
        ("several", [rng.standard_normal((4, 3)), rng.standard_normal(5)], 0.5),
    )
    if unanswered(answer):
        return Report(cases=len(cases), answered=False)
    problems = []
    for index, (key, grads, c) in enumerate(cases):
        name = _t(say[key])
        originals = [g.copy() for g in grads]
        try:  # "several" hands over the arrays themselves, to see whether they are modified
            got = run(lambda: answer([g.copy() for g in grads] if key != "several" else grads, c), (), name)
        except _Failed as failed:
            problems.append(str(failed))
            continue
        if got is None and index == 0:
            return Report(cases=len(cases), answered=False)
        if isinstance(got, tuple) and len(got) == 2 and not isinstance(got[0], np.ndarray):
            got = got[0]
        if isinstance(got, np.ndarray):
            got = [got]
        expected, total = _reference(originals, c)
        try:
            got = [np.asarray(g, dtype=np.float64) for g in got]
        except (TypeError, ValueError):
            problems.append(_t("{name}: expected a list of arrays, got {got}", name=name, got=_describe(got)))
            continue
        if len(got) != len(expected) or any(g.shape != e.shape for g, e in zip(got, expected)):
            shapes, got_shapes = [e.shape for e in expected], [g.shape for g in got]
            problems.append(_t("{name}: expected {n} arrays of shapes {shapes}, got shapes {got}",
                               name=name, n=len(expected), shapes=shapes, got=got_shapes))
            continue
        if not all(np.allclose(g, e, rtol=1e-6, atol=1e-12) for g, e in zip(got, expected)):
            norm = math.sqrt(sum(float(np.sum(g * g)) for g in got))
            problems.append(_t("{name} (global norm {total:.4g}, max_norm {c}): the result has global norm "
                               "{norm:.4g}, expected {want:.4g} with the direction unchanged",
                               name=name, total=total, c=c, norm=norm, want=min(total, c)))
        if any(not np.array_equal(g, o) for g, o in zip(grads, originals)):
            problems.append(_t("{name}: the input arrays were modified; return new arrays", name=name))
    return Report(cases=len(cases), problems=tuple(problems))
