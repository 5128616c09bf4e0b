r"""Tables that chapters display, in the current language, as Markdown with math.

:func:`activation_table` builds the comparison table of the activation chapters from the
facts each activation class states (formula, derivative, kinks, range, smoothness,
learnability, PyTorch counterpart; see :class:`nnprimer.activations.Activation`) and from
numbers computed on the spot (PyTorch's derivative at each kink, the mean output for a
standard normal input), so the table cannot drift from the tested code.
"""

from __future__ import annotations

from typing import Sequence

from ._i18n import N_, _t, get_language
from ._validation import _describe
from .activations import ELEMENTWISE, get
from .stats import gaussian_expectation

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
_NO_KINK = N_("none: smooth")


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
    r"""Comparison table of the built-in activations ``names`` (default parameters).

    One row per activation: name and PyTorch module, formula, derivative, the derivative
    PyTorch's autograd returns at each kink (computed by :meth:`Activation.grad`, which
    the tests check against autograd), range, smoothness, mean output
    :math:`\mathbb{E}[f(z)]` for :math:`z \sim \mathcal{N}(0, 1)`, and what is learnable.

    >>> row = activation_table(["relu"], language="en").markdown.splitlines()[2]
    >>> row.split(" | ")[3]   # PyTorch's derivative at the kink
    "$f'(0) = 0$"
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence):
        raise TypeError(f"names must be a list of activation names such as ['relu', 'elu'], got {_describe(names)}")
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"names must hold built-in activation names (str), got {_describe(name)}")
    activations = [get(name) for name in names]  # an unknown name raises with the known ones
    lang = language or get_language()
    keys = ("name", "formula", "derivative", "kink", "range", "smooth", "mean", "learnable")
    lines = ["| " + " | ".join(_t(_HEADERS[k], lang) for k in keys) + " |", "|" + "---|" * len(keys)]
    for f in activations:
        module = _t(f.torch_note, lang) if f.torch_note else f"(`{f.torch_module}`)"
        kink = (_t(", ", lang).join(f"$f'({x:g}) = {float(f.grad(x)):.4g}$" for x in f.kinks)
                if f.kinks else _t(_NO_KINK, lang))
        derivative = f.derivative_formula.replace(r"\text{otherwise}", r"\text{%s}" % _t("otherwise", lang))
        row = (f"`{f.name}` {module}", f"${f.formula}$", f"${derivative}$", kink, f"${f.output_range}$",
               _t(f.smoothness, lang), f"{gaussian_expectation(f):+.3f}", _t(f.learnability, lang))
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return MarkdownTable("\n".join(lines))
