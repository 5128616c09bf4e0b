r"""Tables that chapters display, in the current language, as Markdown with math.

:func:`activation_table` builds the comparison table of the activation chapters from the
activations' own attributes (formula, range, PyTorch module) and from numbers computed
on the spot (the mean output for a standard normal input), so the table cannot drift from
the tested code.
"""

from __future__ import annotations

from typing import Sequence

from ._i18n import N_, _t, get_language
from .activations import ELEMENTWISE, get
from .experiments import gaussian_expectation

__all__ = ["MarkdownTable", "activation_table"]

_HEADERS = {
    "name": N_("activation (PyTorch)"),
    # Column headings start with a word, not only math: a header cell whose whole text is
    # math reads as empty to some screen readers and to axe (MathJax draws it with CSS).
    "formula": N_("formula $f(x)$"),
    "derivative": N_("derivative $f'(x)$"),
    "kink": N_("PyTorch's $f'$ at the kink"),
    "range": N_("range"),
    "smooth": N_("smooth?"),
    "mean": N_(r"mean $\mathbb{E}[f(z)]$"),
    "learnable": N_("learnable?"),
}
_SMOOTHNESS = {
    "relu": N_("no: kink at 0"),
    "leaky_relu": N_("no: kink at 0"),
    "prelu": N_("no: kink at 0"),
    "rrelu": N_("no: kink at 0"),
    "elu": N_("$C^1$ only if $\\alpha = 1$"),
    "celu": N_("$C^1$"),
    "selu": N_("no: $f'$ jumps at 0"),
    "relu6": N_("no: kinks at 0 and 6"),
    "hardswish": N_("no: kinks at $\\pm 3$"),
}
_YES_NO = {True: N_("yes"), False: N_("no")}
# Where each piecewise-defined activation switches formula (the kinks of the table's
# "PyTorch's f' at the kink" column); the others are smooth everywhere.
_KINKS = {"relu": (0.0,), "leaky_relu": (0.0,), "prelu": (0.0,), "rrelu": (0.0,), "elu": (0.0,),
          "celu": (0.0,), "selu": (0.0,), "relu6": (0.0, 6.0), "hardswish": (-3.0, 3.0)}
_NO_KINK = N_("none: smooth")
# PyTorch module names that need a word of explanation.
_MODULE_NOTE = {"swish": N_(" (β = 1: `nn.SiLU`)")}
_LEARNABLE = {"prelu": N_("yes: slope $a$"), "swish": N_("optionally $\\beta$")}


class MarkdownTable:
    """Markdown text that Jupyter and myst-nb display as a table (``text/markdown``)."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown

    __repr__ = __str__


def _cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def activation_table(names: Sequence[str] = ELEMENTWISE, *, language: str | None = None) -> MarkdownTable:
    r"""Comparison table: name and PyTorch module, formula, derivative, the derivative
    PyTorch's autograd returns at each kink (computed by :meth:`Activation.grad`, which the
    tests check against autograd), range, smoothness, mean output
    :math:`\mathbb{E}[f(z)]` for :math:`z \sim \mathcal{N}(0, 1)` and learnability of each
    activation (default parameters)."""
    lang = language or get_language()
    keys = ("name", "formula", "derivative", "kink", "range", "smooth", "mean", "learnable")
    lines = ["| " + " | ".join(_t(_HEADERS[k], lang) for k in keys) + " |", "|" + "---|" * len(keys)]
    for name in names:
        f = get(name)
        smooth = _t(_SMOOTHNESS[name] if name in _SMOOTHNESS else _YES_NO[f.smooth], lang)
        learnable = _t(_LEARNABLE.get(name, _YES_NO[False]), lang)
        mean = gaussian_expectation(f)
        module = _t(_MODULE_NOTE[name], lang) if name in _MODULE_NOTE else f" (`{f.torch_module}`)"
        kinks = _KINKS.get(name)
        kink = (_t(", ", lang).join(f"$f'({x:g}) = {float(f.grad(x)):.4g}$" for x in kinks)
                if kinks else _t(_NO_KINK, lang))
        derivative = f.derivative_formula.replace(r"\text{otherwise}", r"\text{%s}" % _t("otherwise", lang))
        row = (f"`{name}`{module}", f"${f.formula}$", f"${derivative}$", kink,
               f"${f.output_range}$", smooth, f"{mean:+.3f}", learnable)
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return MarkdownTable("\n".join(lines))
