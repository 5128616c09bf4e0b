"""nnprimer.optim: trajectories equal torch.optim.SGD's; the stability limits hold."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnprimer.optim import gradient_descent, quadratic


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_trajectory_equals_torch_sgd(momentum):
    h = np.array([[3.0, 1.0], [1.0, 2.0]])
    _, grad = quadratic(h)
    ours = gradient_descent(grad, [1.0, -2.0], lr=0.1, steps=25, momentum=momentum)
    w = torch.tensor([1.0, -2.0], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1, momentum=momentum)
    H = torch.tensor(h)
    theirs = [w.detach().clone().numpy()]
    for _ in range(25):
        opt.zero_grad()
        (0.5 * w @ H @ w).backward()
        opt.step()
        theirs.append(w.detach().clone().numpy())
    np.testing.assert_allclose(ours, np.array(theirs), rtol=1e-13, atol=1e-15)


def test_plain_gd_converges_iff_lr_times_curvature_below_two():
    _, grad = quadratic([1.0])
    assert abs(gradient_descent(grad, [1.0], lr=1.99, steps=2000)[-1, 0]) < 1e-3
    assert abs(gradient_descent(grad, [1.0], lr=2.01, steps=2000)[-1, 0]) > 1e3


def test_momentum_limit_is_two_times_one_plus_mu():
    _, grad = quadratic([1.0])
    assert abs(gradient_descent(grad, [1.0], lr=3.79, steps=5000, momentum=0.9)[-1, 0]) < 1e-3
    assert abs(gradient_descent(grad, [1.0], lr=3.81, steps=5000, momentum=0.9)[-1, 0]) > 1e3


def test_value_and_divergence_without_warnings():
    f, grad = quadratic([1.0, 20.0])
    assert f([1.0, 1.0]) == pytest.approx(10.5)
    with np.errstate(all="raise"):
        path = gradient_descent(grad, [1.0, 1.0], lr=1.0, steps=400)
    assert not np.isfinite(path[-1]).all()


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: gradient_descent(None, [1.0], lr=0.1, steps=1), TypeError, "grad must be a function"),
    (lambda: gradient_descent(lambda w: w, [1.0], lr=0.0, steps=1), ValueError, "lr must be > 0"),
    (lambda: gradient_descent(lambda w: w, [1.0], lr=0.1, steps=-1), ValueError, "steps must be >= 0"),
    (lambda: gradient_descent(lambda w: w, [1.0], lr=0.1, steps=1, momentum=1.0), ValueError, "momentum must be in"),
    (lambda: gradient_descent(lambda w: w[:1], [1.0, 2.0], lr=0.1, steps=1), ValueError, "grad returned shape"),
    (lambda: quadratic([[1.0, 2.0], [0.0, 1.0]]), ValueError, "symmetric"),
    (lambda: quadratic("abc"), TypeError, "h must be a real number"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
