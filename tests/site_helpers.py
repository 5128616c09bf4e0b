"""Serve the built site on localhost and drive Debian's Chromium with Playwright.

Shared by ``tests/test_site.py`` (browser tests) and ``scripts/screenshots.py``.
Nothing here downloads a browser: Playwright (from PyPI) launches the system's Chromium
through ``executable_path``, and every request to a host other than this machine is
aborted and recorded, so a page that needs the network shows up as a failure.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

BUILD_HINT = "build the site first: python book/build.py"
BROWSER_HINT = ("install chromium: apt-get install chromium "
                "(or point NNPRIMER_CHROMIUM at a Chromium/Chrome binary)")
PLAYWRIGHT_HINT = "install playwright from PyPI: pip install playwright (no `playwright install` needed)"

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--mute-audio",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


#: In CI (``CI=true``, as .ci/run sets; also 1 or yes) a test that lacks the build, the
#: browser or Playwright fails instead of skipping, and nbmake must find the build's run.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(message: str, what: str = "the site tests"):
    """``pytest.skip(message)``, or with ``CI=true`` ``pytest.fail``: CI cannot pass by skipping."""
    import pytest

    if IN_CI:
        pytest.fail(f"{message} (CI=true: {what} must run)", pytrace=False)
    pytest.skip(message)


def browser_or_skip(what: str = "the site tests") -> str:
    """The Chromium binary to drive, once Playwright is known to be importable; otherwise
    :func:`skip_or_fail` with what to install."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        skip_or_fail(PLAYWRIGHT_HINT, what)
    exe = chromium_path()
    if exe is None:
        skip_or_fail(BROWSER_HINT, what)
    return exe


def site_dir() -> Path:
    """The built HTML: ``$NNPRIMER_SITE`` or ``_build/html`` at the repository root."""
    return Path(os.environ.get("NNPRIMER_SITE", ROOT / "_build" / "html")).resolve()


def site_is_built(path: Path | None = None) -> bool:
    path = path or site_dir()
    return (path / "index.html").is_file() and all(
        (path / lang / "index.html").is_file() and (path / lang / "searchindex.js").is_file() for lang in LANGS)


