r"""Checkers for the exercises: ``check.<name>(answer)`` says whether an answer is right
and, when it is not, what is wrong, without giving the solution away.

Every checker returns a :class:`Report`: true when the answer passed (a solution cell can
``assert`` it, or call :meth:`Report.require`), shown as a few lines in the reader's
language. A starter cell holds ``...`` where the answer goes; until it is replaced the
report says "not answered yet". The reader's code runs with numpy's floating-point errors
raised, so an overflow or a NaN is reported, not hidden. A checker never raises because
of the reader's answer: an exception, a NaN, an overflow or a wrong shape in the reader's
code becomes a line of the report. It raises only when the checker itself is called
wrongly (a ``TypeError`` or ``ValueError`` naming the argument). Every message comes
from the catalog of the current language (:func:`nnprimer.set_language`).

The generic checks, for a teacher's own exercises:

* :func:`function` -- a function against a reference, case by case;
* :func:`derivative` -- a derivative derived by hand, against finite differences
  (:func:`nnprimer.grad.derivative`) and, optionally, ``torch.autograd``;
* :func:`value` -- a number (or array) worked out by the reader, :func:`values` -- a few
  named numbers given together;
* :func:`choice` -- one of a few options.

The checkers of the course's own exercises live with their chapter, in
``nnprimer.chapters.<chapter>.check`` (for example
:mod:`nnprimer.chapters.sigmoid.check`); they are built from the pieces here.

>>> from nnprimer import check
>>> check.value(..., 6.9068)
… Not answered yet: put your answer in place of the ... and run again.
>>> bool(check.value(6.9068, 6.9068))
True
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from . import _moved
from ._i18n import N_, _t
from ._validation import _describe, as_float_array

__all__ = ["Report", "choice", "derivative", "function", "value", "values"]


# nnprimer 0.1 kept the chapters' own checkers here; the old names still work, with a warning.
__getattr__ = _moved.forward(__name__)


@dataclass(frozen=True)
class Report:
    """What a checker found about one answer.

    It is true when the answer passed, so a solution cell can ``assert`` it, and it shows
    itself as a few lines in the reader's language: correct, not answered yet, or what is
    wrong (one line per failed case, at most :attr:`SHOWN`).

    >>> Report(cases=3)
    ✓ Correct: all 3 checks pass.
    >>> bool(Report(cases=3, problems=("x = 1: returned 2, expected 3",)))
    False
    """

    #: Number of cases (or properties) the checker tried.
    cases: int = 1
    #: One line per failed case.
    problems: tuple[str, ...] = ()
    #: False when the answer is still the starter's ``...`` (or None).
    answered: bool = True

    #: At most this many problems are listed.
    SHOWN = 5

    @property
    def passed(self) -> bool:
        return self.answered and not self.problems

    def __bool__(self) -> bool:
        return self.passed

    def require(self) -> Report:
        """This report, or an ``AssertionError`` carrying it unless the answer passed.

        A solution cell ends with ``check.<name>(solution).require()``: the page shows the
        report, and the build fails if the solution ever stops passing.
        """
        if not self.passed:
            raise AssertionError(str(self))
        return self

    def __str__(self) -> str:
        if not self.answered:
            return _t("… Not answered yet: put your answer in place of the ... and run again.")
        if not self.problems:
            return _t("✓ Correct: all {n} checks pass.", n=self.cases)
        lines = [_t("✗ {k} of {n} checks fail:", k=len(self.problems), n=self.cases)]
        lines += ["  - " + p for p in self.problems[: self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append("  - " + _t("... and {k} more", k=len(self.problems) - self.SHOWN))
        return "\n".join(lines)

    __repr__ = __str__


def unanswered(answer: Any) -> bool:
    """The starter cell's placeholder: ``...`` or ``None``."""
    return answer is None or answer is Ellipsis


def require_callable(answer: Any, name: str) -> None:
    """A checker of a function was given something else (a programming error, not an answer)."""
    if not callable(answer) and not unanswered(answer):
        raise TypeError(f"{name} must be a function (or ... while not answered), got {_describe(answer)}")


# ----------------------------------------------------------------------------------------
# Running the reader's code
# ----------------------------------------------------------------------------------------
_FP_KINDS = {
    "overflow": N_("overflowed (a result too large for float64)"),
    "divide by zero": N_("divided by zero (or took log(0))"),
    "invalid value": N_("produced NaN (for example inf / inf or inf - inf)"),
}


