"""The live form of every explorer: ipywidgets built from the controls, frames drawn with matplotlib.

:class:`LiveForm` draws any :class:`~nnprimer.widgets.explorer.ExplorerSpec`: a drop-down
of the scenes (hidden with one), one widget per control of the shown scene (a
``SelectionSlider`` over exactly the values of a numeric control, so the live form shows
the grid and the labels of the kernel-free form; a ``Dropdown`` for a choice), the
caption, the readout, and the frame for the current values, computed by the scene's
function and drawn by :func:`draw_frame` into an ``Output`` as a PNG.

Why matplotlib rather than the kernel-free SVG renderer inside the widget: an ipywidgets
``HTML`` widget does not run scripts, so reusing ``explorer.js`` live would need the
front end to run scripts inside an ``Output`` widget (untrusted notebooks and some front
ends do not) or a second SVG renderer written in Python. A matplotlib figure is plain
Python, is drawn the same way by every front end that shows widgets, and its data can be
checked in a test without a browser.

Nothing here is imported until a live explorer is built.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np

from .._curves import jumps
from .._i18n import _t
from .._optional import require
from .core import Control, Frame, Scene, number, path_pieces

#: Widths of the description of a control (its label): as long as it needs.
_WIDE = {"description_width": "initial"}


def ipywidgets():
    """Import ipywidgets, or raise an ImportError naming the ``widgets`` extra."""
    return require("ipywidgets", "nnprimer.widgets")


class LiveForm:
    """The live form of an explorer spec (built by :class:`~nnprimer.widgets.Explorer`).

    Parameters
    ----------
    spec : ExplorerSpec
        What to show.
    style : str
        HTML put into the title line (the ``<style>`` that hides the kernel-free twin).

    Attributes
    ----------
    widget : ipywidgets.VBox
        Title, scene drop-down and controls, caption, readout, the chart.
    scene : ipywidgets.Dropdown
        The scene drop-down; its value is the index of the scene shown.
    frame : Frame
        The frame drawn last (for the current values).
    figure : matplotlib.figure.Figure
        The figure drawn last (closed, so no figure is left open; its data stays readable).
    draws : int
        How many times a frame was drawn: once when built, once per change of a control
        or of the scene.
    """

    def __init__(self, spec: Any, *, style: str = "") -> None:
        w = ipywidgets()
        require("matplotlib", "nnprimer.widgets")
        self.spec = spec
        self.draws = 0
        self.frame: Frame | None = None
        self.figure = None
        self._widgets: dict[int, list[Any]] = {}  # per scene, kept so that each scene keeps its values
        self.scene = w.Dropdown(options=[(s.name, i) for i, s in enumerate(spec.scenes)],
                                description=spec.scene_label, style=_WIDE)
        if len(spec.scenes) == 1:
            self.scene.layout.display = "none"
        self.params = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.none = w.Label(_t("no parameter", spec.language))
        self.caption = w.HTMLMath()
        self.readout = w.HTML()
        self.output = w.Output()
        title = w.HTML(f"<b>{html.escape(spec.title)}</b>{style}")
        row = w.HBox([self.scene, self.params, self.none], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([title, row, self.caption, self.readout, self.output])
        self.scene.observe(self._show_scene, names="value")
        self._show_scene()

    @property
    def shown_scene(self) -> Scene:
        """The scene shown."""
        return self.spec.scenes[self.scene.value]

    @property
    def controls(self) -> dict[str, Any]:
        """The widgets of the shown scene's controls, by control name."""
        return {c.name: widget for c, widget in zip(self.shown_scene.controls, self._widgets[self.scene.value])}

    def values(self) -> dict[str, Any]:
        """The current control values, by control name (what the frame function gets)."""
        return {name: widget.value for name, widget in self.controls.items()}

    def redraw(self) -> None:
        """Compute the frame for the current values and draw it, with its caption and readout."""
        import matplotlib.pyplot as plt

        scene = self.shown_scene
        frame = scene.frame_for(self.values())
        fig = draw_frame(frame, scene, self.spec)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        plt.close(fig)
        self.output.outputs = ({
            "output_type": "display_data",
            "data": {"image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
                     "text/plain": f"<Figure: {frame.title}>"},
            "metadata": {},
        },)
        self.caption.value = scene.caption if frame.caption is None else frame.caption
        self.readout.value = html.escape(frame.readout, quote=False)
        self.frame, self.figure = frame, fig
        self.draws += 1

    def _show_scene(self, change: Any = None) -> None:
        index = self.scene.value
        if index not in self._widgets:
            self._widgets[index] = [self._control_widget(c) for c in self.spec.scenes[index].controls]
        self.params.children = tuple(self._widgets[index])
        self.none.layout.display = "none" if self._widgets[index] else None
        self.redraw()

    def _control_widget(self, control: Control) -> Any:
        """A widget over exactly the values of ``control``, labelled as the kernel-free form labels them."""
        w = ipywidgets()
        options = dict(options=list(zip(control.labels, control.values)), value=control.values[control.start],
                       description=control.label or control.name, style=_WIDE)
        if control.kind == "slider":
            widget = w.SelectionSlider(continuous_update=False, layout=w.Layout(width="320px"), **options)
        else:
            widget = w.Dropdown(**options)
        widget.observe(self._on_control, names="value")
        return widget

    def _on_control(self, change: Any) -> None:
        if change["owner"] in self.params.children:  # a hidden scene's control changes nothing shown
            self.redraw()


