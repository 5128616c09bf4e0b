"""Local Sphinx extension of the nnprimer site (loaded through ``sphinx.local_extensions``).

Each language is its own build (``python book/build.py``), so the themes' own locales
translate the interface, ``<html lang>`` is right and previous/next stay in one language
by construction. This extension does only what no package does:

1. **Self-contained, light pages** (:mod:`nnprimer_vendor`): MathJax and the widget
   manager are copied from npm packages pinned by ``book/_assets/package-lock.json``; the
   widget manager loads only on a page that renders a widget view, pointed at those
   copies. Figures load lazily (:mod:`nnprimer_page`); ``_templates/layout.html`` keeps
   the search index to the search page and drops the theme's icon script.
2. **Language switch.** ``language-switch.html`` (in the article header) links each page
   to the same page in the other languages of ``book/languages.yml``; ``switch.js`` keeps
   the section the reader is in (its label, or its position: :func:`section_keys`, the
   same in every language) when the link is followed. The page head gets
   ``<link rel="alternate" hreflang=...>`` (absolute with a configured ``html.baseurl``)
   and a meta description from the first paragraph (:mod:`nnprimer_page`).
3. **Accessibility.** Text in another script than the page's (the Chinese names in the
   English glossary) is wrapped in ``<span lang="zh-CN">``, so that a screen reader reads
   it with a Chinese voice and the browser picks Chinese glyphs (WCAG 3.1.2).
4. **The execution table** of ``{nb-exec-table}``: its headings through the site's
   catalog (myst-nb has no translations), and its emoji status (empty boxes without an
   emoji font) as a check mark and a word.
5. **Exercise numbers restart in each chapter** (sphinx-exercise numbers them like
   figures, across the whole book when the table of contents is not numbered).
6. **Search that finds the chapter a reader means** (``_static/search.js``, on the search
   page of every language): Chinese queries are segmented against the index's own
   vocabulary, as jieba segmented the pages, and title and heading matches come first.
7. **Folded code cells are named by what they show**: myst-nb labels the ``<summary>`` of
   a ``hide-cell`` cell "Toggle hidden content" in English whatever the page's language,
   which also hides its visible "Show code cell content" from a screen reader (axe:
   label-content-name-mismatch); here the summary is named by its visible text.
8. **Dark mode** (``dark.css``) and **no empty outputs**: an explorer's second output
   (the live widget's, whose ``text/html`` is empty so that a page shows the kernel-free
   copy) would be an empty box, which the theme pads into a bar in dark mode.
9. **Pages that fit a phone** (``phone.css``, ``phone.js``): a cue on every box that
   scrolls sideways, touch targets of 24 px or more, tooltips
   that a tap does not leave behind, and figures that open at their full size.
10. **Pages that paint fast** (:mod:`nnprimer_speed`, ``settle.js``): math typeset at
    build time, one style sheet without unused rules and a cut-down icon font, scripts
    deferred, sections below the screen laid out when the browser is idle.

Interface strings that no theme translates come from the site's catalog,
``book/_locale/<language>/LC_MESSAGES/sphinx.po`` (``locale_dirs`` in ``_config.yml``);
templates use them through ``_()`` like the themes' own strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation

from nnprimer_page import alternate_links, lazy_images, meta_description
from nnprimer_speed import bundle_styles, defer_scripts, prerender_math
from nnprimer_vendor import find_npm, place_widget_manager, stage_vendor  # noqa: F401  (find_npm: .ci/run)

__version__ = "2.0"

BOOK = Path(__file__).resolve().parent.parent
_ = get_translation("sphinx")


def site_languages() -> dict[str, dict]:
    """``book/languages.yml``: folder key -> entry (name, title, sphinx settings)."""
    return yaml.safe_load((BOOK / "languages.yml").read_text("utf-8"))


def html_lang(entry: dict) -> str:
    """The ``lang`` attribute of a language: Sphinx's ``zh_CN`` -> ``zh-CN``."""
    return entry["sphinx"]["language"].replace("_", "-")


