r"""Interactive explorers that work with a kernel and without one.

The course is read as live notebooks and as a static website. An explorer therefore
comes in two forms, and an :class:`Explorer` carries both:

* ``explorer.widget`` -- the live ipywidget: controls that re-run Python and redraw a
  matplotlib figure (needs a kernel and ``pip install 'nnprimer[widgets]'``);
* ``explorer.html`` -- a self-contained HTML fragment (inline SVG, inline script, the data
  precomputed in Python and embedded as JSON) that works on a static page with no
  kernel and no network. It needs only numpy to build.

Displaying an explorer (``display(explorer)``, or leaving it as the last expression of a
cell) gives both forms in one mime bundle. Live frontends (JupyterLab, Notebook, VS Code,
Colab) prefer the widget view; a static site built by myst-nb shows the HTML once it is
told to prefer ``text/html`` for the html builder (in Jupyter Book's ``_config.yml``)::

    sphinx:
      config:
        nb_mime_priority_overrides:
          - [html, text/html, 0]

The kernel-free form is generic: a list of :class:`Scene` objects (one per choice in a
drop-down), each with at most one :class:`Control` (a slider over precomputed values, or
a choice among strings) and one :class:`Frame` of curves per control value. Its script
only looks frames up and redraws the SVG; :func:`static_html` builds it, and later
chapters can feed it their own scenes.

>>> from nnprimer.widgets import activation_explorer
>>> explorer = activation_explorer(["relu", "leaky_relu", "elu"])
>>> explorer
<nnprimer activation explorer: relu, leaky_relu, elu>
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import itertools
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass
from string import Template
from typing import Any, Iterator, Sequence

import numpy as np

from . import _i18n, activations
from ._curves import jumps as _jumps
from ._optional import require
from ._validation import _describe, integer, real_number

__all__ = [
    "ACTIVATION_CONTROLS",
    "ActivationExplorer",
    "Control",
    "Explorer",
    "Frame",
    "Scene",
    "Series",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
    "static_html",
]

#: Number of x samples per curve in the kernel-free form.
N_SAMPLES = 401
#: Largest vertical error (as a fraction of the y range) allowed when the kernel-free
#: form drops points that lie on a straight line between their neighbours.
SIMPLIFY_TOLERANCE = 3e-4
#: Significant digits kept in the kernel-free form, relative to the y range.
DIGITS = 4

_ids = itertools.count(1)


def _ipywidgets():
    """Import ipywidgets, or raise an ImportError naming the ``widgets`` extra."""
    return require("ipywidgets", "nnprimer.widgets")


# ----------------------------------------------------------------------------------------
# The generic explorer: a live widget plus its kernel-free HTML
# ----------------------------------------------------------------------------------------


class Explorer:
    """An explorer in two forms: a live ipywidget and a kernel-free HTML fragment.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The live form, shown by frontends that run a kernel.
    html : str
        The static form: a self-contained HTML fragment (see :func:`static_html`).
    description : str
        A few words for the plain-text representation.

    Displaying it returns both forms in one mime bundle (see :meth:`_repr_mimebundle_`).
    """

    def __init__(self, widget: Any, html: str, *, description: str = "explorer") -> None:
        self.widget = widget
        self.html = html
        self.description = description

    def __repr__(self) -> str:
        return f"<nnprimer {self.description}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The widget view, the static HTML and a plain-text line, in one bundle.

        Returns a dict with ``application/vnd.jupyter.widget-view+json`` (from the
        ipywidget's own ``_repr_mimebundle_``; absent once the widget is closed),
        ``text/html`` (:attr:`html`) and ``text/plain``, filtered by ``include`` and
        ``exclude`` (collections of mime types) when they are given.
        """
        bundle: dict[str, Any] = {}
        widget_repr = getattr(self.widget, "_repr_mimebundle_", None)
        if callable(widget_repr):  # a closed ipywidget sets it to None
            bundle.update(widget_repr(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.html
        bundle["text/plain"] = repr(self)
        return {
            mime: data for mime, data in bundle.items()
            if (include is None or mime in include) and (exclude is None or mime not in exclude)
        }


# ----------------------------------------------------------------------------------------
# The kernel-free form: scenes of precomputed frames, drawn by a small inline script
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """The style of one curve, the same in every frame.

    Parameters
    ----------
    label : str
        Its legend entry.
    color : str
        A CSS colour.
    dash : str
        An SVG ``stroke-dasharray`` such as ``"6 4"``; empty for a solid line.
    width : float
        Line width in pixels (at the SVG's natural size).
    break_jumps : bool
        Leave a gap where the curve jumps (a step in a derivative), instead of drawing
        a vertical line.
    """

    label: str
    color: str = "#1f77b4"
    dash: str = ""
    width: float = 2.0
    break_jumps: bool = False


@dataclass(frozen=True)
class Control:
    """The one control of a scene: a slider over numbers, or a choice among strings.

    Parameters
    ----------
    name : str
        Its label, usually the parameter's name in code (``"negative_slope"``).
    values : tuple
        The values, one frame each: numbers (a slider) or strings (a choice).
    start : int
        Index of the value shown first.

    >>> Control.slider("alpha", 0.1, 3.0, 30, start=1.0).labels[:3]
    ('0.1', '0.2', '0.3')
    """

    name: str
    values: tuple
    start: int = 0

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"control {self.name!r} needs at least one value")
        kinds = {isinstance(v, str) for v in self.values}
        if len(kinds) != 1:
            raise TypeError(f"control {self.name!r} must hold only numbers or only strings, got {self.values!r}")
        if not 0 <= self.start < len(self.values):
            raise ValueError(f"start must be an index in [0, {len(self.values) - 1}], got {self.start}")

    @classmethod
    def slider(cls, name: str, low: float, high: float, steps: int, *, start: float) -> Control:
        """``steps`` evenly spaced numbers from ``low`` to ``high``, starting at the one nearest ``start``."""
        grid = np.linspace(real_number(low, "low"), real_number(high, "high"), integer(steps, "steps", minimum=2))
        values = tuple(round(float(v), 10) + 0.0 for v in grid)  # 0.30000000000000004 -> 0.3
        return cls(name, values, int(np.argmin(np.abs(grid - start))))

    @property
    def kind(self) -> str:
        """``"slider"`` or ``"choice"``."""
        return "choice" if isinstance(self.values[0], str) else "slider"

    @property
    def labels(self) -> tuple[str, ...]:
        """The values as shown to the reader: numbers with as many decimals as the grid needs."""
        if self.kind == "choice":
            return tuple(self.values)
        decimals = _decimals_needed(self.values)
        return tuple(f"{v:.{decimals}f}" for v in self.values)

    def snap(self, value: Any) -> Any:
        """The grid value nearest ``value`` (for a choice: ``value`` itself, checked)."""
        if self.kind == "choice":
            if value not in self.values:
                raise ValueError(f"{self.name} must be one of {self.values}, got {value!r}")
            return value
        return self.values[int(np.argmin(np.abs(np.asarray(self.values) - float(value))))]


@dataclass
class Frame:
    """What a scene shows for one value of its control.

    Parameters
    ----------
    curves : sequence of arrays
        One array of y values per :class:`Series`, on the scene's x grid. NaN and inf
        leave gaps.
    title : str
        Title of the plot.
    readout : str
        A line of text shown above the plot (e.g. a value worth reading off).
    marks : sequence of (series index, x, y)
        Dots, in the colour of their series.
    """

    curves: Sequence[np.ndarray]
    title: str = ""
    readout: str = ""
    marks: Sequence[tuple[int, float, float]] = ()


@dataclass
class Scene:
    r"""One entry of the explorer's drop-down: a control and one frame per control value.

    Parameters
    ----------
    name : str
        Its entry in the drop-down.
    x : array
        Evenly spaced x values shared by every curve of the scene.
    frames : sequence of Frame
        One per value of ``control`` (exactly one without a control).
    control : Control, optional
        The slider or choice of this scene.
    caption : str
        HTML shown while the scene is selected; TeX inside
        ``<span class="math">\(...\)</span>`` is typeset by MathJax when the page has it.
    ylim : (float, float), optional
        The y range, fixed for the whole scene so that moving the control shows change;
        default: every frame's curves, with a margin.
    """

    name: str
    x: np.ndarray
    frames: Sequence[Frame]
    control: Control | None = None
    caption: str = ""
    ylim: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        self.x = np.asarray(self.x, dtype=np.float64)
        if self.x.ndim != 1 or self.x.size < 2 or not np.all(np.isfinite(self.x)):
            raise ValueError(f"x must be a 1-D array of at least 2 finite values, got {_describe(self.x)}")
        steps = np.diff(self.x)
        if not (np.all(steps > 0) and np.allclose(steps, steps[0], rtol=1e-6, atol=0)):
            raise ValueError("x must be evenly spaced and increasing")
        expected = 1 if self.control is None else len(self.control.values)
        if len(self.frames) != expected:
            raise ValueError(
                f"scene {self.name!r} needs {expected} frame(s), one per control value, got {len(self.frames)}"
            )
        if self.ylim is None:
            self.ylim = _padded_range(np.concatenate([np.ravel(c) for fr in self.frames for c in fr.curves]))


def static_html(
    scenes: Sequence[Scene],
    series: Sequence[Series],
    *,
    title: str = "",
    xlabel: str = "",
    note: str = "",
    scene_label: str | None = None,
) -> str:
    """A self-contained HTML fragment that lets the reader flip through precomputed frames.

    A drop-down picks the scene, a slider (or a second drop-down) picks the frame, and a
    short inline script redraws an inline SVG. Nothing is loaded from anywhere: no URL,
    no require.js, no MathJax needed (captions are typeset if the page has MathJax). Every
    call gets a new element id, and the script only touches its own element, so several
    explorers can share a page.

    Curves are stored with :data:`DIGITS` significant digits relative to the y range,
    and points that lie within :data:`SIMPLIFY_TOLERANCE` (of the y range) of the
    straight line through their neighbours are dropped, so straight pieces cost two
    points.

    Parameters
    ----------
    scenes : sequence of Scene
        The scenes, in drop-down order.
    series : sequence of Series
        The style of each curve (every frame has one curve per series).
    title, xlabel, note : str
        Text shown above the controls, under the x axis, and under the plot.
    scene_label : str, optional
        The label of the scene drop-down (default: "variant" in the current language).

    Returns
    -------
    str
        The HTML fragment.
    """
    if not scenes:
        raise ValueError("static_html needs at least one scene")
    for scene in scenes:
        for frame in scene.frames:
            if len(frame.curves) != len(series):
                raise ValueError(f"every frame of scene {scene.name!r} needs {len(series)} curve(s), one per series")
    payload = {
        "box": list(_PLOT_BOX),
        "xlabel": xlabel,
        "series": [{"label": s.label, "color": s.color, "dash": s.dash, "width": s.width} for s in series],
        "scenes": [_scene_payload(scene, series) for scene in scenes],
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    uid = f"nnp-explorer-{next(_ids)}-{hashlib.sha1(data.encode()).hexdigest()[:8]}"
    return _PAGE.substitute(
        uid=uid,
        title=html.escape(title),
        scene_label=html.escape(_i18n.text("variant") if scene_label is None else scene_label),
        scene_options="".join(f"<option>{html.escape(s.name)}</option>" for s in scenes),
        no_parameter=html.escape(_i18n.text("no_parameter")),
        captions="".join(
            f'<div class="nnp-caption"{"" if i == 0 else " hidden"}>{s.caption}</div>' for i, s in enumerate(scenes)
        ),
        width=_SVG_SIZE[0],
        height=_SVG_SIZE[1],
        clip_x=_PLOT_BOX[0], clip_y=_PLOT_BOX[1],
        clip_w=_PLOT_BOX[2] - _PLOT_BOX[0], clip_h=_PLOT_BOX[3] - _PLOT_BOX[1],
        aria=html.escape(title, quote=True),
        note=html.escape(note),
        data=data.replace("</", "<\\/"),  # a JSON string may not close the script element
        script=_SCRIPT,
    )


def _scene_payload(scene: Scene, series: Sequence[Series]) -> dict[str, Any]:
    """The JSON-ready description of one scene, curves rounded and simplified."""
    lo, hi = scene.ylim
    decimals = _decimals_for(hi - lo)
    tolerance = SIMPLIFY_TOLERANCE * (hi - lo)
    xlim = (float(scene.x[0]), float(scene.x[-1]))
    control = scene.control
    return {
        "name": scene.name,
        "grid": [xlim[0], xlim[1], int(scene.x.size)],
        "xlim": list(xlim),
        "ylim": [_round(lo, decimals + 2), _round(hi, decimals + 2)],
        "xticks": _ticks(*xlim),
        "yticks": _ticks(lo, hi),
        "control": None if control is None else {
            "kind": control.kind, "name": control.name, "labels": list(control.labels), "start": control.start,
        },
        "frames": [
            {
                "c": [_encode_curve(np.asarray(y, dtype=np.float64), decimals, tolerance, s.break_jumps)
                      for y, s in zip(frame.curves, series)],
                "m": [[int(k), _round(x, decimals), _round(y, decimals)] for k, x, y in frame.marks],
                "t": frame.title,
                "r": frame.readout,
            }
            for frame in scene.frames
        ],
    }


def _encode_curve(y: np.ndarray, decimals: int, tolerance: float, break_jumps: bool) -> list[list[float]]:
    """A curve as a list of connected pieces, each a flat list ``[i0, y0, i1, y1, ...]``.

    ``i`` indexes the scene's x grid; values are rounded to ``decimals`` places and
    points on straight stretches dropped (see :func:`_simplify`).
    """
    pieces = []
    for start, stop in _pieces(y, break_jumps):
        keep = start + _simplify(y[start:stop], tolerance)
        pieces.append([v for i in keep for v in (int(i), _round(y[i], decimals))])
    return pieces


def _pieces(y: np.ndarray, break_jumps: bool) -> list[tuple[int, int]]:
    """``(start, stop)`` index ranges of the runs of ``y`` drawn as connected lines."""
    finite = np.isfinite(y)
    join = finite[:-1] & finite[1:]  # join[i]: draw a line from point i to point i + 1
    if break_jumps:
        join &= ~_jumps(y)
    cuts = np.flatnonzero(~join) + 1
    bounds = zip(np.r_[0, cuts], np.r_[cuts, y.size])
    return [(int(a), int(b)) for a, b in bounds if b - a >= 2 and finite[a]]


def _simplify(y: np.ndarray, tolerance: float) -> np.ndarray:
    """Indices of the points of ``y`` (on an evenly spaced grid) worth keeping.

    Douglas-Peucker with vertical distance: the polyline through the kept points is
    within ``tolerance`` of every dropped point. The first and last points are kept.
    """
    keep = np.zeros(y.size, dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, y.size - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        t = np.arange(1, b - a) / (b - a)
        error = np.abs(y[a + 1:b] - (y[a] + t * (y[b] - y[a])))
        k = int(np.argmax(error))
        if error[k] > tolerance:
            m = a + 1 + k
            keep[m] = True
            stack += [(a, m), (m, b)]
    return np.flatnonzero(keep)


def _round(value: float, decimals: int) -> float | int:
    """``value`` rounded for JSON: short, no negative zero, whole numbers as ints."""
    r = round(float(value), decimals) + 0.0
    return int(r) if r.is_integer() else r


def _decimals_for(span: float) -> int:
    """Decimal places that keep :data:`DIGITS` significant digits of a range ``span`` wide."""
    return int(min(max(DIGITS - math.ceil(math.log10(span)), 0), 12))


def _decimals_needed(values: Sequence[float]) -> int:
    """The fewest decimal places (up to 6) that show every value exactly."""
    for decimals in range(7):
        if all(abs(round(v, decimals) - v) < 1e-9 for v in values):
            return decimals
    return 6


def _padded_range(values: np.ndarray, margin: float = 0.06) -> tuple[float, float]:
    """The range of the finite ``values`` and 0, widened by ``margin`` of its width on each side."""
    finite = values[np.isfinite(values)]
    lo = min(float(finite.min()), 0.0) if finite.size else -1.0
    hi = max(float(finite.max()), 0.0) if finite.size else 1.0
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    pad = margin * (hi - lo)
    return (lo - pad, hi + pad)


def _ticks(lo: float, hi: float, target: int = 8) -> list[list[Any]]:
    """Round tick positions in ``[lo, hi]`` (steps 1, 2, 2.5 or 5 times a power of ten) with labels."""
    raw = (hi - lo) / target
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    decimals = _decimals_needed([step])
    ticks = []
    for n in range(first, last + 1):
        value = round(n * step, 10) + 0.0
        ticks.append([value, f"{value:.{decimals}f}".replace("-", "\u2212")])
    return ticks


# SVG geometry (user units; 1 unit = 1 px at the natural width) and the plot area.
_SVG_SIZE = (640, 380)
_PLOT_BOX = (52, 32, 626, 330)  # left, top, right, bottom

_SCRIPT = r"""
(function () {
  "use strict";
  var me = document.currentScript, root = me && me.parentNode;
  if (!root || root.getAttribute("data-nnp-ready")) { return; }
  root.setAttribute("data-nnp-ready", "1");
  function q(name) { return root.querySelector(".nnp-" + name); }
  var data = JSON.parse(q("data").textContent), box = data.box;
  var sceneSelect = q("scene"), slider = q("slider"), sliderBox = q("slider-box"),
      sliderName = q("slider-name"), sliderValue = q("slider-value"), choiceBox = q("choice-box"),
      choiceName = q("choice-name"), choice = q("choice"), none = q("none"), readout = q("readout"),
      layer = q("layer"), captions = root.querySelectorAll(".nnp-caption");
  var clip = "url(#" + root.id + "-clip)";
  var position = data.scenes.map(function (s) { return s.control ? s.control.start : 0; });

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function r1(v) { return Math.round(v * 10) / 10; }
  function textWidth(s, size) {  // rough: CJK glyphs are square, Latin ones about 0.6 em
    var w = 0;
    for (var i = 0; i < s.length; i++) { w += s.charCodeAt(i) > 0x2e80 ? 1 : 0.55; }
    return w * size;
  }
  function scene() { return data.scenes[sceneSelect.selectedIndex]; }

  function path(pieces, X, Y, grid) {
    var dx = (grid[1] - grid[0]) / (grid[2] - 1), d = [];
    pieces.forEach(function (p) {
      for (var j = 0; j < p.length; j += 2) {
        d.push((j ? "L" : "M") + r1(X(grid[0] + p[j] * dx)) + "," + r1(Y(p[j + 1])));
      }
    });
    return d.join("");
  }

  function draw() {
    var s = scene(), f = s.frames[position[sceneSelect.selectedIndex]];
    var L = box[0], T = box[1], R = box[2], B = box[3], out = [];
    function X(v) { return L + (v - s.xlim[0]) / (s.xlim[1] - s.xlim[0]) * (R - L); }
    function Y(v) { return B - (v - s.ylim[0]) / (s.ylim[1] - s.ylim[0]) * (B - T); }
    s.xticks.forEach(function (t) {
      var x = r1(X(t[0]));
      out.push('<line class="nnp-grid" x1="' + x + '" x2="' + x + '" y1="' + T + '" y2="' + B + '"/>',
               '<text class="nnp-tick" x="' + x + '" y="' + (B + 17) + '" text-anchor="middle">' + esc(t[1]) + "</text>");
    });
    s.yticks.forEach(function (t) {
      var y = r1(Y(t[0]));
      out.push('<line class="nnp-grid" x1="' + L + '" x2="' + R + '" y1="' + y + '" y2="' + y + '"/>',
               '<text class="nnp-tick" x="' + (L - 7) + '" y="' + (y + 4) + '" text-anchor="end">' + esc(t[1]) + "</text>");
    });
    if (s.ylim[0] < 0 && s.ylim[1] > 0) {
      out.push('<line class="nnp-zero" x1="' + L + '" x2="' + R + '" y1="' + r1(Y(0)) + '" y2="' + r1(Y(0)) + '"/>');
    }
    if (s.xlim[0] < 0 && s.xlim[1] > 0) {
      out.push('<line class="nnp-zero" x1="' + r1(X(0)) + '" x2="' + r1(X(0)) + '" y1="' + T + '" y2="' + B + '"/>');
    }
    out.push('<g clip-path="' + clip + '">');
    f.c.forEach(function (pieces, k) {
      var st = data.series[k];
      out.push('<path fill="none" stroke-linejoin="round" stroke="' + esc(st.color) + '" stroke-width="' + st.width +
               '" stroke-dasharray="' + esc(st.dash || "none") + '" d="' + path(pieces, X, Y, s.grid) + '"/>');
    });
    f.m.forEach(function (m) {
      out.push('<circle r="4.5" fill="' + esc(data.series[m[0]].color) + '" cx="' + r1(X(m[1])) + '" cy="' + r1(Y(m[2])) + '"/>');
    });
    out.push("</g>", '<rect class="nnp-frame" x="' + L + '" y="' + T + '" width="' + (R - L) + '" height="' + (B - T) + '"/>');
    out.push('<text class="nnp-title" x="' + ((L + R) / 2) + '" y="' + (T - 11) + '" text-anchor="middle">' + esc(f.t) + "</text>",
             '<text class="nnp-label" x="' + ((L + R) / 2) + '" y="' + (B + 40) + '" text-anchor="middle">' + esc(data.xlabel) + "</text>");
    legend(out, L + 8, T + 8);
    layer.innerHTML = out.join("");
    readout.textContent = f.r;
  }

  function legend(out, x, y) {
    var size = 12, rows = data.series.length, w = 0;
    data.series.forEach(function (st) { w = Math.max(w, textWidth(st.label, size)); });
    out.push('<rect class="nnp-legend" x="' + x + '" y="' + y + '" width="' + r1(w + 44) + '" height="' + (rows * 18 + 8) + '" rx="3"/>');
    data.series.forEach(function (st, k) {
      var yy = y + 13 + k * 18;
      out.push('<line x1="' + (x + 8) + '" x2="' + (x + 32) + '" y1="' + (yy - 4) + '" y2="' + (yy - 4) + '" stroke="' +
               esc(st.color) + '" stroke-width="' + st.width + '" stroke-dasharray="' + esc(st.dash || "none") + '"/>',
               '<text class="nnp-tick" x="' + (x + 38) + '" y="' + yy + '">' + esc(st.label) + "</text>");
    });
  }

  function showControl() {
    var c = scene().control, i = position[sceneSelect.selectedIndex];
    sliderBox.hidden = !(c && c.kind === "slider");
    choiceBox.hidden = !(c && c.kind === "choice");
    none.hidden = !!c;
    if (c && c.kind === "slider") {
      sliderName.textContent = c.name;
      slider.max = String(c.labels.length - 1);
      slider.value = String(i);
      sliderValue.textContent = c.labels[i];
    } else if (c) {
      choiceName.textContent = c.name;
      choice.innerHTML = c.labels.map(function (l) { return "<option>" + esc(l) + "</option>"; }).join("");
      choice.selectedIndex = i;
    }
  }

  function showCaption() {
    for (var k = 0; k < captions.length; k++) {
      captions[k].hidden = k !== sceneSelect.selectedIndex;
    }
    var el = captions[sceneSelect.selectedIndex], mj = window.MathJax;
    // Captions are in the page from the start, so MathJax typesets them on load; this only
    // catches a MathJax that started after that.
    if (el && mj && typeof mj.typesetPromise === "function" && el.querySelector(".math") && !el.querySelector("mjx-container")) {
      mj.typesetPromise([el]).catch(function () {});
    }
  }

  sceneSelect.addEventListener("change", function () { showControl(); showCaption(); draw(); });
  slider.addEventListener("input", function () {
    var c = scene().control;
    position[sceneSelect.selectedIndex] = +slider.value;
    sliderValue.textContent = c.labels[+slider.value];
    draw();
  });
  choice.addEventListener("change", function () { position[sceneSelect.selectedIndex] = choice.selectedIndex; draw(); });
  showControl(); showCaption(); draw();
})();
"""

_PAGE = Template(r"""<div class="nnp-explorer" id="$uid">
<style>
#$uid{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:.6em 0;max-width:700px;box-sizing:border-box}
#$uid .nnp-head{font-weight:600;margin-bottom:6px}
#$uid .nnp-controls{display:flex;flex-wrap:wrap;align-items:center;gap:6px 22px;margin-bottom:4px}
#$uid .nnp-controls label{display:inline-flex;align-items:center;gap:6px;margin:0}
#$uid select{font:inherit;color:#222;background:#fff;border:1px solid #bbb;border-radius:4px;padding:1px 4px}
#$uid input[type=range]{width:190px;margin:0}
#$uid .nnp-slider-value{font-variant-numeric:tabular-nums;min-width:3.5em}
#$uid .nnp-none{color:#777}
#$uid .nnp-caption,#$uid .nnp-readout{margin:2px 0}
#$uid .nnp-readout{font-variant-numeric:tabular-nums}
#$uid svg{display:block;width:100%;height:auto;margin-top:4px}
#$uid .nnp-grid{stroke:#e6e6e6;stroke-width:1}
#$uid .nnp-zero{stroke:#9a9a9a;stroke-width:0.8}
#$uid .nnp-frame{fill:none;stroke:#888;stroke-width:1}
#$uid .nnp-legend{fill:#fff;fill-opacity:.85;stroke:#ccc}
#$uid svg text{fill:#222;font-size:12px}
#$uid svg .nnp-title{font-size:14px}
#$uid svg .nnp-label{font-size:13px}
#$uid .nnp-note{font-size:12px;color:#666;margin-top:2px}
#$uid [hidden]{display:none!important}
</style>
<div class="nnp-head">$title</div>
<div class="nnp-controls">
<label>$scene_label <select class="nnp-scene">$scene_options</select></label>
<label class="nnp-slider-box" hidden><span class="nnp-slider-name"></span><input class="nnp-slider" type="range" min="0" max="0" step="1" value="0"><output class="nnp-slider-value"></output></label>
<label class="nnp-choice-box" hidden><span class="nnp-choice-name"></span><select class="nnp-choice"></select></label>
<span class="nnp-none" hidden>$no_parameter</span>
</div>
<div class="nnp-captions">$captions</div>
<div class="nnp-readout"></div>
<svg viewBox="0 0 $width $height" role="img" aria-label="$aria"><defs><clipPath id="$uid-clip"><rect x="$clip_x" y="$clip_y" width="$clip_w" height="$clip_h"/></clipPath></defs><g class="nnp-layer"></g></svg>
<div class="nnp-note">$note</div>
<script type="application/json" class="nnp-data">$data</script>
<script>$script</script>
</div>""")


# ----------------------------------------------------------------------------------------
# The activation explorer of the ReLU chapter
# ----------------------------------------------------------------------------------------

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

_FUNCTION_COLOR = "#1f77b4"  # matplotlib's C0 and C1, as in nnprimer.plot
_DERIVATIVE_COLOR = "#ff7f0e"


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


def _number(value: float) -> str:
    """A derivative value for the reader: up to 4 significant digits."""
    return f"{float(value):.4g}".replace("-", "\u2212")


def _readout(f: activations.Activation, params: dict[str, Any], language: str) -> str:
    """``PyTorch's f'(0) = 0.01``: the derivative at the kink, as autograd returns it."""
    return f"{_i18n.text('derivative_at_zero', language)} = {_number(f.grad(0.0, **params))}"


def _tex(tex: str) -> str:
    """Inline TeX in the markup MathJax typesets on a Sphinx page (and HTMLMath live)."""
    return '<span class="math notranslate nohighlight">' + html.escape("\\(" + tex + "\\)", quote=False) + "</span>"


def _caption(f: activations.Activation, language: str) -> str:
    """HTML with the formulas of f and f' (TeX), plus a note for rrelu."""
    caption = _tex("f(x) = " + f.formula) + " &nbsp;&nbsp; " + _tex("f'(x) = " + f.derivative_formula)
    if f.name == "rrelu":
        slope = (f.defaults["lower"] + f.defaults["upper"]) / 2.0
        caption += "<br>" + html.escape(_i18n.text("rrelu_eval", language, slope=f"{slope:.4g}"))
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
    A dot marks f'(0), PyTorch's value at the kink, when 0 is in ``x_range``.
    """
    names = _check_names(names)
    lo, hi = _check_x_range(x_range)
    x = np.linspace(lo, hi, N_SAMPLES)
    language = _i18n.get_language()
    scenes = []
    for name in names:
        f = activations.get(name)
        control = ACTIVATION_CONTROLS.get(name)
        frames = []
        for params in _control_params(control):
            marks = [(1, 0.0, float(f.grad(0.0, **params)))] if lo <= 0.0 <= hi else []
            frames.append(Frame(
                curves=[f(x, **params), f.grad(x, **params)],
                title=_i18n.text("function_and_derivative", language, name=_call_text(name, params, control)),
                readout=_readout(f, params, language),
                marks=marks,
            ))
        scenes.append(Scene(name, x, frames, control, caption=_caption(f, language)))
    return scenes


def _activation_series(language: str) -> list[Series]:
    return [
        Series(_i18n.text("function", language), _FUNCTION_COLOR, width=2.0),
        Series(_i18n.text("derivative_ref", language), _DERIVATIVE_COLOR, dash="6 4", width=1.6, break_jumps=True),
    ]


def _scenes_html(scenes: Sequence[Scene]) -> str:
    language = _i18n.get_language()
    return static_html(
        scenes,
        _activation_series(language),
        title=_i18n.text("explorer_title", language),
        xlabel=_i18n.text("input", language),
        note=_i18n.text("static_note", language),
    )


def activation_explorer_html(names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)) -> str:
    """The kernel-free form of :func:`activation_explorer`, as an HTML string.

    Needs only numpy: no ipywidgets, no matplotlib. Labels follow
    :func:`nnprimer.get_language`.
    """
    return _scenes_html(activation_scenes(names, x_range=x_range))


class ActivationExplorer(Explorer):
    """Pick an activation and its parameter; see f, f' and PyTorch's f'(0).

    Built by :func:`activation_explorer`. Besides :attr:`widget` and :attr:`html` it
    exposes its controls (:attr:`variant`, :attr:`slider`, :attr:`choice`), the formula
    line :attr:`info`, the :attr:`output` that holds the plot, the last drawn matplotlib
    :attr:`figure` (already closed, so no figure leaks; its data stays readable),
    :attr:`draws` (how many times it drew) and :meth:`params`.
    """

    def __init__(self, names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)) -> None:
        w = _ipywidgets()
        self.scenes = activation_scenes(names, x_range=x_range)
        self._scenes = {s.name: s for s in self.scenes}
        self._x = np.linspace(self.scenes[0].x[0], self.scenes[0].x[-1], 1001)
        self._language = _i18n.get_language()
        self._configuring = False
        self.figure = None
        self.draws = 0

        wide = {"description_width": "initial"}
        self.variant = w.Dropdown(options=list(self._scenes), description=_i18n.text("variant"), style=wide)
        self.slider = w.FloatSlider(continuous_update=False, style=wide, layout=w.Layout(width="340px"))
        self.choice = w.ToggleButtons(options=["-"], style={"button_width": "64px"})
        self.none = w.Label(_i18n.text("no_parameter"))
        self.info = w.HTMLMath()
        self.output = w.Output()
        title = w.HTML(f"<b>{html.escape(_i18n.text('explorer_title'))}</b>")
        box = w.VBox([title, w.HBox([self.variant, self.slider, self.choice, self.none]), self.info, self.output])
        super().__init__(box, _scenes_html(self.scenes), description=f"activation explorer: {', '.join(self._scenes)}")

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
    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change controls without redrawing for every intermediate value."""
        self._configuring = True
        try:
            yield
        finally:
            self._configuring = False

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

    def _on_control(self, change: Any = None) -> None:
        if not self._configuring:
            self.redraw()

    @staticmethod
    def _show(widget: Any, visible: bool) -> None:
        widget.layout.display = None if visible else "none"

    # -- drawing --------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the selected activation with matplotlib into :attr:`output`."""
        from . import plot  # matplotlib only now, not at import
        import matplotlib.pyplot as plt

        name, params = self.variant.value, self.params()
        f = activations.get(name)
        control = self.control()
        fig, ax = plot.subplots()
        title = plot.label("function_and_derivative", name=_call_text(name, params, control))
        kinks = [0.0] if self._x[0] <= 0.0 <= self._x[-1] else []
        plot.plot_activation(f, params=params, x=self._x, ax=ax, title=title, mark_kinks=kinks)
        ax.set_xlim(self._x[0], self._x[-1])
        ax.set_ylim(*self._scenes[name].ylim)
        image = _png_base64(fig)
        plt.close(fig)
        self.figure = fig
        self.output.outputs = ({
            "output_type": "display_data",
            "data": {"image/png": image, "text/plain": f"<Figure: {title}>"},
            "metadata": {},
        },)
        readout = html.escape(_readout(f, params, self._language), quote=False)
        self.info.value = f"{_caption(f, self._language)}<br>{readout}"
        self.draws += 1


def _configure_slider(slider: Any, control: Control) -> None:
    """Give ``slider`` the range, step, format and start value of ``control``."""
    lo, hi = control.values[0], control.values[-1]
    if lo > slider.max:  # keep min <= max at every step, or ipywidgets refuses
        slider.max, slider.min = hi, lo
    else:
        slider.min, slider.max = lo, hi
    slider.step = (hi - lo) / (len(control.values) - 1)
    slider.readout_format = f".{_decimals_needed(control.values)}f"
    slider.description = control.name
    slider.value = control.values[control.start]


def _png_base64(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def activation_explorer(
    names: Sequence[str] | None = None, *, x_range: tuple[float, float] = (-5.0, 5.0)
) -> ActivationExplorer:
    """An explorer of activation functions: pick one, move its parameter, read f'(0).

    Shows f and its derivative (the live form takes it from ``torch.autograd`` when torch
    is installed, through :func:`nnprimer.plot.plot_activation`; the static form from
    ``.grad``, which is tested equal to it), the formulas, and PyTorch's value of f'(0)
    at the kink. Parameters have sliders (see :data:`ACTIVATION_CONTROLS`): leaky_relu's
    ``negative_slope`` 0..0.5, prelu's ``weight`` -0.5..1, elu's and celu's ``alpha``
    0.1..3, swish's ``beta`` 0..5, softplus's ``beta`` 0.25..5, and a choice of gelu's
    ``approximate``. rrelu is shown in evaluation mode (slope (lower + upper) / 2).

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
        static site the kernel-free HTML (see the module docstring for the site setting).
    """
    return ActivationExplorer(names, x_range=x_range)
