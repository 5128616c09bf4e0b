"""tests/nbmake_checks.py: a chapter that writes to stderr (e.g. matplotlib's "Glyph ...
missing" warning, drawn as empty boxes) fails both the site build and nbmake, and a chapter
that prints differently from the site build's run of the same code fails nbmake."""

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


def test_nbmake_fails_a_notebook_that_draws_missing_glyphs_or_prints_differently(tmp_path):
    """End to end: nbmake with the plugin (as a conftest): one clean notebook, one with boxes,
    one that prints differently from its site-build copy."""
    shutil.copy(PLUGIN, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    draw = ("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "plt.rcParams['font.family'] = ['DejaVu Sans']\n"
            "fig, ax = plt.subplots()\nax.set_title({title!r})\nfig.savefig('out.png')\n")
    nbformat.write(_notebook((draw.format(title="dead units"), [])), tmp_path / "clean.ipynb")
    nbformat.write(_notebook((draw.format(title="死亡单元"), [])), tmp_path / "boxes.ipynb")
    # a book notebook whose site-build copy printed another number: a second run differs
    (tmp_path / "book").mkdir()
    nbformat.write(_notebook(("print(0.25)", [])), tmp_path / "book" / "rerun.ipynb")
    _cache_run(tmp_path, _notebook(("print(0.25)", [_stream("0.26\n")])))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbmake", "-p", "no:cacheprovider", "-q",
         "--nbmake-kernel=python3", "clean.ipynb", "boxes.ipynb", "book/rerun.ipynb"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"\b2 failed, 1 passed\b", out), out
    assert "FAILED boxes.ipynb" in out and "Glyph" in out, out
    assert "FAILED book/rerun.ipynb" in out and "printed differently" in out, out


def _stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def test_printed_ignores_how_a_stream_was_chunked():
    printed = _load_plugin().printed
    one = _notebook(("print(...)", [_stream("dead units: 12\nloss: 0.25\n")]))
    two = _notebook(("print(...)", [_stream("dead units: 1"), _stream("2\nloss: 0.25\n")]))
    assert printed(one) == printed(two)
    assert printed(one) != printed(_notebook(("print(...)", [_stream("dead units: 13\nloss: 0.25\n")])))
    assert printed(one) != printed(_notebook(("print(...)", [_stream("dead units: 12\nloss: 0.25\n", "stderr")])))
    image = {"output_type": "display_data", "data": {"image/png": "", "text/plain": ""}, "metadata": {}}
    assert printed(_notebook(("f()", [_stream("a\n"), image]))) != printed(_notebook(("f()", [_stream("a\n")])))
    timing = _notebook(("t()", [_stream("0.1 s\n")]))
    timing.cells[0].metadata["tags"] = ["timing"]
    assert printed(timing) == []


def _cache_run(root, nb):
    """Store ``nb`` (with its outputs) in a site-build execution cache under ``root``."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    cache.cache_notebook_bundle(CacheBundleIn(nb, str(root / "book" / "en" / "01.ipynb")),
                                check_validity=False, overwrite=True)


def _pair(tmp_path, ours_text, built_text, *, code="print(loss)"):
    """A book notebook just run (``ours``) and the site build's run of ``print(loss)``."""
    nb = _notebook(("import nnprimer", []), (code, [_stream(ours_text)]))
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("Some prose."))
    path = tmp_path / "book" / "en" / "01.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(nb, path)
    _cache_run(tmp_path, _notebook(("import nnprimer", []), ("print(loss)", [_stream(built_text)])))
    return nb, path


def test_a_rerun_that_prints_the_same_passes(tmp_path):
    plugin = _load_plugin()
    nb, path = _pair(tmp_path, "loss 0.25\n", "loss 0.25\n")
    assert plugin.build_run_error(nb, path, tmp_path, required=True) is None


def test_a_rerun_that_prints_another_number_fails_at_that_cell(tmp_path):
    plugin = _load_plugin()
    nb, path = _pair(tmp_path, "loss 0.25\n", "loss 0.26\n")
    error = plugin.build_run_error(nb, path, tmp_path, required=False)
    assert error is not None and error.failing_cell_index == 2  # the markdown cell counts
    assert "printed differently" in error.summary
    assert "loss 0.25" in error.trace and "loss 0.26" in error.trace


def test_code_the_build_never_ran_fails_only_when_required(tmp_path):
    plugin = _load_plugin()
    nb, path = _pair(tmp_path, "loss 0.25\n", "loss 0.26\n", code="print(loss * 2)")
    assert plugin.build_run_error(nb, path, tmp_path, required=False) is None  # other code
    assert "has not run this code" in plugin.build_run_error(nb, path, tmp_path, required=True).summary
    empty = tmp_path / "elsewhere"
    (empty / "book").mkdir(parents=True)
    nbformat.write(nb, empty / "book" / "01.ipynb")
    assert plugin.build_run_error(nb, empty / "book" / "01.ipynb", empty, required=False) is None  # no cache
    assert plugin.build_run_error(nb, empty / "book" / "01.ipynb", empty, required=True) is not None
    # notebooks outside book/ (e.g. a test's own) are never compared
    assert plugin.build_run_error(nb, tmp_path / "x.ipynb", tmp_path, required=True) is None


def test_every_book_notebook_was_run_by_the_build_in_ci():
    """With CI=true the comparison cannot be passed over: .ci/run builds the site first."""
    import site_helpers as sh

    if not sh.IN_CI:
        pytest.skip("outside CI, code the build has not run is passed over (build the site to compare)")
    plugin = _load_plugin()
    notebooks = sorted((ROOT / "book").glob("*/*.ipynb"))
    assert notebooks
    missing = [str(p.relative_to(ROOT)) for p in notebooks if plugin.build_run(nbformat.read(p, 4), ROOT) is None]
    assert not missing, f"the site build's execution cache has no run of {missing}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__]))
