"""The language of everything nnprimer shows: one gettext catalog per language.

Every string the package shows a reader (plot labels, the explorers' captions and
controls, the exercise checkers' messages, errors and notices a chapter displays, table
headings, ``python -m nnprimer doctor``) is written in English in the source and passed
through :func:`_t`, which looks it up in the catalog of the current language: the stdlib
:mod:`gettext` file ``nnprimer/locale/<language>/LC_MESSAGES/nnprimer.mo``, keyed by the
English text. English is the source language and needs no catalog.

Catalogs are maintained with Babel by ``python scripts/i18n.py`` (extract the marked
strings into ``locale/nnprimer.pot``, merge them into each ``nnprimer.po``, compile the
``.mo`` files the wheel ships); ``tests/test_i18n.py`` checks that every marked string is
translated. A new language is a new ``locale/<language>/LC_MESSAGES/nnprimer.po``: the
languages on offer are the folders found there.

:func:`set_language` switches the catalog, and for a language written with Chinese,
Japanese or Korean characters it also selects a CJK font for matplotlib figures (the
package ships one), so that labels written directly in a chapter's code draw correctly.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

DOMAIN = "nnprimer"
#: Where the catalogs are: ``<LOCALE_DIR>/<language>/LC_MESSAGES/nnprimer.mo``.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The language the source is written in (the catalogs' keys).
SOURCE_LANGUAGE = "en"
#: Languages whose text needs a CJK font in figures.
CJK_LANGUAGES = frozenset({"zh", "ja", "ko"})
#: Other spellings a reader may use for a language.
_ALIASES = {"english": "en", "chinese": "zh", "zh_cn": "zh", "zh_hans": "zh", "zh_sg": "zh",
            "zh_hans_cn": "zh"}

_state = {"language": SOURCE_LANGUAGE}


def _catalog_file(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def available_languages() -> tuple[str, ...]:
    """The languages nnprimer can speak: English and every language with a catalog.

    >>> "en" in available_languages() and "zh" in available_languages()
    True
    """
    found = sorted(p.name for p in LOCALE_DIR.iterdir() if _catalog_file(p.name).is_file()) \
        if LOCALE_DIR.is_dir() else []
    return (SOURCE_LANGUAGE, *[name for name in found if name != SOURCE_LANGUAGE])


def _normalise(language: str) -> str | None:
    """``"zh-CN"``, ``"zh_Hans"``, ``"Chinese"`` -> ``"zh"``; None for a language without a catalog."""
    key = language.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    offered = available_languages()
    if key in offered:
        return key
    primary = key.split("_", 1)[0]
    return primary if primary in offered else None


@lru_cache(maxsize=None)
def _translations(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with open(_catalog_file(language), "rb") as f:
        return gettext.GNUTranslations(f)


def set_language(language: str) -> None:
    """Choose the language of everything nnprimer shows: ``"en"``, ``"zh"``, ...

    Spellings such as ``"zh-CN"`` or ``"zh_Hans"`` are accepted. For Chinese (and other
    CJK languages) it also selects a font with CJK glyphs for matplotlib, when matplotlib
    is installed (:func:`nnprimer._fonts.use_font_for`), so a figure's labels never show
    empty boxes.

    >>> import nnprimer
    >>> nnprimer.set_language("zh-CN")
    >>> nnprimer.get_language()
    'zh'
    >>> nnprimer.set_language("en")
    """
    if not isinstance(language, str):
        raise TypeError(f"language must be a str such as 'en' or 'zh', got {type(language).__name__}")
    key = _normalise(language)
    if key is None:
        raise ValueError(f"language must be one of {available_languages()}, got {language!r}")
    _state["language"] = key
    from . import _fonts

    _fonts.use_font_for(key)


def get_language() -> str:
    """The current language, ``"en"`` or ``"zh"`` (or another with a catalog)."""
    return _state["language"]


def _t(message: str, language: str | None = None, /, **fields: object) -> str:
    """``message`` (English) in ``language`` (default: the current one), then ``.format(**fields)``.

    Formatting happens only when fields are given, so a message with literal braces (TeX
    such as ``$\\mathbb{E}[f(z)]$``) needs no escaping unless it also has fields.

    >>> _t("loss", "en"), _t("loss", "zh") != "loss"
    ('loss', True)
    >>> _t("layer {n}", "en", n=3)
    'layer 3'
    """
    text = _translations(language or get_language()).gettext(message)
    return text.format(**fields) if fields else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (for tables of strings that
    are translated later with :func:`_t`)."""
    return message
