r"""Depth x activation x initialisation -> per-layer gradient norms of a fresh MLP.

For each combination the explorer builds ``train.mlp([64] + [64] * depth + [10],
activation, init=...)`` with a fixed seed and shows
:math:`\lVert \partial \mathcal{L} / \partial W_l \rVert_F` for every layer
:math:`l = 1, \dots, \text{depth} + 1` (the last is the output layer) on the digits
training set, on a logarithmic axis (:func:`nnprimer.chapters.vanishing.gradient_flow`). The
readout gives the ratio of the first hidden layer's norm to the last hidden layer's:
much smaller than 1 means vanishing gradients, much larger exploding ones.

>>> scenes = gradient_flow_scenes(depths=(2, 3), activations=("relu",), inits=("default",))
>>> [c.name for c in scenes[0].controls], len(scenes[0].frames)
(['depth', 'activation', 'init'], 2)
"""

from __future__ import annotations

import html
from typing import Any, Sequence

import numpy as np

from . import experiments
from ... import init as _init
from ..._i18n import N_, _t, get_language
from ..._validation import _describe, integer
from ...widgets.core import FUNCTION_COLOR, Control, Frame, Scene, Series
from ...widgets.explorer import Explorer, ExplorerSpec

__all__ = [
    "FLOW_ACTIVATIONS",
    "FLOW_DEPTHS",
    "FLOW_INITS",
    "gradient_flow_explorer",
    "gradient_flow_explorer_html",
    "gradient_flow_scenes",
]

#: Numbers of hidden layers offered.
FLOW_DEPTHS = (2, 5, 10, 20, 30)
#: Activations offered.
FLOW_ACTIVATIONS = ("sigmoid", "tanh", "relu")
#: Initialisations offered: name shown -> :class:`nnprimer.init.SchemeChoice` (a scheme of
#: the registry :data:`nnprimer.init.REGISTRY` and its keyword arguments), checked at import.
FLOW_INITS = _init.choices({
    "default": ("default", {}),
    "xavier_normal": ("xavier_normal", {}),
    "kaiming_normal": ("kaiming_normal", {"nonlinearity": "relu"}),
})
#: Hidden width of every network.
WIDTH = 64
_YLIM = (1e-12, 1e3)


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_FLOW_READOUT = N_("layer 1 / layer {depth}: {ratio} (gradient norms {first} and {last})")
_FLOW_CAPTION = N_(
    "A fresh MLP with hidden layers of width {width} on the digits training set, "
    "cross-entropy loss, seed 0; the last point is the output layer.")
_FLOW_EXPLORER_TITLE = N_("Gradient flow explorer: gradient norm per layer at initialisation")


def _check(values: Any, name: str, allowed: Sequence[str] | None = None) -> tuple:
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple)) or not values:
        raise TypeError(f"{name} must be a non-empty list or tuple, got {_describe(values)}")
    if allowed is not None:
        for v in values:
            if v not in allowed:
                raise ValueError(f"{name} must hold values from {tuple(allowed)}, got {v!r}")
    return tuple(values)


def _compute(depths: tuple, activations: tuple, inits: tuple, data: Any) -> dict[tuple, np.ndarray]:
    from ... import train

    out = {}
    with train.torch_threads(1):  # many tiny models: threads only add overhead
        for depth in depths:
            for activation in activations:
                for name in inits:
                    scheme, kwargs = FLOW_INITS[name]
                    out[depth, activation, name] = experiments.gradient_flow(
                        activation, depth=depth, data=data, init=scheme, init_kwargs=kwargs, width=WIDTH)
    return out


def _ratio(norms: np.ndarray) -> float:
    """First hidden layer / last hidden layer (norms has depth + 1 entries)."""
    return float(norms[0] / norms[-2]) if norms.size > 2 else 1.0


def _readout(norms: np.ndarray, language: str) -> str:
    depth = norms.size - 1
    return _t(_FLOW_READOUT, language, depth=depth, ratio=f"{_ratio(norms):.2e}", first=f"{norms[0]:.2e}",
              last=f"{norms[-2]:.2e}")


