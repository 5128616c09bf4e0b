"""A light page that says what it is, and a language switch that keeps the reader's place.

* Weight: every chapter page, in both languages, loads at most :data:`MAX_BYTES` in at most
  :data:`MAX_REQUESTS` requests in a phone's window, and never the widget manager
  (``embed-amd.js``, 3.6 MB), the search index (``searchindex.js``) or the theme's icon
  script — the first two load only on a page that renders a widget and on the search page.
* Head: each page has a meta description from its first paragraph, in its language, and
  ``hreflang`` alternates (relative without a configured base URL, absolute with one).
* The language switch, for every section of every chapter in both directions, lands on
  the twin section.

The extension's decisions are also tested on their own (no build needed).
"""

from __future__ import annotations

import importlib
import re
import sys
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest

import site_helpers as sh

# --------------------------------------------------------------------------------------
# The site extension's decisions, on their own
# --------------------------------------------------------------------------------------
EXT = sh.ROOT / "book" / "_ext"


def _ext(name: str):
    if str(EXT) not in sys.path:
        sys.path.insert(0, str(EXT))
    return importlib.import_module(name)


def _scripts():
    from sphinx.builders.html._assets import _JavaScript

    return [
        _JavaScript("_static/documentation_options.js"),
        _JavaScript(None, type="application/vnd.jupyter.widget-state+json", body="{}"),
        _JavaScript("_static/vendor/requirejs/require.js"),
        _JavaScript("_static/vendor/html-manager/embed-amd.js",
                    **{"data-jupyter-widgets-cdn": "vendor/widget-modules/"}),
        _JavaScript("_static/switch.js", loading_method="defer"),
    ]


_APP = SimpleNamespace(
    config=SimpleNamespace(nb_ipywidgets_js={"vendor/requirejs/require.js": {},
                                             "vendor/html-manager/embed-amd.js": {}}),
    builder=SimpleNamespace(get_target_uri=lambda name: f"{name}.html"))
_VIEW = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "abc"}</script>'


def test_the_widget_manager_loads_only_where_a_widget_view_is_shown():
    vendor = _ext("nnprimer_vendor")
    assert vendor.page_renders_widgets(f"<p>text</p>{_VIEW}")
    # an explorer: a widget view in the notebook, but the page shows its text/html form
    assert not vendor.page_renders_widgets('<div class="output text_html"><svg></svg></div>')
    assert not vendor.page_renders_widgets("<p>the mimetype application/vnd.jupyter.widget-view+json</p>")

    context = {"body": '<div class="output text_html"><svg></svg></div>', "script_files": _scripts()}
    vendor.place_widget_manager(_APP, "02_relu", "page.html", context, None)
    assert [js.filename for js in context["script_files"]] == ["_static/documentation_options.js",
                                                               "_static/switch.js"]

    context = {"body": _VIEW, "script_files": _scripts()}
    vendor.place_widget_manager(_APP, "02_relu", "page.html", context, None)
    names = [js.filename for js in context["script_files"]]
    assert "_static/vendor/html-manager/embed-amd.js" in names and "_static/vendor/requirejs/require.js" in names
    assert any(js.attributes.get("type") == vendor.WIDGET_STATE_MIMETYPE for js in context["script_files"])
    manager = next(js for js in context["script_files"] if js.filename and js.filename.endswith("embed-amd.js"))
    assert manager.attributes["data-jupyter-widgets-cdn"] == "_static/vendor/widget-modules/"


def _doctree(rst: str):
    from docutils.core import publish_doctree

    return publish_doctree(rst, settings_overrides={"report_level": 5, "doctitle_xform": False})


def test_the_description_is_the_first_paragraph_of_prose():
    page = _ext("nnprimer_page")
    tree = _doctree("Title\n=====\n\n.. note::\n\n   A note first.\n\n"
                    "The   opening\nparagraph.\n\nThe second.\n")
    assert page.first_paragraph(tree) == "The opening paragraph."
    assert page.meta_description(tree) == '\n<meta name="description" content="The opening paragraph." />'
    assert page.meta_description(_doctree("Title\n=====\n")) == ""
    assert page.meta_description(None) == ""
    assert 'content="a &lt;b&gt; &amp; &quot;c&quot;"' in page.meta_description(_doctree('a <b> & "c"\n'))
    tree = _doctree("The unit :math:`\\mathrm{ReLU}(x) = \\max(0, x)` is the default.\n")
    assert page.first_paragraph(tree) == "The unit ReLU(x) = max(0, x) is the default."


