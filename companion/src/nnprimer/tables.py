r"""Tables that chapters display, in the current language, as Markdown with math.

:func:`activation_table` builds the comparison table of the activation chapters from the
facts each activation class states (formula, derivative, kinks, range, smoothness,
learnability, PyTorch counterpart; see :class:`nnprimer.activations.Activation`) and from
numbers computed on the spot (PyTorch's derivative at each kink, the mean output for a
standard normal input), so the table cannot drift from the tested code.
"""

from __future__ import annotations

from typing import Any, Sequence

from ._i18n import N_, _t, get_language
from ._validation import _describe
from .activations import ELEMENTWISE, get
from .stats import gaussian_expectation

__all__ = ["MarkdownTable", "activation_table", "markdown_table"]

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


def markdown_table(header: Sequence[Any], rows: Sequence[Sequence[Any]], *,
                   align: Sequence[str] | None = None) -> MarkdownTable:
    """A table that Jupyter and myst-nb display as Markdown: ``header`` is a sequence of
    column headings, ``rows`` a sequence of rows of the same length, each entry shown with
    ``str`` (a ``|`` in it escaped); ``align`` optionally gives ``"l"`` or ``"r"`` per
    column. A Markdown table lines its columns up in any script, where padding an f-string
    counts characters rather than display width (CJK characters are twice as wide).

    >>> print(markdown_table(["a", "b"], [[1, "x|y"]], align="lr"))
    | a | b |
    |---|--:|
    | 1 | x\\|y |
    """
    header = [str(h) for h in header]
    rows = [[str(v) for v in row] for row in rows]
    for i, row in enumerate(rows):
        if len(row) != len(header):
            raise ValueError(f"rows[{i}] has {len(row)} entries, the header {len(header)}")
    align = list(align or "l" * len(header))
    if len(align) != len(header) or not set(align) <= {"l", "r"}:
        raise ValueError(f"align must give 'l' or 'r' for each of the {len(header)} columns, got {align!r}")
    lines = ["| " + " | ".join(map(_cell, header)) + " |",
             "|" + "".join("--:|" if a == "r" else "---|" for a in align)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
    return MarkdownTable("\n".join(lines))


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
    rows = []
    for f in activations:
        module = _t(f.torch_note, lang) if f.torch_note else f"(`{f.torch_module}`)"
        kink = (_t(", ", lang).join(f"$f'({x:g}) = {float(f.grad(x)):.4g}$" for x in f.kinks)
                if f.kinks else _t(_NO_KINK, lang))
        derivative = f.derivative_formula.replace(r"\text{otherwise}", r"\text{%s}" % _t("otherwise", lang))
        row = (f"`{f.name}` {module}", f"${f.formula}$", f"${derivative}$", kink, f"${f.output_range}$",
               _t(f.smoothness, lang), f"{gaussian_expectation(f):+.3f}", _t(f.learnability, lang))
        rows.append(row)
    return markdown_table([_t(_HEADERS[k], lang) for k in keys], rows)