def draw_frame(frame: Frame, scene: Scene, spec: Any):
    """A matplotlib figure of ``frame``: what the kernel-free SVG draws, on the scene's axes.

    Each series' artists have the gid ``series-<k>``; bands ``band``, markers ``vline`` and
    dots ``mark``.
    """
    from .. import plot  # matplotlib only now

    fig, ax = plot.subplots()
    bars = [k for k, s in enumerate(spec.series) if s.kind == "bar"]
    for x0, x1 in frame.bands:
        ax.axvspan(x0, x1, color="0.5", alpha=0.18, lw=0, gid="band")
    for k, (curve, s) in enumerate(zip(frame.curves, spec.series)):
        style = {"color": s.color, "gid": f"series-{k}"}
        line = {**style, "lw": s.width, "ls": (0, tuple(float(v) / s.width for v in s.dash.split())) if s.dash else "-"}
        if s.kind == "line":
            y = np.array(curve, dtype=np.float64)
            if s.break_jumps:
                y[np.flatnonzero(jumps(y))] = np.nan  # a step is a gap, not a vertical line
            ax.plot(scene.x, y, label=s.label, **line)
        elif s.kind == "bar":
            width = 0.7 / len(bars)
            at = scene.x - 0.35 + (bars.index(k) + 0.5) * width
            ax.bar(at, curve, width, label=s.label, **style)
            if s.values:
                for a, v in zip(at, curve):
                    ax.text(a, v, number(v, 3), ha="center", va="bottom")
        else:
            for i, piece in enumerate(path_pieces(curve)):
                ax.plot(piece[:, 0], piece[:, 1], label=None if i else s.label, **line)
    for v in frame.vlines:
        ax.axvline(v, color="0.33", lw=1.2, ls=(0, (3, 3)), gid="vline")
    for k, x, y in frame.marks:
        ax.plot([x], [y], "o", color=spec.series[k].color, ms=6, gid="mark")
    if scene.categories is not None:
        ax.set_xticks(scene.x, scene.categories)
        ax.set_xlim(-0.5, scene.x.size - 0.5)
    else:
        ax.set_xlim(scene.x[0], scene.x[-1])
    if scene.ylog:
        ax.set_yscale("log")
    elif scene.ylim[0] < 0 < scene.ylim[1]:
        ax.axhline(0.0, color="0.55", lw=0.8)
    ax.set_ylim(*scene.ylim)
    ax.set_title(frame.title)
    ax.set_xlabel(spec.xlabel)
    ax.set_ylabel(scene.ylabel)
    ax.grid(alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return fig
