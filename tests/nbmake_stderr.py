"""A pytest plugin for nbmake: a chapter notebook that writes to stderr fails.

Loaded for every run by ``pytest.ini`` (``pythonpath = tests`` and ``-p nbmake_stderr``),
so it applies whether one notebook or the whole suite runs. (It is not a
``book/conftest.py``: with ``--doctest-modules`` two files named ``conftest.py`` collide
as one module name.)

The site build already treats stderr in a cell's output as a warning (``nb_output_stderr:
warn`` in ``_config.yml``, an error with ``-W``). nbmake only fails on exceptions, so a
chapter whose figure drew empty boxes -- matplotlib's "Glyph ... missing from font(s)"
``UserWarning``, printed to stderr when the figure is rendered -- would pass. This plugin
makes nbmake fail the same way: after each run, the first cell with a ``stderr`` stream
is reported as the failing cell. ``tests/test_notebook_stderr.py`` tests it.
"""

from __future__ import annotations

from typing import Any


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


def pytest_configure(config: Any) -> None:
    try:
        from nbmake.nb_run import NotebookRun
    except ImportError:  # nbmake not installed: nothing runs notebooks
        return
    if getattr(NotebookRun.execute, "_nnprimer_stderr_check", False):
        return
    original = NotebookRun.execute

    def execute(self: Any, *args: Any, **kwargs: Any):
        result = original(self, *args, **kwargs)
        if result.error is None:
            result.error = stderr_error(result.nb)
        return result

    execute._nnprimer_stderr_check = True  # type: ignore[attr-defined]
    NotebookRun.execute = execute
