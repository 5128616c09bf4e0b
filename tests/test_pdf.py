"""The PDF edition: one PDF of the whole book per language (``python book/build.py --pdf``).

Checks the PDFs the build left in ``_build/pdf/``: every font embedded and the Chinese
text in the CJK font the companion package ships (read with ``pdffonts``, poppler-utils),
the title of every chapter in the text (``pdftotext``), no character xelatex had no glyph
for (its log), and the site's front page linking each PDF, which the site serves.

Building the PDFs needs TeX Live, a maintainer's and CI's step: without the PDFs (or
poppler-utils) the tests skip and say what to run; with ``CI=true`` they fail instead.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import site_helpers as sh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
_spec = importlib.util.spec_from_file_location("nnprimer_book_build", ROOT / "book" / "build.py")
book_build = importlib.util.module_from_spec(_spec)  # book/build.py (not PyPI's `build`)
_spec.loader.exec_module(book_build)

LANGS = tuple(book_build.languages())
#: The PostScript name of the package's CJK font (companion/src/nnprimer/fonts/).
CJK_FONT_NAME = "nnprimerCJKSC-Regular"


def _pdf(language: str) -> Path:
    path = BUILD / "pdf" / book_build.pdf_name(language)
    if not path.is_file():
        sh.skip_or_fail(f"no {path}: build the PDFs with python book/build.py --pdf (needs TeX Live)",
                        "the PDF tests")
    return path


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sh.skip_or_fail(f"{name} is missing: apt-get install poppler-utils", "the PDF tests")
    return found


def fonts(pdf: Path) -> list[dict]:
    """``pdffonts``' table: one dict per font (name, type, emb)."""
    lines = subprocess.run([_tool("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:  # a header and a rule of dashes
        name, *rest = line.split()
        # columns: name type [type ...] encoding emb sub uni object ID
        rows.append({"name": name, "emb": rest[-5], "line": line})
    return rows


def text(pdf: Path) -> str:
    """The PDF's text with every space and line break removed (Chinese lines break
    anywhere, and pdftotext puts spaces between some CJK characters)."""
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def chapter_titles(language: str) -> dict[str, str]:
    """Page -> its title (the first ``# `` heading), for every page of the table of
    contents but the root (Jupyter Book 1 leaves the root's title out of the PDF)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text("utf-8"))
    titles = {}
    for entry in toc["chapters"]:
        stem = entry["file"]
        folder = ROOT / "book" / language
        if (folder / f"{stem}.ipynb").is_file():
            cells = json.loads((folder / f"{stem}.ipynb").read_text("utf-8"))["cells"]
            lines = [line for c in cells if c["cell_type"] == "markdown" for line in "".join(c["source"]).splitlines()]
        else:
            lines = (folder / f"{stem}.md").read_text("utf-8").splitlines()
        heading = next(line for line in lines if line.startswith("# "))
        titles[stem] = heading[2:]
    return titles


def _plain(title: str) -> str:
    """A Markdown title as the PDF's text shows it: no markup, no spaces."""
    title = re.sub(r"\{[a-z]+\}`([^`<]*)(<[^>]*>)?`", r"\1", title)  # {term}`x` roles
    title = title.replace("`", "").replace("*", "")
    return re.sub(r"\s+", "", title)


@pytest.mark.parametrize("language", LANGS)
def test_every_font_is_embedded(language):
    rows = fonts(_pdf(language))
    assert rows, "pdffonts found no fonts"
    assert all(row["emb"] == "yes" for row in rows), [row["line"] for row in rows if row["emb"] != "yes"]


@pytest.mark.parametrize("language", LANGS)
def test_chinese_is_set_in_the_package_font(language):
    """The package's CJK font is embedded in both PDFs (the English glossary names each
    term in Chinese too), and the Chinese PDF's text is Chinese."""
    pdf = _pdf(language)
    names = [row["name"] for row in fonts(pdf)]
    assert any(name.endswith("+" + CJK_FONT_NAME) or name == CJK_FONT_NAME for name in names), names
    if language == "zh":
        cjk = len(re.findall(r"[\u4e00-\u9fff]", text(pdf)))
        assert cjk > 20_000, f"only {cjk} Chinese characters in {pdf}"


@pytest.mark.parametrize("language", LANGS)
def test_every_chapter_is_in_the_pdf(language):
    body = text(_pdf(language))
    titles = chapter_titles(language)
    assert len(titles) >= 12
    missing = {page: title for page, title in titles.items() if _plain(title) not in body}
    assert not missing, missing


@pytest.mark.parametrize("language", LANGS)
def test_no_character_is_missing_from_the_fonts(language):
    _pdf(language)
    log = BUILD / language / "latex" / f"nnprimer-{language}.log"
    assert log.is_file(), f"no xelatex log {log}"
    assert not book_build.missing_characters(log), book_build.missing_characters(log)[:20]


@pytest.mark.parametrize("language", LANGS)
def test_the_site_links_the_pdf(language):
    pdf = _pdf(language)
    site = sh.site_dir()
    landing = (site / "index.html").read_text("utf-8")
    href = f"{language}/{pdf.name}"
    assert f'<a href="{href}" type="application/pdf"' in landing, "the front page does not link the PDF"
    served = site / href
    assert served.is_file() and served.read_bytes() == pdf.read_bytes(), f"{served} is not the built PDF"


def test_without_a_pdf_the_front_page_links_none():
    """A site built without --pdf has no PDF link (it would point at a missing file)."""
    entries = book_build.languages()
    page = book_build.landing_page(entries, {})
    assert "application/pdf" not in page and "<!-- PDFS -->" not in page
    page = book_build.landing_page(entries, {"zh": "zh/nnprimer-zh.pdf"})
    assert page.count("application/pdf") == 1 and entries["zh"]["pdf"] in page


@pytest.mark.parametrize("language", LANGS)
def test_no_page_is_blank(language):
    """A PDF read on a screen has no blank left-hand pages before its chapters (the book
    class's default, ``openright``): every page after the title page has a figure
    (``pdfimages -list``) or text beyond its running header and page number (pdftotext
    separates pages with a form feed)."""
    pdf = _pdf(language)
    out = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")[:-1]        # after the last form feed: nothing
    listing = subprocess.run([_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    with_figures = {int(row.split()[0]) for row in listing if row.strip()}
    blank = [number for number, page in enumerate(pages, start=1)
             if number > 1 and number not in with_figures
             and len([line for line in page.splitlines() if line.strip()]) <= 3]
    assert len(pages) > 100 and not blank, f"blank pages in the {language} PDF: {blank}"
