"""nnprimer.widgets.saturation: where sigmoid and tanh saturate, live and static.

The thresholds are checked against the activations' own derivatives (f'(z*) equals the
threshold, and f' is below it exactly outside [-z*, z*]); the static payload against
f(a·x + b) and f'(a·x + b) on its grid. What every explorer does (size, language, live form, keyboard,
axe) is in tests/test_explorer_contract.py.
"""

from __future__ import annotations

import html
import re

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters
from nnprimer import activations as A
from nnprimer.widgets import core
from nnprimer.chapters.sigmoid import explorer as saturation

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

NAMES = ("sigmoid", "tanh")


@pytest.fixture(scope="module", params=NAMES)
def static(request):
    nnprimer.set_language("en")
    return request.param, chapters.sigmoid.saturation_explorer_html(request.param)


# -- where saturation starts ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("threshold", [1e-2, 1e-3, 1e-6])
def test_threshold_is_where_the_derivative_crosses_it(name, threshold):
    f = A.get(name)
    z = chapters.sigmoid.saturation_threshold(name, threshold)
    assert z > 0
    assert f.grad(z) == pytest.approx(threshold, rel=1e-6)
    assert f.grad(-z) == pytest.approx(threshold, rel=1e-6)
    inside, outside = np.linspace(-z, z, 101)[1:-1], np.r_[np.linspace(-3 * z, -z, 50)[:-1], np.linspace(z, 3 * z, 50)[1:]]
    assert np.all(f.grad(inside) > threshold) and np.all(f.grad(outside) < threshold)


def test_sigmoid_saturates_later_than_tanh():
    # sigma' <= 1/4 falls to 1e-3 near |z| = 6.9; tanh' = 1 - tanh^2 near |z| = 4.1
    assert chapters.sigmoid.saturation_threshold("sigmoid") == pytest.approx(np.log(999), abs=0.01)
    assert chapters.sigmoid.saturation_threshold("tanh") == pytest.approx(np.arctanh(np.sqrt(0.999)), rel=1e-12)
    assert chapters.sigmoid.saturation_threshold("sigmoid") > chapters.sigmoid.saturation_threshold("tanh")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("a", "b"), [(1.0, 0.0), (0.25, -6.0), (4.0, 3.0), (2.0, 1.0)])
def test_bounds_are_where_f_prime_of_a_x_plus_b_crosses_the_threshold(name, a, b):
    f = A.get(name)
    left, right = chapters.sigmoid.saturation_bounds(name, a=a, b=b)
    assert left < right
    for x in (left, right):
        assert f.grad(a * x + b) == pytest.approx(1e-3, rel=1e-6)
    assert f.grad(a * (left - 0.01) + b) < 1e-3 < f.grad(a * (left + 0.01) + b)


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match=r"name must be one of \('sigmoid', 'tanh'\), got 'relu'"):
        chapters.sigmoid.saturation_threshold("relu")
    with pytest.raises(TypeError, match="name must be one of"):
        chapters.sigmoid.saturation_explorer_html(3)
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 0.25\) for sigmoid.*got 0.3"):
        chapters.sigmoid.saturation_threshold("sigmoid", 0.3)
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1.0\) for tanh.*got 0.0"):
        chapters.sigmoid.saturation_bounds("tanh", threshold=0.0)
    with pytest.raises(ValueError, match="a must be > 0, got -1.0"):
        chapters.sigmoid.saturation_bounds("tanh", a=-1.0)
    with pytest.raises(ValueError, match="low < high"):
        chapters.sigmoid.saturation_explorer_html("tanh", x_range=(1.0, 1.0))


# -- the static form ------------------------------------------------------------------------


def test_static_payload_has_a_frame_per_a_and_b(static):
    name, page = static
    (sc,) = payload(page)["scenes"]
    a, b = saturation.saturation_controls()
    assert [c["name"] for c in sc["controls"]] == ["a", "b"]
    assert sc["controls"][0]["labels"] == list(a.labels) and sc["controls"][1]["labels"] == list(b.labels)
    assert len(sc["frames"]) == len(a.values) * len(b.values) == 9 * 13
    assert (a.values[0], a.values[-1], b.values[0], b.values[-1]) == (0.25, 4.0, -6.0, 6.0)
    assert a.values[a.start] == 1.0 and b.values[b.start] == 0.0
    assert sc["xlim"] == [-10, 10]


