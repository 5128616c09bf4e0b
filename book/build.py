#!/usr/bin/env python3
"""Build the website: one Jupyter Book (Sphinx) build per language, then one site.

    python book/build.py                 # every language, warnings are errors
    python book/build.py --language zh   # one language (the site keeps the others' last build)
    python book/build.py --pdf           # and a PDF of the whole book per language (TeX Live)
    python book/build.py --base-url https://example.org/nnprimer/   # where it will be served

Each language ``L`` of ``book/languages.yml`` is built from ``book/L/`` with the shared
``_config.yml`` and ``_toc.yml`` and that language's own settings on top (its Sphinx
``language``, so the themes' own translations label the interface, ``<html lang>`` is
right, the search index is the language's own, and previous/next stay in one language).
Builds run one after another, each in its own Python process, into ``_build/L/``; the
site is then put together in ``_build/html/``: ``index.html``, a page that offers the
languages, and ``L/`` for each language.

Every build runs with Jupyter Book's ``--all -W --keep-going``: all pages are rewritten,
so every warning is reported on every build, and a warning fails it (without ``-W`` a
notebook that raises still gives "build succeeded"). Notebooks run only when their code
changed since the last build: all languages share the execution cache
``_build/.jupyter_cache`` (``execute_notebooks: cache``).

``--pdf`` also builds a PDF of the whole book in each language, after its site build:
Sphinx's LaTeX builder with the same per-language settings (and the same execution
cache, so nothing runs again), then xelatex through latexmk, into ``_build/pdf/``.
The Chinese text, and the Chinese names on English pages, are set in the CJK font the
companion package ships (:func:`latex_settings`). It needs TeX Live (a maintainer's and
CI's step, not a reader's; the Debian packages are listed in ``.ci/run``). The site then
links each PDF from its front page and serves it from the language's folder; a site
built without ``--pdf`` has neither (the link never points at a missing file).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import html
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
#: Where builds go (``--build-dir``): ``L/`` per language, ``html/`` the site, and
#: ``.jupyter_cache/``, the execution cache shared by every language (it is keyed by
#: each notebook's code).
BUILD = ROOT / "_build"
#: The CJK font of the companion package (a GB 2312 subset of Noto Sans CJK SC, OFL):
#: Chinese text in the PDFs is set in it, so a PDF build downloads no font.
CJK_FONT = ROOT / "companion" / "src" / "nnprimer" / "fonts" / "nnprimer-cjk-sc.ttf"


def languages() -> dict[str, dict]:
    """``book/languages.yml``: language key -> its entry, in the order of the file."""
    return yaml.safe_load((BOOK / "languages.yml").read_text("utf-8"))


def pdf_name(language: str) -> str:
    """The file name of a language's PDF: ``nnprimer-en.pdf``."""
    return f"nnprimer-{language}.pdf"


def latex_settings(language: str) -> dict:
    """Sphinx settings of the LaTeX build of one language, on top of its site settings.

    The engine (xelatex) is set in ``_config.yml``; here: A4, one-sided, no index, the ``.tex``
    file's name, no explorers, and ``book/_latex/nnprimer-pdf.sty``, which sets Chinese (xeCJK) in the
    package's CJK font, copied next to the ``.tex`` file, for every language (English
    pages hold Chinese names too: the glossary).
    """
    elements = {"papersize": "a4paper", "preamble": "\\usepackage{nnprimer-pdf}\n",
                # a PDF read on a screen: chapters start on the next page, not the next
                # right-hand one (no blank pages), with equal margins
                "extraclassoptions": "openany,oneside",
                # no index (the site has none either)
                "makeindex": "", "printindex": ""}
    if languages()[language]["sphinx"]["language"].startswith("zh"):
        # LaTeX has no Chinese captions (babel says English): "目录", and chapters headed by
        # their number, not by "CHAPTER ONE" (fncychap)
        elements["fncychap"] = ""
        elements["preamble"] += ("\\addto\\captionsenglish{\\renewcommand{\\contentsname}{目录}"
                                 "\\renewcommand{\\chaptername}{}}\n")
    return {
        "latex_additional_files": [str(CJK_FONT), str(BOOK / "_latex" / "nnprimer-pdf.sty")],
        "latex_elements": elements,
        "latex_domain_indices": False,
        # An explorer is HTML drawn by JavaScript plus a live widget: LaTeX has a form for
        # neither, so the PDF shows its one-line text form; the text and figures around stay.
        "suppress_warnings": ["mystnb.mime_priority"],
        "latex_documents": [("index", f"nnprimer-{language}.tex", "nnprimer", "nnprimer contributors",
                             "manual", True)],
    }


