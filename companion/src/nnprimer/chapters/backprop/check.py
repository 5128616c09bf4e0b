"""Checkers of the back-propagation chapter's exercises."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..._i18n import _t
from ..._moved import renamed_keywords
from ..._validation import _describe, as_float_array, rng_from, seed_from
from .experiments import _TWO_LAYER_KEYS, two_layer_autograd, two_layer_params
from ...check import (Report, _Failed, derivative, if_torch, one_number_per_case, require_callable, run,
                    unanswered)

__all__ = ["missing_transpose_gradients", "quadratic_forward_error", "softplus_silu_derivatives",
           "two_layer_backward"]


@renamed_keywords(seed="rng")
def two_layer_backward(answer: Any, activation: str = "tanh", *, rng=0) -> Report:
    r"""Test a hand-written backward pass of the two-layer network against autograd.

    ``answer(params, X, y)`` must return a dict with keys ``W1, b1, W2, b2``: the
    gradient of the mean cross-entropy :func:`nnprimer.chapters.backprop.two_layer_loss` (with
    ``activation`` in the hidden layer) with respect to each parameter. The checker calls
    it on a small random problem (8 examples, 4 inputs, 5 hidden units, 3 classes); it
    passes when every gradient matches ``torch.autograd`` to ``1e-8``. Each problem names
    the parameter and what is wrong (missing, shape, by how much, or a factor off) without
    giving the fix. ``rng`` (None, an int seed or a numpy Generator; default 0) draws the
    problem; the old name ``seed=`` still works, with a DeprecationWarning.

    >>> def zero_grads(params, X, y):
    ...     return {k: np.zeros_like(v) for k, v in params.items()}
    >>> len(two_layer_backward(zero_grads).problems)
    4
    """
    from ... import activations as _act

    require_callable(answer, "answer")
    _act.get(activation)
    keys = len(_TWO_LAYER_KEYS)
    if unanswered(answer):
        return Report(cases=keys, answered=False)
    seed = seed_from(rng)
    rng = rng_from(seed)
    params = two_layer_params(4, 5, 3, rng=seed)
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


def softplus_silu_derivatives(answer: Any) -> Report:
    r"""Exercise "The derivatives of softplus and SiLU": a pair of functions
    ``(softplus_prime, silu_prime)``, derived by hand.

    .. math:: \frac{d}{dx} \log(1 + e^{x}) = \sigma(x), \qquad
              \frac{d}{dx}\, x\,\sigma(x) = \sigma(x)\bigl(1 + x\,(1 - \sigma(x))\bigr).

    Each is called on 33 points in :math:`[-8, 8]` and compared with central finite
    differences of :func:`nnprimer.activations.softplus` and
    :func:`~nnprimer.activations.silu` and, when PyTorch is installed, with autograd through
    ``torch.nn.functional.softplus`` and ``silu`` (see :func:`nnprimer.check.derivative`).
    Each problem line starts with the name of the function it is about.

    >>> from nnprimer import activations as act
    >>> s = act.sigmoid
    >>> softplus_silu_derivatives((s, lambda x: s(x) * (1 + x * (1 - s(x)))))
    ✓ Correct: all 66 checks pass.
    >>> str(softplus_silu_derivatives((s, s))).splitlines()[1][:13]
    "  - silu': at"
    """
    from ... import activations

    points = np.linspace(-8.0, 8.0, 33)
    names = ("softplus'", "silu'")
    if unanswered(answer):
        return Report(cases=2 * points.size, answered=False)
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__len__") or len(answer) != 2:
        return Report(cases=2 * points.size, problems=(_t("give two functions, (softplus_prime, silu_prime), got {g}",
                                                          g=_describe(answer)),))
    references = (
        (activations.softplus, if_torch(lambda torch: torch.nn.functional.softplus)),
        (activations.silu, if_torch(lambda torch: torch.nn.functional.silu)),
    )
    reports = []
    for name, fn, (f, torch_f) in zip(names, answer, references):
        if not callable(fn) and not unanswered(fn):
            reports.append(Report(cases=points.size, problems=(_t("{n} must be a function, got {g}", n=name,
                                                                  g=_describe(fn)),)))
            continue
        reports.append(derivative(fn, f, points, torch_f=torch_f))
    if not any(r.answered for r in reports):
        return Report(cases=2 * points.size, answered=False)
    problems = [_t("{name} is not answered yet", name=name) for name, r in zip(names, reports) if not r.answered]
    for name, report in zip(names, reports):
        problems += [f"{name}: {p}" for p in report.problems]
    return Report(cases=2 * points.size, problems=tuple(problems))


_NAMES = tuple(_TWO_LAYER_KEYS)


def _transposed_backward(params: dict, X: np.ndarray, y: np.ndarray) -> dict:
    """The two-layer tanh network's backward pass with the bug: ``z2_bar @ W2`` for ``z2_bar @ W2.T``."""
    from ... import activations as act

    z1 = X @ params["W1"] + params["b1"]
    h = act.tanh(z1)
    z2_bar = act.cross_entropy.grad(h @ params["W2"] + params["b2"], y)
    z1_bar = (z2_bar @ params["W2"]) * act.tanh.grad(z1)
    return {"W1": X.T @ z1_bar, "b1": z1_bar.sum(axis=0), "W2": h.T @ z2_bar, "b2": z2_bar.sum(axis=0)}


