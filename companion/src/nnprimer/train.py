r"""PyTorch models and one training loop, instrumented for teaching.

* :func:`mlp` builds a multilayer perceptron from layer sizes, an activation name (any of
  :data:`nnprimer.activations.ELEMENTWISE`) and an initialisation scheme (any of
  :data:`nnprimer.init.SCHEMES`), optionally with batch normalisation or residual
  connections.
* :func:`fit` trains it with mini-batch SGD (optionally momentum, Adam, weight decay,
  gradient clipping) and records a :class:`History`: loss and accuracy per epoch,
  per-layer gradient norms, activation statistics and dead-unit counts. Its data are
  checked before the first step (label range, feature count, NaN...), and a non-finite loss
  stops training with :class:`NonFiniteLossError` instead of silently producing NaNs
  (or, with ``on_nonfinite="stop"``, returns early with ``history.stopped`` saying where).
* :func:`dead_units`, :func:`activation_stats` and :func:`layer_grad_norms` measure a model
  on data without training it.
* :func:`torch_threads` runs a block on a fixed number of CPU threads.

Randomness comes from ``rng``: an int seed or a :class:`numpy.random.Generator` gives the
same numbers on the same machine, and leaves the global generators of Python, numpy and
torch as they were; ``None`` draws from torch's global generator, as torch itself does (so
``torch.manual_seed`` makes it reproducible). The old name ``seed=`` still works, with a
DeprecationWarning.

>>> from nnprimer import data, train
>>> d = data.digits()
>>> model = train.mlp([64, 32, 10], activation="relu", init="kaiming_normal", rng=0)
>>> history = train.fit(model, d, epochs=5, lr=0.1, rng=0)
>>> history.epochs, history.test_acc[-1] > 0.9
(5, True)
"""

from __future__ import annotations

import contextlib
import copy
import math
import re
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ._i18n import _t
from ._optional import require
from ._result import FormerDict
from ._validation import _describe, choice, integer, positive_number, real_number
from ._moved import renamed_keywords
from .init import _torch_seed

torch = require("torch", "nnprimer.train")
nn = torch.nn

__all__ = [
    "ActivationStats",
    "MLP",
    "History",
    "NonFiniteLossError",
    "PROGRESS_AFTER",
    "activation_stats",
    "dead_mask",
    "dead_units",
    "fit",
    "layer_grad_norms",
    "make_dead",
    "mlp",
    "pick_device",
    "small_cnn",
    "torch_threads",
]


@contextlib.contextmanager
def torch_threads(n: int):
    """Run PyTorch on ``n`` CPU threads inside the ``with`` block (then restore).

    Two uses: timing on one thread compares PyTorch fairly with numpy (which runs
    elementwise functions on one thread) and is less disturbed by other processes; and a
    float32 reduction gives the same bits whatever the machine's core count, because the
    order of its partial sums depends on the number of threads.

    >>> with torch_threads(1):
    ...     torch.get_num_threads()
    1
    """
    n = integer(n, "n", minimum=1)
    previous = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


class NonFiniteLossError(FloatingPointError):
    """The loss became NaN or infinite; the message says at which epoch and step (in the
    language of :func:`nnprimer.set_language`)."""


@contextlib.contextmanager
def _seeded(seed: int | None, dev: torch.device):
    """Inside the block, torch's global generators for the CPU and for ``dev`` start from
    ``seed``, so what draws from them there (``nn.Linear``'s initialisation, dropout, RReLU)
    is reproducible; afterwards they are back where they were (``torch.random.fork_rng``).
    ``seed=None``: the block draws from them as they are."""
    if seed is None:
        yield
        return
    if dev.type == "cpu":
        devices, device_type = [], None
    else:
        module = torch.get_device_module(dev.type)
        index = dev.index if dev.index is not None else (module.current_device() if dev.type == "cuda" else 0)
        devices, device_type = [index], dev.type
    with torch.random.fork_rng(devices=devices, device_type=device_type):
        torch.default_generator.manual_seed(seed)
        if dev.type == "cuda":
            torch.cuda.default_generators[devices[0]].manual_seed(seed)
        elif devices:
            torch.get_device_module(dev.type).manual_seed(seed)
        yield


#: Device names :func:`pick_device` accepts.
_DEVICE_NAME = re.compile(r"cpu|mps|cuda(:\d+)?")


def pick_device(device: str | torch.device | None = None) -> torch.device:
    """The device to train on: ``device`` if given, else CUDA, then Apple's MPS, then the CPU.

    Every ``device`` argument of :mod:`nnprimer.train` goes through this function.

    Parameters
    ----------
    device : str, torch.device or None
        ``"cpu"``, ``"cuda"``, ``"cuda:N"`` or ``"mps"``; None picks the first available.

    Raises
    ------
    ValueError
        For another name (``"gpu"``: write ``"cuda"``; names are lower case), or a device
        this machine or this build of torch does not have.

    Examples
    --------
    >>> pick_device("cpu")
    device(type='cpu')
    >>> pick_device("gpu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: device must be 'cpu', 'cuda', 'cuda:N' or 'mps' (...), got 'gpu'; for an NVIDIA GPU write 'cuda', ...
    """
    if device is None:
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    if not isinstance(device, (str, torch.device)):
        raise TypeError(f"device must be a str such as 'cpu' or 'cuda', got {_describe(device)}")
    name = str(device)
    if not _DEVICE_NAME.fullmatch(name):
        hint = ""
        if _DEVICE_NAME.fullmatch(name.strip().lower()):
            hint = f"; device names are lower case: {name.strip().lower()!r}"
        elif name.strip().lower().startswith("gpu"):
            hint = "; for an NVIDIA GPU write 'cuda', for an Apple GPU 'mps'"
        raise ValueError(f"device must be 'cpu', 'cuda', 'cuda:N' or 'mps' (or None to pick one), got {device!r}{hint}")
    dev = torch.device(name)
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"device {name!r} was requested but torch.cuda.is_available() is False "
                             "(no NVIDIA GPU, or a CPU-only build of torch); use 'cpu'")
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise ValueError(f"device {name!r} was requested but this machine has {torch.cuda.device_count()} "
                             f"CUDA device(s), numbered from 0")
    if dev.type == "mps" and not _mps_available():
        raise ValueError("device 'mps' was requested but torch.backends.mps.is_available() is False (MPS needs "
                         "an Apple-silicon Mac and a macOS build of torch); use 'cpu'")
    return dev


