"""Data sets for the chapters: deterministic synthetic sets and scikit-learn's 8x8 digits.

Nothing here downloads anything: the digits (1797 images of 8x8 pixels, values 0..16) ship
inside scikit-learn. Every function takes a ``seed`` and returns the same arrays for the
same seed.

>>> from nnprimer import data
>>> d = data.digits()
>>> d.X_train.shape, d.X_test.shape
((1347, 64), (450, 64))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._optional import require
from ._validation import integer, real_number, rng_from

__all__ = ["Dataset", "digits", "sine", "spirals", "split"]


class Dataset(NamedTuple):
    """Training and test arrays. ``X`` are float32 features, ``y`` int64 labels or float32 targets."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    @property
    def n_classes(self) -> int:
        """Number of classes (for integer labels)."""
        return int(max(self.y_train.max(), self.y_test.max())) + 1


def split(X: np.ndarray, y: np.ndarray, *, test_size: float = 0.25, seed: int = 0, stratify: bool = True) -> Dataset:
    """Shuffle and split into training and test sets, keeping class proportions when ``stratify``."""
    test_size = real_number(test_size, "test_size")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    rng = rng_from(seed, "seed")
    n = len(X)
    if stratify and np.issubdtype(y.dtype, np.integer):
        test = []
        for c in np.unique(y):
            idx = rng.permutation(np.flatnonzero(y == c))
            test.extend(idx[: int(round(test_size * idx.size))])
        test = np.sort(np.array(test, dtype=np.int64))
    else:
        test = np.sort(rng.permutation(n)[: int(round(test_size * n))])
    mask = np.zeros(n, dtype=bool)
    mask[test] = True
    train_idx = rng.permutation(np.flatnonzero(~mask))
    test_idx = rng.permutation(test)
    return Dataset(X[train_idx], y[train_idx], X[test_idx], y[test_idx])


def digits(*, test_size: float = 0.25, seed: int = 0, standardize: bool = True, images: bool = False) -> Dataset:
    """scikit-learn's 8x8 handwritten digits (1797 samples, 10 classes), split and scaled.

    Pixels are divided by 16 (to [0, 1]); with ``standardize`` each feature is then
    centred and scaled by the *training* set's mean and standard deviation (constant
    pixels keep scale 1). ``images=True`` returns ``X`` shaped ``(N, 1, 8, 8)`` for
    convolutional nets instead of ``(N, 64)``.
    """
    sklearn_datasets = require("sklearn.datasets", "nnprimer.data.digits")
    bunch = sklearn_datasets.load_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    d = split(X, y, test_size=test_size, seed=seed)
    X_train, X_test = d.X_train, d.X_test
    if standardize:
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        std = np.where(std > 0, std, 1.0).astype(np.float32)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    if images:
        X_train, X_test = X_train.reshape(-1, 1, 8, 8), X_test.reshape(-1, 1, 8, 8)
    return Dataset(X_train.astype(np.float32), d.y_train, X_test.astype(np.float32), d.y_test)


def spirals(n_per_class: int = 100, *, classes: int = 3, noise: float = 0.2, seed: int = 0, test_size: float = 0.25) -> Dataset:
    """Interleaved 2-D spirals, one arm per class: a small set no linear model separates."""
    n_per_class = integer(n_per_class, "n_per_class", minimum=2)
    classes = integer(classes, "classes", minimum=2)
    noise = real_number(noise, "noise")
    rng = rng_from(seed, "seed")
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)
    label = np.repeat(np.arange(classes), n_per_class)
    theta = label * (2 * np.pi / classes) + r * 4.0 + rng.normal(scale=noise, size=r.size)
    X = np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1).astype(np.float32)
    return split(X, label.astype(np.int64), test_size=test_size, seed=seed)


def sine(n: int = 256, *, noise: float = 0.1, seed: int = 0, test_size: float = 0.25) -> Dataset:
    """1-D regression: ``y = sin(x) + noise`` for x uniform in [-pi, pi]; X is (n, 1), y is (n, 1)."""
    n = integer(n, "n", minimum=4)
    noise = real_number(noise, "noise")
    rng = rng_from(seed, "seed")
    x = rng.uniform(-np.pi, np.pi, size=(n, 1))
    y = np.sin(x) + rng.normal(scale=noise, size=(n, 1))
    return split(x.astype(np.float32), y.astype(np.float32), test_size=test_size, seed=seed, stratify=False)
