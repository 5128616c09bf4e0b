"""A chapter that writes to stderr (e.g. matplotlib's "Glyph ... missing" warning, drawn as
empty boxes) fails both the site build and nbmake."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = ROOT / "tests" / "nbmake_stderr.py"


def _load_plugin():
    spec = importlib.util.spec_from_file_location("nnprimer_nbmake_stderr", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for source, outputs in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
        nb.cells.append(cell)
    return nb


def test_site_build_turns_stderr_into_a_warning():
    config = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    assert config["sphinx"]["config"]["nb_output_stderr"] in ("warn", "error", "severe")


def test_stderr_error_names_the_first_cell_that_wrote_to_stderr():
    stderr_error = _load_plugin().stderr_error
    clean = _notebook(("print(1)", [{"output_type": "stream", "name": "stdout", "text": "1\n"}]))
    assert stderr_error(clean) is None
    glyph = "UserWarning: Glyph 27515 (\\N{CJK UNIFIED IDEOGRAPH-6B7B}) missing from font(s) DejaVu Sans.\n"
    dirty = _notebook(
        ("x = 1", []),
        ("plot()", [{"output_type": "stream", "name": "stdout", "text": "ok\n"},
                    {"output_type": "stream", "name": "stderr", "text": glyph}]),
        ("warn()", [{"output_type": "stream", "name": "stderr", "text": "later\n"}]),
    )
    error = stderr_error(dirty)
    assert error.failing_cell_index == 1
    assert "Glyph 27515" in error.summary and "plot()" in error.trace


def test_nbmake_fails_a_notebook_that_draws_missing_glyphs(tmp_path):
    """End to end: nbmake with the plugin (as a conftest), one clean notebook and one with boxes."""
    shutil.copy(PLUGIN, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    draw = ("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "plt.rcParams['font.family'] = ['DejaVu Sans']\n"
            "fig, ax = plt.subplots()\nax.set_title({title!r})\nfig.savefig('out.png')\n")
    nbformat.write(_notebook((draw.format(title="dead units"), [])), tmp_path / "clean.ipynb")
    nbformat.write(_notebook((draw.format(title="死亡单元"), [])), tmp_path / "boxes.ipynb")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "-p", "no:cacheprovider", "-q",
         "--nbmake-kernel=python3", "clean.ipynb", "boxes.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"\b1 failed, 1 passed\b", out), out
    assert "FAILED boxes.ipynb" in out and "Glyph" in out, out


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