def test_static_curves_are_f_and_f_prime_of_a_x_plus_b(static):
    name, page = static
    (sc,) = payload(page)["scenes"]
    f = A.get(name)
    x = np.linspace(*sc["grid"])
    lo, hi = sc["ylim"]
    bound = saturation.SATURATION_TOLERANCE * (hi - lo) * 1.001 + 0.5 * 10.0 ** -core._decimals_for(hi - lo) + 1e-9
    a, b = saturation.saturation_controls()
    for i, av in enumerate(a.values):
        for j, bv in enumerate(b.values):
            frame = sc["frames"][i * len(b.values) + j]
            z = av * x + bv
            for pieces, reference in zip(frame["c"], (f(z), f.grad(z))):
                (piece,) = pieces
                k = np.asarray(piece[0::2], dtype=int)
                assert k[0] == 0 and k[-1] == x.size - 1
                drawn = np.interp(np.arange(x.size), k, piece[1::2])
                assert np.max(np.abs(drawn - reference)) <= bound, (av, bv)


def test_static_bands_cover_exactly_where_f_prime_is_below_the_threshold(static):
    name, page = static
    (sc,) = payload(page)["scenes"]
    f = A.get(name)
    x = np.linspace(*sc["grid"])
    a, b = saturation.saturation_controls()
    shaded_somewhere = unshaded_somewhere = False
    for i, av in enumerate(a.values):
        for j, bv in enumerate(b.values):
            frame = sc["frames"][i * len(b.values) + j]
            in_band = np.zeros(x.size, dtype=bool)
            for x0, x1 in frame.get("b", []):
                in_band |= (x >= x0 - 1e-6) & (x <= x1 + 1e-6)
            saturated = f.grad(av * x + bv) < 1e-3
            edge = np.isclose(f.grad(av * x + bv), 1e-3, rtol=1e-3)
            assert np.array_equal(in_band[~edge], saturated[~edge]), (av, bv)
            shaded_somewhere |= saturated.any()
            unshaded_somewhere |= not saturated.any()
            left, right = chapters.sigmoid.saturation_bounds(name, a=av, b=bv)
            assert frame.get("v", []) == pytest.approx([v for v in (left, right) if -10 < v < 10], abs=1e-6)
    assert shaded_somewhere and unshaded_somewhere  # both cases occur on the grid


def readout_bounds(text: str) -> tuple[float | None, float | None]:
    """The x values a readout gives, or None for a side it does not mention."""
    num = r"([−\-]?[\d.]+)"
    left = re.search(r"x < " + num, text)
    right = re.search(r"x > " + num, text)
    value = (lambda m: None if m is None else float(m.group(1).replace("−", "-")))
    return value(left), value(right)


def test_static_readouts_report_where_saturation_starts(static):
    name, page = static
    (sc,) = payload(page)["scenes"]
    a, b = saturation.saturation_controls()
    for i, av in enumerate(a.values):
        for j, bv in enumerate(b.values):
            frame = sc["frames"][i * len(b.values) + j]
            left, right = chapters.sigmoid.saturation_bounds(name, a=av, b=bv)
            got_left, got_right = readout_bounds(frame["r"])
            assert (got_left is None) == (left <= -10) and (got_right is None) == (right >= 10), frame["r"]
            for got, want in ((got_left, left), (got_right, right)):
                if got is not None:
                    assert got == pytest.approx(want, rel=5e-3, abs=5e-3), frame["r"]
            if got_left is None and got_right is None:
                assert frame["r"].startswith("no saturation in [−10, 10]")
            else:
                share = (max(min(left, 10), -10) + 10 + 10 - min(max(right, -10), 10)) / 20
                assert f"{100 * share:.0f}% of [−10, 10]" in frame["r"]
            assert frame["t"] == f"{name}(a·x + b) with a = {a.labels[i]}, b = {b.labels[j]}"


def test_static_caption_has_the_formulas_in_z(static):
    name, page = static
    caption = re.search(r'<div class="nnp-caption" hidden>(.*?)</div>', page).group(1)
    tex = html.unescape(caption)
    assert "f(z) =" in tex and "z = a x + b" in tex
    assert "x" not in tex.split("z = a x + b")[0]  # the formulas are in z
    assert f"|z| &gt; {core.number(chapters.sigmoid.saturation_threshold(name))}" in caption
