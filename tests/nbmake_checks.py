"""A pytest plugin for nbmake: two more ways for a chapter notebook to fail.

Loaded for every run by ``pytest.ini`` (``pythonpath = tests`` and ``-p nbmake_checks``),
so it applies whether one notebook or the whole suite runs, with or without
``pytest-xdist``. (It is not a ``book/conftest.py``: with ``--doctest-modules`` two files
named ``conftest.py`` collide as one module name.)

1. **Nothing on stderr.** The site build treats stderr in a cell's output as a warning
   (``nb_output_stderr: warn`` in ``_config.yml``, an error with ``-W``). nbmake only fails
   on exceptions, so a chapter whose figure drew empty boxes -- matplotlib's "Glyph ...
   missing from font(s)" ``UserWarning``, printed to stderr when the figure is rendered --
   would pass. Here the first cell with a ``stderr`` stream fails the notebook.

2. **Two runs print the same numbers.** The chapters fix their seeds, so the site build's
   run of a notebook and nbmake's run must show the same text and the same number and
   kinds of figures, cell by cell (:func:`printed`; cells tagged ``timing`` measure the
   machine and are left out). Every notebook is thus run twice in a CI run -- once by the
   build, once by nbmake -- and compared, without a third execution. The build's run is
   read from its execution cache (``_build/.jupyter_cache``, jupyter-cache), which holds
   the executed notebook as the kernel produced it, matched by its code cells. (Not from
   ``_build/jupyter_execute``: with ``nb_merge_streams`` MyST-NB writes those copies with
   a cell's stream text merged into its first output *and* the later chunks still there.)
   A notebook whose code the cache has never run is passed over, except with ``CI=true``,
   where ``.ci/run`` has built the site from the same checkout first, so it fails.

``tests/test_notebook_checks.py`` tests both.
"""

from __future__ import annotations

import os
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


def printed(nb: Any) -> list:
    """What a notebook's code cells showed, cell by cell, independent of stream chunking.

    One entry per code cell not tagged ``timing``: ``(k, streams, rich)`` where ``k``
    counts code cells from 0. The kernel splits a cell's printed text into ``stream``
    outputs by timing, so under CPU load the same text can arrive as one chunk or several:
    stream text is joined per cell and per stream (stdout / stderr). Rich outputs are kept
    in order as their mime types (e.g. one image) plus any markdown text.
    """
    cells = []
    code_cells = (c for c in nb.get("cells", []) if c.get("cell_type") == "code")
    for k, cell in enumerate(code_cells):
        if "timing" in cell.get("metadata", {}).get("tags", []):
            continue
        streams: dict[str, str] = {}
        rich = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                streams[out["name"]] = streams.get(out["name"], "") + "".join(out["text"])
            elif "data" in out:
                rich.append((sorted(out["data"]), out["data"].get("text/markdown")))
        cells.append((k, sorted(streams.items()), rich))
    return cells


def _cell_index(nb: Any, k: int) -> int:
    """The index in ``nb.cells`` of its ``k``-th code cell."""
    code = [i for i, c in enumerate(nb.get("cells", [])) if c.get("cell_type") == "code"]
    return code[k]


def _show(entry: tuple) -> str:
    _, streams, rich = entry
    parts = [f"--- {name} ---\n{text}" for name, text in streams]
    parts += [f"--- display: {', '.join(mimes)} ---" + (f"\n{md}" if md else "") for mimes, md in rich]
    return "\n".join(parts) or "(nothing)"


def rerun_error(nb: Any, built: Any, label: str = "the site build's run"):
    """An ``nbmake`` ``NotebookError`` for the first code cell whose output in ``nb``
    differs from ``built`` (another run of the same code), or None."""
    from nbmake.nb_result import NotebookError

    ours, theirs = printed(nb), printed(built)
    for a, b in zip(ours, theirs):
        if a != b:
            index = _cell_index(nb, a[0])
            return NotebookError(
                summary=(f"cell {index} printed differently from {label} of the same code "
                         "(fixed seeds: two runs must print the same)"),
                trace=(f"Cell {index}:\n{''.join(nb.cells[index].get('source', ''))}\n\n"
                       f"this run:\n{_show(a)}\n\n{label}:\n{_show(b)}\n\n"
                       "(The build's execution cache is keyed by code cells only: if a file the "
                       "notebook reads has changed since that run, e.g. a benchmarks/results file, "
                       "rebuild after deleting _build/.jupyter_cache.)"),
                failing_cell_index=index,
            )
    if len(ours) != len(theirs):
        return NotebookError(summary=f"{len(ours)} code cells with output here, {len(theirs)} in {label}",
                             trace="", failing_cell_index=0)
    return None


def build_run(nb: Any, root: Path):
    """The site build's executed copy of the notebook ``nb`` (as read from its file), from
    the execution cache under ``root``, or None when the cache has not run that code."""
    path = root / BUILD_CACHE
    if not path.is_dir():
        return None
    from jupyter_cache import get_cache

    cache = get_cache(str(path))
    try:
        record = cache.match_cache_notebook(nb)
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def build_run_error(nb: Any, filename: Path, root: Path, *, required: bool):
    """Compare ``nb`` (just executed from ``filename``) with the site build's run of the same code.

    Only notebooks under ``root / "book"`` are compared. Returns a ``NotebookError`` when
    the outputs differ, or when ``required`` and the build has not run this code; otherwise
    None.
    """
    from nbmake.nb_result import NotebookError

    try:
        relative = Path(filename).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if relative.parts[:1] != ("book",):
        return None
    import nbformat

    # matched as MyST-NB matches: the notebook file as committed (nbclient may have
    # rewritten the kernelspec of the executed copy, which is part of the cache's hash)
    built = build_run(nbformat.read(filename, as_version=4), root)
    if built is None:
        if required:
            return NotebookError(
                summary=f"the site build has not run this code of {relative} ({BUILD_CACHE} has no match): "
                        "build the site first (python book/build.py), as .ci/run does",
                trace="", failing_cell_index=0)
        return None
    return rerun_error(nb, built)


def pytest_configure(config: Any) -> None:
    try:
        from nbmake.nb_run import NotebookRun
    except ImportError:  # nbmake not installed: nothing runs notebooks
        return
    if getattr(NotebookRun.execute, "_nnprimer_checks", False):
        return
    original = NotebookRun.execute
    root = Path(config.rootpath)
    # the rule of site_helpers.IN_CI, written out: this plugin also loads where tests/ is
    # not importable (tests/test_notebook_checks.py runs it in a bare folder)
    required = os.environ.get("CI", "").lower() in ("1", "true", "yes")

    def execute(self: Any, *args: Any, **kwargs: Any):
        result = original(self, *args, **kwargs)
        if result.error is None:
            result.error = stderr_error(result.nb)
        if result.error is None:
            result.error = build_run_error(result.nb, self.filename, root, required=required)
        return result

    execute._nnprimer_checks = True  # type: ignore[attr-defined]
    NotebookRun.execute = execute
