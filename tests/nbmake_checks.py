"""A pytest plugin for nbmake: every book notebook runs once, and writing to stderr fails it.

Loaded for every run by ``pytest.ini`` (``pythonpath = tests`` and ``-p nbmake_checks``),
so it applies whether one notebook or the whole suite runs, with or without
``pytest-xdist``. (It is not a ``book/conftest.py``: with ``--doctest-modules`` two files
named ``conftest.py`` collide as one module name.)

1. **Each notebook runs once, shared with the site build.** The site build and nbmake both
   execute the chapters; one run is enough. Notebooks under ``book/`` share the build's
   execution cache (``_build/.jupyter_cache``, jupyter-cache, keyed by the notebook's code
   cells): nbmake executes a notebook only when the cache has no run of its code, and then
   stores its run there, so the build that follows renders it without executing it again
   (``.ci/run``: nbmake first, then the build, then the other tests). A notebook the build
   ran already (the README's order: build, then ``pytest``) is not executed again by nbmake:
   its item checks the build's run instead. Either way every notebook is executed exactly
   once, and by nbmake in CI. That two runs print the same numbers is checked across
   languages instead: the English and the Chinese run of a chapter must print the same
   numbers (``tests/test_twin_runs.py``).

2. **Nothing on stderr.** The site build treats stderr in a cell's output as a warning
   (``nb_output_stderr: warn`` in ``_config.yml``, an error with ``-W``). nbmake only fails
   on exceptions, so a chapter whose figure drew empty boxes -- matplotlib's "Glyph ...
   missing from font(s)" ``UserWarning``, printed to stderr when the figure is rendered --
   would pass. Here the first cell with a ``stderr`` stream fails the notebook.

``tests/test_notebook_checks.py`` tests both.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

#: The site build's execution cache (``execute_notebooks: cache``), from the repository root.
BUILD_CACHE = Path("_build") / ".jupyter_cache"


def stderr_error(nb: Any):
    """An ``nbmake`` ``NotebookError`` for the first cell that wrote to stderr, or None."""
    from nbmake.nb_result import NotebookError

    for index, cell in enumerate(nb.get("cells", [])):
        text = "".join(
            "".join(out.get("text", ""))
            for out in cell.get("outputs", [])
            if out.get("output_type") == "stream" and out.get("name") == "stderr"
        )
        if text:
            source = "".join(cell.get("source", ""))
            return NotebookError(
                summary=f"cell {index} wrote to stderr: {text.strip().splitlines()[0][:200]}",
                trace=f"Cell {index}:\n{source}\n\nstderr (notebooks must print nothing there):\n{text}",
                failing_cell_index=index,
            )
    return None


def _cache(root: Path):
    from jupyter_cache import get_cache

    return get_cache(str(root / BUILD_CACHE))


def build_run(nb: Any, root: Path):
    """The executed copy of the notebook ``nb`` (as read from its file) from the execution
    cache under ``root``, or None when the cache has not run that code."""
    if not (root / BUILD_CACHE).is_dir():
        return None
    cache = _cache(root)
    try:
        record = cache.match_cache_notebook(nb)
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def store_run(executed: Any, filename: Path, root: Path, seconds: float) -> None:
    """Put nbmake's run of ``filename`` into the execution cache, as the site build would.

    The cache matches a notebook by its code cells and their metadata as committed, so the
    outputs (and the widget state) of ``executed`` go into the committed notebook, whose
    cells nbclient did not touch (it records timings in the cell metadata).
    """
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    committed = nbformat.read(str(filename), as_version=4)
    ran = [c for c in executed.cells if c.cell_type == "code"]
    for cell, done in zip((c for c in committed.cells if c.cell_type == "code"), ran):
        cell.outputs = done.get("outputs", [])
        cell.execution_count = done.get("execution_count")
    for key in ("widgets", "language_info"):
        if key in executed.metadata:
            committed.metadata[key] = executed.metadata[key]
    bundle = CacheBundleIn(committed, str(Path(filename).resolve()), data={"execution_seconds": seconds})
    for attempt in range(5):  # pytest-xdist workers share the cache's sqlite database
        try:
            _cache(root).cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            return
        except Exception:  # noqa: BLE001 - "database is locked": try again shortly
            if attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))


def _in_book(filename: Path, root: Path) -> bool:
    try:
        return Path(filename).resolve().relative_to(root.resolve()).parts[:1] == ("book",)
    except ValueError:
        return False


def pytest_configure(config: Any) -> None:
    try:
        from nbmake.nb_result import NotebookResult
        from nbmake.nb_run import NotebookRun
    except ImportError:  # nbmake not installed: nothing runs notebooks
        return
    if getattr(NotebookRun.execute, "_nnprimer_checks", False):
        return
    original = NotebookRun.execute
    root = Path(config.rootpath)

    def execute(self: Any, *args: Any, **kwargs: Any):
        shared = _in_book(self.filename, root)
        if shared:
            import nbformat

            built = build_run(nbformat.read(str(self.filename), as_version=4), root)
            if built is not None:  # run once already, by the site build or an earlier nbmake
                return NotebookResult(nb=built, error=stderr_error(built))
        start = time.perf_counter()
        result = original(self, *args, **kwargs)
        if result.error is None:
            result.error = stderr_error(result.nb)
        if result.error is None and shared:
            store_run(result.nb, self.filename, root, time.perf_counter() - start)
        return result

    execute._nnprimer_checks = True  # type: ignore[attr-defined]
    NotebookRun.execute = execute
