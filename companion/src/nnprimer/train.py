r"""PyTorch models and one training loop, instrumented for teaching.

* :func:`mlp` builds a multilayer perceptron from layer sizes, an activation name (any of
  :data:`nnprimer.activations.ELEMENTWISE`) and an initialisation scheme (any of
  :data:`nnprimer.init.SCHEMES`), optionally with batch normalisation or residual
  connections.
* :func:`fit` trains it with mini-batch SGD (optionally momentum, Adam, weight decay,
  gradient clipping) and records a :class:`History`: loss and accuracy per epoch,
  per-layer gradient norms, activation statistics and dead-unit counts. A non-finite loss
  stops training with :class:`NonFiniteLossError` instead of silently producing NaNs
  (or, with ``on_nonfinite="stop"``, returns early with ``history.stopped`` saying where).
* :func:`dead_units`, :func:`activation_stats` and :func:`layer_grad_norms` measure a model
  on data without training it.

Everything is seeded: the same ``seed`` gives the same numbers on the same machine.

>>> from nnprimer import data, train
>>> d = data.digits()
>>> model = train.mlp([64, 32, 10], activation="relu", init="kaiming_normal", seed=0)
>>> history = train.fit(model, d, epochs=5, lr=0.1, seed=0)
>>> history.epochs, history.val_acc[-1] > 0.9
(5, True)
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from ._optional import require
from ._validation import _describe, choice, integer, positive_number, real_number

torch = require("torch", "nnprimer.train")
nn = torch.nn

__all__ = [
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
    "set_seed",
    "small_cnn",
]


class NonFiniteLossError(FloatingPointError):
    """The loss became NaN or infinite; the message says at which epoch and step."""


def set_seed(seed: int) -> torch.Generator:
    """Seed Python's, numpy's and torch's generators; return a torch Generator seeded the same."""
    seed = integer(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def pick_device(device: str | None = None) -> torch.device:
    """The device to train on: ``device`` if given, else CUDA, then Apple's MPS, then the CPU."""
    if device is not None:
        if not isinstance(device, (str, torch.device)):
            raise TypeError(f"device must be a str such as 'cpu' or 'cuda', got {_describe(device)}")
        dev = torch.device(device)
        if dev.type == "cuda" and not torch.cuda.is_available():
            raise ValueError("device 'cuda' was requested but torch.cuda.is_available() is False")
        return dev
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


class MLP(nn.Module):
    r"""A multilayer perceptron: ``Linear -> [BatchNorm] -> activation`` blocks, then a Linear output.

    With ``residual=True`` a hidden block whose input and output widths match computes
    :math:`h_{l+1} = h_l + \phi(\mathrm{BN}(W_l h_l + b_l))` instead of
    :math:`h_{l+1} = \phi(\ldots)`.

    Attributes ``linears``, ``norms`` and ``acts`` hold the layers in order, so hooks and
    statistics can address "hidden layer i".
    """

    def __init__(self, sizes: Sequence[int], activation: str = "relu", *, activation_params: dict | None = None,
                 batchnorm: bool = False, residual: bool = False, bias: bool = True) -> None:
        super().__init__()
        from .activations import get

        sizes = [integer(s, "sizes[i]", minimum=1) for s in sizes]
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
        act = get(activation)
        self.sizes = tuple(sizes)
        self.activation = activation
        self.residual = bool(residual)
        self.linears = nn.ModuleList(nn.Linear(a, b, bias=bias) for a, b in zip(sizes[:-1], sizes[1:]))
        hidden = sizes[1:-1]
        self.norms = nn.ModuleList(nn.BatchNorm1d(w) if batchnorm else nn.Identity() for w in hidden)
        self.acts = nn.ModuleList(act.module(**(activation_params or {})) for _ in hidden)

    def forward(self, x):
        h = x.flatten(1)
        for linear, norm, act in zip(self.linears[:-1], self.norms, self.acts):
            a = act(norm(linear(h)))
            h = h + a if self.residual and a.shape == h.shape else a
        return self.linears[-1](h)


def mlp(sizes: Sequence[int], activation: str = "relu", *, init: str = "default", init_kwargs: dict | None = None,
        activation_params: dict | None = None, batchnorm: bool = False, residual: bool = False, bias: bool = True,
        seed: int | None = None) -> MLP:
    """Build an :class:`MLP` and initialise its Linear layers with the named scheme.

    ``init`` is a name from :data:`nnprimer.init.SCHEMES` (``"default"`` keeps PyTorch's own
    initialisation); ``init_kwargs`` go to the scheme (e.g. ``{"nonlinearity": "relu"}``).
    Biases start at 0 unless ``init="default"``. ``seed`` makes the weights reproducible.
    """
    from .init import apply_init

    if seed is not None:
        set_seed(seed)
    model = MLP(sizes, activation, activation_params=activation_params, batchnorm=batchnorm,
                residual=residual, bias=bias)
    if init != "default":
        apply_init(model, init, **(init_kwargs or {}))
    return model


def small_cnn(activation: str = "relu", *, channels: tuple[int, int] = (16, 32), n_classes: int = 10,
              seed: int | None = None) -> nn.Sequential:
    """A small CNN for 1x8x8 images: Conv -> act -> MaxPool -> Conv -> act -> Linear.

    ``Conv2d(1, c1, 3, padding=1) -> act -> MaxPool2d(2) -> Conv2d(c1, c2, 3, padding=1)
    -> act -> Flatten -> Linear(c2 * 4 * 4, n_classes)``; PyTorch's default initialisation.
    """
    from .activations import get

    act = get(activation)
    c1, c2 = (integer(c, "channels[i]", minimum=1) for c in channels)
    if seed is not None:
        set_seed(seed)
    return nn.Sequential(
        nn.Conv2d(1, c1, kernel_size=3, padding=1), act.module(), nn.MaxPool2d(2),
        nn.Conv2d(c1, c2, kernel_size=3, padding=1), act.module(), nn.Flatten(),
        nn.Linear(c2 * 4 * 4, integer(n_classes, "n_classes", minimum=2)),
    )


@dataclass
class History:
    """What :func:`fit` measured. Lists have one entry per epoch (index 0 = before training
    for the per-layer statistics when ``record_init=True``). ``val_*`` are measured on the
    held-out data passed to :func:`fit` (the test set of the chapters)."""

    train_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    step_loss: list[float] = field(default_factory=list)
    #: per epoch: mean over the epoch's steps of each Linear layer's weight-gradient norm
    grad_norms: list[list[float]] = field(default_factory=list)
    #: per record: number of dead units in each hidden layer (see :func:`dead_units`)
    dead_units: list[list[int]] = field(default_factory=list)
    #: per record: mean and std of each hidden activation on the training data
    act_mean: list[list[float]] = field(default_factory=list)
    act_std: list[list[float]] = field(default_factory=list)
    seconds: float = 0.0
    device: str = "cpu"
    #: why training stopped early with ``on_nonfinite="stop"`` (e.g. "the loss became inf at
    #: epoch 1, step 3"), else None
    stopped: str | None = None
    #: (epoch, step), both counted from 1, of the non-finite loss that stopped training, else None
    stopped_at: tuple[int, int] | None = None

    @property
    def epochs(self) -> int:
        return len(self.train_loss)


def _as_tensors(data: Any, device: torch.device):
    """Accept a Dataset / 4-tuple (X_train, y_train, X_val, y_val) or a 2-tuple (X, y)."""
    if not isinstance(data, (tuple, list)) or len(data) not in (2, 4):
        raise TypeError(f"data must be (X, y) or (X_train, y_train, X_val, y_val), got {_describe(data)}")

    def tensor(a, name):
        t = a if isinstance(a, torch.Tensor) else torch.as_tensor(np.asarray(a))
        if t.dtype == torch.float64:
            t = t.float()
        return t.to(device)

    arrays = [tensor(a, n) for a, n in zip(data, ("X_train", "y_train", "X_val", "y_val"))]
    for i in range(0, len(arrays), 2):
        if len(arrays[i]) != len(arrays[i + 1]):
            raise ValueError(f"X and y must have the same length, got {len(arrays[i])} and {len(arrays[i + 1])}")
    return arrays[:2], (arrays[2:] or None)


def _loss_fn(loss: str):
    if loss == "cross_entropy":
        return nn.functional.cross_entropy
    return lambda out, y: nn.functional.mse_loss(out, y)


def _evaluate(model, X, y, loss_fn, classify: bool, batch_size: int = 4096) -> tuple[float, float]:
    was_training = model.training
    model.eval()
    total, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(X), batch_size):
            out = model(X[i : i + batch_size])
            total += loss_fn(out, y[i : i + batch_size]).item() * len(out)
            if classify:
                correct += (out.argmax(1) == y[i : i + batch_size]).sum().item()
    model.train(was_training)
    return total / len(X), (correct / len(X) if classify else math.nan)


