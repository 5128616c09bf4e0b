"""Pages that paint fast (book/_ext/nnprimer_speed.py): math typeset at build time, one
style sheet without the rules no page uses, scripts deferred.

* The extension's pieces on their own (no build needed): finding and replacing formulas,
  MathJax in Node.js (the environment's, as the build uses it), the CSS joiner and the
  unused-rule filter on small style sheets.
* The built site: no page loads MathJax, every formula is typeset without a TeX error,
  each page links one screen style sheet whose every ``url()`` exists, and no script file
  in a chapter's head holds the first paint.
* In Chromium: the joined, filtered style sheet gives every element of two chapters the
  same computed style as the theme's and the site's style sheets it was made from, at
  phone and desktop width, in light and dark mode; sections skipped while the page loads
  (content-visibility) are all laid out once it is idle, and axe then finds the colours
  right at phone width.

Lighthouse itself is a maintainer's check (``scripts/lighthouse.py``): its Performance
score moves by several points between runs on these machines.
"""

from __future__ import annotations

import importlib
import re
import sys

import pytest

import site_helpers as sh

EXT = sh.ROOT / "book" / "_ext"


@pytest.fixture(scope="module")
def speed():
    if str(EXT) not in sys.path:
        sys.path.insert(0, str(EXT))
    return importlib.import_module("nnprimer_speed")


# --------------------------------------------------------------------------------------
# On their own
# --------------------------------------------------------------------------------------
PAGE = """<html><head><title>t</title>
    <script>window.MathJax = {"options": {}}</script>
    <script defer="defer" src="_static/vendor/mathjax/tex-chtml.js?v=1"></script>
</head><body>
<p>Inline <span class="math notranslate nohighlight">\\(a &lt; b\\)</span> and
<span class="math notranslate nohighlight">\\(x^2\\)</span>.</p>
<div class="math notranslate nohighlight" id="equation-one">
<span class="eqno">(1)<a class="headerlink" href="#equation-one">#</a></span>\\[\\sigma(z) = \\frac{1}{1+e^{-z}}\\]</div>
<pre>code with \\( that MathJax skips</pre>
</body></html>"""


def test_formulas_are_found_in_order_and_unescaped(speed):
    assert speed.math_items(PAGE) == [
        {"tex": "a < b", "display": False},
        {"tex": "x^2", "display": False},
        {"tex": "\\sigma(z) = \\frac{1}{1+e^{-z}}", "display": True},
    ]


def test_a_math_element_that_is_not_one_formula_is_an_error(speed):
    with pytest.raises(ValueError, match="not one formula"):
        speed.math_items('<span class="math notranslate nohighlight">\\(a\\) and \\(b\\) text</span>x'
                         '<span class="math notranslate nohighlight">plain</span>')


def test_replacing_keeps_the_equation_number_and_drops_mathjax(speed):
    out = speed.replace_math(PAGE, ["<mjx-container>A</mjx-container>", "<mjx-container>B</mjx-container>",
                                    '<mjx-container display="true">C</mjx-container>'],
                             "@font-face /* 0 */ {\n  src: url(\"@MJXFONTS@/MathJax_Zero.woff\");\n}", "../_static/f")
    assert '<span class="math notranslate nohighlight"><mjx-container>A</mjx-container></span>' in out
    assert ('<span class="eqno">(1)<a class="headerlink" href="#equation-one">#</a></span>'
            '<mjx-container tabindex="0" display="true">C</mjx-container></div>') in out
    assert "window.MathJax" not in out and "tex-chtml.js" not in out
    assert 'url("../_static/f/MathJax_Zero.woff")' in out and "font-display: swap;" in out
    assert out.index('<style id="MJX-CHTML-styles">') < out.index("</head>")
    assert speed.math_items(out) == []            # a typeset page has nothing left to do
    assert speed.leftover_tex(out) == []          # the \( in <pre> is not math


def test_tex_outside_a_math_element_is_reported(speed):
    assert speed.leftover_tex("<p>costs \\(a\\) here</p><code>\\(b\\)</code>") == ["<p>costs \\(a\\) here</p>"]


