"""Accessibility of the built website (WCAG 2.1 A and AA), checked in a real browser.

After a build (``_build/html``, or ``$NNPRIMER_SITE``) every reader-facing page is opened
in headless Chromium (Debian's, through Playwright's ``executable_path``; no download),
with every request to another host aborted, and audited by axe-core (the copy bundled
in the PyPI package ``axe-playwright-python``, injected into the page; nothing is
fetched; the rules run are ``AXE_TAGS`` and ``AXE_EXTRA_RULES`` in ``tests/site_survey.py``).
Each page is opened once per session for these and the site tests together (the
``visits`` fixture). Besides axe, three checks that axe cannot make:

* every image of a page (figures, the logo) has alt text: not empty, not a file path
  (MyST-NB's fallback when a code cell has no ``mystnb.image.alt`` metadata), and in
  Chinese on Chinese pages;
* text in the other language is marked: no Chinese text on an English page (or on the
  bilingual landing page) outside an element with ``lang="zh..."``;
* every page declares its language, and the switch to the other language carries ``lang``.

Findings that come from the themes (pydata-sphinx-theme, sphinx-book-theme, MyST-NB,
sphinx-togglebutton) and could not be fixed cheaply are listed in :data:`ALLOWED`, one
line per rule and selector with the reason. Every entry must still match a finding, so
the list cannot go stale.

Without a build or a browser the tests skip and say what to install; with ``CI=true``
they fail instead.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import site_helpers as sh

pytestmark = pytest.mark.site

FAILING_IMPACTS = ("serious", "critical")

#: Findings accepted for now: (axe rule id, substring of the node's CSS selector) -> why.
#: Each must match at least one finding (test_allow_list_is_current).
ALLOWED: dict[tuple[str, str], str] = {
}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
#: What MyST-NB writes as alt text when a cell has none: the image's path.
FILE_PATH_ALT = re.compile(r"(^|/)[^ ]*\.(png|jpe?g|svg|gif|webp)$|^_images/|^\.\./", re.I)


# --------------------------------------------------------------------------------------
# Fixtures: every page is opened once per session and audited by axe in the same visit
# (``visits`` in tests/conftest.py, tests/site_survey.py)
# --------------------------------------------------------------------------------------
@dataclass
class Audit:
    page: str
    violations: list = field(default_factory=list)
    images: list = field(default_factory=list)
    unmarked_cjk: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def audits(visits, axe_script) -> dict[str, Audit]:
    """What axe and the page scripts found on each page."""
    if axe_script is None:
        sh.skip_or_fail("install axe-playwright-python from PyPI (it bundles axe-core)")
    out = {name: Audit(page=name, violations=v.violations, images=v.alt_texts,
                       unmarked_cjk=v.unmarked_cjk, facts=v.lang_facts) for name, v in visits.items()}
    report = os.environ.get("NNPRIMER_A11Y_REPORT")
    if report:  # every finding, any impact, for reading (not for the assertions)
        Path(report).write_text(json.dumps({k: a.violations for k, a in out.items()},
                                           ensure_ascii=False, indent=1), "utf-8")
    return out


def _allowed(v: dict) -> tuple[str, str] | None:
    for key in ALLOWED:
        rule, selector = key
        if v["rule"] == rule and selector in v["selector"]:
            return key
    return None


def _report(problems: list[str]) -> str:
    return "\n".join(problems[:50]) + (f"\n... and {len(problems) - 50} more" if len(problems) > 50 else "")


# --------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------
def test_no_serious_or_critical_axe_violation(audits):
    problems = [f"{a.page}: {v['impact']} {v['rule']} at {v['selector']}: {v['help']}\n    {v['html']}"
                for a in audits.values() for v in a.violations
                if v["impact"] in FAILING_IMPACTS and _allowed(v) is None]
    assert not problems, "axe-core (WCAG 2.1 A/AA) found:\n" + _report(problems)


def test_allow_list_is_current(audits):
    used = {_allowed(v) for a in audits.values() for v in a.violations}
    stale = [f"{rule} {sel!r}: {why}" for (rule, sel), why in ALLOWED.items() if (rule, sel) not in used]
    assert not stale, "allow-list entries that no longer match a finding (remove them):\n" + "\n".join(stale)


def test_every_figure_has_alt_text_in_the_page_language(audits):
    problems, seen = [], 0
    for a in audits.values():
        lang = sh.page_language(a.page)
        for img in a.images:
            if img["hidden"]:
                continue
            seen += 1
            alt = (img["alt"] or "").strip()
            if not alt:
                problems.append(f"{a.page}: {img['src']} has no alt text")
            elif FILE_PATH_ALT.search(alt) or alt == img["src"]:
                problems.append(f"{a.page}: {img['src']} has a file path as alt text: {alt!r}")
            elif lang == "zh" and not CJK.search(alt):
                problems.append(f"{a.page}: {img['src']} has alt text without Chinese: {alt!r}")
    assert seen, "no figures found on any page: is the build complete?"
    assert not problems, ("figures need alt text (code-cell metadata "
                          '{"mystnb": {"image": {"alt": "..."}}}):\n' + _report(problems))


def test_chinese_text_on_english_pages_is_marked(audits):
    problems = [f"{a.page}: {t['where']} lang={t['lang']!r}: {t['text']!r}"
                for a in audits.values() if sh.page_language(a.page) != "zh"
                for t in a.unmarked_cjk]
    assert not problems, 'Chinese text without lang="zh-CN" around it:\n' + _report(problems)


def test_pages_and_language_switch_carry_lang(audits):
    """Each page is in its language (<html lang>), and the switch to the other language is
    marked with the language it is written in."""
    problems = []
    for a in audits.values():
        lang = sh.page_language(a.page)
        declared = a.facts["htmlLang"] or ""
        if lang is None:
            continue
        if not declared.startswith(lang):
            problems.append(f"{a.page}: <html lang={declared!r}>")
        expected = {"English": "en", "中文": "zh-CN"}.get(a.facts["switchText"])
        if expected is None or a.facts["switchLang"] != expected:
            problems.append(f"{a.page}: language switch {a.facts['switchText']!r} has lang={a.facts['switchLang']!r}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------
# The site extension's accessibility pieces on their own (no build, no browser)
# --------------------------------------------------------------------------------------
def _site_extension():
    import importlib
    import sys

    ext_dir = str(sh.ROOT / "book" / "_ext")
    if ext_dir not in sys.path:
        sys.path.insert(0, ext_dir)
    return importlib.import_module("nnprimer_site")


def _paragraph_doc(*children):
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("test", get_default_settings(Parser))
    doc += nodes.paragraph("", "", *children)
    return doc


def _app(language: str):
    """The little of a Sphinx application the extension's doctree passes read."""
    from types import SimpleNamespace

    return SimpleNamespace(config=SimpleNamespace(language=language))


def test_chinese_runs_on_english_pages_get_lang():
    from docutils import nodes

    ext = _site_extension()
    doc = _paragraph_doc(nodes.Text("The Chinese name is 激活函数, see "),
                         nodes.literal("", "激活函数"), nodes.math("", r"\text{梯度}"))
    ext.mark_chinese_runs(_app("en"), doc, "glossary")
    marked = [n for n in doc.findall(ext.lang_inline)]
    assert [(n.astext(), n["lang"]) for n in marked] == [("激活函数", "zh-CN")]
    assert doc.astext() == r"The Chinese name is 激活函数, see 激活函数\text{梯度}"
    zh_doc = _paragraph_doc(nodes.Text("中文页面"))
    ext.mark_chinese_runs(_app("zh_CN"), zh_doc, "glossary")
    assert not list(zh_doc.findall(ext.lang_inline))  # <html lang="zh-CN"> already
