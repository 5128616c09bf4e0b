"""The activation explorer of the ReLU chapter: pick an activation, move its parameter.

>>> from nnprimer.widgets import activation_explorer_html
>>> "nnp-data" in activation_explorer_html(["relu"])
True
"""

from __future__ import annotations

import html
from typing import Any, Sequence

import numpy as np

from .. import activations
from .._i18n import N_, _t, get_language
from .._validation import _describe, real_number
from . import _live
from .core import (
    DERIVATIVE_COLOR,
    FUNCTION_COLOR,
    N_SAMPLES,
    Control,
    Explorer,
    Frame,
    Scene,
    Series,
    number,
    static_html,
    tex,
)

__all__ = [
    "ACTIVATION_CONTROLS",
    "ActivationExplorer",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
]

#: The control of each activation that has one numeric (or choice) parameter. ``rrelu``
#: has none on purpose: it is drawn in evaluation mode, where it is a leaky ReLU with
#: slope (lower + upper) / 2, which the ``leaky_relu`` slider already explores.
ACTIVATION_CONTROLS: dict[str, Control] = {
    "leaky_relu": Control.slider("negative_slope", 0.0, 0.5, 51, start=0.01),
    "prelu": Control.slider("weight", -0.5, 1.0, 31, start=0.25),
    "elu": Control.slider("alpha", 0.1, 3.0, 30, start=1.0),
    "celu": Control.slider("alpha", 0.1, 3.0, 30, start=1.0),
    "gelu": Control("approximate", ("none", "tanh")),
    "swish": Control.slider("beta", 0.0, 5.0, 26, start=1.0),
    "softplus": Control.slider("beta", 0.25, 5.0, 20, start=1.0),
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
_STATIC_NOTE = N_("Static version: values precomputed by nnprimer, no kernel needed.")
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


def _check_x_range(x_range: Any) -> tuple[float, float]:
    if isinstance(x_range, (str, bytes)) or not isinstance(x_range, Sequence) or len(x_range) != 2:
        raise TypeError(f"x_range must be a pair (low, high), got {_describe(x_range)}")
    lo, hi = real_number(x_range[0], "x_range[0]"), real_number(x_range[1], "x_range[1]")
    if not lo < hi:
        raise ValueError(f"x_range must have low < high, got {(lo, hi)}")
    return lo, hi


def _control_params(control: Control | None) -> list[dict[str, Any]]:
    """The parameter dict of every frame: one per control value."""
    if control is None:
        return [{}]
    return [{control.name: value} for value in control.values]


def _call_text(name: str, params: dict[str, Any], control: Control | None) -> str:
    """``leaky_relu(negative_slope=0.01)``, numbers shown as the control shows them."""
    if control is None:
        return name
    value = params[control.name]
    shown = repr(value) if control.kind == "choice" else control.labels[control.values.index(value)]
    return f"{name}({control.name}={shown})"


def _readout(f: activations.Activation, params: dict[str, Any], language: str) -> str:
    """``PyTorch's f'(0) = 0.01``: the derivative at the kink, as autograd returns it."""
    return _t("PyTorch's f'(0)", language) + f" = {number(f.grad(0.0, **params))}"


def formulas(f: activations.Activation, params: dict[str, Any] | None = None) -> tuple[str, str]:
    """The TeX of f and f' for these parameters (a choice such as GELU's may change them).

    >>> formulas(activations.get("gelu"), {"approximate": "tanh"})[0][:12]
    '\\\\tfrac{x}{2}'
    """
    for key, value in (params or {}).items():
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
    """
    names = _check_names(names)
    lo, hi = _check_x_range(x_range)
    x = np.linspace(lo, hi, N_SAMPLES)
    language = get_language()
    scenes = []
    for name in names:
        f = activations.get(name)
        control = ACTIVATION_CONTROLS.get(name)
        frames = []
        for params in _control_params(control):
            marks = [(1, 0.0, float(f.grad(0.0, **params)))] if lo <= 0.0 <= hi else []
            frames.append(Frame(
                curves=[f(x, **params), f.grad(x, **params)],
                title=_t("{name}: function and derivative", language, name=_call_text(name, params, control)),
                readout=_readout(f, params, language),
                marks=marks,
                caption=_caption(f, params, language),
            ))
        scenes.append(Scene(name, x, frames, control, caption=frames[0].caption))
    return scenes


def _activation_series(language: str) -> list[Series]:
    return [
        Series(_t("f(x)", language), FUNCTION_COLOR, width=2.0),
        Series(_t("f'(x)", language), DERIVATIVE_COLOR, dash="6 4", width=1.6, break_jumps=True),
    ]


def _scenes_html(scenes: Sequence[Scene]) -> str:
    language = get_language()
    return static_html(
        scenes,
        _activation_series(language),
        title=_t("Activation explorer", language),
        xlabel=_t("input x", language),
        note=_t(_STATIC_NOTE, language),
    )


def activation_explorer_html(names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)) -> str:
    """The kernel-free form of :func:`activation_explorer`, as an HTML string.

    Needs only numpy: no ipywidgets, no matplotlib. Labels follow
    :func:`nnprimer.get_language`.
    """
    return _scenes_html(activation_scenes(names, x_range=x_range))


class ActivationExplorer(_live.Redrawing, Explorer):
    """Pick an activation and its parameter; see f, f' and PyTorch's f'(0).

    Built by :func:`activation_explorer`. Besides :attr:`widget` and :attr:`html` it
    exposes its controls (:attr:`variant`, :attr:`slider`, :attr:`choice`), the formula
    line :attr:`info`, the :attr:`output` that holds the plot, the last drawn matplotlib
    :attr:`figure` (already closed, so no figure leaks; its data stays readable),
    :attr:`draws` (how many times it drew) and :meth:`params`.
    """

    def __init__(self, names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)) -> None:
        w = _live.ipywidgets()
        self.scenes = activation_scenes(names, x_range=x_range)
        self._scenes = {s.name: s for s in self.scenes}
        self._x = np.linspace(self.scenes[0].x[0], self.scenes[0].x[-1], 1001)
        self._language = get_language()
        self.figure = None
        self.draws = 0

        wide = {"description_width": "initial"}
        self.variant = w.Dropdown(options=list(self._scenes), description=_t("variant"), style=wide)
        self.slider = w.FloatSlider(continuous_update=False, style=wide, layout=w.Layout(width="340px"))
        self.choice = w.ToggleButtons(options=["-"], style={"button_width": "64px"})
        self.none = w.Label(_t("no parameter"))
        self.info = w.HTMLMath()
        self.output = w.Output()
        title = w.HTML(f"<b>{html.escape(_t('Activation explorer'))}</b>")
        box = w.VBox([title, w.HBox([self.variant, self.slider, self.choice, self.none]), self.info, self.output])
        super().__init__(box, _scenes_html(self.scenes),
                         description=f"activation explorer: {', '.join(self._scenes)}")

        self.variant.observe(self._on_variant, names="value")
        self.slider.observe(self._on_control, names="value")
        self.choice.observe(self._on_control, names="value")
        self._on_variant()

    # -- state --------------------------------------------------------------------------
    def control(self) -> Control | None:
        """The control of the selected activation (None if it has no parameter)."""
        return self._scenes[self.variant.value].control

    def params(self) -> dict[str, Any]:
        """The selected activation's parameters, e.g. ``{"negative_slope": 0.01}``.

        Slider values snap to the same grid as the static form.
        """
        control = self.control()
        if control is None:
            return {}
        widget = self.choice if control.kind == "choice" else self.slider
        return {control.name: control.snap(widget.value)}

    # -- reacting to the controls --------------------------------------------------------
    def _on_variant(self, change: Any = None) -> None:
        control = self.control()
        with self._quiet():
            self._show(self.slider, control is not None and control.kind == "slider")
            self._show(self.choice, control is not None and control.kind == "choice")
            self._show(self.none, control is None)
            if control is not None and control.kind == "slider":
                _configure_slider(self.slider, control)
            elif control is not None:
                self.choice.options = list(control.values)
                self.choice.value = control.values[control.start]
                self.choice.description = control.name
        self.redraw()

    @staticmethod
    def _show(widget: Any, visible: bool) -> None:
        widget.layout.display = None if visible else "none"

    # -- drawing --------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the selected activation with matplotlib into :attr:`output`."""
        from .. import plot  # matplotlib only now, not at import

        name, params = self.variant.value, self.params()
        f = activations.get(name)
        control = self.control()
        fig, ax = plot.subplots()
        title = _t("{name}: function and derivative", name=_call_text(name, params, control))
        kinks = [0.0] if self._x[0] <= 0.0 <= self._x[-1] else []
        plot.plot_activation(f, params=params, x=self._x, ax=ax, title=title, mark_kinks=kinks)
        ax.set_xlim(self._x[0], self._x[-1])
        ax.set_ylim(*self._scenes[name].ylim)
        _live.show_figure(self.output, fig, title)
        self.figure = fig
        readout = html.escape(_readout(f, params, self._language), quote=False)
        self.info.value = f"{_caption(f, params, self._language)}<br>{readout}"
        self.draws += 1


def _configure_slider(slider: Any, control: Control) -> None:
    """Give ``slider`` the range, step, format and start value of ``control``."""
    from .core import _decimals_needed

    lo, hi = control.values[0], control.values[-1]
    if lo > slider.max:  # keep min <= max at every step, or ipywidgets refuses
        slider.max, slider.min = hi, lo
    else:
        slider.min, slider.max = lo, hi
    slider.step = (hi - lo) / (len(control.values) - 1)
    slider.readout_format = f".{_decimals_needed(control.values)}f"
    slider.description = control.name
    slider.value = control.values[control.start]


def activation_explorer(
    names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)
) -> ActivationExplorer:
    """An explorer of activation functions: pick one, move its parameter, read f'(0).

    Shows f and its derivative (the live form takes it from ``torch.autograd`` when torch
    is installed, through :func:`nnprimer.plot.plot_activation`; the static form from
    ``.grad``, which is tested equal to it), the formulas (GELU's follow its
    ``approximate`` choice), and PyTorch's value of f'(0) at the kink. Parameters have
    sliders (see :data:`ACTIVATION_CONTROLS`): leaky_relu's ``negative_slope`` 0..0.5,
    prelu's ``weight`` -0.5..1, elu's and celu's ``alpha`` 0.1..3, swish's ``beta``
    0..5, softplus's ``beta`` 0.25..5, and a choice of gelu's ``approximate``. rrelu is
    shown in evaluation mode (slope (lower + upper) / 2).

    Parameters
    ----------
    names : sequence of str, optional
        Activation names, in drop-down order (default: all of
        :data:`nnprimer.activations.ELEMENTWISE`, the ReLU family first).
    x_range : (float, float)
        The x interval drawn.

    Returns
    -------
    ActivationExplorer
        Display it (or leave it last in a cell): live frontends show the widget, a
        static site the kernel-free HTML (see :mod:`nnprimer.widgets` for the site setting).
    """
    return ActivationExplorer(names, x_range=x_range)