def test_mathjax_in_node_typesets_like_the_browser(speed):
    import nnprimer_vendor

    modules = nnprimer_vendor._cache_dir(None) / "node_modules" / "mathjax"
    if speed.find_node() is None or not modules.is_dir():
        sh.skip_or_fail("Node.js and the npm cache come with the first site build: python book/build.py",
                        "the build-time MathJax test")
    one, two = speed.typeset([[{"tex": "\\frac{1}{2}", "display": True}, {"tex": "\\boldsymbol{x}", "display": False}],
                              [{"tex": "\\notamacro", "display": False}]], modules)
    first = one["html"][0]
    assert first.startswith('<mjx-container class="MathJax" jax="CHTML"') and 'display="true"' in first
    assert "font-size: 127.3%" in first
    assert "<mjx-assistive-mml" in first and "<mfrac>" in first   # what a screen reader reads
    assert "TEX-BI" in one["html"][1]                               # \boldsymbol loaded on demand
    assert "@MJXFONTS@/MathJax_Main-Regular.woff" in one["css"]
    # each page has its own style sheet: the bold italic x is not in the second page's
    assert "mjx-c1D499.TEX-BI" in one["css"] and "mjx-c1D499" not in two["css"]
    assert speed._MERROR.findall(two["html"][0]) == ["Undefined control sequence \\notamacro"]


CSS = """
@import "sub/b.css";
.used, .unused > p { color: red; }
.unused { color: blue; }
a:not(.unused) { color: green; }
:is(.used, .unused) b { margin: 0; }
[class~="unused"] i { margin: 1px; }
@media (max-width: 10px) { .unused { x: 1; } .used { y: 2; } }
@media print { .unused { x: 1; } }
@font-face { font-family: F; src: url("fonts/f.woff"); }
@keyframes spin { from { transform: rotate(0); } }
.used::before { content: "{;}"; }
button.used { /* there's no quote here, nor a } brace */ margin: 0; }
.unused .after-the-comment { color: red; }
"""


def test_rules_no_page_uses_are_dropped(speed):
    out = speed.drop_unused_rules(CSS, {"used", "p", "b"})
    assert '@import "sub/b.css";' in out
    assert ".used{ color: red; }" in out and ".unused > p" not in out
    assert ".unused{ color: blue; }" not in out
    assert "a:not(.unused){ color: green; }" in out           # :not(.x) matches without x
    assert ":is(.used, .unused) b{ margin: 0; }" not in out   # needs both classes present
    assert '[class~="unused"] i{' in out                       # attribute selectors are kept
    assert "@media (max-width: 10px){.used{ y: 2; }}" in out
    assert "@media print" not in out                           # nothing left in it
    assert "@font-face" in out and "@keyframes spin" in out
    assert '.used::before{ content: "{;}"; }' in out           # braces in strings
    assert "button.used{ /* there's no quote here, nor a } brace */ margin: 0; }" in out
    assert "after-the-comment" not in out                      # an apostrophe in a comment


def test_joined_css_reads_right_from_its_new_folder(speed, tmp_path):
    (tmp_path / "_static" / "sub").mkdir(parents=True)
    (tmp_path / "_static" / "styles").mkdir()
    (tmp_path / "_static" / "a.css").write_text(
        '@charset "UTF-8";\n@import "sub/b.css";\n.a { background: url(img/x.png?v=1#f); }\n'
        '.d { background: url("data:image/png;base64,AA"); }\n/*# sourceMappingURL=a.css.map */', "utf-8")
    (tmp_path / "_static" / "sub" / "b.css").write_text(".b { src: url('../fonts/f.woff'); }", "utf-8")
    out = speed.inline_css(tmp_path / "_static" / "a.css", tmp_path / "_static" / "styles")
    assert '.b { src: url("../fonts/f.woff"); }' in out
    assert 'url("../img/x.png?v=1#f")' in out
    assert 'url("data:image/png;base64,AA")' in out
    assert "@charset" not in out and "sourceMappingURL" not in out and "@import" not in out


# --------------------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------------------
def _html_pages(site):
    return [p for lang in sh.LANGS for p in sorted((site / lang).glob("*.html"))]


