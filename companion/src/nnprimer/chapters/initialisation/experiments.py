"""Initialisation chapter: activation histograms and per-layer statistics of fresh MLPs, the
sample std of each scheme, a learning-rate sweep for fair training curves, Markdown tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..._moved import renamed_keywords
from ..._result import FormerDict
from ..._validation import _describe, as_float_array, integer, rng_from, seed_from
from ...init import choices, sample

__all__ = ["ActivationHistograms", "InitLayerStatistics", "activation_histograms", "init_layer_statistics",
           "STD_EXAMPLES", "SchemeStds", "SweepRun", "formula_std", "learning_rate_sweep",
           "scheme_stds"]


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




#: The random schemes whose sample standard deviation the chapter compares with the
#: formula: label -> (scheme of :data:`nnprimer.init.REGISTRY`, keyword arguments), checked
#: against the registry by :func:`nnprimer.init.choices`.
STD_EXAMPLES = choices({
    "uniform(a=-0.1, b=0.1)": ("uniform", {"a": -0.1, "b": 0.1}),
    "normal(std=0.1)": ("normal", {"std": 0.1}),
    "xavier_uniform(gain=5/3)": ("xavier_uniform", {"gain": 5 / 3}),
    "xavier_normal": ("xavier_normal", {}),
    "kaiming_uniform(relu)": ("kaiming_uniform", {"nonlinearity": "relu"}),
    "kaiming_normal(relu, fan_out)": ("kaiming_normal", {"nonlinearity": "relu", "mode": "fan_out"}),
})


def formula_std(scheme: str, shape: tuple[int, ...], **kwargs) -> float:
    r"""The standard deviation the formula of ``scheme`` gives for a weight of ``shape``:
    :math:`(b - a)/\sqrt{12}` for ``uniform``, ``std`` for ``normal``,
    :func:`nnprimer.init.xavier_std` and :func:`nnprimer.init.kaiming_std` for the others
    (the uniform variants have the same std as the normal ones).

    >>> round(formula_std("kaiming_normal", (256, 512), nonlinearity="relu"), 5)
    0.0625
    """
    from ... import init

    if scheme == "uniform":
        return (kwargs.get("b", 1.0) - kwargs.get("a", 0.0)) / np.sqrt(12)
    if scheme == "normal":
        return float(kwargs.get("std", 1.0))
    if scheme.startswith("xavier_"):
        return init.xavier_std(shape, kwargs.get("gain", 1.0))
    if scheme.startswith("kaiming_"):
        return init.kaiming_std(shape, **kwargs)
    raise ValueError(f"formula_std knows uniform, normal, xavier_* and kaiming_*, got {scheme!r}")


@dataclass(frozen=True, eq=False)
class SchemeStds:
    """What :func:`scheme_stds` measured: per label of :data:`STD_EXAMPLES`, the formula's
    std and the sample std of a numpy draw (``nnprimer.init``) and of a torch draw
    (``torch.nn.init``). :meth:`table` shows them; :attr:`largest_error` is the largest
    relative deviation of a sample std from its formula."""

    formula: dict
    nnprimer: dict
    torch: dict

    @property
    def largest_error(self) -> float:
        return max(abs(s[k] / self.formula[k] - 1) for s in (self.nnprimer, self.torch) for k in self.formula)

    def table(self) -> Any:
        from ..._i18n import _t
        from ...tables import markdown_table

        header = [_t("scheme"), _t("std by the formula"), _t("sample std, nnprimer"), _t("sample std, torch")]
        return markdown_table(header, [[f"`{k}`", f"{self.formula[k]:.5f}", f"{self.nnprimer[k]:.5f}",
                                        f"{self.torch[k]:.5f}"] for k in self.formula])


def scheme_stds(shape: tuple[int, ...] = (256, 512), rng: int = 0) -> SchemeStds:
    """Draw a weight of ``shape`` by each scheme of :data:`STD_EXAMPLES` with
    ``nnprimer.init.sample`` (numpy, seed ``rng``) and with the ``torch.nn.init`` function
    of the same name (float64, a torch generator seeded with ``rng``) and compare the
    sample standard deviations with :func:`formula_std`.

    >>> s = scheme_stds((64, 128))
    >>> s.largest_error < 0.05
    True
    """
    from ..._optional import require
    from ...init import sample

    torch = require("torch", "nnprimer.chapters.initialisation.scheme_stds")
    formula, ours, theirs = {}, {}, {}
    for label, (scheme, kwargs) in STD_EXAMPLES.items():
        formula[label] = formula_std(scheme, shape, **kwargs)
        ours[label] = float(sample(scheme, shape, rng=rng, **kwargs).std())
        w = torch.empty(shape, dtype=torch.float64)
        getattr(torch.nn.init, scheme + "_")(w, generator=torch.Generator().manual_seed(rng), **kwargs)
        theirs[label] = float(w.std())
    return SchemeStds(formula, ours, theirs)


@dataclass(frozen=True, eq=False)
class SweepRun:
    r"""One network of :func:`learning_rate_sweep`.

    Attributes
    ----------
    lr : float
        The learning rate of the lowest training loss after the last epoch.
    train_loss, test_acc : numpy.ndarray
        At that learning rate, from epoch 0 (before the first step) to the last: the loss on
        the whole training set and the accuracy on the test set.
    final_loss : dict
        Every learning rate tried -> the training loss after the last epoch (inf if the
        loss became NaN or inf).
    largest_jump : dict
        Every learning rate tried -> the largest factor by which the training loss at an
        epoch exceeds the lowest loss of the epochs before it (below 1: it never rose).
    """

    lr: float
    train_loss: np.ndarray
    test_acc: np.ndarray
    final_loss: dict
    largest_jump: dict


def learning_rate_sweep(networks: dict, data: Any, *, sizes: Any, lrs: Any = (0.01, 0.03, 0.1, 0.3),
                        epochs: int = 10, batch_size: int = 64, rng: int = 0) -> dict:
    r"""Train each network at each learning rate and keep the best, for a fair comparison.

    ``networks`` maps a label to ``(activation, scheme, scheme_kwargs)``. Each run builds
    ``train.mlp(sizes, activation, rng=rng)``, draws its weights with
    ``init.apply_init(model, scheme, bias=0.0, rng=rng, **scheme_kwargs)`` (the same
    weights at every learning rate, and **zero biases in every network**, PyTorch's
    ``"default"`` included, so that only the weights differ), and trains it with plain SGD
    (:func:`nnprimer.train.fit`, batches of ``batch_size``, the same data order) for ``epochs``
    epochs. Returns label -> :class:`SweepRun`.

    >>> from nnprimer import data
    >>> d = data.digits()
    >>> runs = learning_rate_sweep({"relu": ("relu", "kaiming_normal", {"nonlinearity": "relu"})}, d,
    ...                            sizes=[64, 32, 10], lrs=(0.01, 0.1), epochs=2)
    >>> r = runs["relu"]; r.lr in (0.01, 0.1), r.train_loss.shape, r.test_acc.shape
    (True, (3,), (3,))
    """
    from ..._optional import require
    from ... import init, train

    torch = require("torch", "nnprimer.chapters.initialisation.learning_rate_sweep")
    epochs = integer(epochs, "epochs", minimum=1)
    X, y = torch.as_tensor(data.X_train, dtype=torch.float32), torch.as_tensor(data.y_train)
    Xt, yt = torch.as_tensor(data.X_test, dtype=torch.float32), torch.as_tensor(data.y_test)
    out = {}
    with train.torch_threads(1):
        for label, (activation, scheme, kwargs) in networks.items():
            curves = {}
            for lr in lrs:
                model = train.mlp(sizes, activation, rng=rng)
                init.apply_init(model, scheme, bias=0.0, rng=rng, **(kwargs or {}))
                with torch.no_grad():
                    loss0 = torch.nn.functional.cross_entropy(model(X), y).item()
                    acc0 = (model(Xt).argmax(1) == yt).double().mean().item()
                h = train.fit(model, data, epochs=epochs, lr=lr, batch_size=batch_size, rng=rng, device="cpu",
                              track=False, on_nonfinite="stop")
                loss = np.array([loss0] + list(h.train_loss) + [np.inf] * (epochs - len(h.train_loss)))
                acc = np.array([acc0] + list(h.test_acc) + [np.nan] * (epochs - len(h.test_acc)))
                curves[lr] = (np.where(np.isfinite(loss), loss, np.inf), acc)
            final = {lr: float(c[0][-1]) for lr, c in curves.items()}
            jump = {lr: float(max(c[0][t] / c[0][:t].min() for t in range(1, epochs + 1))) for lr, c in curves.items()}
            best = min(lrs, key=lambda lr: final[lr])
            out[label] = SweepRun(lr=best, train_loss=curves[best][0], test_acc=curves[best][1],
                                  final_loss=final, largest_jump=jump)
    return out