def _mps_available() -> bool:
    mps = getattr(torch.backends, "mps", None)
    return mps is not None and mps.is_available()


def _layer_sizes(sizes: object) -> list[int]:
    """Check ``sizes`` of :class:`MLP`: a sequence of at least two ints >= 1."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer widths such as [64, 32, 10] (inputs, hidden layers, "
                        f"outputs), got {_describe(sizes)}")
    sizes = [integer(s, f"sizes[{i}]", minimum=1) for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    return sizes


class MLP(nn.Module):
    r"""A multilayer perceptron: ``Linear -> [BatchNorm] -> activation`` blocks, then a Linear output.

    With ``residual=True`` a hidden block whose input and output widths match computes
    :math:`h_{l+1} = h_l + \phi(\mathrm{BN}(W_l h_l + b_l))` instead of
    :math:`h_{l+1} = \phi(\ldots)`.

    Attributes ``linears``, ``norms`` and ``acts`` hold the layers in order, so hooks and
    statistics can address "hidden layer i". The weights are stored as PyTorch stores them,
    ``(out, in)`` (:func:`nnprimer.init.fans`).
    """

    def __init__(self, sizes: Sequence[int], activation: str = "relu", *, activation_params: dict | None = None,
                 batchnorm: bool = False, residual: bool = False, bias: bool = True) -> None:
        super().__init__()
        from .activations import get

        sizes = _layer_sizes(sizes)
        act = get(activation)
        self.sizes = tuple(sizes)
        self.activation = activation
        self.residual = bool(residual)
        self.linears = nn.ModuleList(nn.Linear(a, b, bias=bias) for a, b in zip(sizes[:-1], sizes[1:]))
        hidden = sizes[1:-1]
        self.norms = nn.ModuleList(nn.BatchNorm1d(w) if batchnorm else nn.Identity() for w in hidden)
        self.acts = nn.ModuleList(act.module(**(activation_params or {})) for _ in hidden)

    def forward(self, x, *, on_layer=None):
        """The logits for the rows of ``x``. ``on_layer(i, z, a)``, if given, is called as
        hidden layer ``i`` runs, with its pre-activation ``z`` and activation ``a`` (what
        :func:`fit`'s per-layer statistics read, without hooks)."""
        h = x.flatten(1)
        for i, (linear, norm, act) in enumerate(zip(self.linears[:-1], self.norms, self.acts)):
            z = norm(linear(h))
            a = act(z)
            if on_layer is not None:
                on_layer(i, z, a)
            h = h + a if self.residual and a.shape == h.shape else a
        return self.linears[-1](h)


@renamed_keywords(seed="rng")
def mlp(sizes: Sequence[int], activation: str = "relu", *, init: str = "default", init_kwargs: dict | None = None,
        activation_params: dict | None = None, batchnorm: bool = False, residual: bool = False, bias: bool = True,
        rng=None) -> MLP:
    """Build an :class:`MLP` and initialise its Linear layers with the named scheme.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths: inputs, hidden layers, outputs (``[64, 32, 10]``: one hidden layer).
    activation : str
        Name of the hidden layers' activation (:data:`nnprimer.activations.ELEMENTWISE`).
    init : str
        A scheme of the registry :data:`nnprimer.init.REGISTRY` (names in
        :data:`nnprimer.init.SCHEMES`), applied by :func:`nnprimer.init.apply_init`, so the
        weights follow the distribution that ``nnprimer.init.sample(init, ...)`` draws in
        numpy. ``"default"`` keeps the initialisation PyTorch gave the layers when they were
        built (biases included); other schemes start the biases at 0.
    init_kwargs : dict, optional
        The scheme's keyword arguments (:attr:`nnprimer.init.Scheme.keywords`), e.g.
        ``{"nonlinearity": "relu"}``; checked for every scheme, ``"default"`` included
        (which takes none).
    activation_params : dict, optional
        Passed to the activation's module, e.g. ``{"negative_slope": 0.1}``.
    batchnorm, residual, bias : bool
        See :class:`MLP`.
    rng : None, int or numpy.random.Generator
        The initial weights: the same seed gives the same weights, and torch's global
        generator is left as it was; None draws from torch's global generator (as
        ``nn.Linear`` does).

    Examples
    --------
    >>> net = mlp([64, 32, 10], "relu", init="kaiming_normal", rng=0)
    >>> net.sizes, tuple(net.linears[0].weight.shape)
    ((64, 32, 10), (32, 64))
    >>> bool((net.linears[0].weight == mlp([64, 32, 10], "relu", init="kaiming_normal", rng=0).linears[0].weight).all())
    True
    """
    from .init import apply_init, lookup

    lookup(init).check(init_kwargs or {})  # also for "default", which apply_init does not see
    seed = _torch_seed(rng)
    with _seeded(seed, torch.device("cpu")):
        model = MLP(sizes, activation, activation_params=activation_params, batchnorm=batchnorm,
                    residual=residual, bias=bias)
        if init != "default":
            apply_init(model, init, **(init_kwargs or {}))
    return model


@renamed_keywords(seed="rng")
def small_cnn(activation: str = "relu", *, channels: tuple[int, int] = (16, 32), n_classes: int = 10,
              rng=None) -> nn.Sequential:
    """A small CNN for 1x8x8 images: Conv -> act -> MaxPool -> Conv -> act -> Linear.

    ``Conv2d(1, c1, 3, padding=1) -> act -> MaxPool2d(2) -> Conv2d(c1, c2, 3, padding=1)
    -> act -> Flatten -> Linear(c2 * 4 * 4, n_classes)``; PyTorch's default initialisation,
    drawn as :func:`mlp` draws it (``rng``: None, an int seed or a numpy Generator).

    Examples
    --------
    >>> cnn = small_cnn("relu", channels=(4, 8), rng=0)
    >>> tuple(cnn(torch.zeros(2, 1, 8, 8)).shape)
    (2, 10)
    """
    from .activations import get

    act = get(activation)
    if not isinstance(channels, (tuple, list)) or len(channels) != 2:
        raise TypeError(f"channels must be a pair (c1, c2) of ints, got {_describe(channels)}")
    c1, c2 = (integer(c, f"channels[{i}]", minimum=1) for i, c in enumerate(channels))
    n_classes = integer(n_classes, "n_classes", minimum=2)
    with _seeded(_torch_seed(rng), torch.device("cpu")):
        return nn.Sequential(
            nn.Conv2d(1, c1, kernel_size=3, padding=1), act.module(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, kernel_size=3, padding=1), act.module(), nn.Flatten(),
            nn.Linear(c2 * 4 * 4, n_classes),
        )


@dataclass(repr=False)
class History:
    """What :func:`fit` measured.

    The lists of losses and accuracies have one entry per epoch; the per-layer statistics
    one per record (index 0 is before training when ``record_init=True``, then one per
    epoch). The held-out data are called the test set, as in :class:`nnprimer.data.Dataset`.

    Attributes
    ----------
    train_loss : list of float
        Loss on the whole training set after each epoch: a separate full pass in eval
        mode once the epoch's last update is made (not the mean of the epoch's mini-batch
        losses, which were measured while the weights moved: those are in ``step_loss``).
    train_acc : list of float
        Accuracy on the training set, from the same pass (NaN for ``loss="mse"``).
    test_loss, test_acc : list of float
        The same on the test set (``X_test, y_test`` of the data given to :func:`fit`);
        empty when the data were ``(X, y)``.
    step_loss : list of float
        The loss of every mini-batch, in train mode, before its update.
    grad_norms : list of list of float
        Per epoch: the mean over the epoch's steps of each Linear layer's weight-gradient
        norm :math:`\\lVert \\partial L / \\partial W \\rVert`.
    dead_units : list of list of int
        Per record: the number of dead units in each activation layer on the training
        data (see :func:`dead_units`).
    act_mean, act_std : list of list of float
        Per record: mean and standard deviation of each activation layer's output on the
        training data.
    seconds : float
        Wall-clock time of the training.
    device : str
        Where it ran, e.g. ``"cpu"``.
    stopped : str or None
        Why training stopped early with ``on_nonfinite="stop"`` (e.g. "the loss became inf
        at epoch 1, step 3"), else None.
    stopped_at : tuple of int or None
        ``(epoch, step)``, both counted from 1, of the non-finite loss that stopped
        training, else None.
    epochs : int
        The number of epochs completed (a property: ``len(train_loss)``).

    ``val_loss`` and ``val_acc`` are deprecated names of ``test_loss`` and ``test_acc``.
    """

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    grad_norms: list[list[float]] = field(default_factory=list)
    dead_units: list[list[int]] = field(default_factory=list)
    act_mean: list[list[float]] = field(default_factory=list)
    act_std: list[list[float]] = field(default_factory=list)
    seconds: float = 0.0
    device: str = "cpu"
    stopped: str | None = None
    stopped_at: tuple[int, int] | None = None

    @property
    def epochs(self) -> int:
        return len(self.train_loss)

    @property
    def val_loss(self) -> list[float]:
        """Deprecated: :attr:`test_loss`."""
        warnings.warn("History.val_loss is deprecated; use test_loss", DeprecationWarning, stacklevel=2)
        return self.test_loss

    @property
    def val_acc(self) -> list[float]:
        """Deprecated: :attr:`test_acc`."""
        warnings.warn("History.val_acc is deprecated; use test_acc", DeprecationWarning, stacklevel=2)
        return self.test_acc

    def __repr__(self) -> str:
        parts = [f"epochs={self.epochs}"]
        if self.train_loss:
            parts.append(f"train_loss={self.train_loss[-1]:.4g}")
        if self.test_acc and not math.isnan(self.test_acc[-1]):
            parts.append(f"test_acc={self.test_acc[-1]:.4g}")
        elif self.test_loss:
            parts.append(f"test_loss={self.test_loss[-1]:.4g}")
        parts.append(f"device={self.device!r}")
        if self.stopped is not None:
            parts.append(f"stopped_at={self.stopped_at}")
        return f"History({', '.join(parts)})"


def _loss_fn(loss: str):
    if loss == "cross_entropy":
        return nn.functional.cross_entropy
    return lambda out, y: nn.functional.mse_loss(out, y)


def _eval_cross_entropy(logits, y):
    r"""Mean cross-entropy of ``logits`` against the labels ``y`` for evaluation (no gradient):
    :math:`\frac1n \sum_i \big(\log \sum_k e^{z_{ik}} - z_{i y_i}\big)`, the number
    ``F.cross_entropy`` gives to float32 rounding. Written with ``logsumexp`` because torch's
    CPU ``log_softmax`` kernel, which ``cross_entropy`` runs, is slow for a few classes and
    many rows (about 4x on 1347 x 10 logits): the per-epoch evaluation of :func:`fit` was
    paying more for its loss than for its forward pass."""
    return (torch.logsumexp(logits, 1) - logits.gather(1, y[:, None]).squeeze(1)).mean()


def _eval_loss_fn(loss: str):
    return _eval_cross_entropy if loss == "cross_entropy" else _loss_fn(loss)


def _tensor(a: Any, name: str) -> torch.Tensor:
    """``a`` (a numpy array, a tensor, a list) as a tensor on its device, with a clear error
    for what is not an array of numbers."""
    if isinstance(a, torch.Tensor):
        t = a.detach()
    else:
        try:
            arr = np.asarray(a)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(f"{name} must be a rectangular array of numbers, got {_describe(a)}") from exc
        if arr.dtype.kind not in "biuf":
            raise TypeError(f"{name} must be an array of numbers, got {_describe(a)}")
        t = torch.as_tensor(arr)
    if t.is_complex():
        raise TypeError(f"{name} must hold real numbers, got a tensor of dtype {t.dtype}")
    return t


def _first_layer(model) -> nn.Module | None:
    """The model's first Linear or convolution layer in registration order (None for a lazy one)."""
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.modules.conv._ConvNd)):
            if isinstance(module.weight, nn.parameter.UninitializedParameter):
                return None
            return module
    return None


