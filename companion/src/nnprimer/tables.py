r"""Tables that chapters display, in the current language, as Markdown with math.

:func:`activation_table` builds the comparison table of the activation chapters from the
activations' own attributes (formula, range, PyTorch module) and from numbers computed
on the spot (the mean output for a standard normal input), so the table cannot drift from
the tested code.
"""

from __future__ import annotations

from typing import Sequence

from . import _i18n
from .activations import ELEMENTWISE, get
from .experiments import gaussian_expectation

__all__ = ["MarkdownTable", "activation_table"]

_HEADERS = {
    "name": {"en": "activation (PyTorch)", "zh": "激活函数（PyTorch）"},
    # Column headings start with a word, not only math: a header cell whose whole text is
    # math reads as empty to some screen readers and to axe (MathJax draws it with CSS).
    "formula": {"en": "formula $f(x)$", "zh": "公式 $f(x)$"},
    "derivative": {"en": "derivative $f'(x)$", "zh": "导数 $f'(x)$"},
    "kink": {"en": "PyTorch's $f'$ at the kink", "zh": "PyTorch 在折点处取的 $f'$"},
    "range": {"en": "range", "zh": "值域"},
    "smooth": {"en": "smooth?", "zh": "光滑？"},
    "mean": {"en": r"mean $\mathbb{E}[f(z)]$", "zh": r"均值 $\mathbb{E}[f(z)]$"},
    "learnable": {"en": "learnable?", "zh": "可学习？"},
}
_SMOOTHNESS = {
    "relu": ("no: kink at 0", "否：0 处有折点"),
    "leaky_relu": ("no: kink at 0", "否：0 处有折点"),
    "prelu": ("no: kink at 0", "否：0 处有折点"),
    "rrelu": ("no: kink at 0", "否：0 处有折点"),
    "elu": ("$C^1$ only if $\\alpha = 1$", "仅当 $\\alpha = 1$ 时 $C^1$"),
    "celu": ("$C^1$", "$C^1$"),
    "selu": ("no: $f'$ jumps at 0", "否：$f'$ 在 0 处跳变"),
    "relu6": ("no: kinks at 0 and 6", "否：0 和 6 处有折点"),
    "hardswish": ("no: kinks at $\\pm 3$", "否：$\\pm 3$ 处有折点"),
}
_YES_NO = {True: ("yes", "是"), False: ("no", "否")}
# Where each piecewise-defined activation switches formula (the kinks of the table's
# "PyTorch's f' at the kink" column); the others are smooth everywhere.
_KINKS = {"relu": (0.0,), "leaky_relu": (0.0,), "prelu": (0.0,), "rrelu": (0.0,), "elu": (0.0,),
          "celu": (0.0,), "selu": (0.0,), "relu6": (0.0, 6.0), "hardswish": (-3.0, 3.0)}
_NO_KINK = ("none: smooth", "无：处处光滑")
# PyTorch module names that need a word of explanation, in both languages.
_MODULE_NOTE = {"swish": (" (β = 1: `nn.SiLU`)", "（β = 1 时即 `nn.SiLU`）")}
_LEARNABLE = {"prelu": ("yes: slope $a$", "是：斜率 $a$"), "swish": ("optionally $\\beta$", "可选：$\\beta$")}


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
    lang = language or _i18n.get_language()
    i = 1 if lang == "zh" else 0
    keys = ("name", "formula", "derivative", "kink", "range", "smooth", "mean", "learnable")
    lines = ["| " + " | ".join(_HEADERS[k][lang] for k in keys) + " |", "|" + "---|" * len(keys)]
    for name in names:
        f = get(name)
        smooth = _SMOOTHNESS[name][i] if name in _SMOOTHNESS else _YES_NO[f.smooth][i]
        learnable = _LEARNABLE.get(name, _YES_NO[False])[i]
        mean = gaussian_expectation(f)
        module = _MODULE_NOTE[name][i] if name in _MODULE_NOTE else f" (`{f.torch_module}`)"
        kinks = _KINKS.get(name)
        kink = (("，" if i else ", ").join(f"$f'({x:g}) = {float(f.grad(x)):.4g}$" for x in kinks)
                if kinks else _NO_KINK[i])
        derivative = f.derivative_formula.replace(r"\text{otherwise}", r"\text{其他}" if i else r"\text{otherwise}")
        row = (f"`{name}`{module}", f"${f.formula}$", f"${derivative}$", kink,
               f"${f.output_range}$", smooth, f"{mean:+.3f}", learnable)
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return MarkdownTable("\n".join(lines))
