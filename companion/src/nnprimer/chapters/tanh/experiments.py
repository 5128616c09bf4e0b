"""Tanh chapter: the error of a float32 computation, the cost of elementwise operations
next to a matrix multiplication, and the sigmoid-against-tanh training runs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..._result import FormerTuple
from ..._validation import _describe, as_float_array, integer

__all__ = ["Float32Error", "float32_error", "ELEMENTWISE_OPS", "time_elementwise", "TrainingRun", "train_runs"]


@dataclass(frozen=True)
class Float32Error(FormerTuple):
    """Largest absolute and relative error of a float32 computation, and where they occur
    (what :func:`float32_error` returns).

    Attributes
    ----------
    max_abs : float
        The largest absolute error.
    x_abs : float
        The input (a float32 value) where it occurs.
    max_rel : float
        The largest relative error (``nan`` when the exact value is 0 everywhere).
    x_rel : float
        The input where it occurs (``nan`` likewise).
    """

    max_abs: float
    x_abs: float
    max_rel: float
    x_rel: float


def float32_error(approx: Callable[[np.ndarray], Any], exact: Callable[[np.ndarray], Any], x: Any) -> Float32Error:
    r"""How far a float32 computation is from the exact value, over a grid of inputs.

    The inputs are first rounded to float32, :math:`\tilde x_i = \mathrm{fl}_{32}(x_i)`, so
    that both functions see the same numbers. ``approx`` is called on the float32 array
    :math:`\tilde x` (it should compute in float32); ``exact`` on the same values as float64
    (it should be accurate to float64, far below float32's resolution). Then

    .. math::
        e_\text{abs} = \max_i |a_i - e_i|, \qquad
        e_\text{rel} = \max_{i:\, e_i \ne 0} \frac{|a_i - e_i|}{|e_i|}

    with :math:`a_i` = ``approx`` and :math:`e_i` = ``exact`` at :math:`\tilde x_i`. One unit
    in the last place of float32 near 1 is :math:`2^{-23} \approx 1.2\times10^{-7}`, so a
    correctly rounded result in :math:`(-1, 1)` has :math:`e_\text{abs} \le 2^{-24}` and
    :math:`e_\text{rel} \le 2^{-24} \approx 6\times10^{-8}`.

    Parameters
    ----------
    approx : callable
        Takes a float32 numpy array, returns an array of the same shape.
    exact : callable
        Takes a float64 numpy array, returns an array of the same shape.
    x : array_like
        The grid; at least one finite value.

    Returns
    -------
    Float32Error
        A record: ``max_abs`` and the input ``x_abs`` where it occurs; ``max_rel`` and
        ``x_rel`` (``nan`` when ``exact`` is 0 everywhere).

    Examples
    --------
    >>> err = float32_error(np.tanh, np.tanh, np.linspace(-5, 5, 1001))
    >>> err.max_abs < 2.0**-23
    True
    """
    if not callable(approx):
        raise TypeError(f"approx must be a callable, got {_describe(approx)}")
    if not callable(exact):
        raise TypeError(f"exact must be a callable, got {_describe(exact)}")
    x = as_float_array(x, "x")
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty array of finite numbers, got {_describe(x)}")
    x32 = np.asarray(x, dtype=np.float32).ravel()
    a = np.asarray(approx(x32.copy()), dtype=np.float64).ravel()
    e = np.asarray(exact(x32.astype(np.float64)), dtype=np.float64).ravel()
    if a.shape != x32.shape or e.shape != x32.shape:
        raise ValueError(f"approx and exact must return one value per input: got {a.size} and {e.size} "
                         f"values for {x32.size} inputs")
    abs_err = np.abs(a - e)
    i = int(np.argmax(abs_err))
    nonzero = e != 0
    if nonzero.any():
        rel = np.where(nonzero, abs_err / np.where(nonzero, np.abs(e), 1.0), -np.inf)
        j = int(np.argmax(rel))
        max_rel, x_rel = float(rel[j]), float(x32[j])
    else:
        max_rel, x_rel = math.nan, math.nan
    return Float32Error(float(abs_err[i]), float(x32[i]), max_rel, x_rel)


#: The operations :func:`time_elementwise` times, in the order of its result.
ELEMENTWISE_OPS = ("Tensor.copy_", "torch.clamp (relu)", "torch.sigmoid", "torch.tanh", "np.maximum (relu)",
                   "np.tanh", "torch.mm")


def time_elementwise(n: int, *, repeat: int = 7) -> dict[str, float]:
    r"""Nanoseconds per output element of elementwise operations and of a matrix multiplication,
    on :math:`n \times n` float32 arrays (:math:`4n^2` bytes each: 64 KiB for :math:`n = 128`,
    4 MiB for :math:`n = 1024`).

    Timed the same way for every operation: the same random input (seed 0), the output
    written into a preallocated array (``out=``) so that allocation is not timed, and the
    best of ``repeat`` rounds (:func:`nnprimer.chapters.performance.best_time`), each of
    enough calls to touch about 16 M elements (a few milliseconds). The keys are :data:`ELEMENTWISE_OPS`:
    a copy (``Tensor.copy_``), ReLU as ``torch.clamp(min=0)`` and ``np.maximum``,
    ``torch.sigmoid``, ``torch.tanh``, ``np.tanh``, and ``torch.mm`` of the input with an
    :math:`n \times n` weight matrix, which produces the same :math:`n^2` outputs as a layer
    of :math:`n` units on a batch of :math:`n` inputs (:math:`2n` floating-point operations
    per output).

    Run it inside ``nnprimer.train.torch_threads(1)`` to compare PyTorch with numpy, which
    runs these functions on one thread. The numbers depend on the machine.
    """
    import torch

    from ..performance import best_time

    n = integer(n, "n", minimum=1)
    repeat = integer(repeat, "repeat", minimum=1)
    gen = torch.Generator().manual_seed(0)
    x_t, w_t = torch.randn(n, n, generator=gen), torch.randn(n, n, generator=gen)
    out_t = torch.empty(n, n)
    x_np, out_np = x_t.numpy(), np.empty((n, n), dtype=np.float32)
    calls = {
        "Tensor.copy_": lambda: out_t.copy_(x_t),
        "torch.clamp (relu)": lambda: torch.clamp(x_t, min=0, out=out_t),
        "torch.sigmoid": lambda: torch.sigmoid(x_t, out=out_t),
        "torch.tanh": lambda: torch.tanh(x_t, out=out_t),
        "np.maximum (relu)": lambda: np.maximum(x_np, 0, out=out_np),
        "np.tanh": lambda: np.tanh(x_np, out=out_np),
        "torch.mm": lambda: torch.mm(x_t, w_t, out=out_t),
    }
    result = {}
    for name, call in calls.items():
        # about 16 M elements per round (a few ms), fewer calls for the matmul's n^3 work
        number = max(1, 2**27 // n**3) if name == "torch.mm" else max(1, 2**24 // n**2)
        result[name] = 1e9 * best_time(call, repeat=repeat, number=number) / n**2
    return result


@dataclass(frozen=True)
class TrainingRun:
    """One run of :func:`train_runs`.

    Attributes
    ----------
    history : nnprimer.train.History
        What :func:`nnprimer.train.fit` returned.
    test_acc : list of float
        Test accuracy at epoch 0 (the fresh network, before any update) and after each
        epoch: ``epochs + 1`` values, so ``test_acc[k]`` is the accuracy after ``k`` epochs.
    """

    history: Any
    test_acc: list


def train_runs(data: Any, runs: Iterable[tuple[str, float]], *, seeds: Sequence[int] = (0, 1), epochs: int = 10,
               sizes: Sequence[int] = (64, 64, 64, 10), init: str = "xavier_uniform") -> dict[tuple, TrainingRun]:
    r"""Train one MLP per (activation, learning rate) and seed, everything else equal.

    For each ``(activation, lr)`` in ``runs`` and each ``seed``:
    ``model = train.mlp(sizes, activation, init=init, rng=seed)``, its test accuracy before
    training, then ``train.fit(model, data, epochs=epochs, lr=lr, rng=seed, device="cpu")``
    (plain mini-batch SGD). The same seed gives the same weights, up to the activation,
    and the same batch order. Returns ``{(activation, lr, seed): TrainingRun}``. Run it
    inside ``nnprimer.train.torch_threads(1)``: the networks are small.

    >>> from nnprimer import data
    >>> runs = train_runs(data.digits(rng=0), [("tanh", 0.1)], seeds=(0,), epochs=1)
    >>> run = runs["tanh", 0.1, 0]
    >>> len(run.test_acc), run.test_acc[1:] == run.history.test_acc
    (2, True)
    """
    import torch

    from ... import train

    epochs = integer(epochs, "epochs", minimum=1)
    X_test = torch.as_tensor(np.asarray(data[2], dtype=np.float32))
    y_test = torch.as_tensor(np.asarray(data[3]))
    result = {}
    for activation, lr in runs:
        for seed in seeds:
            model = train.mlp(list(sizes), activation, init=init, rng=seed)
            with torch.no_grad():
                initial = (model.eval()(X_test).argmax(dim=1) == y_test).float().mean().item()
            history = train.fit(model, data, epochs=epochs, lr=lr, rng=seed, device="cpu")
            result[activation, lr, seed] = TrainingRun(history, [initial, *history.test_acc])
    return result
