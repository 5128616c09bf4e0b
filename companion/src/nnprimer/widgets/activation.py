"""The activation explorer of the ReLU chapter: pick an activation, move its parameter.

>>> from nnprimer.widgets import activation_explorer_html
>>> "nnp-data" in activation_explorer_html(["relu"])
True
"""

from __future__ import annotations

import html
from functools import partial
from typing import Any, Sequence

import numpy as np

from .. import activations
from .._i18n import N_, _t, get_language
from .._validation import _describe
from .core import DERIVATIVE_COLOR, FUNCTION_COLOR, N_SAMPLES, Control, Frame, Scene, Series, check_x_range, number, tex
from .explorer import Explorer, ExplorerSpec

__all__ = [
    "ACTIVATION_CONTROLS",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
]

def _control(fact: activations.Slider | activations.Choice) -> Control:
    """The explorer's control for an activation's ``explorer_control`` fact."""
    if isinstance(fact, activations.Slider):
        return Control.slider(fact.parameter, fact.low, fact.high, fact.steps, start=fact.start)
    return Control(fact.parameter, fact.options)


#: The control of each activation that has one numeric (or choice) parameter, from the
#: activation's own ``explorer_control`` (nnprimer.activations). ``rrelu`` has none on
#: purpose: it is drawn in evaluation mode, where it is a leaky ReLU with slope
#: (lower + upper) / 2, which the ``leaky_relu`` slider already explores.
ACTIVATION_CONTROLS: dict[str, Control] = {
    name: _control(activations.get(name).explorer_control) for name in activations.ELEMENTWISE
    if activations.get(name).explorer_control is not None
}


#: Formulas that depend on a choice: (name, parameter value) -> (f, f'). The tanh
#: approximation of GELU is what PyTorch computes with ``approximate="tanh"``.
CHOICE_FORMULAS: dict[tuple[str, str], tuple[str, str]] = {
    ("gelu", "tanh"): (
        r"\tfrac{x}{2}\bigl(1 + \tanh u\bigr),\ u = \sqrt{2/\pi}\,(x + 0.044715\,x^{3})",
        r"\tfrac{1}{2}(1 + \tanh u) + \tfrac{x}{2}(1 - \tanh^{2} u)\,\sqrt{2/\pi}\,(1 + 0.134145\,x^{2})",
    ),
}


# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_RRELU_EVAL = N_("evaluation mode: negative slope (lower + upper) / 2 = {slope}")


def _check_names(names: Any) -> list[str]:
    """The activation names to show, validated (default: all of ELEMENTWISE)."""
    if names is None:
        return list(activations.ELEMENTWISE)
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"names must be a list of activation names such as ['relu', 'elu'], got {_describe(names)}")
    names = list(names)
    if not names:
        raise ValueError("names must hold at least one activation name, got an empty list")
    for name in names:
        activations.get(name)  # raises with the list of known names
    if len(set(names)) != len(names):
        raise ValueError(f"names must not repeat, got {names}")
    return names


def _call_text(name: str, params: dict[str, Any], control: Control | None) -> str:
    """``leaky_relu(negative_slope=0.01)``, numbers shown as the control shows them."""
    if control is None:
        return name
    value = params[control.name]
    shown = repr(value) if control.kind == "choice" else control.label_of(value)
    return f"{name}({control.name}={shown})"


