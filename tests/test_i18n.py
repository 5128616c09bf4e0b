"""The companion's strings: one gettext catalog per language, complete and in step with the source.

Every string nnprimer shows a reader is English in the source, marked ``_t(...)`` or
``N_(...)``, and translated through ``nnprimer/locale/<language>/LC_MESSAGES/nnprimer.mo``
(made by ``python scripts/i18n.py`` from the ``.po`` next to it).
"""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest

import nnprimer
from nnprimer import _i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as catalog_tool  # noqa: E402  (scripts/i18n.py)

PACKAGE = ROOT / "companion" / "src" / "nnprimer"
LANGUAGES = sorted(catalog_tool.catalogs())


def fields(text: str) -> set[str]:
    """The names of the ``{fields}`` of a format string."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_there_is_a_chinese_catalog():
    assert "zh" in LANGUAGES
    assert set(_i18n.available_languages()) == {"en", *LANGUAGES}


def test_catalogs_are_in_step_with_the_source():
    """The template holds what the source marks, each .po holds the template, each .mo its .po."""
    stale = [str(p.relative_to(ROOT)) for p in catalog_tool.stale()]
    assert stale == [], f"out of date: {stale}; run python scripts/i18n.py"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    catalog = catalog_tool.read(catalog_tool.catalogs()[language])
    messages = [m for m in catalog if m.id]
    assert len(messages) > 150
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}"
    assert fuzzy == [], f"{language}: fuzzy entries {fuzzy[:3]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_fields(language):
    """A translation uses exactly the ``{fields}`` of its message, or formatting would fail."""
    catalog = catalog_tool.read(catalog_tool.catalogs()[language])
    wrong = [(m.id, m.string) for m in catalog if m.id and fields(m.id) != fields(m.string)]
    assert wrong == []


def test_marked_messages_are_plain_strings():
    """``_t(f"...")`` or ``_t("a" + b)`` cannot be extracted into a catalog: the first argument
    of ``_t``/``N_`` is a string literal or a name holding one."""
    problems = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_t", "N_") and node.args:
                first = node.args[0]
                if isinstance(first, (ast.JoinedStr, ast.BinOp)):
                    problems.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(first)[:60]}")
    assert problems == []


def test_the_package_source_has_no_chinese_of_its_own():
    """Chinese lives in the catalog only: a Chinese string in the source is a second catalog."""
    cjk = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
    found = [f"{p.relative_to(PACKAGE)}:{i}" for p in PACKAGE.rglob("*.py")
             for i, line in enumerate(p.read_text("utf-8").splitlines(), 1) if cjk.search(line)]
    assert found == []


def test_the_catalog_switches_with_the_language():
    try:
        nnprimer.set_language("zh")
        assert _i18n._t("loss") == "损失"
        assert _i18n._t("layer {n}", n=3) == "第 3 层"
        assert _i18n._t("loss", "en") == "loss"
    finally:
        nnprimer.set_language("en")
    assert _i18n._t("loss") == "loss"


def test_set_language_validates_and_accepts_other_spellings():
    try:
        for spelling in ("zh", "zh-CN", "zh_CN", "zh-Hans", "Chinese"):
            nnprimer.set_language(spelling)
            assert nnprimer.get_language() == "zh"
    finally:
        nnprimer.set_language("en")
    with pytest.raises(ValueError, match=r"language must be one of \('en', 'zh'"):
        nnprimer.set_language("tlh")
    with pytest.raises(TypeError, match="language must be a str"):
        nnprimer.set_language(None)


def test_a_new_language_is_only_a_new_catalog(tmp_path, monkeypatch):
    """Copy the locale folder, add a (tiny) French catalog with the script: French works,
    with nothing else changed; untranslated messages stay English."""
    import shutil

    from babel.messages.catalog import Catalog

    locale = tmp_path / "locale"
    shutil.copytree(_i18n.LOCALE_DIR, locale)
    fr = Catalog(locale="fr", **catalog_tool.PROJECT)
    fr.add("loss", "perte")
    fr.add("layer {n}", "couche {n}")
    mo = locale / "fr" / "LC_MESSAGES" / "nnprimer.mo"
    mo.parent.mkdir(parents=True)
    mo.write_bytes(catalog_tool._mo_bytes(fr))
    monkeypatch.setattr(_i18n, "LOCALE_DIR", locale)
    _i18n._translations.cache_clear()
    try:
        assert _i18n.available_languages() == ("en", "fr", "zh")
        nnprimer.set_language("fr-FR")
        assert nnprimer.get_language() == "fr"
        assert (_i18n._t("loss"), _i18n._t("layer {n}", n=2), _i18n._t("accuracy")) == ("perte", "couche 2", "accuracy")
    finally:
        nnprimer.set_language("en")
        _i18n._translations.cache_clear()


def test_nonfinite_loss_speaks_the_readers_language():
    """What the divergence demos print: the error and History.stopped, in Chinese too."""
    pytest.importorskip("torch")
    from nnprimer import data, train

    digits = data.digits(rng=0)
    try:
        nnprimer.set_language("zh")
        history = train.fit(train.mlp([64, 32, 10], "relu", rng=0), digits, epochs=2, lr=100.0, rng=0,
                            on_nonfinite="stop")
        assert re.fullmatch(r"第 1 轮第 \d+ 步的损失变成了 (nan|inf)", history.stopped), history.stopped
        with pytest.raises(train.NonFiniteLossError, match=r"^第 1 轮第 \d+ 步的损失变成了 .*（lr=100.0）；试试更小的学习率"):
            train.fit(train.mlp([64, 32, 10], "relu", rng=0), digits, epochs=2, lr=100.0, rng=0)
    finally:
        nnprimer.set_language("en")
