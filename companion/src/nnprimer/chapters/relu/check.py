"""Checkers of the ReLU chapter's exercises."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np

from ..._i18n import _t
from ..._optional import require
from ..._validation import _describe
from ...check import Report, _Failed, derivative, function, require_callable, run, unanswered, value

__all__ = ["dead_units_after_bias_shift", "elu_zero_mean_alpha", "gelu_tanh_derivative", "leaky_relu_grad_at_zero",
           "relu_grad_one_at_zero"]


# ----------------------------------------------------------------------------------------
# Exercise "Leaky ReLU at the extremes"
# ----------------------------------------------------------------------------------------
def leaky_relu_grad_at_zero(answer: Any) -> Report:
    r"""Exercise "Leaky ReLU at the extremes": ``answer`` is the pair of derivatives that
    PyTorch's autograd returns at :math:`x = 0` for ``F.leaky_relu(x, negative_slope)``
    with ``negative_slope`` :math:`= 1` and :math:`= -1`, in that order.

    The reference is :meth:`nnprimer.activations.leaky_relu.grad`, which follows autograd
    at the kink (``tests/test_activations.py`` compares them). The report says which of
    the two is off, not its value.

    >>> leaky_relu_grad_at_zero([0.0, 0.0]).passed
    False
    """
    from ...activations import leaky_relu

    expected = [float(leaky_relu.grad(0.0, negative_slope=s)) for s in (1.0, -1.0)]
    return value(answer, expected, rtol=0.0, atol=1e-12, name="grads_at_0")


# ----------------------------------------------------------------------------------------
# Exercise "A ReLU of your own"
# ----------------------------------------------------------------------------------------
def relu_grad_one_at_zero(answer: Any) -> Report:
    r"""Exercise "A ReLU of your own": ``answer(x)``, written with PyTorch operations on a
    tensor, must equal ``F.relu(x)`` and have the autograd derivative

    .. math:: \frac{d}{dx}\,\mathrm{answer}(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}

    (1 at the kink, where ``F.relu`` has 0). Two checks: on 1000 float32 inputs (standard
    normal, ten of them exactly 0) the answer returns a tensor of the input's shape equal
    to ``F.relu`` of it; and the autograd derivatives at :math:`-1, 0, 2` are
    :math:`0, 1, 1`.

    >>> import torch
    >>> relu_grad_one_at_zero(lambda x: torch.where(x >= 0, x, torch.zeros_like(x)))
    ✓ Correct: all 2 checks pass.
    >>> print(relu_grad_one_at_zero(torch.relu))
    ✗ 1 of 2 checks fail:
      - derivative at x = 0: autograd gives 0, the exercise asks for 1
    """
    torch = require("torch", "nnprimer.check.relu_grad_one_at_zero")
    from ...activations import relu

    require_callable(answer, "answer")
    cases = 2
    if unanswered(answer):
        return Report(cases=cases, answered=False)
    problems = []
    x = torch.randn(1000, generator=torch.Generator().manual_seed(0))
    x[::100] = 0.0
    failed_values = None
    try:
        got = run(answer, (x.clone(),), _t("on 1000 random inputs"))
    except _Failed as failed:
        failed_values = str(failed)
        problems.append(failed_values)
    if failed_values is None:
        if got is None:
            return Report(cases=cases, answered=False)
        if not isinstance(got, torch.Tensor):
            problems.append(_t("returned {g}, expected a tensor (autograd works on tensors)", g=_describe(got)))
        elif got.shape != x.shape:
            problems.append(_t("returned shape {g} for an input of shape {e}", g=tuple(got.shape),
                               e=tuple(x.shape)))
        else:
            expected = torch.nn.functional.relu(x)
            wrong = (got.detach().to(expected.dtype) != expected).nonzero().flatten()
            if len(wrong):
                i = int(wrong[0])
                problems.append(_t("{k} of {n} values differ from F.relu; the first at x = {x:.4g}: yours {g:.4g}, "
                                   "F.relu {e:.4g}", k=len(wrong), n=x.numel(), x=float(x[i]), g=float(got[i]),
                                   e=float(expected[i])))
    points = [-1.0, 0.0, 2.0]
    expected = np.where(np.array(points) == 0.0, 1.0, relu.grad(points))

    def slopes(t):
        answer(t).sum().backward()
        return t.grad

    try:
        grads = run(slopes, (torch.tensor(points, requires_grad=True),), _t("derivative at x = {x}", x=points))
    except _Failed as failed:
        problems.append(str(failed))
    else:
        for x0, g, e in zip(points, grads.tolist() if grads is not None else [np.nan] * 3, expected):
            if g != e:
                problems.append(_t("derivative at x = {x:g}: autograd gives {g:g}, the exercise asks for {e:g}", x=x0,
                                   g=g, e=e))
                break
    return Report(cases=cases, problems=tuple(problems))


# ----------------------------------------------------------------------------------------
# Exercise "How negative must a bias be?"
# ----------------------------------------------------------------------------------------
#: The bias shifts c tried, each at least 0.01 away from every unit's largest pre-activation.
_BIAS_SHIFTS = (0.0, 2.5, 3.5, 5.3, 7.7, 12.5, 16.0, 20.0)


def _bias_net():
    """A fresh copy of the exercise's network."""
    from ... import train

    return train.mlp([64, 64, 64, 10], "relu", init="kaiming_normal", rng=0)