def test_no_page_loads_mathjax_and_every_formula_is_typeset(site):
    problems, formulas = [], 0
    for path in _html_pages(site):
        page = path.read_text("utf-8")
        name = path.relative_to(site)
        if re.search(r'<script[^>]* src="[^"]*mathjax|<script>window\.MathJax = ', page, re.I):
            problems.append(f"{name}: loads MathJax")
        for m in re.finditer(r'<(span|div) class="math notranslate nohighlight"[^>]*>(.*?)</\1>', page, re.S):
            formulas += 1
            if "<mjx-container" not in m.group(2):
                problems.append(f"{name}: not typeset: {m.group(0)[:120]!r}")
        if "<mjx-merror" in page:
            problems.append(f"{name}: a TeX error")
        if "<mjx-container" in page and 'id="MJX-CHTML-styles"' not in page:
            problems.append(f"{name}: typeset math without MathJax's styles")
    assert formulas > 3000, formulas     # both languages' chapters
    assert not problems, "\n".join(problems)


def test_each_page_has_one_screen_style_sheet_whose_urls_exist(site):
    problems, bundles = [], set()
    for path in _html_pages(site):
        head = path.read_text("utf-8").split("</head>")[0]
        sheets = [m for m in re.findall(r"<link [^>]*stylesheet[^>]*>", head) if 'media="print"' not in m]
        if len(sheets) != 1:
            problems.append(f"{path.relative_to(site)}: {len(sheets)} screen style sheets")
            continue
        bundles.add((path.parent / re.search(r'href="([^"?]+)', sheets[0]).group(1)).resolve())
    for bundle in bundles:
        text = bundle.read_text("utf-8")
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text):
            if not re.match(r"(data:|[a-z]+:|#)", url) and not (bundle.parent / url.split("?")[0].split("#")[0]).is_file():
                problems.append(f"{bundle.name}: url({url}) is missing")
    assert len(bundles) == len(sh.LANGS), bundles
    assert not problems, "\n".join(problems[:20])


def test_icon_fonts_hold_every_icon_the_style_sheet_shows(site, speed):
    from fontTools.ttLib import TTFont

    for lang in sh.LANGS:
        bundle = next((site / lang / "_static" / "styles").glob("site-*.css"))
        css = bundle.read_text("utf-8")
        wanted = {int(h, 16) for h in speed._ICON_ESCAPE.findall(css)}
        faces = speed._ICON_FACE.findall(css)
        solid = [f for f in faces if "font-weight:900" in f]
        assert wanted and solid, "no Font Awesome icons or solid face in the joined style sheet"
        url = re.search(r'url\("([^"]+\.subset-[0-9a-f]+\.woff)"\)', solid[0]).group(1)
        font = bundle.parent / url
        assert font.stat().st_size < 20_000, font          # the whole font is 157 kB
        missing = sorted(hex(c) for c in wanted - set(TTFont(font).getBestCmap()))
        assert not missing, f"{font.name} lacks the icons {missing}"