def chromium_path() -> str | None:
    """Path of a Chromium binary: ``$NNPRIMER_CHROMIUM``, else the first on PATH."""
    env = os.environ.get("NNPRIMER_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


#: The languages of the site: one folder each (book/languages.yml).
LANGS = ("en", "zh")


def content_pages(path: Path | None = None) -> list[str]:
    """Every reader-facing HTML page of the site, as URL paths relative to its root.

    Discovered from the build (not hard-coded): the landing page and every page of each
    language's book. Sphinx's own pages (search, genindex), Jupyter Book's ``reports/``
    and static files are left out.
    """
    path = path or site_dir()
    pages = ["index.html"]
    for lang in LANGS:
        pages += sorted(p.relative_to(path).as_posix() for p in (path / lang).glob("*.html")
                        if p.name not in ("search.html", "genindex.html"))
    return pages


def page_language(page: str) -> str | None:
    """``"zh/02_relu.html"`` -> ``"zh"``; the landing page -> None."""
    parts = page.split("/")
    if len(parts) >= 2 and parts[0] in LANGS:
        return parts[0]
    return None


def twin_page(page: str) -> str | None:
    """The same page in the other language (``"en/02_relu.html"`` -> ``"zh/02_relu.html"``)."""
    lang = page_language(page)
    if lang is None:
        return None
    other = "zh" if lang == "en" else "en"
    return f"{other}/" + page.split("/", 1)[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the base class
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that leaves a page while a file is still downloading closes the
        # connection: not an error of the site, so no traceback in the test log.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


# .js must be served as JavaScript and .svg as an image, whatever the OS mime table says.
_QuietHandler.extensions_map = {
    **http.server.SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
    ".svg": "image/svg+xml", ".woff": "font/woff", ".woff2": "font/woff2",
    ".json": "application/json", ".ipynb": "application/json",
}


#: What a web server would compress (text); images and fonts are compressed already.
_COMPRESSIBLE = (".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".ipynb")


class _GzipHandler(_QuietHandler):
    """Sends text files gzip-compressed to a browser that accepts it, and keeps the
    connection open for the next request (HTTP/1.1), as a web server would: Python's
    http.server compresses nothing and closes the connection after each file (HTTP/1.0),
    which makes every request of a page pay for a new connection."""

    protocol_version = "HTTP/1.1"

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (not path.is_file() or not path.name.endswith(_COMPRESSIBLE)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path, compress: bool = False, port: int = 0) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (``port``, or a free one) in a thread; yields the
    base URL. ``compress``: text files gzip-compressed, as a web server sends them."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (localhost, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parts.hostname in LOCAL_HOSTS


@contextlib.contextmanager
def chromium(executable: str, blocked: list[str] | None = None):
    """Launch headless Chromium; yields a browser *context* whose requests to any host
    other than localhost are aborted (and appended to ``blocked``)."""
    from playwright.sync_api import sync_playwright

    blocked = blocked if blocked is not None else []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          locale="en-US", service_workers="block")

            def guard(route):
                url = route.request.url
                if is_local(url):
                    route.continue_()
                else:
                    blocked.append(url)
                    route.abort("blockedbyclient")

            context.route("**/*", guard)
            yield context
            context.close()
        finally:
            browser.close()


# JavaScript run in the page ----------------------------------------------------------

#: Resolves once the page's math is drawn: true when every formula (``.math``) holds the
#: CommonHTML typeset when the site was built (book/_ext/nnprimer_speed.py) and no page
#: loads MathJax's script; after the fonts are in and one idle callback has run (print.js
#: fits the equations when the page is idle).
JS_WAIT_MATH = """
async () => {
  await document.fonts.ready;
  await new Promise(r => (window.requestIdleCallback || setTimeout)(r));
  const formulas = Array.from(document.querySelectorAll('.math'));
  return formulas.every(m => m.querySelector('mjx-container'))
      && !document.querySelector('script[src*="mathjax"]');
}
"""

#: Waits for every <img> to finish loading (lazy ones are made eager first).
JS_WAIT_IMAGES = """
async () => {
  const imgs = Array.from(document.images);
  for (const img of imgs) { if (img.loading === 'lazy') img.loading = 'eager'; }
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(r => {
      img.addEventListener('load', r, {once: true});
      img.addEventListener('error', r, {once: true});
      setTimeout(r, 10000);
  })));
  return imgs.map(img => ({src: img.currentSrc || img.src, w: img.naturalWidth,
                           alt: img.alt || ''}));
}
"""

#: Text of the article with code, scripts and typeset math removed: what must not hold TeX.
JS_PROSE_TEXT = """
() => {
  const main = document.querySelector('article.bd-article') || document.body;
  const copy = main.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, textarea, .highlight')
      .forEach(e => e.remove());
  return copy.textContent;
}
"""

JS_PAGE_FACTS = """
() => {
  const article = document.querySelector('article.bd-article');
  const sw = document.querySelector('a.nnprimer-lang-switch');
  const prev = document.querySelector('.prev-next-area a.left-prev');
  const next = document.querySelector('.prev-next-area a.right-next');
  return {
    htmlLang: document.documentElement.getAttribute('lang'),
    articleLang: article ? article.getAttribute('lang') : null,
    title: document.title,
    mathSource: document.querySelectorAll('.math, div.math, span.math').length,
    mjx: document.querySelectorAll('mjx-container').length,
    mjxErrors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
    switchHref: sw ? sw.href : null,
    switchText: sw ? sw.textContent.trim() : null,
    switchLang: sw ? sw.getAttribute('hreflang') : null,
    prevHref: prev ? prev.href : null,
    nextHref: next ? next.href : null,
    widgetViews: document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]').length,
  };
}
"""

#: Number of widget views the html-manager rendered.
JS_RENDERED_WIDGETS = """
() => Array.from(document.querySelectorAll('.widget-subarea'))
          .filter(e => e.querySelector('.jupyter-widgets, .lm-Widget, [class*="widget-"]'))
          .length
"""


# Page weight ---------------------------------------------------------------------------

#: A phone's window (the narrow layout readers on phones get; lazy images below it wait).
PHONE = {"width": 375, "height": 812}


def page_weight(context, url: str, viewport: dict = PHONE) -> dict:
    """Open ``url`` in a new tab of ``context`` at ``viewport`` and count what it loads
    until the network is quiet (MathJax's fonts included): ``{"bytes", "requests",
    "files"}``, bytes being the bodies as sent (the local server sends nothing compressed)
    and files each URL's bytes."""
    page = context.new_page()
    page.set_viewport_size(viewport)
    loaded: list = []
    page.on("requestfinished", lambda request: loaded.append(request))
    try:
        page.goto(url, wait_until="load")
        page.evaluate(JS_WAIT_MATH)
        page.wait_for_load_state("networkidle")
        sizes = [(request.url, request.sizes()["responseBodySize"]) for request in loaded]
        return {"bytes": sum(size for _url, size in sizes), "requests": len(sizes), "files": dict(sizes)}
    finally:
        page.close()