def _dead_after_shift_reference(net: Any, c: float) -> int:
    """Dead units of hidden layer 1 of ``net`` on the training digits once ``c`` is
    subtracted from its biases (on a copy: ``net`` is left as it is)."""
    import copy

    torch = require("torch", "nnprimer.check.dead_units_after_bias_shift")
    from ... import data, train

    net = copy.deepcopy(net)
    with torch.no_grad():
        net.linears[0].bias -= c
    return train.dead_units(net, data.digits(rng=0).X_train)[0]


def dead_units_after_bias_shift(answer: Any) -> Report:
    r"""Exercise "How negative must a bias be?": ``answer(net, c)`` must return the number
    of dead units of the first hidden layer of ``net`` on the training digits
    (``data.digits(rng=0).X_train``) once the constant ``c`` is subtracted from every
    bias of that layer. ``net`` is a fresh
    ``train.mlp([64, 64, 64, 10], "relu", init="kaiming_normal", rng=0)`` in every call.

    A unit :math:`j` is dead when :math:`\max_n (w_j^\top x_n + b_j - c) \le 0`, so the count
    is the number of units whose largest pre-activation is at most :math:`c`. The reference
    subtracts ``c`` from a copy's biases and counts with :func:`nnprimer.train.dead_units`;
    it is tried at eight values of :math:`c` from 0 to 20, none within 0.01 of a unit's
    largest pre-activation.

    >>> dead_units_after_bias_shift(lambda net, c: 0).passed
    False
    """
    require_callable(answer, "answer")
    if unanswered(answer):
        return Report(cases=len(_BIAS_SHIFTS), answered=False)
    cases = [(_t("c = {c}", c=c), (_bias_net(), c)) for c in _BIAS_SHIFTS]
    return function(answer, _dead_after_shift_reference, cases, rtol=0.0, atol=0.0)


# ----------------------------------------------------------------------------------------
# Exercise "ELU's mean for other alpha"
# ----------------------------------------------------------------------------------------
def elu_zero_mean_alpha(answer: Any) -> Report:
    r"""Exercise "ELU's mean for other :math:`\alpha`": the :math:`\alpha` for which
    :math:`\mathbb{E}[\mathrm{ELU}_\alpha(z)] = 0` for :math:`z \sim \mathcal{N}(0, 1)`, to
    :math:`10^{-4}` (relative).

    The mean is linear in :math:`\alpha`: :math:`\mathbb{E}[\max(0, z)] + \alpha\,
    \mathbb{E}[\min(e^{z} - 1, 0)]`, both computed by
    :func:`nnprimer.stats.gaussian_expectation`.

    >>> elu_zero_mean_alpha(1.0)
    ✗ 1 of 1 checks fail:
      - alpha = 1 is too small (it must be within 0.01% of the answer)
    """
    from ...stats import gaussian_expectation

    positive = gaussian_expectation(lambda z: np.maximum(z, 0.0))
    negative = gaussian_expectation(lambda z: np.minimum(np.expm1(z), 0.0))
    return value(answer, -positive / negative, rtol=1e-4, name="alpha")


# ----------------------------------------------------------------------------------------
# Exercise "The derivative of GELU's tanh approximation"
# ----------------------------------------------------------------------------------------
def gelu_tanh_derivative(answer: Any) -> Report:
    r"""Exercise "The derivative of GELU's tanh approximation": ``answer(x)`` must return
    the derivative, elementwise on a float64 array, of

    .. math:: g(x) = \frac{x}{2}\Bigl(1 + \tanh u(x)\Bigr), \qquad
              u(x) = \sqrt{2/\pi}\,\bigl(x + 0.044715\,x^3\bigr),

    derived by hand. Checked with :func:`~nnprimer.check.derivative` at 33 points of
    :math:`[-4, 4]`: against finite differences of
    ``nnprimer.activations.gelu(x, approximate="tanh")`` and, when PyTorch is installed,
    against autograd through ``F.gelu(x, approximate="tanh")``.

    >>> gelu_tanh_derivative(lambda x: 0.5 * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))).passed
    False
    """
    from ...activations import gelu

    torch_f = None
    if importlib.util.find_spec("torch") is not None:
        torch_f = lambda t: gelu.torch(t, approximate="tanh")  # noqa: E731
    return derivative(answer, lambda x: gelu(x, approximate="tanh"), np.linspace(-4.0, 4.0, 33), torch_f=torch_f)
