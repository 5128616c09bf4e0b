"""train.dead_mask / dead_units with by="channel": convolutional channels dead at every position."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nnprimer import train  # noqa: E402


@pytest.fixture
def cnn_and_images():
    cnn = train.small_cnn("relu", channels=(4, 6), rng=0)
    X = torch.rand(20, 1, 8, 8, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        cnn[0].bias[1] = -100.0  # channel 1 of the first conv: negative at every position
    return cnn, X


def test_channel_mode_reduces_over_examples_and_positions(cnn_and_images):
    cnn, X = cnn_and_images
    by_channel = train.dead_mask(cnn, X, by="channel")
    by_unit = train.dead_mask(cnn, X)
    assert [m.shape for m in by_channel] == [(4,), (6,)]
    assert [m.shape for m in by_unit] == [(4 * 8 * 8,), (6 * 4 * 4,)]
    with torch.no_grad():
        z1 = cnn[0](X)
        z2 = cnn[3](cnn[2](cnn[1](z1)))
    for z, mask, unit_mask in zip((z1, z2), by_channel, by_unit):
        np.testing.assert_array_equal(mask, (z <= 0).all(dim=3).all(dim=2).all(dim=0).numpy())
        np.testing.assert_array_equal(unit_mask, (z <= 0).all(dim=0).flatten().numpy())
    assert by_channel[0][1] and train.dead_units(cnn, X, by="channel")[0] >= 1
    # a dead channel is dead at all of its 64 positions
    assert by_unit[0].reshape(4, 8, 8)[1].all()


def test_channel_mode_is_unit_mode_for_fully_connected_layers():
    net = train.mlp([5, 7, 3], "relu", rng=0)
    with torch.no_grad():
        net.linears[0].bias[:3] = -100.0
    X = np.random.default_rng(0).random((30, 5))
    assert train.dead_units(net, X, by="channel") == train.dead_units(net, X)
    for a, b in zip(train.dead_mask(net, X, by="channel"), train.dead_mask(net, X)):
        np.testing.assert_array_equal(a, b)
    assert train.dead_mask(net, X)[0][:3].all()


def test_by_is_validated(cnn_and_images):
    cnn, X = cnn_and_images
    with pytest.raises(ValueError, match="by must be one of"):
        train.dead_mask(cnn, X, by="position")
    with pytest.raises(TypeError, match="by must be one of"):
        train.dead_units(cnn, X, by=1)