def _check_features(model, X: torch.Tensor, name: str) -> None:
    """The feature count (or channel count) of ``X`` against the model's first layer."""
    first = _first_layer(model)
    if isinstance(first, nn.Linear):
        n = math.prod(X.shape[1:]) if isinstance(model, MLP) else X.shape[-1]
        if n != first.in_features:
            takes = (f"the model takes {first.in_features} (sizes[0] of mlp)" if isinstance(model, MLP)
                     else f"the model's first layer is nn.Linear(in_features={first.in_features})")
            raise ValueError(f"{name} has {n} features per example (shape {tuple(X.shape)}), but {takes}; "
                             "they must match")
    elif first is not None:  # a convolution: (N, C, *spatial)
        if X.dim() != len(first.kernel_size) + 2 or X.shape[1] != first.in_channels:
            spatial = ", ".join(["size"] * len(first.kernel_size))
            raise ValueError(f"the model's first layer is {type(first).__name__}(in_channels={first.in_channels}), "
                             f"which needs {name} of shape (N, {first.in_channels}, {spatial}), got shape "
                             f"{tuple(X.shape)}" + ("; for the digits as images use data.digits(images=True)"
                                                    if X.dim() == 2 else ""))


def _output_shape(model, X: torch.Tensor, name: str) -> tuple[int, ...]:
    """The shape of the model's output for the first example of X (one forward pass in
    eval mode, without gradients, on the model's current device)."""
    param = next(model.parameters(), None)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return tuple(model(X[:1].to(param.device if param is not None else "cpu")).shape)
    except RuntimeError as exc:
        raise ValueError(f"the model cannot run on the first row of {name}: {exc}") from exc
    finally:
        model.train(was_training)


