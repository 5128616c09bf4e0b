#!/usr/bin/env python3
"""Keep the companion package's string catalogs in step with its source (uses Babel).

Every string nnprimer shows a reader is written in English in the source and marked
``_t("...")`` (translated where it is used) or ``N_("...")`` (a string kept in a table and
translated later). This script

1. extracts the marked strings into ``companion/src/nnprimer/locale/nnprimer.pot``;
2. merges them into each ``locale/<language>/LC_MESSAGES/nnprimer.po``: new strings are
   added untranslated, strings no longer in the source are dropped (no fuzzy guesses);
3. compiles each ``.po`` into the ``.mo`` next to it, which the wheel ships and
   :mod:`nnprimer._i18n` reads with the standard library's :mod:`gettext`.

    python scripts/i18n.py             # all three; then translate the empty msgstr lines
    python scripts/i18n.py --check     # change nothing; exit 1 if anything is out of date
    python scripts/i18n.py --new fr    # start a catalog for another language
    python scripts/i18n.py --add zh translations.json   # fill msgstr from {"English": "中文", ...}

``tests/test_i18n.py`` fails while a catalog is out of date or a string is untranslated.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "companion" / "src" / "nnprimer"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "nnprimer.pot"
DOMAIN = "nnprimer"
#: The marking functions: the first argument is the English message.
KEYWORDS = {"_t": (1,), "N_": (1,)}
PROJECT = {"project": "nnprimer", "copyright_holder": "nnprimer contributors",
           "msgid_bugs_address": "", "charset": "utf-8"}


def extract() -> Catalog:
    """Every marked string of the package, with the places it is used.

    Babel warns on stderr about every f-string among a call's arguments, also where it
    is only a field's value (``_t("raised {err}", err=f"{type(e).__name__}")``); those
    warnings are dropped here, and ``tests/test_i18n.py`` checks instead that every
    marked message itself is a plain string.
    """
    catalog = Catalog(**PROJECT, fuzzy=False)
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True))
    for filename, lineno, message, comments, context in found:
        if isinstance(message, tuple):  # N_/_t with several string arguments: the first is the message
            message = message[0]
        if message:
            catalog.add(message, locations=[(f"nnprimer/{filename}", lineno)], auto_comments=comments,
                        context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_previous=False,
             include_lineno=False)  # file names only: a line number changes with every edit
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def catalogs() -> dict[str, Path]:
    """Language -> its ``.po`` file."""
    return {p.parent.parent.name: p for p in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def read(path: Path) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, domain=DOMAIN)


def merged(po: Path, template: Catalog) -> Catalog:
    """The catalog at ``po`` updated to ``template``: new messages empty, gone ones dropped."""
    catalog = read(po)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False,
                   update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def plan() -> dict[Path, bytes]:
    """What every generated file should contain."""
    template = extract()
    wanted = {TEMPLATE: _po_bytes(template)}
    for language, po in catalogs().items():
        catalog = merged(po, template)
        wanted[po] = _po_bytes(catalog)
        wanted[po.with_suffix(".mo")] = _mo_bytes(catalog)
    return wanted


def _stable(path: Path, data: bytes) -> bytes:
    """Generated text without the creation date, which changes on every run."""
    if path.suffix in (".po", ".pot"):
        return b"\n".join(line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date'))
    return data


def stale() -> list[Path]:
    """Generated files whose content differs from what the source asks for."""
    return [path for path, data in plan().items()
            if not path.is_file() or _stable(path, path.read_bytes()) != _stable(path, data)]


def new_language(code: str) -> Path:
    po = LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po.exists():
        raise SystemExit(f"{po} exists already")
    catalog = Catalog(locale=code, **PROJECT)
    po.parent.mkdir(parents=True)
    po.write_bytes(_po_bytes(catalog))
    return po


def add_translations(language: str, path: Path) -> int:
    """Fill the catalog of ``language`` from a JSON object ``{English message: translation}``."""
    import json

    po = catalogs().get(language)
    if po is None:
        raise SystemExit(f"no catalog for {language!r}: create it with --new {language}")
    pairs = json.loads(Path(path).read_text("utf-8"))
    catalog = read(po)
    for message, translation in pairs.items():
        if message in catalog:
            catalog[message].string = translation
            catalog[message].flags.discard("fuzzy")
        else:
            catalog.add(message, translation)
    po.write_bytes(_po_bytes(catalog))
    return len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is out of date")
    parser.add_argument("--new", metavar="LANGUAGE", help="start an empty catalog for LANGUAGE (e.g. fr)")
    parser.add_argument("--add", nargs=2, metavar=("LANGUAGE", "JSON"),
                        help="add translations from a JSON object {English message: translation}")
    args = parser.parse_args(argv)
    if args.new:
        print(f"created {new_language(args.new).relative_to(ROOT)}")
    if args.add:
        print(f"{add_translations(args.add[0], Path(args.add[1]))} translation(s) added")
    if args.check:
        out = stale()
        for path in out:
            print(f"out of date: {path.relative_to(ROOT)} (run python scripts/i18n.py)")
        return 1 if out else 0
    for path, data in plan().items():
        if not path.is_file() or _stable(path, path.read_bytes()) != _stable(path, data):
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    for language, po in catalogs().items():
        missing = [m.id for m in read(po) if m.id and not m.string]
        if missing:
            print(f"{language}: {len(missing)} message(s) to translate in {po.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
