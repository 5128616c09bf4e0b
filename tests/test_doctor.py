"""python -m nnprimer doctor: a report with a fix per problem, exit code 0 or 1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nnprimer import doctor

ROOT = Path(__file__).resolve().parents[1]


def run(code: str | None = None, **env):
    """``python -m nnprimer doctor`` in a subprocess (or ``code`` that runs it)."""
    environ = {k: v for k, v in os.environ.items() if k != "NNPRIMER_CJK_FONT"} | env
    args = [sys.executable, "-m", "nnprimer", "doctor"] if code is None else [sys.executable, "-c", code]
    return subprocess.run(args, capture_output=True, text=True, env=environ, timeout=240)


PACKAGE_LINES = ("Python", "nnprimer", "numpy", "scipy", "torch", "matplotlib", "scikit-learn", "ipywidgets",
                 "device fit would use", "CJK font")
NOTEBOOK_LINES = ("jupyterlab", "jupyterlab-myst", "ipykernel", "jupyter-book")


def test_doctor_checks_the_package_and_the_notebook_tools_on_request():
    """This environment has everything requirements.txt installs: exit code 0, every line ok;
    the notebook tools only with --notebooks."""
    done = run()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in PACKAGE_LINES:
        assert any(line.startswith("ok") and f" {name}: " in line for line in lines), name
    assert not any(f" {name}: " in line for line in lines for name in NOTEBOOK_LINES)
    assert lines[-1] == ("all fine: nnprimer and its figures will work here (add --notebooks to check the "
                         "notebook tools too)")
    assert done.stderr == ""
    done = run(code="import sys; from nnprimer.__main__ import main; sys.exit(main(['doctor', '--notebooks']))")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in PACKAGE_LINES + NOTEBOOK_LINES:
        assert any(line.startswith("ok") and f" {name}: " in line for line in lines), name
    assert lines[-1] == "all fine: the notebooks and figures will work here"
    assert not any(line.startswith("PROBLEM") for line in lines)


def test_doctor_reports_each_problem_with_a_fix_naming_the_extra():
    """Missing packages (hidden with sys.modules) and no CJK font: exit code 1, a fix for each."""
    code = ("import sys; sys.modules['ipywidgets'] = None; sys.modules['ipykernel'] = None; "
            "from nnprimer.__main__ import main; sys.exit(main(['doctor', '--notebooks']))")
    done = run(code, NNPRIMER_CJK_FONT="")
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "PROBLEM  ipywidgets: not installed\n         fix: pip install 'nnprimer[widgets]'\n" in out
    assert "PROBLEM  ipykernel: not installed\n         fix: pip install 'nnprimer[notebooks]'\n" in out
    assert "PROBLEM  CJK font: none (switched off by NNPRIMER_CJK_FONT='')\n         fix: unset" in out
    assert out.rstrip().endswith("3 problem(s): see the 'fix' lines above")


def test_a_missing_torch_gets_the_extra_and_a_cpu_build_suggested():
    """(In-process: hiding torch in sys.modules would break scikit-learn's import too.)"""
    check, module = doctor._module("torch_is_not_here_xyz", "torch", doctor._requirements()["torch"])
    assert module is None and not check.ok and check.detail == "not installed"
    assert check.fix == ("pip install 'nnprimer[torch]'  (a CPU-only torch is enough and much smaller: "
                         "pip install torch --index-url https://download.pytorch.org/whl/cpu)")


def test_doctor_speaks_the_language_asked_for():
    """--language, else the environment's LANGUAGE / LANG, as gettext reads them."""
    code = ("import sys; sys.modules['ipywidgets'] = None; "
            "from nnprimer.__main__ import main; sys.exit(main(['doctor', '--language', 'zh']))")
    done = run(code)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("nnprimer 体检\n")
    assert "有问题   ipywidgets: 未安装\n         解决：pip install 'nnprimer[widgets]'" in done.stdout
    assert done.stdout.rstrip().endswith("1 个问题：见上面以“解决”开头的行")
    assert run(LANG="zh_CN.UTF-8", LANGUAGE="").stdout.startswith("nnprimer 体检")
    assert run(LANG="fr_FR.UTF-8", LANGUAGE="").stdout.startswith("nnprimer doctor")


def test_doctor_tells_bundled_from_system_font(monkeypatch):
    from nnprimer import _fonts

    monkeypatch.setattr(_fonts, "cjk_font", lambda: _fonts.BUNDLED_CJK_FAMILY)
    monkeypatch.delenv("NNPRIMER_CJK_FONT", raising=False)
    assert "bundled with nnprimer" in doctor._cjk_font().detail
    monkeypatch.setattr(_fonts, "cjk_font", lambda: "Noto Sans CJK SC")
    check = doctor._cjk_font()
    assert check.ok and check.detail == "Noto Sans CJK SC (system font)"


def pyproject():
    import tomllib

    return tomllib.loads((ROOT / "companion" / "pyproject.toml").read_text())["project"]


def test_bounds_come_from_the_installed_metadata(monkeypatch):
    """torch's and Python's bounds are those of pyproject.toml, read back from the
    installed package's metadata; a different metadata gives a different verdict."""
    import torch

    torch_bound = pyproject()["optional-dependencies"]["torch"][0]
    assert torch_bound.startswith("torch>=")
    requirement = doctor._requirements()["torch"]
    assert f"torch{requirement.specifier}" == torch_bound and requirement.extra == "torch"
    monkeypatch.setattr(torch, "__version__", "2.7.1+cpu")
    check, _ = doctor._module("torch", "torch", requirement)
    assert not check.ok and check.detail == f"2.7.1+cpu (nnprimer needs {torch_bound})"
    assert check.fix.startswith(f"pip install --upgrade '{torch_bound}'  (a CPU-only torch")
    monkeypatch.setattr(torch, "__version__", "2.13.0+cu126")
    assert doctor._module("torch", "torch", requirement)[0].ok

    fake = ['numpy>=1.26', 'torch>=9.1; extra == "torch"', 'torch>=9.1; extra == "all"',
            'matplotlib>=3.8; extra == "plot"', 'matplotlib>=3.8; extra == "widgets"']
    monkeypatch.setattr(doctor.metadata, "requires", lambda name: fake)
    monkeypatch.setattr(doctor.metadata, "metadata", lambda name: {"Requires-Python": ">=3.99"})
    checks = {c.name: c for c in doctor.run_checks()}
    assert checks["torch"].detail == "2.13.0+cu126 (nnprimer needs torch>=9.1)"
    assert checks["Python"].detail.endswith("(nnprimer needs Python >=3.99)")
    assert checks["Python"].fix == "install Python >=3.99"
    assert doctor._requirements()["matplotlib"].extra == "plot"  # the first extra that names it


def test_python_range_is_stated_the_same_everywhere():
    """pyproject's requires-python, and the README and both how-to-use pages in words."""
    requires = pyproject()["requires-python"]
    assert requires.startswith(">=") and "," not in requires
    version = requires[2:]
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start")[1].split("\n## ")[0]
    package = readme.split("## The companion package on its own")[1].split("\n## ")[0]
    for text in (quick_start, package, (ROOT / "book/en/how-to-use.md").read_text()):
        assert f"Python {version} or newer" in text
    assert f"Python {version} 或更高版本" in (ROOT / "book/zh/how-to-use.md").read_text()
    for path in ("README.md", "book/en/how-to-use.md", "book/zh/how-to-use.md"):
        stated = set(re.findall(r"Python (3\.\d+)", (ROOT / path).read_text()))
        assert stated == {version}, (path, stated)


def test_satisfies():
    assert doctor._satisfies("2.8.0", ">=2.8") and doctor._satisfies("2.8", ">=2.8.0")
    assert not doctor._satisfies("2.7.99", ">=2.8")
    assert doctor._satisfies("3.12.1", ">=3.10,<3.13") and not doctor._satisfies("3.13.0", ">=3.10,<3.13")
    assert doctor._satisfies("1.0.4.post1", "==1.0.4") and doctor._satisfies("2.0", "!=1.0")
    with pytest.raises(ValueError, match=r"unsupported version specifier '~=2.8'"):
        doctor._satisfies("2.8", "~=2.8")


@pytest.mark.parametrize("text, expected", [("2.13.0+cpu", (2, 13, 0)), ("1.0.4.post1", (1, 0, 4)),
                                            ("2.8.0rc1", (2, 8, 0)), ("dev", ())])
def test_version_tuple(text, expected):
    assert doctor._version_tuple(text) == expected


def test_importing_nnprimer_and_doctor_imports_neither_torch_nor_matplotlib():
    code = ("import sys, nnprimer, nnprimer.doctor, nnprimer.__main__; "
            "print(sorted(m for m in ('torch', 'matplotlib') if m in sys.modules))")
    done = run(code)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def test_unknown_command_is_rejected():
    done = subprocess.run([sys.executable, "-m", "nnprimer", "cure"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "invalid choice: 'cure'" in done.stderr
