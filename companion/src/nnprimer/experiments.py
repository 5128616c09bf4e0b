"""Deprecated in nnprimer 0.2: the experiments moved to their chapters.

Statistics every chapter uses are in :mod:`nnprimer.stats`; the rest is in the package of
the chapter that runs it, ``nnprimer.chapters.<chapter>`` (:mod:`nnprimer.chapters` lists
them), and :func:`torch_threads` is :func:`nnprimer.train.torch_threads`. The old names
``nnprimer.experiments.<name>`` still work until 0.3, with a ``DeprecationWarning`` that
names the new home.
"""

from __future__ import annotations

from ._moved import forward

__all__: list[str] = []
__getattr__ = forward(__name__)

