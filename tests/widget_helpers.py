"""Helpers shared by the explorer tests (tests/test_widgets*.py, tests/test_explorer_contract.py)."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest

from nnprimer.widgets import core


def payload(page: str) -> dict:
    """The JSON data that a kernel-free explorer page embeds for its script."""
    match = re.search(r'<script type="application/json" class="nnp-data">(.*?)</script>', page, re.S)
    assert match, "no JSON payload in the HTML"
    return json.loads(match.group(1))


def captions(page: str) -> list[str]:
    """The captions of a kernel-free explorer (HTML), in the order the payload indexes them."""
    return re.findall(r'<div class="nnp-caption" hidden>(.*?)</div>', page, re.S)


def text_of(fragment: str) -> str:
    """What a browser shows of an HTML fragment: styles, scripts and tags dropped, entities decoded."""
    fragment = re.sub(r"<(style|script)\b.*?</\1>", "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def frame_at(data: dict, scene: int, positions: list[int]) -> dict:
    """The payload's frame of scene ``scene`` for these control positions (row-major)."""
    sc = data["scenes"][scene]
    index = 0
    for control, position in zip(sc["controls"], positions):
        index = index * len(control["labels"]) + position
    return sc["frames"][index]


def visible_texts(page: str) -> list[str]:
    """Every text a reader of a kernel-free explorer can see or hear, in any frame.

    The title, the scene drop-down (when there is more than one scene), the "no
    parameter" line, the captions (TeX left out), the note, and from the payload the
    axis labels, legend entries, bar names, control labels and values, and each frame's
    title, readout and accessible label.
    """
    data = payload(page)
    texts = [text_of(m) for m in re.findall(r'<div class="nnp-(?:head|note)">(.*?)</div>', page, re.S)]
    texts.append(text_of(re.search(r'<span class="nnp-none" hidden>(.*?)</span>', page).group(1)))
    if len(data["scenes"]) > 1:
        texts.append(text_of(re.search(r"<label>(.*?) <select", page).group(1)))
        texts += [s["name"] for s in data["scenes"]]
    texts += [text_of(re.sub(r'<span class="math[^"]*">.*?</span>', " ", c)) for c in captions(page)]
    texts.append(data["xlabel"])
    texts += [s["label"] for s in data["series"]]
    for sc in data["scenes"]:
        texts.append(sc["ylabel"])
        if sc["bars"]:
            texts += [name for _, name in sc["xticks"]]
        for control in sc["controls"]:
            texts += [control["label"], *control["labels"]]
        for frame in sc["frames"]:
            texts += [frame["t"], frame["r"], frame.get("a", "")]
    return [t for t in texts if t.strip()]


def prose_words(text: str) -> set[str]:
    """The words of ``text`` that could be English prose, lower-cased.

    Names are left out: tokens with ``_``, ``.`` or digits (``leaky_relu``,
    ``nnprimer.optim``, ``z0``), calls and keywords (``normal(``, ``std=``), and words of
    fewer than three letters (symbols such as ``x``, ``h``, ``lr``).
    """
    return {m.group(1).lower() for m in re.finditer(r"([A-Za-z][A-Za-z0-9_.]*)(?![(=])", text)
            if m.group(1).isalpha() and len(m.group(1)) >= 3}


def check_encoded(stored: dict, frame: core.Frame, sc: dict, series: list[dict]) -> None:
    """The payload frame ``stored`` holds ``frame`` (a :class:`~nnprimer.widgets.Frame`) to its rounding.

    ``sc`` is the payload's scene and ``series`` its series list.
    """
    lo, hi = sc["ylim"]
    decimals = core._decimals_for(hi - lo)
    x_decimals = core._decimals_for(sc["xlim"][1] - sc["xlim"][0])
    y_half = 0.5 * 10.0 ** -decimals + 1e-9
    assert stored["t"] == frame.title and stored["r"] == frame.readout and stored.get("a") == frame.alt
    for curve, encoded, style in zip(frame.curves, stored["c"], series):
        if style["kind"] == "path":
            pieces = [p[np.isfinite(p).all(axis=1)] for p in core.path_pieces(curve)]
            assert len(encoded) == len(pieces)
            for piece, points in zip(pieces, encoded):
                points = np.reshape(points, (-1, 2))
                np.testing.assert_allclose(points[:, 0], piece[:, 0], rtol=0, atol=0.5 * 10.0 ** -(x_decimals + 1) + 1e-9)
                np.testing.assert_allclose(points[:, 1], core._to_axis(piece[:, 1], sc["ylog"]), rtol=0,
                                           atol=0.5 * 10.0 ** -(decimals + 1) + 1e-9)
            continue
        y = core._to_axis(curve, sc["ylog"])
        if style["kind"] == "bar":
            np.testing.assert_allclose(encoded, y, rtol=5e-4, atol=5e-5 if sc["ylog"] else 0)
            continue
        for piece in encoded:
            index = np.asarray(piece[0::2], dtype=int)
            np.testing.assert_allclose(piece[1::2], y[index], rtol=0, atol=y_half)
    marks = stored.get("m", [])
    assert len(marks) == len(frame.marks)
    for (k, x, y), (k_stored, x_stored, y_stored) in zip(frame.marks, marks):
        assert k == k_stored and x == pytest.approx(x_stored, rel=0, abs=10.0 ** -(x_decimals + 1))
        assert float(core._to_axis(y, sc["ylog"])) == pytest.approx(y_stored, rel=0, abs=10.0 ** -decimals)
    assert stored.get("b", []) == [pytest.approx([a, b], rel=0, abs=1e-6) for a, b in frame.bands]
    assert stored.get("v", []) == pytest.approx(list(frame.vlines), rel=0, abs=1e-6)