def _check_labels(y: torch.Tensor, name: str, n_classes: int) -> torch.Tensor:
    """Class labels for cross-entropy: integers 0..n_classes-1, one per example; as int64."""
    if y.dtype.is_floating_point:
        whole = bool(torch.all(torch.isfinite(y) & (y == y.round()))) if y.numel() else True
        hint = ("convert them with y.astype(int)" if whole
                else "for real-valued targets use loss='mse'")
        raise TypeError(f"{name} must hold integer class labels (0 to {n_classes - 1}) for loss='cross_entropy', "
                        f"got {str(y.dtype).replace('torch.', '')} values; {hint}")
    if y.dtype == torch.bool:
        raise TypeError(f"{name} must hold integer class labels (0 to {n_classes - 1}) for loss='cross_entropy', "
                        "got booleans; convert them with y.astype(int)")
    if y.dim() != 1:
        raise ValueError(f"{name} must hold one class label per example, shape (N,), for loss='cross_entropy', "
                         f"got shape {tuple(y.shape)}")
    lo, hi = int(y.min()), int(y.max())
    if lo < 0 or hi >= n_classes:
        if lo == 1 and hi == n_classes:
            fix = "the labels start at 1: subtract 1 (y - 1)"
        else:
            fix = f"give the last layer {hi + 1} outputs, or renumber the labels from 0"
        raise ValueError(f"{name} holds labels from {lo} to {hi}, but the model has {n_classes} outputs, for the "
                         f"classes 0 to {n_classes - 1}; {fix}")
    return y.long()


def _check_targets(y: torch.Tensor, name: str, out_shape: tuple[int, ...], dtype: torch.dtype) -> torch.Tensor:
    """Targets for the mean squared error: real numbers shaped like the model's output."""
    if not y.dtype.is_floating_point and y.dim() == 1 and out_shape[1:] != ():
        raise ValueError(f"loss='mse' compares the model's outputs, shape (N, {', '.join(map(str, out_shape[1:]))}), "
                         f"with real-valued targets of that shape, but {name} holds integer labels of shape "
                         f"{tuple(y.shape)}; for class labels use loss='cross_entropy'")
    if tuple(y.shape[1:]) != out_shape[1:]:
        raise ValueError(f"{name} has shape {tuple(y.shape)} but the model's output has shape "
                         f"(N, {', '.join(map(str, out_shape[1:]))}); give targets of the output's shape "
                         f"(y.reshape(-1, 1) for one output), or the loss would broadcast them")
    y = y.to(dtype)
    _check_finite(y, name)
    return y


def _check_finite(t: torch.Tensor, name: str) -> None:
    bad = ~torch.isfinite(t)
    if bad.any():
        row = int(bad.reshape(len(t), -1).any(dim=1).nonzero()[0, 0])
        raise ValueError(f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first in row {row}; "
                         "clean the data before training (the loss would be NaN whatever the learning rate)")


def _checked_data(data: Any, model, loss: str) -> tuple[list[torch.Tensor], list[torch.Tensor] | None]:
    """``(X_train, y_train[, X_test, y_test])`` as tensors, checked against the model and the
    loss before anything is trained, X cast to the model's floating dtype."""
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 4):
        raise TypeError(f"data must be (X, y) or (X_train, y_train, X_test, y_test), got {_describe(data)}")
    names = ("X_train", "y_train", "X_test", "y_test") if len(data) == 4 else ("X", "y")
    dtype = next((p.dtype for p in model.parameters() if p.is_floating_point()), torch.float32)
    tensors = [_tensor(a, name) for a, name in zip(data, names)]
    for i in range(0, len(tensors), 2):
        X, y, x_name, y_name = tensors[i], tensors[i + 1], names[i], names[i + 1]
        if X.dim() < 2:
            raise ValueError(f"{x_name} must have one row per example, shape (N, features), got shape {tuple(X.shape)}")
        if len(X) == 0:
            raise ValueError(f"{x_name} is empty (shape {tuple(X.shape)}): fit needs at least one example")
        if y.dim() == 0 or len(X) != len(y):
            raise ValueError(f"{x_name} and {y_name} must have the same number of rows, got {len(X)} and "
                             f"{len(y) if y.dim() else 'a scalar'}")
        tensors[i] = X = X.to(dtype)  # integer pixels become floats; float64 data meet float32 weights
        _check_finite(X, x_name)
        _check_features(model, X, x_name)
    out_shape = _output_shape(model, tensors[0], names[0])
    for i in range(1, len(tensors), 2):
        if loss == "cross_entropy":
            if len(out_shape) != 2:
                raise ValueError(f"loss='cross_entropy' needs a model output of shape (N, classes), got "
                                 f"{out_shape} for one example")
            tensors[i] = _check_labels(tensors[i], names[i], out_shape[1])
        else:
            tensors[i] = _check_targets(tensors[i], names[i], out_shape, dtype)
    return tensors[:2], (tensors[2:] or None)


