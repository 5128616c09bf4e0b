"""The vanishing-gradients chapter's experiments in nnprimer.chapters.vanishing.

matrix_product_norms against the s^k law, glorot_2010 against the variance argument and
an independent float64 computation, gradient_flow against torch autograd by hand,
he_2015's shape and starting loss, rnn_gradient_norms against an explicit product of
Jacobians and its g^T bound, clip_by_global_norm against torch.nn.utils.clip_grad_norm_.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnprimer import chapters, stats
from nnprimer import data as D

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


@pytest.fixture(scope="module")
def small():
    d = D.digits(rng=0)
    return d.X_train[:300], d.y_train[:300]


# -- products of random matrices ---------------------------------------------------------------


def test_matrix_products_grow_like_scale_to_the_depth():
    r = chapters.vanishing.matrix_product_norms([0.5, 1.0, 2.0], width=128, depth=40, rng=1)
    assert set(r) == {0.5, 1.0, 2.0} and all(v.shape == (40,) for v in r.values())
    for s, norms in r.items():
        rate = np.exp(np.mean(np.diff(np.log(norms))))  # average factor per matrix
        assert rate == pytest.approx(s, rel=0.05), s
    # the same matrices at every scale: the norms differ exactly by s^k
    k = np.arange(1, 41)
    np.testing.assert_allclose(r[2.0] / r[1.0], 2.0 ** k, rtol=1e-9)
    assert r[0.5][-1] < 1e-10 < 1e10 < r[2.0][-1]


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"scales": [0.0]}, ValueError, "scales"),
    ({"scales": [1.0], "depth": 0}, ValueError, "depth"),
    ({"scales": [1.0], "width": 2.5}, TypeError, "width"),
])
def test_matrix_products_reject_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        chapters.vanishing.matrix_product_norms(**kwargs)


# -- Glorot and Bengio 2010 --------------------------------------------------------------------


def test_glorot_first_layer_matches_the_variance_argument():
    r = chapters.vanishing.glorot_2010(width=400, n=400, rng=0)
    # standard init: Var z = n * 1/(3n) * 1/3 = 1/9; Xavier: Var z = n * 1/n * 1/3 = 1/3
    for stds, var_z in ((r.standard, 1 / 9), (r.xavier, 1 / 3)):
        expected = math.sqrt(stats.gaussian_expectation(lambda z: np.tanh(z * math.sqrt(var_z)), power=2))
        assert stds[0] == pytest.approx(expected, rel=0.03), var_z


def test_glorot_standard_shrinks_and_xavier_holds():
    r = chapters.vanishing.glorot_2010(width=400, n=400, rng=0)
    assert np.all(np.diff(r.standard) < 0) and np.all(np.diff(r.xavier) < 0)
    per_layer = r.standard[1:] / r.standard[:-1]
    assert np.all((per_layer > 0.5) & (per_layer < 0.62))  # about 1/sqrt(3) per layer
    assert r.xavier[-1] > 5 * r.standard[-1] and r.xavier[-1] > 0.6 * r.xavier[0]


def test_glorot_agrees_with_a_direct_computation():
    r = chapters.vanishing.glorot_2010(width=50, depth=3, n=200, rng=3)
    rng = np.random.default_rng(3)
    h = rng.standard_normal((200, 50)) / math.sqrt(3)
    for layer in range(3):
        W = rng.uniform(-1 / math.sqrt(50), 1 / math.sqrt(50), size=(50, 50))
        h = np.tanh(h @ W.T)
        assert r.standard[layer] == pytest.approx(h.std(), rel=1e-12)


# -- gradient flow -----------------------------------------------------------------------------


def test_gradient_flow_is_the_autograd_weight_gradient(small):
    X, y = small
    norms = chapters.vanishing.gradient_flow("tanh", depth=3, data=(X, y), init="xavier_normal", width=16, rng=4)
    torch.manual_seed(4)
    from nnprimer import train

    model = train.mlp([64, 16, 16, 16, 10], "tanh", init="xavier_normal", rng=4)
    loss = torch.nn.functional.cross_entropy(model(torch.as_tensor(X)), torch.as_tensor(y))
    grads = torch.autograd.grad(loss, [lin.weight for lin in model.linears])
    np.testing.assert_allclose(norms, [float(g.norm()) for g in grads], rtol=1e-6)
    assert norms.shape == (4,)


def test_residual_and_batchnorm_keep_the_ratio_near_one(small):
    plain = chapters.vanishing.gradient_flow("sigmoid", depth=20, data=small, width=32)
    fixed = chapters.vanishing.gradient_flow("sigmoid", depth=20, data=small, width=32, residual=True, batchnorm=True)
    assert plain[0] / plain[-2] < 1e-6
    per_layer = (fixed[0] / fixed[-2]) ** (1 / 19)  # average factor per layer, 20 hidden layers
    assert 0.8 < per_layer < 1.25


def test_gradient_flow_rejects_bad_arguments(small):
    with pytest.raises(TypeError, match="activation"):
        chapters.vanishing.gradient_flow(3, depth=2, data=small)
    with pytest.raises(TypeError, match="data"):
        chapters.vanishing.gradient_flow("relu", depth=2, data=np.zeros((3, 64)))
    with pytest.raises(ValueError, match="depth"):
        chapters.vanishing.gradient_flow("relu", depth=0, data=small)


# -- He et al. 2015 ----------------------------------------------------------------------------


def test_he_shapes_and_a_deep_xavier_net_starts_at_chance(small):
    r = chapters.vanishing.he_2015({"xavier": ("xavier_normal", {}), "kaiming": ("kaiming_normal", {"nonlinearity": "relu"})},
                  data=small, depth=30, width=16, rng=0, runs=2, epochs=1)
    assert r["xavier"].shape == r["kaiming"].shape == (2, 2)
    # the output of a 30-layer ReLU net with Xavier init is ~2^-15 of its input: logits ~ 0, loss ~ ln 10
    assert np.allclose(r["xavier"][:, 0], math.log(10), atol=1e-3)
    assert np.all(np.abs(r["kaiming"][:, 0] - math.log(10)) > 1e-3)


def test_he_rejects_bad_arguments(small):
    with pytest.raises(TypeError, match="inits"):
        chapters.vanishing.he_2015([], data=small)
    with pytest.raises(TypeError, match=r"inits\['x'\]"):
        chapters.vanishing.he_2015({"x": "xavier_normal"}, data=small)
    with pytest.raises(ValueError, match="runs must be >= 1"):
        chapters.vanishing.he_2015({"x": ("default", {})}, data=small, runs=0)
    with pytest.raises(TypeError, match="rng must be None, an int seed"):
        chapters.vanishing.he_2015({"x": ("default", {})}, data=small, rng="0")


def test_he_runs_are_seeded_rng_plus_i_and_the_old_seeds_still_work(small):
    inits = {"k": ("kaiming_normal", {"nonlinearity": "relu"})}
    kwargs = dict(data=small, depth=2, width=8, epochs=1)
    runs = chapters.vanishing.he_2015(inits, rng=3, runs=2, **kwargs)["k"]
    assert np.array_equal(runs[1], chapters.vanishing.he_2015(inits, rng=4, runs=1, **kwargs)["k"][0])
    assert not np.array_equal(runs[0], runs[1])
    with pytest.warns(DeprecationWarning, match=r"he_2015\(seeds=\.\.\.\) is deprecated; use rng= and runs="):
        old = chapters.vanishing.he_2015(inits, seeds=(4, 3), **kwargs)["k"]
    assert np.array_equal(old, runs[::-1])
    with pytest.raises(TypeError, match="pass only rng= and runs="):
        chapters.vanishing.he_2015(inits, seeds=(0,), rng=0, **kwargs)
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="seeds must hold at least one seed"):
        chapters.vanishing.he_2015(inits, seeds=(), **kwargs)


# -- Pascanu et al. 2013 -----------------------------------------------------------------------


def jacobian_product_norms(gain, steps, width, h0_std, seed):
    """The same experiment without autograd: explicit Jacobians W^T diag(1 - h^2)."""
    g = torch.Generator().manual_seed(seed)
    W = torch.empty(width, width, dtype=torch.float64)
    torch.nn.init.orthogonal_(W, gain=gain, generator=g)
    h = h0_std * torch.randn(width, generator=g, dtype=torch.float64)
    W, h = W.numpy(), h.numpy()
    states = []
    for _ in range(steps):
        h = np.tanh(W @ h)
        states.append(h)
    u = np.ones(width)
    out = [np.linalg.norm(u)]
    for h in reversed(states):
        u = W.T @ ((1 - h * h) * u)
        out.append(np.linalg.norm(u))
    return np.array(out[::-1])


@pytest.mark.parametrize("gain", [0.5, 1.0, 1.5])
def test_rnn_norms_are_the_product_of_jacobians(gain):
    norms = chapters.vanishing.rnn_gradient_norms(gain, steps=20, width=12, rng=2)
    np.testing.assert_allclose(norms, jacobian_product_norms(gain, 20, 12, 0.1, 2), rtol=1e-10)
    assert norms[-1] == pytest.approx(math.sqrt(12))
    # each step multiplies by at most the gain (orthogonal W, tanh' <= 1)
    assert np.all(norms[:-1] <= gain * norms[1:] * (1 + 1e-12))


def test_rnn_gains_vanish_and_explode():
    n = {g: chapters.vanishing.rnn_gradient_norms(g)[0] for g in (0.5, 1.0, 1.5)}
    assert n[0.5] < 1e-10 < 1.0 < n[1.0] < math.sqrt(32) < 100 < n[1.5]


def test_rnn_rejects_bad_arguments():
    with pytest.raises(ValueError, match="gain"):
        chapters.vanishing.rnn_gradient_norms(0.0)
    with pytest.raises(TypeError, match="steps"):
        chapters.vanishing.rnn_gradient_norms(1.0, steps=2.0)


# -- gradient clipping -------------------------------------------------------------------------


@pytest.mark.parametrize("max_norm", [0.1, 1.0, 1e3])
def test_clipping_matches_torch(max_norm):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal((5, 3)), rng.standard_normal(7)]
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    total_torch = torch.nn.utils.clip_grad_norm_(params, max_norm)
    clipped, total = chapters.vanishing.clip_by_global_norm(grads, max_norm)
    assert total == pytest.approx(float(total_torch), rel=1e-12)
    for c, p, g in zip(clipped, params, grads):
        np.testing.assert_allclose(c, p.grad.numpy(), rtol=1e-12)
        assert c.shape == g.shape
    new_norm = math.sqrt(sum(float(np.sum(c * c)) for c in clipped))
    assert new_norm == pytest.approx(min(total, max_norm), rel=1e-5)


def test_clipping_keeps_the_direction_and_the_inputs():
    g = np.array([3.0, -4.0])
    clipped, total = chapters.vanishing.clip_by_global_norm(g, 0.5)
    assert total == 5.0 and g.tolist() == [3.0, -4.0]
    np.testing.assert_allclose(clipped[0] / np.linalg.norm(clipped[0]), g / 5.0)


def test_clipping_rejects_bad_arguments():
    with pytest.raises(ValueError, match="max_norm"):
        chapters.vanishing.clip_by_global_norm([np.ones(2)], -1.0)
    with pytest.raises(TypeError, match="grads"):
        chapters.vanishing.clip_by_global_norm([], 1.0)


def test_check_clipping_accepts_the_reference_and_names_each_mistake():
    assert list(chapters.vanishing.check.clip_by_global_norm(lambda g, c: chapters.vanishing.clip_by_global_norm(g, c)).problems) == []
    assert list(chapters.vanishing.check.clip_by_global_norm(lambda g, c: chapters.vanishing.clip_by_global_norm(g, c)[0]).problems) == []
    per_array = list(chapters.vanishing.check.clip_by_global_norm(lambda g, c: [x * min(1.0, c / np.linalg.norm(x)) for x in g]).problems)
    assert len(per_array) == 1 and per_array[0].startswith("above the threshold, several arrays")

    def always_scale(g, c):
        total = math.sqrt(sum(float(np.sum(x * x)) for x in g))
        return [x * c / total for x in g]

    assert list(chapters.vanishing.check.clip_by_global_norm(always_scale).problems)[0].startswith("below the threshold")

    def in_place(g, c):
        coef = min(1.0, c / math.sqrt(sum(float(np.sum(x * x)) for x in g)))
        for x in g:
            x *= coef
        return g

    assert any("modified" in p for p in list(chapters.vanishing.check.clip_by_global_norm(in_place).problems))
    assert "raised ZeroDivisionError" in list(chapters.vanishing.check.clip_by_global_norm(lambda g, c: 1 / 0).problems)[0]
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.vanishing.check.clip_by_global_norm("clip").problems)


def test_check_clipping_speaks_the_page_language():
    import nnprimer

    nnprimer.set_language("zh")
    try:
        problems = list(chapters.vanishing.check.clip_by_global_norm(lambda g, c: [x * min(1.0, c / np.linalg.norm(x)) for x in g]).problems)
    finally:
        nnprimer.set_language("en")
    assert len(problems) == 1 and problems[0].startswith("超过阈值，多个数组") and "global norm" not in problems[0]


# -- Glorot and Bengio 2010, the gradients -----------------------------------------------------


def test_glorot_gradients_separate_the_backpropagated_from_the_weight_gradients():
    r = chapters.vanishing.glorot_2010_gradients("standard", width=300, depth=5, n=300, rng=1)
    assert r.h.shape == r.w.shape == (5,)
    per_layer = r.h[:-1] / r.h[1:]  # one layer further back
    assert np.all((per_layer > 0.45) & (per_layer < 0.7))  # about 1/sqrt(3)
    assert 0.85 < r.w[0] / r.w[-1] < 1.15  # shrinking delta times growing h: level
    x = chapters.vanishing.glorot_2010_gradients("xavier", width=300, depth=5, n=300, rng=1)
    assert x.h[0] / x.h[-1] > 0.5


def test_glorot_gradients_agree_with_a_numpy_backward_pass():
    width, depth, n = 20, 3, 30
    r = chapters.vanishing.glorot_2010_gradients("xavier", width=width, depth=depth, n=n, rng=5)
    # the same draws, in the same order, from a torch generator; then back-propagation by hand
    g = torch.Generator().manual_seed(5)
    x = (torch.randn(n, width, generator=g, dtype=torch.float64) / math.sqrt(3)).numpy()
    y = torch.randint(0, 10, (n,), generator=g).numpy()
    Ws = []
    for layer in range(depth + 1):
        fan_out = 10 if layer == depth else width
        u = torch.rand(fan_out, width, generator=g, dtype=torch.float64).numpy()
        Ws.append((2 * u - 1) * math.sqrt(6 / (width + fan_out)))
    hs = [x]
    for W in Ws[:-1]:
        hs.append(np.tanh(hs[-1] @ W.T))
    z = hs[-1] @ Ws[-1].T
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(n), y] -= 1
    dh = p / n @ Ws[-1]
    dh_norms, dw_norms = [], []
    for layer in range(depth, 0, -1):
        dh_norms.append(np.linalg.norm(dh))
        delta = dh * (1 - hs[layer] ** 2)
        dw_norms.append(np.linalg.norm(delta.T @ hs[layer - 1]))
        dh = delta @ Ws[layer - 1]
    np.testing.assert_allclose(r.h, dh_norms[::-1], rtol=1e-10)
    np.testing.assert_allclose(r.w, dw_norms[::-1], rtol=1e-10)


def test_glorot_gradients_reject_bad_arguments():
    with pytest.raises(ValueError, match="scheme"):
        chapters.vanishing.glorot_2010_gradients("kaiming")
    with pytest.raises(ValueError, match="depth"):
        chapters.vanishing.glorot_2010_gradients("standard", depth=0)


# -- clipping the exploding RNN ----------------------------------------------------------------


def test_rnn_training_clips_every_long_step_and_starts_alike():
    free = chapters.vanishing.rnn_training(1.5, steps=3, n=32, rng=2)
    clipped = chapters.vanishing.rnn_training(1.5, clip=1.0, steps=3, n=32, rng=2)
    assert free.loss.shape == free.grad_norm.shape == (3,)
    # the same network and data: the first loss and gradient are equal, the steps after differ
    assert free.loss[0] == clipped.loss[0] and free.grad_norm[0] == clipped.grad_norm[0]
    assert free.grad_norm[0] > 1.0 and free.loss[1] != clipped.loss[1]


def test_rnn_training_gain_sets_the_first_gradient():
    first = {g: chapters.vanishing.rnn_training(g, steps=1, rng=0).grad_norm[0] for g in (1.0, 1.5)}
    assert first[1.5] > 10 * first[1.0]


def test_rnn_training_rejects_bad_arguments():
    with pytest.raises(ValueError, match="clip"):
        chapters.vanishing.rnn_training(1.5, clip=0.0)
    with pytest.raises(ValueError, match="gain"):
        chapters.vanishing.rnn_training(-1.0)


# -- figures -----------------------------------------------------------------------------------


def test_figures_have_integer_layer_ticks():
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    ax = chapters.vanishing.plot_by_layer({"a": [1.0, 0.5, 0.25, 0.1, 0.05]}, ylabel="norm", logy=True)
    assert all(float(t).is_integer() for t in ax.get_xticks())
    r = {s: chapters.vanishing.glorot_2010_gradients(s, width=30, n=20) for s in ("standard", "xavier")}
    fig = chapters.vanishing.plot_glorot_gradients(r, labels={"standard": "old"})
    assert len(fig.axes) == 2 and all(float(t).is_integer() for a in fig.axes for t in a.get_xticks())
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["old", "xavier"]
    assert fig.axes[0].get_ylim() == fig.axes[1].get_ylim()
    with pytest.raises(TypeError, match="GlorotGradients"):
        chapters.vanishing.plot_glorot_gradients({"a": 1})
    plt.close("all")


@pytest.mark.parametrize("call", [
    lambda rng: chapters.vanishing.glorot_2010_gradients("standard", width=8, depth=2, n=8, rng=rng).w,
    lambda rng: chapters.vanishing.rnn_training(1.5, clip=1.0, steps=2, length=5, width=4, n=4, rng=rng).loss,
], ids=["glorot_2010_gradients", "rnn_training"])
def test_new_experiments_repeat_with_the_same_seed_and_leave_torch_alone(call):
    state = torch.random.get_rng_state()
    first = call(3)
    assert torch.equal(state, torch.random.get_rng_state())
    np.testing.assert_array_equal(first, call(3))
    assert not np.array_equal(first, call(4))
    call(np.random.default_rng(0))  # a Generator works too


@pytest.mark.parametrize("record", [chapters.vanishing.GlorotGradients, chapters.vanishing.RnnTraining])
def test_new_records_are_frozen_and_document_every_field(record):
    import dataclasses

    assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen
    assert all(f"\n    {f.name} :" in record.__doc__ for f in dataclasses.fields(record))
