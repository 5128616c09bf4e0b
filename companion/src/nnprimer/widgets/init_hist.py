r"""Initialisation scheme -> per-layer activation histograms of a deep random MLP.

A network of ``depth`` layers :math:`h_l = \phi(W_l h_{l-1})` (width 128, no biases) is
fed 256 standard-normal inputs; for each init scheme and activation the explorer shows
the histogram (share of values per bin of width 0.1 centred on -3, -2.9, ..., 3, log y axis) of a few
layers' activations, computed by :func:`nnprimer.experiments.activation_histograms`.
A scheme that is too small squeezes later layers into the bin at 0; a well-scaled one
keeps the histograms alike from layer to layer.

>>> scenes = init_scenes(depth=4, width=32, n=64)
>>> [c.name for c in scenes[0].controls]
['activation', 'init']
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

from .. import experiments
from .._i18n import N_, _t, get_language
from .._validation import integer
from . import _live
from .core import Control, Explorer, Frame, Scene, Series, number, static_html

__all__ = ["INIT_SCHEMES", "InitExplorer", "init_explorer", "init_explorer_html", "init_scenes"]

#: The schemes offered: label -> (nnprimer.init scheme, keyword arguments).
INIT_SCHEMES = {
    "normal(std=0.01)": ("normal", {"std": 0.01}),
    "PyTorch default": ("uniform", {}),  # U(±1/sqrt(width)), set from the width
    "xavier_normal": ("xavier_normal", {}),
    "xavier_normal(gain=5/3)": ("xavier_normal", {"gain": 5.0 / 3.0}),
    "kaiming_normal(relu)": ("kaiming_normal", {"nonlinearity": "relu"}),
}
ACTIVATIONS = ("tanh", "relu")
COLORS = ("#1f77b4", "#d95f02", "#2ca02c", "#7b3294")
DASHES = ("", "6 3", "2 2", "8 3 2 3")


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_INIT_CAPTION = N_(
    "A random MLP of {depth} layers of width {width}, no biases, {n} standard-normal inputs. "
    "Log y axis: the share of a layer's values in each bin of width 0.1; values beyond ±3 "
    "are counted in the end bins.")
_STATIC_NOTE = N_("Static version: values precomputed by nnprimer, no kernel needed.")


def _shown(label: str, language: str | None = None) -> str:
    """The label of a scheme as shown to the reader (only "PyTorch default" is translated)."""
    return _t("PyTorch default", language) if label == "PyTorch default" else label


def _layers(depth: int) -> tuple[int, ...]:
    """The layers shown: 1, about a third, about two thirds, the last (distinct, 1-based)."""
    return tuple(sorted({1, max(1, round(depth / 3)), max(1, round(2 * depth / 3)), depth}))


def _compute(depth: int, width: int, n: int) -> dict[tuple[str, str], dict[str, np.ndarray]]:
    out = {}
    for activation in ACTIVATIONS:
        for label, (scheme, kwargs) in INIT_SCHEMES.items():
            if label == "PyTorch default":
                scheme, kwargs = "uniform", {"a": -1.0 / math.sqrt(width), "b": 1.0 / math.sqrt(width)}
            out[activation, label] = experiments.activation_histograms(
                activation, scheme, depth=depth, width=width, n=n, seed=0, scheme_kwargs=kwargs)
    return out


def _readout(stats: dict[str, np.ndarray], layers: tuple[int, ...], language: str) -> str:
    parts = [f"{l}: {number(stats['std'][l - 1], 3)}" for l in layers]
    return _t("std of the activations by layer: {stds}", language, stds=", ".join(parts))


def init_scenes(*, depth: int = 10, width: int = 128, n: int = 256, _results: dict | None = None) -> list[Scene]:
    """One :class:`Scene` with an activation choice and an init-scheme choice."""
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=2)
    language = get_language()
    results = _compute(depth, width, n) if _results is None else _results
    layers = _layers(depth)
    controls = (Control("activation", ACTIVATIONS, label=_t("activation", language)),
                Control("init", tuple(_shown(label, language) for label in INIT_SCHEMES), start=2,
                        label=_t("init", language)))
    frames = []
    x = None
    for activation in ACTIVATIONS:
        for label in INIT_SCHEMES:
            stats = results[activation, label]
            x = stats["centres"]
            frames.append(Frame(
                curves=[np.where(stats["share"][l - 1] > 0, stats["share"][l - 1], np.nan) for l in layers],
                title=_t("{activation}, init {init}", language, activation=activation, init=_shown(label, language)),
                readout=_readout(stats, layers, language),
            ))
    caption = html.escape(_t(_INIT_CAPTION, language, depth=depth, width=width, n=n))
    return [Scene("init", x, frames, controls, caption=caption, ylog=True, ylim=(1e-4, 1.5),
                  ylabel=_t("share of values", language))]


def _series(depth: int, language: str) -> list[Series]:
    return [Series(_t("layer {n}", language, n=l), COLORS[i], dash=DASHES[i], width=1.8)
            for i, l in enumerate(_layers(depth))]


def init_explorer_html(*, depth: int = 10, width: int = 128, n: int = 256, _results: dict | None = None) -> str:
    """The kernel-free form of :func:`init_explorer` (needs only numpy)."""
    language = get_language()
    return static_html(init_scenes(depth=depth, width=width, n=n, _results=_results), _series(depth, language),
                       title=_t("Initialisation explorer: activations layer by layer", language),
                       xlabel=_t("activation value h", language),
                       note=_t(_STATIC_NOTE, language))


class InitExplorer(_live.Redrawing, Explorer):
    """Pick an activation and an init scheme; see the activation histograms of a few layers.

    Built by :func:`init_explorer`. Exposes the choices :attr:`activation` and
    :attr:`init` (``ToggleButtons`` / ``Dropdown`` over the same values as the static
    form), the :attr:`readout` (HTML), the :attr:`output` holding the plot, the last
    :attr:`figure` (closed), :attr:`draws` and :meth:`stats` (the current histograms).
    """

    def __init__(self, *, depth: int = 10, width: int = 128, n: int = 256) -> None:
        w = _live.ipywidgets()
        self.depth = integer(depth, "depth", minimum=1)
        self.width = integer(width, "width", minimum=1)
        self.n = integer(n, "n", minimum=2)
        self._language = get_language()
        self._results = _compute(self.depth, self.width, self.n)
        self.figure = None
        self.draws = 0
        self.activation = w.ToggleButtons(options=list(ACTIVATIONS), value=ACTIVATIONS[0],
                                          description=_t("activation", self._language))
        self.init = w.Dropdown(options=[(_shown(label, self._language), label) for label in INIT_SCHEMES],
                               value=list(INIT_SCHEMES)[2], description=_t("init", self._language))
        self.readout = w.HTML()
        self.output = w.Output()
        title = _t("Initialisation explorer: activations layer by layer", self._language)
        caption = _t(_INIT_CAPTION, self._language, depth=self.depth, width=self.width, n=self.n)
        box = w.VBox([w.HTML(f"<b>{html.escape(title)}</b>"), w.HBox([self.activation, self.init]),
                      w.HTML(html.escape(caption)), self.readout, self.output])
        page = init_explorer_html(depth=self.depth, width=self.width, n=self.n, _results=self._results)
        super().__init__(box, page, description="init explorer")
        self.activation.observe(self._on_control, names="value")
        self.init.observe(self._on_control, names="value")
        self.redraw()

    def stats(self) -> dict[str, np.ndarray]:
        """The histograms and per-layer statistics for the current activation and scheme."""
        return self._results[self.activation.value, self.init.value]

    def redraw(self) -> None:
        """Draw the histograms of the selected layers into :attr:`output`."""
        from .. import plot  # matplotlib only now

        stats = self.stats()
        layers = _layers(self.depth)
        fig, ax = plot.subplots()
        for i, l in enumerate(layers):
            share = stats["share"][l - 1]
            ax.plot(stats["centres"], np.where(share > 0, share, np.nan), color=COLORS[i], lw=1.8,
                    ls=("-", "--", ":", "-.")[i], label=_t("layer {n}", n=l))
        ax.set_yscale("log")
        ax.set_ylim(1e-4, 1.5)
        title = _t("{activation}, init {init}", activation=self.activation.value,
                   init=_shown(self.init.value, self._language))
        ax.set_title(title)
        ax.set_xlabel(_t("activation value h"))
        ax.set_ylabel(_t("share of values"))
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
        _live.show_figure(self.output, fig, title)
        self.figure = fig
        self.readout.value = html.escape(_readout(stats, layers, self._language))
        self.draws += 1


def init_explorer(*, depth: int = 10, width: int = 128, n: int = 256) -> InitExplorer:
    """An explorer of initialisation: init scheme x activation -> per-layer activation histograms.

    Parameters
    ----------
    depth : int
        Layers of the random network (default 10); the explorer shows layers 1, ~depth/3,
        ~2·depth/3 and depth.
    width : int
        Units per layer (default 128).
    n : int
        Inputs pushed through (default 256).

    Returns
    -------
    InitExplorer
        Display it: live frontends show the widget, a static site the kernel-free HTML.
    """
    return InitExplorer(depth=depth, width=width, n=n)
