"""Checkers of the sigmoid chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._i18n import N_, _t
from ._core import Report, function, value

__all__ = ["bce_with_logits", "flat_region_start"]

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
