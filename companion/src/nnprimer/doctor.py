"""``python -m nnprimer doctor``: is this machine ready for the course?

By default it checks the package: the Python version and the libraries nnprimer uses
(numpy and scipy, and what its extras bring: torch, matplotlib, scikit-learn, ipywidgets)
against the bounds nnprimer declares, read from its installed metadata; the device
:func:`nnprimer.train.fit` would train on; whether Chinese figures will have a CJK font.
``--notebooks`` adds the tools that run the notebooks (JupyterLab, jupyterlab-myst,
ipykernel) and build the website (Jupyter Book 1). Each problem comes with a one-line fix;
the exit code is 0 when nothing is wrong, 1 otherwise. It speaks the language of
:func:`nnprimer.set_language` (``python -m nnprimer doctor --language zh``; by default the
one the environment asks for in ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``).

Importing this module imports neither torch nor matplotlib; :func:`run_checks` does.

>>> check = Check("numpy", True, "2.1.0")
>>> format_check(check)
'ok       numpy: 2.1.0'
"""

from __future__ import annotations

import importlib
import operator
import os
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Sequence

from ._i18n import _t

__all__ = ["Check", "NOTEBOOK_MODULES", "PACKAGE_MODULES", "format_check", "main", "run_checks"]

#: What nnprimer uses, with its extras: (import name, distribution on PyPI).
PACKAGE_MODULES: tuple[tuple[str, str], ...] = (
    ("numpy", "numpy"),
    ("scipy", "scipy"),
    ("torch", "torch"),
    ("matplotlib", "matplotlib"),
    ("sklearn", "scikit-learn"),
    ("ipywidgets", "ipywidgets"),
)

#: What running the notebooks needs besides (checked with ``--notebooks``).
NOTEBOOK_MODULES: tuple[tuple[str, str], ...] = (
    ("jupyterlab", "jupyterlab"),
    ("jupyterlab_myst", "jupyterlab-myst"),
    ("ipykernel", "ipykernel"),
)

#: A CPU-only build of torch: a few hundred MB instead of several GB, enough for the course.
CPU_TORCH = "pip install torch --index-url https://download.pytorch.org/whl/cpu"


@dataclass
class Check:
    """One line of the report: ``ok`` is False for a problem, and ``fix`` says what to do."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class _Requirement:
    """One requirement in nnprimer's metadata, e.g. ``torch>=2.8; extra == "torch"``."""

    name: str
    specifier: str
    extra: str | None


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


_OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq,
              "!=": operator.ne}


def _satisfies(version: str, specifier: str) -> bool:
    """Whether ``version`` meets ``specifier``, comma-separated clauses such as ``">=2.8"`` or
    ``">=3.10,<4"`` (the operators >=, >, <=, <, ==, != on release numbers; trailing zeros
    do not count, so 2.8 == 2.8.0).

    >>> _satisfies("2.13.0+cpu", ">=2.8"), _satisfies("2.7.1", ">=2.8"), _satisfies("3.10.4", ">=3.10,<3.14")
    (True, False, True)
    """
    def release(text: str) -> tuple[int, ...]:
        numbers = list(_version_tuple(text))
        while numbers and numbers[-1] == 0:
            numbers.pop()
        return tuple(numbers)

    for clause in filter(None, (c.strip() for c in specifier.split(","))):
        match = re.fullmatch(r"(>=|<=|==|!=|>|<)\s*([\w.+!-]+)", clause)
        if match is None:
            raise ValueError(f"unsupported version specifier {clause!r} in {specifier!r}")
        if not _OPERATORS[match.group(1)](release(version), release(match.group(2))):
            return False
    return True


def _requirements() -> dict[str, _Requirement] | None:
    """nnprimer's requirements by distribution name, from its installed metadata: the core
    ones, else the first extra (other than ``all``) that names them. None when nnprimer's
    metadata is missing (imported from a source tree without being installed)."""
    try:
        lines = metadata.requires("nnprimer") or []
    except metadata.PackageNotFoundError:
        return None
    found: dict[str, _Requirement] = {}
    for line in lines:
        match = re.fullmatch(r"\s*([A-Za-z0-9][\w.-]*)\s*(?:\[[^\]]*\])?\s*([^;]*?)\s*(?:;\s*(.*))?", line)
        if match is None:
            continue
        name, specifier, marker = match.groups()
        extra = re.search(r"extra\s*==\s*[\"']([^\"']+)[\"']", marker or "")
        requirement = _Requirement(name.lower(), specifier, extra.group(1) if extra else None)
        if requirement.extra == "all":
            continue
        if requirement.name not in found or (found[requirement.name].extra and not requirement.extra):
            found[requirement.name] = requirement
    return found