def _floating_point_problem(case: str, message: str) -> str:
    """Describe numpy's FloatingPointError ("overflow encountered in exp") in the current language."""
    match = re.match(r"(overflow|divide by zero|invalid value) encountered in (\w+)", message)
    if match is None:
        return _t("{case}: raised FloatingPointError: {m}", case=case, m=message)
    return _t("{case}: {op} {what}", case=case, op=match.group(2), what=_t(_FP_KINDS[match.group(1)]))


class _Failed(Exception):
    """The reader's code failed on a case; the message says how."""


def run(fn: Callable[..., Any], args: tuple, case: str, *, divide: str = "raise") -> Any:
    """``fn(*args)`` with copies of array arguments, every warning an error and numpy
    raising on overflow, NaN and (unless ``divide="ignore"``) division by zero; underflow
    to 0 is fine. Raises :class:`_Failed` with a message naming ``case`` otherwise."""
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with np.errstate(over="raise", invalid="raise", divide=divide, under="ignore"):
                return fn(*copies)
    except FloatingPointError as error:  # numpy's overflow, 0 division or NaN
        raise _Failed(_floating_point_problem(case, str(error))) from None
    except Exception as error:  # the reader's code may fail in any way
        raise _Failed(_t("{case}: raised {err}", case=case, err=f"{type(error).__name__}: {error}")) from None


def _rounded(a: np.ndarray) -> list:
    return np.round(a, 6).tolist()


def compare(got: Any, expected: np.ndarray, case: str, *, rtol: float = 1e-9, atol: float = 1e-12,
            show: Callable[[np.ndarray], Any] = _rounded) -> str | None:
    r"""What is wrong with a result ``got`` against ``expected`` (``case`` names the input),
    or None: the same shape and, entry by entry, :math:`|g - e| \le \text{atol} +
    \text{rtol}\,|e|` (infinities of the same sign in the same place count as equal)."""
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return _t("{case}: returned {g}, not numbers", case=case, g=_describe(got))
    if got.shape != expected.shape:
        return _t("{case}: returned shape {g}, expected {e}", case=case, g=got.shape, e=expected.shape)
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        return _t("{case}: returned {g}, expected {e}", case=case, g=show(got), e=show(expected))
    return None


# ----------------------------------------------------------------------------------------
# Generic checks
# ----------------------------------------------------------------------------------------
def function(answer: Any, reference: Callable[..., Any], cases: Sequence[tuple[str, tuple]], *,
             rtol: float = 1e-9, atol: float = 1e-12, divide: str = "raise") -> Report:
    r"""A reader's function against a reference, case by case.

    Each case is ``(description, args)``: ``answer(*args)`` must run without an error,
    warning, overflow or NaN and agree with ``reference(*args)`` (see :func:`compare`).
    The description (already in the reader's language) names the case in the report.

    >>> import numpy as np
    >>> cases = [("x = [1, 2]", (np.array([1.0, 2.0]),))]
    >>> function(lambda x: 2 * x, lambda x: x + x, cases)
    ✓ Correct: all 1 checks pass.
    >>> function(lambda x: 3 * x, lambda x: x + x, cases)
    ✗ 1 of 1 checks fail:
      - x = [1, 2]: returned [3.0, 6.0], expected [2.0, 4.0]
    """
    require_callable(answer, "answer")
    if unanswered(answer):
        return Report(cases=len(cases), answered=False)
    problems = []
    for index, (description, args) in enumerate(cases):
        expected = np.asarray(reference(*args), dtype=np.float64)
        try:
            got = run(answer, args, description, divide=divide)
        except _Failed as failed:
            problems.append(str(failed))
            continue
        if got is None and index == 0:
            return Report(cases=len(cases), answered=False)  # the starter's body is still `...`
        problem = compare(got, expected, description, rtol=rtol, atol=atol)
        if problem:
            problems.append(problem)
    return Report(cases=len(cases), problems=tuple(problems))


