"""What each chapter needs beyond the core: one package per chapter, in the order of the book.

======================  =========================================================
``chapters.why``        1  Why activation functions
``chapters.relu``       2  ReLU and its variants
``chapters.sigmoid``    3  Sigmoid (and where sigmoid and tanh saturate)
``chapters.tanh``       4  Tanh
``chapters.softmax``    5  Softmax
``chapters.backprop``   6  Gradients and back-propagation
``chapters.descent``    7  Gradient descent
``chapters.vanishing``  8  Vanishing and exploding gradients
``chapters.initialisation``  9  Weight initialisation
``chapters.performance``     Appendix: performance (timing tools)
======================  =========================================================

Each holds that chapter's experiments, figures and explorer (as ``chapters.<name>.<thing>``)
and the checkers of its exercises (``chapters.<name>.check``). A chapter may use an earlier
chapter's package; the core (:mod:`nnprimer.activations`, :mod:`~nnprimer.init`,
:mod:`~nnprimer.grad`, :mod:`~nnprimer.optim`, :mod:`~nnprimer.train`,
:mod:`~nnprimer.data`, :mod:`~nnprimer.stats`, :mod:`~nnprimer.plot`,
:mod:`~nnprimer.widgets`, :mod:`~nnprimer.check`, :mod:`~nnprimer.tables`) never imports
one. A chapter's notebook starts with::

    from nnprimer.chapters import sigmoid as chapter
    from nnprimer.chapters.sigmoid import check

The packages load on first use, like the core's modules.
"""

from __future__ import annotations

import importlib

#: The chapter packages, in the order of the book.
CHAPTERS = ("why", "relu", "sigmoid", "tanh", "softmax", "backprop", "descent", "vanishing", "initialisation",
            "performance")

__all__ = ["CHAPTERS", *CHAPTERS]


def __getattr__(name: str):
    if name in CHAPTERS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(CHAPTERS))
