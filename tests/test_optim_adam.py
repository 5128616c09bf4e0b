"""nnprimer.optim: Adam, Rosenbrock, the stability limit and torch_trajectory, checked against torch.optim."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from nnprimer import chapters
from nnprimer.optim import adam, gradient_descent, quadratic, rosenbrock, stability_limit, torch_trajectory


@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.5, 0.9)])
def test_adam_equals_torch_adam_on_a_quadratic(betas):
    h = np.array([[3.0, 1.0], [1.0, 20.0]])
    _, grad = quadratic(h)
    ours = adam(grad, [1.0, -2.0], lr=0.05, steps=60, betas=betas)
    H = torch.tensor(h)
    theirs = torch_trajectory(lambda w: 0.5 * w @ H @ w, [1.0, -2.0], optimizer="adam", lr=0.05, steps=60,
                              betas=betas)
    assert ours.shape == theirs.shape == (61, 2)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_adam_equals_torch_adam_on_rosenbrock():
    _, grad = rosenbrock()
    ours = adam(grad, [-1.0, 1.5], lr=0.02, steps=100)
    theirs = torch_trajectory(lambda w: (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2, [-1.0, 1.5],
                              optimizer="adam", lr=0.02, steps=100)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_rosenbrock_gradient_matches_autograd_and_minimum():
    f, grad = rosenbrock(a=2.0, b=10.0)
    assert f([2.0, 4.0]) == 0.0
    w = torch.tensor([0.3, -0.7], dtype=torch.float64, requires_grad=True)
    ((2.0 - w[0]) ** 2 + 10.0 * (w[1] - w[0] ** 2) ** 2).backward()
    np.testing.assert_allclose(grad([0.3, -0.7]), w.grad.numpy(), rtol=1e-14)
    assert f([0.3, -0.7]) == pytest.approx((2.0 - 0.3) ** 2 + 10.0 * (-0.7 - 0.09) ** 2)


def test_torch_trajectory_sgd_equals_gradient_descent():
    _, grad = quadratic([1.0, 20.0])
    ours = gradient_descent(grad, [1.0, 1.0], lr=0.09, steps=30, momentum=0.9)
    h = torch.tensor([1.0, 20.0], dtype=torch.float64)
    theirs = torch_trajectory(lambda w: 0.5 * (h * w**2).sum(), [1.0, 1.0], optimizer="sgd", lr=0.09,
                              momentum=0.9, steps=30)
    np.testing.assert_allclose(ours, theirs, rtol=1e-13, atol=1e-15)


def test_adam_first_step_is_lr_per_coordinate():
    _, grad = quadratic([1.0, 1000.0])
    step = adam(grad, [1.0, 1.0], lr=0.01, steps=1)[1] - 1.0
    np.testing.assert_allclose(step, [-0.01, -0.01], rtol=1e-6)


@pytest.mark.parametrize(("h", "mu"), [(1.0, 0.0), (1.0, 0.9), ([1.0, 20.0], 0.5), (4.0, 0.3)])
def test_stability_limit_separates_convergence_from_divergence(h, mu):
    limit = stability_limit(h, mu)
    assert limit == pytest.approx(2 * (1 + mu) / np.max(h))
    _, grad = quadratic(np.atleast_1d(h))
    w0 = np.ones(np.size(h))
    below = gradient_descent(grad, w0, lr=0.99 * limit, steps=6000, momentum=mu)[-1]
    above = gradient_descent(grad, w0, lr=1.01 * limit, steps=6000, momentum=mu)[-1]
    assert np.abs(below).max() < 1e-3
    assert not (np.abs(above).max() < 1e3)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: adam(None, [1.0], lr=0.1, steps=1), TypeError, "grad must be a function"),
    (lambda: adam(lambda w: w, [1.0], lr=-1.0, steps=1), ValueError, "lr must be > 0"),
    (lambda: adam(lambda w: w, [1.0], lr=0.1, steps=1, betas=0.9), TypeError, "betas must be a pair"),
    (lambda: adam(lambda w: w, [1.0], lr=0.1, steps=1, betas=(0.9, 1.0)), ValueError, "betas must be in"),
    (lambda: adam(lambda w: w, [1.0], lr=0.1, steps=1, eps=0.0), ValueError, "eps must be > 0"),
    (lambda: adam(lambda w: w[:1], [1.0, 2.0], lr=0.1, steps=1), ValueError, "grad returned shape"),
    (lambda: rosenbrock(b=0.0), ValueError, "b must be > 0"),
    (lambda: stability_limit([-1.0]), ValueError, "positive curvature"),
    (lambda: stability_limit(1.0, momentum=1.0), ValueError, "momentum must be in"),
    (lambda: torch_trajectory(None, [1.0], optimizer="sgd", lr=0.1, steps=1), TypeError, "loss must be"),
    (lambda: torch_trajectory(lambda w: w.sum(), [1.0], optimizer="rmsprop", lr=0.1, steps=1), ValueError,
     "optimizer"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_check_momentum_step_accepts_pytorch_form_and_flags_variants():

    good = lambda w, buf, g, lr, mu: (w - lr * (mu * buf + g), mu * buf + g)
    assert list(chapters.descent.check.momentum_step(good).problems) == []
    dampened = lambda w, buf, g, lr, mu: (w - lr * (mu * buf + (1 - mu) * g), mu * buf + (1 - mu) * g)
    problems = list(chapters.descent.check.momentum_step(dampened).problems)
    assert len(problems) == 1 and problems[0].startswith("step 1: w is") and "buf starts at 0" in problems[0]
    stale = lambda w, buf, g, lr, mu: (w - lr * (buf + g), mu * buf + g)  # update with the old buffer
    problems = list(chapters.descent.check.momentum_step(stale).problems)
    assert len(problems) == 1 and problems[0].startswith("step 2:") and "first steps matched" in problems[0]
    assert "raised ZeroDivisionError" in list(chapters.descent.check.momentum_step(lambda w, buf, g, lr, mu: 1 / 0).problems)[0]
    assert "expected w and buf of shape" in list(chapters.descent.check.momentum_step(lambda w, buf, g, lr, mu: (w[:1], buf)).problems)[0]
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.descent.check.momentum_step(3).problems)


def test_check_momentum_step_speaks_the_current_language():
    import nnprimer

    stale = lambda w, buf, g, lr, mu: (w - lr * (buf + g), mu * buf + g)
    nnprimer.set_language("zh")
    try:
        (problem,) = list(chapters.descent.check.momentum_step(stale).problems)
    finally:
        nnprimer.set_language("en")
    assert problem.startswith("第 2 步：w 为") and "前面几步一致" in problem