def test_a_long_description_is_cut_at_a_boundary():
    page = _ext("nnprimer_page")
    english = "word " * 60
    cut = page.shorten(english.strip())
    assert cut.endswith("word…") and len(cut) <= page.DESCRIPTION_WIDTH
    chinese = "这一章讲激活函数，" * 20
    cut = page.shorten(chinese)
    assert cut.endswith("激活函数…"), cut   # cut after a comma, the comma dropped
    assert 2 * len(cut) <= page.DESCRIPTION_WIDTH + 2     # CJK characters count two
    assert page.shorten("Short.") == "Short."


def test_hreflang_links_are_relative_without_a_base_url_and_absolute_with_one():
    page = _ext("nnprimer_page")
    alternates = [("en", "02_relu.html"), ("zh-CN", "../zh/02_relu.html")]
    relative = page.alternate_links("", alternates, "../index.html")
    assert relative == ('\n<link rel="alternate" hreflang="en" href="02_relu.html" />'
                        '\n<link rel="alternate" hreflang="zh-CN" href="../zh/02_relu.html" />'
                        '\n<link rel="alternate" hreflang="x-default" href="../index.html" />')
    absolute = page.alternate_links("https://example.org/nnprimer/en/02_relu.html", alternates, "../index.html")
    assert absolute == ('\n<link rel="alternate" hreflang="en" href="https://example.org/nnprimer/en/02_relu.html" />'
                        '\n<link rel="alternate" hreflang="zh-CN" href="https://example.org/nnprimer/zh/02_relu.html" />'
                        '\n<link rel="alternate" hreflang="x-default" href="https://example.org/nnprimer/index.html" />')


def test_the_page_context_uses_the_configured_base_url():
    site = _ext("nnprimer_site")

    def app(baseurl):
        return SimpleNamespace(
            srcdir=str(sh.ROOT / "book" / "zh"), config=SimpleNamespace(root_doc="index", html_baseurl=baseurl),
            builder=SimpleNamespace(format="html", get_target_uri=lambda name: f"{name}.html"),
            env=SimpleNamespace(get_domain=lambda name: SimpleNamespace(labels={})))

    context = {}
    site.on_page_context(app(""), "02_relu", "page.html", context, None)
    assert '<link rel="alternate" hreflang="en" href="../en/02_relu.html" />' in context["metatags"]
    assert '<link rel="alternate" hreflang="zh-CN" href="02_relu.html" />' in context["metatags"]
    context = {}
    site.on_page_context(app("https://example.org/book/zh/"), "02_relu", "page.html", context, None)
    assert ('<link rel="alternate" hreflang="en" href="https://example.org/book/en/02_relu.html" />'
            in context["metatags"])
    assert ('<link rel="alternate" hreflang="x-default" href="https://example.org/book/index.html" />'
            in context["metatags"])