def derivative(answer: Any, f: Callable[..., Any], at: Any, *, torch_f: Callable[..., Any] | None = None,
               rtol: float = 1e-6, atol: float = 1e-8) -> Report:
    r"""A derivative derived by hand, checked twice: against finite differences of ``f``
    (:func:`nnprimer.grad.derivative`, the central difference with :math:`h = 10^{-5}`)
    and, when ``torch_f`` is given, against ``torch.autograd`` through it.

    ``answer`` and ``f`` act elementwise on float64 arrays; ``at`` holds the points. A
    central difference is accurate to about :math:`10^{-10}` for smooth functions, so
    the answer must agree to ``rtol``/``atol`` (default :math:`10^{-6}` / :math:`10^{-8}`);
    with autograd it must agree to :math:`10^{-9}`. The report shows at most a few points
    where the answer is off, with both values there, not the formula.

    >>> import numpy as np
    >>> derivative(lambda x: 2 * x, lambda x: x ** 2, np.linspace(-2, 2, 5))
    ✓ Correct: all 5 checks pass.
    >>> str(derivative(lambda x: x, lambda x: x ** 2, [1.0])).splitlines()[1]
    '  - at x = 1: yours 1, finite differences 2'
    """
    from . import grad

    require_callable(answer, "answer")
    if not callable(f):
        raise TypeError(f"f must be a function, got {_describe(f)}")
    points = np.array(as_float_array(at, "at"), dtype=np.float64).ravel()
    if unanswered(answer):
        return Report(cases=points.size, answered=False)
    try:
        got = run(answer, (points.copy(),), _t("at the points {x}", x=_rounded(points)))
    except _Failed as failed:
        return Report(cases=points.size, problems=(str(failed),))
    if got is None:
        return Report(cases=points.size, answered=False)
    try:
        got = np.broadcast_to(np.asarray(got, dtype=np.float64), points.shape)
    except (TypeError, ValueError):
        return Report(cases=points.size, problems=(_t("returned {g}, expected one number per point",
                                                      g=_describe(got)),))
    numeric = grad.derivative(f, points)
    references = [(_t("finite differences"), numeric, rtol, atol)]
    if torch_f is not None:
        references.append((_t("autograd"), _autograd(torch_f, points), 1e-9, 1e-12))
    problems = []
    for x, g, *expected in zip(points, got, *(r[1] for r in references)):
        for (label, _, r, a), e in zip(references, expected):
            if not (np.isfinite(g) and abs(g - e) <= a + r * abs(e)):
                problems.append(_t("at x = {x:.6g}: yours {g:.6g}, {label} {e:.6g}", x=x, g=g, label=label, e=e))
                break
    return Report(cases=points.size, problems=tuple(problems))


def _autograd(torch_f: Callable[..., Any], points: np.ndarray) -> np.ndarray:
    from ._optional import require

    torch = require("torch", "nnprimer.check.derivative(torch_f=...)")
    t = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(torch_f(t).sum(), t)
    return g.numpy()


def values(answer: Any, expected: Sequence[tuple[str, float, float, float]]) -> Report:
    """A few numbers given together, as a tuple in a fixed order: each ``(name, expected,
    rtol, atol)`` is checked like :func:`value` under its own name, so a problem says which
    one is off (too large or too small), not its value. The starter's ``...``, or a tuple
    of ``...``, is not answered yet.

    >>> values((1.0, 2.5), [("a", 1.0, 1e-3, 0.0), ("b", 2.0, 1e-3, 0.0)])
    ✗ 1 of 2 checks fail:
      - b = 2.5 is too large (it must be within 0.1% of the answer)
    """
    names = [name for name, *_ in expected]
    if unanswered(answer):
        return Report(cases=len(expected), answered=False)
    try:
        items = list(answer)
    except TypeError:
        items = None
    if items is None or len(items) != len(expected) or isinstance(answer, (str, dict)):
        return Report(cases=len(expected), problems=(
            _t("give {n} numbers, in this order: {names}; got {got}", n=len(expected), names=", ".join(names),
               got=_describe(answer)),))
    if all(unanswered(item) for item in items):
        return Report(cases=len(expected), answered=False)
    problems = []
    for item, (name, want, rtol, atol) in zip(items, expected):
        if unanswered(item):
            problems.append(_t("{name} is not answered yet", name=name))
        else:
            problems += value(item, want, rtol=rtol, atol=atol, name=name).problems
    return Report(cases=len(expected), problems=tuple(problems))


