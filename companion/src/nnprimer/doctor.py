"""``python -m nnprimer doctor``: is this machine ready for the course?

It reports the versions of Python and of the libraries the course uses, the device
:func:`nnprimer.train.fit` would train on, whether Chinese figures will have a CJK font,
and whether everything the notebooks import is installed, with a one-line fix for each
problem. The exit code is 0 when nothing is wrong, 1 otherwise. It speaks the language of
:func:`nnprimer.set_language` (``python -m nnprimer doctor --language zh``; by default the
one the environment asks for in ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``).

Importing this module imports neither torch nor matplotlib; :func:`run_checks` does.

>>> check = Check("numpy", True, "2.1.0")
>>> format_check(check)
'ok       numpy: 2.1.0'
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Sequence

from ._i18n import _t

__all__ = ["Check", "NOTEBOOK_MODULES", "format_check", "main", "run_checks"]

#: What the notebooks import or need to run: (import name, distribution on PyPI).
NOTEBOOK_MODULES: tuple[tuple[str, str], ...] = (
    ("numpy", "numpy"),
    ("scipy", "scipy"),
    ("torch", "torch"),
    ("matplotlib", "matplotlib"),
    ("sklearn", "scikit-learn"),
    ("ipywidgets", "ipywidgets"),
    ("ipykernel", "ipykernel"),
    ("jupyterlab_myst", "jupyterlab-myst"),
)

#: The oldest torch the companion supports (see companion/pyproject.toml).
MIN_TORCH = (2, 8)
#: The oldest Python the notebooks are tested with.
MIN_PYTHON = (3, 10)


@dataclass
class Check:
    """One line of the report: ``ok`` is False for a problem, and ``fix`` says what to do."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def format_check(check: Check) -> str:
    """The report line of ``check`` (problems get a second line with the fix)."""
    status = _t("ok") if check.ok else _t("PROBLEM")
    line = f"{_padded(status, 8)} {check.name}: {check.detail}"
    if not check.ok and check.fix:
        line += "\n" + " " * 9 + _t("fix: {fix}", fix=check.fix)
    return line


def _padded(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (a CJK character takes two)."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def _version_tuple(text: str) -> tuple[int, ...]:
    """``"2.8.0rc1+cpu"`` -> ``(2, 8, 0)``: the leading numbers of the release."""
    parts = []
    for piece in text.split("+")[0].split("."):
        digits = re.match(r"\d+", piece)
        if digits is None:
            break
        parts.append(int(digits.group()))
        if digits.end() < len(piece):  # "0rc1": a pre-release of 0; stop there
            break
    return tuple(parts)


def _python() -> Check:
    v = sys.version_info
    text = f"{v.major}.{v.minor}.{v.micro} ({sys.executable})"
    if (v.major, v.minor) < MIN_PYTHON:
        return Check("Python", False, text, _t("install Python {v} or newer", v=f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"))
    return Check("Python", True, text)


def _module(name: str, dist: str) -> tuple[Check, object | None]:
    """Import ``name``; the check says its version or why it failed."""
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # ImportError, or a broken install raising something else
        reason = (_t("not installed") if isinstance(exc, ImportError)
                  else _t("fails to import ({error})", error=f"{type(exc).__name__}: {exc}"))
        return Check(dist, False, reason,
                     _t("pip install '{dist}'  (or: pip install -r requirements.txt)", dist=dist)), None
    version = getattr(module, "__version__", None)
    if not isinstance(version, str):
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = _t("version unknown")
    check = Check(dist, True, version)
    if name == "torch" and _version_tuple(version) < MIN_TORCH:
        check = Check(dist, False, _t("{version} (the companion needs >= {minimum})", version=version,
                                      minimum=f"{MIN_TORCH[0]}.{MIN_TORCH[1]}"),
                      f"pip install 'torch>={MIN_TORCH[0]}.{MIN_TORCH[1]}'")
    return check, module


def _jupyter_book() -> Check:
    try:
        version = metadata.version("jupyter-book")
    except metadata.PackageNotFoundError:
        return Check("jupyter-book", True, _t("not installed (only needed to build the website: "
                                              "pip install -r requirements.txt)"))
    if _version_tuple(version)[:1] != (1,):
        return Check("jupyter-book", False, _t("{version} (the website is built with Jupyter Book 1)", version=version),
                     "pip install 'jupyter-book==1.0.4.post1'")
    return Check("jupyter-book", True, version)


def _device() -> Check:
    from . import train

    dev = train.pick_device()
    detail = str(dev)
    if dev.type == "cuda":
        detail += f" ({train.torch.cuda.get_device_name(dev)})"
    detail += _t("; the chapters train on device='cpu' so that every reader gets the same numbers")
    return Check(_t("device fit would use"), True, detail)


def _cjk_font() -> Check:
    from . import _fonts

    name = _t("CJK font")
    override = os.environ.get("NNPRIMER_CJK_FONT")
    family = _fonts.cjk_font()
    if family is None:
        if override is not None:
            return Check(name, False, _t("none (switched off by NNPRIMER_CJK_FONT='')"),
                         _t("unset NNPRIMER_CJK_FONT (or set it to 'bundled')"))
        return Check(name, False, _t("none: Chinese labels in figures would show as empty boxes"),
                     _t("reinstall the companion to restore its bundled font: "
                        "pip install --force-reinstall ./companion"))
    if override:
        kind = _t("chosen by NNPRIMER_CJK_FONT={value}", value=repr(override))
    elif family == _fonts.BUNDLED_CJK_FAMILY:
        kind = _t("bundled with nnprimer; no CJK font found on the system")
    else:
        kind = _t("system font")
    return Check(name, True, f"{family} ({kind})")


def run_checks(modules: Sequence[tuple[str, str]] = NOTEBOOK_MODULES) -> list[Check]:
    """Run every check and return them in report order."""
    from . import __version__

    checks = [_python(), Check("nnprimer", True, __version__)]
    imported = {}
    for name, dist in modules:
        check, module = _module(name, dist)
        checks.append(check)
        imported[name] = module is not None and check.ok
    checks.append(_jupyter_book())
    for needs, run in (("torch", _device), ("matplotlib", _cjk_font)):
        if imported.get(needs):
            checks.append(_safely(run, needs))
    return checks


def _safely(run: Callable[[], Check], needs: str) -> Check:
    try:
        return run()
    except Exception as exc:
        name = _t("device fit would use") if needs == "torch" else _t("CJK font")
        return Check(name, False, _t("check failed ({error})", error=f"{type(exc).__name__}: {exc}"),
                     _t("reinstall {needs}: pip install --force-reinstall '{needs}'", needs=needs))


def environment_language() -> str:
    """The language the environment asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``, as gettext reads them) if nnprimer speaks it, else English."""
    from ._i18n import SOURCE_LANGUAGE, _normalise

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(variable, "").split(":"):
            code = value.split(".")[0]
            if code and code not in ("C", "POSIX") and _normalise(code):
                return _normalise(code)
    return SOURCE_LANGUAGE


def main(argv: Sequence[str] | None = None, language: str | None = None) -> int:
    """Print the report in ``language`` (default :func:`environment_language`); return 0
    when every check passed, 1 otherwise."""
    from ._i18n import set_language

    set_language(language or environment_language())
    checks = run_checks()
    print(_t("nnprimer doctor"))
    for check in checks:
        print(format_check(check))
    problems = sum(not c.ok for c in checks)
    print(_t("all fine: the notebooks and figures will work here") if not problems
          else _t("{n} problem(s): see the 'fix' lines above", n=problems))
    return 0 if not problems else 1
