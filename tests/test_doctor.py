"""python -m nnprimer doctor: a report with a fix per problem, exit code 0 or 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nnprimer import doctor


def run(code: str | None = None, **env):
    """``python -m nnprimer doctor`` in a subprocess (or ``code`` that runs it)."""
    environ = {k: v for k, v in os.environ.items() if k != "NNPRIMER_CJK_FONT"} | env
    args = [sys.executable, "-m", "nnprimer", "doctor"] if code is None else [sys.executable, "-c", code]
    return subprocess.run(args, capture_output=True, text=True, env=environ, timeout=240)


def test_doctor_reports_all_fine_here():
    """This environment has everything requirements.txt installs: exit code 0, every line ok."""
    done = run()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in ("Python", "numpy", "torch", "matplotlib", "ipywidgets", "scikit-learn", "ipykernel",
                 "jupyterlab-myst", "jupyter-book", "device fit would use", "CJK font"):
        assert any(line.startswith("ok") and f" {name}: " in line for line in lines), name
    assert not any(line.startswith("PROBLEM") for line in lines)
    assert done.stderr == ""


def test_doctor_reports_each_problem_with_a_fix():
    """A missing package (hidden with sys.modules) and no CJK font: exit code 1, a fix for each."""
    code = ("import sys; sys.modules['ipywidgets'] = None; "
            "from nnprimer.__main__ import main; sys.exit(main(['doctor']))")
    done = run(code, NNPRIMER_CJK_FONT="")
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "PROBLEM  ipywidgets: not installed\n         fix: pip install 'ipywidgets'" in out
    assert "PROBLEM  CJK font: none (switched off by NNPRIMER_CJK_FONT='')\n         fix: unset" in out
    assert "ok       torch: " in out
    assert out.rstrip().endswith("2 problem(s): see the 'fix' lines above")


def test_doctor_speaks_the_language_asked_for():
    """--language, else the environment's LANGUAGE / LANG, as gettext reads them."""
    code = ("import sys; sys.modules['ipywidgets'] = None; "
            "from nnprimer.__main__ import main; sys.exit(main(['doctor', '--language', 'zh']))")
    done = run(code)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("nnprimer 体检\n")
    assert "有问题   ipywidgets: 未安装\n         解决：pip install 'ipywidgets'" in done.stdout
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


def test_old_torch_is_a_problem(monkeypatch):
    import torch

    monkeypatch.setattr(torch, "__version__", "2.7.1+cpu")
    check, _ = doctor._module("torch", "torch")
    assert not check.ok and "needs >= 2.8" in check.detail and check.fix == "pip install 'torch>=2.8'"
    monkeypatch.setattr(torch, "__version__", "2.13.0+cu126")
    assert doctor._module("torch", "torch")[0].ok


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
