"""Translations cannot fall behind: every translated page records which version of its
English twin it translates (book/translations.yml, scripts/translations.py), and a changed
English page or cell fails here until its translation is brought along and marked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import translations as tr  # noqa: E402  (scripts/translations.py)


def test_there_is_a_chinese_translation():
    assert tr.translations() == ["zh"]


@pytest.mark.parametrize("language", tr.translations())
def test_every_translation_translates_the_current_english(language):
    problems = tr.stale(language)
    assert problems == [], (
        "English changed since the translation was made; bring the translation along, then run "
        f"python scripts/translations.py --mark {language} <page>:\n" + "\n".join(problems))


def test_a_changed_english_cell_is_named(tmp_path, monkeypatch):
    """The check itself can fail, and says which cell changed."""
    pages = tr.english_pages()
    name = next(n for n in pages if n.endswith(".ipynb"))
    record = {"zh": {n: tr.fingerprint(p) for n, p in pages.items()}}
    assert tr.stale("zh", record) == []
    nb = json.loads(pages[name].read_text("utf-8"))
    nb["cells"][2]["source"] = ["A changed English sentence.\n"]
    changed = tmp_path / name
    changed.write_text(json.dumps(nb), "utf-8")
    monkeypatch.setattr(tr, "english_pages", lambda: {**pages, name: changed})
    (problem,) = tr.stale("zh", record)
    assert problem.startswith(f"zh/{name}: 1 English cell(s) changed") and "cell 2: A changed English sentence." in problem
    record["zh"].pop(next(n for n in pages if n.endswith(".md")))
    assert any("not recorded" in p for p in tr.stale("zh", record))
