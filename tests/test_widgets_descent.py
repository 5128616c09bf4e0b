"""nnprimer.widgets.descent: SGD with momentum on a 2-D bowl, live and static.

Paths are checked against nnprimer.optim.gradient_descent (itself equal to torch.optim.SGD),
verdicts against the stability limit 2(1 + mu)/h_max, the static payload frame by frame.
What every explorer does (size, language, live form, keyboard, axe) is in
tests/test_explorer_contract.py.
"""

from __future__ import annotations


import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import chapters
from nnprimer import optim
from nnprimer import widgets as W
from nnprimer.chapters.descent import explorer as D

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_path_is_sgd_on_the_bowl_and_verdict_follows_the_limit():
    _, grad = optim.quadratic(D.DESCENT_CURVATURES)
    for lr, mu in [(0.05, 0.0), (0.19, 0.0), (0.21, 0.0), (0.37, 0.9), (0.39, 0.9), (0.3, 0.5)]:
        path, verdict = chapters.descent.descent_path(lr, mu)
        np.testing.assert_array_equal(path, optim.gradient_descent(grad, D.DESCENT_START, lr=lr, steps=40,
                                                                   momentum=mu))
        limit = 2 * (1 + mu) / max(D.DESCENT_CURVATURES)
        assert verdict == ("converges" if lr < limit else "diverges")
    # the verdict is real: far beyond the drawn steps, converging runs reach the minimum
    _, long_grad = optim.quadratic(D.DESCENT_CURVATURES)
    far = optim.gradient_descent(long_grad, D.DESCENT_START, lr=0.19, steps=3000)[-1]
    assert np.abs(far).max() < 1e-6


def test_controls_step_over_the_limits_never_onto_them():
    lr, mu = D.descent_controls()
    assert lr.values[0] == 0.01 and lr.values[-1] == 0.39 and len(lr.values) == 20
    assert mu.values == (0.0, 0.5, 0.9)
    for m in mu.values:
        limit = optim.stability_limit(D.DESCENT_CURVATURES, m)
        assert all(abs(v - limit) > 1e-3 for v in lr.values)


def test_static_payload_has_a_frame_per_lr_and_momentum():
    nnprimer.set_language("en")
    data = payload(chapters.descent.descent_explorer_html())
    (scene,) = data["scenes"]
    lr, mu = D.descent_controls()
    assert [c["name"] for c in scene["controls"]] == ["lr", "momentum"]
    assert len(scene["frames"]) == len(lr.values) * len(mu.values) == 60
    assert [s["kind"] for s in data["series"]] == ["path", "path"]
    frames = iter(scene["frames"])
    for lr_value in lr.values:
        for mu_value in mu.values:
            frame = next(frames)
            _, verdict = chapters.descent.descent_path(lr_value, mu_value)
            assert verdict in frame["r"]
            assert frame["r"].startswith(f"lr·h_max = {W.core.number(lr_value * 10, 3)}")
