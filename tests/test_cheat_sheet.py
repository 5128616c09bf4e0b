"""The cheat sheet's rows land on the sections that show them, in both languages.

Each row of the cheat sheet's tables ends in a "Shown in" cell of ``{ref}`` links. Here every
row must have one, the English and the Chinese sheet must link the same sections row by
row, every label must name a section (a label followed by a heading) in each language's
chapters, and in the built site every link of each language's sheet must reach an existing
section of a page in the same language (a ``{term}`` link, an entry of its glossary).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import bookcheck as bc

SHEET = "10_cheat_sheet.md"
REF = re.compile(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`")
TABLE = re.compile(r"^```\{list-table\}.*?\n(.*?)^```\s*$", re.M | re.S)
ROW = re.compile(r"^\* - ", re.M)
CELL = re.compile(r"^  - ", re.M)
SECTION_LABEL = re.compile(r"^\(([\w-]+)\)=\s*\n+#{1,6}\s+\S", re.M)


def rows(text: str) -> list[tuple[str, list[str]]]:
    """``(first cell, labels linked in the last cell)`` for every body row of every table."""
    found = []
    for table in TABLE.finditer(text):
        options, _, body = table.group(1).partition("\n\n")
        header_rows = int(re.search(r":header-rows:\s*(\d+)", options).group(1)) if ":header-rows:" in options else 0
        items = [r for r in ROW.split(body) if r.strip()][header_rows:]
        for item in items:
            cells = CELL.split(item)
            found.append((" ".join(cells[0].split()), REF.findall(cells[-1])))
    return found


def section_labels(lang: str) -> set[str]:
    """The labels that stand right before a heading in a language's chapters and pages."""
    texts = [bc._markdown(bc.read(p)) for p in bc.notebooks(lang).values()]
    texts += [p.read_text("utf-8") for p in bc.pages(lang).values()]
    return {label for text in texts for label in SECTION_LABEL.findall(text)}


def sheet(lang: str) -> str:
    return (bc.BOOK / lang / SHEET).read_text("utf-8")


def test_the_row_parser_reads_a_list_table():
    text = ("```{list-table}\n:header-rows: 1\n\n* - A\n  - Shown in\n"
            "* - one\n  - {ref}`x-a`, {ref}`the b <x-b>`\n* - two\n  - none\n```\n")
    assert rows(text) == [("one", ["x-a", "x-b"]), ("two", [])]


@pytest.mark.parametrize("lang", bc.LANGS)
def test_every_row_links_a_section_that_exists(lang):
    labels = section_labels(lang)
    found = rows(sheet(lang))
    assert len(found) > 30, f"{lang}: only {len(found)} rows read from the cheat sheet"
    problems = [f"{lang}: row {first!r} links no section" for first, refs in found if not refs]
    problems += [f"{lang}: row {first!r} links {ref!r}, which is not the label of a section in book/{lang}"
                 for first, refs in found for ref in refs if ref not in labels]
    assert problems == []


def test_both_languages_link_the_same_sections_row_by_row():
    en, zh = rows(sheet("en")), rows(sheet("zh"))
    assert len(en) == len(zh), f"{len(en)} English rows, {len(zh)} Chinese rows"
    problems = [f"row {i + 1} ({first!r}): en links {a}, zh links {b}"
                for i, ((first, a), (_, b)) in enumerate(zip(en, zh)) if a != b]
    assert problems == []


class _Ids(HTMLParser):
    """The ids that open a section of a page, and the internal links the page makes.

    A section's first label is the ``<section>``'s id; Sphinx writes any further label as
    an empty ``<span id=...>`` right before the section's heading."""

    def __init__(self):
        super().__init__()
        self.sections: set[str] = set()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self._span: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.ids.add(a.get("id"))
        if self._span and re.fullmatch(r"h[1-6]", tag):
            self.sections.add(self._span)
        self._span = a.get("id") if tag == "span" else None
        if tag == "section" and a.get("id"):
            self.sections.add(a["id"])
        if tag == "a" and "internal" in (a.get("class") or "").split() and a.get("href"):
            self.links.append(a["href"])


def _parse(path) -> _Ids:
    parser = _Ids()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.mark.parametrize("lang", bc.LANGS)
def test_every_link_of_the_built_sheet_reaches_a_section(site, lang):
    page = site / lang / "10_cheat_sheet.html"
    links = [h for h in _parse(page).links if "#" in h and not h.startswith("#")]
    assert len(links) > 30, f"{page}: only {len(links)} links into the chapters"
    problems = []
    for href in links:
        target, _, anchor = href.partition("#")
        path = (page.parent / target).resolve()
        if path.parent != page.parent.resolve():
            problems.append(f"{href}: leaves the {lang} part of the site")
        elif not path.is_file():
            problems.append(f"{href}: no page {target}")
        elif target == "glossary.html":  # a {term}: an entry of the glossary
            if anchor not in _parse(path).ids:
                problems.append(f"{href}: no glossary entry {anchor!r}")
        elif anchor not in _parse(path).sections:
            problems.append(f"{href}: no section with id {anchor!r} in {target}")
    assert problems == []
