"""nnprimer.widgets.relu_fit: the "ReLU pieces" explorer, static payload and live widget.

The static frames are checked against experiments.relu_fit evaluated on the explorer's
grid, the kink marks against the fit's knots, the readouts against the fit's errors and
an independent piece count; the live widget by moving its slider.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import experiments as E
from nnprimer import widgets as W
from nnprimer.widgets import core, relu_fit

X_FIT = np.linspace(-math.pi, math.pi, relu_fit.FIT_POINTS)


@pytest.fixture(scope="module")
def static():
    nnprimer.set_language("en")
    return payload(W.relu_fit_explorer_html())


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
        fit = E.relu_fit(X_FIT, y, k)
        for pieces, reference in zip(frame["c"], (np.sin(grid + 0.5), fit(grid))):
            (piece,) = pieces
            idx = np.asarray(piece[0::2], dtype=int)
            drawn = np.interp(np.arange(grid.size), idx, piece[1::2])
            assert np.max(np.abs(drawn - reference)) <= bound, k


def test_static_marks_are_the_kinks_inside_the_interval(static):
    (sc,) = static["scenes"]
    for k, frame in enumerate(sc["frames"], start=1):
        fit = E.relu_fit(X_FIT, np.sin(X_FIT + 0.5), k)
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
        fit = E.relu_fit(X_FIT, np.sin(X_FIT + 0.5), k)
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
    (sc,) = payload(W.relu_fit_explorer_html(np.sin, k_max=4, name="sin(x)"))["scenes"]
    readouts = [f["r"] for f in sc["frames"]]
    assert readouts[1].startswith("k = 2 ReLU units: straight pieces 1, kinks inside 0")
    assert readouts[3].startswith("k = 4 ReLU units: straight pieces 3, kinks inside 2")


def test_static_html_is_self_contained_and_small():
    nnprimer.set_language("en")
    page = W.relu_fit_explorer_html()
    assert "http://" not in page and "https://" not in page and "require(" not in page
    assert len(page.encode()) < 60_000


def test_static_labels_follow_the_language(zh):
    page = html.unescape(W.relu_fit_explorer_html(k_max=3))
    for text in ("ReLU 拼折线", "目标曲线", "k 个 ReLU 之和", "直线段数", "均方根误差", "静态版本"):
        assert text in page, text
    assert "straight pieces" not in page and "RMS error" not in page


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
            W.relu_fit_explorer_html(**kwargs)


# -- the live form ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    nnprimer.set_language("en")
    return W.relu_fit_explorer()


def test_live_slider_is_the_static_grid(live):
    assert [v for _, v in live.k.options] == list(range(1, 13)) and live.k.value == 4
    assert "<nnprimer ReLU pieces explorer" in repr(live)


def test_moving_the_slider_redraws_once_with_the_new_fit(live):
    import matplotlib.pyplot as plt

    before = live.draws
    live.k.value = 8
    assert live.draws == before + 1
    fit = live.fit()
    assert fit.n_units == 8
    np.testing.assert_allclose(fit.prediction, E.relu_fit(X_FIT, np.sin(X_FIT + 0.5), 8).prediction)
    (ax,) = live.figure.axes
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_array_equal(lines["sum of 8 ReLUs"].get_ydata(), fit.prediction)
    np.testing.assert_allclose(lines["kinks"].get_xdata(), fit.knots[1:])
    text = html.unescape(live.readout.value)
    assert text.startswith("k = 8 ReLU units: straight pieces 8, kinks inside 7")
    assert ax.get_title() == "k = 8"
    assert plt.get_fignums() == []  # the figure was closed after rendering
    bundle = live._repr_mimebundle_()
    assert "text/html" in bundle and "nnp-explorer" in bundle["text/html"]


def test_live_labels_follow_the_language(zh):
    pytest.importorskip("ipywidgets")
    ex = W.relu_fit_explorer(k_max=3)
    assert "ReLU 拼折线" in ex.widget.children[0].value
    assert "直线段数" in ex.readout.value


def test_live_without_ipywidgets_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match=r"nnprimer\[widgets\]"):
        W.relu_fit_explorer()