def one_number_per_case(answer: Any, reference: Callable[..., float], cases: list, *, rtol: float) -> Report:
    """Like :func:`~nnprimer.check.function` for a function that returns one number per case, but
    a wrong value is reported as too large or too small, without the expected value (which
    would give the formula away)."""
    require_callable(answer, "answer")
    if unanswered(answer):
        return Report(cases=len(cases), answered=False)
    problems = []
    for index, (description, args) in enumerate(cases):
        expected = float(reference(*args))
        try:
            got = run(answer, args, description)
        except _Failed as failed:
            problems.append(str(failed))
            continue
        if got is None and index == 0:
            return Report(cases=len(cases), answered=False)  # the starter's body is still `...`
        try:
            g = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            problems.append(_t("{case}: returned {g}, not numbers", case=description, g=_describe(got)))
            continue
        if g.shape != ():
            problems.append(_t("{case}: returned shape {g}, expected one number", case=description, g=g.shape))
        elif not np.isfinite(g):
            problems.append(_t("{case}: returned {g}", case=description, g=float(g)))
        elif abs(g - expected) > rtol * abs(expected):
            side = _t("too large") if g > expected else _t("too small")
            problems.append(_t("{case}: returned {g:.6g}, {side}", case=description, g=float(g), side=side))
    return Report(cases=len(cases), problems=tuple(problems))


def if_torch(build: Callable[[Any], Any]) -> Any:
    """``build(torch)`` when PyTorch is installed, else None: the ``torch_f`` of
    :func:`derivative`, which then also compares with autograd (``if_torch(lambda torch:
    torch.sigmoid)``, or ``if_torch(lambda torch: f)`` for an ``f`` that works on tensors)."""
    try:
        import torch
    except ImportError:
        return None
    return build(torch)


def value(answer: Any, expected: Any, *, rtol: float = 1e-3, atol: float = 0.0, name: str = "your answer") -> Report:
    r"""A number (or an array of numbers) the reader worked out: within ``rtol`` (relative)
    or ``atol`` of ``expected``. The report says whether it is too large or too small (or
    which entries are off), not the value.

    >>> value(6.9, 6.9068, rtol=1e-2)
    ✓ Correct: all 1 checks pass.
    >>> value(7.5, 6.9068, rtol=1e-2, name="x_c")
    ✗ 1 of 1 checks fail:
      - x_c = 7.5 is too large (it must be within 1% of the answer)
    """
    rtol = float(rtol)
    if rtol < 0 or float(atol) < 0:
        raise ValueError(f"rtol and atol must be >= 0, got {rtol} and {atol}")
    expected = np.asarray(as_float_array(expected, "expected"), dtype=np.float64)
    if unanswered(answer):
        return Report(cases=1, answered=False)
    try:
        got = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return Report(problems=(_t("{name} must be a number, got {g}", name=name, g=_describe(answer)),))
    tolerance = _t("within {r:.3g}% of the answer", r=100 * rtol) if rtol else _t("within {a:g} of the answer", a=atol)
    if got.shape != expected.shape:
        return Report(problems=(_t("{name} has shape {g}, expected {e}", name=name, g=got.shape, e=expected.shape),))
    off = ~(np.abs(got - expected) <= atol + rtol * np.abs(expected))
    if not off.any():
        return Report(cases=1)
    if not np.all(np.isfinite(got)):
        return Report(problems=(_t("{name} is {g}, not a finite number", name=name, g=got.tolist()),))
    if got.ndim == 0:
        side = _t("too large") if got > expected else _t("too small")
        return Report(problems=(_t("{name} = {g:.6g} is {side} (it must be {tol})", name=name, g=float(got),
                                   side=side, tol=tolerance),))
    where = [tuple(int(i) for i in idx) for idx in zip(*np.nonzero(off))][:5]
    return Report(problems=(_t("{name}: {k} of {n} entries are off, at {where} (each must be {tol})", name=name,
                               k=int(off.sum()), n=off.size, where=where, tol=tolerance),))


def choice(answer: Any, correct: Any, options: Sequence[Any], *, name: str = "your answer") -> Report:
    """One of a few ``options``; passes when it is ``correct``.

    >>> choice("b", "b", ["a", "b", "c"])
    ✓ Correct: all 1 checks pass.
    >>> choice("d", "b", ["a", "b", "c"])
    ✗ 1 of 1 checks fail:
      - your answer must be one of ['a', 'b', 'c'], got 'd'
    """
    options = list(options)
    if correct not in options:
        raise ValueError(f"correct must be one of options {options}, got {correct!r}")
    if unanswered(answer):
        return Report(answered=False)
    if answer not in options:
        return Report(problems=(_t("{name} must be one of {options}, got {got}", name=name, options=options,
                                   got=repr(answer)),))
    if answer != correct:
        return Report(problems=(_t("{name} = {got} is not right; read the question again", name=name,
                                   got=repr(answer)),))
    return Report()
