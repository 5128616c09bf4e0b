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
* one module per explorer, each its spec (computations and labels):
  :mod:`~nnprimer.widgets.activation` (the ReLU chapter's :func:`activation_explorer`),
  :mod:`~nnprimer.widgets.saturation` (:func:`saturation_explorer`, sigmoid and tanh),
  :mod:`~nnprimer.widgets.softmax` (:func:`softmax_explorer`),
  :mod:`~nnprimer.widgets.relu_fit` (:func:`relu_fit_explorer`, sums of ReLUs fitted to
  a curve), :mod:`~nnprimer.widgets.fd_step` (:func:`fd_step_explorer`, the step of a
  finite difference), :mod:`~nnprimer.widgets.descent` (:func:`descent_explorer`,
  learning rate and momentum on a 2-D bowl), :mod:`~nnprimer.widgets.gradient_flow`
  (:func:`gradient_flow_explorer`, depth x activation x init -> per-layer gradient
  norms, log y axis), :mod:`~nnprimer.widgets.init_hist` (:func:`init_explorer`, init
  scheme -> per-layer activation histograms).

Nothing here imports ipywidgets or matplotlib until a live explorer is built.

>>> from nnprimer.widgets import activation_explorer
>>> explorer = activation_explorer(["relu", "leaky_relu", "elu"])
>>> explorer
<nnprimer activation explorer: relu, leaky_relu, elu>
"""

from __future__ import annotations

from .activation import ACTIVATION_CONTROLS, activation_explorer, activation_explorer_html, activation_scenes
from .core import DIGITS, N_SAMPLES, SIMPLIFY_TOLERANCE, Control, Frame, Scene, Series, static_html
from .descent import descent_explorer, descent_explorer_html, descent_path, descent_scenes
from .explorer import Explorer, ExplorerSpec
from .fd_step import fd_step_estimate, fd_step_explorer, fd_step_explorer_html, fd_step_scenes
from .gradient_flow import FLOW_INITS, gradient_flow_explorer, gradient_flow_explorer_html, gradient_flow_scenes
from .init_hist import INIT_SCHEMES, init_explorer, init_explorer_html, init_scenes
from .relu_fit import relu_fit_explorer, relu_fit_explorer_html, relu_fit_scenes
from .saturation import (
    saturation_bounds,
    saturation_explorer,
    saturation_explorer_html,
    saturation_scenes,
    saturation_threshold,
)
from .softmax import SOFTMAX_PRESETS, softmax_explorer, softmax_explorer_html, softmax_scenes, softmax_with_temperature

__all__ = [
    "ACTIVATION_CONTROLS",
    "Control",
    "DIGITS",
    "Explorer",
    "ExplorerSpec",
    "FLOW_INITS",
    "Frame",
    "INIT_SCHEMES",
    "N_SAMPLES",
    "SIMPLIFY_TOLERANCE",
    "SOFTMAX_PRESETS",
    "Scene",
    "Series",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
    "descent_explorer",
    "descent_explorer_html",
    "descent_path",
    "descent_scenes",
    "fd_step_estimate",
    "fd_step_explorer",
    "fd_step_explorer_html",
    "fd_step_scenes",
    "gradient_flow_explorer",
    "gradient_flow_explorer_html",
    "gradient_flow_scenes",
    "init_explorer",
    "init_explorer_html",
    "init_scenes",
    "relu_fit_explorer",
    "relu_fit_explorer_html",
    "relu_fit_scenes",
    "saturation_bounds",
    "saturation_explorer",
    "saturation_explorer_html",
    "saturation_scenes",
    "saturation_threshold",
    "softmax_explorer",
    "softmax_explorer_html",
    "softmax_scenes",
    "softmax_with_temperature",
    "static_html",
]
