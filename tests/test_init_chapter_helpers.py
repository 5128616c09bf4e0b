"""Helpers of the initialisation chapter: chapters.initialisation.init_layer_statistics and plot.layer_grid."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from nnprimer import chapters
from nnprimer import plot, tables, train  # noqa: E402


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(0)
    return rng.standard_normal((64, 16)).astype(np.float32), np.arange(64) % 4


def test_init_layer_statistics_matches_a_hand_built_model(batch):
    X, y = batch
    s = chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y, depth=3, width=8, rng=5)
    model = train.mlp([16, 8, 8, 8, 4], "tanh", init="xavier_normal", rng=5)
    expected_std = [st.std for st in train.activation_stats(model, X)]
    np.testing.assert_allclose(s.act_std, expected_std, rtol=1e-6)
    np.testing.assert_allclose(s.grad_norm, train.layer_grad_norms(model, X, y), rtol=1e-5)
    assert s.act_std.shape == (3,) and s.grad_norm.shape == (4,)


def test_small_init_shrinks_and_kaiming_keeps_relu_spread(batch):
    X, y = batch
    small = chapters.initialisation.init_layer_statistics("relu", "normal", X, y, depth=6, width=32, scheme_kwargs={"std": 0.01})
    assert np.all(np.diff(small.act_std) < 0) and small.act_std[-1] < 1e-6 * small.act_std[0]
    he = chapters.initialisation.init_layer_statistics("relu", "kaiming_normal", X, y, depth=6, width=32,
                                           scheme_kwargs={"nonlinearity": "relu"})
    assert 0.2 < he.act_std[-1] / he.act_std[0] < 5


def test_init_layer_statistics_bad_arguments(batch):
    X, y = batch
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X[0], y)
    with pytest.raises(ValueError, match="y must be a 1-D integer array"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y[:3])
    with pytest.raises(ValueError, match="depth"):
        chapters.initialisation.init_layer_statistics("tanh", "xavier_normal", X, y, depth=0)


def test_layer_grid_draws_one_panel_per_cell_sharing_rows():
    panels = [[{"a": [1.0, 0.5], "b": [1.0, 1.0]}, {"a": [2.0, 1.0], "b": [1.0, 3.0]}],
              [{"a": [1e-3, 1e-5], "b": [1.0, 2.0]}, {"a": [1.0, 1.0], "b": [1.0, 1.0]}]]
    fig = plot.layer_grid(panels, ylabels=["std", "grad"], titles=["tanh", "relu"], suptitle="t")
    axes = np.array(fig.axes).reshape(2, 2)
    assert [ax.get_title() for ax in axes[0]] == ["tanh", "relu"]
    assert axes[0, 0].get_ylabel() == "std" and axes[1, 0].get_ylabel() == "grad"
    assert axes[0, 0].get_legend() is not None and axes[1, 1].get_legend() is None
    assert all(ax.get_yscale() == "log" for ax in axes.flat)
    assert axes[0, 0].get_shared_y_axes().joined(axes[0, 0], axes[0, 1])
    assert not axes[0, 0].get_shared_y_axes().joined(axes[0, 0], axes[1, 0])
    plot.plt.close(fig)


def test_layer_grid_bad_arguments():
    with pytest.raises(TypeError, match="panels"):
        plot.layer_grid("abc", ylabels=["y"], titles=["t"])
    with pytest.raises(ValueError, match="ylabels"):
        plot.layer_grid([[{"a": [1.0]}]], ylabels=[], titles=["t"])
    with pytest.raises(ValueError, match=r"panels\[0\]"):
        plot.layer_grid([[{"a": [1.0]}]], ylabels=["y"], titles=["t", "u"])


def test_check_kaiming_std_accepts_the_right_answer_and_names_slips():
    import math

    from nnprimer import init

    def right(shape, nonlinearity="relu", mode="fan_in"):
        fan_in, fan_out = init.fans(shape)
        return init.calculate_gain(nonlinearity) / math.sqrt(fan_in if mode == "fan_in" else fan_out)

    assert list(chapters.initialisation.check.kaiming_std(right).problems) == []
    swapped = list(chapters.initialisation.check.kaiming_std(
        lambda s, nonlinearity="relu", mode="fan_in": right(s, nonlinearity, "fan_out" if mode == "fan_in" else "fan_in")).problems)
    assert swapped and all("fan_in and fan_out swapped" in p for p in swapped)
    no_gain = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": right(s, "linear", mode)).problems)
    assert any("gain is missing" in p for p in no_gain)
    assert not any("linear" in p for p in no_gain)  # cases with gain 1 pass
    variance = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": right(s, nonlinearity, mode) ** 2).problems)
    assert len(variance) == 6 and all("variance" in p for p in variance)
    no_field = list(chapters.initialisation.check.kaiming_std(
        lambda s, nonlinearity="relu", mode="fan_in": right(s[:2], nonlinearity, mode)).problems)
    assert len(no_field) == 3 and all("receptive field" in p for p in no_field)
    crash = list(chapters.initialisation.check.kaiming_std(lambda s, nonlinearity="relu", mode="fan_in": 1 / 0).problems)
    assert len(crash) == 6 and "ZeroDivisionError" in crash[0]
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.initialisation.check.kaiming_std(3).problems)


# ------------------------------------------- helpers of the chapter's tables and training curves
# (the housekeeping checks the notebook used to make: nnprimer's samples, constants, fans and
# gains against torch.nn.init; tests/test_init.py checks the same for many more shapes)


def test_scheme_stds_agree_with_the_formula_and_with_torch():
    s = chapters.initialisation.scheme_stds((256, 512), rng=0)
    assert set(s.formula) == set(chapters.initialisation.STD_EXAMPLES)
    assert s.largest_error < 0.01
    for label in s.formula:
        assert abs(s.nnprimer[label] / s.torch[label] - 1) < 0.01
    table = s.table().markdown.splitlines()
    assert len(table) == 2 + len(s.formula) and table[2].startswith("| `uniform(a=-0.1, b=0.1)` | 0.05774 |")


def test_formula_std_is_the_registry_formula():
    import math

    from nnprimer import init

    shape = (256, 512)
    assert math.isclose(chapters.initialisation.formula_std("uniform", shape, a=-0.1, b=0.1), 0.2 / math.sqrt(12))
    assert chapters.initialisation.formula_std("normal", shape, std=0.1) == 0.1
    assert math.isclose(chapters.initialisation.formula_std("xavier_uniform", shape, gain=5 / 3), 5 / 3 * math.sqrt(2 / 768))
    assert math.isclose(chapters.initialisation.formula_std("kaiming_normal", shape, nonlinearity="relu", mode="fan_out"),
                        math.sqrt(2 / 256))
    for scheme in ("uniform", "normal", "xavier_normal", "kaiming_uniform"):
        w = init.sample(scheme, (512, 1024), rng=1)
        assert abs(w.std() / chapters.initialisation.formula_std(scheme, (512, 1024)) - 1) < 0.01
    with pytest.raises(ValueError, match="formula_std knows"):
        chapters.initialisation.formula_std("orthogonal", shape)


def test_constant_schemes_equal_torchs():
    from nnprimer import init

    shape = (256, 512)
    for ours, theirs in ((init.zeros(shape), torch.nn.init.zeros_), (init.ones(shape), torch.nn.init.ones_),
                         (init.constant(shape, 0.3), lambda w: torch.nn.init.constant_(w, 0.3))):
        assert np.array_equal(ours, theirs(torch.empty(shape, dtype=torch.float64)).numpy())


def test_the_chapters_layers_have_torchs_fans_and_gains():
    import math

    from nnprimer import init

    layers = [torch.nn.Linear(3, 5), torch.nn.Linear(784, 256), torch.nn.Conv2d(3, 64, 5),
              torch.nn.Conv2d(16, 32, 3, groups=4), torch.nn.Conv1d(8, 4, 7)]
    for layer in layers:
        assert init.fans(tuple(layer.weight.shape)) == torch.nn.init._calculate_fan_in_and_fan_out(layer.weight)
    for name in ("linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"):
        assert init.calculate_gain(name) == torch.nn.init.calculate_gain(name)
    assert init.calculate_gain("leaky_relu", math.sqrt(5)) == torch.nn.init.calculate_gain("leaky_relu", math.sqrt(5))


def test_markdown_table_escapes_and_checks_row_lengths():
    t = tables.markdown_table(["激活函数", "b"], [["零权重", "x|y"], [1, 2.5]])
    assert t.markdown.splitlines() == ["| 激活函数 | b |", "|---|---|", "| 零权重 | x\\|y |", "| 1 | 2.5 |"]
    assert t._repr_markdown_() == t.markdown
    with pytest.raises(ValueError, match=r"rows\[0\] has 1 entries"):
        tables.markdown_table(["a", "b"], [["only one"]])


def test_learning_rate_sweep_compares_like_with_like():
    from nnprimer import data

    d = data.digits()
    networks = {"default": ("relu", "default", {}), "he": ("relu", "kaiming_normal", {"nonlinearity": "relu"})}
    runs = chapters.initialisation.learning_rate_sweep(networks, d, sizes=[64, 16, 16, 10], lrs=(0.01, 0.1),
                                                       epochs=2, batch_size=128)
    for label, r in runs.items():
        assert r.train_loss.shape == (3,) and r.test_acc.shape == (3,)
        assert r.lr == min(r.final_loss, key=r.final_loss.get) and r.final_loss[r.lr] == r.train_loss[-1]
        assert set(r.largest_jump) == {0.01, 0.1}
        # epoch 0 is the model before any step: zero biases for every scheme, PyTorch's default included
        model = train.mlp([64, 16, 16, 10], "relu", rng=0)
        from nnprimer import init

        init.apply_init(model, networks[label][1], bias=0.0, rng=0, **networks[label][2])
        with torch.no_grad():
            loss0 = torch.nn.functional.cross_entropy(model(torch.as_tensor(d.X_train)), torch.as_tensor(d.y_train))
        assert abs(r.train_loss[0] - loss0.item()) < 1e-6
        assert all((layer.bias == 0).all() for layer in model.linears)
