#!/usr/bin/env python3
"""Build the website: one Jupyter Book (Sphinx) build per language, then one site.

    python book/build.py                 # every language, warnings are errors
    python book/build.py --language zh   # one language (the site keeps the others' last build)

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
"""

from __future__ import annotations

import argparse
import html
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


def languages() -> dict[str, dict]:
    """``book/languages.yml``: language key -> its entry, in the order of the file."""
    return yaml.safe_load((BOOK / "languages.yml").read_text("utf-8"))


def build_one(language: str, build: Path = BUILD) -> int:
    """Run Sphinx (through Jupyter Book) for one language, in this process; its exit status."""
    from jupyter_book.config import get_final_config
    from jupyter_book.sphinx import build_sphinx

    entry = languages()[language]
    overrides = dict(entry.get("sphinx", {}))
    overrides["external_toc_path"] = str(ROOT / "_toc.yml")
    overrides["nb_execution_cache_path"] = str(build / ".jupyter_cache")
    overrides["latex_individualpages"] = False  # what the jupyter-book command passes
    # Jupyter Book always loads sphinx-thebe, whose scripts name a CDN (thebe is off here:
    # the notebooks run in the reader's own Jupyter); a self-contained page carries none.
    config, _ = get_final_config(user_yaml=ROOT / "_config.yml", cli_config=dict(overrides),
                                 sourcedir=BOOK / language)
    overrides["extensions"] = [name for name in config["extensions"] if name != "sphinx_thebe"]
    out = build / language
    result = build_sphinx(
        str(BOOK / language), str(out / "html"), path_config=str(ROOT / "_config.yml"), noconfig=True,
        confoverrides=overrides, doctreedir=str(out / "doctrees"), builder="html", force_all=True,
        warningiserror=True, keep_going=True)
    return result if isinstance(result, int) else 1


def landing_page(entries: dict[str, dict]) -> str:
    """The site's ``index.html``: the course's name and one link per language, each in
    its own language (``book/landing.html`` with the links filled in)."""
    template = (BOOK / "landing.html").read_text("utf-8")
    links = "\n".join(
        f'      <li><a href="{key}/index.html" hreflang="{_lang_tag(e)}" lang="{_lang_tag(e)}">'
        f'{html.escape(e["name"])}</a></li>' for key, e in entries.items())
    return template.replace("<!-- LANGUAGES -->", links)


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
    (site / "index.html").write_text(landing_page(entries), "utf-8")
    shutil.copy2(BOOK / "_static" / "logo.svg", site / "logo.svg")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", nargs="+", metavar="L", help="build only these languages")
    parser.add_argument("--build-dir", type=Path, default=BUILD, metavar="DIR",
                        help="where to build (default _build; the site goes to DIR/html)")
    parser.add_argument("--one", metavar="L", help=argparse.SUPPRESS)  # the worker process
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
        return build_one(args.one, build)
    entries = languages()
    chosen = args.language or list(entries)
    unknown = [key for key in chosen if key not in entries]
    if unknown:
        parser.error(f"unknown language {unknown}; book/languages.yml has {list(entries)}")
    failed = []
    for key in chosen:
        start = time.monotonic()
        print(f"\n=== building {key} ({entries[key]['name']}): book/{key} -> {build / key / 'html'}", flush=True)
        status = subprocess.run([sys.executable, __file__, "--one", key, "--build-dir", str(build)],
                                cwd=ROOT).returncode
        print(f"=== {key}: {'ok' if status == 0 else f'FAILED (exit {status})'} "
              f"in {time.monotonic() - start:.0f} s", flush=True)
        if status != 0:
            failed.append(key)
    site = assemble(entries, build)
    print(f"\nsite: {site / 'index.html'}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
