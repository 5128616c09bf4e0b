"""The English and the Chinese run of a chapter print the same numbers and draw the same
figures: their code is the same with other words (tests/test_book.py compares it with the
strings masked), and here what it printed in the site build is compared, cell by cell.

Each cell's printed numbers are compared as a multiset (a translation may put them in
another order: "layer 1 / layer 10" is "第 1 层 / 第 10 层"), and so is the number and kind
of its rich outputs (figures, tables). Cells tagged ``timing`` measure the machine and are
left out. The runs come from the build's execution cache (``_build/.jupyter_cache``); without
a build the tests skip, and with ``CI=true`` they fail.
"""

from __future__ import annotations

import re
from collections import Counter

import nbformat
import pytest

import bookcheck as bc
import site_helpers as sh
from nbmake_checks import build_run

NUMBER = re.compile(r"(?<![\w.])[-−]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:e[+-]?\d+)?%?")


def numbers(text: str) -> Counter:
    """The numbers a text shows (``1,347``, ``-0.25``, ``1.2e-05``, ``38%``), as written."""
    text = text.replace("..", " .. ")  # a range "1..6" holds two numbers
    return Counter(m.group().replace("−", "-") for m in NUMBER.finditer(text))


def shown(nb) -> list[tuple[int, Counter, list]]:
    """Per code cell not tagged ``timing``: its index among the code cells, the numbers it
    printed (streams and text/markdown tables), and the kinds of its rich outputs."""
    out = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code):
        if "timing" in cell.metadata.get("tags", []):
            continue
        text, kinds = "", []
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                text += "".join(o.get("text", ""))
            elif "data" in o:
                kinds.append(tuple(sorted(k for k in o["data"] if k != "text/plain")))
                text += "".join(o["data"].get("text/markdown", ""))
        out.append((k, numbers(text), kinds))
    return out


def _run(path):
    built = build_run(nbformat.read(path, as_version=4), bc.ROOT)
    if built is None:
        sh.skip_or_fail(f"{sh.BUILD_HINT}: no build run of {path.relative_to(bc.ROOT)}", "the twin-run comparison")
    return built


@pytest.mark.parametrize("name", sorted(bc.notebooks("en")))
def test_both_languages_print_the_same_numbers_and_figures(name):
    en, zh = (_run(bc.notebooks(lang)[name]) for lang in ("en", "zh"))
    problems = []
    for (k, a_numbers, a_kinds), (_, b_numbers, b_kinds) in zip(shown(en), shown(zh)):
        if a_numbers != b_numbers:
            only_en, only_zh = a_numbers - b_numbers, b_numbers - a_numbers
            problems.append(f"code cell {k}: numbers only in English {sorted(only_en.elements())[:8]}, "
                            f"only in Chinese {sorted(only_zh.elements())[:8]}")
        if a_kinds != b_kinds:
            problems.append(f"code cell {k}: outputs {a_kinds} in English, {b_kinds} in Chinese")
    assert problems == [], f"{name}:\n" + "\n".join(problems)


def test_the_comparison_sees_a_difference():
    assert numbers("loss 0.25 at epoch 3, 1,347 examples, 1.2e-05") == Counter(["0.25", "3", "1,347", "1.2e-05"])
    assert numbers("第 3 轮的损失 0.25") == numbers("loss 0.25 at epoch 3")
    assert numbers("layer 1") != numbers("第 2 层")
    assert numbers("depth 1..6") == numbers("深度 1 到 6")