def _install(dist: str, requirement: _Requirement | None) -> str:
    """The command that installs ``dist`` as nnprimer wants it."""
    if requirement is not None and requirement.extra:
        command = f"pip install 'nnprimer[{requirement.extra}]'"
    else:
        command = f"pip install '{dist}{requirement.specifier if requirement else ''}'"
    return command + _cpu_torch(dist)


def _cpu_torch(dist: str) -> str:
    """For torch, the suggestion of a CPU-only build (appended to a fix); nothing otherwise."""
    if dist != "torch":
        return ""
    return _t("  (a CPU-only torch is enough and much smaller: {command})", command=CPU_TORCH)


def _python(requires: str | None) -> Check:
    v = sys.version_info
    version = f"{v.major}.{v.minor}.{v.micro}"
    text = f"{version} ({sys.executable})"
    if requires and not _satisfies(version, requires):
        return Check("Python", False, _t("{text} (nnprimer needs Python {requires})", text=text, requires=requires),
                     _t("install Python {requires}", requires=requires))
    return Check("Python", True, text)


def _nnprimer(installed: bool) -> Check:
    from . import __version__

    if not installed:
        return Check("nnprimer", False, _t("{version}, imported from a source tree: not installed, so its "
                                           "requirements cannot be read", version=__version__),
                     _t("install it from the course repository: pip install './companion[all]'"))
    return Check("nnprimer", True, __version__)


def _module(name: str, dist: str, requirement: _Requirement | None = None) -> tuple[Check, object | None]:
    """Import ``name``; the check says its version, whether it meets ``requirement``, or why
    it failed to import."""
    try:
        module = importlib.import_module(name)
    except Exception as exc:  # ImportError, or a broken install raising something else
        reason = (_t("not installed") if isinstance(exc, ImportError)
                  else _t("fails to import ({error})", error=f"{type(exc).__name__}: {exc}"))
        return Check(dist, False, reason, _install(dist, requirement)), None
    version = getattr(module, "__version__", None)
    if not isinstance(version, str):
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = _t("version unknown")
    if requirement is not None and requirement.specifier and not _satisfies(version, requirement.specifier):
        wanted = f"{dist}{requirement.specifier}"
        return Check(dist, False, _t("{version} (nnprimer needs {wanted})", version=version, wanted=wanted),
                     f"pip install --upgrade '{wanted}'" + _cpu_torch(dist)), module
    return Check(dist, True, version), module


def _jupyter_book() -> Check:
    try:
        version = metadata.version("jupyter-book")
    except metadata.PackageNotFoundError:
        return Check("jupyter-book", True, _t("not installed (only needed to build the website: "
                                              "pip install -r requirements.txt)"))
    if _version_tuple(version)[:1] != (1,):
        return Check("jupyter-book", False, _t("{version} (the website is built with Jupyter Book 1)", version=version),
                     _t("pip install -r requirements.txt (it pins the Jupyter Book the website is built with)"))
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


def run_checks(*, notebooks: bool = False) -> list[Check]:
    """Run the package's checks (and, with ``notebooks``, those of the notebook tools);
    return them in report order."""
    requirements = _requirements()
    try:
        requires_python = metadata.metadata("nnprimer")["Requires-Python"]
    except metadata.PackageNotFoundError:
        requires_python = None
    checks = [_python(requires_python), _nnprimer(requirements is not None)]
    modules = PACKAGE_MODULES + (NOTEBOOK_MODULES if notebooks else ())
    imported = {}
    for name, dist in modules:
        check, module = _module(name, dist, (requirements or {}).get(dist))
        checks.append(check)
        imported[name] = module is not None and check.ok
    if notebooks:
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


def main(argv: Sequence[str] | None = None, language: str | None = None, notebooks: bool = False) -> int:
    """Print the report in ``language`` (default :func:`environment_language`); return 0
    when every check passed, 1 otherwise. ``notebooks`` adds the notebook tools."""
    from ._i18n import set_language

    set_language(language or environment_language())
    checks = run_checks(notebooks=notebooks)
    print(_t("nnprimer doctor"))
    for check in checks:
        print(format_check(check))
    problems = sum(not c.ok for c in checks)
    if problems:
        print(_t("{n} problem(s): see the 'fix' lines above", n=problems))
    elif notebooks:
        print(_t("all fine: the notebooks and figures will work here"))
    else:
        print(_t("all fine: nnprimer and its figures will work here (add --notebooks to check the notebook "
                 "tools too)"))
    return 0 if not problems else 1
