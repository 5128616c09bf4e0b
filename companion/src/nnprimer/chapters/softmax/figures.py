r"""Figures of the softmax chapter: softmax along one logit, temperatures, a classifier's probabilities."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..._i18n import N_, _t, get_language
from ..._validation import _describe, as_float_array
from .experiments import softmax_temperature

__all__ = ['plot_softmax', 'softmax_bars', 'digit_probabilities', 'saturation_figure']


def plot_softmax(
    others: Sequence[float] = (0.0,),
    *,
    x: Sequence[float] | np.ndarray | None = None,
    ax: Any = None,
    title: str | None = None,
):
    r"""Softmax as a function of one logit, with its autograd derivative.

    The logits are :math:`z = (x, o_1, \dots, o_m)`: the first one varies, the others
    (``others``) stay fixed. Every probability :math:`y_i = \mathrm{softmax}(z)_i` is
    drawn as a solid line ("probability of class i") and the slope
    :math:`\partial y_0 / \partial z_0 = y_0 (1 - y_0)`, taken
    from ``torch.autograd`` when torch is installed (else from
    :func:`nnprimer.activations.softmax_jacobian`), as a dashed line. With ``others=(0,)``
    the curve :math:`y_0` is exactly the sigmoid :math:`\sigma(x)`.

    Parameters
    ----------
    others : sequence of float
        The fixed logits :math:`o_1, \dots, o_m` (finite, at least one).
    x : array, optional
        Values of the first logit (default ``linspace(-8, 8, 801)``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    title : str, optional
        Default: "softmax of z = (z₀, ...)" in the current language.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = plot_softmax((0.0, 1.0))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]  # three probabilities and the slope
    ['probability of class 0', 'probability of class 1', 'probability of class 2', 'slope of class 0 (autograd)']
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn
    from ... import activations

    o = as_float_array(others, "others").astype(np.float64)
    if o.ndim != 1 or o.size == 0 or not np.all(np.isfinite(o)):
        raise ValueError(f"others must be a non-empty 1-D sequence of finite logits, got {o.tolist()}")
    xs = np.linspace(-8.0, 8.0, 801) if x is None else as_float_array(x, "x").astype(np.float64)
    if xs.ndim != 1 or xs.size < 2:
        raise ValueError(f"x must be a 1-D array of at least 2 values, got shape {xs.shape}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str, got {_describe(title)}")
    z = np.column_stack([xs, np.broadcast_to(o, (xs.size, o.size))])
    y = activations.softmax(z)
    try:
        import torch

        t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(torch.softmax(t, dim=1)[:, 0].sum(), t)
        dy0 = g[:, 0].numpy()
        key = N_("slope of class 0 (autograd)")
    except ImportError:
        dy0 = np.array([activations.softmax_jacobian(row)[0, 0] for row in z])
        key = N_("slope of class 0")
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    for i in range(z.shape[1]):
        ax.plot(xs, y[:, i], lw=2, label=_t("probability of class {i}", lang, i=i))
    ax.plot(xs, dy0, lw=1.5, ls="--", color="k", label=_t(key, lang))
    ax.axhline(0, color="0.6", lw=0.6)
    ax.set_xlabel(_t("logit z₀ (the others fixed)", lang))
    others_text = ", ".join(f"{v:g}" for v in o)
    ax.set_title(title if title is not None else _t("softmax of z = (z₀, {others})", lang, others=others_text))
    ax.grid(alpha=0.3)
    ax.legend(loc="center left", fontsize="small")
    return ax


def softmax_bars(z: Sequence[float], temperatures: Sequence[float], *, ax: Any = None):
    r"""Grouped bars of :math:`\mathrm{softmax}(z / T)` for several temperatures.

    One group of bars per class, one bar per temperature; the legend gives each
    temperature's entropy :math:`H = -\sum_i p_i \log p_i` in nats
    (:func:`nnprimer.chapters.softmax.softmax_temperature`). Small :math:`T` concentrates the
    probability on the largest logit, large :math:`T` spreads it evenly.

    Returns the Axes.

    Examples
    --------
    >>> ax = softmax_bars([2.0, 1.0, 0.0], [0.5, 1.0, 5.0])
    >>> len(ax.patches)  # 3 classes x 3 temperatures
    9
    """
    from ...plot import subplots  # matplotlib only when a figure is drawn

    result = softmax_temperature(z, temperatures)
    p, entropy = result.probabilities, result.entropy
    zs = as_float_array(z, "z").astype(np.float64)
    ts = as_float_array(temperatures, "temperatures").astype(np.float64)
    if ax is None:
        _, ax = subplots()
    lang = get_language()
    k, n = zs.size, ts.size
    width = 0.8 / n
    for j, (t, h) in enumerate(zip(ts, entropy)):
        ax.bar(np.arange(k) + (j - (n - 1) / 2) * width, p[j], width=width,
               label=_t("T = {t:g} (entropy {h:.2f} nats)", lang, t=t, h=h))
    ax.set_xticks(np.arange(k))
    ax.set_xlabel(_t("class", lang))
    ax.set_ylabel(_t("probability", lang))
    ax.set_ylim(0, 1.05)
    ax.set_title(_t("softmax(z / T) for z = {z}", lang, z=[float(f"{v:g}") for v in zs]))
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize="small")
    return ax