@renamed_keywords(seed="rng")
def fit(model, data, *, epochs: int = 10, lr: float = 0.1, batch_size: int = 64, optimizer: str = "sgd",
        momentum: float = 0.0, weight_decay: float = 0.0, clip_grad_norm: float | None = None,
        loss: str = "cross_entropy", rng=0, device: str | None = None, record_init: bool = True,
        track: bool = True, on_nonfinite: str = "raise", progress: bool | None = None) -> History:
    r"""Train ``model`` on ``data`` with mini-batches and return a :class:`History`.

    Each epoch shuffles the training examples, takes one optimiser step per mini-batch of
    ``batch_size`` examples, then measures the loss and accuracy on the whole training set
    and on the test set (and, with ``track``, the per-layer statistics).

    Parameters
    ----------
    model : torch.nn.Module
        Usually from :func:`mlp` or :func:`small_cnn`; any module works, but per-layer
        statistics look for ``nn.Linear`` layers and the activation layers of :class:`MLP`.
        It is moved to ``device`` and trained in place.
    data : Dataset or tuple
        ``(X_train, y_train, X_test, y_test)`` (numpy arrays or tensors; a
        :class:`nnprimer.data.Dataset` is one) or ``(X, y)``. ``X`` has one row per
        example; integer ``X`` is converted to the model's float dtype. For
        ``loss="cross_entropy"``, ``y`` holds integer class labels ``0 .. C-1`` for a model
        with ``C`` outputs; for ``loss="mse"``, real-valued targets of the output's shape.
        Checked before training: see Raises.
    epochs : int
        Passes over the training data, ``>= 1``.
    lr : float
        Learning rate :math:`\eta`, ``> 0``.
    batch_size : int
        Examples per step (the last batch of an epoch may be smaller).
    optimizer : {"sgd", "adam"}
        SGD follows PyTorch: ``buf = momentum * buf + g; p -= lr * buf``; Adam is
        ``torch.optim.Adam`` with its default betas.
    momentum : float
        SGD's momentum :math:`\mu`, in [0, 1) (0: plain SGD). Only for ``"sgd"``.
    weight_decay : float
        L2 penalty :math:`\lambda \ge 0`: the optimiser adds :math:`\lambda w` to each gradient.
    clip_grad_norm : float, optional
        Rescale the gradient when its global norm exceeds this:
        :math:`g \leftarrow g \cdot c / \lVert g \rVert` (``torch.nn.utils.clip_grad_norm_``).
    loss : {"cross_entropy", "mse"}
        Cross-entropy of the logits against class labels, or the mean squared error.
    rng : None, int or numpy.random.Generator
        The shuffling and any dropout/RReLU noise: the same seed gives the same result,
        and the global generators are left as they were. None draws from torch's global
        generator. (Old name: ``seed``.)
    device : str, optional
        ``"cpu"``, ``"cuda"``, ``"cuda:N"``, ``"mps"``; default: :func:`pick_device`.
    record_init : bool
        Record dead units and activation statistics before the first step too.
    track : bool
        Record gradient norms (one reduction per step), dead units and activation
        statistics (one pass over each activation layer per epoch, and one before training
        with ``record_init``). A little slower than without: ``benchmarks/run.py --only fit``
        measures both against a bare training loop.
    on_nonfinite : {"raise", "stop"}
        What to do when a mini-batch loss is NaN or infinite. ``"raise"`` (default) raises
        :class:`NonFiniteLossError`; ``"stop"`` ends training there and returns the
        :class:`History` so far, with ``history.stopped`` saying where (to show a
        divergence on purpose). The non-finite loss is not recorded and no update is made
        with it.
    progress : bool, optional
        Show one line, updated in place, with the epoch, the last training loss and the
        elapsed time. ``None`` (default): only in a Jupyter kernel driven by a live
        frontend (not when a notebook is executed in batch by nbclient, nbmake or Jupyter
        Book) and only once the run has taken more than :data:`PROGRESS_AFTER` seconds;
        the line is emptied when training ends, so nothing is left on a saved notebook, a
        static page or a CI log.
        ``True``: always (on stderr outside a kernel), and the final line is kept.
        ``False``: never.

    Returns
    -------
    History

    Notes
    -----
    The data are moved to the device once, and no step reads a number back to the host
    (on a GPU each read waits for the device): step losses and gradient norms stay on the
    device and are read once per epoch, with the epoch's statistics, in one transfer. The
    non-finite check therefore runs at the end of each epoch; when it finds a bad loss,
    the epoch is undone (a copy of the model and optimiser state taken at its start) and
    its healthy steps are redone, so the model ends exactly as a per-step check leaves it.

    Raises
    ------
    TypeError, ValueError
        Before training, for a bad argument or bad data: labels outside ``0 .. C-1``
        (e.g. 1..10 for 10 outputs), float labels with cross-entropy, integer labels with
        MSE, a feature count the first layer does not take, empty data, NaN or inf in the
        data, an unknown device.
    NonFiniteLossError
        When a mini-batch loss is NaN or infinite (e.g. the learning rate is too large)
        and ``on_nonfinite="raise"``.

    Examples
    --------
    >>> from nnprimer import data
    >>> d = data.digits()
    >>> h = fit(mlp([64, 32, 10], rng=0), d, epochs=3, lr=100.0, on_nonfinite="stop")
    >>> h.stopped.startswith("the loss became")
    True
    >>> fit(mlp([64, 32, 10], rng=0), (d.X_train, d.y_train + 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: y holds labels from 1 to 10, but the model has 10 outputs, ...: subtract 1 (y - 1)
    """
    epochs = integer(epochs, "epochs", minimum=1)
    lr = positive_number(lr, "lr")
    batch_size = integer(batch_size, "batch_size", minimum=1)
    optimizer = choice(optimizer, "optimizer", ("sgd", "adam"))
    momentum = real_number(momentum, "momentum")
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    if momentum and optimizer != "sgd":
        raise ValueError(f"momentum is SGD's; optimizer={optimizer!r} has its own (leave momentum at 0)")
    weight_decay = real_number(weight_decay, "weight_decay")
    if weight_decay < 0:
        raise ValueError(f"weight_decay must be >= 0, got {weight_decay}")
    loss = choice(loss, "loss", ("cross_entropy", "mse"))
    on_nonfinite = choice(on_nonfinite, "on_nonfinite", ("raise", "stop"))
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None, got {_describe(progress)}")
    if clip_grad_norm is not None:
        clip_grad_norm = positive_number(clip_grad_norm, "clip_grad_norm")
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {_describe(model)}")
    seed = _torch_seed(rng)
    dev = pick_device(device)
    (X, y), test = _checked_data(data, model, loss)

    model.to(dev)
    X, y = X.to(dev), y.to(dev)  # moved to the device once
    if test is not None:
        test = [t.to(dev) for t in test]
    classify = loss == "cross_entropy"
    loss_fn, eval_loss = _loss_fn(loss), _eval_loss_fn(loss)
    generator = None if seed is None else torch.Generator().manual_seed(seed)
    with _seeded(seed, dev):
        if optimizer == "sgd":
            opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
        else:
            opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
        linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
        history = History(device=str(dev))
        start = time.perf_counter()

        # Nothing in a step reads a number back to the host (on a GPU that would wait for the
        # device every step): step losses and gradient norms are accumulated on the device and
        # read once per epoch, together with the epoch's statistics, in one transfer.
        buffers: dict = {}  # centred copies of the activations, reused from epoch to epoch
        if track and record_init:
            _record_layers(history, _host(_layer_parts(model, X, buffers=buffers)))
        bar = _Progress(epochs, progress)
        model.train()
        n_steps = -(-len(X) // batch_size)
        zero = torch.zeros((1,), device=dev)  # stands for a missing gradient (norm 0)
        weights = [m.weight for m in linears]
        for epoch in range(epochs):
            order = torch.randperm(len(X), generator=generator).to(dev)
            snapshot = _snapshot(model, opt)
            losses, step_norms = [], []  # device tensors, read back once at the end of the epoch
            for step, i in enumerate(range(0, len(X), batch_size)):
                idx = order[i : i + batch_size]
                opt.zero_grad(set_to_none=True)
                batch_loss = loss_fn(model(X[idx]), y[idx])
                value = batch_loss.detach()
                losses.append(value)
                batch_loss.backward()
                if track:  # one op for all layers; no reference to a gradient outlives the step
                    step_norms.extend(torch._foreach_norm([zero if w.grad is None else w.grad for w in weights]))
                if clip_grad_norm is not None:
                    nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
                opt.step()
                bar.update(epoch, value)
            # one read-back per epoch: the step losses, then (if the epoch is healthy) the rest
            step_values = torch.stack(losses).tolist() if losses else []
            bad = next((k for k, v in enumerate(step_values) if not math.isfinite(v)), None)
            if bad is not None:
                # Undo the epoch and redo its healthy steps, so that the model is left as it was
                # before the non-finite loss (no update is made with it), as if checked per step.
                _restore(model, opt, snapshot)
                for i in range(0, bad * batch_size, batch_size):
                    idx = order[i : i + batch_size]
                    opt.zero_grad(set_to_none=True)
                    loss_fn(model(X[idx]), y[idx]).backward()
                    if clip_grad_norm is not None:
                        nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
                    opt.step()
                opt.zero_grad(set_to_none=True)
                with torch.no_grad():  # the failing step's forward pass (random layers draw as before)
                    idx = order[bad * batch_size : (bad + 1) * batch_size]
                    loss_fn(model(X[idx]), y[idx])
                history.step_loss.extend(step_values[:bad])
                value = step_values[bad]
                where = _t("the loss became {value} at epoch {epoch}, step {step}", value=value, epoch=epoch + 1,
                           step=bad + 1)
                if on_nonfinite == "stop":
                    history.stopped = where
                    history.stopped_at = (epoch + 1, bad + 1)
                    break
                bar.close()
                raise NonFiniteLossError(_t("{where} (lr={lr}); try a smaller learning rate, gradient clipping, "
                                            "or a different initialisation", where=where, lr=lr))
            history.step_loss.extend(step_values)
            parts = {}
            if track and len(X) <= _EVAL_BATCH:
                # one pass over the training data gives its loss, accuracy and layer statistics
                parts.update(_layer_parts(model, X, y, eval_loss, classify, buffers=buffers))
            else:
                parts.update(_eval_parts(model, X, y, eval_loss, classify))
                if track:
                    parts.update(_layer_parts(model, X, buffers=buffers))
            if test is not None:
                test_parts = _eval_parts(model, test[0], test[1], eval_loss, classify)
                parts.update({f"test_{k}": v for k, v in test_parts.items()})
            if track:
                parts["grad_norms"] = (torch.stack(step_norms).view(-1, len(weights)).sum(0) / n_steps
                                       if weights else torch.zeros(0))
            got = _host(parts)
            history.train_loss.append(_mean_loss(got["loss"], got["n"], len(X)))
            history.train_acc.append(_accuracy(got.get("correct"), len(X)))
            if test is not None:
                history.test_loss.append(_mean_loss(got["test_loss"], got["test_n"], len(test[0])))
                history.test_acc.append(_accuracy(got.get("test_correct"), len(test[0])))
            if track:
                history.grad_norms.append(got["grad_norms"])
                _record_layers(history, got)
        bar.close()
        history.seconds = time.perf_counter() - start
        return history


#: :func:`fit` evaluates in chunks of this many rows.
_EVAL_BATCH = 4096


def _snapshot(model, opt) -> tuple:
    """Copies of the model's parameters and buffers, of the optimiser's per-parameter state
    (momentum buffers, Adam's moments and step) and of torch's random state.

    Taken at the start of every epoch, so kept cheap: tensors are cloned directly, without
    building ``state_dict()``s or deep-copying them."""
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() and torch.cuda.is_initialized() else None
    with torch.no_grad():
        tensors = [(t, t.clone()) for t in (*model.parameters(), *model.buffers())]
        state = {p: {k: v.clone() if isinstance(v, torch.Tensor) else copy.deepcopy(v) for k, v in s.items()}
                 for p, s in opt.state.items()}
    return tensors, state, torch.get_rng_state(), cuda


def _restore(model, opt, snapshot: tuple) -> None:
    """Put back what :func:`_snapshot` copied (used once: the copies are not cloned again)."""
    tensors, state, rng, cuda = snapshot
    with torch.no_grad():
        for t, saved in tensors:
            t.copy_(saved)
    opt.state.clear()
    opt.state.update(state)
    torch.set_rng_state(rng)
    if cuda is not None:
        torch.cuda.set_rng_state_all(cuda)


def _eval_parts(model, X, y, loss_fn, classify: bool, batch_size: int = _EVAL_BATCH) -> dict:
    """Loss (one value per chunk) and number of correct predictions of ``model`` on X, as
    device tensors (no read-back)."""
    was_training = model.training
    model.eval()
    chunk_losses, counts, correct = [], [], []
    with torch.no_grad():
        for i in range(0, len(X), batch_size):
            out = model(X[i : i + batch_size])
            chunk_losses.append(loss_fn(out, y[i : i + batch_size]))
            counts.append(len(out))
            if classify:
                correct.append((out.argmax(1) == y[i : i + batch_size]).sum())
    model.train(was_training)
    parts = {"loss": torch.stack(chunk_losses), "n": counts}
    if classify:
        parts["correct"] = torch.stack(correct).sum()
    return parts


def _layer_parts(model, X, y=None, loss_fn=None, classify: bool = False, *, buffers: dict | None = None) -> dict:
    """Dead units and activation mean and std of every activation layer on X, as device
    tensors, from one forward pass in eval mode (the same numbers as :func:`dead_units` and
    :func:`activation_stats`). With ``y``, the loss and accuracy of the same pass too.

    ``buffers`` (a dict kept between calls) holds the centred copies the statistics are
    computed on (:func:`_mean_std`), so that each call writes into memory already in use
    instead of allocating (and page-faulting) megabytes afresh."""
    n = len(_activation_modules(model))
    dead: list = [None] * n
    stats: list = [None] * n

    def on_layer(i, inp, output):
        # computed as each layer runs, while its input and output are still in the cache
        # (and before they are freed): a unit is dead when its input is <= 0 on every row
        dead[i] = (inp.flatten(1).amax(dim=0) <= 0).sum()
        stats[i] = _mean_std(output, buffers, i)

    out = _run_with_hooks(model, X, on_layer)
    parts: dict = {}
    if n:
        parts["dead"], parts["stats"] = torch.stack(dead), torch.stack(stats)
    else:
        parts["dead"] = parts["stats"] = torch.zeros(0, device=X.device)
    if y is not None:
        parts["loss"], parts["n"] = loss_fn(out, y)[None], [len(out)]
        if classify:
            parts["correct"] = (out.argmax(1) == y).sum()
    return parts


def _mean_std(a, buffers: dict | None = None, key=None):
    r"""Mean and standard deviation of all entries of ``a`` as a float64 tensor ``[m, s]``.

    Two passes, in ``a``'s own precision (at least float32): :math:`m = \frac1n\sum_i a_i`,
    then :math:`s^2 = \frac{1}{n-1}\sum_i (a_i - m)^2` (as ``torch.std``, so ``s`` is NaN for
    one entry). Centring before squaring keeps the variance exact when the mean is large
    against the spread, and torch sums a tensor pairwise (in blocks, not one running total),
    so both sums are good to a few units of the last place: the same numbers as
    ``a.double().std()`` to about 1e-6, without a float64 copy, and several times faster on
    a CPU than ``torch.std``, which updates a running mean and variance element by element
    (Welford). ``buffers[key]`` (kept between calls by :func:`fit`) receives the centred
    copy when it has the right shape, so that each epoch writes into memory already in use.
    """
    flat = a.detach().reshape(-1)
    if not flat.is_floating_point() or flat.element_size() < 4:
        flat = flat.float()
    n = flat.numel()
    centred = None if buffers is None else buffers.get(key)
    if centred is None or centred.shape != flat.shape or centred.dtype != flat.dtype or centred.device != flat.device:
        centred = torch.empty_like(flat)
        if buffers is not None:
            buffers[key] = centred
    mean = flat.sum() / n
    torch.sub(flat, mean, out=centred)
    var = centred.square_().sum() / (n - 1)
    return torch.stack([mean, var.sqrt()]).double()


def _host(parts: dict) -> dict:
    """Read every tensor of ``parts`` back to the host in one transfer (float64 holds each
    float32 and integer value exactly); lists and numbers pass through."""
    keys = [k for k, v in parts.items() if isinstance(v, torch.Tensor)]
    if not keys:
        return dict(parts)
    tensors = [parts[k].reshape(-1) for k in keys]
    if tensors[0].device.type == "mps":  # Apple's GPUs have no float64: convert on the host
        tensors = [t.cpu() for t in tensors]
    flat = torch.cat([t.double() for t in tensors]).tolist()
    got, at = dict(parts), 0
    for k in keys:
        n = parts[k].numel()
        got[k] = flat[at : at + n]
        at += n
    return got


def _mean_loss(chunk_losses: list[float], counts: list[int], n: int) -> float:
    total = 0.0
    for value, count in zip(chunk_losses, counts):
        total += value * count
    return total / n


def _accuracy(correct: list[float] | None, n: int) -> float:
    return int(correct[0]) / n if correct is not None else math.nan


def _record_layers(history: History, got: dict) -> None:
    history.dead_units.append([int(v) for v in got["dead"]])
    stats = got["stats"]
    history.act_mean.append(stats[0::2])
    history.act_std.append(stats[1::2])


#: With ``progress=None``, :func:`fit` shows its progress line only after this many seconds.
PROGRESS_AFTER = 3.0


def _in_kernel() -> bool:
    """True inside a running Jupyter kernel (a live notebook, or one executed by nbclient)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook extras
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _interactive_frontend() -> bool:
    """True when the cell being run was sent by a frontend that a person is looking at.

    Live frontends (JupyterLab, Notebook, VS Code, Colab) send ``allow_stdin=True`` with
    each execution so that ``input()`` works; batch executors (nbclient, used by nbmake,
    nbconvert and Jupyter Book) send ``allow_stdin=False``. ipykernel keeps the flag of the
    current request in ``kernel._allow_stdin``.
    """
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    return bool(getattr(kernel, "_allow_stdin", True))


class _Progress:
    """The one-line progress display of :func:`fit` (see its ``progress`` argument).

    In a kernel it is a display whose content is replaced in place (``display_id``), at most
    every :attr:`every` seconds; outside a kernel (``progress=True`` only) it writes a line
    to stderr at the same rate. With ``progress=None`` the line is emptied at the end.
    """

    every = 0.5

    def __init__(self, epochs: int, progress: bool | None, *, after: float | None = None) -> None:
        self.epochs = epochs
        self.mode = progress
        self.kernel = _in_kernel()
        self.after = (PROGRESS_AFTER if after is None else after) if progress is None else 0.0
        self.enabled = progress is True or (progress is None and self.kernel and _interactive_frontend())
        self.start = time.perf_counter()
        self.last = -math.inf
        self.handle = None
        self.text = ""

    def line(self, epoch: int, loss: float) -> str:
        return f"epoch {epoch + 1}/{self.epochs} · loss {loss:.4g} · {time.perf_counter() - self.start:.1f} s"

    def update(self, epoch: int, loss) -> None:
        """``loss`` may be a 0-d tensor: it is read back only when the line is redrawn."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.start < self.after or now - self.last < self.every:
            return
        self.last = now
        self.text = self.line(epoch, float(loss))
        self._show(self.text)

    def _show(self, text: str) -> None:
        if self.kernel:
            from IPython.display import display

            bundle = {"text/plain": text}
            if self.handle is None:
                self.handle = display(bundle, raw=True, display_id=True)
            else:
                self.handle.update(bundle, raw=True)
        else:
            import sys

            print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        """Empty the line when ``progress=None`` (nothing left behind); keep it otherwise."""
        if self.handle is not None and self.mode is None:
            self.handle.update({"text/plain": ""}, raw=True)


def _activation_modules(model) -> list:
    """The activation layers of an :class:`MLP` (or every module whose class lives in
    torch.nn.modules.activation, for other models), in forward order."""
    if isinstance(model, MLP):
        return list(model.acts)
    return [m for m in model.modules() if type(m).__module__ == "torch.nn.modules.activation"]


def _run_with_hooks(model, X, on_layer):
    """Run ``model`` on X in eval mode without gradients, calling ``on_layer(i, input,
    output)`` (detached tensors) as the ``i``-th activation layer runs; return the output.
    The model's training mode is restored afterwards. An :class:`MLP` reports its layers
    itself (``forward(x, on_layer=...)``, cheaper than hooks in :func:`fit`'s every epoch)."""
    def hook(i):
        def fn(_module, args, output):
            on_layer(i, args[0].detach(), output.detach())
        return fn

    direct = type(model).forward is MLP.forward  # a subclass with its own forward gets hooks
    handles = [] if direct else [m.register_forward_hook(hook(i)) for i, m in enumerate(_activation_modules(model))]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return model(X, on_layer=on_layer) if direct else model(X)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)