def _data(data: Any) -> Any:
    if data is None:
        from ... import data as _datasets

        return _datasets.digits()
    return data


def gradient_flow_scenes(*, depths: Sequence[int] = FLOW_DEPTHS, activations: Sequence[str] = FLOW_ACTIVATIONS,
                         inits: Sequence[str] = tuple(FLOW_INITS), data: Any = None) -> list[Scene]:
    """One :class:`Scene` with a depth slider, an activation choice and an init choice.

    Every frame holds one line: the per-layer gradient norms at :math:`x = 1, \\dots,
    \\text{depth} + 1` (NaN beyond, so that all frames share the x grid of the deepest net).
    ``data`` defaults to ``nnprimer.data.digits()``.
    """
    depths = tuple(integer(d, "depths[i]", minimum=1) for d in _check(depths, "depths"))
    activations, inits = _check(activations, "activations"), _check(inits, "inits", tuple(FLOW_INITS))
    results = _compute(depths, activations, inits, _data(data))
    language = get_language()
    x = np.arange(1, max(depths) + 2, dtype=np.float64)

    def frame(depth: int, activation: str, init: str) -> Frame:
        norms = results[depth, activation, init]
        line = np.full(x.size, np.nan)
        line[: norms.size] = np.where(norms > 0, norms, np.nan)  # float32 underflow to 0: a gap
        return Frame([line], readout=_readout(norms, language),
                     title=_t("{depth} hidden layers, {activation}, init {init}", language, depth=depth,
                              activation=activation, init=init))

    controls = (Control("depth", depths, start=min(2, len(depths) - 1), label=_t("depth", language)),
                Control("activation", activations, label=_t("activation", language)),
                Control("init", inits, label=_t("init", language)))
    lows = [v for r in results.values() for v in r if v > 0]
    ylim = (min(_YLIM[0], 10 ** np.floor(np.log10(min(lows)))), max(_YLIM[1], 10 ** np.ceil(np.log10(max(lows)))))
    return [Scene.from_function("gradient flow", frame, controls, x=x, ylog=True, ylim=ylim,
                                caption=html.escape(_t(_FLOW_CAPTION, language, width=WIDTH)),
                                ylabel=_t("gradient norm", language))]


def _spec(**kwargs: Any) -> ExplorerSpec:
    language = get_language()
    return ExplorerSpec(gradient_flow_scenes(**kwargs), [Series(_t("gradient norm", language), FUNCTION_COLOR)],
                        title=_t(_FLOW_EXPLORER_TITLE, language), xlabel=_t("layer", language),
                        description="gradient flow explorer", language=language)


def gradient_flow_explorer_html(*, depths: Sequence[int] = FLOW_DEPTHS, activations: Sequence[str] = FLOW_ACTIVATIONS,
                                inits: Sequence[str] = tuple(FLOW_INITS), data: Any = None) -> str:
    """The kernel-free form of :func:`gradient_flow_explorer` (same keyword arguments)."""
    return _spec(depths=depths, activations=activations, inits=inits, data=data).html()


def gradient_flow_explorer(*, depths: Sequence[int] = FLOW_DEPTHS, activations: Sequence[str] = FLOW_ACTIVATIONS,
                           inits: Sequence[str] = tuple(FLOW_INITS), data: Any = None) -> Explorer:
    """An explorer of gradient flow: depth x activation x init -> per-layer gradient norms at initialisation.

    Parameters
    ----------
    depths : sequence of int
        Numbers of hidden layers (default :data:`FLOW_DEPTHS`).
    activations : sequence of str
        Activation names (default :data:`FLOW_ACTIVATIONS`).
    inits : sequence of str
        Keys of :data:`FLOW_INITS` (PyTorch's default, Xavier normal, Kaiming normal for ReLU).
    data : Dataset, optional
        Where the loss is measured (default ``nnprimer.data.digits()``).

    Returns
    -------
    Explorer
        Display it: live front ends show the widget, a static site the kernel-free HTML.
    """
    return Explorer(_spec(depths=depths, activations=activations, inits=inits, data=data))
