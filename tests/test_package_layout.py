"""The package's layout: a core a teacher uses on its own, one package per chapter, and the
names of nnprimer 0.1 forwarded with a warning.

* the core never imports a chapter package (read from the source, and observed in a
  process that uses the core);
* importing nnprimer, or any chapter package, imports neither torch nor matplotlib;
* a public name means one thing everywhere (no three things called ``relu_fit``);
* every old name of 0.1 resolves to the same object in its new home, with a
  DeprecationWarning that names it;
* ``help(nnprimer)`` maps every core module to a task, and its one-line examples run.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import nnprimer
from nnprimer import _moved, chapters

PACKAGE = Path(nnprimer.__file__).parent
CORE = ("activations", "check", "data", "grad", "init", "optim", "plot", "stats", "tables", "train", "widgets")


def _core_sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "chapters" or rel.name in ("_moved.py", "experiments.py"):
            continue
        yield rel, path


def test_no_core_module_imports_a_chapter():
    offenders = []
    for rel, path in _core_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(n == "chapters" or n.startswith("chapters.") or "nnprimer.chapters" in n for n in names):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, f"the core imports a chapter package at {offenders}"


def test_using_the_core_loads_no_chapter():
    code = """
import sys, warnings
warnings.simplefilter("error")
import numpy as np
import nnprimer
from nnprimer import activations, check, data, grad, init, optim, stats, tables, train, widgets
activations.get("gelu").grad(np.linspace(-3, 3, 7))
init.kaiming_normal((8, 4), rng=0)
grad.gradient_check(lambda x: np.sum(np.tanh(x)), lambda x: 1 - np.tanh(x) ** 2, np.linspace(-1, 1, 5))
optim.gradient_descent(lambda w: 2 * w, [1.0], lr=0.1, steps=3)
stats.forward_statistics("tanh", depth=2, width=8, scheme="xavier_normal", n=16)
tables.activation_table(["relu", "tanh"])
widgets.activation_explorer(["relu"]).html
check.value(1.0, 1.0)
train.fit(train.mlp([64, 8, 10], rng=0), data.digits(), epochs=1, lr=0.1, rng=0)
print(sorted(m for m in sys.modules if m.startswith("nnprimer.chapters") or m == "nnprimer.experiments"))
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_importing_nnprimer_and_every_chapter_loads_no_torch_or_matplotlib():
    code = ("import sys, nnprimer\n"
            + "".join(f"import nnprimer.chapters.{name}\n" for name in chapters.CHAPTERS)
            + "print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_chapters_are_the_packages_on_disk_in_the_order_of_the_book():
    on_disk = {m.name for m in pkgutil.iter_modules([str(PACKAGE / "chapters")]) if m.ispkg}
    assert set(chapters.CHAPTERS) == on_disk
    assert chapters.CHAPTERS[:3] == ("why", "relu", "sigmoid") and chapters.CHAPTERS[-1] == "performance"


@pytest.mark.parametrize("name", chapters.CHAPTERS)
def test_a_chapter_exports_what_its_modules_define(name):
    package = getattr(chapters, name)
    assert package.check.__name__ == f"nnprimer.chapters.{name}.check"
    exported = [n for n in package.__all__ if n != "check"]
    assert len(exported) == len(set(exported)), "a name is exported twice"
    for public in exported:
        obj = getattr(package, public)
        home = getattr(obj, "__module__", None)
        if home is not None and (callable(obj) or isinstance(obj, type)):
            assert home.startswith(f"nnprimer.chapters.{name}."), (public, home)
    for module in ("experiments", "figures", "explorer"):
        path = PACKAGE / "chapters" / name / f"{module}.py"
        if path.exists():
            sub = importlib.import_module(f"nnprimer.chapters.{name}.{module}")
            assert set(sub.__all__) <= set(package.__all__), f"{module} exports names the chapter does not"


def _public_names():
    """name -> {id(object): where} over the core modules and the chapter packages (checkers
    aside: ``check.<exercise>`` is named after the answer it checks, by design)."""
    seen: dict[str, dict[int, str]] = {}
    modules = [f"nnprimer.{m}" for m in CORE if m != "check"] + [f"nnprimer.chapters.{c}" for c in chapters.CHAPTERS]
    for module_name in modules:
        module = importlib.import_module(module_name)
        for public in module.__all__:
            obj = getattr(module, public)
            if isinstance(obj, type(sys)) or not (callable(obj) or isinstance(obj, type)):
                continue
            seen.setdefault(public, {})[id(obj)] = module_name
    return seen


def test_a_public_name_means_one_thing():
    pytest.importorskip("torch")
    pytest.importorskip("matplotlib")
    clashes = {name: sorted(where.values()) for name, where in _public_names().items() if len(where) > 1}
    assert not clashes, f"one name, different objects: {clashes}"


@pytest.mark.parametrize("module", sorted(_moved.MOVED))
def test_every_old_name_forwards_to_its_new_home_with_a_warning(module):
    old = importlib.import_module(module)
    for name, target in _moved.MOVED[module].items():
        where, _, new_name = target.partition(":")
        new = getattr(importlib.import_module(where), new_name or name)
        with pytest.warns(DeprecationWarning, match=re.escape(f"{module}.{name} moved to {where}.{new_name or name}")):
            assert getattr(old, name) is new
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        getattr(old, "no_such_name")


def test_old_names_stay_out_of_the_new_namespaces():
    for module in ("nnprimer.plot", "nnprimer.widgets", "nnprimer.check"):
        public = set(importlib.import_module(module).__all__)
        assert not public & set(_moved.MOVED[module]), module


# ---------------------------------------------------------------------------- help(nnprimer)

_MAP_ROW = re.compile(r"^:mod:`~nnprimer\.(\w+)`")


def _map():
    rows, current = {}, None
    for line in nnprimer.__doc__.splitlines():
        m = _MAP_ROW.match(line)
        if m:
            current = m.group(1)
            rows[current] = line
        elif current and line.startswith(" " * 10) and line.strip():
            rows[current] += " " + line.strip()
        else:
            current = None
    return rows


def test_help_maps_every_core_module():
    assert set(_map()) == set(CORE)
    assert set(CORE) | {"chapters"} <= set(nnprimer.__all__)


def test_the_examples_of_the_map_run(tmp_path, monkeypatch):
    pytest.importorskip("torch")
    pytest.importorskip("matplotlib")
    monkeypatch.chdir(tmp_path)
    examples = [code for row in _map().values() for code in re.findall(r"``(.+?)``", row) if "(" in code]
    assert len(examples) >= len(CORE)
    namespace = {"np": np, "x": np.linspace(-2, 2, 9), "f": lambda v: np.sum(np.tanh(v)), "df": lambda v: 1 - np.tanh(v) ** 2,
                 "grad_f": lambda w: 2 * w, "w0": np.array([1.0, -2.0]), "answer": 6.9068}
    exec("from nnprimer import " + ", ".join(CORE), namespace)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for code in examples:
            eval(compile(code, code, "eval"), namespace)  # noqa: S307 -- the package's own docstring
    assert (tmp_path / "relu.html").exists()
