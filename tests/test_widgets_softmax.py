"""nnprimer.widgets.softmax: softmax with a temperature, live and static.

Probabilities are checked against nnprimer.activations.softmax (and torch when it is
installed), the entropy against its limits (0 for a one-hot, ln k for uniform), the
static payload against softmax(z / T) for every preset and temperature, and the live
form's own sliders, one per logit. What every explorer does (size, language, live form,
keyboard, axe) is in tests/test_explorer_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters
from nnprimer import activations as A
from nnprimer import widgets as W
from nnprimer.chapters.softmax import explorer as S

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


# -- the numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize("z", S.SOFTMAX_PRESETS)
@pytest.mark.parametrize("t", [0.1, 0.5, 1.0, 3.0, 10.0])
def test_probabilities_are_softmax_of_z_over_t(z, t):
    p, h = chapters.softmax.softmax_with_temperature(z, t)
    np.testing.assert_allclose(p, A.softmax(np.asarray(z) / t), rtol=1e-15)
    assert p.sum() == pytest.approx(1.0) and np.all(p > 0)
    assert h == pytest.approx(entropy(p), rel=1e-12, abs=1e-15)
    assert 0.0 <= h <= math.log(len(z)) + 1e-12


def test_probabilities_agree_with_torch():
    torch = pytest.importorskip("torch")
    z = torch.tensor([3.0, 2.9, 0.0, -1.0], dtype=torch.float64)
    for t in (0.1, 1.0, 10.0):
        p, _ = chapters.softmax.softmax_with_temperature(z.tolist(), t)
        np.testing.assert_allclose(p, torch.softmax(z / t, dim=0).numpy(), rtol=1e-12)


def test_temperature_limits_and_ties():
    z = [2.0, 1.0, 0.1]
    p_cold, h_cold = chapters.softmax.softmax_with_temperature(z, 0.01)
    p_hot, h_hot = chapters.softmax.softmax_with_temperature(z, 1000.0)
    assert p_cold[0] > 1 - 1e-12 and h_cold < 1e-10  # one-hot: H -> 0
    assert h_hot == pytest.approx(math.log(3), rel=1e-4)  # uniform: H -> ln k
    for t in (0.1, 1.0, 10.0):  # a tie stays uniform at every temperature
        p, h = chapters.softmax.softmax_with_temperature([1.0, 1.0, 1.0, 1.0], t)
        np.testing.assert_allclose(p, 0.25)
        assert h == pytest.approx(math.log(4))
    shifted, _ = chapters.softmax.softmax_with_temperature([102.0, 101.0, 100.1], 1.0)
    np.testing.assert_allclose(shifted, chapters.softmax.softmax_with_temperature(z, 1.0)[0], rtol=1e-12)  # shift invariance
    hs = [chapters.softmax.softmax_with_temperature(z, t)[1] for t in S.temperature_control().values]
    assert np.all(np.diff(hs) > 0)  # distinct logits: entropy rises with T


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="logits must be a 1-D sequence of 2 to 6 numbers"):
        chapters.softmax.softmax_with_temperature([1.0], 1.0)
    with pytest.raises(ValueError, match="logits must be a 1-D sequence of 2 to 6 numbers"):
        chapters.softmax.softmax_with_temperature(np.zeros(7), 1.0)
    with pytest.raises(ValueError, match="logits must be finite"):
        chapters.softmax.softmax_with_temperature([1.0, np.nan], 1.0)
    with pytest.raises(ValueError, match="temperature"):
        chapters.softmax.softmax_with_temperature([1.0, 2.0], 0.0)
    with pytest.raises(TypeError, match="presets must be a non-empty list"):
        chapters.softmax.softmax_explorer_html("abc")
    with pytest.raises(ValueError, match=r"presets\[1\] must be a 1-D sequence"):
        chapters.softmax.softmax_explorer_html([[1.0, 2.0], [3.0]])


# -- the static form ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page() -> str:
    nnprimer.set_language("en")
    return chapters.softmax.softmax_explorer_html()


def test_static_payload_has_bars_for_every_preset_and_temperature(page):
    data = payload(page)
    control = S.temperature_control()
    assert [s["name"] for s in data["scenes"]] == ["(2, 1, 0.1)", "(3, 2.9, 0, −1)", "(5, 0, 0, 0, 0)", "(1, 1, 1, 1)"]
    assert data["series"][0]["kind"] == "bar"
    for sc, z in zip(data["scenes"], S.SOFTMAX_PRESETS):
        assert sc["bars"] and len(sc["xticks"]) == len(z)
        (stored,) = sc["controls"]
        assert stored["name"] == "T" and stored["labels"] == list(control.labels)
        assert control.values[stored["start"]] == 1.0
        assert len(sc["frames"]) == 21
        for frame, t, label in zip(sc["frames"], control.values, control.labels):
            p, h = chapters.softmax.softmax_with_temperature(z, t)
            np.testing.assert_allclose(frame["c"][0], p, rtol=0.5e-3)  # 4 significant digits
            assert frame["t"] == f"softmax(z / T) with T = {label}"
            assert f"largest probability {W.core.number(p.max(), 3)}" in frame["r"]
            assert frame["r"].startswith(f"entropy {W.core.number(h, 3)} nats (at most ln {len(z)} = {math.log(len(z)):.3f})")


def test_temperatures_are_log_spaced_from_a_tenth_to_ten():
    values = np.array(S.temperature_control().values)
    assert values[0] == 0.1 and values[-1] == 10.0 and values.size == 21
    np.testing.assert_allclose(np.diff(np.log10(values)), 0.1, atol=0.005)


def test_preset_logits_are_kept_exactly_on_the_live_sliders():
    """The static frames hold the live-only logit sliders at the preset's values, also off the 0.1 grid."""
    (sc,) = chapters.softmax.softmax_scenes([(0.05, -7.0)])
    assert [c.values[c.start] for c in sc.controls[1:]] == [0.05, -7.0]
    assert all(c.live_only for c in sc.controls[1:]) and [c.label for c in sc.controls[1:]] == ["z₀", "z₁"]
    control = S.temperature_control()
    np.testing.assert_array_equal(sc.frames[control.start].curves[0], chapters.softmax.softmax_with_temperature([0.05, -7.0], 1.0)[0])


def test_moving_a_logit_in_the_live_form_changes_the_probabilities():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    nnprimer.set_language("en")
    live = chapters.softmax.softmax_explorer([(2.0, 1.0, 0.1)]).live
    live.controls["z2"].value = 3.0
    live.controls["T"].value = 0.1
    p, h = chapters.softmax.softmax_with_temperature([2.0, 1.0, 3.0], 0.1)
    np.testing.assert_array_equal(live.frame.curves[0], p)
    assert live.frame.readout.startswith(f"entropy {W.core.number(h, 3)} nats")
    assert live.frame.title == "softmax(z / T) with T = 0.1"
