"""nnprimer.widgets.fd_step: the central difference of sin at 1 against the step h, live and static.

Estimates are checked against nnprimer.grad.fd_error_curve, the static payload frame by
frame. What every explorer does (size, language, live form, keyboard, axe) is in
tests/test_explorer_contract.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters
from nnprimer import grad
from nnprimer.chapters.backprop import explorer as F

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_controls_are_the_powers_of_ten_starting_at_the_grad_default():
    control = F.fd_step_controls()
    assert control.values == tuple(10.0 ** k for k in range(-15, 1))
    assert control.values[control.start] == 1e-5 and control.labels[control.start] == "1e-05"


def test_estimate_matches_fd_error_curve_and_names_the_larger_error():
    steps = np.asarray(F.fd_step_controls().values)
    curve = grad.fd_error_curve(np.sin, np.cos, F.FD_X0, steps)
    for h, err in zip(steps, curve.central_error):
        est = F.fd_step_estimate(h)
        assert est.error == pytest.approx(err, rel=1e-9, abs=1e-18)
        assert est.truncation == pytest.approx(h * h / 6 * math.cos(1.0))
        assert est.dominant == ("truncation" if est.truncation > est.roundoff else "round-off")
    assert F.fd_step_estimate(1.0).dominant == "truncation" and F.fd_step_estimate(1e-12).dominant == "round-off"
    # on the truncation side the estimate is the error itself, to a few per cent
    assert F.fd_step_estimate(1e-2).error == pytest.approx(F.fd_step_estimate(1e-2).truncation, rel=0.01)


@pytest.mark.parametrize("h, error", [(0.0, ValueError), (-1e-3, ValueError), (math.nan, ValueError), ("1e-3", TypeError)])
def test_estimate_rejects_bad_steps(h, error):
    with pytest.raises(error, match="h"):
        F.fd_step_estimate(h)


def test_static_payload_has_a_frame_per_step_with_the_secant():
    nnprimer.set_language("en")
    data = payload(chapters.backprop.fd_step_explorer_html())
    (scene,) = data["scenes"]
    control = F.fd_step_controls()
    assert [c["name"] for c in scene["controls"]] == ["h"]
    assert len(scene["frames"]) == len(control.values) == 16
    assert [s["kind"] for s in data["series"]] == ["line", "line", "line"]
    for frame, h, label in zip(scene["frames"], control.values, control.labels):
        est = F.fd_step_estimate(h)
        assert frame["r"].startswith(f"h = {label}: central difference {est.central:.12f}")
        assert est.dominant in frame["r"]