def this_language(app: Sphinx) -> str:
    """The folder key of the language being built (``book/zh`` -> ``"zh"``)."""
    return Path(app.srcdir).name


def _explicit_labels(app: Sphinx, docname: str) -> set[str]:
    """The ids of the cross-reference labels on a page (the same in every language:
    tests/test_book.py)."""
    std = app.env.get_domain("std")
    return {anchor for doc, anchor, _title in std.labels.values() if doc == docname and anchor}


def section_keys(doctree: nodes.document, labels: set[str]) -> list[str]:
    """The id that names each section of a page in every language, in document order.

    A section with a cross-reference label is named by it (the first in sorted order);
    one without (an "Exercises" or "References" heading, whose automatic ids come from
    the words of its title and so differ between languages) by its position,
    ``section-<n>``, the n-th section of the page, counted the same way in each
    language. That id is added to the section, so a link to it lands there. Only
    sections with a heading count (sphinx-exercise's untitled content sections do not).
    """
    keys = []
    titled = (s for s in doctree.findall(nodes.section) if s.children and isinstance(s[0], nodes.title))
    for n, section in enumerate(titled, 1):
        own = sorted(labels.intersection(section["ids"]))
        key = own[0] if own else f"section-{n}"
        if key not in section["ids"]:
            section["ids"].append(key)
        keys.append(key)
    return keys


def name_sections(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every section without a label its position id (:func:`section_keys`)."""
    section_keys(doctree, _explicit_labels(app, docname))


def _has_page(language: str, pagename: str) -> bool:
    """Whether ``book/<language>/`` has the page (or it is one Sphinx writes itself)."""
    if pagename in ("search", "genindex"):
        return True
    return any((BOOK / language / f"{pagename}{suffix}").is_file() for suffix in (".md", ".ipynb"))


# --------------------------------------------------------------------------------------
# Language switch
# --------------------------------------------------------------------------------------
def on_page_context(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: Any) -> None:
    """``nnprimer_languages``: the other languages, each with the URL of this page in it
    (or of its front page, where the page has no translation)."""
    if app.builder.format != "html":
        return
    here = this_language(app)
    up = "../" * (pagename.count("/") + 1)  # from this page to the site's root
    links, alternates = [], []
    for key, entry in site_languages().items():
        target = app.builder.get_target_uri(pagename if _has_page(key, pagename) else app.config.root_doc)
        link = {"key": key, "url": f"{up}{key}/{target}", "name": entry["name"],
                "title": entry["title"], "lang": html_lang(entry)}
        if key == here:
            link["url"] = app.builder.get_target_uri(pagename).rsplit("/", 1)[-1]
        else:
            links.append(link)
        if key == here or _has_page(key, pagename):
            alternates.append((link["lang"], link["url"]))
    context["nnprimer_languages"] = links
    # the key of each section, in order: the same in every language (switch.js)
    context["nnprimer_labels"] = section_keys(doctree, _explicit_labels(app, pagename)) if doctree else []
    base = getattr(app.config, "html_baseurl", "") or ""
    page_url = urljoin(base.rstrip("/") + "/", app.builder.get_target_uri(pagename)) if base else ""
    context["metatags"] = (context.get("metatags", "") + meta_description(doctree)
                           + alternate_links(page_url, alternates, f"{up}index.html"))


def load_images_lazily(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    """Figures load when the reader comes near them and keep their place until then
    (:func:`nnprimer_page.lazy_images`), sized from the image files Sphinx copies."""
    if app.builder.format != "html" or not context.get("body"):
        return
    sources = {name: uri for uri, name in app.builder.images.items()}

    def size_of(src: str) -> tuple[int, int] | None:
        uri = sources.get(src.rsplit("/", 1)[-1]) if "_images/" in src else None
        if uri is None:
            return None
        try:
            from PIL import Image

            with Image.open(Path(app.srcdir) / uri) as image:
                return image.size
        except (OSError, ValueError, ImportError):
            return None

    context["body"] = lazy_images(context["body"], size_of)


# --------------------------------------------------------------------------------------
# Accessibility: other-language runs
# --------------------------------------------------------------------------------------
class lang_inline(nodes.Inline, nodes.TextElement):
    """A phrase in another language than the page's."""


def visit_lang_inline_html(self, node: lang_inline) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_lang_inline_html(self, node: lang_inline) -> None:
    self.body.append("</span>")


def _pass(self, node) -> None:  # other builders: the text renders as usual
    pass


#: A run of Chinese text: CJK ideographs and CJK / full-width punctuation.
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
#: Nodes whose text is never wrapped (code, math, raw HTML, already marked text).
_NO_LANG_WRAP = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, lang_inline)


