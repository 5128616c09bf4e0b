"""The built website, seen the way a reader sees it: in a real browser, with no network.

After ``python book/build.py`` (one build per language, put together in ``_build/html``)
these tests serve the site on 127.0.0.1, open every page of both languages in headless
Chromium (Debian's, driven by Playwright through ``executable_path``; no browser download)
with every request to another host aborted, and check what a reader would notice: math
typeset, figures loaded, the interface in the page's language, the language link going to
the same section of the twin page and back, widgets drawn, each language's search working,
previous/next staying in one language, and a clean console.

Without a build or a browser the tests skip and say what to install; with ``CI=true``
they fail instead, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest

import site_helpers as sh
from site_survey import Visit, record

pytestmark = pytest.mark.site

# --------------------------------------------------------------------------------------
# Fixtures: the build, a local server and one visit per page come from tests/conftest.py
# (shared with test_a11y.py); a browser for this module's own navigation tests
# --------------------------------------------------------------------------------------
@dataclass
class Browser:
    context: object
    blocked: list = field(default_factory=list)


# Module scope, not session: Playwright's sync API allows one running instance per
# thread, and other test modules (the explorers' browser tests) start their own later.
@pytest.fixture(scope="module")
def browser(site):
    exe = sh.browser_or_skip()
    blocked: list[str] = []
    with sh.chromium(exe, blocked) as context:
        yield Browser(context, blocked)


def _report(problems: list[str]) -> str:
    return "\n".join(problems[:60]) + (f"\n... and {len(problems) - 60} more" if len(problems) > 60 else "")


# --------------------------------------------------------------------------------------
# Static checks on the HTML the server sends (no browser needed)
# --------------------------------------------------------------------------------------
class _AssetLinks(HTMLParser):
    """Collects URLs that a page *loads* (not links for the reader to click)."""

    LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
               ("link", "href"), ("image", "href"), ("use", "href")}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and (attrs.get("rel") or "").lower() in {"alternate", "canonical", "search",
                                                                  "next", "prev", "index", "author"}:
            return
        for t, a in self.LOADING:
            if tag == t and attrs.get(a):
                self.urls.append(attrs[a])
        if tag == "img" and attrs.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",")]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def test_no_page_loads_from_another_host(site):
    """Every script, stylesheet, font, image and frame comes from the site itself."""
    problems = []
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.parts:
            continue
        parser = _AssetLinks()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        for url in parser.urls:
            if re.match(r"^(https?:)?//", url.strip(), re.IGNORECASE):
                problems.append(f"{path.relative_to(site)}: loads {url}")
    for css in sorted(site.rglob("*.css")):
        for url in re.findall(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", css.read_text("utf-8", "replace")):
            problems.append(f"{css.relative_to(site)}: loads {url}")
        for url in re.findall(r"""@import\s+['"]((?:https?:)?//[^'"]+)""", css.read_text("utf-8", "replace")):
            problems.append(f"{css.relative_to(site)}: imports {url}")
    assert not problems, "pages load assets from other hosts:\n" + _report(problems)


