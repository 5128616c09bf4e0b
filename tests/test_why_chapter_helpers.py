"""Helpers of the chapter "Why activation functions": compose_affine, relu_fit,
count_linear_pieces and plot_relu_fit (nnprimer.chapters.why)."""

from __future__ import annotations

import numpy as np
import pytest

from nnprimer import chapters

X = np.linspace(-np.pi, np.pi, 1001)


# ---- compose_affine -------------------------------------------------------------------------

def test_compose_affine_equals_applying_the_layers():
    rng = np.random.default_rng(0)
    sizes = [5, 7, 3, 4, 2]
    layers = [(rng.standard_normal((o, i)), rng.standard_normal(o)) for i, o in zip(sizes, sizes[1:])]
    x = rng.standard_normal((10, 5))
    h = x
    for W, b in layers:
        h = h @ W.T + b
    W, b = chapters.why.compose_affine(layers)
    assert W.shape == (2, 5) and b.shape == (2,)
    np.testing.assert_allclose(x @ W.T + b, h, rtol=1e-12, atol=1e-12)


def test_compose_affine_two_layer_formula():
    rng = np.random.default_rng(1)
    W1, b1, W2, b2 = rng.standard_normal((3, 2)), rng.standard_normal(3), rng.standard_normal((4, 3)), rng.standard_normal(4)
    W, b = chapters.why.compose_affine([(W1, b1), (W2, b2)])
    np.testing.assert_allclose(W, W2 @ W1)
    np.testing.assert_allclose(b, W2 @ b1 + b2)


def test_compose_affine_matches_torch_linear_stack():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    stack = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.Linear(6, 6), torch.nn.Linear(6, 3)).double()
    W, b = chapters.why.compose_affine([(m.weight.detach().numpy(), m.bias.detach().numpy()) for m in stack])
    x = torch.randn(8, 4, dtype=torch.float64)
    np.testing.assert_allclose(stack(x).detach().numpy(), x.numpy() @ W.T + b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("layers", "error", "match"),
    [
        ([], ValueError, "at least one"),
        (5, TypeError, "layers must be a sequence"),
        ([np.eye(2)], TypeError, r"layers\[0\] must be a \(W, b\) pair"),
        ([(np.eye(2), np.zeros(3))], ValueError, "shape"),
        ([(np.eye(2), np.zeros(2)), (np.eye(3), np.zeros(3))], ValueError, "inputs but the layer before"),
        ([(np.array([["a"]]), np.zeros(1))], TypeError, "W"),
    ],
)
def test_compose_affine_bad_input(layers, error, match):
    with pytest.raises(error, match=match):
        chapters.why.compose_affine(layers)


# ---- relu_fit -------------------------------------------------------------------------------

def test_relu_fit_reproduces_a_piecewise_linear_target_exactly():
    knots = np.array([-np.pi, -1.0, 0.5, 2.0])
    weights = np.array([0.5, -1.5, 2.0, -3.0])
    y = 0.25 + np.maximum(X[:, None] - knots, 0.0) @ weights
    fit = chapters.why.relu_fit(X, y, 4, knots=knots[::-1])  # order of the knots given does not matter
    np.testing.assert_allclose(fit.knots, knots)
    np.testing.assert_allclose(fit.weights, weights, atol=1e-10)
    assert fit.bias == pytest.approx(0.25, abs=1e-10)
    assert fit.max_error < 1e-10


def test_relu_fit_default_knots_and_pieces():
    for k in (1, 2, 4, 8):
        fit = chapters.why.relu_fit(X, np.sin(X + 0.5), k)
        np.testing.assert_allclose(fit.knots, -np.pi + 2 * np.pi * np.arange(k) / k)
        assert chapters.why.count_linear_pieces(X, fit.prediction) == k


