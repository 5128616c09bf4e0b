"""Write PNG screenshots of the built site, so a reviewer can look at it without serving it.

    python scripts/screenshots.py [--out screenshots] [--site _build/html] [--width 1280]
                                  [--full-page | --viewport] [--dark] [PAGE ...]

PAGE is a path under the site (``zh/glossary.html``), optionally with a query or
``#fragment``, or ``search:LANGUAGE:WORD`` for a language's search results page. Without pages it takes the
landing page, the ReLU chapter in both languages (whole page, and the part around the
first interactive explorer), the glossaries, and the search results for 梯度 and
"gradient". The site is served from 127.0.0.1 and every request to another host is
blocked, as in tests/test_site.py, so the pictures show what an offline reader sees.
Prints the path of each PNG written. Needs the site built (python book/build.py) and
Chromium (apt-get install chromium); uses Playwright from PyPI with the system browser.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import quote, urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import site_helpers as sh  # noqa: E402

DEFAULT_PAGES = [
    "index.html",
    "en/02_relu.html",
    "zh/02_relu.html",
    "explorer:en/02_relu.html",
    "explorer:zh/02_relu.html",
    "en/glossary.html",
    "zh/glossary.html",
    "search:zh:梯度",
    "search:en:gradient",
]

# Scroll to the first explorer-like output: a kernel-free explorer (HTML with a menu or
# slider and a drawing) or, failing that, a rendered ipywidget.
_JS_FIND_EXPLORER = """
() => {
  const outs = Array.from(document.querySelectorAll('div.output.text_html'))
      .filter(o => o.querySelector('select, input[type="range"]') && o.querySelector('svg, img'));
  const target = outs[0] || document.querySelector('.widget-subarea') ;
  if (!target) return false;
  const cell = target.closest('.cell') || target;
  cell.scrollIntoView({block: 'start'});
  window.scrollBy(0, -80);
  return true;
}
"""


def _slug(spec: str) -> str:
    slug = re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", spec).strip("_")
    return slug.replace(".html", "") or "page"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="pages to capture (default: a review set)")
    parser.add_argument("--out", default="screenshots", help="output folder (default: screenshots)")
    parser.add_argument("--site", default=None, help="built site (default: _build/html)")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in px")
    parser.add_argument("--height", type=int, default=900, help="viewport height in px")
    parser.add_argument("--viewport", action="store_true",
                        help="capture only the first screen instead of the full page")
    parser.add_argument("--dark", action="store_true",
                        help="as a reader whose system is in dark mode (the theme follows it)")
    args = parser.parse_args(argv)

    site = Path(args.site).resolve() if args.site else sh.site_dir()
    if not sh.site_is_built(site):
        print(f"no built site in {site}: {sh.BUILD_HINT}", file=sys.stderr)
        return 2
    exe = sh.chromium_path()
    if exe is None:
        print(sh.BROWSER_HINT, file=sys.stderr)
        return 2
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print(sh.PLAYWRIGHT_HINT, file=sys.stderr)
        return 2

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    specs = args.pages or DEFAULT_PAGES
    blocked: list[str] = []
    status = 0
    with sh.serve(site) as base, sh.chromium(exe, blocked) as context:
        for spec in specs:
            explorer = spec.startswith("explorer:")
            if spec.startswith("search:"):
                _, lang, word = spec.split(":", 2)
                url = urljoin(base, f"{lang}/search.html") + "?q=" + quote(word)
            else:
                url = urljoin(base, spec.split(":", 1)[1] if explorer else spec)
            page = context.new_page()
            page.set_viewport_size({"width": args.width, "height": args.height})
            if args.dark:
                page.emulate_media(color_scheme="dark")
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            start = len(blocked)
            try:
                page.goto(url, wait_until="load", timeout=30000)
                page.evaluate(sh.JS_WAIT_MATH)
                page.evaluate(sh.JS_WAIT_IMAGES)
                if spec.startswith("search:"):
                    try:
                        page.wait_for_selector("#search-results ul.search li", timeout=15000)
                    except Exception:  # noqa: BLE001 - the picture shows the empty result
                        errors.append("no search results")
                if page.query_selector('script[type="application/vnd.jupyter.widget-view+json"]'):
                    page.wait_for_timeout(1500)  # let the widget manager draw
                full = not args.viewport
                if explorer:
                    if not page.evaluate(_JS_FIND_EXPLORER):
                        print(f"{spec}: no explorer on the page", file=sys.stderr)
                        status = 1
                        continue
                    full = False
                page.wait_for_timeout(300)
                path = out / f"{_slug(spec)}.png"
                page.screenshot(path=str(path), full_page=full)
                print(path)
                for msg in errors:
                    print(f"  console error: {msg}", file=sys.stderr)
                for url_ in blocked[start:]:
                    print(f"  blocked request: {url_}", file=sys.stderr)
            finally:
                page.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