def formulas(f: activations.Activation, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """The TeX of f and f' for these parameters (a choice such as GELU's may change them).

    >>> formulas(activations.get("gelu"), {"approximate": "tanh"})[0][:12]
    '\\\\tfrac{x}{2}'
    """
    for value in (params or {}).values():
        if (f.name, value) in CHOICE_FORMULAS:
            return CHOICE_FORMULAS[(f.name, value)]
    return f.formula, f.derivative_formula


def _caption(f: activations.Activation, params: dict[str, Any], language: str) -> str:
    """HTML with the formulas of f and f' (TeX) for these parameters, plus a note for rrelu."""
    formula, derivative = formulas(f, params)
    approx = "\\approx" if (f.name, params.get("approximate")) == ("gelu", "tanh") else "="
    caption = tex(f"f(x) {approx} " + formula) + " &nbsp;&nbsp; " + tex(f"f'(x) {approx} " + derivative)
    if f.name == "rrelu":
        slope = (f.defaults["lower"] + f.defaults["upper"]) / 2.0
        caption += "<br>" + html.escape(_t(_RRELU_EVAL, language, slope=f"{slope:.4g}"))
    return caption


def _frame(f: activations.Activation, control: Control | None, x: np.ndarray, language: str,
           **params: Any) -> Frame:
    """f and f' (from ``.grad``) for these parameters, PyTorch's f'(0) marked and read out."""
    kink = float(f.grad(0.0, **params))
    return Frame(
        curves=[f(x, **params), f.grad(x, **params)],
        title=_t("{name}: function and derivative", language, name=_call_text(f.name, params, control)),
        readout=_t("PyTorch's f'(0)", language) + f" = {number(kink)}",
        marks=[(1, 0.0, kink)] if x[0] <= 0.0 <= x[-1] else [],
        caption=_caption(f, params, language),
    )


def activation_scenes(
    names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)
) -> list[Scene]:
    """One :class:`Scene` per activation: f and f' (from ``.grad``) for every control value.

    Parameters
    ----------
    names : sequence of str, optional
        Activation names (default: all of :data:`nnprimer.activations.ELEMENTWISE`).
    x_range : (float, float)
        The x interval drawn.

    The y range of a scene covers every frame, so it stays put while the slider moves.
    A dot marks f'(0), PyTorch's value at the kink, when 0 is in ``x_range``. A frame
    whose parameter changes the formula (GELU's ``approximate``) has its own caption.

    >>> [scene.name for scene in activation_scenes(["relu", "elu"])]
    ['relu', 'elu']
    """
    names = _check_names(names)
    x = np.linspace(*check_x_range(x_range), N_SAMPLES)
    language = get_language()
    scenes = []
    for name in names:
        f, control = activations.get(name), ACTIVATION_CONTROLS.get(name)
        scenes.append(Scene.from_function(name, partial(_frame, f, control, x, language), control, x=x,
                                          caption=_caption(f, {}, language)))
    return scenes


def _spec(names: Sequence[str] | None, x_range: tuple[float, float]) -> ExplorerSpec:
    language = get_language()
    scenes = activation_scenes(names, x_range=x_range)
    series = [Series(_t("f(x)", language), FUNCTION_COLOR, width=2.0),
              Series(_t("f'(x)", language), DERIVATIVE_COLOR, dash="6 4", width=1.6, break_jumps=True)]
    return ExplorerSpec(scenes, series, title=_t("Activation explorer", language), xlabel=_t("input x", language),
                        description=f"activation explorer: {', '.join(s.name for s in scenes)}", language=language)


def activation_explorer_html(names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)) -> str:
    """The kernel-free form of :func:`activation_explorer`, as an HTML string.

    Needs only numpy: no ipywidgets, no matplotlib. Labels follow
    :func:`nnprimer.get_language`.
    """
    return _spec(names, x_range).html()


def activation_explorer(
    names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)
) -> Explorer:
    """An explorer of activation functions: pick one, move its parameter, read f'(0).

    Shows f and its derivative (from ``.grad``, which is tested equal to
    ``torch.autograd``), the formulas (GELU's follow its ``approximate`` choice), and
    PyTorch's value of f'(0) at the kink. Parameters have sliders (see
    :data:`ACTIVATION_CONTROLS`): leaky_relu's ``negative_slope`` 0..0.5, prelu's
    ``weight`` -0.5..1, elu's and celu's ``alpha`` 0.1..3, swish's ``beta`` 0..5,
    softplus's ``beta`` 0.25..5, and a choice of gelu's ``approximate``. rrelu is shown in
    evaluation mode (slope (lower + upper) / 2).

    Parameters
    ----------
    names : sequence of str, optional
        Activation names, in drop-down order (default: all of
        :data:`nnprimer.activations.ELEMENTWISE`, the ReLU family first).
    x_range : (float, float)
        The x interval drawn.

    Returns
    -------
    Explorer
        Display it (or leave it last in a cell): live front ends show the widget, a
        static site the kernel-free HTML (see :mod:`nnprimer.widgets` for the site setting).

    >>> explorer = activation_explorer(["relu", "elu"])
    >>> explorer.live.scene.label = "elu"
    >>> explorer.live.controls["alpha"].value = 2.0
    >>> explorer.live.frame.readout
    "PyTorch's f'(0) = 2"
    """
    return Explorer(_spec(names, x_range))