def test_relu_fit_is_least_squares():
    """Perturbing the weights or bias of the least-squares solution never lowers the error."""
    fit = chapters.why.relu_fit(X, np.sin(X + 0.5), 5)
    rng = np.random.default_rng(0)
    design = np.maximum(X[:, None] - fit.knots, 0.0)
    for _ in range(20):
        dw, db = 1e-3 * rng.standard_normal(5), 1e-3 * rng.standard_normal()
        other = fit.bias + db + design @ (fit.weights + dw)
        assert np.sqrt(np.mean((other - fit.y) ** 2)) >= fit.rms_error
    # residual orthogonal to every column (normal equations)
    residual = fit.prediction - fit.y
    assert abs(residual.sum()) < 1e-8 and np.all(np.abs(design.T @ residual) < 1e-8)


def test_relu_fit_error_falls_like_one_over_k_squared():
    errors = [chapters.why.relu_fit(X, np.sin(X + 0.5), k).rms_error for k in (8, 16, 32)]
    assert 3.0 < errors[0] / errors[1] < 5.0 and 3.0 < errors[1] / errors[2] < 5.0


def test_relu_fit_odd_target_wastes_the_middle_knot():
    """sin is odd, so the best fit is odd: the unit with its knot at 0 gets weight 0."""
    fit = chapters.why.relu_fit(X, np.sin(X), 4)
    assert fit.knots[2] == 0.0 and abs(fit.weights[2]) < 1e-12
    assert chapters.why.count_linear_pieces(X, fit.prediction) == 3


