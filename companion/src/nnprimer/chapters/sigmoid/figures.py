r"""Figures of the sigmoid chapter: the paths of two weights during training."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..._i18n import _t, get_language
from ..._validation import _describe, as_float_array

__all__ = ['weight_paths']


def weight_paths(
    paths: Any,
    *,
    target: Sequence[float] | np.ndarray,
    title: str | None = None,
    ax: Any = None,
):
    r"""Paths of a pair of weights :math:`(w_1, w_2)` during training, in the weight plane.

    Each path is an array of shape ``(steps + 1, 2)`` whose row :math:`k` is
    :math:`(w_1, w_2)` after :math:`k` updates, for example from
    :func:`nnprimer.chapters.sigmoid.linear_unit_sgd`. The start of every path gets a dot, the
    target :math:`w_\star` a star, and the axes have equal scales so that directions of
    steps are drawn true (a step along :math:`(1, 1)` is at 45 degrees).

    Parameters
    ----------
    paths : mapping of str to array of shape (n, 2)
        Legend text (in the page's language) -> path.
    target : pair of float
        :math:`w_\star`, drawn as a star.
    title : str, optional
        Title of the Axes.
    ax : matplotlib Axes, optional
        Where to draw; a new figure of size :data:`FIGSIZE` otherwise.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = weight_paths({"a": [[0, 0], [0.5, 0.5], [1.0, -1.0]]}, target=[1, -1])
    >>> [line.get_label() for line in ax.get_lines()][:1]
    ['a']
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn
    from collections.abc import Mapping

    if not isinstance(paths, Mapping) or not paths:
        raise TypeError(f"paths must be a non-empty mapping of legend text to (n, 2) arrays, got {_describe(paths)}")
    goal = as_float_array(target, "target")
    if goal.shape != (2,) or not np.all(np.isfinite(goal)):
        raise ValueError(f"target must be two finite numbers (w1, w2), got {goal.tolist()}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {_describe(title)}")
    checked = []
    for key, path in paths.items():
        if not isinstance(key, str):
            raise TypeError(f"paths keys (legend texts) must be str, got {_describe(key)}")
        p = as_float_array(path, f"paths[{key!r}]")
        if p.ndim != 2 or p.shape[1] != 2 or p.shape[0] == 0:
            raise ValueError(f"paths[{key!r}] must have shape (n, 2), got {p.shape}")
        checked.append((key, p))
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    for i, (key, p) in enumerate(checked):
        ax.plot(p[:, 0], p[:, 1], lw=1.2, marker="o", ms=2, color=f"C{i}", label=key)
        ax.plot(p[0, 0], p[0, 1], "o", ms=7, color=f"C{i}", mfc="white")
    ax.plot(goal[0], goal[1], "*", ms=14, color="black", label=_t("target w*", lang))
    ax.set_xlabel(_t("weight w₁", lang))
    ax.set_ylabel(_t("weight w₂", lang))
    ax.set_aspect("equal", adjustable="datalim")
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax

