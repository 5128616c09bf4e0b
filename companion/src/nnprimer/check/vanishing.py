"""Checkers of the vanishing-gradients chapter's exercises."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .._i18n import N_, _t
from .._validation import _describe
from ..experiments.vanishing import clip_by_global_norm as _reference
from ._core import Report, _Failed, require_callable, run, unanswered

__all__ = ["clip_by_global_norm"]


def clip_by_global_norm(answer: Any) -> Report:
    r"""A reader's ``answer(grads, max_norm)`` against
    :func:`nnprimer.experiments.clip_by_global_norm`.

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
