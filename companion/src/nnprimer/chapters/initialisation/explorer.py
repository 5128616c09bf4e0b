r"""Initialisation scheme -> per-layer activation histograms of a deep random MLP.

A network of ``depth`` layers :math:`h_l = \phi(W_l h_{l-1})` (width 128, no biases) is
fed 256 standard-normal inputs; for each init scheme and activation the explorer shows
the histogram (share of values per bin of width 0.1 centred on -3, -2.9, ..., 3, log y axis) of a few
layers' activations, computed by :func:`nnprimer.chapters.initialisation.activation_histograms`.
A scheme that is too small squeezes later layers into the bin at 0; a well-scaled one
keeps the histograms alike from layer to layer.

>>> scenes = init_scenes(depth=4, width=32, n=64)
>>> [c.name for c in scenes[0].controls]
['activation', 'init']
"""

from __future__ import annotations

import html

import numpy as np

from . import experiments
from ... import init as _init
from ..._i18n import N_, _t, get_language
from ..._validation import integer
from ...widgets.core import Control, Frame, Scene, Series, number
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = ["INIT_SCHEMES", "init_explorer", "init_explorer_html", "init_scenes"]

#: The schemes offered: label -> :class:`nnprimer.init.SchemeChoice` (a scheme of the
#: registry :data:`nnprimer.init.REGISTRY` and its keyword arguments), checked at import.
INIT_SCHEMES = _init.choices({
    "normal(std=0.01)": ("normal", {"std": 0.01}),
    "PyTorch default": ("default", {}),  # U(±1/sqrt(fan_in)), as nn.Linear
    "xavier_normal": ("xavier_normal", {}),
    "xavier_normal(gain=5/3)": ("xavier_normal", {"gain": 5.0 / 3.0}),
    "kaiming_normal(relu)": ("kaiming_normal", {"nonlinearity": "relu"}),
})
ACTIVATIONS = ("tanh", "relu")
COLORS = ("#1f77b4", "#d95f02", "#2ca02c", "#7b3294")
DASHES = ("", "6 3", "2 2", "8 3 2 3")


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_INIT_CAPTION = N_(
    "A random MLP of {depth} layers of width {width}, no biases, {n} standard-normal inputs. "
    "Log y axis: the share of a layer's values in each bin of width 0.1; values beyond ±3 "
    "are counted in the end bins.")


def _shown(label: str, language: str | None = None) -> str:
    """The label of a scheme as shown to the reader (only "PyTorch default" is translated)."""
    return _t("PyTorch default", language) if label == "PyTorch default" else label


def _layers(depth: int) -> tuple[int, ...]:
    """The layers shown: 1, about a third, about two thirds, the last (distinct, 1-based)."""
    return tuple(sorted({1, max(1, round(depth / 3)), max(1, round(2 * depth / 3)), depth}))


def _compute(depth: int, width: int, n: int) -> dict[tuple[str, str], experiments.ActivationHistograms]:
    out = {}
    for activation in ACTIVATIONS:
        for label, (scheme, kwargs) in INIT_SCHEMES.items():
            out[activation, label] = experiments.activation_histograms(
                activation, scheme, depth=depth, width=width, n=n, scheme_kwargs=kwargs)
    return out


def _readout(stats: experiments.ActivationHistograms, layers: tuple[int, ...], language: str) -> str:
    parts = [f"{l}: {number(stats.std[l - 1], 3)}" for l in layers]
    return _t("std of the activations by layer: {stds}", language, stds=", ".join(parts))


def init_scenes(*, depth: int = 10, width: int = 128, n: int = 256) -> list[Scene]:
    """One :class:`Scene` with an activation choice and an init-scheme choice."""
    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=2)
    language = get_language()
    results = _compute(depth, width, n)
    layers = _layers(depth)

    def frame(activation: str, init: str) -> Frame:
        stats = results[activation, init]
        return Frame(
            curves=[np.where(stats.share[l - 1] > 0, stats.share[l - 1], np.nan) for l in layers],
            title=_t("{activation}, init {init}", language, activation=activation, init=_shown(init, language)),
            readout=_readout(stats, layers, language),
        )

    controls = (Control("activation", ACTIVATIONS, label=_t("activation", language)),
                Control("init", tuple(INIT_SCHEMES), start=2, label=_t("init", language),
                        value_labels=tuple(_shown(label, language) for label in INIT_SCHEMES)))
    caption = html.escape(_t(_INIT_CAPTION, language, depth=depth, width=width, n=n))
    return [Scene.from_function("init", frame, controls, x=next(iter(results.values())).centres, caption=caption,
                                ylog=True, ylim=(1e-4, 1.5), ylabel=_t("share of values", language))]


def _spec(depth: int, width: int, n: int) -> ExplorerSpec:
    language = get_language()
    scenes = init_scenes(depth=depth, width=width, n=n)
    series = [Series(_t("layer {n}", language, n=l), COLORS[i], dash=DASHES[i], width=1.8)
              for i, l in enumerate(_layers(depth))]
    return ExplorerSpec(scenes, series, title=_t("Initialisation explorer: activations layer by layer", language),
                        xlabel=_t("activation value h", language), description="init explorer", language=language)


def init_explorer_html(*, depth: int = 10, width: int = 128, n: int = 256) -> str:
    """The kernel-free form of :func:`init_explorer` (needs only numpy)."""
    return _spec(depth, width, n).html()


def init_explorer(*, depth: int = 10, width: int = 128, n: int = 256) -> Explorer:
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
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec(depth, width, n))
