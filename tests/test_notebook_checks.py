"""tests/nbmake_checks.py: a chapter that writes to stderr (e.g. matplotlib's "Glyph ...
missing" warning, drawn as empty boxes) fails both the site build and nbmake, and every book
notebook runs once: nbmake stores its run in the site build's execution cache and does not
run a notebook the cache has run already."""

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
PLUGIN = ROOT / "tests" / "nbmake_checks.py"


def _load_plugin():
    spec = importlib.util.spec_from_file_location("nnprimer_nbmake_checks", PLUGIN)
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


COUNT = "from pathlib import Path\np = Path('runs.txt')\np.write_text(str(int(p.read_text() if p.exists() else 0) + 1))\nprint(0.25)"


def _nbmake(tmp_path, *paths):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "-p", "no:cacheprovider", "-q",
         "--nbmake-kernel=python3", *paths],
        cwd=tmp_path, capture_output=True, text=True, timeout=240)


def test_nbmake_fails_missing_glyphs_and_runs_a_book_notebook_once(tmp_path):
    """End to end: nbmake with the plugin (as a conftest): a clean notebook passes, one with
    boxes fails; a book notebook runs the first time (its run goes into the execution
    cache) and not the second time."""
    shutil.copy(PLUGIN, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    draw = ("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "plt.rcParams['font.family'] = ['DejaVu Sans']\n"
            "fig, ax = plt.subplots()\nax.set_title({title!r})\nfig.savefig('out.png')\n")
    nbformat.write(_notebook((draw.format(title="dead units"), [])), tmp_path / "clean.ipynb")
    nbformat.write(_notebook((draw.format(title="死亡单元"), [])), tmp_path / "boxes.ipynb")
    (tmp_path / "book").mkdir()
    nbformat.write(_notebook((COUNT, [])), tmp_path / "book" / "count.ipynb")
    first = _nbmake(tmp_path, "clean.ipynb", "boxes.ipynb", "book/count.ipynb")
    out = first.stdout + first.stderr
    assert first.returncode == 1 and re.search(r"\b1 failed, 2 passed\b", out), out
    assert "FAILED boxes.ipynb" in out and "Glyph" in out, out
    assert (tmp_path / "book" / "runs.txt").read_text() == "1"
    built = _load_plugin().build_run(nbformat.read(tmp_path / "book" / "count.ipynb", 4), tmp_path)
    assert built.cells[0].outputs[0]["text"] == "0.25\n"  # the run is in the cache, outputs and all
    second = _nbmake(tmp_path, "book/count.ipynb")
    assert second.returncode == 0, second.stdout + second.stderr
    assert (tmp_path / "book" / "runs.txt").read_text() == "1"  # not executed again
    assert not (tmp_path / "runs.txt").exists()


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def test_a_stored_run_is_found_from_the_committed_notebook(tmp_path):
    """nbclient changes the cell metadata (timings) of what it runs; the cache must still
    match the notebook as committed, as the site build reads it."""
    plugin = _load_plugin()
    path = tmp_path / "book" / "en" / "01.ipynb"
    path.parent.mkdir(parents=True)
    committed = _notebook(("import nnprimer", []), ("print(1)", []))
    committed.cells.insert(1, nbformat.v4.new_markdown_cell("Some prose."))
    nbformat.write(committed, path)
    executed = nbformat.read(path, 4)
    executed.cells[2].outputs = [nbformat.from_dict(_stream("1\n"))]
    executed.cells[2].metadata["execution"] = {"iopub.status.busy": "2026-12-03T10:00:00"}
    executed.metadata["widgets"] = {"state": {}}
    assert plugin.build_run(committed, tmp_path) is None
    plugin.store_run(executed, path, tmp_path, 1.5)
    built = plugin.build_run(nbformat.read(path, 4), tmp_path)  # the cache keeps the code cells
    assert built.cells[1].outputs[0]["text"] == "1\n" and built.metadata["widgets"] == {"state": {}}
    other = _notebook(("import nnprimer", []), ("print(2)", []))
    assert plugin.build_run(other, tmp_path) is None  # other code: no match


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
