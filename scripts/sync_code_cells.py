#!/usr/bin/env python3
"""Keep the code of each Chinese notebook in step with its English twin.

Each notebook's code speaks its own language: ``book/en/X.ipynb`` prints English,
``book/zh/X.ipynb`` Chinese. What must be equal is everything else: the twins' code cells
are the same once every string literal and comment is masked (:func:`masked`; the text
of an f-string is masked too, but the expressions it interpolates must be the same).
``tests/test_book.py`` checks it. After changing code in English, run

    python scripts/sync_code_cells.py            # every chapter
    python scripts/sync_code_cells.py 02_relu    # one chapter
    python scripts/sync_code_cells.py --check    # change nothing; exit 1 on drift

For every code cell whose masked code differs, the Chinese cell is rebuilt from the English
one: each string literal the notebook already translates elsewhere (in a cell whose code
matches) gets that translation, and the rest are listed, with their line, as strings to
translate by hand. Comments come over in English, also to be translated. Markdown cells are
never touched. The script refuses to run when the notebooks do not have the same sequence
of cell types, because then cells cannot be matched by position.
"""

from __future__ import annotations

import argparse
import ast
import copy
import sys
from pathlib import Path

BOOK = Path(__file__).resolve().parents[1] / "book"


class _Mask(ast.NodeTransformer):
    """Replace string constants by one placeholder, and an f-string by the sorted list of
    the expressions it interpolates (their order may change in translation)."""

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant("<str>") if isinstance(node.value, str) else node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        # the expressions' own strings are masked too: f"{'yes' if ok else 'no'}" and
        # f"{'是' if ok else '否'}" agree
        exprs = sorted(ast.unparse(self.visit(copy.deepcopy(v.value)))
                       + (f"!{chr(v.conversion)}" if v.conversion != -1 else "")
                       for v in node.values if isinstance(v, ast.FormattedValue))
        return ast.Constant("<f-string: " + " | ".join(exprs) + ">")


def masked(source: str) -> list[str]:
    r"""The statements of ``source`` with strings masked and comments dropped, one entry
    per top-level statement (so that a difference can be located).

    >>> masked('print("loss", x)  # English') == masked('print("损失", x)  # 中文')
    True
    >>> masked('print(f"{a} of {b}")') == masked('print(f"{b} 中的 {a}")')
    True
    >>> masked('print(f"{a}")') == masked('print(f"{b}")')
    False
    >>> masked('f"{0 if ok else 1}"') == masked('f"{2 if ok else 3}"'), masked("f\"{'a' if ok else 'b'}\"") == masked("f\"{'c' if ok else 'd'}\"")
    (False, True)
    """
    tree = _Mask().visit(ast.parse(source))
    return [ast.dump(stmt, annotate_fields=False) for stmt in tree.body]


def first_difference(en: str, zh: str) -> int | None:
    """The line (in ``en``, from 1) of the first statement whose masked code differs, or
    None when the two agree."""
    a, b = masked(en), masked(zh)
    if a == b:
        return None
    statements = ast.parse(en).body
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return statements[i].lineno
    return statements[min(len(a), len(b))].lineno if len(a) != len(b) and statements[min(len(a), len(b)):] \
        else len(en.splitlines())


def string_literals(source: str) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` offsets into ``source`` of every string literal (implicit
    concatenations and f-strings whole), in source order."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(lineno: int, col: int) -> int:
        return starts[lineno - 1] + len(lines[lineno - 1].encode()[:col].decode())

    found = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            a, b = offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)
            found.append((a, b, source[a:b]))
            return  # the expressions inside an f-string are compared as code, not translated
        for child in ast.iter_child_nodes(node):
            walk(child)

    walk(ast.parse(source))
    return sorted(found)


def translation_memory(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """English literal (as written) -> its Chinese counterpart, from cells whose masked code agrees."""
    memory: dict[str, str] = {}
    for en, zh in pairs:
        if masked(en) == masked(zh):
            for (_, _, a), (_, _, b) in zip(string_literals(en), string_literals(zh)):
                memory.setdefault(a, b)
    return memory


def localise(source: str, memory: dict[str, str]) -> tuple[str, list[tuple[int, str]]]:
    """``source`` (English) with each literal the memory knows replaced by its translation;
    also the literals left in English, as ``(line, literal)``, where a reader would read
    words (not bare names such as ``"relu"`` or ``"cpu"``)."""
    out, pos, todo = [], 0, []
    for a, b, text in string_literals(source):
        out.append(source[pos:a])
        if text in memory:
            out.append(memory[text])
        else:
            out.append(text)
            value = text.lstrip("rRbBuUfF")[1:-1]
            if any(c.isalpha() for c in value) and not value.replace("_", "").isalnum():
                todo.append((source.count("\n", 0, a) + 1, text))
        pos = b
    out.append(source[pos:])
    return "".join(out), todo


def sync(name: str, check: bool) -> bool:
    """Bring ``book/zh/<name>.ipynb`` in step with English; True when it is (or now is)."""
    import nbformat

    en_path, zh_path = BOOK / "en" / f"{name}.ipynb", BOOK / "zh" / f"{name}.ipynb"
    en, zh = nbformat.read(en_path, as_version=4), nbformat.read(zh_path, as_version=4)
    if [c.cell_type for c in en.cells] != [c.cell_type for c in zh.cells]:
        print(f"{name}: the cell sequences differ ({len(en.cells)} vs {len(zh.cells)} cells); "
              "add the missing cells to the Chinese notebook first")
        return False
    code = [(a, b) for a, b in zip(en.cells, zh.cells) if a.cell_type == "code"]
    memory = translation_memory([(a.source, b.source) for a, b in code])
    memory['"en"'] = '"zh"'  # nnprimer.set_language("en") -> ("zh")
    changed = 0
    for index, (a, b) in enumerate(code):
        tags_differ = b.metadata.get("tags") != a.metadata.get("tags")
        line = first_difference(a.source, b.source)
        if line is None and not tags_differ:
            continue
        changed += 1
        if check:
            print(f"{name}: code cell {index} differs from English at line {line}" if line
                  else f"{name}: code cell {index} has other tags than in English")
            continue
        if line is not None:
            b.source, todo = localise(a.source, memory)
            for lineno, literal in todo:
                print(f"{name}: code cell {index}, line {lineno}: translate {literal}")
            if any(line.lstrip().startswith("#") or "  # " in line for line in b.source.splitlines()):
                print(f"{name}: code cell {index}: translate its comments")
        if "tags" in a.metadata:
            b.metadata["tags"] = list(a.metadata["tags"])
        else:
            b.metadata.pop("tags", None)
    if changed and not check:
        nbformat.write(zh, zh_path)
    print(f"{name}: {changed} code cell(s) {'differ' if check else 'brought over'}")
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