def build_one(language: str, build: Path = BUILD, builder: str = "html",
              base_url: str | None = None) -> int:
    """Run Sphinx (through Jupyter Book) for one language, in this process; its exit status.

    ``builder``: ``html`` (the site) or ``latex`` (the ``.tex`` source of its PDF).
    ``base_url`` is the site's address (``--base-url``; by default ``html.baseurl`` of
    ``_config.yml``): the language's pages are at ``<base_url><language>/``, which its build
    gets as ``html_baseurl`` (absolute ``hreflang`` links and a canonical URL on each page).
    """
    from jupyter_book.config import get_final_config
    from jupyter_book.sphinx import build_sphinx

    entry = languages()[language]
    overrides = dict(entry.get("sphinx", {}))
    overrides["external_toc_path"] = str(ROOT / "_toc.yml")
    overrides["nb_execution_cache_path"] = str(build / ".jupyter_cache")
    overrides["latex_individualpages"] = False  # what the jupyter-book command passes
    if builder == "latex":
        overrides.update(latex_settings(language))
    # Jupyter Book always loads sphinx-thebe, whose scripts name a CDN (thebe is off here:
    # the notebooks run in the reader's own Jupyter); a self-contained page carries none.
    config, _ = get_final_config(user_yaml=ROOT / "_config.yml", cli_config=dict(overrides),
                                 sourcedir=BOOK / language)
    overrides["extensions"] = [name for name in config["extensions"] if name != "sphinx_thebe"]
    site_url = config.get("html_baseurl", "") if base_url is None else base_url
    overrides["html_baseurl"] = site_url.rstrip("/") + f"/{language}/" if site_url else ""
    out = build / language
    doctrees = out / ("doctrees" if builder == "html" else f"doctrees-{builder}")
    result = build_sphinx(
        str(BOOK / language), str(out / builder), path_config=str(ROOT / "_config.yml"), noconfig=True,
        confoverrides=overrides, doctreedir=str(doctrees), builder=builder, force_all=True,
        warningiserror=True, keep_going=True)
    return result if isinstance(result, int) else 1


#: What the PDF step needs besides Python (Debian: the packages in .ci/run).
PDF_TOOLS = ("xelatex", "latexmk", "make")


def build_pdf(language: str, build: Path = BUILD) -> tuple[Path | None, str]:
    """The PDF of one language's whole book, ``<build>/pdf/nnprimer-<language>.pdf``, and
    what its build printed; the path is None when a step failed or xelatex logged a
    character its fonts lack (it would print nothing there).

    Sphinx's LaTeX builder (in its own process, like the site builds), then latexmk with
    xelatex (the Makefile Sphinx writes).
    """
    target = build / "pdf" / pdf_name(language)
    target.unlink(missing_ok=True)  # the site must not serve an older PDF after a failure
    missing = [tool for tool in PDF_TOOLS if shutil.which(tool) is None]
    if missing:
        return None, (f"the PDF needs {', '.join(missing)} (TeX Live; on Debian the packages "
                      "listed in .ci/run)")
    sphinx = subprocess.run([sys.executable, __file__, "--one", language, "--builder", "latex",
                             "--build-dir", str(build)], cwd=ROOT, capture_output=True, text=True)
    printed = sphinx.stdout + sphinx.stderr
    if sphinx.returncode != 0:
        return None, printed + f"\nthe LaTeX build of {language} failed (exit {sphinx.returncode})"
    latex = build / language / "latex"
    tex = latex / f"nnprimer-{language}.tex"
    env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error",
           "LATEXMKOPTS": "-xelatex -silent"}
    done = subprocess.run(["make", "-C", str(latex), "all-pdf"], env=env, capture_output=True, text=True)
    printed += done.stdout[-3000:] + done.stderr[-3000:]
    log = tex.with_suffix(".log")
    if done.returncode != 0:
        return None, printed + f"\nxelatex failed on {tex} (exit {done.returncode}); see {log}"
    lost = missing_characters(log)
    if lost:
        return None, printed + (f"\n{len(lost)} characters have no glyph in the PDF's fonts ({log}):\n"
                                + "\n".join(lost[:20]))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(tex.with_suffix(".pdf"), target)
    return target, printed


def missing_characters(log: Path) -> list[str]:
    """xelatex's "Missing character" lines in a log (a glyph no font has: printed as nothing)."""
    text = log.read_text("utf-8", errors="replace")
    return [line for line in text.splitlines() if line.startswith("Missing character")]


