"""Accessibility of the generated tables: every column heading has words, not only math.

A heading cell whose whole content is ``$...$`` is drawn by MathJax with CSS and reads
as an empty header to screen readers that skip the math and to axe-core.
"""

from __future__ import annotations

import re

import pytest

from nnprimer import activations as A
from nnprimer import tables

CJK = re.compile(r"[\u4e00-\u9fff]")


def _headings(language: str) -> list[str]:
    first = tables.activation_table(A.ELEMENTWISE[:2], language=language).markdown.splitlines()[0]
    return [c.strip() for c in first.strip().strip("|").split("|")]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_heading_has_text_outside_math(language):
    headings = _headings(language)
    assert len(headings) >= 6
    for h in headings:
        outside = re.sub(r"\$[^$]*\$", "", h).strip(" ()（）?？")
        assert re.search(r"\w", outside), f"heading {h!r} is only math"


def test_chinese_headings_are_chinese():
    assert all(CJK.search(h) for h in _headings("zh") if not h.startswith("`")), _headings("zh")