def _capture(model, X, what: str) -> list:
    """Run ``model`` on X in eval mode and return each activation layer's input or output."""
    captured: list = [None] * len(_activation_modules(model))

    def on_layer(i, inp, output):
        captured[i] = inp if what == "input" else output

    _run_with_hooks(model, X, on_layer)
    return captured


def _as_input(model, X):
    X = X if isinstance(X, torch.Tensor) else torch.as_tensor(np.asarray(X, dtype=np.float32))
    return X.to(next(model.parameters()).device)


def dead_mask(model, X, *, by: str = "unit") -> list[np.ndarray]:
    r"""For each activation layer, a boolean array marking the dead units: units whose
    pre-activation is <= 0 for *every* row of ``X``.

    For ReLU such a unit outputs 0 and has derivative 0 on all of ``X``, so no gradient
    reaches its incoming weights from this data. It can still revive if the layers below
    it change; a dead unit of the first layer, whose inputs are the fixed data, stays dead.

    ``by="unit"`` (default) treats every output number as a unit: for a convolution, one
    per channel *and* position (the array has ``C * H * W`` entries). ``by="channel"``
    treats a convolutional channel as the unit, since its weights are shared over
    positions: channel :math:`c` is dead when :math:`z_{n,c,i,j} \le 0` for every example
    :math:`n` and every position :math:`(i, j)` (the array has ``C`` entries; for 2-D
    pre-activations both modes agree).
    """
    by = choice(by, "by", ("unit", "channel"))
    masks = []
    for z in _capture(model, _as_input(model, X), "input"):
        if by == "channel" and z.dim() > 2:
            z = z.transpose(0, 1).flatten(1).T  # (examples * positions, channels)
        masks.append((z.flatten(1) <= 0).all(dim=0).cpu().numpy())
    return masks


