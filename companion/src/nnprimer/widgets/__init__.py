r"""Interactive explorers that work with a kernel and without one.

The course is read as live notebooks and as a static website. An explorer is a
specification (:class:`ExplorerSpec`): its controls, a function from their values to
what the chart shows (:class:`Frame`), and labels. Two generic renderers draw every
explorer, and an :class:`Explorer` carries both forms:

* ``explorer.html`` -- the kernel-free form (:func:`static_html`): a self-contained HTML
  fragment (inline SVG, inline script, every frame precomputed in Python and embedded as
  JSON) that works on a static page with no kernel and no network. It needs only numpy;
* ``explorer.widget`` -- the live form (:class:`~nnprimer.widgets._live.LiveForm`):
  ipywidgets controls built from the same controls, each frame computed when a control
  moves and drawn with matplotlib (needs a kernel and ``pip install 'nnprimer[widgets]'``).

Displaying an explorer (``display(explorer)``, or leaving it as the last expression of a
cell) shows one of them: the live widget where a kernel draws it, the kernel-free
explorer elsewhere (see :meth:`Explorer._ipython_display_`). A static site built by
myst-nb shows the HTML once it is told to prefer ``text/html`` for the html builder (in
Jupyter Book's ``_config.yml``)::

    sphinx:
      config:
        nb_mime_priority_overrides:
          - [html, text/html, 5]

:meth:`Explorer.save_html` writes the kernel-free form as a page of its own.

Layout of this package:

* :mod:`~nnprimer.widgets.core` -- what a frame is (:class:`Scene`, :class:`Control`,
  :class:`Frame`, :class:`Series`) and the kernel-free renderer (:func:`static_html`); its
  script, style and page template are package data in ``static/`` (``explorer.js``,
  ``explorer.css``, ``explorer.html``);
* :mod:`~nnprimer.widgets.explorer` -- :class:`ExplorerSpec` and :class:`Explorer`;
* :mod:`~nnprimer.widgets._live` -- the live renderer;
* :mod:`~nnprimer.widgets.activation` -- :func:`activation_explorer`: any activations
  (the package's or a teacher's own, :meth:`nnprimer.activations.Activation.from_functions`)
  with their derivatives and parameter sliders.

Each chapter's own explorer is a spec in its chapter package, rendered by the same two
renderers: ``nnprimer.chapters.<chapter>.explorer`` (for example
:func:`nnprimer.chapters.sigmoid.saturation_explorer`, where sigmoid and tanh saturate).

Nothing here imports ipywidgets or matplotlib until a live explorer is built.

>>> from nnprimer.widgets import activation_explorer
>>> explorer = activation_explorer(["relu", "leaky_relu", "elu"])
>>> explorer
<nnprimer activation explorer: relu, leaky_relu, elu>
"""

from __future__ import annotations

from .._moved import forward
from .activation import ACTIVATION_CONTROLS, activation_explorer, activation_explorer_html, activation_scenes
from .core import DIGITS, N_SAMPLES, SIMPLIFY_TOLERANCE, Control, Frame, Scene, Series, static_html
from .explorer import Explorer, ExplorerSpec

__all__ = [
    "ACTIVATION_CONTROLS",
    "Control",
    "DIGITS",
    "Explorer",
    "ExplorerSpec",
    "Frame",
    "N_SAMPLES",
    "SIMPLIFY_TOLERANCE",
    "Scene",
    "Series",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
    "static_html",
]

# nnprimer 0.1 kept every chapter's explorer here; the old names still work, with a warning.
__getattr__ = forward(__name__)
