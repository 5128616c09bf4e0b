"""Initialisation chapter: activation histograms and per-layer statistics of fresh MLPs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._moved import renamed_keywords
from ..._result import FormerDict
from ..._validation import _describe, as_float_array, integer, rng_from, seed_from
from ...init import sample

__all__ = ["ActivationHistograms", "InitLayerStatistics", "activation_histograms", "init_layer_statistics"]


@dataclass(frozen=True, eq=False)
class ActivationHistograms(FormerDict):
    """What :func:`activation_histograms` counted.

    Attributes
    ----------
    edges : numpy.ndarray
        The bin edges.
    centres : numpy.ndarray
        The bin midpoints.
    share : numpy.ndarray
        Shape ``(depth, bins)``: the fraction of layer ``l``'s values in each bin (each row
        sums to 1).
    std : numpy.ndarray
        The standard deviation of each layer's activations.
    zeros : numpy.ndarray
        The fraction of each layer's activations that are exactly 0.
    """

    edges: np.ndarray
    centres: np.ndarray
    share: np.ndarray
    std: np.ndarray
    zeros: np.ndarray


@dataclass(frozen=True, eq=False)
class InitLayerStatistics(FormerDict):
    r"""What :func:`init_layer_statistics` measured.

    Attributes
    ----------
    act_std : numpy.ndarray
        The standard deviation of each hidden layer's output :math:`h_l` (length ``depth``).
    grad_norm : numpy.ndarray
        :math:`\lVert \partial L / \partial W_l \rVert_F` for each Linear layer, the output
        layer last (length ``depth + 1``).
    """

    act_std: np.ndarray
    grad_norm: np.ndarray


@renamed_keywords(seed="rng")
def activation_histograms(activation: str, scheme: str, *, depth: int = 10, width: int = 256,
                          edges: Any = None, n: int = 512, rng=0,
                          scheme_kwargs: dict | None = None) -> ActivationHistograms:
    r"""Histograms of every layer's activations in a deep random MLP at initialisation.

    The same network as :func:`forward_statistics`: ``n`` inputs
    :math:`x \sim \mathcal{N}(0, I_{\text{width}})` pass through ``depth`` layers
    :math:`h_l = \phi(W_l h_{l-1})` with ``width`` x ``width`` weights from the numpy scheme
    ``scheme`` of :data:`nnprimer.init.SCHEMES` (:func:`nnprimer.init.sample`), no
    biases. For layer :math:`l` the function counts the activations in each bin of
    ``edges`` (values beyond the ends are counted in the first or last bin) and divides by
    the number of values, so each row sums to 1.

    Parameters
    ----------
    activation : str
        A name known to :func:`nnprimer.activations.get`.
    scheme : str
        The init scheme; ``scheme_kwargs`` go to it (``{"std": 0.01}``, ``{"gain": 5/3}``).
    depth, width, n : int
        Layers, units per layer, inputs.
    edges : array, optional
        Increasing bin edges; default 62 edges from -3.05 to 3.05: 61 bins of width 0.1
        centred on -3, -2.9, ..., 3, so that 0 is the centre of a bin.
    rng : None, int or numpy.random.Generator
        The inputs and weights (default 0). The old name ``seed=`` still works, with a
        DeprecationWarning.

    Returns
    -------
    ActivationHistograms
        ``edges`` (the bin edges), ``centres`` (bin midpoints), ``share`` (depth x bins,
        the fraction of layer ``l``'s values in each bin), ``std`` (per layer) and
        ``zeros`` (per layer, the fraction of values exactly 0).

    >>> h = activation_histograms("tanh", "xavier_normal", depth=3, width=32, n=64)
    >>> h.share.shape, bool(np.allclose(h.share.sum(axis=1), 1.0))
    ((3, 61), True)
    """
    from ...activations import get

    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    n = integer(n, "n", minimum=2)
    edges = np.linspace(-3.05, 3.05, 62) if edges is None else as_float_array(edges, "edges")
    if edges.ndim != 1 or edges.size < 2 or not np.all(np.isfinite(edges)) or not np.all(np.diff(edges) > 0):
        raise ValueError(f"edges must be a 1-D increasing array of at least 2 finite values, got {_describe(edges)}")
    phi = get(activation)
    rng = rng_from(rng)
    # numpy's fast path (no sort) needs bins as a count and a range; same bins when evenly spaced
    even = np.allclose(np.diff(edges), edges[1] - edges[0], rtol=1e-9, atol=0)
    bins = {"bins": edges.size - 1, "range": (edges[0], edges[-1])} if even else {"bins": edges}
    h = rng.standard_normal((n, width))
    share = np.empty((depth, edges.size - 1))
    std, zeros = np.empty(depth), np.empty(depth)
    for layer in range(depth):
        h = phi(h @ sample(scheme, (width, width), rng=rng, **(scheme_kwargs or {})).T)
        counts, _ = np.histogram(np.clip(h, edges[0], edges[-1]), **bins)
        share[layer] = counts / h.size
        std[layer] = h.std()
        zeros[layer] = np.mean(h == 0)
    return ActivationHistograms(edges=edges, centres=(edges[:-1] + edges[1:]) / 2, share=share, std=std, zeros=zeros)


@renamed_keywords(seed="rng")
def init_layer_statistics(activation: str, scheme: str, X: Any, y: Any, *, depth: int = 8, width: int = 64,
                          n_classes: int | None = None, rng=0,
                          scheme_kwargs: dict | None = None) -> InitLayerStatistics:
    r"""Per-layer activation spread and weight-gradient norm of a fresh torch MLP.

    Builds ``train.mlp([d, width, ..., width, n_classes], activation, init=scheme)`` with
    ``depth`` hidden layers (zero biases unless ``scheme="default"``), its weights drawn
    from ``rng`` (None, an int seed or a numpy Generator; default 0; the old name ``seed=``
    still works, with a DeprecationWarning), and returns an :class:`InitLayerStatistics`
    measured on the batch ``(X, y)``:

    * ``act_std`` -- the standard deviation of each hidden layer's output :math:`h_l`
      (length ``depth``);
    * ``grad_norm`` -- :math:`\lVert \partial L / \partial W_l \rVert_F` of the
      cross-entropy loss for each Linear layer, the output layer last (length
      ``depth + 1``).

    A good initialisation keeps both roughly level across layers; a too-small one makes
    ``act_std`` fall geometrically with depth, and the gradients of the early layers with it.

    >>> import numpy as np
    >>> X, y = np.random.default_rng(0).standard_normal((32, 8)), np.arange(32) % 4
    >>> s = init_layer_statistics("tanh", "xavier_normal", X, y, depth=3, width=16)
    >>> s.act_std.shape, s.grad_norm.shape
    ((3,), (4,))
    """
    from ... import train

    depth = integer(depth, "depth", minimum=1)
    width = integer(width, "width", minimum=1)
    X = as_float_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (examples x features), got {_describe(X)}")
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be a 1-D integer array with one label per row of X, got {_describe(y)}")
    n_classes = int(y.max()) + 1 if n_classes is None else integer(n_classes, "n_classes", minimum=2)
    sizes = [X.shape[1]] + [width] * depth + [n_classes]
    with train.torch_threads(1):
        model = train.mlp(sizes, activation, init=scheme, init_kwargs=scheme_kwargs, rng=seed_from(rng))
        act_std = np.array([s.std for s in train.activation_stats(model, X)])
        grad_norm = np.array(train.layer_grad_norms(model, X, y))
    return InitLayerStatistics(act_std=act_std, grad_norm=grad_norm)
