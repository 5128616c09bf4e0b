"""How much each page of the built site loads: bytes and requests, in a phone's window.

    python scripts/page_weight.py [--site _build/html] [--json FILE] [PAGE ...]

Without pages it measures every page of each language (tests/site_helpers.content_pages).
Each page is opened in headless Chromium (Debian's, through Playwright; other hosts
blocked) at 375 x 812 and counted until the network is quiet, MathJax's fonts included;
bytes are the response bodies as the local server sends them (uncompressed). The largest
files of each page are listed, so a file that should not be there shows. The test
tests/test_site_weight.py holds every chapter to a bound measured this way.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urljoin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import site_helpers as sh  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", metavar="PAGE", help="paths under the site (default: every page)")
    parser.add_argument("--site", type=Path, default=sh.site_dir(), help="the built site (default _build/html)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    args = parser.parse_args(argv)
    pages = args.pages or sh.content_pages(args.site)
    exe = sh.chromium_path()
    if exe is None:
        parser.error(sh.BROWSER_HINT)
    results = {}
    with sh.serve(args.site) as base, sh.chromium(exe) as context:
        for name in pages:
            results[name] = sh.page_weight(context, urljoin(base, name))
            r = results[name]
            largest = sorted(r["files"].items(), key=lambda item: -item[1])[:3]
            print(f"{name:40s} {r['bytes'] / 1e6:7.2f} MB {r['requests']:4d} requests;  largest: "
                  + ", ".join(f"{url.rsplit('/', 1)[-1]} {size / 1e3:.0f} kB" for url, size in largest))
    total = [r["bytes"] for r in results.values()]
    print(f"{'all':40s} {min(total) / 1e6:.2f}-{max(total) / 1e6:.2f} MB, "
          f"{min(r['requests'] for r in results.values())}-{max(r['requests'] for r in results.values())} requests")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
