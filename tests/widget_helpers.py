"""Helpers shared by the explorer tests (tests/test_widgets*.py)."""

from __future__ import annotations

import json
import re


def payload(page: str) -> dict:
    """The JSON data that a kernel-free explorer page embeds for its script."""
    match = re.search(r'<script type="application/json" class="nnp-data">(.*?)</script>', page, re.S)
    assert match, "no JSON payload in the HTML"
    return json.loads(match.group(1))
