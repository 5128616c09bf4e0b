"""nnprimer.check: the Report, running the reader's code, the generic checks, and a
contract every chapter checker must meet.

The checkers of chapter ``<chapter>`` (``nnprimer.chapters.<chapter>.check``) are tested
in ``tests/test_check_<chapter>.py``, which defines
``CASES = {checker name: (a right answer, [wrong answers])}``. The contract below collects
them: every public chapter checker must have an entry, pass its right answer, fail every
wrong one with at least one problem, say "not answered yet" for the starter's ``...``,
and speak Chinese under ``set_language("zh")``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

import nnprimer
from nnprimer import chapters, check

HERE = Path(__file__).resolve().parent


@pytest.fixture
def english():
    previous = nnprimer.get_language()
    nnprimer.set_language("en")
    yield
    nnprimer.set_language(previous)


X = np.array([1.0, 2.0])


def problem_on_case(fn, args, expected, case, *, divide="raise", **compare):
    """What a checker reports for one case: None, or the problem."""
    try:
        got = check.run(fn, args, case, divide=divide)
    except check._Failed as failed:
        return str(failed)
    return check.compare(got, expected, case, **compare)


# ---------------------------------------------------------------------------------------
# running the reader's code, comparing results
# ---------------------------------------------------------------------------------------
def test_a_right_answer_gives_no_problem(english):
    assert problem_on_case(lambda x: 2 * x, (X,), 2 * X, "case") is None


def test_the_answer_gets_copies_of_the_arguments(english):
    x = X.copy()

    def overwrite(a):
        a[:] = 0.0
        return a

    problem_on_case(overwrite, (x,), np.zeros(2), "case")
    assert x.tolist() == X.tolist()


def test_an_exception_is_reported_with_its_type_and_message(english):
    def fail(x):
        raise KeyError("nope")

    message = problem_on_case(fail, (X,), X, "my case")
    assert message.startswith("my case: raised KeyError") and "nope" in message


def test_a_wrong_shape_or_type_is_reported(english):
    assert problem_on_case(lambda x: x[:1], (X,), X, "my case") == f"my case: returned shape {(1,)}, expected {(2,)}"
    assert problem_on_case(lambda x: "two", (X,), X, "c") == "c: returned str 'two', not numbers"


def test_wrong_values_are_reported_with_the_given_formatting(english):
    message = problem_on_case(lambda x: x + 1, (X,), X, "c", show=lambda a: [int(v) for v in a])
    assert message == "c: returned [2, 3], expected [1, 2]"
    # the tolerance: 1e-9 relative passes, 1e-6 does not; atol=0 compares relatively only
    assert problem_on_case(lambda x: x * (1 + 1e-10), (X,), X, "c") is None
    assert problem_on_case(lambda x: x * (1 + 1e-6), (X,), X, "c") is not None
    tiny = np.array([1e-13])
    assert problem_on_case(lambda x: 2 * x, (tiny,), tiny, "c") is None
    assert problem_on_case(lambda x: 2 * x, (tiny,), tiny, "c", atol=0.0) is not None


def test_floating_point_problems_are_named(english):
    big = np.array([1000.0])
    assert "exp overflowed" in problem_on_case(np.exp, (big,), np.array([np.inf]), "c")
    zero = np.array([0.0, 1.0])
    expected = np.array([-np.inf, 0.0])
    assert "log divided by zero" in problem_on_case(np.log, (zero,), expected, "c")
    # divide="ignore": log(0) = -inf is accepted where the expected value is -inf
    assert problem_on_case(np.log, (zero,), expected, "c", divide="ignore") is None
    inf = np.array([np.inf])
    assert "produced NaN" in problem_on_case(lambda x: x - x, (inf,), np.array([0.0]), "c")


def test_messages_follow_the_language(zh):
    assert problem_on_case(lambda x: x[:1], (X,), X, "情形").startswith("情形：返回的形状是")
    assert str(check.Report(cases=2)).startswith("✓ 正确")
    assert str(check.value(..., 1.0)).startswith("…")


# ---------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------
def test_report_is_true_only_when_passed_and_lists_at_most_five_problems(english):
    assert check.Report(cases=2) and not check.Report(answered=False)
    many = check.Report(cases=9, problems=tuple(f"case {i}" for i in range(7)))
    text = str(many)
    assert not many and text.splitlines()[0] == "✗ 7 of 9 checks fail:"
    assert "case 4" in text and "case 5" not in text and text.endswith("... and 2 more")
    assert repr(many) == text


def test_not_answered_yet_for_the_starters_placeholder(english):
    for report in (check.value(..., 1.0), check.value(None, 1.0), check.choice(..., "a", ["a", "b"]),
                   check.function(..., np.sin, [("x", (X,))]), check.derivative(..., np.sin, X)):
        assert not report and not report.answered and str(report).startswith("… Not answered yet")

    def starter(x):
        ...  # the body a starter cell holds

    assert not check.function(starter, np.sin, [("x", (X,))]).answered
    assert not check.derivative(starter, np.sin, X).answered


# ---------------------------------------------------------------------------------------
# the generic checks
# ---------------------------------------------------------------------------------------
def test_function_reports_each_failing_case(english):
    cases = [("x = [1, 2]", (X,)), ("x = [-1000]", (np.array([-1000.0]),))]
    assert check.function(np.tanh, np.tanh, cases).passed
    naive = check.function(lambda x: (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)), np.tanh, cases)
    assert naive.problems == ("x = [-1000]: exp overflowed (a result too large for float64)",)


def test_derivative_against_finite_differences_and_autograd(english):
    torch = pytest.importorskip("torch")
    x = np.linspace(-3, 3, 13)
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    right = lambda x: sigmoid(x) * (1 - sigmoid(x))  # noqa: E731
    assert check.derivative(right, sigmoid, x, torch_f=torch.sigmoid).passed
    wrong = check.derivative(lambda x: sigmoid(x) * (1 + sigmoid(x)), sigmoid, x, torch_f=torch.sigmoid)
    assert not wrong and len(wrong.problems) == x.size and "finite differences" in wrong.problems[0]
    # close enough for finite differences but not for autograd: autograd has the last word
    nearly = check.derivative(lambda x: right(x) * (1 + 1e-7), sigmoid, x, torch_f=torch.sigmoid)
    assert not nearly and "autograd" in nearly.problems[0]
    assert check.derivative(lambda x: right(x) * (1 + 1e-7), sigmoid, x).passed
    assert "raised ZeroDivisionError" in check.derivative(lambda x: 1 / 0, sigmoid, x).problems[0]
    assert "one number per point" in check.derivative(lambda x: x[:2], sigmoid, x).problems[0]


def test_value_says_too_large_or_too_small_not_the_answer(english):
    assert check.value(6.91, 6.9068, rtol=1e-2)
    (too_small,) = check.value(5.0, 6.9068, rtol=1e-2, name="x_c").problems
    assert too_small == "x_c = 5 is too small (it must be within 1% of the answer)" and "6.9" not in too_small
    (entries,) = check.value([1.0, 2.0, 3.5], [1.0, 2.0, 3.0], name="outputs").problems
    assert entries.startswith("outputs: 1 of 3 entries are off, at [(2,)]")
    assert "shape" in check.value([1.0], [1.0, 2.0]).problems[0]
    assert "must be a number" in check.value("six", 6.0).problems[0]
    assert check.value(float("nan"), 6.0, name="x").problems == ("x is nan, not a finite number",)
    with pytest.raises(ValueError, match="rtol and atol"):
        check.value(1.0, 1.0, rtol=-1)


def test_choice(english):
    assert check.choice("b", "b", "abc")
    assert "not right" in check.choice("a", "b", "abc").problems[0]
    with pytest.raises(ValueError, match="correct must be one of"):
        check.choice("a", "z", "abc")


def test_checkers_reject_a_non_function_clearly():
    with pytest.raises(TypeError, match="answer must be a function"):
        check.function(3, np.sin, [("x", (X,))])


# ---------------------------------------------------------------------------------------
# the contract of every chapter checker
# ---------------------------------------------------------------------------------------
def _chapter_cases() -> dict:
    found = {}
    for path in sorted(HERE.glob("test_check_*.py")):
        chapter = path.stem.removeprefix("test_check_")
        assert chapter in chapters.CHAPTERS, f"{path.name}: no chapter {chapter!r}"
        for name, entry in getattr(importlib.import_module(path.stem), "CASES", {}).items():
            found[chapter, name] = entry
    return found


CASES = _chapter_cases()
CHECKERS = [(chapter, name) for chapter in chapters.CHAPTERS for name in getattr(chapters, chapter).check.__all__]
IDS = [f"{chapter}.{name}" for chapter, name in CHECKERS]


def _checker(chapter: str, name: str):
    return getattr(getattr(chapters, chapter).check, name)


def test_every_chapter_checker_has_right_and_wrong_answers():
    assert CHECKERS, "no chapter checker?"
    missing = sorted(set(CHECKERS) - set(CASES))
    assert missing == [], f"add CASES entries (tests/test_check_<chapter>.py) for {missing}"
    assert sorted(set(CASES) - set(CHECKERS)) == []


@pytest.mark.parametrize(("chapter", "name"), CHECKERS, ids=IDS)
def test_checker_passes_the_right_answer_and_fails_each_wrong_one(chapter, name, english):
    checker = _checker(chapter, name)
    right, wrongs = CASES[chapter, name]
    report = checker(right)
    assert isinstance(report, check.Report) and report.passed, str(report)
    assert wrongs, f"{name}: give at least one wrong answer"
    for wrong in wrongs:
        report = checker(wrong)
        assert not report and report.answered and report.problems, (name, str(report))
    assert not checker(...).answered


@pytest.mark.parametrize(("chapter", "name"), CHECKERS, ids=IDS)
def test_checker_speaks_chinese(chapter, name, zh):
    import re

    _, wrongs = CASES[chapter, name]
    text = str(_checker(chapter, name)(wrongs[0]))
    assert re.search(r"[\u4e00-\u9fff]", text), text
