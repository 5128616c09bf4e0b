"""nnprimer.train: models, the training loop and its instruments."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from nnprimer import data, train


@pytest.fixture(scope="module")
def digits():
    return data.digits(rng=0)


def small(rng=0, activation="relu", **kwargs):
    return train.mlp([64, 32, 32, 10], activation, init="kaiming_normal",
                     init_kwargs={"nonlinearity": "relu"}, rng=rng, **kwargs)


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
    a, b, c = small(rng=3), small(rng=3), small(rng=4)
    assert torch.equal(a.linears[0].weight, b.linears[0].weight)
    assert not torch.equal(a.linears[0].weight, c.linears[0].weight)


def test_residual_block_adds_its_input():
    m = train.mlp([8, 8, 8, 2], "relu", residual=True, rng=0)
    x = torch.randn(4, 8)
    h1 = x + torch.relu(m.linears[0](x))
    h2 = h1 + torch.relu(m.linears[1](h1))
    torch.testing.assert_close(m(x), m.linears[2](h2))


def test_every_activation_builds_and_runs():
    from nnprimer.activations import ELEMENTWISE

    for name in ELEMENTWISE:
        m = train.mlp([4, 6, 3], name, rng=0)
        assert torch.isfinite(m(torch.randn(2, 4))).all()


def test_loss_falls_and_accuracy_rises(digits):
    m = small()
    h = train.fit(m, digits, epochs=8, lr=0.05, rng=0)
    assert h.epochs == 8 and len(h.test_acc) == 8 and len(h.grad_norms) == 8
    assert h.train_loss[-1] < 0.5 * h.train_loss[0]
    assert h.test_acc[-1] > 0.85
    assert len(h.dead_units) == 9  # before training + one per epoch
    assert len(h.grad_norms[0]) == 3 and all(g > 0 for g in h.grad_norms[0])
    assert h.step_loss and h.seconds > 0


def test_same_seed_same_history(digits):
    h1 = train.fit(small(rng=1), digits, epochs=3, lr=0.05, rng=7)
    h2 = train.fit(small(rng=1), digits, epochs=3, lr=0.05, rng=7)
    h3 = train.fit(small(rng=1), digits, epochs=3, lr=0.05, rng=8)
    assert h1.step_loss == h2.step_loss and h1.test_acc == h2.test_acc
    assert h1.step_loss != h3.step_loss  # the seed controls the shuffling


def test_non_finite_loss_raises_a_clear_error(digits):
    with pytest.raises(train.NonFiniteLossError, match=r"the loss became (nan|inf) at epoch 1, step \d+"):
        train.fit(train.mlp([64, 32, 10], "relu", rng=0), digits, epochs=3, lr=100.0, rng=0)


def test_gradient_clipping_bounds_the_update(digits):
    """With clip_grad_norm=c, one SGD step moves the parameters by at most lr * c."""
    m = small()
    before = torch.cat([p.detach().flatten().clone() for p in m.parameters()])
    X, y = digits.X_train[:64], digits.y_train[:64]
    train.fit(m, (X, y), epochs=1, lr=1.0, batch_size=64, clip_grad_norm=0.01, rng=0, track=False)
    after = torch.cat([p.detach().flatten().cpu() for p in m.parameters()])
    assert (after - before).norm().item() <= 0.01 * 1.0 + 1e-6


def test_mse_regression():
    d = data.sine(256, rng=0)
    m = train.mlp([1, 32, 1], "tanh", rng=0)
    h = train.fit(m, d, epochs=200, lr=0.1, batch_size=64, loss="mse", rng=0, track=False)
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
    train.fit(m, digits, epochs=2, lr=0.1, rng=0)
    w_after = m.linears[0].weight.detach().cpu()  # fit may have moved the model to a GPU
    assert torch.equal(w_after[:3], w[:3])
    assert not torch.equal(w_after[3:], w[3:])


def test_activation_stats_counts_zeros(digits):
    m = small()
    stats = train.activation_stats(m, digits.X_train)
    assert len(stats) == 2
    for s in stats:
        assert 0.2 < s.zeros < 0.8 and s.std > 0


def test_layer_grad_norms_match_autograd(digits):
    m = small()
    X = torch.as_tensor(digits.X_train[:50])
    y = torch.as_tensor(digits.y_train[:50])
    norms = train.layer_grad_norms(m, X, y)
    torch.nn.functional.cross_entropy(m(X), y).backward()
    expected = [l.weight.grad.norm().item() for l in m.linears]
    assert norms == pytest.approx(expected, rel=1e-6)


def test_small_cnn_trains():
    d = data.digits(rng=0, images=True)
    m = train.small_cnn(rng=0)
    h = train.fit(m, d, epochs=3, lr=0.05, rng=0)
    assert h.test_acc[-1] > 0.5 and h.train_loss[-1] < h.train_loss[0]  # chance is 0.1
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
    with pytest.raises(ValueError, match="X and y must have the same number of rows, got 1347 and 10"):
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
    h_cpu = train.fit(small(rng=0), digits, epochs=5, lr=0.05, rng=0, device="cpu")
    h_gpu = train.fit(small(rng=0), digits, epochs=5, lr=0.05, rng=0, device="cuda")
    assert h_gpu.device.startswith("cuda") and train.pick_device().type == "cuda"
    assert h_gpu.train_loss == pytest.approx(h_cpu.train_loss, rel=1e-3)
    assert abs(h_gpu.test_acc[-1] - h_cpu.test_acc[-1]) <= 0.02
    assert h_gpu.dead_units == h_cpu.dead_units


@cuda
def test_cnn_and_instruments_on_cuda():
    d = data.digits(rng=0, images=True)
    m = train.small_cnn(rng=0)
    h = train.fit(m, d, epochs=2, lr=0.05, rng=0, device="cuda")
    assert next(m.parameters()).is_cuda and h.test_acc[-1] > 0.3
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


# ------------------------------------------------------------------- randomness


def global_states():
    """Python's, numpy's and torch's global random states, comparable with ==."""
    import random

    kind, keys, pos, has_gauss, cached = np.random.get_state()
    return random.getstate(), (kind, keys.tobytes(), pos, has_gauss, cached), torch.random.get_rng_state().tolist()


