"""Helpers of the softmax chapter: chapters.softmax.softmax_saturation, softmax_temperature, softmax_cost,
check_softmax_implementation, and chapters.softmax.plot_softmax, saturation_figure, softmax_bars,
digit_probabilities."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot  # noqa: E402  (the fixture closes figures even when no test drew one)
import numpy as np
import pytest
import torch

import nnprimer
from nnprimer import chapters
from nnprimer import activations as A

pytestmark = pytest.mark.filterwarnings("error")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    nnprimer.set_language("en")
    matplotlib.pyplot.close("all")


# ------------------------------------------------------------------ softmax_saturation


def test_saturation_matches_torch_autograd():
    gaps = np.array([0.0, 1.0, 3.0, 7.0, 15.0])
    out = chapters.softmax.softmax_saturation(gaps, n_classes=4)
    for i, g in enumerate(gaps):
        z = torch.zeros(4, dtype=torch.float64)
        z[0] = g
        jac = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), z)
        assert out.jacobian_norm[i] == pytest.approx(torch.linalg.norm(jac).item(), rel=1e-12, abs=1e-15)
        for norms, target in ((out.grad_norm_correct, 0), (out.grad_norm_wrong, 1)):
            t = z.clone().requires_grad_(True)
            torch.nn.functional.cross_entropy(t[None], torch.tensor([target])).backward()
            assert norms[i] == pytest.approx(t.grad.norm().item(), rel=1e-12, abs=1e-15)
        assert out.top_probability[i] == pytest.approx(np.exp(g) / (np.exp(g) + 3), rel=1e-12)


def test_saturation_limits():
    out = chapters.softmax.softmax_saturation(np.linspace(0, 40, 81), n_classes=10)
    # more gap: closer to one-hot, smaller Jacobian (after the first few points) and correct-class gradient
    assert np.all(np.diff(out.top_probability) >= 0)
    assert np.all(np.diff(out.top_probability[:41]) > 0)  # gaps up to 20
    assert np.all(np.diff(out.grad_norm_correct[:41]) < 0)
    assert out.jacobian_norm[-1] < 1e-15 and out.grad_norm_correct[-1] < 1e-15
    assert out.grad_norm_wrong[-1] == pytest.approx(np.sqrt(2), rel=1e-12)
    # at gap 0 the output is uniform: ||1/K - e_t|| = sqrt((1 - 1/K)^2 + (K - 1)/K^2)
    assert out.grad_norm_correct[0] == pytest.approx(np.sqrt(0.81 + 9 / 100), rel=1e-12)


@pytest.mark.parametrize("bad, err, match", [
    ([[1.0]], ValueError, "gaps must be a non-empty 1-D"),
    ([], ValueError, "gaps must be a non-empty 1-D"),
    ([np.inf], ValueError, "gaps must be finite"),
    ("3", TypeError, "gaps"),
])
def test_saturation_rejects_bad_gaps(bad, err, match):
    with pytest.raises(err, match=match):
        chapters.softmax.softmax_saturation(bad)


def test_saturation_rejects_one_class():
    with pytest.raises(ValueError, match="n_classes"):
        chapters.softmax.softmax_saturation([1.0], n_classes=1)


# ----------------------------------------------------------------- softmax_temperature


def test_temperature_probabilities_and_entropy():
    z = np.array([3.0, 1.0, 0.2, -1.0])
    temps = np.array([0.01, 0.3, 1.0, 3.0, 1000.0])
    result = chapters.softmax.softmax_temperature(z, temps)
    p, h = result.probabilities, result.entropy
    for j, t in enumerate(temps):
        ref = torch.softmax(torch.tensor(z / t), 0).numpy()
        np.testing.assert_allclose(p[j], ref, rtol=1e-12, atol=1e-300)
        q = ref[ref > 0]
        assert h[j] == pytest.approx(-(q * np.log(q)).sum(), rel=1e-10, abs=1e-300)
    assert np.all(np.diff(h) > 0)  # entropy grows with T
    assert p[0, 0] > 1 - 1e-12 and h[0] < 1e-12  # T -> 0: argmax
    np.testing.assert_allclose(p[-1], 0.25, atol=2e-3)  # T -> inf: uniform
    assert h[-1] == pytest.approx(np.log(4), abs=1e-4)


@pytest.mark.parametrize("z, temps, match", [
    ([1.0, np.nan], [1.0], "z must be"),
    ([[1.0, 2.0]], [1.0], "z must be"),
    ([1.0, 2.0], [0.0], "temperatures must be finite and > 0"),
    ([1.0, 2.0], [-1.0], "temperatures must be finite and > 0"),
    ([1.0, 2.0], [[1.0]], "temperatures must be a non-empty 1-D"),
])
def test_temperature_rejects_bad_input(z, temps, match):
    with pytest.raises(ValueError, match=match):
        chapters.softmax.softmax_temperature(z, temps)


# -------------------------------------------------------- check_softmax_implementation


def test_check_accepts_the_companion_and_torch():
    assert list(chapters.softmax.check.softmax_implementation(A.log_softmax).problems) == []
    assert list(chapters.softmax.check.softmax_implementation(A.softmax, "softmax").problems) == []
    assert list(chapters.softmax.check.softmax_implementation(lambda x: torch.log_softmax(torch.from_numpy(x), -1).numpy()).problems) == []


def test_check_finds_each_mistake():
    def naive_log(x):
        return np.log(np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True))

    problems = list(chapters.softmax.check.softmax_implementation(naive_log).problems)
    assert any("[1000.0, 0.0, -1000.0]" in p and "overflow" in p for p in problems)

    def log_of_stable(x):
        return np.log(A.softmax(x))

    problems = list(chapters.softmax.check.softmax_implementation(log_of_stable).problems)
    # the stable softmax is right, but its log underflows where a probability is < 1e-308
    assert len(problems) == 2 and all("log divided by zero" in p for p in problems)
    assert "[1000.0, 0.0, -1000.0]" in problems[0] and "[0.0, -800.0]" in problems[1]

    def one_row_only(x):  # max and sum over the whole array instead of each row
        m = x.max()
        return x - m - np.log(np.exp(x - m).sum())

    problems = list(chapters.softmax.check.softmax_implementation(one_row_only).problems)
    assert len(problems) == 1 and "batch" in problems[0]

    problems = list(chapters.softmax.check.softmax_implementation(lambda x: x[:1]).problems)
    assert all("shape" in p for p in problems) and len(problems) == 6

    def raises(x):
        raise RuntimeError("boom")

    assert all("RuntimeError: boom" in p for p in list(chapters.softmax.check.softmax_implementation(raises).problems))


def test_check_messages_follow_the_language():
    nnprimer.set_language("zh")
    problems = list(chapters.softmax.check.softmax_implementation(lambda x: np.log(np.exp(x) / np.exp(x).sum())).problems)
    assert problems and all("：" in p for p in problems)
    assert any("上溢" in p for p in problems)


def test_check_rejects_bad_arguments():
    with pytest.raises(TypeError, match="answer must be a function"):
        list(chapters.softmax.check.softmax_implementation(3).problems)
    with pytest.raises(ValueError, match="reference"):
        list(chapters.softmax.check.softmax_implementation(A.softmax, "sigmoid").problems)


# ------------------------------------------------------------------------------ plots


def test_plot_softmax_draws_probabilities_and_derivative():
    ax = chapters.softmax.plot_softmax((0.0,), x=np.linspace(-4, 4, 81))
    lines = ax.get_lines()
    y0 = lines[0].get_ydata()
    np.testing.assert_allclose(y0, A.sigmoid(np.linspace(-4, 4, 81)), rtol=1e-12)  # softmax([x, 0])_0 = sigma(x)
    np.testing.assert_allclose(lines[0].get_ydata() + lines[1].get_ydata(), 1.0, rtol=1e-12)
    np.testing.assert_allclose(lines[2].get_ydata(), y0 * (1 - y0), rtol=1e-10, atol=1e-15)
    assert "autograd" in lines[2].get_label()
    # legend entries in words, not a raw softmax(z)_0
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["probability of class 0", "probability of class 1"]


def test_plot_softmax_validates():
    with pytest.raises(ValueError, match="others"):
        chapters.softmax.plot_softmax(())
    with pytest.raises(ValueError, match="others"):
        chapters.softmax.plot_softmax((np.nan,))
    with pytest.raises(TypeError, match="title"):
        chapters.softmax.plot_softmax((0.0,), title=3)


def test_softmax_bars_heights_and_chinese_labels():
    nnprimer.set_language("zh")
    ax = chapters.softmax.softmax_bars([2.0, 1.0, 0.0], [0.5, 2.0])
    heights = np.array([p.get_height() for p in ax.patches]).reshape(2, 3)
    np.testing.assert_allclose(heights[0], A.softmax(np.array([4.0, 2.0, 0.0])), rtol=1e-12)
    np.testing.assert_allclose(heights[1], A.softmax(np.array([1.0, 0.5, 0.0])), rtol=1e-12)
    assert "熵" in ax.get_legend().get_texts()[0].get_text()
    with pytest.raises(ValueError, match="temperatures"):
        chapters.softmax.softmax_bars([1.0, 2.0], [0.0])


def test_digit_probabilities_layout_and_validation():
    probs = np.eye(10)[[3, 7, 1]] * 0.9 + 0.01
    fig = chapters.softmax.digit_probabilities(np.zeros((3, 8, 8)), probs, [3, 2, 1])
    assert len(fig.axes) == 6
    assert "7" in fig.axes[1].get_title() and "2" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="images"):
        chapters.softmax.digit_probabilities(np.zeros((3, 10)), probs, [3, 2, 1])
    with pytest.raises(ValueError, match="probabilities"):
        chapters.softmax.digit_probabilities(np.zeros((3, 64)), probs[:2], [3, 2, 1])
    with pytest.raises(ValueError, match="labels"):
        chapters.softmax.digit_probabilities(np.zeros((3, 64)), probs, [3, 2, 10])


def test_saturation_figure_draws_each_curve_on_its_own_panel():
    gaps = np.linspace(0.0, 30.0, 31)
    sat = chapters.softmax.softmax_saturation(gaps)
    fig = chapters.softmax.saturation_figure(sat, gaps)
    left, right = fig.axes
    np.testing.assert_allclose(left.get_lines()[0].get_ydata(), sat.jacobian_norm)
    wrong, right_line = right.get_lines()
    np.testing.assert_allclose(wrong.get_ydata(), sat.grad_norm_wrong)
    np.testing.assert_allclose(right_line.get_ydata(), sat.grad_norm_correct)
    # why two panels: on one log axis the Jacobian norm would lie just above the right-class gradient
    ratio = sat.jacobian_norm[10:] / sat.grad_norm_correct[10:]
    np.testing.assert_allclose(ratio, np.sqrt(1.2), rtol=1e-3)
    for ax in fig.axes:
        assert ax.get_xlabel() and ax.get_yscale() == "log" and ax.get_yticklabels()
    with pytest.raises(ValueError, match="gaps"):
        chapters.softmax.saturation_figure(sat, gaps[:-1])
    with pytest.raises(TypeError, match="saturation"):
        chapters.softmax.saturation_figure({"jacobian_norm": 1}, gaps)


def test_saturation_figure_speaks_chinese():
    nnprimer.set_language("zh")
    gaps = np.array([0.0, 5.0])
    fig = chapters.softmax.saturation_figure(chapters.softmax.softmax_saturation(gaps), gaps)
    assert fig.axes[0].get_ylabel() == nnprimer._i18n._t("norm", "zh")


def test_softmax_cost_times_both_and_validates():
    cost = chapters.softmax.softmax_cost((8, 32), n=4, k=50, repeat=2)
    assert cost.widths == (8, 32)
    assert cost.matmul_s.shape == cost.softmax_s.shape == (2,)
    assert np.all(cost.matmul_s > 0) and np.all(cost.softmax_s > 0)
    with pytest.raises(ValueError):
        chapters.softmax.softmax_cost((0,))
    with pytest.raises(ValueError):
        chapters.softmax.softmax_cost((8,), k=1)
