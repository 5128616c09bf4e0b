#!/usr/bin/env python3
"""Which version of each English page every translation translates.

``book/translations.yml`` records, for each language other than English and each page,
a short hash of every cell of the English notebook (markdown and code), or of the whole
English ``.md`` page, as it was when the translation was last brought up to date. When
English changes, the recorded hash no longer matches and ``tests/test_translations.py``
fails, listing the pages and cells to bring along. After translating them:

    python scripts/translations.py                      # list what is out of date (exit 1 if any)
    python scripts/translations.py --mark zh 02_relu    # record: zh/02_relu now translates the current English
    python scripts/translations.py --mark zh --all      # the same for every page (use with care)

A code cell counts too: masked-code parity (scripts/sync_code_cells.py) keeps the logic
equal, but a changed English string or comment still needs its translation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
RECORD = BOOK / "translations.yml"
SOURCE = "en"


def _hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


def fingerprint(path: Path) -> list[str] | str:
    """The hashes of an English page: one per cell of a notebook, one for a markdown page."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text("utf-8"))["cells"]
        return [_hash("".join(c["source"])) for c in cells]
    return _hash(path.read_text("utf-8"))


def english_pages() -> dict[str, Path]:
    return {p.name: p for p in sorted((BOOK / SOURCE).iterdir()) if p.suffix in (".ipynb", ".md")}


def translations() -> list[str]:
    return sorted(p.name for p in BOOK.iterdir() if p.is_dir() and (p / "index.md").is_file() and p.name != SOURCE)


def load() -> dict:
    return yaml.safe_load(RECORD.read_text("utf-8")) if RECORD.is_file() else {}


def excerpt(path: Path, index: int) -> str:
    cell = json.loads(path.read_text("utf-8"))["cells"][index]
    first = next((line for line in "".join(cell["source"]).splitlines() if line.strip()), "")
    return f"{cell['cell_type']} cell {index}: {first[:70]}"


def stale(language: str, record: dict | None = None) -> list[str]:
    """What the translation into ``language`` has not brought along, one line per page or cell."""
    record = (load() if record is None else record).get(language) or {}
    problems = []
    for name, path in english_pages().items():
        if not (BOOK / language / name).is_file():
            problems.append(f"{language}/{name}: no translation of book/{SOURCE}/{name}")
            continue
        now, then = fingerprint(path), record.get(name)
        if then is None:
            problems.append(f"{language}/{name}: not recorded in book/translations.yml")
        elif isinstance(now, str):
            if now != then:
                problems.append(f"{language}/{name}: book/{SOURCE}/{name} changed since it was translated")
        elif now != then:
            changed = [i for i, h in enumerate(now) if i >= len(then) or then[i] != h]
            head = f"{language}/{name}: {len(changed)} English cell(s) changed since they were translated"
            if len(now) != len(then):
                head += f" ({len(then)} cells then, {len(now)} now)"
            problems.append(head + "".join(f"\n    {excerpt(path, i)}" for i in changed[:10]))
    return problems


def mark(language: str, names: list[str]) -> None:
    record = load()
    pages = english_pages()
    entry = record.setdefault(language, {})
    for name in names:
        name = name if name in pages else next((n for n in pages if Path(n).stem == name), name)
        if name not in pages:
            raise SystemExit(f"no English page {name!r} in book/{SOURCE}")
        entry[name] = fingerprint(pages[name])
        print(f"{language}/{name}: recorded")
    header = ("# Which version of each English page (book/en) each translation translates: a hash per\n"
              "# notebook cell, or per markdown page. Written by scripts/translations.py --mark; checked\n"
              "# by tests/test_translations.py. Do not edit by hand.\n")
    record = {lang: dict(sorted(pages_.items())) for lang, pages_ in sorted(record.items())}
    RECORD.write_text(header + yaml.safe_dump(record, allow_unicode=True, sort_keys=True, width=200), "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mark", metavar="LANGUAGE", help="record that LANGUAGE translates the current English")
    parser.add_argument("pages", nargs="*", help="pages to mark (file names, with or without suffix)")
    parser.add_argument("--all", action="store_true", help="with --mark: every page")
    args = parser.parse_args(argv)
    if args.mark:
        names = list(english_pages()) if args.all else args.pages
        if not names:
            parser.error("--mark needs page names or --all")
        mark(args.mark, names)
        return 0
    problems = [p for language in translations() for p in stale(language)]
    print("\n".join(problems) if problems else "every translation is up to date")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
