"""One word for each idea, in Chinese as in English.

The table of ``book/zh/glossary.md`` is the single source of the course's Chinese terms: its
columns are the term, the English term, and the variants the course does not use ("—" for
none). The tests read it and check every place a Chinese reader reads: the Chinese pages
(markdown, and the strings and comments of the code), the companion's Chinese catalog, the
site's Chinese interface catalog and settings, and what the Chinese notebooks print when
they run. A variant the glossary rejects fails, and so does English left in Chinese output
("True", "softmax first", "变体 bowl"), and an English gloss in parentheses repeated after
its first use on a page.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import site_helpers as sh

ROOT = Path(__file__).resolve().parents[1]
ZH = ROOT / "book" / "zh"
GLOSSARY = ZH / "glossary.md"


@dataclass(frozen=True)
class Term:
    chinese: str
    english: str
    rejected: tuple[str, ...]


def _cell_text(cell: str) -> str:
    """``{term}`text <target>``` -> ``text``; plain text stays."""
    return re.sub(r"\{term\}`([^`<]*?)\s*(<[^`]*>)?`", r"\1", cell).strip()


def glossary_terms(text: str | None = None) -> list[Term]:
    """The rows of the Chinese glossary's table (term, English, rejected variants)."""
    text = GLOSSARY.read_text("utf-8") if text is None else text
    start = text.index("```{list-table}")
    table = text[start:text.index("```", start + 5)]
    terms = []
    for row in table.split("\n* - ")[2:]:  # the options, then the header row
        cells = [_cell_text(c) for c in row.rstrip().split("\n  - ")]
        assert len(cells) == 3, f"glossary row without three columns: {cells}"
        # "one-hot（作为中文词用时）": a variant with a note in parentheses
        rejected = tuple(re.sub(r"（[^）]*）", "", v).strip() for v in re.split(r"[、,，]", cells[2])
                         if v.strip() not in ("", "—"))
        terms.append(Term(cells[0], cells[1], rejected))
    return terms


TERMS = glossary_terms()
REJECTED = {variant: term for term in TERMS for variant in term.rejected}


# ---------------------------------------------------------------------------------------
# What a Chinese reader reads
# ---------------------------------------------------------------------------------------
#: Keyword arguments whose string a reader sees (a figure's text, a widget's caption).
TEXT_KEYWORDS = frozenset({"label", "title", "xlabel", "ylabel", "suptitle", "text", "s", "caption",
                           "description", "ylabels", "note", "name"})


def _logic_strings(tree: ast.AST) -> set[int]:
    """ids of string constants that are logic, not text: compared (``"x" in str(err)``),
    subscripts and dict keys, and keyword values other than :data:`TEXT_KEYWORDS`
    (``loc="lower right"``)."""
    logic = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            logic.update(id(n) for n in [node.left, *node.comparators])
        elif isinstance(node, ast.Subscript):
            logic.add(id(node.slice))
        elif isinstance(node, ast.Dict):
            logic.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.keyword) and node.arg not in TEXT_KEYWORDS:
            logic.add(id(node.value))
    return logic


def _code_strings(source: str) -> list[str]:
    """The text of a code cell a reader reads: string literals (f-string text included)
    that are not logic (:func:`_logic_strings`), and comments."""
    tree = ast.parse(source)
    logic = _logic_strings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in logic:
            found.append(node.value)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            found.append(tok.string)
    return found


