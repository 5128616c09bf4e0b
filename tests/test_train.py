"""nnprimer.train: models, the training loop and its instruments."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from nnprimer import data, train


@pytest.fixture(scope="module")
def digits():
    return data.digits(seed=0)


def small(seed=0, activation="relu", **kwargs):
    return train.mlp([64, 32, 32, 10], activation, init="kaiming_normal",
                     init_kwargs={"nonlinearity": "relu"}, seed=seed, **kwargs)


def test_mlp_structure_and_init():
    m = small(batchnorm=True)
    assert [l.in_features for l in m.linears] == [64, 32, 32]
    assert all(isinstance(n, torch.nn.BatchNorm1d) for n in m.norms)
    assert all(isinstance(a, torch.nn.ReLU) for a in m.acts)
    assert all(torch.count_nonzero(l.bias) == 0 for l in m.linears)  # biases zeroed by apply_init
    # He normal: std sqrt(2 / fan_in); 64*32 samples -> loose but real tolerance
    assert m.linears[0].weight.std().item() == pytest.approx(math.sqrt(2 / 64), rel=0.1)
    assert m(torch.zeros(5, 64)).shape == (5, 10)


def test_mlp_seed_reproduces_weights():
    a, b, c = small(seed=3), small(seed=3), small(seed=4)
    assert torch.equal(a.linears[0].weight, b.linears[0].weight)
    assert not torch.equal(a.linears[0].weight, c.linears[0].weight)


def test_residual_block_adds_its_input():
    m = train.mlp([8, 8, 8, 2], "relu", residual=True, seed=0)
    x = torch.randn(4, 8)
    h1 = x + torch.relu(m.linears[0](x))
    h2 = h1 + torch.relu(m.linears[1](h1))
    torch.testing.assert_close(m(x), m.linears[2](h2))


def test_every_activation_builds_and_runs():
    from nnprimer.activations import ELEMENTWISE

    for name in ELEMENTWISE:
        m = train.mlp([4, 6, 3], name, seed=0)
        assert torch.isfinite(m(torch.randn(2, 4))).all()


def test_loss_falls_and_accuracy_rises(digits):
    m = small()
    h = train.fit(m, digits, epochs=8, lr=0.05, seed=0)
    assert h.epochs == 8 and len(h.val_acc) == 8 and len(h.grad_norms) == 8
    assert h.train_loss[-1] < 0.5 * h.train_loss[0]
    assert h.val_acc[-1] > 0.85
    assert len(h.dead_units) == 9  # before training + one per epoch
    assert len(h.grad_norms[0]) == 3 and all(g > 0 for g in h.grad_norms[0])
    assert h.step_loss and h.seconds > 0


def test_same_seed_same_history(digits):
    h1 = train.fit(small(seed=1), digits, epochs=3, lr=0.05, seed=7)
    h2 = train.fit(small(seed=1), digits, epochs=3, lr=0.05, seed=7)
    h3 = train.fit(small(seed=1), digits, epochs=3, lr=0.05, seed=8)
    assert h1.step_loss == h2.step_loss and h1.val_acc == h2.val_acc
    assert h1.step_loss != h3.step_loss  # the seed controls the shuffling


def test_non_finite_loss_raises_a_clear_error(digits):
    with pytest.raises(train.NonFiniteLossError, match=r"the loss became (nan|inf) at epoch 1, step \d+"):
        train.fit(train.mlp([64, 32, 10], "relu", seed=0), digits, epochs=3, lr=100.0, seed=0)


def test_gradient_clipping_bounds_the_update(digits):
    """With clip_grad_norm=c, one SGD step moves the parameters by at most lr * c."""
    m = small()
    before = torch.cat([p.detach().flatten().clone() for p in m.parameters()])
    X, y = digits.X_train[:64], digits.y_train[:64]
    train.fit(m, (X, y), epochs=1, lr=1.0, batch_size=64, clip_grad_norm=0.01, seed=0, track=False)
    after = torch.cat([p.detach().flatten().cpu() for p in m.parameters()])
    assert (after - before).norm().item() <= 0.01 * 1.0 + 1e-6


def test_mse_regression():
    d = data.sine(256, seed=0)
    m = train.mlp([1, 32, 1], "tanh", seed=0)
    h = train.fit(m, d, epochs=200, lr=0.1, batch_size=64, loss="mse", seed=0, track=False)
    assert h.train_loss[-1] < 0.1 * h.train_loss[0]
    assert math.isnan(h.train_acc[-1])


def test_dead_units_and_make_dead(digits):
    m = small()
    assert train.dead_units(m, digits.X_train) == [0, 0]
    train.make_dead(m, digits.X_train, layer=0, units=[0, 1, 2])
    mask = train.dead_mask(m, digits.X_train)
    assert mask[0][:3].all() and mask[0].sum() == 3
    # a dead first-layer unit receives no gradient at all
    w = m.linears[0].weight.detach().clone()
    train.fit(m, digits, epochs=2, lr=0.1, seed=0)
    w_after = m.linears[0].weight.detach().cpu()  # fit may have moved the model to a GPU
    assert torch.equal(w_after[:3], w[:3])
    assert not torch.equal(w_after[3:], w[3:])


def test_activation_stats_counts_zeros(digits):
    m = small()
    stats = train.activation_stats(m, digits.X_train)
    assert len(stats) == 2
    for s in stats:
        assert 0.2 < s["zeros"] < 0.8 and s["std"] > 0


def test_layer_grad_norms_match_autograd(digits):
    m = small()
    X = torch.as_tensor(digits.X_train[:50])
    y = torch.as_tensor(digits.y_train[:50])
    norms = train.layer_grad_norms(m, X, y)
    torch.nn.functional.cross_entropy(m(X), y).backward()
    expected = [l.weight.grad.norm().item() for l in m.linears]
    assert norms == pytest.approx(expected, rel=1e-6)


def test_small_cnn_trains():
    d = data.digits(seed=0, images=True)
    m = train.small_cnn(seed=0)
    h = train.fit(m, d, epochs=3, lr=0.05, seed=0)
    assert h.val_acc[-1] > 0.5 and h.train_loss[-1] < h.train_loss[0]  # chance is 0.1
    assert len(h.dead_units[-1]) == 2  # two ReLU layers


def test_pick_device():
    assert train.pick_device("cpu").type == "cpu"
    assert train.pick_device().type in ("cpu", "cuda", "mps")
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="cuda"):
            train.pick_device("cuda")


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"epochs": 0}, ValueError, "epochs must be >= 1"),
    ({"lr": -1.0}, ValueError, "lr must be > 0"),
    ({"lr": "big"}, TypeError, "lr must be a real number"),
    ({"optimizer": "lbfgs"}, ValueError, "optimizer must be one of"),
    ({"loss": "hinge"}, ValueError, "loss must be one of"),
    ({"clip_grad_norm": 0.0}, ValueError, "clip_grad_norm must be > 0"),
    ({"batch_size": 1.5}, TypeError, "batch_size must be an int"),
])
def test_fit_bad_arguments(digits, kwargs, error, message):
    with pytest.raises(error, match=message):
        train.fit(small(), digits, **kwargs)


def test_fit_bad_data_and_model(digits):
    with pytest.raises(TypeError, match="data must be"):
        train.fit(small(), digits.X_train)
    with pytest.raises(ValueError, match="same length"):
        train.fit(small(), (digits.X_train, digits.y_train[:10]))
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        train.fit("model", digits)
    with pytest.raises(KeyError, match="unknown activation"):
        train.mlp([4, 4, 2], "relu7")
    with pytest.raises(ValueError, match="sizes needs at least"):
        train.mlp([4], "relu")


cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")


@cuda
def test_fit_on_cuda_matches_cpu(digits):
    """Same seed on GPU and CPU: the same shuffling, and results equal up to float rounding."""
    h_cpu = train.fit(small(seed=0), digits, epochs=5, lr=0.05, seed=0, device="cpu")
    h_gpu = train.fit(small(seed=0), digits, epochs=5, lr=0.05, seed=0, device="cuda")
    assert h_gpu.device.startswith("cuda") and train.pick_device().type == "cuda"
    assert h_gpu.train_loss == pytest.approx(h_cpu.train_loss, rel=1e-3)
    assert abs(h_gpu.val_acc[-1] - h_cpu.val_acc[-1]) <= 0.02
    assert h_gpu.dead_units == h_cpu.dead_units


@cuda
def test_cnn_and_instruments_on_cuda():
    d = data.digits(seed=0, images=True)
    m = train.small_cnn(seed=0)
    h = train.fit(m, d, epochs=2, lr=0.05, seed=0, device="cuda")
    assert next(m.parameters()).is_cuda and h.val_acc[-1] > 0.3
    assert len(train.activation_stats(m, d.X_train)) == 2


@cuda
def test_activation_torch_methods_on_cuda():
    """Same values on the GPU. Tolerance at float32 level: some CUDA kernels use float32
    constants even for float64 tensors (hardswish's 1/6 was seen to differ by 3e-8 relative)."""
    from nnprimer.activations import ELEMENTWISE, get

    x = np.linspace(-6, 6, 1001)
    for name in ELEMENTWISE:
        f = get(name)
        t = torch.tensor(x, device="cuda", requires_grad=True)
        y = f.torch(t)
        (g,) = torch.autograd.grad(y.sum(), t)
        for ours, theirs in ((f(x), y.detach().cpu().numpy()), (f.grad(x), g.cpu().numpy())):
            err = np.max(np.abs(ours - theirs) / np.maximum(np.abs(ours), 1e-6))
            print(f"{name}: max relative difference on CUDA {err:.1e}")
            np.testing.assert_allclose(theirs, ours, rtol=1e-6, atol=1e-7)
