r"""Plots used by the chapters, labelled in the current language.

Chinese labels need a font with CJK glyphs. The default matplotlib font (DejaVu Sans) has
none, and the common recipe ``rcParams['font.sans-serif'] = ['SimHei']`` only works on
machines that happen to have SimHei. Instead :func:`cjk_font` looks for any installed CJK
font (Noto Sans CJK, Source Han Sans, WenQuanYi, Microsoft YaHei, PingFang, ...), also
registering font files that matplotlib's cached font list does not know yet. With one
found, text uses ``font.family = ["DejaVu Sans", <CJK font>]``: Latin glyphs from DejaVu,
Chinese glyphs from the CJK font. With none found, labels fall back to English and one
notice (a ``UserWarning``) says how to install a font -- never boxes.

>>> import nnprimer
>>> from nnprimer import plot
>>> ax = plot.plot_activation("relu")
>>> ax.get_title()
'relu'
"""

from __future__ import annotations

import os
import re
import warnings
from functools import lru_cache
from typing import Any, Iterable, Sequence

import numpy as np

from . import _i18n
from ._curves import jumps
from ._optional import require

require("matplotlib", "nnprimer.plot")

import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

__all__ = [
    "FIGSIZE",
    "cjk_font",
    "label",
    "plot_activation",
    "plot_activations",
    "plot_history",
    "subplots",
]

#: Default figure size (inches) for one panel; chapters use it for a consistent look.
FIGSIZE = (6.4, 3.6)
#: Width of one panel in a grid of small multiples.
PANEL = (3.2, 2.6)

# Family names of CJK fonts, most preferred first (Simplified Chinese first).
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "Noto Sans CJK JP",
    "Noto Sans CJK TC", "Droid Sans Fallback", "AR PL UMing CN", "Arial Unicode MS",
)
# File names that indicate a CJK font (for files matplotlib's cache has not seen).
_CJK_FILE = re.compile(r"(cjk|wqy|wenquanyi|sourcehansans|notosanssc|msyh|simhei|pingfang|"
                       r"hiragino|droidsansfallback|uming|heiti)", re.IGNORECASE)
_notified = {"missing_font": False}


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None.

    Looks in matplotlib's font list first; if nothing is there, scans the system font
    folders for CJK font files and registers them with ``fontManager.addfont`` (fonts
    installed after matplotlib built its cache are otherwise invisible until the cache
    file is deleted).
    """
    override = os.environ.get("NNPRIMER_CJK_FONT")
    if override is not None:
        return override or None  # NNPRIMER_CJK_FONT="" simulates a machine without one
    found = _known_cjk_family()
    if found:
        return found
    for path in font_manager.findSystemFonts():
        if _CJK_FILE.search(os.path.basename(path)):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:  # unreadable font file: skip it
                continue
    return _known_cjk_family()


def _known_cjk_family() -> str | None:
    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in names:
            return family
    return None


def _language() -> str:
    """The language labels are drawn in: Chinese only if a CJK font exists."""
    lang = _i18n.get_language()
    if lang == "zh":
        font = cjk_font()
        if font is None:
            if not _notified["missing_font"]:
                _notified["missing_font"] = True
                warnings.warn(
                    "nnprimer: no CJK font found, so plot labels are in English. Install one "
                    "(Debian/Ubuntu: apt-get install fonts-noto-cjk; or any Noto Sans CJK / "
                    "Source Han Sans font) to get Chinese labels.",
                    UserWarning,
                    stacklevel=3,
                )
            return "en"
        family = ["DejaVu Sans", font]
        if list(matplotlib.rcParams["font.family"]) != family:
            matplotlib.rcParams["font.family"] = family
    return lang


def label(key: str | None = None, *, en: str | None = None, zh: str | None = None, **fields: Any) -> str:
    """A plot label in the current language.

    Either a key of nnprimer's label table (``label("loss")``) or the text itself in
    both languages (``label(en="dead units", zh="死亡单元")``), so that a chapter's code
    cell is identical in the English and the Chinese notebook. Chinese is used only when
    a CJK font is installed.
    """
    lang = _language()
    if key is not None:
        return _i18n.text(key, lang, **fields)
    if en is None or zh is None:
        raise TypeError("label needs a key, or both en= and zh= texts")
    return (zh if lang == "zh" else en).format(**fields)


def subplots(nrows: int = 1, ncols: int = 1, *, panel: tuple[float, float] | None = None, **kwargs: Any):
    """``plt.subplots`` with the course's figure sizes and fonts for the current language."""
    _language()
    if "figsize" not in kwargs:
        if nrows == 1 and ncols == 1 and panel is None:
            kwargs["figsize"] = FIGSIZE
        else:
            w, h = panel or PANEL
            kwargs["figsize"] = (w * ncols, h * nrows)
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, **kwargs)


