"""nnprimer.widgets.relu_fit: the "ReLU pieces" explorer, static payload and live widget.

The static frames are checked against chapters.why.relu_fit evaluated on the explorer's
grid, the kink marks against the fit's knots, the readouts against the fit's errors and
an independent piece count. What every explorer does (size, language, live form,
keyboard, axe) is in tests/test_explorer_contract.py.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters
from nnprimer.widgets import core
from nnprimer.chapters.why import explorer as relu_fit

X_FIT = np.linspace(-math.pi, math.pi, relu_fit.FIT_POINTS)


@pytest.fixture(scope="module")
def static():
    nnprimer.set_language("en")
    return payload(chapters.why.relu_fit_explorer_html())


def test_static_has_one_frame_per_k(static):
    (sc,) = static["scenes"]
    (control,) = sc["controls"]
    assert control["name"] == "k" and control["labels"] == [str(k) for k in range(1, 13)]
    assert len(sc["frames"]) == 12 and control["start"] == 3  # k = 4 first
    assert sc["xlim"] == pytest.approx([-math.pi, math.pi])


def test_static_curves_are_the_target_and_the_least_squares_fit(static):
    (sc,) = static["scenes"]
    grid = np.linspace(*sc["grid"])
    lo, hi = sc["ylim"]
    bound = core.SIMPLIFY_TOLERANCE * (hi - lo) * 1.001 + 0.5 * 10.0 ** -core._decimals_for(hi - lo) + 1e-9
    y = np.sin(X_FIT + 0.5)
    for k, frame in enumerate(sc["frames"], start=1):
        fit = chapters.why.relu_fit(X_FIT, y, k)
        for pieces, reference in zip(frame["c"], (np.sin(grid + 0.5), fit(grid))):
            (piece,) = pieces
            idx = np.asarray(piece[0::2], dtype=int)
            drawn = np.interp(np.arange(grid.size), idx, piece[1::2])
            assert np.max(np.abs(drawn - reference)) <= bound, k


def test_static_marks_are_the_kinks_inside_the_interval(static):
    (sc,) = static["scenes"]
    for k, frame in enumerate(sc["frames"], start=1):
        fit = chapters.why.relu_fit(X_FIT, np.sin(X_FIT + 0.5), k)
        marks = frame.get("m", [])
        assert [m[0] for m in marks] == [1] * (k - 1)  # on the fit's series
        np.testing.assert_allclose([m[1] for m in marks], fit.knots[1:], atol=1e-3)
        np.testing.assert_allclose([m[2] for m in marks], fit(fit.knots[1:]), atol=1e-3)


def test_static_readouts_report_pieces_and_errors(static):
    (sc,) = static["scenes"]
    pattern = re.compile(r"k = (\d+) ReLU units: straight pieces (\d+), kinks inside (\d+); "
                         r"RMS error ([\d.e\u2212+-]+), largest error ([\d.e\u2212+-]+)")
    previous = math.inf
    for k, frame in enumerate(sc["frames"], start=1):
        fit = chapters.why.relu_fit(X_FIT, np.sin(X_FIT + 0.5), k)
        m = pattern.fullmatch(frame["r"])
        assert m, frame["r"]
        units, pieces, kinks = (int(m.group(i)) for i in (1, 2, 3))
        rms, largest = (float(m.group(i).replace("\u2212", "-")) for i in (4, 5))
        assert (units, pieces, kinks) == (k, k, k - 1)
        assert rms == pytest.approx(fit.rms_error, rel=1e-2) and largest == pytest.approx(fit.max_error, rel=1e-2)
        assert rms < previous  # for this target the error falls with every unit added
        previous = rms


def test_odd_target_reports_the_wasted_knot():
    nnprimer.set_language("en")
    (sc,) = payload(chapters.why.relu_fit_explorer_html(np.sin, k_max=4, name="sin(x)"))["scenes"]
    readouts = [f["r"] for f in sc["frames"]]
    assert readouts[1].startswith("k = 2 ReLU units: straight pieces 1, kinks inside 0")
    assert readouts[3].startswith("k = 4 ReLU units: straight pieces 3, kinks inside 2")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"k_max": 0}, ValueError, "k_max must be >= 1"),
        ({"k_max": 65}, ValueError, "k_max must be <= 64"),
        ({"k_max": 2.5}, TypeError, "k_max must be an int"),
        ({"target": "sin"}, TypeError, "target must be a callable"),
        ({"target": lambda x: np.ones(3)}, ValueError, "target must return finite values"),
        ({"target": lambda x: np.log(x)}, ValueError, "target must return finite values"),
        ({"x_range": (1.0, 1.0)}, ValueError, "x_range must have low < high"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, error, match):
    with np.errstate(all="ignore"):
        with pytest.raises(error, match=match):
            chapters.why.relu_fit_explorer_html(**kwargs)
