r"""Figures and tables of the tanh chapter: the training runs of sigmoid and tanh networks, and
the cost of elementwise operations next to a matrix multiplication."""

from __future__ import annotations

from typing import Any, Mapping

from ..._i18n import _t, get_language
from ...tables import MarkdownTable, markdown_table

__all__ = ["accuracy_table", "cost_table", "plot_runs"]

_COLORS = {"sigmoid": "C0", "tanh": "C3"}


def _run_label(activation: str, lr: float, lang: str) -> str:
    return _t("{activation}, lr = {lr}", lang, activation=activation, lr=lr)


def plot_runs(runs: Mapping[tuple, Any], *, seeds: tuple = (0, 1)):
    r"""Test accuracy per epoch, from epoch 0 (before training), of the runs of
    :func:`nnprimer.chapters.tanh.train_runs`, one panel per seed: the colour says the activation (sigmoid blue, tanh red), the line style
    the learning rate (solid for the smaller, dashed for the larger). The legend sits below
    the panels, so it covers no curve. Returns the Axes."""
    from ...plot import subplots  # matplotlib only when a figure is drawn

    lang = get_language()
    lrs = sorted({lr for (_, lr, _) in runs})
    fig, axes = subplots(1, len(seeds), panel=(3.4, 2.8), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, seed in zip(axes, seeds):
        for (activation, lr, s), run in runs.items():
            if s != seed:
                continue
            ls = "-" if lr == lrs[0] else "--"
            ax.plot(range(len(run.test_acc)), run.test_acc, ls=ls, lw=1.8, marker="o", ms=3,
                    color=_COLORS.get(activation), label=_run_label(activation, lr, lang))
        ax.set_title(_t("seed {seed}", lang, seed=seed))
        ax.set_xlabel(_t("epoch", lang))
        ax.set_ylim(0, 1)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(_t("test accuracy", lang))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize="small", frameon=False)
    return axes


def accuracy_table(runs: Mapping[tuple, Any]) -> MarkdownTable:
    """Final test accuracy of each run of :func:`nnprimer.chapters.tanh.train_runs`: one row per
    (activation, learning rate), one column per seed, in the current language."""
    lang = get_language()
    seeds = sorted({seed for (_, _, seed) in runs})
    rows = sorted({(activation, lr) for (activation, lr, _) in runs})
    head = [_t("run", lang)] + [_t("seed {seed}", lang, seed=s) for s in seeds]
    return markdown_table(head, [[_run_label(activation, lr, lang)]
                                 + [f"{100 * runs[activation, lr, s].test_acc[-1]:.1f} %" for s in seeds]
                                 for activation, lr in rows])


def cost_table(costs: Mapping[int, Mapping[str, float]]) -> MarkdownTable:
    r"""The timings of :func:`nnprimer.chapters.tanh.time_elementwise`, ``{n: {op: ns}}``, as a
    table: one row per operation, and for each array size the nanoseconds per element and
    the multiple of a copy (``Tensor.copy_``) of the same size."""
    lang = get_language()
    sizes = list(costs)
    head = [_t("operation", lang)]
    for n in sizes:
        size = _t("{kib} KiB", lang, kib=4 * n * n // 1024) if 4 * n * n < 2**20 else \
            _t("{mib} MiB", lang, mib=4 * n * n // 2**20)
        head += [_t("{size}: ns per element", lang, size=size), _t("{size}: × copy", lang, size=size)]
    rows = []
    for op in costs[sizes[0]]:
        cells = [f"`{op}`"]
        for n in sizes:
            cells += [f"{costs[n][op]:.2f}", f"{costs[n][op] / costs[n]['Tensor.copy_']:.1f}"]
        rows.append(cells)
    return markdown_table(head, rows, align="l" + "r" * (len(head) - 1))