def dead_units(model, X, *, by: str = "unit") -> list[int]:
    """Number of dead units in each activation layer on ``X`` (see :func:`dead_mask`;
    ``by="channel"`` counts dead convolutional channels)."""
    return [int(mask.sum()) for mask in dead_mask(model, X, by=by)]


@dataclass(frozen=True)
class ActivationStats(FormerDict):
    """What :func:`activation_stats` measured for one activation layer.

    Attributes
    ----------
    mean : float
        The mean of the layer's outputs (all entries, all rows of ``X``).
    std : float
        Their standard deviation (as ``torch.std``: divided by ``n - 1``).
    zeros : float
        The fraction of them that are exactly 0.
    """

    mean: float
    std: float
    zeros: float


def activation_stats(model, X) -> list[ActivationStats]:
    """Mean, standard deviation and fraction of exact zeros of each activation layer's output on ``X``.

    Returns one :class:`ActivationStats` (``mean``, ``std``, ``zeros``) per activation layer,
    the first layer first.

    >>> stats = activation_stats(mlp([4, 8, 3], "relu", init="zeros"), np.ones((5, 4)))
    >>> len(stats), stats[0].zeros, stats[0].mean   # weights and biases 0: every output is relu(0)
    (1, 1.0, 0.0)
    """
    out = []
    for a in _capture(model, _as_input(model, X), "output"):
        mean, std = _mean_std(a).tolist()
        out.append(ActivationStats(mean=mean, std=std, zeros=(a == 0).double().mean().item()))
    return out