def test_no_script_file_holds_a_chapters_first_paint(site):
    problems = []
    for path in _html_pages(site):
        if path.name in ("search.html",):
            continue
        head = path.read_text("utf-8").split("</head>")[0]
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head):
            if not re.search(r"\b(defer|async)\b", tag):
                problems.append(f"{path.relative_to(site)}: {tag}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------
# In Chromium: the filtered style sheet styles the pages exactly as the full one
# --------------------------------------------------------------------------------------
#: Each section of a chapter: whether settle.js has laid it out, its content-visibility.
JS_SECTIONS = """
() => Array.from(document.querySelectorAll('.bd-article > section > section')).map(
  s => [s.classList.contains('nnp-settled'), getComputedStyle(s).contentVisibility])
"""
#: True once settle.js has laid out every section (content-visibility back to visible).
JS_ALL_SETTLED = f"() => ({JS_SECTIONS.strip()})().every(([done, cv]) => done && cv === 'visible')"


#: Every element's computed style (the properties a reader sees), in document order.
JS_STYLES = """
() => {
  const props = ['display', 'visibility', 'position', 'float', 'color', 'background-color',
    'font-size', 'font-weight', 'font-family', 'font-style', 'line-height', 'text-align',
    'margin-top', 'margin-bottom', 'margin-left', 'padding-top', 'padding-left',
    'border-top-width', 'border-left-color', 'width', 'height', 'opacity', 'overflow-x',
    'white-space', 'z-index', 'box-shadow', 'content', 'list-style-type', 'cursor'];
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('mjx-container, svg')) continue;
    const s = getComputedStyle(el), b = getComputedStyle(el, '::before');
    out.push(el.tagName + '.' + el.className + ' ' + props.map(p => s.getPropertyValue(p)).join('|')
             + ' ::before ' + b.getPropertyValue('content') + b.getPropertyValue('font-family'));
  }
  return out;
}
"""


#: Transitions and animations off, so that both loads are read at rest.
NO_MOTION = """
document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.appendChild(style);
});
"""


def _full_css(speed, site, bundle_url: str, lang: str) -> str:
    """The bundle as it was before its unused rules were dropped (the files its first
    comment names, joined the same way)."""
    static = site / lang
    bundle = static / bundle_url.split("/" + lang + "/", 1)[1].split("?")[0]
    names = re.search(r"/\* " + re.escape(speed.JOINED_FROM) + r" (.*?) \*/", bundle.read_text("utf-8")).group(1)
    return '@charset "UTF-8";\n' + "\n".join(speed.inline_css(static / n, bundle.parent) for n in names.split(", "))


def _serve_full_css(speed, site, lang: str):
    def handler(route):
        route.fulfill(status=200, content_type="text/css", body=_full_css(speed, site, route.request.url, lang))
    return handler


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dropping_unused_rules_changes_no_computed_style(site, base_url, speed, scheme):
    exe = sh.browser_or_skip("the style sheet test")
    problems = []
    with sh.chromium(exe) as context:
        for name in ("en/02_relu.html", "zh/07_gradient_descent.html"):
            lang = name.split("/")[0]
            for width in (375, 1280):
                styles = []
                for full in (False, True):
                    page = context.new_page()
                    page.add_init_script(NO_MOTION)
                    page.emulate_media(color_scheme=scheme)
                    page.set_viewport_size({"width": width, "height": 900})
                    if full:
                        page.route("**/_static/styles/site-*.css", _serve_full_css(speed, site, lang))
                    page.goto(base_url + name, wait_until="load")
                    page.evaluate(sh.JS_WAIT_MATH)
                    page.wait_for_function(JS_ALL_SETTLED, timeout=15000)   # the page at its full length
                    styles.append(page.evaluate(JS_STYLES))
                    page.close()
                filtered, whole = styles
                assert len(filtered) == len(whole) > 1000
                diff = [f"{name} @{width}px: {a}\n    full: {b}" for a, b in zip(filtered, whole) if a != b]
                problems += diff[:5]
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------
# In Chromium: sections skipped while loading are laid out once the page is idle
# --------------------------------------------------------------------------------------
def test_skipped_sections_are_laid_out_once_the_page_is_idle(base_url, axe_script):
    """While the page loads, sections below the screen skip layout (content-visibility:
    auto); once it has loaded, settle.js lays each out for good. Before it did, axe at
    phone width read the prev/next links against a background that had moved under them
    (the page was still changing length as it scrolled), and Lighthouse's accessibility
    audit gave 97."""
    exe = sh.browser_or_skip("the section layout test")
    with sh.chromium(exe) as context:
        page = context.new_page()
        page.set_viewport_size({"width": 412, "height": 823})
        page.goto(base_url + "en/02_relu.html", wait_until="domcontentloaded")
        first = page.evaluate(JS_SECTIONS)
        assert len(first) >= 5 and first[-1] == [False, "auto"], first   # skipped at first
        page.wait_for_function(JS_ALL_SETTLED, timeout=15000)
        if axe_script:
            page.evaluate(axe_script)
            found = page.evaluate("async () => (await axe.run(document, {runOnly: ['color-contrast']}))"
                                  ".violations.flatMap(v => v.nodes.map(n => n.target.join(' ')))")
            assert not found, found
        page.close()
