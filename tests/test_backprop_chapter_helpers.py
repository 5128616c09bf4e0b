"""Companion helpers of the back-propagation chapter: the two-layer network (loss, autograd
gradients), per-parameter gradient checks, the backward-pass checker, and the plots of a
gradient field and of the finite-difference error curve."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

import nnprimer
from nnprimer import chapters
from nnprimer import grad
from nnprimer import activations as A


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _problem(seed=3, n=6, sizes=(4, 5, 3)):
    rng = np.random.default_rng(seed)
    params = chapters.backprop.two_layer_params(*sizes, rng=seed)
    X = rng.standard_normal((n, sizes[0]))
    y = rng.integers(0, sizes[2], size=n)
    return params, X, y


def _backward(params, X, y, activation="tanh"):
    """A correct hand-written backward pass (written independently of the chapter)."""
    f = A.get(activation)
    z1 = X @ params["W1"] + params["b1"]
    h = f(z1)
    logits = h @ params["W2"] + params["b2"]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(y)), y] -= 1
    dz2 = p / len(y)
    dz1 = (dz2 @ params["W2"].T) * f.grad(z1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(0), "W2": h.T @ dz2, "b2": dz2.sum(0)}


# ------------------------------------------------------------------------ two_layer_params


def test_two_layer_params_shapes_scale_and_seed():
    p = chapters.backprop.two_layer_params(400, 300, 7, rng=1)
    assert {k: v.shape for k, v in p.items()} == {"W1": (400, 300), "b1": (300,), "W2": (300, 7), "b2": (7,)}
    assert all(v.dtype == np.float64 for v in p.values())
    assert abs(p["W1"].std() - 1 / np.sqrt(400)) < 0.05 / np.sqrt(400)
    assert np.all(p["b1"] != 0)
    q = chapters.backprop.two_layer_params(400, 300, 7, rng=1)
    assert all(np.array_equal(p[k], q[k]) for k in p)
    assert not np.array_equal(p["W1"], chapters.backprop.two_layer_params(400, 300, 7, rng=2)["W1"])


@pytest.mark.parametrize("args, error", [((0, 5, 3), ValueError), ((4.0, 5, 3), TypeError), ((4, 5, True), TypeError)])
def test_two_layer_params_rejects_bad_sizes(args, error):
    with pytest.raises(error, match="n_in|n_hidden|n_out"):
        chapters.backprop.two_layer_params(*args)


# ------------------------------------------------------------------ loss and autograd gradients


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_two_layer_loss_matches_torch_modules(activation):
    params, X, y = _problem()
    net = torch.nn.Sequential(torch.nn.Linear(4, 5), A.get(activation).module(), torch.nn.Linear(5, 3)).double()
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor(params["W1"].T))
        net[0].bias.copy_(torch.tensor(params["b1"]))
        net[2].weight.copy_(torch.tensor(params["W2"].T))
        net[2].bias.copy_(torch.tensor(params["b2"]))
        expected = torch.nn.functional.cross_entropy(net(torch.tensor(X)), torch.tensor(y)).item()
    assert chapters.backprop.two_layer_loss(params, X, y, activation) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "gelu"])
def test_two_layer_autograd_equals_finite_differences(activation):
    params, X, y = _problem()
    auto = chapters.backprop.two_layer_autograd(params, X, y, activation)
    for name in params:
        numeric = grad.numerical_gradient(
            lambda v, name=name: chapters.backprop.two_layer_loss({**params, name: v}, X, y, activation), params[name])
        assert auto[name].shape == params[name].shape
        assert np.allclose(auto[name], numeric, rtol=1e-6, atol=1e-9), name


def test_two_layer_autograd_equals_an_independent_backward():
    params, X, y = _problem(seed=7, n=9)
    auto = chapters.backprop.two_layer_autograd(params, X, y, "tanh")
    manual = _backward(params, X, y)
    assert all(np.allclose(auto[k], manual[k], rtol=1e-12, atol=1e-15) for k in params)


def test_two_layer_functions_validate_their_inputs():
    params, X, y = _problem()
    with pytest.raises(ValueError, match="keys"):
        chapters.backprop.two_layer_loss({"W1": params["W1"]}, X, y)
    with pytest.raises(ValueError, match="X must have shape"):
        chapters.backprop.two_layer_loss(params, X[0], y)
    with pytest.raises(ValueError, match="shapes do not fit"):
        chapters.backprop.two_layer_loss(params, X[:, :3], y)
    with pytest.raises(ValueError, match="integer class indices"):
        chapters.backprop.two_layer_loss(params, X, y.astype(float))
    with pytest.raises(ValueError, match="integer class indices"):
        chapters.backprop.two_layer_autograd(params, X, y[:-1])
    with pytest.raises(KeyError, match="unknown activation"):
        chapters.backprop.two_layer_loss(params, X, y, "nope")


# -------------------------------------------------------------------- check_parameter_gradients


def test_check_parameter_gradients_passes_correct_and_locates_a_wrong_entry():
    params, X, y = _problem()
    loss = lambda p: chapters.backprop.two_layer_loss(p, X, y, "tanh")  # noqa: E731
    good = _backward(params, X, y)
    results = chapters.backprop.parameter_gradient_checks(loss, good, params)
    assert list(results) == list(params) and all(results.values())
    bad = {k: v.copy() for k, v in good.items()}
    bad["W2"][3, 1] += 0.05
    results = chapters.backprop.parameter_gradient_checks(loss, bad, params)
    assert [k for k, r in results.items() if not r] == ["W2"]
    assert results["W2"].worst_index == (3, 1)
    assert results["W2"].max_scaled_error == pytest.approx(0.05, rel=1e-4)


def test_check_parameter_gradients_validates():
    with pytest.raises(TypeError, match="loss must be a callable"):
        chapters.backprop.parameter_gradient_checks(3, {"w": [1.0]}, {"w": [1.0]})
    with pytest.raises(TypeError, match="grads must be a dict"):
        chapters.backprop.parameter_gradient_checks(lambda p: 0.0, [1.0], {"w": [1.0]})
    with pytest.raises(ValueError, match="same keys"):
        chapters.backprop.parameter_gradient_checks(lambda p: 0.0, {"v": [1.0]}, {"w": [1.0]})


# --------------------------------------------------------------------- check_two_layer_backward


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_checker_accepts_a_correct_backward(activation):
    assert list(chapters.backprop.check.two_layer_backward(lambda p, X, y: _backward(p, X, y, activation), activation).problems) == []


def test_checker_reports_what_is_wrong_without_the_fix():
    def doubled_w1(p, X, y):
        out = _backward(p, X, y)
        out["W1"] = 2.0 * out["W1"]
        return out

    problems = list(chapters.backprop.check.two_layer_backward(doubled_w1).problems)
    assert len(problems) == 1 and problems[0].startswith("W1: wrong") and "times 2" in problems[0]

    missing = list(chapters.backprop.check.two_layer_backward(lambda p, X, y: {k: v for k, v in _backward(p, X, y).items() if k != "b1"}).problems)
    assert missing == ["b1: missing from the returned dict"]

    shaped = list(chapters.backprop.check.two_layer_backward(lambda p, X, y: {**_backward(p, X, y), "W2": _backward(p, X, y)["W2"].T}).problems)
    assert len(shaped) == 1 and shaped[0].startswith("W2: shape (3, 5), expected (5, 3)")

    zeros = list(chapters.backprop.check.two_layer_backward(lambda p, X, y: {**_backward(p, X, y), "b2": np.zeros(3)}).problems)
    assert len(zeros) == 1 and "all zeros" in zeros[0]

    nan = list(chapters.backprop.check.two_layer_backward(lambda p, X, y: {**_backward(p, X, y), "b2": np.full(3, np.nan)}).problems)
    assert nan == ["b2: contains NaN or inf"]


def test_checker_reports_exceptions_and_bad_return_values():
    def broken(p, X, y):
        raise RuntimeError("oops")

    assert list(chapters.backprop.check.two_layer_backward(broken).problems) == ["backward(params, X, y): raised RuntimeError: oops"]
    assert "must return a dict" in list(chapters.backprop.check.two_layer_backward(lambda p, X, y: [1, 2]).problems)[0]
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.backprop.check.two_layer_backward("backward").problems)
    with pytest.raises(KeyError, match="unknown activation"):
        list(chapters.backprop.check.two_layer_backward(_backward, "nope").problems)


def test_checker_does_not_let_backward_change_its_reference():
    def mutating(p, X, y):
        out = _backward(p, X, y)
        p["W2"][:] = 0.0
        return out

    assert list(chapters.backprop.check.two_layer_backward(mutating).problems) == []


# ------------------------------------------------------------------------------------- plots


def test_gradient_field_draws_the_gradient_on_the_grid():
    ax = chapters.backprop.gradient_field(lambda a, b: a**2 + 3 * b**2, lambda a, b: (2 * a, 6 * b),
                             xlim=(-2, 2), ylim=(-1, 1), n=5)
    quiver = [c for c in ax.collections if type(c).__name__ == "Quiver"][0]
    assert quiver.N == 25
    xy = quiver.XY if hasattr(quiver, "XY") else quiver.get_offsets()
    assert np.allclose(quiver.U, 2 * xy[:, 0]) and np.allclose(quiver.V, 6 * xy[:, 1])
    assert ax.get_aspect() == 1.0 and ax.get_xlabel() == "x₁" and ax.get_ylabel() == "x₂"


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(xlim=(1, -1)), ValueError, "xlim"),
    (dict(ylim=(0, np.inf)), ValueError, "ylim"),
    (dict(n=1), ValueError, "n must be"),
])
def test_gradient_field_validates(kwargs, error, match):
    with pytest.raises(error, match=match):
        chapters.backprop.gradient_field(lambda a, b: a, lambda a, b: (a, b), **kwargs)
    with pytest.raises(TypeError, match="callables"):
        chapters.backprop.gradient_field("f", lambda a, b: (a, b))


def test_fd_error_plots_both_curves_log_log_and_hides_exact_zeros():
    curve = grad.fd_error_curve(lambda x: x**2, 2.0, 1.0, np.logspace(-12, 0, 13))
    ax = chapters.backprop.fd_error(curve, marks={"a": 1e-5})
    central, forward = ax.get_lines()[:2]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert np.allclose(forward.get_ydata()[-3:], curve.steps[-3:], rtol=1e-6)  # forward error = h for x²
    ydata = np.asarray(central.get_ydata())
    assert np.array_equal(np.isnan(ydata), curve.central_error == 0)
    as_dict = {"steps": curve.steps, "central_error": curve.central_error, "forward_error": curve.forward_error}
    again = chapters.backprop.fd_error(as_dict).get_lines()[0]  # a mapping with the keys works too
    assert np.array_equal(np.asarray(again.get_ydata()), ydata, equal_nan=True)
    assert [line.get_label() for line in ax.get_lines()] == ["central difference", "forward difference", "a"]


def test_fd_error_validates():
    with pytest.raises(TypeError, match="fd_error_curve"):
        chapters.backprop.fd_error({"steps": [1.0]})
    curve = grad.fd_error_curve(np.sin, np.cos, 1.0, [1e-3, 1e-2])
    with pytest.raises(TypeError, match="marks"):
        chapters.backprop.fd_error(curve, marks=[1e-5])


def test_fd_error_labels_follow_the_language():
    nnprimer.set_language("zh")
    try:
        curve = grad.fd_error_curve(np.sin, np.cos, 1.0, [1e-3, 1e-2])
        labels = [line.get_label() for line in chapters.backprop.fd_error(curve).get_lines()]
    finally:
        nnprimer.set_language("en")
    assert labels == ["中心差分", "前向差分"]


def test_fd_error_draws_each_mark_in_the_colour_of_its_curve():
    curve = grad.fd_error_curve(np.sin, np.cos, 1.0, np.logspace(-12, 0, 13))
    ax = chapters.backprop.fd_error(curve, marks={"central": 6e-6, "forward": 1.5e-8, "other": 1e-3})
    central, forward, mark_c, mark_f, other = ax.get_lines()
    assert mark_c.get_color() == central.get_color() and mark_f.get_color() == forward.get_color()
    assert other.get_color() not in (central.get_color(), forward.get_color())


# ------------------------------------------------------------------ secants, neuron graph, SGD curve


def test_secants_draws_one_secant_per_step_turning_towards_the_tangent():
    ax = chapters.backprop.secants(lambda x: x**2 + 3 * x + 1, 2.0, [2.0, 1.0, 0.5, 0.2], slope=7.0)
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["f(x)", "secant, h = 2: slope 9", "secant, h = 1: slope 8", "secant, h = 0.5: slope 7.5",
                      "secant, h = 0.2: slope 7.2", "tangent: slope 7"]
    assert ax.get_xlabel() and ax.get_ylabel()


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(steps=[]), ValueError, "steps"),
    (dict(steps=[1.0, -0.5]), ValueError, "steps"),
    (dict(steps=[1.0], xlim=(3.0, 5.0)), ValueError, "xlim"),
])
def test_secants_validates(kwargs, error, match):
    with pytest.raises(error, match=match):
        chapters.backprop.secants(np.sin, 2.0, slope=np.cos(2.0), **kwargs)
    with pytest.raises(TypeError, match="callable"):
        chapters.backprop.secants("f", 2.0, [1.0], slope=1.0)


@pytest.mark.parametrize("x, w, b, t", [(1.5, -0.8, 0.3, 1.0), (-2.0, 0.7, 1.1, 0.0), (0.3, 2.5, -0.4, 0.5)])
def test_neuron_values_match_autograd(x, w, b, t):
    v = chapters.backprop.neuron_values(x, w, b, t)
    leaves = torch.tensor([x, w, b], dtype=torch.float64, requires_grad=True)
    loss = (torch.sigmoid(leaves[1] * leaves[0] + leaves[2]) - t) ** 2
    loss.backward()
    assert v["L"][0] == pytest.approx(loss.item(), rel=1e-12)
    assert [v[k][1] for k in "xwb"] == pytest.approx(leaves.grad.tolist(), rel=1e-12)
    assert v["u"][1] == v["z"][1] == v["b"][1] and v["L"][1] == 1.0


def test_neuron_graph_writes_values_and_gradients_on_the_edges():
    ax = chapters.backprop.neuron_graph(1.5, -0.8, 0.3, 1.0)
    texts = [text.get_text() for text in ax.texts]
    for value in ("x = 1.50", "w = -0.80", "u = -1.20", "z = -0.90", "a = 0.29", "L = 0.51", "-1.42", "-0.44", "0.23"):
        assert value in texts
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["forward: value", "backward: gradient ∂L/∂(value)"]


def test_sgd_losses_draws_each_curve_against_its_steps():
    ax = chapters.backprop.sgd_losses({"batch": [2.3, 1.9, 1.2, 0.8, 0.7], "test": [2.3, 1.0, 0.6]}, every=2)
    batch, test = ax.get_lines()
    assert batch.get_xdata().tolist() == [0, 1, 2, 3, 4] and test.get_xdata().tolist() == [0, 2, 4]
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "loss"
    with pytest.raises(TypeError, match="mapping"):
        chapters.backprop.sgd_losses([1.0, 0.5])
