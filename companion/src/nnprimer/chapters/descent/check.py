"""Checkers of the gradient-descent chapter's exercises."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..._i18n import N_, _t
from ...check import (Report, _Failed, derivative, function, if_torch, require_callable, run, unanswered,
                    value, values)

__all__ = ["adam_first_step", "bowl_momentum_limit", "double_well_gradient", "double_well_lr_limit",
           "epoch_steps", "momentum_step"]


# ----------------------------------------------------------------------------------------
# The double well
# ----------------------------------------------------------------------------------------
def _double_well(w: Any) -> Any:
    """The loss :math:`L(w) = (w^2 - 1)^2` (numpy arrays or torch tensors)."""
    return (w**2 - 1) ** 2


def double_well_gradient(answer: Any) -> Report:
    r"""Exercise "The gradient of a double well": a reader's :math:`L'(w)` for

    .. math:: L(w) = (w^2 - 1)^2 ,

    derived by hand, as an elementwise function of ``w``. It is compared with the central
    difference of :math:`L` (:func:`nnprimer.grad.derivative`) and with ``torch.autograd``
    on 13 points of :math:`[-1.5, 1.5]`; a problem names a point and both values there.

    >>> double_well_gradient(lambda w: 4 * w * (w**2 - 1))
    ✓ Correct: all 13 checks pass.
    >>> double_well_gradient(lambda w: 2 * (w**2 - 1)).passed
    False
    """
    return derivative(answer, _double_well, np.linspace(-1.5, 1.5, 13), torch_f=if_torch(lambda torch: _double_well))


def double_well_lr_limit(answer: Any) -> Report:
    r"""Exercise "The learning-rate limit of a double well": the largest learning rate
    :math:`\eta` for which gradient descent started near the minimum :math:`w = 1` of
    :math:`L(w) = (w^2 - 1)^2` converges to it, to 1 %.

    Near 1 the loss is :math:`\tfrac12 h (w - 1)^2` with :math:`h = L''(1)`, so the limit
    is the quadratic's :math:`2/h` (:func:`nnprimer.optim.stability_limit`).

    >>> double_well_lr_limit(0.125)
    ✗ 1 of 1 checks fail:
      - lr_max = 0.125 is too small (it must be within 1% of the answer)
    """
    from ...optim import stability_limit

    curvature = 12 * 1.0**2 - 4  # L''(w) = 12 w^2 - 4, at the minimum w = 1
    return value(answer, stability_limit(curvature), rtol=1e-2, name="lr_max")


# ----------------------------------------------------------------------------------------
# Momentum
# ----------------------------------------------------------------------------------------
_MOMENTUM_FIRST = N_("step {t}: w is {w}, torch.optim.SGD gives {ref} (the first step of momentum SGD is a plain "
                     "gradient step: buf starts at 0)")
_MOMENTUM_LATER = N_("step {t}: w is {w}, torch.optim.SGD gives {ref} (the first steps matched: look at how the "
                     "buffer carries the past gradients)")


def momentum_step(answer: Any) -> Report:
    r"""A reader's momentum step against ``torch.optim.SGD``.

    ``answer(w, buf, g, lr, momentum)`` must return the new ``(w, buf)`` for numpy arrays,
    following PyTorch: :math:`b \leftarrow \mu b + g`, :math:`w \leftarrow w - \eta b`
    (with ``buf`` all zeros before the first step). The check runs 5 steps on the quadratic
    ``quadratic([1.0, 20.0])`` from ``(-2, 1)`` with ``lr=0.05``, ``momentum=0.9`` and
    compares every step with PyTorch. A problem says at which step which quantity went
    wrong, without giving the formula away.

    >>> momentum_step(lambda w, buf, g, lr, mu: (w - lr * (mu * buf + g), mu * buf + g))
    ✓ Correct: all 5 checks pass.
    """
    from ..._optional import require
    from ...optim import torch_trajectory

    require_callable(answer, "answer")
    lr, mu, steps, w0 = 0.05, 0.9, 5, np.array([-2.0, 1.0])
    if unanswered(answer):
        return Report(cases=steps, answered=False)
    torch = require("torch", "nnprimer.check.momentum_step")
    h = np.array([1.0, 20.0])
    reference = torch_trajectory(lambda w: 0.5 * (w * w * torch.as_tensor(h)).sum(), w0, optimizer="sgd", lr=lr,
                                 momentum=mu, steps=steps)
    w, buf = w0.copy(), np.zeros(2)
    for t in range(steps):
        g = h * w
        try:
            result = run(answer, (w.copy(), buf.copy(), g.copy(), lr, mu), _t("step {t}", t=t + 1))
            if result is None and t == 0:
                return Report(cases=steps, answered=False)
            w_new, buf_new = (np.asarray(r, dtype=np.float64) for r in result)
        except _Failed as failed:
            return Report(cases=steps, problems=(str(failed),))
        except (TypeError, ValueError):
            return Report(cases=steps, problems=(_t("step {t}: return the pair (w, buf), got {got}", t=t + 1,
                                                    got=type(result).__name__),))
        if w_new.shape != w.shape or buf_new.shape != w.shape:
            return Report(cases=steps, problems=(_t("step {t}: expected w and buf of shape {shape}, got {w} and {buf}",
                                                    t=t + 1, shape=w.shape, w=w_new.shape, buf=buf_new.shape),))
        if not np.allclose(w_new, reference[t + 1], rtol=1e-12, atol=1e-14):
            message = _MOMENTUM_FIRST if t == 0 else _MOMENTUM_LATER
            return Report(cases=steps, problems=(_t(message, t=t + 1, w=np.round(w_new, 6).tolist(),
                                                    ref=np.round(reference[t + 1], 6).tolist()),))
        w, buf = w_new, buf_new
    return Report(cases=steps)


def bowl_momentum_limit(answer: Any) -> Report:
    r"""Exercise "The momentum limit on the bowl": the largest learning rate for which
    momentum gradient descent (:math:`\mu = 0.5`) converges on
    :math:`\tfrac12(w_1^2 + 20 w_2^2)`, to 1 %.

    Each coordinate is a 1-D quadratic with limit :math:`2(1 + \mu)/h_i`
    (:func:`nnprimer.optim.stability_limit`); the steepest one sets the limit.

    >>> bowl_momentum_limit(0.1)
    ✗ 1 of 1 checks fail:
      - lr_max_bowl = 0.1 is too small (it must be within 1% of the answer)
    """
    from ...optim import stability_limit

    return value(answer, stability_limit([1.0, 20.0], momentum=0.5), rtol=1e-2, name="lr_max_bowl")


# ----------------------------------------------------------------------------------------
# Batches and epochs
# ----------------------------------------------------------------------------------------
#: Training examples of ``data.digits(rng=0)`` (the chapter's data set), the batch size and
#: the number of epochs of the exercise.
_DIGITS_TRAIN, _BATCH, _EPOCHS = 1347, 100, 5


def epoch_steps(answer: Any) -> Report:
    r"""Exercise "Steps per epoch": ``(steps_per_epoch, last_batch, updates)`` for
    ``train.fit`` on the 1347 training digits with ``batch_size=100`` and 5 epochs.

    ``fit`` keeps the incomplete last batch (like ``DataLoader(drop_last=False)``): an
    epoch makes :math:`\lceil N/B \rceil` steps, the last batch has
    :math:`N - B(\lceil N/B \rceil - 1)` examples, and 5 epochs make 5 times as many
    updates. Each number must be exact; a problem says which one is too large or too
    small.

    >>> epoch_steps((14, 47, 70))
    ✓ Correct: all 3 checks pass.
    >>> print(epoch_steps((13, 47, 65)))
    ✗ 2 of 3 checks fail:
      - steps_per_epoch = 13 is too small (it must be within 0.5 of the answer)
      - updates = 65 is too small (it must be within 0.5 of the answer)
    """
    steps = math.ceil(_DIGITS_TRAIN / _BATCH)
    last = _DIGITS_TRAIN - _BATCH * (steps - 1)
    return values(answer, [("steps_per_epoch", steps, 0.0, 0.5), ("last_batch", last, 0.0, 0.5),
                             ("updates", _EPOCHS * steps, 0.0, 0.5)])


# ----------------------------------------------------------------------------------------
# Adam
# ----------------------------------------------------------------------------------------
# (key, gradient, learning rate) of the cases adam_first_step tries, one property each.
_ADAM_CASES = (
    ("bowl", [1.0, 1000.0], 0.01),
    ("mixed", [-3e-4, 2.5, -40.0], 0.001),
    ("tiny", [1e-9, -1e-7], 0.1),
)
_ADAM_TEXT = {
    "bowl": N_("the gradient {g} of the steep bowl at (1, 1), lr = {lr}"),
    "mixed": N_("gradients of very different sizes {g}, lr = {lr}"),
    "tiny": N_("gradients {g} not much larger than eps, lr = {lr}"),
}


def _adam_first_step_reference(g: np.ndarray, lr: float) -> np.ndarray:
    """The change of w in Adam's first step (:func:`nnprimer.optim.adam`, PyTorch's defaults)."""
    from ...optim import adam

    path = adam(lambda w: g, np.zeros_like(g), lr=lr, steps=1)
    return path[1] - path[0]


def adam_first_step(answer: Any) -> Report:
    r"""Exercise "Adam's first step": a reader's ``answer(g, lr)``, the change of the
    parameters in Adam's first step for the gradient ``g`` (a numpy array), with
    PyTorch's defaults :math:`\beta_1 = 0.9`, :math:`\beta_2 = 0.999`,
    :math:`\epsilon = 10^{-8}`.

    With :math:`m_0 = v_0 = 0` the bias corrections give :math:`\hat m_1 = g`,
    :math:`\hat v_1 = g^2`, so the step is

    .. math:: \Delta w = -\eta\, \frac{g}{|g| + \epsilon} ,

    the first row of :func:`nnprimer.optim.adam`'s trajectory (tested against
    ``torch.optim.Adam``). The cases try the steep bowl's gradient, gradients of very
    different sizes, and gradients close to :math:`\epsilon`; a result must agree to
    ``rtol=1e-9``.

    >>> adam_first_step(lambda g, lr: -lr * g / (np.abs(g) + 1e-8))
    ✓ Correct: all 3 checks pass.
    >>> adam_first_step(lambda g, lr: -lr * g).passed
    False
    """
    cases = []
    for key, gradient, lr in _ADAM_CASES:
        g = np.array(gradient, dtype=np.float64)
        cases.append((_t(_ADAM_TEXT[key], g=g.tolist(), lr=lr), (g, lr)))
    return function(answer, _adam_first_step_reference, cases, rtol=1e-9, atol=0.0)
