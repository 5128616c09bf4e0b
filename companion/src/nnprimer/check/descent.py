"""Checkers of the gradient-descent chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._i18n import N_, _t
from ._core import Report, _Failed, require_callable, run, unanswered

__all__ = ["momentum_step"]

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
    from .._optional import require
    from ..optim import torch_trajectory

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