def chinese_texts() -> list[tuple[str, str]]:
    """``(where, text)`` for everything written for a Chinese reader (the glossary's own
    table, which names the rejected variants, left out)."""
    from babel.messages.pofile import read_po

    out = []
    for path in sorted(ZH.glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text("utf-8"))["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                out.append((f"zh/{path.name} cell {i}", source))
            else:
                out += [(f"zh/{path.name} cell {i} (code)", s) for s in _code_strings(source)]
    for path in sorted(ZH.glob("*.md")):
        text = path.read_text("utf-8")
        if path == GLOSSARY:  # the definitions only: the table names the variants on purpose
            text = text[text.index("```", text.index("```{list-table}") + 5):]
        out.append((f"zh/{path.name}", text))
    for po in (ROOT / "companion/src/nnprimer/locale/zh/LC_MESSAGES/nnprimer.po",
               ROOT / "book/_locale/zh_CN/LC_MESSAGES/sphinx.po"):
        with open(po, "rb") as f:
            out += [(f"{po.relative_to(ROOT)}: {m.id[:40]!r}", m.string) for m in read_po(f) if m.id]
    zh = yaml.safe_load((ROOT / "book/languages.yml").read_text("utf-8"))["zh"]
    out.append(("book/languages.yml zh", json.dumps(zh, ensure_ascii=False)))
    return out


TEXTS = chinese_texts()


def test_the_glossary_table_is_read():
    by_english = {t.english: t for t in TERMS}
    assert len(TERMS) > 50
    assert by_english["logits"].chinese == "logit" and "未归一化分数" in by_english["logits"].rejected
    assert by_english["explorer"].chinese == "探索器" and by_english["explorer"].rejected == ("浏览器",)
    assert len(TEXTS) > 500


def rejected_variants(text: str) -> list[str]:
    """The rejected variants ``text`` uses. An English variant (``one-hot``) is allowed as
    the gloss of its Chinese term, ``独热（one-hot）``, or after 英文 ("in English")."""
    found = []
    for variant in REJECTED:
        for m in re.finditer(re.escape(variant), text):
            before = text[max(0, m.start() - 3):m.start()]
            if variant.isascii() and (before.endswith("（") or before.rstrip().endswith("英文")):
                continue
            found.append(variant)
            break
    return found


def test_no_variant_the_glossary_rejects():
    problems = [f"{where}: {variant!r} (the course says {REJECTED[variant].chinese!r})"
                for where, text in TEXTS for variant in rejected_variants(text)]
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------------------
# English in Chinese output
# ---------------------------------------------------------------------------------------
#: English words that have no business in a Chinese sentence (names of functions, libraries
#: and symbols are not in the list).
ENGLISH_WORDS = frozenset("""
the and of with when first right wrong yes no passed failed problem problems found loss layer
layers step steps bowl epoch epochs unit units test training accuracy gradient gradients norm after
before from for at on to is are by all each than then not only per largest smallest error exact
exactly mean variance hidden dead width depth ran stopped raised check checks fail below above
between or one two three times about correct answer answered value values your you this that
""".split())
_SKIP = re.compile(r"`[^`]*`|'[^'\n]*'|\{[^{}]*\}|https?://\S+|\$[^$]*\$|\b\w+\.\w[\w.]*|\b\w+\(|\b\w+=\w*"
                   r"|\b[A-Za-z]*_\w*|\bpip install [^\s，。；）]+")


def english_words(text: str, *, bools: bool = True) -> list[str]:
    """English words of ``text`` outside code, fields, math and names (plus ``True`` and
    ``False``, a printed Python bool, when ``bools``)."""
    text = _SKIP.sub(" ", text)
    words = re.findall(r"\b[A-Za-z]+\b", text)
    found = [w for w in words if w.lower() in ENGLISH_WORDS and not (w.isupper() and len(w) > 1)]
    if bools:
        found += [w for w in words if w in ("True", "False")]
    return found


@pytest.mark.parametrize(("text", "found"), [
    ("softmax first: {p:.3f}", ["first"]), ("变体 bowl", ["bowl"]), ("True", ["True"]),
    ("第 {n} 层，`check.value(x)` 与 np.exp(x)", []), ("学习率 η = {lr}，momentum=0.9", []),
    ("安装：pip install './companion[all]'", []),
])
def test_the_english_detector(text, found):
    assert english_words(text) == found


def _is_output_string(where: str, text: str) -> bool:
    """A literal a reader sees printed or drawn: not a bare name such as a dict key."""
    return "(code)" not in where or bool(re.search(r"[\s\u3000-\u9fff：，（）]", text))


def test_no_english_in_chinese_strings():
    problems = []
    for where, text in TEXTS:
        if where.startswith("zh/") and "(code)" not in where:
            continue  # prose may name English terms (the gloss rule below)
        if text.lstrip().startswith("#") or not _is_output_string(where, text):
            continue  # comments are read with the code; names are code
        words = english_words(text)
        if words:
            problems.append(f"{where}: {sorted(set(words))} in {text[:80]!r}")
    assert problems == [], "English in Chinese output:\n" + "\n".join(problems)


def _executed_zh_notebooks():
    """The build's runs of the Chinese notebooks (its execution cache), or skip."""
    from nbmake_checks import build_run

    import nbformat

    runs = {}
    for path in sorted(ZH.glob("*.ipynb")):
        built = build_run(nbformat.read(path, as_version=4), ROOT)
        if built is None:
            sh.skip_or_fail(f"{sh.BUILD_HINT}: no build run of zh/{path.name} in _build/.jupyter_cache",
                            "the terminology test of printed output")
        runs[path.name] = built
    return runs


_EXCEPTION = re.compile(r"\b[A-Z]\w*(Error|Exception|Warning):")


def test_chinese_notebooks_print_no_english():
    """What the Chinese notebooks printed in the site build: no English words, no True/False."""
    problems = []
    for name, nb in _executed_zh_notebooks().items():
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                text = "".join(out.get("text", "")) if out.get("output_type") == "stream" else \
                    "".join(out.get("data", {}).get("text/markdown", ""))
                # a library's own message, printed after its exception's name, is quoted as is
                text = "\n".join(line for line in text.splitlines() if not _EXCEPTION.search(line))
                words = english_words(text)
                if words:
                    problems.append(f"zh/{name} cell {i}: {sorted(set(words))}")
    assert problems == [], "English in what Chinese notebooks print:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------
# English glosses: at first use only
# ---------------------------------------------------------------------------------------
_GLOSS = re.compile(r"（([A-Za-z][A-Za-z \-']*[A-Za-z])(?:[，,][^）]*)?）")


def repeated_glosses(text: str) -> list[str]:
    """English glosses in full-width parentheses, ``术语（term of art）``, that appear more
    than once in a page."""
    seen, repeated = set(), []
    for m in _GLOSS.finditer(re.sub(r"`[^`]*`|\$[^$]*\$", " ", text)):
        gloss = m.group(1).lower()
        if gloss in seen and gloss not in repeated:
            repeated.append(gloss)
        seen.add(gloss)
    return repeated


def test_english_glosses_only_at_first_use():
    pages: dict[str, str] = {}
    for where, text in TEXTS:
        if where.startswith("zh/") and "(code)" not in where:
            pages[where.split(" cell")[0]] = pages.get(where.split(" cell")[0], "") + "\n" + text
    problems = [f"{page}: {glosses}" for page, text in pages.items() if (glosses := repeated_glosses(text))]
    assert problems == [], "an English gloss is for the first use of a term only:\n" + "\n".join(problems)


def test_the_checks_can_fail():
    assert rejected_variants("在浏览器中拖动滑块") == ["浏览器"]
    assert rejected_variants("独热（one-hot）向量") == [] and rejected_variants("one-hot 向量") == ["one-hot"]
    assert repeated_glosses("死亡 ReLU（dying ReLU）……死亡 ReLU（dying ReLU）") == ["dying relu"]
    assert english_words("检查 passed: True") == ["passed", "True"]
