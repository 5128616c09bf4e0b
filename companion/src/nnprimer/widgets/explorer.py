r"""An explorer: one :class:`ExplorerSpec`, drawn by a kernel-free and a live renderer.

The spec is data: the scenes (each a set of :class:`~nnprimer.widgets.core.Control`
objects and a function from their values to a :class:`~nnprimer.widgets.core.Frame`),
the style of the curves and the labels. Two generic renderers draw it:

* :func:`~nnprimer.widgets.core.static_html` -- the kernel-free form: every frame
  precomputed, an inline SVG redrawn by a short script (numpy only);
* :class:`~nnprimer.widgets._live.LiveForm` -- the live form: ipywidgets controls built
  from the controls, each frame computed when a control moves and drawn with matplotlib
  (needs a kernel and ``nnprimer[widgets]``).

An :class:`Explorer` carries both and displays one of them (see
:meth:`Explorer._ipython_display_`). A teacher's own explorer is a spec:

>>> import numpy as np
>>> from nnprimer.widgets import Control, ExplorerSpec, Frame, Scene, Series
>>> x = np.linspace(-3.0, 3.0, 201)
>>> def frame(a):
...     return Frame([np.tanh(a * x)], title=f"tanh({a} x)", readout=f"slope at 0: {a}")
>>> scene = Scene.from_function("tanh", frame, Control.slider("a", 0.5, 3.0, 6, start=1.0), x=x)
>>> spec = ExplorerSpec([scene], [Series("tanh(a x)")], title="Steepness", xlabel="x")
>>> spec.html().startswith('<div class="nnp-explorer"')
True

``Explorer(spec)`` adds the live form; ``Explorer(spec).save_html("tanh.html")`` writes a
page to put on a course site.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any, Sequence

from .._i18n import N_, _t, get_language
from .._validation import _describe
from .core import SIMPLIFY_TOLERANCE, Scene, Series, static_html

__all__ = ["Explorer", "ExplorerSpec"]

# Messages shown to the reader (translated by the catalogs, nnprimer/locale).
_STATIC_NOTE = N_("Static version: values precomputed by nnprimer, no kernel needed.")

#: Mime type of a live ipywidget view.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Appended to the kernel-free output by :meth:`Explorer._ipython_display_`, for
#: JupyterLab and Notebook 7 (their class names; elsewhere it matches nothing): when a
#: notebook saved without widget state is reopened, the next output shows "Error
#: displaying widget: model not found" (an element of class jupyter-widgets holding only
#: text); hide it, the kernel-free explorer above it works.
FRONTEND_CSS = (
    "<style>"
    ".jp-OutputArea-child:has(.nnp-explorer) + .jp-OutputArea-child"
    " > .jp-OutputArea-output.jupyter-widgets:not(:has(*))"
    "{display:none}"
    "</style>"
)

#: A standalone page around a kernel-free explorer (:meth:`Explorer.save_html`).
_PAGE = Template("""<!doctype html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
</head>
<body>
<main>
$explorer
</main>
</body>
</html>
""")


@dataclass
class ExplorerSpec:
    """What an explorer shows: its scenes, the style of its curves, and its labels.

    Parameters
    ----------
    scenes : sequence of Scene
        The entries of the drop-down (hidden with one scene), each with its controls and
        frames (see :meth:`Scene.from_function`).
    series : sequence of Series
        The style of each line, set of bars or path; every frame has one curve per series.
    title : str
        The explorer's title (and the standalone page's).
    xlabel : str
        The x axis label.
    note : str, optional
        A line under the kernel-free chart (default: "Static version: values
        precomputed by nnprimer, no kernel needed.").
    scene_label : str, optional
        The label of the scene drop-down (default: "variant").
    tolerance : float
        The kernel-free form's simplification tolerance (see :func:`static_html`).
    description : str
        A few words for ``repr``.
    language : str
        The language of the labels (default: :func:`nnprimer.get_language` when the
        spec is made); the default note and scene label, and the standalone page's
        ``lang``, follow it.
    """

    scenes: Sequence[Scene]
    series: Sequence[Series]
    title: str
    xlabel: str = ""
    note: str | None = None
    scene_label: str | None = None
    tolerance: float = SIMPLIFY_TOLERANCE
    description: str = "explorer"
    language: str = field(default_factory=get_language)

    def __post_init__(self) -> None:
        self.scenes, self.series = tuple(self.scenes), tuple(self.series)
        if not self.scenes or not all(isinstance(s, Scene) for s in self.scenes):
            raise TypeError(f"scenes must be a non-empty list of Scene objects, got {_describe(self.scenes)}")
        if not self.series or not all(isinstance(s, Series) for s in self.series):
            raise TypeError(f"series must be a non-empty list of Series objects, got {_describe(self.series)}")
        if self.note is None:
            self.note = _t(_STATIC_NOTE, self.language)
        if self.scene_label is None:
            self.scene_label = _t("variant", self.language)

    def html(self) -> str:
        """The kernel-free form: a self-contained HTML fragment (:func:`static_html`)."""
        return static_html(self.scenes, self.series, title=self.title, xlabel=self.xlabel, note=self.note,
                           scene_label=self.scene_label, tolerance=self.tolerance)


class Explorer:
    """An explorer in two forms drawn from one :class:`ExplorerSpec`.

    Parameters
    ----------
    spec : ExplorerSpec
        What it shows.

    Attributes
    ----------
    html : str
        The kernel-free form, a self-contained HTML fragment (:meth:`ExplorerSpec.html`).
    live : nnprimer.widgets._live.LiveForm
        The live form: its :attr:`~LiveForm.controls` (ipywidgets by control name),
        :meth:`~LiveForm.values`, the :attr:`~LiveForm.frame` drawn last, the last
        matplotlib :attr:`~LiveForm.figure` (closed) and :attr:`~LiveForm.draws`.
    widget : ipywidgets.Widget
        The live form's widget.

    Raises
    ------
    ImportError
        Without ipywidgets or matplotlib (``pip install 'nnprimer[widgets]'``); the
        kernel-free form alone needs only numpy (:meth:`ExplorerSpec.html`).
    """

    def __init__(self, spec: ExplorerSpec) -> None:
        from ._live import LiveForm

        if not isinstance(spec, ExplorerSpec):
            raise TypeError(f"spec must be an ExplorerSpec, got {_describe(spec)}")
        self.spec = spec
        self.html = spec.html()
        self.live = LiveForm(spec, style=_hide_while_drawn(_root_id(self.html)))
        self.widget = self.live.widget

    def __repr__(self) -> str:
        return f"<nnprimer {self.spec.description}>"

    def save_html(self, path: str | os.PathLike) -> Path:
        """Write the kernel-free explorer as a standalone page; returns its path.

        The page holds the explorer with its data, style and script inline, and loads
        nothing: it works from a file, in a course site or in slides that accept HTML.
        ``<html lang>`` is the explorer's language. TeX in captions is typeset when the
        page that embeds it loads MathJax; a page of its own shows the TeX source.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or a path, got {_describe(path)}")
        path = Path(path)
        path.write_text(_PAGE.substitute(lang=self.spec.language, title=html.escape(self.spec.title),
                                         explorer=self.html), encoding="utf-8")
        return path

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The widget view, the kernel-free HTML and a plain-text line, in one bundle.

        Returns a dict with ``application/vnd.jupyter.widget-view+json`` (from the
        ipywidget's own ``_repr_mimebundle_``; absent once the widget is closed),
        ``text/html`` (:attr:`html`) and ``text/plain``, filtered by ``include`` and
        ``exclude`` (collections of mime types) when they are given. IPython uses
        :meth:`_ipython_display_` instead; this is for front ends that ask for a bundle.
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

    def _ipython_display_(self) -> None:
        """Display as two outputs, of which a reader sees one: the kernel-free HTML, then the live widget.

        Why two outputs. A notebook saved after a run keeps its outputs but not the
        widget models (JupyterLab, Notebook and VS Code save no widget state by
        default). Reopened, a widget-view output shows "Error displaying widget: model
        not found", and no front end falls back to another mime type of the same
        output. A separate first output (``text/html``: :attr:`html`) is always there.
        The second output carries an empty ``text/html``, which kernel-free renderers
        (the Sphinx site, nbconvert) pick instead of the widget view.

        Why one copy is seen. The live widget, wherever it is drawn, carries a
        ``<style>`` that hides the kernel-free copy by its element id, for as long as the
        widget is on the page. That needs only that the front end draws the widget in the
        same document as the output before it: JupyterLab and Notebook 7 (checked by
        ``tests/test_jupyterlab.py``), Notebook 6, VS Code (all outputs of a notebook in
        one webview) and Colab (the outputs of a cell in one frame); a plain page holding
        both outputs is checked in ``tests/test_widgets_display.py``. Where the widget is
        not drawn (no widget state, a kernel-free renderer) the kernel-free copy stays. In
        JupyterLab and Notebook 7, :data:`FRONTEND_CSS` also hides the "model not found"
        line; other front ends show their own line for the missing widget under the
        working kernel-free explorer.

        Trade-offs: a front end that drew each output in a frame of its own would show
        both copies (none of those above does); a notebook saved *with* widget state shows
        the saved live widget (its last picture; the controls wait for a kernel) instead
        of the kernel-free copy. Without a live widget (closed, or no ipywidgets) one
        output as :meth:`_repr_mimebundle_` gives it.
        """
        from IPython.display import display

        bundle = self._repr_mimebundle_()
        view = bundle.pop(WIDGET_VIEW, None)
        if view is None:
            display(bundle, raw=True)
            return
        display({"text/html": self.html + FRONTEND_CSS, "text/plain": repr(self)}, raw=True)
        display({WIDGET_VIEW: view, "text/html": ""}, raw=True)


def _root_id(page: str) -> str:
    """The element id of a kernel-free explorer (:func:`static_html` gives each a new one)."""
    return re.match(r'<div class="nnp-explorer" id="([\w-]+)"', page).group(1)


def _hide_while_drawn(element_id: str) -> str:
    """A ``<style>`` that hides the element with this id (the kernel-free twin of a live
    widget) for as long as the style itself is on the page (inside the live widget), and in
    JupyterLab also the output that holds it, so no empty output is left."""
    return (f"<style>#{element_id},.jp-OutputArea-child:has(#{element_id}){{display:none!important}}</style>")
