"""The package as a user installs it: cheap import, clear errors for missing extras, and a
wheel that works in a clean environment without torch."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

import nnprimer
from nnprimer._optional import require

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, python: str = sys.executable, cwd: Path | None = None) -> str:
    result = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_is_cheap():
    out = run_python("import sys, nnprimer; print(sorted(m for m in ('torch', 'matplotlib', 'ipywidgets', 'sklearn') if m in sys.modules))")
    assert out == "[]"


def test_version_and_lazy_submodules():
    assert nnprimer.__version__.count(".") == 2
    for name in ("activations", "init", "grad", "stats", "tables", "chapters"):
        assert getattr(nnprimer, name).__name__ == f"nnprimer.{name}"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nnprimer.nope  # noqa: B018


def test_the_package_is_marked_as_typed():
    """PEP 561: a py.typed marker in the package, shipped as package data."""
    import tomllib
    from importlib.resources import files

    assert files("nnprimer").joinpath("py.typed").is_file()
    project = tomllib.loads((ROOT / "companion" / "pyproject.toml").read_text())
    assert "py.typed" in project["tool"]["setuptools"]["package-data"]["nnprimer"]


def test_require_names_the_extra():
    with pytest.raises(ImportError, match=r"pip install 'nnprimer\[torch\]'"):
        require("torch.does_not_exist_xyz", "nnprimer.train")


@pytest.mark.parametrize(("module", "code", "extra"), [
    ("torch", "nnprimer.activations.relu.torch([1.0])", "torch"),
    ("torch", "import nnprimer.train", "torch"),
    ("matplotlib", "import nnprimer.plot", "plot"),
    ("sklearn", "nnprimer.data.digits()", "data"),
    ("ipywidgets", "import nnprimer.widgets; nnprimer.widgets.activation_explorer([\"relu\"])", "widgets"),
])
def test_missing_optional_dependency_gives_a_clear_error(module, code, extra):
    """Simulate a machine without the dependency: ``sys.modules[name] = None`` makes importing it fail."""
    program = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "import nnprimer\n"
        f"try:\n    {code}\nexcept ImportError as e:\n    print(e)\nelse:\n    print('no error')"
    )
    out = run_python(program)
    assert f"nnprimer[{extra}]" in out, out


@pytest.mark.slow
def test_wheel_installs_and_works_without_torch(tmp_path):
    """Build the wheel, install it in a fresh virtual environment outside the repository,
    and use the numpy reference there with no torch installed."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT / "companion")],
                   check=True, capture_output=True)
    (wheel,) = wheels.glob("nnprimer-*.whl")
    import zipfile

    assert "nnprimer/py.typed" in zipfile.ZipFile(wheel).namelist()
    env_dir = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    out = run_python(
        "import importlib.util, nnprimer\n"
        "from nnprimer import activations, init, grad\n"
        "print(importlib.util.find_spec('torch') is None)\n"
        "print(activations.relu([-1, 2]).tolist())\n"
        "print(activations.relu.grad([0.0]).tolist(), init.calculate_gain('relu') ** 2)\n"
        "print(nnprimer.__file__)",
        python=python, cwd=tmp_path,
    )
    lines = out.splitlines()
    assert lines[0] == "True"  # torch is not there...
    assert lines[1] == "[0.0, 2.0]"  # ...and the reference works
    assert lines[2].startswith("[0.0] 2.0")
    assert str(env_dir) in lines[3] and str(ROOT) not in lines[3]