def _chinese_lang(app: Sphinx) -> str | None:
    """The ``lang`` for Chinese runs on this build's pages, or None on Chinese pages."""
    if str(app.config.language).startswith("zh"):
        return None
    chinese = [html_lang(e) for e in site_languages().values() if e["sphinx"]["language"].startswith("zh")]
    return chinese[0] if chinese else "zh"


def mark_chinese_runs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On pages in another language, wrap each run of Chinese text outside code and math
    in ``<span lang="zh-CN">``."""
    lang = _chinese_lang(app)
    if lang:
        _wrap_chinese_runs(doctree, lang)


def mark_chinese_titles(app: Sphinx, doctree: nodes.document) -> None:
    """The same for section titles, at read time: the page's table of contents and the
    toctrees are built from the titles as read, not as resolved."""
    lang = _chinese_lang(app)
    if lang:
        for title in list(doctree.findall(nodes.title)):
            _wrap_chinese_runs(title, lang)


def _wrap_chinese_runs(tree: nodes.Node, lang: str) -> None:
    for text in list(tree.findall(nodes.Text)):
        if not _CJK_RUN.search(str(text)) or text.parent is None:
            continue
        ancestor, skip = text.parent, False
        while ancestor is not None:
            if isinstance(ancestor, _NO_LANG_WRAP):
                skip = True
                break
            ancestor = ancestor.parent
        if skip:
            continue
        value, pieces, pos = str(text), [], 0
        for m in _CJK_RUN.finditer(value):
            if m.start() > pos:
                pieces.append(nodes.Text(value[pos:m.start()]))
            pieces.append(lang_inline(m.group(), m.group(), lang=lang))
            pos = m.end()
        if pos < len(value):
            pieces.append(nodes.Text(value[pos:]))
        text.parent.replace(text, pieces)


# --------------------------------------------------------------------------------------
# The execution table
# --------------------------------------------------------------------------------------
#: myst-nb's column headings and status emoji (translated through the site's catalog).
_EXEC_WORDS = ("Document", "Modified", "Method", "Run Time (s)", "Status")
_EXEC_STATUS = {"✅": "✓ succeeded", "❌": "✗ failed"}


def fix_exec_table(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The {nb-exec-table}: headings in the page's language, the status in words."""
    for table in doctree.findall(nodes.table):
        head = [str(t) for thead in table.findall(nodes.thead) for t in thead.findall(nodes.Text)]
        if "Run Time (s)" not in head:  # only myst-nb's execution table
            continue
        for text in list(table.findall(nodes.Text)):
            word = str(text)
            if word in _EXEC_WORDS or word in _EXEC_STATUS:
                text.parent.replace(text, nodes.Text(str(_(_EXEC_STATUS.get(word, word)))))


def number_exercises_per_page(app: Sphinx, env: Any) -> list[str]:
    """Exercise 1, 2, ... on each page, in the order Sphinx numbered them (after Sphinx's
    own ``assign_figure_numbers``, which counts across pages without a numbered toc)."""
    for numbers in env.toc_fignumbers.values():
        exercises = numbers.get("exercise")
        if exercises:
            for n, key in enumerate(sorted(exercises, key=exercises.get), 1):
                exercises[key] = (n,)
    return []


