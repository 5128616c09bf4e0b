"""nnprimer.data: deterministic data sets, no downloads."""

from __future__ import annotations

import numpy as np
import pytest

from nnprimer import data


def test_digits_shapes_split_and_scaling():
    d = data.digits(rng=0)
    assert d.X_train.shape == (1347, 64) and d.X_test.shape == (450, 64)
    assert d.X_train.dtype == np.float32 and d.y_train.dtype == np.int64
    assert d.n_classes == 10
    # standardised with the training set's statistics
    np.testing.assert_allclose(d.X_train.mean(axis=0), 0.0, atol=1e-5)
    stds = d.X_train.std(axis=0)
    assert np.all((np.abs(stds - 1) < 1e-4) | (stds == 0))
    # stratified: every class in both parts, in similar proportions
    train_share = np.bincount(d.y_train) / len(d.y_train)
    test_share = np.bincount(d.y_test) / len(d.y_test)
    np.testing.assert_allclose(train_share, test_share, atol=0.01)


def test_digits_are_reproducible_and_seeded():
    a, b, c = data.digits(rng=0), data.digits(rng=0), data.digits(rng=1)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(a.y_train, c.y_train)


def test_digits_images_and_raw_pixels():
    d = data.digits(images=True, standardize=False)
    assert d.X_train.shape[1:] == (1, 8, 8)
    assert d.X_train.min() == 0.0 and d.X_train.max() == 1.0


def test_spirals_and_sine():
    s = data.spirals(50, classes=3, rng=0)
    assert len(s.X_train) + len(s.X_test) == 150 and s.X_train.shape[1] == 2
    t = data.sine(100, rng=0, noise=0.0)
    np.testing.assert_allclose(t.y_train, np.sin(t.X_train), atol=1e-6)


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: data.digits(test_size=1.5), ValueError, r"test_size must be in \(0, 1\)"),
    (lambda: data.spirals(1), ValueError, "n_per_class must be >= 2"),
    (lambda: data.spirals(10, classes="3"), TypeError, "classes must be an int"),
    (lambda: data.sine(10, rng=-1), ValueError, "rng must be a non-negative int seed, got -1"),
])
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
