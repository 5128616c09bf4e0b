"""Checkers of the initialisation chapter's exercises."""

from __future__ import annotations

import math
from typing import Any

from .. import init as _init
from .._i18n import _t
from .._validation import _describe
from ._core import Report, _Failed, require_callable, run, unanswered

__all__ = ["kaiming_std"]


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