def _autograd_derivative(f, x: np.ndarray, params: dict) -> np.ndarray | None:
    """f'(x) from torch.autograd through ``f.torch``; None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(f.torch(t, **params).sum(), t)
    return g.numpy()


def plot_activation(
    f: Any,
    *,
    params: dict | None = None,
    x: Sequence[float] | np.ndarray | None = None,
    ax: Any = None,
    derivative: bool = True,
    title: str | None = None,
    mark_kinks: Iterable[float] = (),
):
    """Plot an activation and its derivative (from ``torch.autograd`` when torch is installed).

    Parameters
    ----------
    f : str or Activation
        The activation or its name (see :data:`nnprimer.activations.ELEMENTWISE`).
    params : dict, optional
        Its parameters, e.g. ``{"negative_slope": 0.1}``.
    x : array, optional
        Where to evaluate (default ``linspace(-5, 5, 1001)``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    derivative : bool
        Also draw f'(x).
    mark_kinks : iterable of float
        x positions where to mark PyTorch's derivative value with a dot.

    Returns the Axes.
    """
    from . import activations

    f = activations.get(f) if isinstance(f, str) else f
    params = dict(params or {})
    xs = np.linspace(-5.0, 5.0, 1001) if x is None else np.asarray(x, dtype=np.float64)
    if ax is None:
        _, ax = subplots()
    lang = _language()
    ax.plot(xs, f(xs, **params), lw=2, label=_i18n.text("function", lang))
    if derivative:
        g = _autograd_derivative(f, xs, params)
        key = "derivative" if g is not None else "derivative_ref"
        g = f.grad(xs, **params) if g is None else g
        ax.plot(xs, _break_jumps(g), lw=1.5, ls="--", label=_i18n.text(key, lang))
        kinks = np.asarray(list(mark_kinks), dtype=np.float64)
        if kinks.size:
            ax.plot(kinks, f.grad(kinks, **params), "o", color="C1", ms=5)
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    ax.set_xlabel(_i18n.text("input", lang))
    ax.set_title(title if title is not None else _display_name(f, params))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return ax


def _break_jumps(y: np.ndarray) -> np.ndarray:
    """Insert NaN where y jumps, so a discontinuous derivative is not drawn as a vertical line."""
    y = np.array(y, dtype=np.float64)
    y[np.flatnonzero(jumps(y))] = np.nan  # drop the last point before each jump
    return y


def _display_name(f: Any, params: dict) -> str:
    if not params:
        return f.name
    return f"{f.name}(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"


def plot_activations(
    names: Sequence[str],
    *,
    params: dict[str, dict] | None = None,
    ncols: int = 4,
    x: np.ndarray | None = None,
    mark_kinks: dict[str, Iterable[float]] | None = None,
):
    """Small multiples: one panel per activation with its autograd derivative. Returns the Figure."""
    names = list(names)
    nrows = -(-len(names) // ncols)
    fig, axes = subplots(nrows, ncols, sharex=True, squeeze=False)
    for ax, name in zip(axes.flat, names):
        plot_activation(name, params=(params or {}).get(name), ax=ax, x=x,
                        mark_kinks=(mark_kinks or {}).get(name, ()))
        ax.set_xlabel("")
        if ax is not axes.flat[0]:
            legend = ax.get_legend()
            if legend is not None:
                legend.remove()
    for ax in list(axes.flat)[len(names):]:
        ax.set_visible(False)
    return fig


def plot_history(history: Any, *, metrics: Sequence[str] = ("loss", "accuracy"), axes: Any = None, label: str | None = None):
    """Training curves from :class:`nnprimer.train.History`: loss and accuracy per epoch.

    Draws the training curve solid and the validation curve (when recorded) dashed.
    ``label`` names the run in the legend when several histories share the axes.
    Returns the Axes.
    """
    lang = _language()
    if axes is None:
        _, axes = subplots(1, len(metrics), panel=(FIGSIZE[0] / 2 + 0.4, FIGSIZE[1]), squeeze=False)
        axes = axes[0]
    for ax, metric in zip(np.atleast_1d(axes), metrics):
        train = getattr(history, f"train_{'acc' if metric == 'accuracy' else 'loss'}")
        val = getattr(history, f"val_{'acc' if metric == 'accuracy' else 'loss'}")
        epochs = np.arange(1, len(train) + 1)
        prefix = f"{label}: " if label else ""
        line, = ax.plot(epochs, train, lw=2, label=prefix + _i18n.text("train_acc" if metric == "accuracy" else "train_loss", lang))
        if val:
            ax.plot(epochs, val, lw=1.5, ls="--", color=line.get_color(),
                    label=prefix + _i18n.text("val_acc" if metric == "accuracy" else "val_loss", lang))
        ax.set_xlabel(_i18n.text("epoch", lang))
        ax.set_ylabel(_i18n.text(metric, lang))
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    return axes
