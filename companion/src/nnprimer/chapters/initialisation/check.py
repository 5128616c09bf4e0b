"""Checkers of the initialisation chapter's exercises."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ... import init as _init
from ..._i18n import _t
from ..._validation import _describe
from ...check import Report, _Failed, derivative, function, if_torch, require_callable, run, unanswered, values

__all__ = ["conv_default_init", "depth_variance_derivative", "kaiming_std", "leaky_relu_gain"]

#: Depth of the ReLU network of :func:`depth_variance_derivative`.
_DEPTH = 30


def _second_moment_at_depth(g: Any) -> Any:
    """:math:`V(g) = (g^2/2)^L`, the second moment after :data:`_DEPTH` ReLU layers with
    weights of standard deviation :math:`g/\\sqrt n` (numpy arrays or torch tensors)."""
    return (g**2 / 2) ** _DEPTH


def depth_variance_derivative(answer: Any) -> Report:
    r"""Exercise "How sensitive is a deep network to the scale?": a reader's
    :math:`dV/dg`, derived by hand, for the second moment after :math:`L = 30` ReLU
    layers whose weights are :math:`\mathcal{N}(0, g^2/n)` (input second moment 1):

    .. math:: V(g) = \Bigl(n \cdot \frac{g^2}{n} \cdot \frac12\Bigr)^L = \Bigl(\frac{g^2}{2}\Bigr)^L,
              \qquad \frac{dV}{dg} = L \Bigl(\frac{g^2}{2}\Bigr)^{L-1} g = \frac{2L}{g}\,V(g) .

    ``answer(g)`` acts elementwise on an array of gains; it is checked with
    :func:`~nnprimer.check.derivative` (finite differences and, when PyTorch is installed,
    autograd) at 5 gains from 10 % below to 10 % above He's :math:`\sqrt2`. (In terms of
    the gain, not of :math:`\sigma = g/\sqrt n`: the width cancels, and a central
    difference with step :math:`10^{-5}` is accurate for :math:`g \approx 1.4` but not for
    :math:`\sigma \approx 0.09`, where :math:`V` changes by 60 % per 1 %.)

    >>> depth_variance_derivative(lambda g: 2 * 30 * (g**2 / 2) ** 30 / g)
    ✓ Correct: all 5 checks pass.
    >>> depth_variance_derivative(lambda g: 30 * (g**2 / 2) ** 29).passed
    False
    """
    gains = math.sqrt(2) * np.array([0.9, 0.95, 1.0, 1.05, 1.1])
    return derivative(answer, _second_moment_at_depth, gains, torch_f=if_torch(lambda torch: _second_moment_at_depth))


def conv_default_init(answer: Any) -> Report:
    r"""Exercise "PyTorch's default for a convolution": ``(fan_in, weight_bound,
    weight_var, bias_bound)`` of ``nn.Conv2d(16, 32, kernel_size=3)``, whose
    ``reset_parameters`` calls ``kaiming_uniform_(w, a=math.sqrt(5))`` and draws the bias
    from :math:`\mathcal{U}(\pm 1/\sqrt{\mathrm{fan\_in}})`.

    The weight has shape (32, 16, 3, 3) (:func:`nnprimer.init.fans`); the gain of leaky
    ReLU with slope :math:`\sqrt5` is :math:`\sqrt{2/(1 + 5)}`
    (:func:`nnprimer.init.calculate_gain`); the bound is
    :math:`\sqrt3\,\text{gain}/\sqrt{\mathrm{fan\_in}}` and the variance of
    :math:`\mathcal{U}(\pm b)` is :math:`b^2/3`. ``fan_in`` must be exact, the others
    right to 1 %; a problem says which number is too large or too small.

    >>> conv_default_init((144, 1 / 12, 1 / 432, 1 / 12))
    ✓ Correct: all 4 checks pass.
    >>> print(conv_default_init((16, 1 / 4, 1 / 48, 1 / 4)).problems[0])
    fan_in = 16 is too small (it must be within 0.5 of the answer)
    """
    fan_in, _ = _init.fans((32, 16, 3, 3))
    bound = math.sqrt(3) * _init.calculate_gain("leaky_relu", math.sqrt(5)) / math.sqrt(fan_in)
    return values(answer, [("fan_in", fan_in, 0.0, 0.5), ("weight_bound", bound, 1e-2, 0.0),
                             ("weight_var", bound**2 / 3, 1e-2, 0.0), ("bias_bound", 1 / math.sqrt(fan_in), 1e-2, 0.0)])


def leaky_relu_gain(answer: Any) -> Report:
    r"""Exercise "The gain of leaky ReLU": a reader's ``answer(a)``, the gain that keeps
    the second moment through a leaky ReLU of negative slope :math:`a`, derived from

    .. math:: \mathbb{E}\bigl[f(z)^2\bigr] = \frac{1 + a^2}{2}, \quad z \sim \mathcal{N}(0, 1)
              \qquad\Rightarrow\qquad \text{gain} = \sqrt{\frac{2}{1 + a^2}} ,

    against :func:`nnprimer.init.calculate_gain` ``("leaky_relu", a)`` (PyTorch's) for
    :math:`a = 0, 0.01, 0.2, 0.5, 1`, to ``rtol=1e-9``. ``answer`` is called with one
    float at a time.

    >>> leaky_relu_gain(lambda a: math.sqrt(2 / (1 + a**2)))
    ✓ Correct: all 5 checks pass.
    >>> leaky_relu_gain(lambda a: math.sqrt(2 / (1 + a))).passed
    False
    """
    cases = [(f"a = {a}", (a,)) for a in (0.0, 0.01, 0.2, 0.5, 1.0)]
    return function(answer, lambda a: _init.calculate_gain("leaky_relu", a), cases, rtol=1e-9, atol=0.0)


def kaiming_std(answer: Any) -> Report:
    r"""A reader's ``answer(shape, nonlinearity="relu", mode="fan_in")`` against
    :func:`nnprimer.init.kaiming_std`, :math:`\text{gain}/\sqrt{\text{fan}}`.

    It passes when every case agrees to 1e-12 relative. Each problem names the case and,
    where the wrong value matches a common slip, says which
    (fan_in and fan_out swapped, the receptive field forgotten, the gain missing or
    squared, the variance returned instead of the std), without giving the formula.

    >>> import math
    >>> report = kaiming_std(lambda shape, nonlinearity="relu", mode="fan_in": math.sqrt(2 / shape[1]))
    >>> report.problems[0]
    'shape (64, 128), relu, fan_out: got 0.125, expected 0.176777; looks like fan_in and fan_out swapped'
    """
    require_callable(answer, "answer")
    cases = [((64, 128), "relu", "fan_in"), ((64, 128), "relu", "fan_out"), ((32, 16, 3, 3), "relu", "fan_in"),
             ((32, 16, 3, 3), "tanh", "fan_out"), ((10, 50), "linear", "fan_in"), ((8, 4, 5), "sigmoid", "fan_in")]
    if unanswered(answer):
        return Report(cases=len(cases), answered=False)
    problems = []
    for index, (shape, nonlinearity, mode) in enumerate(cases):
        name = _t("shape {s}, {nl}, {m}", s=shape, nl=nonlinearity, m=mode)
        try:
            got = run(lambda: answer(shape, nonlinearity=nonlinearity, mode=mode), (), name)
            if got is None and index == 0:
                return Report(cases=len(cases), answered=False)
            got = float(got)
        except _Failed as failed:
            problems.append(str(failed))
            continue
        except (TypeError, ValueError):
            problems.append(_t("{case}: returned {g}, not numbers", case=name, g=_describe(got)))
            continue
        want = _init.kaiming_std(shape, mode=mode, nonlinearity=nonlinearity)
        if math.isclose(got, want, rel_tol=1e-12):
            continue
        fan_in, fan_out = _init.fans(shape)
        fan = fan_in if mode == "fan_in" else fan_out
        other = fan_out if mode == "fan_in" else fan_in
        gain = _init.calculate_gain(nonlinearity)
        r = math.prod(shape[2:])
        slips = [
            (_t("fan_in and fan_out swapped"), gain / math.sqrt(other)),
            (_t("the receptive field (kernel size) is missing from the fan"), gain / math.sqrt(fan / r)),
            (_t("the gain is missing"), 1 / math.sqrt(fan)),
            (_t("the gain is squared"), gain**2 / math.sqrt(fan)),
            (_t("this is the variance, not the standard deviation"), want**2),
        ]
        hint = next((_t("; looks like {k}", k=k) for k, v in slips
                     if math.isclose(got, v, rel_tol=1e-9)), "")
        problems.append(_t("{c}: got {g:.6g}, expected {w:.6g}{h}", c=name, g=got, w=want, h=hint))
    return Report(cases=len(cases), problems=tuple(problems))
