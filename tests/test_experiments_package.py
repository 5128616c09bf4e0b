"""nnprimer.experiments as a package: its re-exports and its cheap import."""

import importlib
import subprocess
import sys

from nnprimer import experiments as E

SUBMODULES = ("_common", "why", "relu", "sigmoid", "tanh", "softmax", "backprop", "initialisation", "vanishing")


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
