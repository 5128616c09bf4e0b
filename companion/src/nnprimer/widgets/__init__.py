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

Layout of this package:

* :mod:`nnprimer.widgets.core` -- the generic kernel-free machinery (:class:`Explorer`,
  :class:`Scene`, :class:`Control`, :class:`Frame`, :class:`Series`,
  :func:`static_html`); its script, style and page template are package data in
  ``static/`` (``explorer.js``, ``explorer.css``, ``explorer.html``);
* one module per explorer family: :mod:`~nnprimer.widgets.activation` (the ReLU
  chapter's :func:`activation_explorer`), :mod:`~nnprimer.widgets.saturation`
  (:func:`saturation_explorer`, sigmoid and tanh) and :mod:`~nnprimer.widgets.softmax`
  (:func:`softmax_explorer`) and :mod:`~nnprimer.widgets.relu_fit` (:func:`relu_fit_explorer`,
  sums of ReLUs fitted to a curve);
  :mod:`~nnprimer.widgets.init_hist` (:func:`init_explorer`, init scheme -> per-layer
  activation histograms);
  :mod:`~nnprimer.widgets.descent` (:func:`descent_explorer`, learning rate and momentum
  on a 2-D bowl);
  :mod:`~nnprimer.widgets.gradient_flow` (:func:`gradient_flow_explorer`, depth x
  activation x init -> per-layer gradient norms, log y axis).

Nothing here imports ipywidgets or matplotlib until a live explorer is built.

>>> from nnprimer.widgets import activation_explorer
>>> explorer = activation_explorer(["relu", "leaky_relu", "elu"])
>>> explorer
<nnprimer activation explorer: relu, leaky_relu, elu>
"""

from __future__ import annotations

from .activation import (
    ACTIVATION_CONTROLS,
    ActivationExplorer,
    activation_explorer,
    activation_explorer_html,
    activation_scenes,
)
from .core import (
    DIGITS,
    N_SAMPLES,
    SIMPLIFY_TOLERANCE,
    Control,
    Explorer,
    Frame,
    Scene,
    Series,
    static_html,
)
from .descent import (
    DescentExplorer,
    descent_explorer,
    descent_explorer_html,
    descent_path,
    descent_scenes,
)
from .fd_step import (
    FdStepExplorer,
    fd_step_estimate,
    fd_step_explorer,
    fd_step_explorer_html,
    fd_step_scenes,
)
from .gradient_flow import (
    FLOW_INITS,
    GradientFlowExplorer,
    gradient_flow_explorer,
    gradient_flow_explorer_html,
    gradient_flow_scenes,
)
from .init_hist import (
    INIT_SCHEMES,
    InitExplorer,
    init_explorer,
    init_explorer_html,
    init_scenes,
)
from .relu_fit import (
    ReluFitExplorer,
    relu_fit_explorer,
    relu_fit_explorer_html,
    relu_fit_scenes,
)
from .saturation import (
    SaturationExplorer,
    saturation_bounds,
    saturation_explorer,
    saturation_explorer_html,
    saturation_scenes,
    saturation_threshold,
)
from .softmax import (
    SOFTMAX_PRESETS,
    SoftmaxExplorer,
    softmax_explorer,
    softmax_explorer_html,
    softmax_scenes,
    softmax_with_temperature,
)

__all__ = [
    "DescentExplorer",
    "descent_explorer",
    "descent_explorer_html",
    "descent_path",
    "descent_scenes",
    "ACTIVATION_CONTROLS",
    "ActivationExplorer",
    "Control",
    "DIGITS",
    "Explorer",
    "Frame",
    "FdStepExplorer",
    "fd_step_estimate",
    "fd_step_explorer",
    "fd_step_explorer_html",
    "fd_step_scenes",
    "FLOW_INITS",
    "GradientFlowExplorer",
    "gradient_flow_explorer",
    "gradient_flow_explorer_html",
    "gradient_flow_scenes",
    "INIT_SCHEMES",
    "InitExplorer",
    "init_explorer",
    "init_explorer_html",
    "init_scenes",
    "N_SAMPLES",
    "SIMPLIFY_TOLERANCE",
    "SOFTMAX_PRESETS",
    "ReluFitExplorer",
    "SaturationExplorer",
    "Scene",
    "Series",
    "SoftmaxExplorer",
    "activation_explorer",
    "activation_explorer_html",
    "activation_scenes",
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
