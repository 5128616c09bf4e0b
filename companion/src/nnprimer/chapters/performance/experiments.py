"""Timing tools of the Performance appendix and the ReLU chapter's section on cost: the
best of several timings of a call, and what a fresh output array costs (page faults).

``benchmarks/run.py`` uses them too."""

from __future__ import annotations

import math
import time
from typing import Any, Callable

import numpy as np

from ..._optional import require
from ..._validation import _describe, integer

__all__ = ["best_time", "page_faults", "preallocated_kernels"]


def best_time(fn: Callable[..., Any], *args: Any, repeat: int = 7, number: int = 5) -> float:
    """Seconds per call: the minimum over ``repeat`` rounds of the mean of ``number`` calls.

    The minimum is the least disturbed by other work on the machine (as in :mod:`timeit`).
    """
    repeat = integer(repeat, "repeat", minimum=1)
    number = integer(number, "number", minimum=1)
    fn(*args)  # warm-up: first-call allocations and lazy initialisation
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        best = min(best, (time.perf_counter() - start) / number)
    return best


def page_faults(fn: Callable[..., Any], *args: Any, number: int = 5) -> float | None:
    r"""Minor page faults of one call of ``fn(*args)``: how often the operating system had to
    map a fresh page of memory for the process (``ru_minflt`` of :func:`resource.getrusage`).

    A call that writes into a preallocated array causes none; one that returns a *new*
    array of :math:`B` bytes causes about :math:`B / 4096` with 4 KiB pages, or
    :math:`B / 2^{21}` where the allocator asks for 2 MiB huge pages (numpy does, for large
    arrays, on Linux), *if* the memory comes fresh from the operating system. With glibc
    that is certain only above 32 MiB: smaller blocks may be kept when freed and handed to
    the next call already mapped (glibc raises its ``mmap`` threshold, up to 32 MiB on
    64-bit Linux, each time a block that large is freed). Returns ``None`` where the
    ``resource`` module does not exist (Windows).

    The counter belongs to the whole process, so another thread (a test runner's I/O
    thread, a library's worker pool) or the interpreter growing its own heap can add a
    fault during any one call. Each of ``number`` calls is therefore counted on its own,
    after one warm-up call, and the median is returned: a count that most calls share,
    unmoved by a call or two that went either way.

    >>> page_faults(np.copyto, np.empty(1000), np.ones(1000)) in (0.0, None)
    True
    """
    number = integer(number, "number", minimum=1)
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {_describe(fn)}")
    try:
        import resource
    except ImportError:  # Windows
        return None
    fn(*args)
    counts = []
    for _ in range(number):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        fn(*args)
        counts.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    return float(np.median(counts))


#: The activations :func:`preallocated_kernels` knows, with the PyTorch operator it calls.
_OUT_KERNELS = ("relu", "leaky_relu", "elu", "gelu", "silu", "hardswish", "sigmoid", "tanh")


def preallocated_kernels(x: Any, out: Any, names: Any = _OUT_KERNELS) -> dict[str, Callable[[], Any]]:
    r"""Zero-argument callables that compute activations of the tensor ``x`` into the
    preallocated tensor ``out``, so that timing them measures arithmetic and memory
    traffic, not the allocation of a fresh output.

    Each uses the ``out=`` form of the PyTorch operator, ``torch.ops.aten.<name>.out``,
    except ReLU: PyTorch computes ``relu(x)`` as ``clamp_min(x, 0)``, and ``aten.relu.out``
    allocates a temporary (it is a composite), so ReLU uses ``torch.clamp(x, min=0,
    out=out)``. Names: any of ``relu, leaky_relu, elu, gelu, silu, hardswish, sigmoid,
    tanh``.
    """
    torch = require("torch", "nnprimer.chapters.performance.preallocated_kernels")
    for name, t in (("x", x), ("out", out)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {_describe(t)}")
    if out.shape != x.shape or out.dtype != x.dtype:
        raise ValueError(f"out must have the shape and dtype of x, {tuple(x.shape)} {x.dtype}, "
                         f"got {tuple(out.shape)} {out.dtype}")
    if isinstance(names, str):
        names = (names,)
    kernels = {}
    for name in names:
        if name not in _OUT_KERNELS:
            raise ValueError(f"names must be among {_OUT_KERNELS}, got {name!r}")
        if name == "relu":
            kernels[name] = lambda: torch.clamp(x, min=0, out=out)
        else:
            op = getattr(torch.ops.aten, name).out
            kernels[name] = (lambda op: lambda: op(x, out=out))(op)
    return kernels
