"""The book's structure: English and Chinese in lockstep, notebooks clean, all in the toc.

(nbmake, configured in pytest.ini, executes every notebook as part of the same run.)
"""

from __future__ import annotations

import copy

import pytest

import bookcheck as bc

EN, ZH = bc.notebooks("en"), bc.notebooks("zh")
ALL = [(lang, name, path) for lang in bc.LANGS for name, path in bc.notebooks(lang).items()]


def test_there_are_chapters():
    assert EN, "book/en has no notebooks"


def test_every_chapter_has_a_twin():
    assert sorted(EN) == sorted(ZH)
    assert sorted(bc.pages("en")) == sorted(bc.pages("zh"))


@pytest.mark.parametrize("name", sorted(EN))
def test_twins_have_the_same_structure(name):
    assert bc.check_pair(bc.read(EN[name]), bc.read(ZH[name]), name) == []


@pytest.mark.parametrize("name", sorted(bc.pages("en")))
def test_markdown_pages_have_the_same_structure(name):
    en = bc.pages("en")[name].read_text(encoding="utf-8")
    zh = bc.pages("zh")[name].read_text(encoding="utf-8")
    assert bc.headings(en) == bc.headings(zh)
    assert bc.check_labels(bc.labels(en), bc.labels(zh), name) == []


@pytest.mark.parametrize(("lang", "name", "path"), ALL, ids=[f"{lang}/{name}" for lang, name, _ in ALL])
def test_every_exercise_has_a_starter_a_checker_and_a_checked_solution(lang, name, path):
    nb = bc.read(path)
    assert bc.check_exercises(nb, name) == []
    if name.startswith("0"):  # a numbered chapter (the appendix may have fewer)
        assert "{exercise}" in "".join(c.source for c in nb.cells), f"{name}: no exercise"


def test_each_chapter_asks_for_a_derivative_by_hand():
    """At least one exercise per chapter is checked with check.derivative (finite differences
    from nnprimer.grad, and autograd)."""
    import inspect

    for name, path in EN.items():
        if not name.startswith("0"):
            continue
        nb = bc.read(path)
        check = bc.chapter_check(nb, name)
        derivative_checkers = {n for n in check.__all__ if "derivative(" in inspect.getsource(getattr(check, n))}
        starters = [c.source for c in nb.cells if c.cell_type == "code" and "exercise" in c.metadata.get("tags", [])]
        called = {m for s in starters for m in bc._CHECK_CALL.findall(s)}
        assert called & derivative_checkers, f"{name}: no exercise checked with check.derivative ({sorted(called)})"


def test_check_exercises_catches_a_missing_checker(pair):
    en, _ = pair
    en = copy.deepcopy(en)
    for cell in en.cells:
        if cell.cell_type == "code" and "exercise" in cell.metadata.get("tags", []):
            cell.source = "x = ...\nprint(x)"
            break
    assert any("not one checker" in p for p in bc.check_exercises(en))


@pytest.mark.parametrize(("lang", "name", "path"), ALL, ids=[f"{lang}/{name}" for lang, name, _ in ALL])
def test_notebook_is_clean_and_uses_the_package(lang, name, path):
    nb = bc.read(path)
    assert bc.check_clean(nb, name) == []
    assert bc.check_imports_nnprimer(nb, name) == []
    assert bc.check_language_cell(nb, lang, name) == []
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


def test_every_page_is_in_the_toc():
    """_toc.yml lists each page of a language's folder once, and every language has it."""
    listed = bc.toc_files()
    assert len(listed) == len(set(listed)), "a page is listed twice in _toc.yml"
    for lang in bc.LANGS:
        for path in [*bc.notebooks(lang).values(), *bc.pages(lang).values()]:
            assert path.stem in listed, f"book/{lang}/{path.name} is not in _toc.yml"
        for entry in listed:
            assert any((bc.BOOK / lang / (entry + suffix)).exists() for suffix in (".ipynb", ".md")), \
                f"{entry} in _toc.yml does not exist in book/{lang}"


def test_every_language_has_a_build_entry():
    import yaml

    languages = yaml.safe_load((bc.BOOK / "languages.yml").read_text("utf-8"))
    assert list(languages) == list(bc.LANGS)
    for key, entry in languages.items():
        assert (bc.BOOK / key / "index.md").is_file() and entry["name"] and entry["title"]
        assert entry["sphinx"]["language"].split("_")[0] == key


# ---- the checks themselves must be able to fail -----------------------------------------

@pytest.fixture
def pair():
    name = sorted(EN)[0]
    return bc.read(EN[name]), bc.read(ZH[name])


def _first(nb, kind):
    return next(c for c in nb.cells if c.cell_type == kind and "set_language" not in c.source)


def test_check_pair_catches_a_changed_code_cell(pair):
    en, zh = pair
    zh = copy.deepcopy(zh)
    _first(zh, "code").source += "\nprint('drift')"
    assert any("code cell" in p for p in bc.check_pair(en, zh))


def test_check_pair_catches_a_missing_heading(pair):
    en, zh = pair
    zh = copy.deepcopy(zh)
    for cell in zh.cells:
        if cell.cell_type == "markdown" and "\n## " in "\n" + cell.source:
            cell.source = cell.source.replace("## ", "", 1)
            break
    assert any("heading" in p for p in bc.check_pair(en, zh))


def test_check_pair_catches_a_missing_exercise_and_label(pair):
    en, zh = pair
    zh = copy.deepcopy(zh)
    for cell in zh.cells:
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags:
            tags.remove("exercise")
            break
    first = _first(zh, "markdown")
    assert bc.labels(first.source), "the first markdown cell should define a label"
    first.source = first.source.replace("(", "(x-", 1)
    problems = bc.check_pair(en, zh)
    assert any("'exercise'" in p for p in problems)
    assert any("labels differ" in p for p in problems)


def test_check_clean_catches_outputs(pair):
    en, _ = pair
    en = copy.deepcopy(en)
    cell = _first(en, "code")
    cell.execution_count = 1
    assert bc.check_clean(en) != []


def test_check_language_cell():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import nnprimer\nnnprimer.set_language("en")')])
    assert bc.check_language_cell(nb, "en") == []
    assert bc.check_language_cell(nb, "zh") != []
