"""nnprimer: the companion package of the nnprimer course.

Reference implementations (numpy) of activation functions, weight initialisation and
gradient checking that agree with PyTorch, plus the plots, widgets and PyTorch training
loops that the chapters use.

Importing :mod:`nnprimer` is cheap: the submodules load on first use, and only the ones
that need them import torch, matplotlib or ipywidgets.

>>> import nnprimer
>>> nnprimer.activations.relu([-1, 2])
array([0., 2.])
"""

from __future__ import annotations

import importlib

from ._i18n import available_languages, get_language, set_language

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "activations",
    "available_languages",
    "check",
    "data",
    "experiments",
    "get_language",
    "grad",
    "init",
    "optim",
    "plot",
    "set_language",
    "tables",
    "train",
    "widgets",
]

_SUBMODULES = {"activations", "check", "data", "experiments", "tables", "grad", "init", "optim", "plot", "train", "widgets"}


def __getattr__(name: str):
    # PEP 562: ``nnprimer.train`` imports torch only when someone asks for it.
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'nnprimer' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
