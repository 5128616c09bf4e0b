"""Data sets for the chapters: deterministic synthetic sets and scikit-learn's 8x8 digits.

Nothing here downloads anything: the digits (1797 images of 8x8 pixels, values 0..16) ship
inside scikit-learn. Every function takes ``rng``, an int seed (default 0), a
:class:`numpy.random.Generator` or None (fresh randomness), and returns the same arrays for
the same seed; numpy's global generator is never used. (The old name ``seed=`` still works,
with a DeprecationWarning.)

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
from ._moved import renamed_keywords

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


@renamed_keywords(seed="rng")
def split(X: np.ndarray, y: np.ndarray, *, test_size: float = 0.25, rng=0, stratify: bool = True) -> Dataset:
    """Shuffle and split into training and test sets, keeping class proportions when ``stratify``.

    Parameters
    ----------
    X, y : array_like
        Features and labels (or targets), one row per example: the same length.
    test_size : float
        Fraction of the examples held out, in (0, 1); with ``stratify``, of each class.
    rng : None, int or numpy.random.Generator
        The shuffling; the same seed gives the same split.
    stratify : bool
        For integer labels, split each class separately so that both parts keep the
        class proportions.

    Examples
    --------
    >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0, 1] * 5)
    >>> d = split(X, y, test_size=0.2, rng=0)
    >>> d.X_train.shape, d.X_test.shape, sorted(d.y_test.tolist())
    ((8, 2), (2, 2), [0, 1])
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(f"X and y must be arrays with one row per example, got shapes {X.shape} and {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got {len(X)} and {len(y)}")
    test_size = real_number(test_size, "test_size")
    if not 0.0 < test_size < 1.0:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    rng = rng_from(rng)
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


def _noise(noise: object) -> float:
    noise = real_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0 (a standard deviation), got {noise}")
    return noise


@renamed_keywords(seed="rng")
def digits(*, test_size: float = 0.25, rng=0, standardize: bool = True, images: bool = False) -> Dataset:
    """scikit-learn's 8x8 handwritten digits (1797 samples, 10 classes), split and scaled.

    Pixels are divided by 16 (to [0, 1]); with ``standardize`` each feature is then
    centred and scaled by the *training* set's mean and standard deviation (constant
    pixels keep scale 1). ``images=True`` returns ``X`` shaped ``(N, 1, 8, 8)`` for
    convolutional nets instead of ``(N, 64)``. ``test_size`` and ``rng`` are those of
    :func:`split` (stratified).

    Examples
    --------
    >>> d = digits(images=True)
    >>> d.X_train.shape, d.y_train.dtype, d.n_classes
    ((1347, 1, 8, 8), dtype('int64'), 10)
    """
    sklearn_datasets = require("sklearn.datasets", "nnprimer.data.digits")
    bunch = sklearn_datasets.load_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    d = split(X, y, test_size=test_size, rng=rng)
    X_train, X_test = d.X_train, d.X_test
    if standardize:
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        std = np.where(std > 0, std, 1.0).astype(np.float32)
        X_train, X_test = (X_train - mean) / std, (X_test - mean) / std
    if images:
        X_train, X_test = X_train.reshape(-1, 1, 8, 8), X_test.reshape(-1, 1, 8, 8)
    return Dataset(X_train.astype(np.float32), d.y_train, X_test.astype(np.float32), d.y_test)


@renamed_keywords(seed="rng")
def spirals(n_per_class: int = 100, *, classes: int = 3, noise: float = 0.2, rng=0, test_size: float = 0.25) -> Dataset:
    r"""Interleaved 2-D spirals, one arm per class: a small set no linear model separates.

    Point :math:`i` of class :math:`c` lies at radius :math:`r_i` (evenly spaced in
    [0, 1]) and angle :math:`\theta = 2\pi c/\text{classes} + 4 r_i + \varepsilon`,
    :math:`\varepsilon \sim \mathcal{N}(0, \text{noise}^2)`: :math:`x = (r \sin\theta,
    r\cos\theta)`. Split by :func:`split` with the same ``rng`` (a seed gives a generator
    seeded afresh; a Generator goes on drawing).

    Examples
    --------
    >>> s = spirals(50, classes=2, rng=0)
    >>> s.X_train.shape, s.n_classes
    ((76, 2), 2)
    """
    n_per_class = integer(n_per_class, "n_per_class", minimum=2)
    classes = integer(classes, "classes", minimum=2)
    noise = _noise(noise)
    generator = rng_from(rng)
    r = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)
    label = np.repeat(np.arange(classes), n_per_class)
    theta = label * (2 * np.pi / classes) + r * 4.0 + generator.normal(scale=noise, size=r.size)
    X = np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1).astype(np.float32)
    return split(X, label.astype(np.int64), test_size=test_size, rng=rng)


@renamed_keywords(seed="rng")
def sine(n: int = 256, *, noise: float = 0.1, rng=0, test_size: float = 0.25) -> Dataset:
    """1-D regression: ``y = sin(x) + noise`` for x uniform in [-pi, pi]; X is (n, 1), y is (n, 1).

    The noise is normal with standard deviation ``noise``; split by :func:`split` (not
    stratified) with the same ``rng``.

    Examples
    --------
    >>> d = sine(100, noise=0.0)
    >>> d.X_train.shape, d.y_train.shape, bool(np.allclose(d.y_train, np.sin(d.X_train), atol=1e-6))
    ((75, 1), (75, 1), True)
    """
    n = integer(n, "n", minimum=4)
    noise = _noise(noise)
    generator = rng_from(rng)
    x = generator.uniform(-np.pi, np.pi, size=(n, 1))
    y = np.sin(x) + generator.normal(scale=noise, size=(n, 1))
    return split(x.astype(np.float32), y.astype(np.float32), test_size=test_size,
                 rng=rng, stratify=False)

