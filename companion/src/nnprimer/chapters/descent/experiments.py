r"""Chapter "Gradient descent": the steps a run needs to reach a loss, and the batch-size comparison.

* :func:`steps_to_loss` -- the first step at which a loss curve falls below a target;
* :func:`batch_size_runs` -- the same network trained with several batch sizes and *the same*
  learning rate, the loss on the whole training set recorded after every step, with the
  number of examples seen and the time spent in the steps (:class:`BatchSizeRun`).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from ..._optional import require
from ..._validation import integer, positive_number

__all__ = ["steps_to_loss", "BatchSizeRun", "batch_size_runs"]


def steps_to_loss(losses: Any, target: float) -> int | None:
    r"""The first index ``t`` with ``losses[t] < target`` (``losses[0]`` is the loss before
    any step, so ``t`` counts steps), or ``None`` when the curve never gets there.

    >>> steps_to_loss([4.0, 1.0, 0.25, 0.0625], 0.3)
    2
    >>> steps_to_loss([4.0, 1.0], 0.3) is None
    True
    """
    below = np.flatnonzero(np.asarray(losses, dtype=np.float64) < target)
    return int(below[0]) if below.size else None


@dataclass(frozen=True)
class BatchSizeRun:
    """One run of :func:`batch_size_runs`: the state after ``steps[i]`` updates is row ``i``
    of each array (row 0: before the first step).

    Attributes
    ----------
    batch_size, lr : the batch size and the learning rate of the run.
    steps : 0, 1, 2, ... the number of updates made.
    epochs : the examples used so far divided by the size of the training set.
    seconds : the time spent in the steps so far (forward, backward, update; the evaluation
        of the loss is not counted). It depends on the machine.
    loss : the mean cross-entropy on the whole training set.
    """

    batch_size: int
    lr: float
    steps: np.ndarray
    epochs: np.ndarray
    seconds: np.ndarray
    loss: np.ndarray

    def steps_to(self, target: float) -> int | None:
        """The first recorded step after which the training loss is below ``target``."""
        i = steps_to_loss(self.loss, target)
        return None if i is None else int(self.steps[i])

    def epochs_to(self, target: float) -> float | None:
        """The epochs (examples seen / training-set size) after which the loss is below ``target``."""
        i = steps_to_loss(self.loss, target)
        return None if i is None else float(self.epochs[i])

    def seconds_per_step(self) -> float:
        """The median time of one step, over the steps recorded one after the other (the first
        ``min_steps``): a median, so that a pause of a busy machine in one step does not count."""
        one = np.diff(self.steps) == 1
        if not one.any():
            raise ValueError("no two consecutive steps were recorded (use min_steps >= 1)")
        return float(np.median(np.diff(self.seconds)[one]))

    def loss_at(self, *, step: int | None = None, epoch: float | None = None) -> float:
        """The training loss after ``step`` updates, or after the first recorded step that
        completes ``epoch`` epochs (give one of the two)."""
        if (step is None) == (epoch is None):
            raise TypeError("give step or epoch, not both")
        i = (int(np.searchsorted(self.steps, step)) if step is not None
             else int(np.searchsorted(self.epochs, epoch - 1e-9)))
        if i >= len(self.loss) or (step is not None and self.steps[i] != step):
            raise ValueError(f"the run did not record the loss at step={step}, epoch={epoch}")
        return float(self.loss[i])


def batch_size_runs(data: Any, batch_sizes: Sequence[int], *, lr: float, epochs: int = 2, min_steps: int = 0,
                    points: int = 200, sizes: Sequence[int] = (64, 32, 10), rng: int = 0) -> dict[int, BatchSizeRun]:
    r"""Train the same network once per batch size, with the same learning rate and plain SGD.

    Every run starts from the same weights (``train.mlp(sizes, "relu", rng=rng)``) and
    draws its order of examples as :func:`nnprimer.train.fit` does (a new
    ``torch.randperm`` per epoch from a generator seeded with ``rng``, cut into batches,
    the last one incomplete). Only the batch size changes. A run lasts ``epochs`` epochs,
    or ``min_steps`` steps if that is longer (a full batch makes one step per epoch).
    The loss on the whole training set is computed (not timed) after each of the first
    ``min_steps`` steps, then after every ``points``-th part of the run, at the end of each
    epoch and at the end of the run.

    Returns ``{batch_size: BatchSizeRun}`` in the order given.

    >>> from nnprimer import data
    >>> runs = batch_size_runs(data.digits(rng=0), [1347, 32], lr=0.05, epochs=1, min_steps=3)
    >>> [int(r.steps[-1]) for r in runs.values()], float(runs[32].epochs[-1])
    ([3, 43], 1.0)
    >>> runs[32].steps[:5].tolist(), int(runs[32].steps[-1])   # every step up to min_steps, then a grid
    ([0, 1, 2, 3, 4], 43)
    """
    torch = require("torch", "nnprimer.chapters.descent.batch_size_runs")
    import torch.nn.functional as F

    from ... import train

    lr = positive_number(lr, "lr")
    epochs = integer(epochs, "epochs", minimum=1)
    min_steps = integer(min_steps, "min_steps", minimum=0)
    X, y = torch.as_tensor(data.X_train), torch.as_tensor(data.y_train)
    n = len(X)
    runs = {}
    for b in batch_sizes:
        b = integer(b, "batch size", minimum=1)
        total = max(epochs * math.ceil(n / b), min_steps)
        every, per_epoch = max(1, math.ceil(total / points)), math.ceil(n / b)
        model = train.mlp(list(sizes), "relu", rng=rng)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        order = torch.Generator().manual_seed(rng)
        t, used, elapsed = 0, 0, 0.0
        steps, seen, spent, loss = [], [], [], []
        while t <= total:
            for idx in torch.randperm(n, generator=order).split(b):
                if t <= min_steps or t % every == 0 or t % per_epoch == 0 or t == total:
                    with torch.no_grad():
                        loss.append(F.cross_entropy(model(X), y).item())
                    steps.append(t), seen.append(used), spent.append(elapsed)
                if t == total:
                    break
                start = time.perf_counter()
                opt.zero_grad()
                F.cross_entropy(model(X[idx]), y[idx]).backward()
                opt.step()
                elapsed += time.perf_counter() - start
                t, used = t + 1, used + len(idx)
            else:
                continue
            break
        runs[b] = BatchSizeRun(batch_size=b, lr=lr, steps=np.array(steps), epochs=np.array(seen) / n,
                               seconds=np.array(spent), loss=np.array(loss))
    return runs
