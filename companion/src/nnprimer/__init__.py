r"""nnprimer: the companion package of the nnprimer course on the basics of neural networks.

The core, for a lesson of your own (which module for which task):

=======================  ==================================================================
:mod:`~nnprimer.activations`  activations and their derivatives in numpy, agreeing with PyTorch:
                         ``activations.relu([-1, 2])``, ``activations.get("gelu").grad(x)``
:mod:`~nnprimer.init`    weight initialisation as in ``torch.nn.init``:
                         ``init.kaiming_normal((256, 784), rng=0)``
:mod:`~nnprimer.grad`    derivatives by finite differences and gradient checking:
                         ``grad.gradient_check(f, df, x)``
:mod:`~nnprimer.optim`   gradient descent, momentum and Adam on numpy functions:
                         ``optim.gradient_descent(grad_f, w0, lr=0.1, steps=50)``
:mod:`~nnprimer.train`   PyTorch MLPs and one instrumented training loop:
                         ``train.fit(train.mlp([64, 32, 10], rng=0), data.digits(), epochs=5, lr=0.1, rng=0)``
:mod:`~nnprimer.data`    small datasets (digits, spirals) and a seeded split: ``data.spirals(rng=0)``
:mod:`~nnprimer.stats`   Gaussian expectations and forward statistics of deep random MLPs:
                         ``stats.gaussian_expectation(np.tanh, power=2)``
:mod:`~nnprimer.plot`    activations, training histories, per-layer curves (``nnprimer[plot]``):
                         ``plot.plot_activation("elu")``
:mod:`~nnprimer.widgets` explorers that work with and without a kernel:
                         ``widgets.activation_explorer(["relu", "gelu"]).save_html("relu.html")``
:mod:`~nnprimer.check`   self-checking exercises: ``check.value(answer, 6.9068)``
:mod:`~nnprimer.tables`  the activations compared, as a Markdown table: ``tables.activation_table()``
=======================  ==================================================================

What only one chapter needs (its experiments, figures, explorer and exercise checkers) is
in ``nnprimer.chapters.<chapter>`` (:mod:`nnprimer.chapters` lists them); the core never
imports a chapter. Randomness is always one argument, ``rng``: None, an int seed or a
:class:`numpy.random.Generator`; nothing reseeds a global generator.
:func:`set_language` chooses the language of messages, labels and checkers ("en", "zh").

Importing :mod:`nnprimer` is cheap: the submodules load on first use, and only the ones
that need them import torch, matplotlib or ipywidgets.

>>> import nnprimer
>>> nnprimer.activations.relu([-1, 2])
array([0., 2.])
"""

from __future__ import annotations

import importlib

from ._i18n import available_languages, get_language, set_language

__version__ = "0.2.0"

__all__ = [
    "__version__",
    "activations",
    "available_languages",
    "chapters",
    "check",
    "data",
    "get_language",
    "grad",
    "init",
    "optim",
    "plot",
    "set_language",
    "stats",
    "tables",
    "train",
    "widgets",
]

_SUBMODULES = {"activations", "chapters", "check", "data", "grad", "init", "optim", "plot", "stats", "tables", "train",
               "widgets"}
# nnprimer 0.1's experiments, now in stats and the chapters (imported on use, with a warning).
_DEPRECATED = {"experiments"}


def __getattr__(name: str):
    # PEP 562: ``nnprimer.train`` imports torch only when someone asks for it.
    if name in _SUBMODULES or name in _DEPRECATED:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'nnprimer' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
