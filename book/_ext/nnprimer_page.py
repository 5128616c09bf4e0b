"""What each page of the site says about itself, and what it loads lazily.

Used by :mod:`nnprimer_site` (the site's Sphinx extension):

* :func:`meta_description`: ``<meta name="description">`` from the page's first paragraph,
  in the page's language (search engines show it under the title).
* :func:`alternate_links`: ``<link rel="alternate" hreflang=...>`` to the page in every
  language (itself included) and ``x-default`` to the site's language chooser. Absolute
  URLs when the site's address is configured (``html.baseurl`` in ``_config.yml``, or
  ``book/build.py --base-url``; each language's build gets ``<baseurl><language>/``),
  relative links otherwise.
* :func:`lazy_images`: figures load when they come near the screen, not with the page,
  and keep their place (width and height) until they do.
"""

from __future__ import annotations

import html
import re
from typing import Callable
from urllib.parse import urljoin

from docutils import nodes

#: Longest description, in Latin-letter widths: a CJK character counts two, so an English
#: description stops near 155 letters and a Chinese one near 78 characters (what search
#: results show before cutting).
DESCRIPTION_WIDTH = 155
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")
#: Boxes whose text is not the page's opening: notes, exercises, folded material, outputs.
_NOT_PROSE = (nodes.Admonition, nodes.sidebar, nodes.topic, nodes.table, nodes.footnote,
              nodes.citation, nodes.system_message, nodes.field_list, nodes.container)


def _in_prose(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _NOT_PROSE):
            return False
        parent = parent.parent
    return True


def plain_tex(tex: str) -> str:
    """Inline TeX as plain text: ``\\mathrm{ReLU}(x) = \\max(0, x)`` -> ``ReLU(x) = max(0, x)``."""
    tex = re.sub(r"\\(?:mathrm|text|operatorname|mathbf|mathit|boldsymbol)\{([^{}]*)\}", r"\1", tex)
    tex = re.sub(r"\\([A-Za-z]+)", r"\1", tex)
    return re.sub(r"[{}]", "", tex)


def _text(paragraph: nodes.paragraph) -> str:
    """A paragraph's text, inline math as plain text, its whitespace collapsed."""
    words = [plain_tex(str(t)) if isinstance(t.parent, nodes.math) else str(t)
             for t in paragraph.findall(nodes.Text)]
    return re.sub(r"\s+", " ", "".join(words)).strip()


def first_paragraph(doctree: nodes.document) -> str:
    """The text of the page's first paragraph of prose (outside notes, exercises, tables
    and outputs); "" when it has none."""
    for paragraph in doctree.findall(nodes.paragraph):
        if _in_prose(paragraph):
            text = _text(paragraph)
            if text:
                return text
    return ""


def _width(text: str) -> int:
    return len(text) + len(_WIDE.findall(text))


def shorten(text: str, width: int = DESCRIPTION_WIDTH) -> str:
    """``text`` cut to ``width`` (CJK characters count two) at a word or sentence
    boundary, with an ellipsis when it was cut."""
    if _width(text) <= width:
        return text
    cut, used = 0, 0
    for i, ch in enumerate(text):
        used += 2 if _WIDE.match(ch) else 1
        if used > width - 1:
            break
        cut = i + 1
    head = text[:cut]
    # the last boundary: a space (English), or CJK punctuation (Chinese has no spaces)
    boundary = max(head.rfind(" "), *(head.rfind(p) + 1 for p in "，。；：、"))
    if boundary > len(head) // 2:
        head = head[:boundary]
    return head.rstrip(" ，。；：、,;:") + "…"


def meta_description(doctree: nodes.document | None) -> str:
    """``<meta name="description" ...>`` from the first paragraph, or "" without one."""
    text = first_paragraph(doctree) if doctree is not None else ""
    if not text:
        return ""
    return f'\n<meta name="description" content="{html.escape(shorten(text))}" />'


def alternate_links(page_url: str, alternates: list[tuple[str, str]], chooser: str) -> str:
    """``<link rel="alternate">`` tags: ``alternates`` are (hreflang, URL relative to the
    page) for every language of the page, itself included; ``chooser`` the site's front
    page (the language chooser), relative to the page, for ``x-default``.

    With ``page_url`` (the page's own absolute URL; "" when the site's address is not
    configured) every link is made absolute, as search engines want; otherwise the
    relative links are kept, and work wherever the site is served.
    """
    def url(relative: str) -> str:
        return urljoin(page_url, relative) if page_url else relative

    tags = [(lang, url(href)) for lang, href in alternates] + [("x-default", url(chooser))]
    return "".join(f'\n<link rel="alternate" hreflang="{lang}" href="{html.escape(href)}" />'
                   for lang, href in tags)


#: An <img> start tag, and its src.
_IMG = re.compile(r"<img\b[^>]*>")
_SRC = re.compile(r'\ssrc="([^"]*)"')


def lazy_images(body: str, size_of: Callable[[str], tuple[int, int] | None] | None = None) -> str:
    """Every ``<img>`` of a page's body loads lazily (when it nears the screen) and is
    decoded off the main thread; an image that already says how to load keeps its way.

    ``size_of(src)``: the image's (width, height) in pixels, or None. Each image without
    a width gets both as attributes, so the browser keeps its place before it loads and
    the text below does not jump (the style sheet scales it: ``height: auto``).
    """
    def fix(match: re.Match) -> str:
        tag = match.group(0)
        extra = ""
        if not re.search(r"\sloading=", tag):
            extra += ' loading="lazy" decoding="async"'
        src = _SRC.search(tag)
        size = size_of(html.unescape(src.group(1))) if (size_of and src and not re.search(r"\swidth=", tag)) else None
        if size:
            extra += f' width="{size[0]}" height="{size[1]}"'
        return "<img" + extra + tag[4:]

    return _IMG.sub(fix, body)
