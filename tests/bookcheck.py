"""Structural checks on the book's notebooks, shared by tests/test_book.py.

Each ``check_*`` function returns a list of human-readable problems (empty when fine), so a
test can assert ``== []`` and show every drift at once, and the checks themselves can be
tested on deliberately broken notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import sys

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from sync_code_cells import first_difference  # noqa: E402  (scripts/sync_code_cells.py)

BOOK = ROOT / "book"
LANGS = ("en", "zh")

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+\S")
_LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]+\)|```\{figure\}|:::\{figure\}|<img\s", re.IGNORECASE)
_DISPLAY_MATH = re.compile(r"^\s*\$\$", re.MULTILINE)
_SET_LANGUAGE = re.compile(r"nnprimer\.set_language\(\s*['\"](\w+)['\"]\s*\)")


def notebooks(lang: str) -> dict[str, Path]:
    """Chapter notebooks of one language, by file name."""
    return {p.name: p for p in sorted((BOOK / lang).glob("*.ipynb"))}


def pages(lang: str) -> dict[str, Path]:
    """Markdown pages of one language, by file name."""
    return {p.name: p for p in sorted((BOOK / lang).glob("*.md"))}


def read(path: Path):
    return nbformat.read(path, as_version=4)


def _markdown_lines(text: str):
    """Lines of markdown outside fenced code blocks."""
    inside = False
    for line in text.splitlines():
        if _FENCE.match(line.strip()):
            inside = not inside
            continue
        if not inside:
            yield line


def headings(markdown: str) -> list[int]:
    """Levels of the ATX headings, in order."""
    return [len(m.group(1)) for line in _markdown_lines(markdown) if (m := _HEADING.match(line))]


def labels(markdown: str) -> list[str]:
    return _LABEL.findall(markdown)


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def check_clean(nb, name: str = "notebook") -> list[str]:
    """Notebooks are committed without outputs or execution counts."""
    return [f"{name}: code cell {i} has outputs or an execution count"
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]


def check_language_cell(nb, lang: str, name: str = "notebook") -> list[str]:
    """Exactly one ``nnprimer.set_language(...)`` call, with the notebook's language."""
    calls = [m.group(1) for c in nb.cells if c.cell_type == "code" for m in _SET_LANGUAGE.finditer(c.source)]
    if calls != [lang]:
        return [f"{name}: expected one nnprimer.set_language({lang!r}) call, found {calls}"]
    return []


def check_imports_nnprimer(nb, name: str = "notebook") -> list[str]:
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if not re.search(r"^\s*(import nnprimer|from nnprimer\b)", code, re.MULTILINE):
        return [f"{name}: no code cell imports nnprimer"]
    return []


def check_pair(en, zh, name: str = "notebook") -> list[str]:
    """An English notebook and its Chinese twin must have the same structure: cells, code
    (strings and comments masked), tags, headings, labels, figures, equations."""
    problems = []
    kinds_en = [c.cell_type for c in en.cells]
    kinds_zh = [c.cell_type for c in zh.cells]
    if kinds_en != kinds_zh:
        problems.append(f"{name}: cell types differ ({len(kinds_en)} vs {len(kinds_zh)} cells)")
    code_en = [c.source for c in en.cells if c.cell_type == "code"]
    code_zh = [c.source for c in zh.cells if c.cell_type == "code"]
    if len(code_en) != len(code_zh):
        problems.append(f"{name}: {len(code_en)} code cells in en, {len(code_zh)} in zh")
    for i, (a, b) in enumerate(zip(code_en, code_zh)):
        line = first_difference(a, b)
        if line is not None:
            problems.append(f"{name}: code cell {i} differs between en and zh once strings and comments are "
                            f"masked, from line {line} (python scripts/sync_code_cells.py brings English code over)")
    tags_en = [tuple(c.metadata.get("tags", [])) for c in en.cells]
    tags_zh = [tuple(c.metadata.get("tags", [])) for c in zh.cells]
    if tags_en != tags_zh:
        problems.append(f"{name}: cell tags differ")
    md_en, md_zh = _markdown(en), _markdown(zh)
    if headings(md_en) != headings(md_zh):
        problems.append(f"{name}: heading structure differs: {headings(md_en)} vs {headings(md_zh)}")
    problems += check_labels(labels(md_en), labels(md_zh), name)
    for what, pattern in (("figures", _IMAGE), ("display equations", _DISPLAY_MATH)):
        a, b = len(pattern.findall(md_en)), len(pattern.findall(md_zh))
        if a != b:
            problems.append(f"{name}: {a} {what} in en markdown, {b} in zh")
    for tag in ("exercise", "solution"):
        a, b = (sum(tag in c.metadata.get("tags", []) for c in nb.cells) for nb in (en, zh))
        if a != b:
            problems.append(f"{name}: {a} cells tagged {tag!r} in en, {b} in zh")
    return problems


