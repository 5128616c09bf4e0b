#!/usr/bin/env python3
"""Copy the code cells of the English notebooks into their Chinese twins.

The two languages must have identical code cells (tests/test_book.py checks it). After
changing code in ``book/en/NAME.ipynb``, run

    python scripts/sync_code_cells.py            # every chapter
    python scripts/sync_code_cells.py 02_relu    # one chapter
    python scripts/sync_code_cells.py --check    # report drift, change nothing (exit 1 on drift)

Code cells are matched by position; the line ``nnprimer.set_language("en")`` becomes
``nnprimer.set_language("zh")``. Markdown cells are never touched: translate those by hand.
The script refuses to run when the two notebooks do not have the same sequence of cell
types, because then positions do not match.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

BOOK = Path(__file__).resolve().parents[1] / "book"


def localise(source: str) -> str:
    return source.replace('nnprimer.set_language("en")', 'nnprimer.set_language("zh")')


def sync(name: str, check: bool) -> bool:
    """Return True when the Chinese notebook is (or now is) in step with the English one."""
    en_path, zh_path = BOOK / "en" / f"{name}.ipynb", BOOK / "zh" / f"{name}.ipynb"
    en, zh = nbformat.read(en_path, as_version=4), nbformat.read(zh_path, as_version=4)
    if [c.cell_type for c in en.cells] != [c.cell_type for c in zh.cells]:
        print(f"{name}: the cell sequences differ ({len(en.cells)} vs {len(zh.cells)} cells); "
              "add the missing cells to the Chinese notebook first")
        return False
    changed = 0
    for a, b in zip(en.cells, zh.cells):
        if a.cell_type == "code":
            wanted = localise(a.source)
            if b.source != wanted or b.metadata.get("tags") != a.metadata.get("tags"):
                changed += 1
                b.source = wanted
                if "tags" in a.metadata:
                    b.metadata["tags"] = list(a.metadata["tags"])
                else:
                    b.metadata.pop("tags", None)
    if changed and not check:
        nbformat.write(zh, zh_path)
    print(f"{name}: {changed} code cell(s) {'differ' if check else 'copied'}")
    return not (check and changed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="chapter file names without .ipynb (default: all)")
    parser.add_argument("--check", action="store_true", help="only report drift")
    args = parser.parse_args()
    names = args.names or sorted(p.stem for p in (BOOK / "en").glob("*.ipynb"))
    ok = all([sync(name, args.check) for name in names])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