def test_each_language_build_gets_its_own_base_url(monkeypatch):
    """book/build.py gives the build of language L the base URL <site>/L/ (from
    html.baseurl or --base-url), and none when the site's is not set."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nnprimer_build", sh.ROOT / "book" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    seen = {}

    def fake_build_sphinx(*args, confoverrides, **kwargs):
        seen.update(confoverrides)
        return 0

    import jupyter_book.sphinx

    monkeypatch.setattr(jupyter_book.sphinx, "build_sphinx", fake_build_sphinx)
    assert build.build_one("zh", base_url="https://example.org/book") == 0
    assert seen["html_baseurl"] == "https://example.org/book/zh/"
    assert build.build_one("en", base_url="https://example.org/book/") == 0
    assert seen["html_baseurl"] == "https://example.org/book/en/"
    assert build.build_one("en") == 0          # _config.yml's html.baseurl, empty
    assert seen["html_baseurl"] == ""


def test_sections_are_named_by_label_or_by_position():
    site = _ext("nnprimer_site")
    tree = _doctree("Top\n===\n\nA\n-\n\ntext\n\nB\n-\n\ntext\n\nC\n~\n\ntext\n")
    sections = list(tree.findall(lambda n: n.tagname == "section"))
    sections[2]["ids"].append("my-label")             # B carries a cross-reference label
    keys = site.section_keys(tree, {"my-label"})
    assert keys == ["section-1", "section-2", "my-label", "section-4"]
    assert "section-2" in sections[1]["ids"] and "section-3" not in sections[2]["ids"]
    assert site.section_keys(tree, {"my-label"}) == keys           # idempotent
    assert sections[1]["ids"].count("section-2") == 1


def test_images_load_lazily_and_keep_their_place():
    page = _ext("nnprimer_page")
    body = '<p><img alt="a" src="x.png"/> <img loading="eager" src="y.png"></p>'
    assert page.lazy_images(body) == ('<p><img loading="lazy" decoding="async" alt="a" src="x.png"/> '
                                      '<img loading="eager" src="y.png"></p>')
    sizes = {"_images/x.png": (640, 480)}
    body = '<img alt="a &amp; b" src="_images/x.png"/><img src="_images/z.png"><img width="9" src="_images/x.png">'
    assert page.lazy_images(body, sizes.get) == (
        '<img loading="lazy" decoding="async" width="640" height="480" alt="a &amp; b" src="_images/x.png"/>'
        '<img loading="lazy" decoding="async" src="_images/z.png">'
        '<img loading="lazy" decoding="async" width="9" src="_images/x.png">')


# --------------------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------------------
#: Chapters: the numbered pages and the appendix, in both languages.
_CHAPTER = re.compile(r"^(en|zh)/(\d\d_|appendix_)")
#: What a chapter page may load in a phone's window, measured (scripts/page_weight.py):
#: 7.91-8.31 MB in 40-50 requests before issue 18; 2.55 MB in 44 at most once the widget
#: manager, the search index and the icon script were gone; 0.48-1.17 MB in 22-31 since
#: the math is typeset at build time (no 1.2 MB tex-chtml.js), the style sheets are one
#: file without unused rules and the icon font is cut to the icons shown
#: (book/_ext/nnprimer_speed.py). The margin over the heaviest (about 130 kB and 5
#: requests) is smaller than MathJax's script, the whole icon font (157 kB) or any of the
#: files below, so any of them coming back fails.
MAX_BYTES = 1_300_000
MAX_REQUESTS = 36
#: Files no chapter may load: the widget manager, require.js, the search index, the
#: theme's icon script (its style sheet draws the icons), MathJax's script (the math is
#: typeset at build time) and the whole solid icon font (a cut-down copy serves).
NOT_ON_A_CHAPTER = ("embed-amd.js", "require.js", "searchindex.js", "searchtools.js", "fontawesome.js",
                    "tex-chtml.js", "fa-solid-900.woff2")


@pytest.fixture(scope="module")
def weights(site, pages):
    chapters = [p for p in pages if _CHAPTER.match(p)]
    assert len(chapters) >= 20, chapters
    exe = sh.browser_or_skip()
    with sh.serve(site) as base, sh.chromium(exe) as context:
        return {name: sh.page_weight(context, urljoin(base, name)) for name in chapters}


@pytest.mark.site
def test_chapters_are_light(weights):
    problems = []
    for name, w in weights.items():
        if w["bytes"] > MAX_BYTES or w["requests"] > MAX_REQUESTS:
            problems.append(f"{name}: {w['bytes'] / 1e6:.2f} MB in {w['requests']} requests "
                            f"(at most {MAX_BYTES / 1e6:.2f} MB in {MAX_REQUESTS})")
        for url in w["files"]:
            if url.rsplit("/", 1)[-1].split("?")[0] in NOT_ON_A_CHAPTER:
                problems.append(f"{name}: loads {url}")
    assert not problems, "\n".join(problems)


@pytest.mark.site
def test_the_search_page_still_loads_the_index(site):
    for lang in sh.LANGS:
        text = (site / lang / "search.html").read_text("utf-8")
        assert 'src="searchindex.js' in text, lang


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.description, self.alternates = None, {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.description = a.get("content")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a.get("href")


@pytest.mark.site
def test_every_page_has_a_description_in_its_language_and_relative_alternates(site, pages):
    problems = []
    for name in pages:
        lang = sh.page_language(name)
        head = _Head()
        head.feed((site / name).read_text("utf-8"))
        text = head.description or ""
        if len(text) < 20:
            problems.append(f"{name}: description {text!r}")
        elif lang == "zh" and not re.search(r"[\u4e00-\u9fff]", text):
            problems.append(f"{name}: description not in Chinese: {text!r}")
        elif lang == "en" and re.search(r"[\u4e00-\u9fff]{4}", text):
            problems.append(f"{name}: description not in English: {text!r}")
        if lang is None:
            continue
        page = name.split("/", 1)[1]
        expected = {"en": ("" if lang == "en" else "../en/") + page,
                    "zh-CN": ("" if lang == "zh" else "../zh/") + page, "x-default": "../index.html"}
        if head.alternates != expected:   # the test build has no base URL: relative links
            problems.append(f"{name}: alternates {head.alternates}, expected {expected}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------
# The language switch, every section of every chapter, both directions
# --------------------------------------------------------------------------------------
#: The page's sections (those with a heading), in order: id, and the ids inside it.
JS_SECTIONS = """
() => Array.from(document.querySelectorAll('article.bd-article section'))
  .filter(s => s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4'))
  .map(s => ({id: s.id, ids: [s.id, ...Array.from(s.querySelectorAll(':scope > span[id]')).map(e => e.id)]}))
"""

#: Scroll so that section i starts just above the top third of the window (where a reader
#: reads it), click the language switch (the navigation itself is prevented) and return
#: the link it built, and the section the reader is in: i, or at the end of the page,
#: where section i cannot scroll that far up, the last section that starts in the window.
JS_SWITCH_FROM = """
(i) => {
  const sections = Array.from(document.querySelectorAll('article.bd-article section'))
    .filter(s => s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4'));
  const line = window.innerHeight * 0.3;
  window.scrollBy(0, sections[i].getBoundingClientRect().top - line + 5);
  let reading = i;
  if (sections[i].getBoundingClientRect().top > line) {   // the page ended first
    reading = sections.map(s => s.getBoundingClientRect().top < window.innerHeight).lastIndexOf(true);
  }
  const link = document.querySelector('a.nnprimer-lang-switch');
  const stop = e => e.preventDefault();
  window.addEventListener('click', stop, {once: true});
  link.click();
  return {href: link.href, reading};
}
"""

#: The index of the section (with a heading) that holds the element with this id.
JS_SECTION_OF = """
(id) => {
  const sections = Array.from(document.querySelectorAll('article.bd-article section'))
    .filter(s => s.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4'));
  const el = document.getElementById(id);
  if (!el) return -1;
  let s = el.closest('section');
  while (s && !sections.includes(s)) s = s.parentElement.closest('section');
  return s ? sections.indexOf(s) : -1;
}
"""


@pytest.mark.site
def test_the_language_switch_lands_on_the_twin_of_every_section(site, base_url, pages):
    chapters = [p for p in pages if _CHAPTER.match(p) or p.endswith(("glossary.html", "how-to-use.html"))]
    exe = sh.browser_or_skip()
    problems, checked = [], 0
    with sh.chromium(exe) as context:
        source, target = context.new_page(), context.new_page()
        for name in chapters:
            twin = sh.twin_page(name)
            source.goto(urljoin(base_url, name), wait_until="load")
            source.evaluate(sh.JS_WAIT_MATH)       # the math's fonts move the sections
            source.evaluate(sh.JS_WAIT_IMAGES)        # and so do figures
            target.goto(urljoin(base_url, twin), wait_until="domcontentloaded")
            here, there = source.evaluate(JS_SECTIONS), target.evaluate(JS_SECTIONS)
            if len(here) != len(there):
                problems.append(f"{name}: {len(here)} sections, {twin}: {len(there)}")
                continue
            for i in range(1, len(here)):   # section 0 is the page's title: its top
                clicked = source.evaluate(JS_SWITCH_FROM, i)
                href, reading = clicked["href"], clicked["reading"]
                if href.split("#")[0] != urljoin(base_url, twin):
                    problems.append(f"{name} §{reading}: the switch leads to {href}")
                    continue
                fragment = href.split("#", 1)[1] if "#" in href else ""
                landed = target.evaluate(JS_SECTION_OF, fragment) if fragment else 0
                checked += 1
                if landed != reading:
                    problems.append(f"{name} §{reading} ({here[reading]['id']}): lands on #{fragment}, "
                                    f"section {landed} of {twin} ({there[landed]['id'] if landed >= 0 else '-'}), "
                                    f"not {there[reading]['id']}")
    assert checked > 200, checked
    assert not problems, f"{len(problems)} of {checked} sections:\n" + "\n".join(problems[:60])