def landing_page(entries: dict[str, dict], pdfs: dict[str, str] | None = None) -> str:
    """The site's ``index.html``: the course's name and one link per language, each in
    its own language (``book/landing.html`` with the links filled in), and a link to each
    PDF in ``pdfs`` (language key -> its path in the site), labelled with the entry's ``pdf``."""
    template = (BOOK / "landing.html").read_text("utf-8")
    links = "\n".join(
        f'      <li><a href="{key}/index.html" hreflang="{_lang_tag(e)}" lang="{_lang_tag(e)}">'
        f'{html.escape(e["name"])}</a></li>' for key, e in entries.items())
    pdf_links = "\n".join(
        f'      <li><a href="{html.escape(path)}" type="application/pdf" hreflang="{_lang_tag(entries[key])}" '
        f'lang="{_lang_tag(entries[key])}">{html.escape(entries[key]["pdf"])}</a></li>'
        for key, path in (pdfs or {}).items())
    if pdf_links:
        pdf_links = f'    <ul class="pdfs">\n{pdf_links}\n    </ul>'
    return template.replace("<!-- LANGUAGES -->", links).replace("<!-- PDFS -->", pdf_links)


def _lang_tag(entry: dict) -> str:
    """``zh_CN`` (Sphinx) -> ``zh-CN`` (HTML)."""
    return entry["sphinx"]["language"].replace("_", "-")


def assemble(entries: dict[str, dict], build: Path = BUILD) -> Path:
    """Put the languages' builds together in ``<build>/html``; returns that folder."""
    site = build / "html"
    site.mkdir(parents=True, exist_ok=True)
    for key in entries:
        built = build / key / "html"
        if not built.is_dir():
            continue
        target = site / key
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(built, target)
    # the PDFs of the last --pdf build, served from each language's folder and linked from
    # the front page; none without one, so no link points at a missing file
    pdfs = {}
    for key in entries:
        pdf = build / "pdf" / pdf_name(key)
        if pdf.is_file() and (site / key).is_dir():
            shutil.copy2(pdf, site / key / pdf.name)
            pdfs[key] = f"{key}/{pdf.name}"
    (site / "index.html").write_text(landing_page(entries, pdfs), "utf-8")
    shutil.copy2(BOOK / "_static" / "logo.svg", site / "logo.svg")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", nargs="+", metavar="L", help="build only these languages")
    parser.add_argument("--build-dir", type=Path, default=BUILD, metavar="DIR",
                        help="where to build (default _build; the site goes to DIR/html)")
    parser.add_argument("--pdf", action="store_true",
                        help="also build a PDF of the whole book per language (needs TeX Live)")
    parser.add_argument("--base-url", metavar="URL",
                        help="the address the site will be served from (default: html.baseurl "
                             "in _config.yml; none: pages link one another relatively)")
    parser.add_argument("--one", metavar="L", help=argparse.SUPPRESS)  # the worker process
    parser.add_argument("--builder", default="html", help=argparse.SUPPRESS)  # its builder
    args = parser.parse_args(argv)
    try:
        import jupyter_book  # noqa: F401
    except ImportError:
        print("book/build.py: Jupyter Book is not installed in this Python "
              f"({sys.executable}). Activate the virtual environment (. .venv/bin/activate) "
              "or install everything with: pip install -r requirements.txt", file=sys.stderr)
        return 2
    build = args.build_dir.resolve()
    if args.one:
        return build_one(args.one, build, args.builder, args.base_url)
    entries = languages()
    chosen = args.language or list(entries)
    unknown = [key for key in chosen if key not in entries]
    if unknown:
        parser.error(f"unknown language {unknown}; book/languages.yml has {list(entries)}")
    failed = []
    for key in chosen:
        start = time.monotonic()
        print(f"\n=== building {key} ({entries[key]['name']}): book/{key} -> {build / key / 'html'}", flush=True)
        status = subprocess.run([sys.executable, __file__, "--one", key, "--build-dir", str(build)]
                                + (["--base-url", args.base_url] if args.base_url is not None else []),
                                cwd=ROOT).returncode
        print(f"=== {key}: {'ok' if status == 0 else f'FAILED (exit {status})'} "
              f"in {time.monotonic() - start:.0f} s", flush=True)
        if status != 0:
            failed.append(key)
    if args.pdf:
        # both languages at once (each is mostly one single-threaded process), printed in turn
        pending = [key for key in chosen if key not in failed]
        start = time.monotonic()
        print(f"\n=== PDFs of {', '.join(pending)} -> {build / 'pdf'}", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(pending))) as pool:
            results = dict(zip(pending, pool.map(lambda key: build_pdf(key, build), pending)))
        for key, (pdf, printed) in results.items():
            print(printed, flush=True)
            print(f"=== PDF of {key}: {pdf if pdf else 'FAILED'}", flush=True)
            if pdf is None:
                failed.append(key)
        print(f"=== PDFs: {time.monotonic() - start:.0f} s", flush=True)
    site = assemble(entries, build)
    print(f"\nsite: {site / 'index.html'}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
