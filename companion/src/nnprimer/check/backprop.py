"""Checkers of the back-propagation chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._i18n import _t
from .._validation import _describe, as_float_array, rng_from
from ..experiments.backprop import _TWO_LAYER_KEYS, two_layer_autograd, two_layer_params
from ._core import Report, _Failed, require_callable, run, unanswered

__all__ = ["two_layer_backward"]


def two_layer_backward(answer: Any, activation: str = "tanh", *, seed: int = 0) -> Report:
    r"""Test a hand-written backward pass of the two-layer network against autograd.

    ``answer(params, X, y)`` must return a dict with keys ``W1, b1, W2, b2``: the
    gradient of the mean cross-entropy :func:`nnprimer.experiments.two_layer_loss` (with
    ``activation`` in the hidden layer) with respect to each parameter. The checker calls
    it on a small random problem (8 examples, 4 inputs, 5 hidden units, 3 classes); it
    passes when every gradient matches ``torch.autograd`` to ``1e-8``. Each problem names
    the parameter and what is wrong (missing, shape, by how much, or a factor off) without
    giving the fix.

    >>> def zero_grads(params, X, y):
    ...     return {k: np.zeros_like(v) for k, v in params.items()}
    >>> len(two_layer_backward(zero_grads).problems)
    4
    """
    from .. import activations as _act

    require_callable(answer, "answer")
    _act.get(activation)
    keys = len(_TWO_LAYER_KEYS)
    if unanswered(answer):
        return Report(cases=keys, answered=False)
    rng = rng_from(seed)
    params = two_layer_params(4, 5, 3, seed=seed)
    X = rng.standard_normal((8, 4))
    y = rng.integers(0, 3, size=8)
    expected = two_layer_autograd(params, X, y, activation)
    try:
        got = run(answer, ({k: v.copy() for k, v in params.items()}, X.copy(), y.copy()), "backward(params, X, y)")
    except _Failed as failed:
        return Report(cases=keys, problems=(str(failed),))
    if got is None:
        return Report(cases=keys, answered=False)
    if not isinstance(got, dict):
        return Report(cases=keys, problems=(_t("backward must return a dict with keys {k}, got {g}",
                                               k=list(_TWO_LAYER_KEYS), g=_describe(got)),))
    problems = []
    for name in _TWO_LAYER_KEYS:
        if name not in got:
            problems.append(_t("{n}: missing from the returned dict", n=name))
            continue
        try:
            g = np.asarray(as_float_array(got[name], name), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            problems.append(_t("{n}: not an array of numbers ({e})", n=name, e=exc))
            continue
        e = expected[name]
        if g.shape != e.shape:
            problems.append(_t("{n}: shape {g}, expected {e} (the shape of params[{r}])", n=name, g=g.shape,
                               e=e.shape, r=repr(name)))
            continue
        err = np.abs(g - e)
        if not np.all(np.isfinite(g)):
            problems.append(_t("{n}: contains NaN or inf", n=name))
        elif err.max() > 1e-8 * max(1.0, np.abs(e).max()):
            worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), e.shape))
            ratio = np.sum(g * e) / np.sum(e * e) if np.sum(e * e) > 0 else np.nan
            hint = ""
            if not np.any(g):
                hint = _t("; it is all zeros")
            elif np.isfinite(ratio) and abs(ratio) > 1e-3 and np.allclose(g, ratio * e, rtol=1e-6, atol=1e-12):
                hint = _t("; it is the right gradient times {r:.4g} (a missing or extra factor?)", r=ratio)
            problems.append(_t("{n}: wrong, largest error {m:.3g} at index {w}{h}", n=name, m=err.max(), w=worst, h=hint))
    return Report(cases=keys, problems=tuple(problems))
