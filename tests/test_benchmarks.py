"""Smoke test of benchmarks/run.py: it runs on a tiny setting and prints well-formed tables.

The benchmarks themselves are not part of the test suite (they take minutes); this only
checks that the entry point works and that its tables and JSON have the expected shape.
"""
import json
import subprocess
import sys
from pathlib import Path

from nnprimer.activations import ELEMENTWISE

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


def _tables(text: str) -> dict[str, list[list[str]]]:
    """Markdown tables by their '### title': rows of cells, header first, separator dropped."""
    tables: dict[str, list[list[str]]] = {}
    title = None
    for line in text.splitlines():
        if line.startswith("### "):
            title = line[4:].strip()
            tables[title] = []
        elif line.startswith("|") and title is not None:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(set(c) <= {"-"} for c in cells):
                tables[title].append(cells)
    return tables


def test_quick_run_prints_tables_and_json(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(RUN), "--quick", "--only", "activations,import", "--json", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    tables = _tables(proc.stdout)
    assert len(tables) == 2, list(tables)
    act = next(rows for title, rows in tables.items() if title.startswith("Activations"))
    header, body = act[0], act[1:]
    assert len(header) == 7
    assert sorted(r[0] for r in body) == sorted(ELEMENTWISE)
    for row in body:
        assert len(row) == len(header)
        assert all(float(c) > 0 for c in row[1:]), row
    imp = next(rows for title, rows in tables.items() if title.startswith("Import"))
    assert [r[0] for r in imp[1:]] == ["`import nnprimer`", "`import nnprimer.activations`", "`import nnprimer.train`"]
    assert all(len(r) == 4 for r in imp)

    res = json.loads(out.read_text())
    assert set(res["sections"]) == {"activations", "import"}
    assert res["quick"] is True and res["command"].startswith("python benchmarks/run.py")
    assert {"processor", "cpu_count", "python", "numpy", "torch"} <= set(res["machine"])
    rows = res["sections"]["activations"]["rows"]
    assert len(rows) == len(ELEMENTWISE)
    for r in rows:  # the ratios are what the table prints, computed from the times
        assert abs(r["ratio_fg"] - r["numpy_fg"] / r["torch_fg"]) < 1e-12


def test_unknown_section_is_an_error():
    proc = subprocess.run([sys.executable, str(RUN), "--only", "activations,nope"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2
    assert "nope" in proc.stderr and "activations" in proc.stderr