@pytest.mark.parametrize("rng", [0, 12345, "generator"])
def test_mlp_small_cnn_and_fit_leave_global_random_state_untouched(digits, rng):
    """A seeded call draws from generators of its own (layer construction and the RReLU
    noise of training from torch's global generator, forked and restored): the global
    states are exactly as before."""
    def make_rng():
        return np.random.default_rng(7) if rng == "generator" else rng

    before = global_states()
    model = train.mlp([64, 16, 10], "rrelu", init="kaiming_normal", rng=make_rng())
    train.small_cnn(channels=(2, 2), rng=make_rng())
    train.fit(model, (digits.X_train[:200], digits.y_train[:200]), epochs=2, rng=make_rng(), device="cpu")
    assert global_states() == before


def test_seeded_results_reproduce_with_a_seed_and_with_a_generator(digits):
    d = (digits.X_train[:300], digits.y_train[:300])
    for make in (lambda: 3, lambda: np.random.default_rng(3)):
        runs = [train.fit(train.mlp([64, 16, 10], "rrelu", rng=make()), d, epochs=2, rng=make(), device="cpu")
                for _ in range(2)]
        assert runs[0].step_loss == runs[1].step_loss  # RReLU's training noise included
    other = train.fit(train.mlp([64, 16, 10], "rrelu", rng=3), d, epochs=2, rng=4, device="cpu")
    assert other.step_loss != runs[0].step_loss