@pytest.mark.parametrize("lang", sh.LANGS)
def test_vendored_assets_are_served_by_the_site(site, lang):
    vendor = site / lang / "_static" / "vendor"
    for rel in ("mathjax/LICENSE", "requirejs/require.js", "html-manager/embed-amd.js"):
        assert (vendor / rel).is_file(), f"{rel} missing from {vendor}: the build did not vendor it"
    fonts = list((vendor / "mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))
    assert fonts, "MathJax's woff-v2 fonts are missing"


def test_landing_page_offers_each_language_in_itself(site):
    page = (site / "index.html").read_text("utf-8")
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in page
    assert '<a href="zh/index.html" hreflang="zh-CN" lang="zh-CN">中文</a>' in page
    assert "<!-- LANGUAGES -->" not in page


def test_both_language_parts_have_the_same_pages(pages):
    en = sorted(p.split("/", 1)[1] for p in pages if sh.page_language(p) == "en")
    zh = sorted(p.split("/", 1)[1] for p in pages if sh.page_language(p) == "zh")
    assert en, "no English pages in the build"
    assert en == zh


def test_glossaries_list_the_same_number_of_terms(site):
    counts = {}
    for lang in ("en", "zh"):
        html = (site / lang / "glossary.html").read_text(encoding="utf-8")
        counts[lang] = [len(re.findall(r"<dd\b", block))
                        for block in re.findall(r'<dl class="[^"]*glossary.*?</dl>', html, re.S)]
    assert counts["en"] and counts["en"] == counts["zh"], counts


# --------------------------------------------------------------------------------------
# In the browser
# --------------------------------------------------------------------------------------
def test_no_request_leaves_the_machine(visits):
    problems = [f"{v.page}: tried {url}" for v in visits.values() for url in v.blocked]
    assert not problems, "pages tried to reach other hosts (blocked):\n" + _report(problems)


def test_no_console_errors(visits):
    problems = [f"{v.page}: {msg}" for v in visits.values() for msg in v.console_errors]
    assert not problems, "browser console errors:\n" + _report(problems)


def test_no_failed_local_requests(visits):
    problems = [f"{v.page}: {msg}" for v in visits.values() for msg in v.failed_requests]
    assert not problems, "requests to the site failed:\n" + _report(problems)


# TeX that reached the reader as text (outside code and typeset math), e.g. a markdown
# output rendered without dollar math; and a pipe table that was not turned into a table.
_RAW_TEX = re.compile(r"\\(frac|sqrt|mathbb|mathrm|mathcal|infty|sigma|alpha|beta|lambda|"
                      r"max|min|sum|tanh|log|exp|cdot|le|ge|leq|geq|approx|left|right|begin)"
                      r"(?![A-Za-z])")
_RAW_TABLE = re.compile(r"\|\s*:?(-{3,}|[—–]+):?\s*\|")   # smart quotes turn --- into —


def test_math_is_typeset(visits):
    problems = []
    checked = 0
    for v in visits.values():
        if v.facts["mathSource"]:
            checked += 1
            if not v.math_done:
                problems.append(f"{v.page}: a formula was not typeset at build time, or the page loads MathJax")
            if v.facts["mjx"] < 1:
                problems.append(f"{v.page}: {v.facts['mathSource']} math elements, no mjx-container")
            if v.facts["mjxErrors"]:
                problems.append(f"{v.page}: {v.facts['mjxErrors']} TeX errors")
        for raw in (r"\(", r"\[", "$$"):
            if raw in v.prose:
                i = v.prose.index(raw)
                problems.append(f"{v.page}: untypeset {raw!r} in the text: "
                                f"...{v.prose[max(0, i - 40):i + 40]!r}...")
        for what, pattern in (("TeX command", _RAW_TEX), ("markdown table", _RAW_TABLE)):
            m = pattern.search(v.prose)
            if m:
                i = m.start()
                problems.append(f"{v.page}: raw {what} in the text: "
                                f"...{v.prose[max(0, i - 40):i + 60]!r}...")
    assert checked, "no page with math was found (the glossary has some)"
    assert not problems, "math not typeset:\n" + _report(problems)


def test_every_image_loads(visits):
    problems = [f"{v.page}: {img['src']} (naturalWidth {img['w']})"
                for v in visits.values() for img in v.images if img["w"] <= 0]
    assert not problems, "images that did not load:\n" + _report(problems)


def test_chinese_pages_declare_lang_zh(visits):
    problems = []
    for v in visits.values():
        lang = sh.page_language(v.page)
        declared = v.facts["htmlLang"] or ""
        if lang == "zh" and not (declared.startswith("zh") or (v.facts["articleLang"] or "").startswith("zh")):
            problems.append(f"{v.page}: <html lang={declared!r}>")
        if lang == "en" and not declared.startswith("en"):
            problems.append(f"{v.page}: <html lang={declared!r}>")
    assert not problems, _report(problems)


def test_language_link_points_to_the_twin(visits, base_url):
    problems = []
    for v in visits.values():
        twin = sh.twin_page(v.page)
        if twin is None:
            if v.facts["switchHref"]:
                problems.append(f"{v.page}: has a language link but no twin")
            continue
        if twin not in visits:
            if v.facts["switchHref"]:
                problems.append(f"{v.page}: links to {v.facts['switchHref']}, but {twin} was not built")
            continue
        expected_label = "中文" if sh.page_language(v.page) == "en" else "English"
        if v.facts["switchHref"] != urljoin(base_url, twin):
            problems.append(f"{v.page}: language link {v.facts['switchHref']!r}, expected {twin}")
        if v.facts["switchText"] != expected_label:
            problems.append(f"{v.page}: language link says {v.facts['switchText']!r}, "
                            f"expected {expected_label!r}")
    assert not problems, _report(problems)


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def test_language_link_round_trip(browser, base_url, visits):
    """Click "中文" on an English chapter, land on its twin, click "English", come back.

    Every page's link target is checked above (test_language_link_points_to_the_twin);
    clicking through is checked on every fourth page (each round trip loads two chapters)."""
    pairs = [p for p in visits if sh.page_language(p) == "en" and sh.twin_page(p) in visits]
    assert pairs, "no page has a twin"
    page = browser.context.new_page()
    try:
        for name in pairs[::4]:
            start = urljoin(base_url, name)
            page.goto(start, wait_until="domcontentloaded")
            page.click("a.nnprimer-lang-switch")
            page.wait_for_load_state("domcontentloaded")
            assert _without_fragment(page.url) == urljoin(base_url, sh.twin_page(name)), f"{name}: 中文 led to {page.url}"
            assert (page.get_attribute("html", "lang") or "").startswith("zh")
            page.click("a.nnprimer-lang-switch")
            page.wait_for_load_state("domcontentloaded")
            assert _without_fragment(page.url) == start, f"{sh.twin_page(name)}: English led to {page.url}"
    finally:
        page.close()


@pytest.mark.parametrize(("start", "section"), [("en/03_sigmoid.html", "sigmoid-bce"),
                                                 ("zh/05_softmax.html", "softmax-temperature")])
def test_language_link_keeps_the_section(browser, base_url, start, section):
    """Reading a section deep in a chapter, the switch opens the same section in the other
    language: the labels are the same words in both."""
    page = browser.context.new_page()
    try:
        page.goto(urljoin(base_url, start) + "#" + section, wait_until="load")
        page.evaluate(sh.JS_WAIT_MATH)  # the math's fonts change the heights above the section
        page.evaluate(sh.JS_WAIT_IMAGES)
        page.evaluate("id => document.getElementById(id).scrollIntoView()", section)
        page.evaluate("() => window.scrollBy(0, 60)")  # a little way into the section
        # a reader's click, where the page is: Playwright's own click first scrolls the
        # (sticky) header "into view", which moves the page by a screen
        with page.expect_navigation(wait_until="load"):
            page.evaluate("() => document.querySelector('a.nnprimer-lang-switch').click()")
        assert page.url == urljoin(base_url, sh.twin_page(start)) + "#" + section
        heading = page.evaluate("id => document.getElementById(id).closest('section').querySelector('h2, h3').textContent",
                                section)
        assert heading.strip()
    finally:
        page.close()


ENGLISH_INTERFACE = re.compile(r"\b(Search|Contents|previous|next|Download this page|Fullscreen mode|Click to show|"
                               r"Click to hide|Show code cell|Hide code cell|Color mode|Back to top|Skip to main content|"
                               r"Toggle navigation|Toggle primary sidebar|Link to this heading|Link to this term|"
                               r"By nnprimer|Exercise|Solution to|On this page)\b")


def test_chinese_pages_have_a_chinese_interface(visits):
    """The themes' own translations (and the site's catalog for the rest) label the
    interface of the Chinese build: no English button, heading or tooltip around the text."""
    problems = []
    for v in visits.values():
        if sh.page_language(v.page) != "zh":
            continue
        text = v.lang_facts.get("uiText", "") + "\n" + "\n".join(v.lang_facts.get("uiNames", []))
        found = sorted(set(ENGLISH_INTERFACE.findall(text)))
        if found:
            problems.append(f"{v.page}: {found}")
    assert not problems, "English interface text on Chinese pages:\n" + _report(problems)


def test_previous_next_stay_in_one_language(visits, base_url):
    problems = []
    for v in visits.values():
        lang = sh.page_language(v.page)
        if lang is None:
            continue
        for which in ("prevHref", "nextHref"):
            href = v.facts[which]
            if not href:
                continue
            target = urlsplit(href).path.lstrip("/")
            other = sh.page_language(target)
            if other not in (None, lang):
                problems.append(f"{v.page}: {which[:4]} goes to {target}")
    # and navigation is not cut short inside a part: only its last page lacks "next"
    for lang in ("en", "zh"):
        part = [v for v in visits.values() if sh.page_language(v.page) == lang]
        without_next = [v.page for v in part if not v.facts["nextHref"]]
        if len(without_next) > 1:
            problems.append(f"{lang}: several pages without 'next': {without_next}")
    assert not problems, _report(problems)


def test_widgets_render(visits):
    problems = []
    for v in visits.values():
        if v.facts["widgetViews"] and v.widgets_rendered < v.facts["widgetViews"]:
            problems.append(f"{v.page}: {v.widgets_rendered} of {v.facts['widgetViews']} "
                            "widget views rendered")
    assert not problems, _report(problems)


def test_static_explorers_respond(visits):
    """Kernel-free explorers (text/html outputs with a menu or slider) redraw on input."""
    problems = []
    for v in visits.values():
        for i, ex in enumerate(v.static_explorers):
            if not ex["changed"]:
                problems.append(f"{v.page}: explorer {i}: changing its {ex['how']} did not "
                                "change the drawing")
    if not any(v.static_explorers for v in visits.values()):
        sh.skip_or_fail("no kernel-free explorer on any page: did the build show the explorers' HTML?")
    assert not problems, _report(problems)


@pytest.mark.parametrize(("query", "lang"), [("梯度", "zh"), ("激活函数", "zh"), ("gradient", "en")],
                         ids=["zh-tidu", "zh-jihuohanshu", "en-gradient"])
def test_search_finds(browser, base_url, site, query, lang):
    """Each language's search page (JS + its own searchindex.js) finds its chapters."""
    page = browser.context.new_page()
    sink = Visit(page="search.html", url="")
    record(page, sink)
    try:
        page.goto(urljoin(base_url, f"{lang}/search.html") + f"?q={query}", wait_until="load")
        page.wait_for_selector("#search-results ul.search li", timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results ul.search li a",
                                          "els => els.map(e => e.href)")
    finally:
        page.close()
    assert hrefs and all(f"/{lang}/" in h for h in hrefs), f"{query!r}: results {hrefs}"
    assert not sink.console_errors, sink.console_errors


#: What a reader types, and the chapter that teaches it (issue 18): five topics in each
#: language, plus the other spelling of two English ones.
SEARCH_TOPICS = [
    ("zh", "梯度消失", "08_vanishing"),
    ("zh", "学习率", "07_gradient_descent"),
    ("zh", "初始化", "09_init"),
    ("zh", "死亡 ReLU", "02_relu"),
    ("zh", "反向传播", "06_backprop"),
    ("en", "vanishing gradient", "08_vanishing"),
    ("en", "learning rate", "07_gradient_descent"),
    ("en", "initialization", "09_init"),
    ("en", "initialisation", "09_init"),
    ("en", "dying ReLU", "02_relu"),
    ("en", "backpropagation", "06_backprop"),
    ("en", "back-propagation", "06_backprop"),
]

#: Resolves when searchtools.js has listed every result (it writes the summary last).
JS_SEARCH_DONE = """
() => { const s = document.querySelector('#search-results p.search-summary');
        return !!(s && s.textContent.trim()); }
"""


def _search(browser, base_url, lang: str, query: str) -> tuple[list[str], Visit, list[str]]:
    """Run ``query`` on ``lang``'s search page: the pages of the results in order (anchors
    dropped), what went wrong on the page, and the requests it tried to send elsewhere."""
    page = browser.context.new_page()
    sink = Visit(page=f"{lang}/search.html", url="")
    record(page, sink)
    blocked_before = len(browser.blocked)
    try:
        page.goto(urljoin(base_url, f"{lang}/search.html") + "?q=" + quote(query), wait_until="load")
        page.wait_for_function(JS_SEARCH_DONE, timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results ul.search li > a",
                                          "els => els.map(e => e.getAttribute('href'))")
    finally:
        page.close()
    return [h.split("#")[0].removesuffix(".html") for h in hrefs], sink, browser.blocked[blocked_before:]


@pytest.mark.parametrize(("lang", "query", "chapter"), SEARCH_TOPICS,
                         ids=[f"{lang}-{query}" for lang, query, _ in SEARCH_TOPICS])
def test_search_puts_the_chapter_first(browser, base_url, site, lang, query, chapter):
    """The chapter that teaches what a reader typed is among the first three results of
    that language's search: Chinese queries are segmented the way jieba segmented the
    index (梯度消失 is 梯度 + 消失 there), and title and heading matches come first
    (book/_static/search.js)."""
    found, sink, blocked = _search(browser, base_url, lang, query)
    assert chapter in found[:3], f"{lang} {query!r}: first results {found[:5]}"
    assert not sink.console_errors and not sink.failed_requests, sink.console_errors + sink.failed_requests
    assert not blocked, f"requests that left the machine: {blocked}"


def test_chinese_search_page_has_a_chinese_interface(browser, base_url):
    """The search page (not among the pages every test visits) speaks Chinese on /zh/: its
    heading, the status line under the field, and every tooltip or accessible name but
    the language switch's (which names English in English)."""
    page = browser.context.new_page()
    try:
        page.goto(urljoin(base_url, "zh/search.html") + "?q=" + quote("梯度消失"), wait_until="load")
        page.wait_for_function(JS_SEARCH_DONE, timeout=20000)
        ui = page.evaluate("""() => ({
          heading: document.querySelector('.bd-search-container h1').textContent.trim(),
          status: document.querySelector('#search-results p.search-summary').textContent.trim(),
          names: Array.from(document.querySelectorAll('[title], [aria-label], [placeholder]'))
              .filter(e => !e.closest('.nnprimer-lang-switch'))
              .map(e => [e.getAttribute('title'), e.getAttribute('aria-label'), e.getAttribute('placeholder')])
              .flat().filter(Boolean),
        })""")
    finally:
        page.close()
    han = re.compile(r"[\u4e00-\u9fff]")
    assert ui["heading"] == "搜索", ui
    assert han.search(ui["status"]) and not re.search(r"[A-Za-z]", ui["status"]), ui["status"]
    english = [name for name in ui["names"] if not han.search(name)]
    assert ui["names"] and not english, f"English tooltips or names on zh/search.html: {english}"


def test_search_segmenter(browser, site):
    """The query segmenter of search.js on a toy vocabulary: longest match, Latin words
    kept, single characters where nothing longer matches (left out where the index lacks
    them: it keeps no one-character words)."""
    page = browser.context.new_page()
    try:
        page.add_script_tag(content=(site / "zh" / "_static" / "search.js").read_text("utf-8"))
        got = page.evaluate("""() => {
          const S = NNPrimerSearch;
          const vocab = (...words) => ({words: new Set(words), longest: 4});
          return {
            split: S.segment("梯度消失", new Set(["梯度", "消失"])),
            longest: S.segment("梯度消失", new Set(["梯度", "梯度消失", "消失"])),
            chars: S.segment("梯度消失", new Set()),
            mixed: S.split("死亡ReLU 网络", vocab("死亡", "relu", "网络")),
            spaced: S.split("梯度 消失", vocab("梯度", "消失")),
            unknownChar: S.split("学习率", vocab("学习")),
            onlyUnknown: S.split("率", vocab("学习")),
            noIndex: S.split("梯度 ReLU", null),
          };
        }""")
    finally:
        page.close()
    assert got == {
        "split": ["梯度", "消失"], "longest": ["梯度消失"], "chars": ["梯", "度", "消", "失"],
        "mixed": ["死亡", "ReLU", "网络"], "spaced": ["梯度", "消失"], "unknownChar": ["学习"],
        "onlyUnknown": ["率"], "noIndex": ["梯", "度", "ReLU"],
    }


# --------------------------------------------------------------------------------------
# The site extension on its own (no build needed)
# --------------------------------------------------------------------------------------
def _site_extension():
    import importlib
    import sys

    ext_dir = str(sh.ROOT / "book" / "_ext")
    if ext_dir not in sys.path:
        sys.path.insert(0, ext_dir)
    return importlib.import_module("nnprimer_site")


def test_language_links_point_to_the_same_page_in_each_other_language():
    from types import SimpleNamespace

    ext = _site_extension()
    app = SimpleNamespace(srcdir=str(sh.ROOT / "book" / "en"), config=SimpleNamespace(root_doc="index"),
                          builder=SimpleNamespace(format="html", get_target_uri=lambda name: f"{name}.html"),
                          env=SimpleNamespace(get_domain=lambda name: SimpleNamespace(
                              labels={"relu": ("02_relu", "relu", ""), "x": ("03_sigmoid", "x", "")})))
    from docutils.core import publish_doctree

    page = publish_doctree("ReLU\n====\n\nDead units\n----------\n",
                           settings_overrides={"doctitle_xform": False, "report_level": 5})
    next(page.findall(lambda n: n.tagname == "section"))["ids"].append("relu")  # the page's label
    context = {}
    ext.on_page_context(app, "02_relu", "page.html", context, page)
    assert context["nnprimer_languages"] == [{"key": "zh", "url": "../zh/02_relu.html", "name": "中文",
                                              "title": "阅读本页的中文版", "lang": "zh-CN"}]
    assert context["nnprimer_labels"] == ["relu", "section-2"]   # a label, or the position
    assert '<link rel="alternate" hreflang="zh-CN" href="../zh/02_relu.html" />' in context["metatags"]
    context = {}
    ext.on_page_context(app, "no-such-page", "page.html", context, None)  # no translation: its front page
    assert context["nnprimer_languages"][0]["url"] == "../zh/index.html"