def digit_probabilities(images: Any, probabilities: Any, labels: Sequence[int]):
    r"""8×8 digit images (top row) above bar charts of a classifier's probabilities (bottom row).

    Parameters
    ----------
    images : array_like
        Shape ``(n, 64)`` or ``(n, 8, 8)``: the pixels to show (any scale).
    probabilities : array_like
        Shape ``(n, C)``: each row the model's softmax output for one image.
    labels : sequence of int
        The true class of each image; the panel title shows it with the argmax
        prediction. The bar of the true class is drawn in a second colour.

    Returns
    -------
    matplotlib Figure

    Examples
    --------
    >>> fig = digit_probabilities(np.zeros((2, 64)), np.full((2, 10), 0.1), [3, 7])
    >>> len(fig.axes)
    4
    """
    from ...plot import FIGSIZE, subplots  # matplotlib only when a figure is drawn

    imgs = as_float_array(images, "images")
    probs = as_float_array(probabilities, "probabilities")
    if imgs.ndim == 2:
        if imgs.shape[1] != 64:
            raise ValueError(f"images must have shape (n, 64) or (n, 8, 8), got {imgs.shape}")
        imgs = imgs.reshape(-1, 8, 8)
    if imgs.ndim != 3 or imgs.shape[1:] != (8, 8):
        raise ValueError(f"images must have shape (n, 64) or (n, 8, 8), got {imgs.shape}")
    n = imgs.shape[0]
    if probs.ndim != 2 or probs.shape[0] != n:
        raise ValueError(f"probabilities must have shape ({n}, C), got {probs.shape}")
    labels = [int(v) for v in labels]
    if len(labels) != n or any(not 0 <= v < probs.shape[1] for v in labels):
        raise ValueError(f"labels must be {n} class indices in [0, {probs.shape[1] - 1}], got {labels}")
    fig, axes = subplots(2, n, panel=(FIGSIZE[0] / max(n, 1) * 1.25, 2.0), squeeze=False,
                         gridspec_kw={"height_ratios": [1, 1.1]})
    lang = get_language()
    classes = np.arange(probs.shape[1])
    for i in range(n):
        top, bottom = axes[0, i], axes[1, i]
        top.imshow(imgs[i], cmap="gray_r")
        top.set_xticks([])
        top.set_yticks([])
        top.set_title(_t("label {y}, predicted {p}", lang, y=labels[i], p=int(np.argmax(probs[i]))),
                      fontsize="small")
        colors = ["C1" if c == labels[i] else "C0" for c in classes]
        bottom.bar(classes, probs[i], color=colors)
        bottom.set_ylim(0, 1.05)
        bottom.set_xticks(classes)
        bottom.tick_params(labelsize="x-small")
        bottom.grid(alpha=0.3, axis="y")
        if i == 0:
            bottom.set_ylabel(_t("probability", lang))
    return fig


def saturation_figure(saturation: Any, gaps: Any):
    r"""Two panels of what :func:`~nnprimer.chapters.softmax.softmax_saturation` measured.

    Left: the norm of the softmax Jacobian against the gap :math:`g`. Right: the norm of the
    cross-entropy gradient :math:`\lVert \mathrm{softmax}(z) - \mathrm{onehot}(y) \rVert` when
    the leading class is right and when it is wrong. Both on a log scale with a shared y axis.
    The Jacobian norm and the gradient norm for a right leader fall at the same rate
    (their ratio tends to :math:`\sqrt{1.2} \approx 1.1` for 10 classes), so one panel would
    draw one of them exactly under the other.

    Returns the Figure.

    Examples
    --------
    >>> from nnprimer.chapters.softmax import softmax_saturation
    >>> fig = saturation_figure(softmax_saturation([0.0, 5.0, 10.0]), [0.0, 5.0, 10.0])
    >>> [len(ax.get_lines()) for ax in fig.axes]
    [1, 2]
    """
    from ...plot import PANEL, subplots  # matplotlib only when a figure is drawn

    g = as_float_array(gaps, "gaps").astype(np.float64)
    fields = ("jacobian_norm", "grad_norm_correct", "grad_norm_wrong")
    if not all(hasattr(saturation, f) for f in fields):
        raise TypeError(f"saturation must be a SoftmaxSaturation, got {_describe(saturation)}")
    if g.ndim != 1 or any(np.shape(getattr(saturation, f)) != g.shape for f in fields):
        raise ValueError(f"gaps must be the 1-D array the saturation was measured at, got shape {g.shape}")
    lang = get_language()
    fig, (left, right) = subplots(1, 2, panel=(PANEL[0], PANEL[1] * 1.15), sharey=True)
    left.semilogy(g, saturation.jacobian_norm, lw=2, color="C0")
    left.set_title(_t("softmax alone: Jacobian", lang), fontsize="medium")
    left.set_ylabel(_t("norm", lang))
    right.semilogy(g, saturation.grad_norm_wrong, lw=2, color="C3", label=_t("top class wrong", lang))
    right.semilogy(g, saturation.grad_norm_correct, lw=2, color="C2", label=_t("top class right", lang))
    right.set_title(_t("with cross-entropy: gradient", lang), fontsize="medium")
    right.legend(loc="lower left", fontsize="small")
    right.tick_params(labelleft=True)
    for ax in (left, right):
        ax.set_xlabel(_t("gap g of the top logit", lang))
        ax.grid(alpha=0.3)
    return fig
