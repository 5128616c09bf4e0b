r"""Figures of the chapter "Gradient descent": the batch-size comparison on three axes."""

from __future__ import annotations

from typing import Any

from ..._i18n import _t, get_language
from .experiments import BatchSizeRun

__all__ = ["plot_batch_size_runs"]

# The first run is drawn as a broad pale band, the others as thinner lines on top: two runs
# that make the same progress per step (the full batch and B = 32) stay both visible.
_STYLES = (dict(lw=5, alpha=0.4, marker="s", ms=5), dict(lw=1.3, ls="--", marker="o", ms=3),
           dict(lw=1.0, marker="^", ms=3), dict(lw=1.0, ls=":", marker="v", ms=3))


def plot_batch_size_runs(runs: dict, *, time_axis: bool = True, axes: Any = None):
    r"""The training loss of :func:`nnprimer.chapters.descent.batch_size_runs` against steps,
    epochs and (with ``time_axis``) the seconds spent in the steps, one panel each, all
    with logarithmic axes (the runs differ by factors of a thousand along each). The first
    run is a broad pale band under the others, so that runs which coincide stay visible.

    The seconds depend on the machine: a cell that draws them measures time. Returns the
    array of Axes.
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn

    if not runs or not all(isinstance(r, BatchSizeRun) for r in runs.values()):
        raise TypeError("runs must be the dict of BatchSizeRun that batch_size_runs returns")
    lang = get_language()
    panels = [("steps", _t("steps (updates)", lang)), ("epochs", _t("epochs (passes over the data)", lang))]
    if time_axis:
        panels.append(("seconds", _t("seconds spent in the steps", lang)))
    if axes is None:
        _, axes = subplots(len(panels), 1, figsize=(6.4, 2.3 * len(panels)))
    for ax, (field, label) in zip(axes, panels):
        for k, run in enumerate(runs.values()):
            x = getattr(run, field)[1:]  # from the first step on: a log axis has no 0
            ax.plot(x, run.loss[1:], markevery=0.1, label=_t("B = {b}", lang, b=run.batch_size),
                    **_STYLES[k % len(_STYLES)])
        ax.set(xscale="log", yscale="log", xlabel=label, ylabel=_t("training loss", lang))
        ax.grid(alpha=0.3, which="both")
    lr = next(iter(runs.values())).lr
    axes[0].set_title(_t("The same network and learning rate (η = {lr}), three batch sizes", lang, lr=lr))
    axes[0].legend(fontsize="small", loc="lower left")
    return axes