def fit(model, data, *, epochs: int = 10, lr: float = 0.1, batch_size: int = 64, optimizer: str = "sgd",
        momentum: float = 0.0, weight_decay: float = 0.0, clip_grad_norm: float | None = None,
        loss: str = "cross_entropy", seed: int = 0, device: str | None = None, record_init: bool = True,
        track: bool = True, on_nonfinite: str = "raise", progress: bool | None = None) -> History:
    r"""Train ``model`` on ``data`` with mini-batches and return a :class:`History`.

    Parameters
    ----------
    model : torch.nn.Module
        Usually from :func:`mlp`; any module works, but per-layer statistics look for
        ``nn.Linear`` layers and the activation layers of :class:`MLP`.
    data : Dataset or tuple
        ``(X_train, y_train, X_val, y_val)`` (numpy arrays or tensors) or ``(X, y)``.
    optimizer : {"sgd", "adam"}
        SGD follows PyTorch: ``buf = momentum * buf + g; p -= lr * buf``.
    clip_grad_norm : float, optional
        Rescale the gradient when its global norm exceeds this:
        :math:`g \leftarrow g \cdot c / \lVert g \rVert` (``torch.nn.utils.clip_grad_norm_``).
    loss : {"cross_entropy", "mse"}
    seed : int
        Seeds the shuffling (and any dropout/RReLU noise): same seed, same result.
    device : str, optional
        ``"cpu"``, ``"cuda"``, ``"mps"``; default :func:`pick_device`.
    record_init : bool
        Record dead units and activation statistics before the first step too.
    track : bool
        Record gradient norms, dead units and activation statistics (a little slower).
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

    Raises
    ------
    NonFiniteLossError
        When a mini-batch loss is NaN or infinite (e.g. the learning rate is too large)
        and ``on_nonfinite="raise"``.

    Examples
    --------
    >>> from nnprimer import data
    >>> d = data.digits()
    >>> h = fit(mlp([64, 32, 10], seed=0), d, epochs=3, lr=100.0, on_nonfinite="stop")
    >>> h.stopped.startswith("the loss became")
    True
    """
    epochs = integer(epochs, "epochs", minimum=1)
    lr = positive_number(lr, "lr")
    batch_size = integer(batch_size, "batch_size", minimum=1)
    optimizer = choice(optimizer, "optimizer", ("sgd", "adam"))
    momentum = real_number(momentum, "momentum")
    weight_decay = real_number(weight_decay, "weight_decay")
    loss = choice(loss, "loss", ("cross_entropy", "mse"))
    on_nonfinite = choice(on_nonfinite, "on_nonfinite", ("raise", "stop"))
    if progress is not None and not isinstance(progress, bool):
        raise TypeError(f"progress must be True, False or None, got {_describe(progress)}")
    if clip_grad_norm is not None:
        clip_grad_norm = positive_number(clip_grad_norm, "clip_grad_norm")
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {_describe(model)}")

    dev = pick_device(device)
    model.to(dev)
    (X, y), val = _as_tensors(data, dev)
    classify = loss == "cross_entropy"
    loss_fn = _loss_fn(loss)
    generator = set_seed(seed)
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    history = History(device=str(dev))
    start = time.perf_counter()

    def record_layers() -> None:
        history.dead_units.append(dead_units(model, X))
        stats = activation_stats(model, X)
        history.act_mean.append([s["mean"] for s in stats])
        history.act_std.append([s["std"] for s in stats])

    if track and record_init:
        record_layers()
    bar = _Progress(epochs, progress)
    model.train()
    for epoch in range(epochs):
        order = torch.randperm(len(X), generator=generator).to(dev)
        norms = torch.zeros(len(linears), device=dev)
        steps = 0
        for step, i in enumerate(range(0, len(X), batch_size)):
            idx = order[i : i + batch_size]
            opt.zero_grad(set_to_none=True)
            batch_loss = loss_fn(model(X[idx]), y[idx])
            value = batch_loss.item()
            if not math.isfinite(value):
                where = f"the loss became {value} at epoch {epoch + 1}, step {step + 1}"
                if on_nonfinite == "stop":
                    history.stopped = where
                    history.stopped_at = (epoch + 1, step + 1)
                    break
                bar.close()
                raise NonFiniteLossError(
                    f"{where} (lr={lr}); "
                    "try a smaller learning rate, gradient clipping, or a different initialisation"
                )
            history.step_loss.append(value)
            batch_loss.backward()
            if track:
                norms += torch.stack([m.weight.grad.norm() if m.weight.grad is not None
                                      else torch.zeros((), device=dev) for m in linears])
            if clip_grad_norm is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip_grad_norm)
            opt.step()
            steps += 1
            bar.update(epoch, value)
        if history.stopped is not None:
            break
        train_loss, train_acc = _evaluate(model, X, y, loss_fn, classify)
        history.train_loss.append(train_loss)
        history.train_acc.append(train_acc)
        if val is not None:
            val_loss, val_acc = _evaluate(model, val[0], val[1], loss_fn, classify)
            history.val_loss.append(val_loss)
            history.val_acc.append(val_acc)
        if track:
            history.grad_norms.append((norms / max(steps, 1)).tolist())
            record_layers()
    bar.close()
    history.seconds = time.perf_counter() - start
    return history


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

    def update(self, epoch: int, loss: float) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.start < self.after or now - self.last < self.every:
            return
        self.last = now
        self.text = self.line(epoch, loss)
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


def _capture(model, X, what: str) -> list:
    """Run ``model`` on X in eval mode and return each activation layer's input or output."""
    modules = _activation_modules(model)
    captured: list = [None] * len(modules)

    def hook(i):
        def fn(_module, inputs, output):
            captured[i] = (inputs[0] if what == "input" else output).detach()
        return fn

    handles = [m.register_forward_hook(hook(i)) for i, m in enumerate(modules)]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(X)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
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


def activation_stats(model, X) -> list[dict[str, float]]:
    """Mean, standard deviation and fraction of exact zeros of each activation layer's output on ``X``."""
    out = []
    for a in _capture(model, _as_input(model, X), "output"):
        a = a.double()
        out.append({"mean": a.mean().item(), "std": a.std().item(), "zeros": (a == 0).double().mean().item()})
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