def layer_grad_norms(model, X, y, *, loss: str = "cross_entropy") -> list[float]:
    """The norm of the loss gradient with respect to each Linear layer's weight, on one batch."""
    loss = choice(loss, "loss", ("cross_entropy", "mse"))
    dev = next(model.parameters()).device
    X = (X if isinstance(X, torch.Tensor) else torch.as_tensor(np.asarray(X, dtype=np.float32))).to(dev)
    y = (y if isinstance(y, torch.Tensor) else torch.as_tensor(np.asarray(y))).to(dev)
    model.zero_grad(set_to_none=True)
    _loss_fn(loss)(model(X), y).backward()
    norms = [m.weight.grad.norm().item() for m in model.modules() if isinstance(m, nn.Linear)]
    model.zero_grad(set_to_none=True)
    return norms


def make_dead(model: MLP, X, layer: int, units, *, margin: float = 0.01) -> None:
    """Shift the biases of ``units`` in hidden layer ``layer`` so that their largest
    pre-activation on ``X`` is ``-margin``: the units are then dead on ``X``.

    An experiment's tool: it reproduces, on purpose, what a large update can do by accident.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an nnprimer.train.MLP, got {_describe(model)}")
    layer = integer(layer, "layer", minimum=0)
    if layer >= len(model.acts):
        raise ValueError(f"layer must be < {len(model.acts)} (the number of hidden layers), got {layer}")
    margin = positive_number(margin, "margin")
    units = torch.as_tensor(np.asarray(units, dtype=np.int64))
    pre = _capture(model, _as_input(model, X), "input")[layer]
    with torch.no_grad():
        bias = model.linears[layer].bias
        if bias is None:
            raise ValueError("make_dead needs layers with biases")
        bias[units] -= pre[:, units].max(dim=0).values + margin