def check_labels(en_labels: list[str], zh_labels: list[str], name: str) -> list[str]:
    """The twins define the same cross-reference labels in the same order (each language is
    its own Sphinx build, so a label is the same word in both: the language switch keeps
    the section, ``#label``, when it changes language)."""
    if en_labels != zh_labels:
        return [f"{name}: cross-reference labels differ: {en_labels} vs {zh_labels}"]
    return []


_EXERCISE = re.compile(r"^:{3,}\{exercise\}.*\n:label: ([\w-]+)", re.M)
_SOLUTION_START = re.compile(r"^:{3,}\{solution-start\} ([\w-]+)", re.M)
_CHECK_CALL = re.compile(r"\bcheck\.(\w+)\(")


_CHAPTER_CHECK = re.compile(r"^from nnprimer\.chapters\.(\w+) import check$", re.M)


def chapter_check(nb, name: str = "notebook"):
    """The checkers' module the notebook imports as ``check``
    (``from nnprimer.chapters.<chapter> import check``)."""
    import importlib

    found = {m for c in nb.cells if c.cell_type == "code" for m in _CHAPTER_CHECK.findall(c.source)}
    if len(found) != 1:
        raise AssertionError(f"{name}: imports the checkers of {sorted(found)}, expected one chapter's")
    return importlib.import_module(f"nnprimer.chapters.{found.pop()}.check")


def check_exercises(nb, name: str = "notebook") -> list[str]:
    """Every exercise is an ``{exercise}`` with a label, then a starter code cell that calls
    one checker of the chapter's ``nnprimer.chapters.<chapter>.check`` on the reader's
    ``...``, then a ``{solution-start}`` for that label whose code calls the same checker and
    ``.require()``s it, then ``{solution-end}``."""
    problems = []
    if not any(_EXERCISE.search(c.source) for c in nb.cells if c.cell_type == "markdown"):
        return problems
    check = chapter_check(nb, name)
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown" or not (m := _EXERCISE.search(cell.source)):
            if "exercise" in cell.metadata.get("tags", []) and cell.cell_type == "markdown" \
                    and "{exercise}" not in cell.source:
                problems.append(f"{name}: cell {i} is tagged exercise but holds no {{exercise}} directive")
            continue
        label = m.group(1)
        starter = cells[i + 1] if i + 1 < len(cells) else None
        if starter is None or starter.cell_type != "code":
            problems.append(f"{name}: exercise {label} has no starter code cell after it")
            continue
        called = _CHECK_CALL.findall(starter.source)
        if len(called) != 1 or called[0] not in check.__all__:
            problems.append(f"{name}: the starter of {label} calls {called}, not one checker of {check.__name__}")
            continue
        if "..." not in starter.source:
            problems.append(f"{name}: the starter of {label} has no ... for the reader's answer")
        rest = cells[i + 2:]
        start = next((k for k, c in enumerate(rest) if c.cell_type == "markdown"
                      and (s := _SOLUTION_START.search(c.source)) and s.group(1) == label), None)
        if start is None:
            problems.append(f"{name}: exercise {label} has no {{solution-start}} {label}")
            continue
        end = next((k for k, c in enumerate(rest[start:], start) if "{solution-end}" in c.source), None)
        solution = "\n".join(c.source for c in rest[start:end] if c.cell_type == "code")
        if f"check.{called[0]}(" not in solution or ".require()" not in solution:
            problems.append(f"{name}: the solution of {label} does not end in check.{called[0]}(...).require()")
    return problems


def toc_files() -> list[str]:
    """Every page listed in _toc.yml (without suffix), in order: paths relative to a
    language's folder (book/en/, book/zh/), the same for every language."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return [f.removesuffix(".ipynb").removesuffix(".md") for f in found]