def test_relu_fit_callable_and_torch_agree():
    torch = pytest.importorskip("torch")
    fit = chapters.why.relu_fit(X, np.cos(X), 6)
    np.testing.assert_allclose(fit(X), fit.prediction)
    xs = np.linspace(-10, 10, 101)
    out = fit.torch()(torch.tensor(xs[:, None])).detach().numpy()[:, 0]
    np.testing.assert_allclose(out, fit(xs), rtol=1e-12, atol=1e-12)
    assert fit.n_units == 6 and "n_units=6" in repr(fit)
    with pytest.raises(ValueError):
        fit.prediction[0] = 1.0  # read-only


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "match"),
    [
        ((X, np.sin(X), 0), {}, ValueError, "n_units must be >= 1"),
        ((X, np.sin(X), 2.0), {}, TypeError, "n_units must be an int"),
        ((X, np.sin(X)[:-1], 2), {}, ValueError, "same length"),
        ((X[:3], np.sin(X[:3]), 3), {}, ValueError, "at least n_units"),
        ((np.ones(5), np.ones(5), 2), {}, ValueError, "two different values"),
        ((np.r_[X, np.nan], np.r_[np.sin(X), 0.0], 2), {}, ValueError, "finite"),
        ((X, np.sin(X), 2), {"knots": [0.0]}, ValueError, "knots must have n_units"),
        ((X, np.sin(X), 1), {"knots": [np.inf]}, ValueError, "knots must be finite"),
        (("abc", np.sin(X), 2), {}, TypeError, "x must be"),
    ],
)
def test_relu_fit_bad_input(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        chapters.why.relu_fit(*args, **kwargs)


# ---- count_linear_pieces --------------------------------------------------------------------

def test_count_linear_pieces_known_curves():
    xs = np.linspace(-2, 2, 401)
    assert chapters.why.count_linear_pieces(xs, 3 * xs - 1) == 1
    assert chapters.why.count_linear_pieces(xs, np.abs(xs)) == 2
    # kinks strictly between grid points (0.3 is not on the grid of step 0.01 + offset)
    xs2 = np.linspace(-2, 2, 400)
    y = np.maximum(xs2 - 0.3, 0) - 2 * np.maximum(xs2 + 1.234, 0)
    assert chapters.why.count_linear_pieces(xs2, y) == 3
    # tent map composed 3 times on [0, 1]: 2**3 pieces
    t = np.linspace(0, 1, 4097)
    y = t
    for _ in range(3):
        y = 2 * np.maximum(y, 0) - 4 * np.maximum(y - 0.5, 0)
    assert chapters.why.count_linear_pieces(t, y) == 8
    # a curve that bends everywhere has a new slope on every interval: no straight piece
    assert chapters.why.count_linear_pieces(xs, np.exp(xs)) == 0


def test_count_linear_pieces_bad_input():
    with pytest.raises(ValueError, match="strictly increasing"):
        chapters.why.count_linear_pieces([0.0, 2.0, 1.0], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        chapters.why.count_linear_pieces([0.0, 1.0, 2.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="tol must be > 0"):
        chapters.why.count_linear_pieces([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], tol=0.0)


# ---- plot_relu_fit ---------------------------------------------------------------------------

def test_plot_relu_fit_draws_kinks_and_autograd_slope():
    pytest.importorskip("torch")
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt
    import nnprimer

    nnprimer.set_language("en")
    fit = chapters.why.relu_fit(X, np.sin(X + 0.5), 4)
    ax = chapters.why.plot_relu_fit(fit, derivative=True, target_derivative=np.cos(X + 0.5))
    lines = {line.get_label(): line for line in ax.get_lines()}
    kinks = lines["kinks"]
    np.testing.assert_allclose(kinks.get_xdata(), fit.knots[1:])  # the first knot is the interval's end
    slope = lines["slope of the fit (autograd)"].get_ydata()
    # the slope on each piece is constant and equals the sum of the weights of active units
    mid = (fit.knots[1] + fit.knots[2]) / 2
    i = int(np.argmin(np.abs(X - mid)))
    assert slope[i] == pytest.approx(fit.weights[:2].sum())
    assert ax.get_title() == "4 ReLU units: 4 pieces, RMS error " + f"{fit.rms_error:.3f}"
    plt.close(ax.figure)
    with pytest.raises(TypeError, match="fit must be a ReluFit"):
        chapters.why.plot_relu_fit("not a fit")


# ---- train_relu_net -------------------------------------------------------------------------

def test_train_relu_net_from_the_least_squares_fit_moves_knots_and_lowers_the_error():
    pytest.importorskip("torch")
    x = np.linspace(-np.pi, np.pi, 201)
    y = np.sin(x + 0.5)
    start = chapters.why.relu_fit(x, y, 6)
    trained = chapters.why.train_relu_net(x, y, 6, start=start, steps=300)
    assert trained.rms_error < start.rms_error
    assert trained.kinks.size == 5 and not np.allclose(trained.kinks, start.knots[1:])
    assert chapters.why.count_linear_pieces(x, trained.prediction) == 6
    assert trained.max_error == pytest.approx(np.max(np.abs(trained.prediction - y)))
    # the kinks are where the trained units switch: -b/w
    w = trained.net[0].weight.detach().numpy()[:, 0]
    b = trained.net[0].bias.detach().numpy()
    assert np.all(np.isin(np.round(trained.kinks, 12), np.round(-b / w, 12)))


def test_train_relu_net_is_seeded():
    pytest.importorskip("torch")
    x = np.linspace(-1, 1, 51)
    a = chapters.why.train_relu_net(x, x**2, 3, steps=50, rng=1)
    b = chapters.why.train_relu_net(x, x**2, 3, steps=50, rng=1)
    c = chapters.why.train_relu_net(x, x**2, 3, steps=50, rng=2)
    np.testing.assert_array_equal(a.prediction, b.prediction)
    assert not np.array_equal(a.prediction, c.prediction)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_units": 0}, ValueError, "n_units must be >= 1"),
        ({"steps": 0}, ValueError, "steps must be >= 1"),
        ({"lr": -1.0}, ValueError, "lr must be > 0"),
        ({"start": "fit"}, TypeError, "start must be a ReluFit"),
        ({"start": chapters.why.relu_fit(X, np.sin(X), 2)}, ValueError, "start must have n_units = 3"),
        ({"y": np.ones(3)}, ValueError, "same length"),
    ],
)
def test_train_relu_net_bad_input(kwargs, error, match):
    pytest.importorskip("torch")
    args = {"x": X, "y": np.sin(X), "n_units": 3, **kwargs}
    with pytest.raises(error, match=match):
        chapters.why.train_relu_net(args.pop("x"), args.pop("y"), args.pop("n_units"), **args)
