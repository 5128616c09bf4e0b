r"""What an explorer shows, and its kernel-free renderer.

An explorer is a list of :class:`Scene` objects (one per entry of a drop-down) and the
style of its curves (:class:`Series`). A scene has zero or more :class:`Control` objects
(sliders over a grid of numbers, or choices among strings) and a function from control
values to a :class:`Frame`: what the chart shows for those values, chosen by data: lines
(one per line series, on the scene's x grid), bars (one value per category for each bar
series), free (x, y) paths, dots, shaded x ranges, vertical markers, a title, a text
readout (announced to screen readers when it changes) and optionally its own caption.
:meth:`Scene.from_function` evaluates the function at every combination of control
values, in row-major order (the last control varies fastest), and keeps it for the live
form (:mod:`nnprimer.widgets._live`).

:func:`static_html` renders the precomputed frames as a self-contained HTML fragment:
the data as JSON, and a short script that looks frames up and redraws an inline SVG. The
script, style and page template are package data
(``nnprimer/widgets/static/explorer.{js,css,html}``). This module needs only numpy.

>>> import numpy as np
>>> x = np.linspace(0.0, 1.0, 11)
>>> amp = Control.slider("a", 0.0, 1.0, 3, start=1.0)
>>> scene = Scene.from_function("line", lambda a: Frame([a * x], readout=f"slope {a}"), amp, x=x)
>>> [frame.readout for frame in scene.frames]
['slope 0.0', 'slope 0.5', 'slope 1.0']
>>> page = static_html([scene], [Series("y = a x")], title="Lines")
>>> page.startswith('<div class="nnp-explorer"')
True
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from string import Template
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .._i18n import _t
from .._curves import jumps as _jumps
from .._style import DERIVATIVE_COLOR, FUNCTION_COLOR  # shared with nnprimer.plot
from .._validation import _describe, integer, real_number

__all__ = [
    "DIGITS",
    "Control",
    "Frame",
    "N_SAMPLES",
    "SIMPLIFY_TOLERANCE",
    "Scene",
    "Series",
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


# ----------------------------------------------------------------------------------------
# What a kernel-free explorer shows
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """The style of one line or one set of bars, the same in every frame.

    Parameters
    ----------
    label : str
        Its legend entry.
    color : str
        A CSS colour (keep it at least 3:1 against white).
    dash : str
        An SVG ``stroke-dasharray`` such as ``"6 4"``; empty for a solid line.
    width : float
        Line width in pixels (at the SVG's natural size).
    break_jumps : bool
        Leave a gap where the curve jumps (a step in a derivative), instead of drawing
        a vertical line.
    kind : str
        ``"line"`` (a y value per x of the scene's grid), ``"bar"`` (a value per
        category of the scene) or ``"path"`` (free (x, y) points, such as an optimiser's
        trajectory or a contour: an array of shape (n, 2), or a list of them).
    values : bool
        For bars: write each bar's value above it.
    """

    label: str
    color: str = FUNCTION_COLOR
    dash: str = ""
    width: float = 2.0
    break_jumps: bool = False
    kind: str = "line"
    values: bool = False

    def __post_init__(self) -> None:
        if self.kind not in ("line", "bar", "path"):
            raise ValueError(f"kind must be 'line', 'bar' or 'path', got {self.kind!r}")


@dataclass(frozen=True)
class Control:
    """One control of a scene: a slider over numbers, or a choice among strings.

    Parameters
    ----------
    name : str
        The keyword under which the scene's frame function receives the value, usually
        the parameter's name in code (``"negative_slope"``).
    values : tuple
        The values, one frame each: numbers (a slider) or strings (a choice).
    start : int
        Index of the value shown first.
    fmt : str
        A format spec for the numbers shown (``".3g"``); default: as many decimals as
        the values need.
    label : str
        What the reader sees beside the control, in the page's language; default ``name``
        (right for a parameter's name in code, such as ``negative_slope``).
    value_labels : tuple of str, optional
        What the reader sees for each value, when it is not the value itself (a choice
        shown in the page's language while the frame function gets a fixed key).
    live_only : bool
        A control only the live form offers (too many combinations to precompute): the
        kernel-free form holds it at its start value and does not show it.

    >>> Control.slider("alpha", 0.1, 3.0, 30, start=1.0).labels[:3]
    ('0.1', '0.2', '0.3')
    >>> Control.log_slider("T", 0.1, 10.0, 5, start=1.0).labels
    ('0.1', '0.316', '1', '3.16', '10')
    """

    name: str
    values: tuple
    start: int = 0
    fmt: str = ""
    label: str = ""
    value_labels: tuple[str, ...] = ()
    live_only: bool = False

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"control {self.name!r} needs at least one value")
        kinds = {isinstance(v, str) for v in self.values}
        if len(kinds) != 1:
            raise TypeError(f"control {self.name!r} must hold only numbers or only strings, got {self.values!r}")
        if not 0 <= self.start < len(self.values):
            raise ValueError(f"start must be an index in [0, {len(self.values) - 1}], got {self.start}")
        if self.value_labels and len(self.value_labels) != len(self.values):
            raise ValueError(f"control {self.name!r} needs one value label per value, got {len(self.value_labels)} "
                             f"for {len(self.values)} values")

    @classmethod
    def slider(cls, name: str, low: float, high: float, steps: int, *, start: float, **options: Any) -> Control:
        """``steps`` evenly spaced numbers from ``low`` to ``high``, starting at the one nearest ``start``.

        ``options`` are the other fields (``label``, ``live_only``, ...).
        """
        grid = np.linspace(real_number(low, "low"), real_number(high, "high"), integer(steps, "steps", minimum=2))
        values = tuple(round(float(v), 10) + 0.0 for v in grid)  # 0.30000000000000004 -> 0.3
        return cls(name, values, int(np.argmin(np.abs(grid - start))), **options)

    @classmethod
    def log_slider(cls, name: str, low: float, high: float, steps: int, *, start: float, digits: int = 3,
                   **options: Any) -> Control:
        """``steps`` log-spaced numbers from ``low`` to ``high`` (both > 0), rounded to ``digits`` significant digits."""
        low, high = real_number(low, "low"), real_number(high, "high")
        if not 0 < low < high:
            raise ValueError(f"log_slider needs 0 < low < high, got low={low}, high={high}")
        grid = np.geomspace(low, high, integer(steps, "steps", minimum=2))
        values = tuple(float(f"{v:.{digits}g}") for v in grid)
        start_index = int(np.argmin(np.abs(np.log(grid) - math.log(real_number(start, "start")))))
        return cls(name, values, start_index, fmt=f".{digits}g", **options)

    @property
    def kind(self) -> str:
        """``"slider"`` or ``"choice"``."""
        return "choice" if isinstance(self.values[0], str) else "slider"

    @property
    def labels(self) -> tuple[str, ...]:
        """The values as shown to the reader."""
        if self.value_labels:
            return tuple(self.value_labels)
        if self.kind == "choice":
            return tuple(self.values)
        if self.fmt:
            return tuple(format(v, self.fmt) for v in self.values)
        decimals = _decimals_needed(self.values)
        return tuple(f"{v:.{decimals}f}" for v in self.values)

    def label_of(self, value: Any) -> str:
        """The label of the grid value nearest ``value``."""
        return self.labels[self.values.index(self.snap(value))]

    def snap(self, value: Any) -> Any:
        """The grid value nearest ``value`` (for a choice: ``value`` itself, checked)."""
        if self.kind == "choice":
            if value not in self.values:
                raise ValueError(f"{self.name} must be one of {self.values}, got {value!r}")
            return value
        return self.values[int(np.argmin(np.abs(np.asarray(self.values) - float(value))))]


@dataclass
class Frame:
    """What a scene shows for one combination of its control values.

    Parameters
    ----------
    curves : sequence of arrays
        One array per :class:`Series`: for a line series, y values on the scene's x
        grid (NaN and inf leave gaps); for a bar series, one finite value per category
        (stored with 4 significant digits, so that small values keep their size); for a
        path series, (x, y) points: an array of shape (n, 2) or a list of them.
    title : str
        Title of the chart.
    readout : str
        A line of text shown above the chart (a value worth reading off); a screen
        reader announces it when it changes.
    marks : sequence of (series index, x, y)
        Dots, in the colour of their series.
    bands : sequence of (x0, x1)
        Shaded x ranges (e.g. where a function saturates).
    vlines : sequence of float
        Vertical markers at these x values.
    caption : str, optional
        HTML shown under the controls for this frame (default: the scene's caption).
    alt : str, optional
        The chart's accessible label (default: the title and the readout).
    """

    curves: Sequence[np.ndarray]
    title: str = ""
    readout: str = ""
    marks: Sequence[tuple[int, float, float]] = ()
    bands: Sequence[tuple[float, float]] = ()
    vlines: Sequence[float] = ()
    caption: str | None = None
    alt: str | None = None


@dataclass
class Scene:
    r"""One entry of the explorer's drop-down: its controls and one frame per combination.

    Usually built by :meth:`from_function` from a function of the control values.

    Parameters
    ----------
    name : str
        Its entry in the drop-down.
    x : array
        Evenly spaced x values shared by every line of the scene (its ends are the x
        range; for a scene of paths only, ``[x_min, x_max]`` is enough). For a scene of
        bars pass ``categories`` instead (x is then 0, 1, ..., one per category).
    frames : sequence of Frame
        One per combination of the values of the controls the kernel-free form shows
        (all but the ``live_only`` ones), row-major (the last control fastest); exactly
        one without controls.
    controls : Control or sequence of Control, optional
        The sliders and choices of this scene.
    caption : str
        HTML shown while the scene is selected; TeX inside
        ``<span class="math">\(...\)</span>`` is typeset by MathJax when the page has it.
    ylim : (float, float), optional
        The y range, fixed for the whole scene so that moving a control shows change;
        default: every frame's values and 0, with a margin (on a log axis: the positive
        values, with a margin).
    categories : sequence of str, optional
        Names of the bars, one per category (the x axis becomes categorical).
    ylabel : str
        The y axis label.
    ylog : bool
        A logarithmic y axis (e.g. gradient norms over many orders of magnitude);
        values <= 0 leave gaps. Ticks at powers of ten.
    function : callable, optional
        ``function(**values) -> Frame``, the values keyed by control name: how the live
        form draws any combination (needed for ``live_only`` controls). Without it the
        live form looks the precomputed frames up.
    """

    name: str
    x: np.ndarray | None
    frames: Sequence[Frame]
    controls: Control | Sequence[Control] | None = None
    caption: str = ""
    ylim: tuple[float, float] | None = None
    categories: Sequence[str] | None = None
    ylabel: str = ""
    ylog: bool = False
    function: Callable[..., Frame] | None = field(default=None, repr=False)
    _shape: tuple[int, ...] = field(init=False, repr=False, default=())

    @classmethod
    def from_function(cls, name: str, function: Callable[..., Frame],
                      controls: Control | Sequence[Control] | None = None, **fields: Any) -> Scene:
        """A scene whose frames are ``function(**values)`` for every combination of control values.

        ``live_only`` controls are held at their start value; ``fields`` are the other
        parameters of :class:`Scene` (``x``, ``caption``, ``ylim``, ...).

        >>> t = Control("t", (1, 2))
        >>> s = Scene.from_function("s", lambda t: Frame([[0, t]], title=f"t = {t}"), t, x=[0.0, 1.0])
        >>> [f.title for f in s.frames], s.frame_for({"t": 2}).title
        (['t = 1', 't = 2'], 't = 2')
        """
        controls = _controls(controls)
        held = {c.name: c.values[c.start] for c in controls if c.live_only}
        shown = [c for c in controls if not c.live_only]
        frames = [function(**held, **{c.name: v for c, v in zip(shown, combination)})
                  for combination in itertools.product(*(c.values for c in shown))]
        return cls(name, fields.pop("x", None), frames, controls, function=function, **fields)

    def __post_init__(self) -> None:
        self.controls = _controls(self.controls)
        if len({c.name for c in self.controls}) != len(self.controls):
            raise ValueError(f"the controls of scene {self.name!r} need distinct names, "
                             f"got {[c.name for c in self.controls]}")
        if self.function is None and any(c.live_only for c in self.controls):
            raise ValueError(f"scene {self.name!r} has live_only controls, so it needs a frame function")
        if self.categories is not None:
            self.categories = tuple(str(c) for c in self.categories)
            if not self.categories:
                raise ValueError("categories must hold at least one name")
            if self.x is None:
                self.x = np.arange(len(self.categories), dtype=np.float64)
        if self.x is None:
            raise ValueError(f"scene {self.name!r} needs x (a grid for lines) or categories (for bars)")
        self.x = np.asarray(self.x, dtype=np.float64)
        if self.x.ndim != 1 or self.x.size < 1 or not np.all(np.isfinite(self.x)):
            raise ValueError(f"x must be a 1-D array of finite values, got {_describe(self.x)}")
        if self.categories is None and self.x.size < 2:
            raise ValueError(f"x must hold at least 2 values for lines, got {_describe(self.x)}")
        if self.x.size >= 2:
            steps = np.diff(self.x)
            if not (np.all(steps > 0) and np.allclose(steps, steps[0], rtol=1e-6, atol=0)):
                raise ValueError("x must be evenly spaced and increasing")
        self._shape = tuple(len(c.values) for c in self.static_controls)
        expected = math.prod(self._shape)
        if len(self.frames) != expected:
            raise ValueError(
                f"scene {self.name!r} needs {expected} frame(s), one per combination of control values, "
                f"got {len(self.frames)}"
            )
        values = np.concatenate([_y_values(c) for fr in self.frames for c in fr.curves] or [np.zeros(0)])
        if self.ylog:
            if self.ylim is None:
                positive = values[np.isfinite(values) & (values > 0)]
                lo, hi = _padded_range(np.log10(positive), include_zero=False) if positive.size else (-1.0, 1.0)
                self.ylim = (10.0 ** lo, 10.0 ** hi)
            if not 0 < self.ylim[0] < self.ylim[1]:
                raise ValueError(f"a log y axis needs 0 < ylim[0] < ylim[1], got {self.ylim}")
        elif self.ylim is None:
            self.ylim = _padded_range(values)

    @property
    def static_controls(self) -> tuple[Control, ...]:
        """The controls the kernel-free form shows (all but the ``live_only`` ones)."""
        return tuple(c for c in self.controls if not c.live_only)

    def frame_index(self, positions: Sequence[int]) -> int:
        """The index of the frame for these positions of :attr:`static_controls` (row-major).

        >>> s = Scene("s", [0.0, 1.0], [Frame([[0, 0]])] * 6,
        ...           [Control("a", ("p", "q")), Control("b", (1, 2, 3))])
        >>> s.frame_index([1, 2])
        5
        """
        return int(np.ravel_multi_index(tuple(positions), self._shape)) if self._shape else 0

    def frame_for(self, values: Mapping[str, Any]) -> Frame:
        """The frame for these control values (keyed by control name).

        Computed by :attr:`function` when the scene has one, else looked up in :attr:`frames`.
        """
        if self.function is not None:
            return self.function(**values)
        return self.frames[self.frame_index([c.values.index(c.snap(values[c.name])) for c in self.controls])]


def _controls(controls: Any) -> tuple[Control, ...]:
    """``controls`` as a tuple of :class:`Control` (None: none; one Control: a 1-tuple)."""
    if controls is None:
        return ()
    if isinstance(controls, Control):
        return (controls,)
    controls = tuple(controls)
    if not all(isinstance(c, Control) for c in controls):
        raise TypeError(f"controls must be Control objects, got {_describe(controls)}")
    return controls


# ----------------------------------------------------------------------------------------
# The HTML
# ----------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a package-data file in ``nnprimer/widgets/static`` (``explorer.js``, ...)."""
    return resources.files(__package__).joinpath("static", name).read_text(encoding="utf-8")


def static_html(
    scenes: Sequence[Scene],
    series: Sequence[Series],
    *,
    title: str = "",
    xlabel: str = "",
    note: str = "",
    scene_label: str | None = None,
    tolerance: float = SIMPLIFY_TOLERANCE,
) -> str:
    """A self-contained HTML fragment that lets the reader flip through precomputed frames.

    A drop-down picks the scene (hidden when there is only one), sliders and choices
    pick the frame, and a short inline script (``static/explorer.js``) redraws an inline
    SVG. Nothing is loaded from anywhere: no URL, no require.js, no MathJax needed
    (captions are typeset if the page has MathJax). Every call gets a new element id,
    and the script only touches its own element, so several explorers can share a page.

    Line values are stored with :data:`DIGITS` significant digits relative to the y
    range, and points that lie within ``tolerance`` (a fraction of the y range) of
    the straight line through their neighbours are dropped, so straight pieces cost two
    points.

    Accessibility: each slider announces its value (``aria-valuetext``), the readout is
    a polite live region, and the SVG (``role="img"``) is labelled by the frame shown.

    Parameters
    ----------
    scenes : sequence of Scene
        The scenes, in drop-down order.
    series : sequence of Series
        The style of each line or set of bars (every frame has one array per series).
    title, xlabel, note : str
        Text shown above the controls, under the x axis, and under the chart.
    scene_label : str, optional
        The label of the scene drop-down (default: "variant" in the current language).
    tolerance : float
        The simplification tolerance as a fraction of the y range (default
        :data:`SIMPLIFY_TOLERANCE`, 0.1 px on the chart; a few times more still draws
        the same picture and makes explorers with many frames smaller).

    Returns
    -------
    str
        The HTML fragment.
    """
    if not scenes:
        raise ValueError("static_html needs at least one scene")
    captions: list[str] = []

    def caption_index(text: str) -> int:
        if text not in captions:
            captions.append(text)
        return captions.index(text)

    for scene in scenes:
        for frame in scene.frames:
            if len(frame.curves) != len(series):
                raise ValueError(f"every frame of scene {scene.name!r} needs {len(series)} curve(s), one per series")
    payload = {
        "box": list(_PLOT_BOX),
        "xlabel": xlabel,
        "series": [
            {"label": s.label, "color": s.color, "dash": s.dash, "width": s.width, "kind": s.kind, "values": s.values}
            for s in series
        ],
        "scenes": [_scene_payload(scene, series, caption_index, tolerance) for scene in scenes],
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    uid = f"nnp-explorer-{next(_ids)}-{hashlib.sha1(data.encode()).hexdigest()[:8]}"
    return Template(asset("explorer.html")).substitute(
        uid=uid,
        style=asset("explorer.css").strip(),
        title=html.escape(title),
        scene_label=html.escape(_t("variant") if scene_label is None else scene_label),
        scene_hidden=" hidden" if len(scenes) == 1 else "",
        scene_options="".join(f"<option>{html.escape(s.name)}</option>" for s in scenes),
        no_parameter=html.escape(_t("no parameter")),
        captions="".join(f'<div class="nnp-caption" hidden>{c}</div>' for c in captions),
        width=_SVG_SIZE[0],
        height=_SVG_SIZE[1],
        clip_x=_PLOT_BOX[0], clip_y=_PLOT_BOX[1],
        clip_w=_PLOT_BOX[2] - _PLOT_BOX[0], clip_h=_PLOT_BOX[3] - _PLOT_BOX[1],
        aria=html.escape(title, quote=True),
        note=html.escape(note),
        data=data.replace("</", "<\\/"),  # a JSON string may not close the script element
        script=asset("explorer.js").strip(),
    )


def _to_axis(y: Any, log: bool) -> np.ndarray:
    """y values in the units of the drawn axis: log10 on a log axis (<= 0 becomes NaN)."""
    y = np.asarray(y, dtype=np.float64)
    if not log:
        return y
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)


def path_pieces(curve: Any) -> list[np.ndarray]:
    """The pieces of a path (one array of (x, y) points, or a list of them), as float arrays."""
    pieces = curve if isinstance(curve, (list, tuple)) and curve and np.ndim(curve[0]) == 2 else [curve]
    return [np.asarray(piece, dtype=np.float64) for piece in pieces]


def _y_values(curve: Any) -> np.ndarray:
    """The y values of a line, bars, or a path ((n, 2) points or a list of them)."""
    if isinstance(curve, (list, tuple)) and curve and np.ndim(curve[0]) == 2:
        return np.concatenate([piece[:, 1] for piece in path_pieces(curve)])
    arr = np.asarray(curve, dtype=np.float64)
    return arr[:, 1] if arr.ndim == 2 and arr.shape[1] == 2 else np.ravel(arr)


def _scene_payload(scene: Scene, series: Sequence[Series], caption_index, tolerance: float) -> dict[str, Any]:
    """The JSON-ready description of one scene, lines rounded and simplified."""
    log = scene.ylog
    lo, hi = (math.log10(v) for v in scene.ylim) if log else scene.ylim
    decimals = _decimals_for(hi - lo)
    tolerance = tolerance * (hi - lo)
    bars = scene.categories is not None
    if bars:
        xlim = (-0.5, scene.x.size - 0.5)
        xticks = [[i, name] for i, name in enumerate(scene.categories)]
    else:
        xlim = (float(scene.x[0]), float(scene.x[-1]))
        xticks = _ticks(*xlim)
    x_decimals = _decimals_for(xlim[1] - xlim[0])
    default_caption = caption_index(scene.caption)

    def encode(y: Any, s: Series) -> list:
        if s.kind == "path":
            out = []
            for piece in path_pieces(y):
                if piece.ndim != 2 or piece.shape[1] != 2:
                    raise ValueError(f"a path of scene {scene.name!r} needs (x, y) points of shape (n, 2), "
                                     f"got shape {piece.shape}")
                ys = _to_axis(piece[:, 1], log)
                ok = np.isfinite(piece[:, 0]) & np.isfinite(ys)
                out.append([v for px, py in zip(piece[ok, 0], ys[ok])
                            for v in (_round(px, x_decimals + 1), _round(py, decimals + 1))])
            return out
        y = _to_axis(y, log)
        if s.kind == "bar":
            if y.shape != (scene.x.size,):
                raise ValueError(f"bars of scene {scene.name!r} need {scene.x.size} values, got shape {y.shape}")
            if log:  # log10 with 4 decimals: the value to 0.01 %
                return [_round(v, 4) if np.isfinite(v) else _round(lo, 4) for v in y]
            return [float(f"{v:.4g}") + 0.0 for v in y]  # 4 significant digits of each value
        return _encode_curve(y, decimals, tolerance, s.break_jumps)

    frames = []
    for frame in scene.frames:
        out: dict[str, Any] = {"c": [encode(y, s) for y, s in zip(frame.curves, series)], "t": frame.title,
                               "r": frame.readout}
        if frame.marks:
            out["m"] = [[int(k), _round(x, x_decimals + 1), _round(float(_to_axis(y, log)), decimals)]
                        for k, x, y in frame.marks]
        if frame.bands:
            out["b"] = [[_round(a, 6), _round(b, 6)] for a, b in frame.bands]
        if frame.vlines:
            out["v"] = [_round(v, 6) for v in frame.vlines]
        k = default_caption if frame.caption is None else caption_index(frame.caption)
        if k != default_caption:
            out["k"] = k
        if frame.alt is not None:
            out["a"] = frame.alt
        frames.append(out)
    return {
        "name": scene.name,
        "grid": [float(scene.x[0]), float(scene.x[-1]), int(scene.x.size)],
        "xlim": list(xlim),
        "ylim": [_round(lo, decimals + 2), _round(hi, decimals + 2)],
        "xticks": xticks,
        "yticks": _log_ticks(lo, hi) if log else _ticks(lo, hi),
        "ylabel": scene.ylabel,
        "bars": bars,
        "ylog": log,
        "k": default_caption,
        "controls": [
            {"kind": c.kind, "name": c.name, "label": c.label or c.name, "labels": list(c.labels), "start": c.start}
            for c in scene.static_controls
        ],
        "frames": frames,
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


def check_x_range(x_range: Any) -> tuple[float, float]:
    """``x_range`` as a pair of finite floats ``(low, high)`` with low < high, or a clear error."""
    if isinstance(x_range, (str, bytes)) or not isinstance(x_range, Sequence) or len(x_range) != 2:
        raise TypeError(f"x_range must be a pair (low, high), got {_describe(x_range)}")
    lo, hi = real_number(x_range[0], "x_range[0]"), real_number(x_range[1], "x_range[1]")
    if not lo < hi:
        raise ValueError(f"x_range must have low < high, got {(lo, hi)}")
    return lo, hi


def _decimals_for(span: float) -> int:
    """Decimal places that keep :data:`DIGITS` significant digits of a range ``span`` wide."""
    return int(min(max(DIGITS - math.ceil(math.log10(span)), 0), 12))


def _decimals_needed(values: Sequence[float]) -> int:
    """The fewest decimal places (up to 6) that show every value exactly."""
    for decimals in range(7):
        if all(abs(round(v, decimals) - v) < 1e-9 for v in values):
            return decimals
    return 6


def _padded_range(values: np.ndarray, margin: float = 0.06, *, include_zero: bool = True) -> tuple[float, float]:
    """The range of the finite ``values`` (and 0), widened by ``margin`` of its width on each side."""
    finite = values[np.isfinite(values)]
    if finite.size and not include_zero:
        lo, hi = float(finite.min()), float(finite.max())
    else:
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


_SUPERSCRIPT = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def _log_ticks(lo: float, hi: float) -> list[list[Any]]:
    """Ticks of a log axis (``lo``, ``hi`` in log10 units): powers of ten, labelled 10⁻³.

    >>> _log_ticks(-3.2, 0.1)
    [[-3, '10⁻³'], [-2, '10⁻²'], [-1, '10⁻¹'], [0, '10⁰']]
    """
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    step = max(1, math.ceil((last - first + 1) / 9))
    ticks = [[k, "10" + str(k).translate(_SUPERSCRIPT)] for k in range(first, last + 1, step)]
    if len(ticks) >= 2:
        return ticks
    return [[v, number(10.0 ** v, 3)] for v, _ in _ticks(lo, hi)]  # less than a decade


def number(value: float, digits: int = 4) -> str:
    """A number for the reader: ``digits`` significant digits and a true minus sign.

    >>> number(-0.00123456)
    '−0.001235'
    """
    return f"{float(value):.{digits}g}".replace("-", "\u2212")


def tex(source: str) -> str:
    """Inline TeX in the markup MathJax typesets on a Sphinx page (and HTMLMath live)."""
    return '<span class="math notranslate nohighlight">' + html.escape("\\(" + source + "\\)", quote=False) + "</span>"


# SVG geometry (user units; 1 unit = 1 px at the natural width) and the plot area.
_SVG_SIZE = (640, 380)
_PLOT_BOX = (58, 32, 626, 330)  # left, top, right, bottom
