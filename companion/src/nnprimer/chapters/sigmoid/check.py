"""Checkers of the sigmoid chapter's exercises."""

from __future__ import annotations

import importlib.util
import math
from typing import Any

import numpy as np

from ..._i18n import N_, _t
from ...check import Report, derivative, function, value

__all__ = ["bce_with_logits", "flat_region_start", "log_sigmoid_derivative", "sigmoid_flat_share"]


def log_sigmoid_derivative(answer: Any) -> Report:
    r"""Exercise "The derivative of :math:`\log \sigma`": ``answer(x)`` must return

    .. math:: \frac{d}{dx} \log \sigma(x) = \frac{\sigma'(x)}{\sigma(x)} = 1 - \sigma(x) = \sigma(-x),

    derived by hand, elementwise on a float64 array. Checked with
    :func:`~nnprimer.check.derivative` at 33 points of :math:`[-8, 8]`, against finite
    differences of :math:`\log \sigma(x) = -\log(1 + e^{-x})` and, when PyTorch is
    installed, against autograd through ``F.logsigmoid``.

    >>> log_sigmoid_derivative(lambda x: 1 / (1 + np.exp(x)))
    ✓ Correct: all 33 checks pass.
    >>> log_sigmoid_derivative(lambda x: 1 / (1 + np.exp(-x))).passed
    False
    """
    torch_f = None
    if importlib.util.find_spec("torch") is not None:
        import torch.nn.functional as F

        torch_f = F.logsigmoid
    return derivative(answer, lambda x: -np.logaddexp(0.0, -x), np.linspace(-8.0, 8.0, 33), torch_f=torch_f)

# (key, logits, targets) of the cases bce_with_logits tries, one property each.
_BCE_CASES = (
    ("ordinary", [-2.0, 0.0, 3.0], [0.0, 1.0, 1.0]),
    ("soft", [-1.0, 0.5, 2.0], [0.3, 0.5, 0.9]),
    ("confident_wrong", [30.0, -30.0], [0.0, 1.0]),
    ("huge_positive", [1000.0, 800.0], [0.0, 1.0]),
    ("huge_negative", [-1000.0, -800.0], [1.0, 0.0]),
)
_BCE_TEXT = {
    "ordinary": N_("ordinary logits {z} with targets {t}"),
    "soft": N_("soft targets {t} at logits {z}"),
    "confident_wrong": N_("confident wrong logits {z} with targets {t}"),
    "huge_positive": N_("huge positive logits {z} with targets {t}"),
    "huge_negative": N_("huge negative logits {z} with targets {t}"),
}


def bce_with_logits_reference(z: np.ndarray, t: np.ndarray) -> np.ndarray:
    r""":math:`\log(1 + e^{z}) - t z`, computed without overflow as ``logaddexp(0, z) - t * z``."""
    return np.logaddexp(0.0, z) - t * z


def bce_with_logits(answer: Any) -> Report:
    r"""A reader's binary cross-entropy on logits, elementwise.

    The loss of logit :math:`z` and target :math:`t \in [0, 1]` is

    .. math:: \ell(z, t) = -\bigl(t \log \sigma(z) + (1 - t) \log(1 - \sigma(z))\bigr)
              = \log(1 + e^{z}) - t z ,

    what ``torch.nn.functional.binary_cross_entropy_with_logits(z, t, reduction="none")``
    computes. ``answer(z, t)`` is called on float64 arrays of a few cases, each probing one
    property (ordinary and soft targets, confident wrong logits :math:`\pm 30` where
    :math:`\sigma` rounds to 1 or 0 in float32, logits of :math:`\pm 1000` where
    :math:`e^{|z|}` overflows even in float64). A case passes when the result is close to
    the reference (``rtol=1e-9``, ``atol=1e-12``) and no error, warning, overflow, NaN or
    division by zero happened (underflow to 0 is fine).

    >>> bce_with_logits(lambda z, t: np.logaddexp(0.0, z) - t * z)
    ✓ Correct: all 5 checks pass.
    >>> bce_with_logits(lambda z, t: -(t * np.log(1 / (1 + np.exp(-z)))
    ...                                + (1 - t) * np.log(1 - 1 / (1 + np.exp(-z))))).passed
    False
    """
    cases = []
    for key, logits, targets in _BCE_CASES:
        z, t = np.array(logits, dtype=np.float64), np.array(targets, dtype=np.float64)
        cases.append((_t(_BCE_TEXT[key], z=z.tolist(), t=t.tolist()), (z, t)))
    return function(answer, bce_with_logits_reference, cases)


def flat_region_start(answer: Any) -> Report:
    r"""Exercise "Where does the sigmoid go flat?": the :math:`x_c > 0` with
    :math:`\sigma'(\pm x_c) = 10^{-3}`, to 0.1 %.

    >>> flat_region_start(6.8)
    ✗ 1 of 1 checks fail:
      - x_c = 6.8 is too small (it must be within 0.1% of the answer)
    """
    s = (1 - np.sqrt(1 - 4e-3)) / 2  # the smaller root of s (1 - s) = 1e-3: s = sigma(-x_c)
    return value(answer, np.log((1 - s) / s), rtol=1e-3, name="x_c")


#: The gains of the exercise "How large a gain?".
GAINS = (1.0, 2.0, 4.0, 8.0, 16.0)


def flat_region_threshold(c: float = 1e-3) -> float:
    r"""The :math:`x_c > 0` with :math:`\sigma'(\pm x_c) = c`: :math:`\log((1 - s)/s)` for the
    smaller root :math:`s` of :math:`s(1 - s) = c`."""
    s = (1 - math.sqrt(1 - 4 * c)) / 2
    return math.log((1 - s) / s)


def sigmoid_flat_share(answer: Any) -> Report:
    r"""Exercise "How large a gain?": for each gain :math:`g` in :data:`GAINS`, the share of
    layer-10 pre-activations in the flat region :math:`|z| > x_c` of a sigmoid MLP (10
    hidden layers of 64 units, Xavier normal weights with gain :math:`g`, ``rng=0``), under
    the assumption that :math:`z \sim \mathcal{N}(0, s_g^2)`:

    .. math:: P(|z| > x_c) = \operatorname{erfc}\bigl(x_c / (s_g \sqrt 2)\bigr),

    with :math:`s_g` the standard deviation that
    :func:`nnprimer.stats.forward_statistics` measures (``pre_var`` of layer 10)
    and :math:`x_c` of :func:`flat_region_start` (:func:`flat_region_threshold`). Each
    share must be within 2 % or 0.001 of the reference; the report names the gains that
    are off, not the values.

    >>> sigmoid_flat_share([0.0, 0.0, 0.0, 0.0, 0.0]).passed
    False
    """
    from ...stats import forward_statistics

    x_c = flat_region_threshold()
    expected = []
    for gain in GAINS:
        pre_var = forward_statistics("sigmoid", depth=10, width=64, scheme="xavier_normal",
                                     scheme_kwargs={"gain": gain}, rng=0).pre_var[-1]
        expected.append(math.erfc(x_c / math.sqrt(2 * pre_var)))
    report = value(answer, expected, rtol=0.02, atol=1e-3, name="flat_share")
    if report.problems:
        try:
            got = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            return report
        if got.shape == (len(GAINS),):
            off = ~(np.abs(got - expected) <= 1e-3 + 0.02 * np.abs(expected))
            return Report(problems=(_t("flat_share is off for the gains {g} (each share must be within 2% or 0.001)",
                                       g=[int(g) for g, o in zip(GAINS, off) if o]),))
    return report
