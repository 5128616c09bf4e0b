"""Checkers of the gradient-descent chapter (nnprimer.chapters.descent.check): right and wrong answers
for the contract in tests/test_check.py."""

import numpy as np


def _no_bias_correction(g, lr):
    m, v = 0.1 * g, 0.001 * g * g  # m_1 and v_1 used as they are
    return -lr * m / (np.sqrt(v) + 1e-8)


CASES = {
    "double_well_gradient": (
        lambda w: 4 * w**3 - 4 * w,
        [lambda w: 2 * (w**2 - 1),  # the inner derivative forgotten
         lambda w: 4 * w**3,  # the -4w dropped
         lambda w: -4 * w * (w**2 - 1)],  # a wrong sign
    ),
    "double_well_lr_limit": (0.25, [0.125, 0.5, 2 / 12, 2.0]),  # η h < 1; h = 4; h = 12 w²; η < 2
    "momentum_step": (
        lambda w, buf, g, lr, mu: (w - lr * (mu * buf + g), mu * buf + g),
        [lambda w, buf, g, lr, mu: (w - lr * (mu * buf + (1 - mu) * g), mu * buf + (1 - mu) * g),  # dampened
         lambda w, buf, g, lr, mu: (w - lr * buf, mu * buf + g),  # the stale buffer
         lambda w, buf, g, lr, mu: (w - lr * g, buf)],  # no momentum at all
    ),
    "bowl_momentum_limit": (0.15, [0.1, 3.0, 0.05, 0.19]),  # no momentum; the flat axis; 1 - μ; μ = 0.9
    "epoch_steps": (
        (14, 47, 70),
        [(13, 100, 65),  # the incomplete batch dropped
         (13, 47, 65),  # floor instead of ceiling
         (14, 47, 14),  # one epoch's updates
         (14, 53, 70),  # the wrong remainder
         (14, 47)],  # a number missing
    ),
    "adam_first_step": (
        lambda g, lr: -lr * g / (np.abs(g) + 1e-8),
        [lambda g, lr: -lr * g,  # plain gradient descent
         _no_bias_correction,
         lambda g, lr: lr * g / (np.abs(g) + 1e-8)],  # a wrong sign
    ),
}


def test_epoch_steps_names_the_wrong_number_and_accepts_numpy_integers():
    from nnprimer import chapters

    assert chapters.descent.check.epoch_steps(np.array([14, 47, 70])).passed
    (problem,) = chapters.descent.check.epoch_steps((14, 100, 70)).problems
    assert problem.startswith("last_batch = 100 is too large")
    assert not chapters.descent.check.epoch_steps((..., ..., ...)).answered
    assert chapters.descent.check.epoch_steps((14, ..., 70)).problems == ("last_batch is not answered yet",)
    assert "give 3 numbers" in chapters.descent.check.epoch_steps(14).problems[0]
