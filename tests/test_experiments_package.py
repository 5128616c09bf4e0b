"""nnprimer.experiments as a package: its re-exports, its cheap import, and the shared
case runner of the answer checkers (nnprimer.experiments.checks._problem_on_case)."""

import importlib
import subprocess
import sys

import numpy as np
import pytest

import nnprimer
from nnprimer import experiments as E
from nnprimer.experiments import checks

SUBMODULES = ("_common", "why", "relu", "sigmoid", "tanh", "softmax", "backprop", "initialisation", "vanishing", "checks")


def test_all_is_the_union_of_the_submodules_and_every_name_resolves():
    names = [n for m in SUBMODULES for n in importlib.import_module(f"nnprimer.experiments.{m}").__all__]
    assert len(names) == len(set(names)), "a name is exported by two submodules"
    assert sorted(E.__all__) == sorted(names)
    for name in E.__all__:
        obj = getattr(E, name)
        assert obj.__module__.startswith("nnprimer.experiments."), (name, obj.__module__)


def test_importing_the_package_and_its_modules_imports_no_torch_or_matplotlib():
    code = ("import sys, nnprimer.experiments\n"
            + "".join(f"import nnprimer.experiments.{m}\n" for m in SUBMODULES)
            + "print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.fixture
def english():
    previous = nnprimer.get_language()
    nnprimer.set_language("en")
    yield
    nnprimer.set_language(previous)


X = np.array([1.0, 2.0])


def test_a_right_answer_gives_no_problem(english):
    assert checks._problem_on_case(lambda x: 2 * x, (X,), 2 * X, "case") is None


def test_the_answer_gets_copies_of_the_arguments(english):
    x = X.copy()

    def overwrite(a):
        a[:] = 0.0
        return a

    checks._problem_on_case(overwrite, (x,), np.zeros(2), "case")
    assert x.tolist() == X.tolist()


def test_an_exception_is_reported_with_its_type_and_message(english):
    def fail(x):
        raise KeyError("nope")

    message = checks._problem_on_case(fail, (X,), X, "my case")
    assert message.startswith("my case: raised KeyError")
    assert "nope" in message


def test_a_wrong_shape_is_reported(english):
    message = checks._problem_on_case(lambda x: x[:1], (X,), X, "my case")
    assert message == f"my case: returned shape {(1,)}, expected {(2,)}"


def test_wrong_values_are_reported_with_the_given_formatting(english):
    message = checks._problem_on_case(lambda x: x + 1, (X,), X, "c", show=lambda a: [int(v) for v in a])
    assert message == "c: returned [2, 3], expected [1, 2]"
    # the tolerance: 1e-9 relative passes, 1e-6 does not; atol=0 compares relatively only
    assert checks._problem_on_case(lambda x: x * (1 + 1e-10), (X,), X, "c") is None
    assert checks._problem_on_case(lambda x: x * (1 + 1e-6), (X,), X, "c") is not None
    tiny = np.array([1e-13])
    assert checks._problem_on_case(lambda x: 2 * x, (tiny,), tiny, "c") is None
    assert checks._problem_on_case(lambda x: 2 * x, (tiny,), tiny, "c", atol=0.0) is not None


def test_floating_point_problems_are_named(english):
    big = np.array([1000.0])
    assert "exp overflowed" in checks._problem_on_case(np.exp, (big,), np.array([np.inf]), "c")
    zero = np.array([0.0, 1.0])
    expected = np.array([-np.inf, 0.0])
    assert "log divided by zero" in checks._problem_on_case(np.log, (zero,), expected, "c")
    # divide="ignore": log(0) = -inf is accepted where the expected value is -inf
    assert checks._problem_on_case(np.log, (zero,), expected, "c", divide="ignore") is None
    inf = np.array([np.inf])
    assert "produced NaN" in checks._problem_on_case(lambda x: x - x, (inf,), np.array([0.0]), "c")


def test_messages_follow_the_language():
    previous = nnprimer.get_language()
    try:
        nnprimer.set_language("zh")
        message = checks._problem_on_case(lambda x: x[:1], (X,), X, "情形")
        assert message.startswith("情形：返回的形状是")
    finally:
        nnprimer.set_language(previous)