def drop_empty_html_outputs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the cell outputs whose HTML is empty (MyST-NB writes them as raw nodes of
    class ``text_html``; each would be an empty ``div.output.text_html``)."""
    for node in list(doctree.findall(nodes.raw)):
        if "text_html" in node.get("classes", []) and not node.astext().strip():
            node.parent.remove(node)


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------
def add_search_script(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """``search.js`` on the search page: it defines ``splitQuery`` and ``Scorer``, so it
    is loaded before the theme's ``searchtools.js``, which keeps them where defined
    (a script added here is the page's own, Sphinx drops it for the next page)."""
    if app.builder.format == "html" and pagename == "search":
        app.add_js_file("search.js")


# --------------------------------------------------------------------------------------
# Folded code cells
# --------------------------------------------------------------------------------------
def visit_hidden_cell_html(self, node) -> None:
    """myst-nb's ``<details>`` of a hidden cell, without the English ``aria-label`` on its
    ``<summary>``: the accessible name is the visible prompt, in the page's language."""
    from html import escape

    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n')
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(f'<p class="{state} admonition-title">{escape(prompt)}</p>\n')
    self.body.append("</summary>\n")


# --------------------------------------------------------------------------------------
# Pages that fit a phone
# --------------------------------------------------------------------------------------
def add_phone_script(app: Sphinx) -> None:
    """``phone.js`` and its interface strings, in the language of this build."""
    words = {"enlarge": str(_("Enlarge the figure")), "close": str(_("Close")),
             "dialog": str(_("Figure at full size"))}
    app.add_js_file(None, body=f"window.nnprimerPhone = {json.dumps(words, ensure_ascii=False)};")
    app.add_js_file("phone.js", loading_method="defer")


# --------------------------------------------------------------------------------------
def setup(app: Sphinx) -> dict[str, Any]:
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell_html, depart_HideCellInput))
    app.add_node(lang_inline, html=(visit_lang_inline_html, depart_lang_inline_html),
                 latex=(_pass, _pass), text=(_pass, _pass), man=(_pass, _pass), texinfo=(_pass, _pass))
    app.connect("builder-inited", stage_vendor)
    # after the toctree collector (500) assigned the figure and exercise numbers
    app.connect("env-get-updated", number_exercises_per_page, priority=900)
    app.connect("doctree-resolved", fix_exec_table)
    app.connect("doctree-resolved", name_sections)
    app.connect("doctree-resolved", mark_chinese_runs)
    app.connect("doctree-resolved", drop_empty_html_outputs)
    # titles at read time, before the toc collector (500) copies them into the page tocs
    app.connect("doctree-read", mark_chinese_titles, priority=400)
    # before the theme (500) renders the header components: pydata-sphinx-theme drops a
    # component that renders empty, and language-switch.html needs nnprimer_languages
    app.connect("html-page-context", on_page_context, priority=450)
    # after myst-nb (500) added the widget scripts
    app.connect("html-page-context", place_widget_manager, priority=650)
    app.connect("html-page-context", add_search_script)
    app.connect("html-page-context", load_images_lazily)
    app.add_css_file("nnprimer.css")
    app.add_css_file("dark.css")
    app.add_css_file("print.css", media="print")  # print and "Save as PDF" (tests/test_print.py)
    app.add_js_file("print.js", loading_method="defer")
    app.add_js_file("switch.js", loading_method="defer")
    # sections skipped while the page loads are laid out when it is idle (nnprimer.css)
    app.add_js_file("settle.js", loading_method="defer")
    # pages that fit a phone: scroll cues, touch targets, figures full size
    app.add_css_file("phone.css")
    app.connect("builder-inited", add_phone_script)
    # pages that paint fast (nnprimer_speed): scripts deferred once every other handler
    # added its own; math typeset, then style sheets joined, in the written pages, after
    # pydata-sphinx-theme (500) wrote the light and dark colours into pygments.css
    app.connect("html-page-context", defer_scripts, priority=900)
    app.connect("build-finished", prerender_math, priority=800)
    app.connect("build-finished", bundle_styles, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 3}