def test_rng_none_draws_from_torchs_global_generator():
    """None behaves as torch does: torch.manual_seed before the call makes it reproducible."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(11)
        a = train.mlp([4, 3, 2])
        torch.manual_seed(11)
        b = train.mlp([4, 3, 2], rng=None)
        c = train.mlp([4, 3, 2], rng=None)  # the generator moved on
    assert torch.equal(a.linears[0].weight, b.linears[0].weight)
    assert not torch.equal(b.linears[0].weight, c.linears[0].weight)


@pytest.mark.parametrize(("call", "name"), [
    (lambda **kw: train.mlp([4, 3, 2], **kw).linears[0].weight.detach(), "mlp"),
    (lambda **kw: train.small_cnn(channels=(2, 2), **kw)[0].weight.detach(), "small_cnn"),
    (lambda **kw: torch.tensor(data.digits(**kw).y_train), "digits"),
    (lambda **kw: torch.tensor(data.spirals(10, **kw).X_train), "spirals"),
    (lambda **kw: torch.tensor(data.sine(10, **kw).X_train), "sine"),
    (lambda **kw: torch.tensor(data.split(np.arange(20.0), np.arange(20) % 2, **kw).y_train), "split"),
])
def test_old_seed_keyword_still_works_with_a_deprecation_warning(call, name):
    with pytest.warns(DeprecationWarning, match=rf"^{name}\(seed=\.\.\.\) is deprecated; use rng=\.\.\. instead$"):
        old = call(seed=5)
    assert torch.equal(old, call(rng=5))
    with pytest.raises(TypeError, match=rf"{name}\(\) got both rng= and its old name seed=; pass only rng="):
        call(seed=5, rng=5)


def test_fit_old_seed_keyword(digits):
    d = (digits.X_train[:200], digits.y_train[:200])
    with pytest.warns(DeprecationWarning, match=r"fit\(seed=\.\.\.\) is deprecated"):
        old = train.fit(small(), d, epochs=1, seed=3, track=False)
    assert old.step_loss == train.fit(small(), d, epochs=1, rng=3, track=False).step_loss


# ---------------------------------------------------------------------- History


def test_history_train_loss_is_a_full_pass_after_each_epoch(digits):
    """As documented: the whole training set, eval mode, after the epoch's last update
    (not the mean of the step losses)."""
    m = small(batchnorm=True)  # batch norm: train and eval mode differ
    h = train.fit(m, digits, epochs=2, lr=0.05, rng=0, device="cpu", track=False)
    m.eval()
    with torch.no_grad():
        out = m(torch.as_tensor(digits.X_train))
        loss = torch.nn.functional.cross_entropy(out, torch.as_tensor(digits.y_train)).item()
        test_out = m(torch.as_tensor(digits.X_test))
    assert h.train_loss[-1] == pytest.approx(loss, rel=1e-5)
    assert h.train_acc[-1] == (out.argmax(1).numpy() == digits.y_train).mean()
    assert h.test_acc[-1] == (test_out.argmax(1).numpy() == digits.y_test).mean()
    steps_per_epoch = len(h.step_loss) // 2
    assert h.train_loss[-1] != pytest.approx(np.mean(h.step_loss[-steps_per_epoch:]), rel=1e-3)


def test_history_repr_is_short_and_old_names_are_deprecated_aliases(digits):
    h = train.fit(small(), digits, epochs=2, lr=0.05, rng=0, device="cpu", track=False)
    text = repr(h)
    assert text == (f"History(epochs=2, train_loss={h.train_loss[-1]:.4g}, test_acc={h.test_acc[-1]:.4g}, "
                    "device='cpu')")
    with pytest.warns(DeprecationWarning, match="History.val_acc is deprecated; use test_acc"):
        assert h.val_acc is h.test_acc
    with pytest.warns(DeprecationWarning, match="History.val_loss is deprecated; use test_loss"):
        assert h.val_loss is h.test_loss
    stopped = train.fit(small(), (digits.X_train, digits.y_train), epochs=3, lr=100.0, rng=0,
                        on_nonfinite="stop", track=False)
    assert repr(stopped).endswith(f"device='cpu', stopped_at={stopped.stopped_at})")
    assert "test_" not in repr(stopped) and stopped.test_acc == []


def test_fit_docstring_lists_every_parameter():
    import inspect

    doc = train.fit.__doc__
    for name in inspect.signature(train.fit).parameters:
        assert f"\n    {name} :" in doc or f", {name} :" in doc, name


def test_evaluation_cross_entropy_is_torchs_at_extreme_logits():
    """fit evaluates with logsumexp (torch's CPU log_softmax is slow for few classes): the
    same numbers as F.cross_entropy, huge and tiny logits included."""
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(500, 10, generator=g) * torch.tensor([1e-3, 1.0, 30.0, 1e4]).repeat_interleave(125)[:, None]
    y = torch.randint(0, 10, (500,), generator=g)
    for rows in (slice(None), slice(0, 1), slice(375, 500)):
        expected = torch.nn.functional.cross_entropy(logits[rows], y[rows])
        got = train._eval_cross_entropy(logits[rows], y[rows])
        assert torch.isfinite(got)
        torch.testing.assert_close(got, expected, rtol=1e-6, atol=0)


def test_an_mlp_reports_its_layers_as_hooks_would(digits):
    """fit's statistics read an MLP's layers through forward(on_layer=...), other models
    through hooks: a subclass with its own forward (so hooks) gives the same numbers."""
    class Hooked(train.MLP):
        def forward(self, x):
            return super().forward(x)

    m = small()
    h = Hooked([64, 32, 32, 10])
    h.load_state_dict(m.state_dict())
    X = digits.X_train[:200]
    assert train.dead_units(m, X) == train.dead_units(h, X)
    for a, b in zip(train.activation_stats(m, X), train.activation_stats(h, X)):
        assert a == b
    calls = []
    train._run_with_hooks(h, torch.as_tensor(X), lambda i, z, a: calls.append(i))
    assert calls == [0, 1]