def _wrong_with_missing_transpose() -> set[str]:
    """Which gradients the buggy backward pass gets wrong, by gradient checks on a small
    network whose hidden layer is as wide as its output (so the wrong product has the right shape)."""
    from .experiments import parameter_gradient_checks, two_layer_loss

    rng = rng_from(0)
    params = two_layer_params(4, 3, 3, rng=0)
    X, y = rng.standard_normal((6, 4)), rng.integers(0, 3, size=6)
    checks = parameter_gradient_checks(lambda p: two_layer_loss(p, X, y, "tanh"), _transposed_backward(params, X, y),
                                       params)
    return {name for name, result in checks.items() if not result}


def missing_transpose_gradients(answer: Any) -> Report:
    r"""Exercise "A transposed weight": the set of parameters whose gradients are wrong when
    the backward pass computes :math:`\bar h = \bar z_2 W_2` instead of
    :math:`\bar z_2 W_2^\top` (with a square :math:`W_2`, so that nothing complains).

    The answer is a set (or list) of names among ``W1, b1, W2, b2``; one name alone may be
    a string. The checker finds the wrong gradients itself, with per-parameter gradient checks
    (:func:`nnprimer.chapters.backprop.parameter_gradient_checks`) of the buggy backward pass on a
    small tanh network with 3 hidden units and 3 classes. Two checks: no name too many, none
    missing; the report says how many names are extra or missing, not which.

    >>> missing_transpose_gradients({"W1", "b1"})
    ✓ Correct: all 2 checks pass.
    >>> missing_transpose_gradients({"W1"})
    ✗ 1 of 2 checks fail:
      - 1 parameter(s) with a wrong gradient are missing from your answer
    """
    if unanswered(answer):
        return Report(cases=2, answered=False)
    items = [answer] if isinstance(answer, str) else answer
    try:
        items = list(items)
    except TypeError:
        items = None
    if items is None or not all(isinstance(item, str) for item in items):
        return Report(cases=2, problems=(_t("give the names as strings, for example {{\"W2\"}}, got {g}", g=_describe(answer)),))
    canonical = {name.lower(): name for name in _NAMES}
    unknown = sorted(item for item in items if item.lower() not in canonical)
    if unknown:
        return Report(cases=2, problems=(_t("{u} are not parameters of the network (they are {names})", u=unknown,
                                   names=", ".join(_NAMES)),))
    given = {canonical[item.lower()] for item in items}
    wrong = _wrong_with_missing_transpose()
    problems = []
    if given - wrong:
        problems.append(_t("{k} of the parameters you named have a right gradient", k=len(given - wrong)))
    if wrong - given:
        problems.append(_t("{k} parameter(s) with a wrong gradient are missing from your answer", k=len(wrong - given)))
    return Report(cases=2, problems=tuple(problems))


def quadratic_forward_error(answer: Any) -> Report:
    r"""Exercise "A U-curve without its right arm": the exact error of the forward
    difference :math:`\bigl(f(x + h) - f(x)\bigr)/h` for :math:`f(x) = x^2 + 3x + 1` at
    :math:`x = 2` (where :math:`f'(2) = 7`), as a function of the step :math:`h`.

    The forward difference is :math:`2x + 3 + h`, so the error is :math:`h` exactly.
    ``answer(h)`` is called for steps from :math:`10^{-3}` to 1, where round-off is
    negligible, and compared (to a relative :math:`10^{-6}`) with the error that
    :func:`nnprimer.grad.fd_error_curve` measures; the report says whether a value is too
    large or too small, not the value expected (which would give the answer away).

    >>> quadratic_forward_error(lambda h: h)
    ✓ Correct: all 5 checks pass.
    >>> quadratic_forward_error(lambda h: h / 2).passed
    False
    """
    from ...grad import fd_error_curve

    def reference(h: float) -> float:
        return float(fd_error_curve(lambda x: x**2 + 3 * x + 1, 7.0, 2.0, np.array([h])).forward_error[0])

    cases = [(_t("step h = {h:g}", h=h), (h,)) for h in (1.0, 0.5, 0.1, 0.01, 1e-3)]
    return one_number_per_case(answer, reference, cases, rtol=1e-6)
