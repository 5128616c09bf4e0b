"""The gradient-descent chapter's helpers (nnprimer.chapters.descent experiments and figures), and
the housekeeping checks the chapter used to make inline: its numpy trajectories on the 2-D bowl
equal torch.optim's."""

from __future__ import annotations

import numpy as np
import pytest

from nnprimer import data, optim
from nnprimer.chapters import descent

torch = pytest.importorskip("torch")


@pytest.fixture(scope="module")
def digits():
    return data.digits(rng=0)


def _bowl(w):
    return 0.5 * (torch.tensor([1.0, 20.0], dtype=torch.float64) * w**2).sum()


def test_the_chapters_momentum_run_on_the_bowl_equals_torch_sgd():
    _, grad_2d = optim.quadratic([1.0, 20.0])
    ours = optim.gradient_descent(grad_2d, [-2.0, 1.0], lr=0.05, steps=50, momentum=0.9)
    theirs = optim.torch_trajectory(_bowl, [-2.0, 1.0], optimizer="sgd", lr=0.05, momentum=0.9, steps=50)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)


def test_the_chapters_adam_run_on_the_bowl_equals_torch_adam():
    _, grad_2d = optim.quadratic([1.0, 20.0])
    ours = optim.adam(grad_2d, [-2.0, 1.0], lr=0.05, steps=250)
    theirs = optim.torch_trajectory(_bowl, [-2.0, 1.0], optimizer="adam", lr=0.05, steps=250)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_steps_to_loss():
    assert descent.steps_to_loss([3.0, 2.0, 1.0, 0.5], 1.5) == 2
    assert descent.steps_to_loss(np.array([3.0, 2.0]), 1.0) is None
    assert descent.steps_to_loss([0.5], 1.0) == 0


def test_batch_size_runs_change_only_the_batch(digits):
    runs = descent.batch_size_runs(digits, [1347, 32, 5], lr=0.05, epochs=1, min_steps=20, points=50)
    full, mini, small = runs.values()
    assert [r.batch_size for r in runs.values()] == [1347, 32, 5]
    assert full.loss[0] == mini.loss[0] == small.loss[0]  # the same initial weights
    assert full.steps[-1] == 20 and mini.steps[-1] == 43 and small.steps[-1] == 270
    assert mini.steps[:21].tolist() == list(range(21))  # every step of the first min_steps
    assert mini.epochs[-1] == pytest.approx(1.0) and full.epochs[-1] == pytest.approx(20.0)
    assert np.all(np.diff(small.seconds) >= 0) and small.seconds[0] == 0.0
    assert mini.loss_at(epoch=1) == mini.loss[-1]
    assert 0 < small.seconds_per_step() < small.seconds[-1]
    assert small.epochs_to(mini.loss[-1]) < 1.0
    with pytest.raises(ValueError, match="did not record"):
        small.loss_at(step=271)
    with pytest.raises(TypeError):
        small.loss_at(step=1, epoch=1)


def test_batch_size_runs_train_as_fit_does(digits):
    from nnprimer import train

    run = descent.batch_size_runs(digits, [64], lr=0.1, epochs=2)[64]
    history = train.fit(train.mlp([64, 32, 10], "relu", rng=0), digits, epochs=2, lr=0.1, batch_size=64, rng=0,
                        device="cpu", track=False)
    np.testing.assert_allclose([run.loss_at(epoch=1), run.loss_at(epoch=2)], history.train_loss, rtol=1e-5)


def test_batch_size_runs_check_their_arguments(digits):
    with pytest.raises(ValueError):
        descent.batch_size_runs(digits, [0], lr=0.1)
    with pytest.raises(ValueError):
        descent.batch_size_runs(digits, [32], lr=-1.0)


def test_plot_batch_size_runs_draws_three_labelled_log_panels(digits):
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    runs = descent.batch_size_runs(digits, [1347, 32], lr=0.05, epochs=1, min_steps=5)
    axes = descent.plot_batch_size_runs(runs)
    assert len(axes) == 3
    for ax in axes:
        assert ax.get_xscale() == ax.get_yscale() == "log"
        assert ax.get_xlabel() and ax.get_ylabel()
        assert len(ax.get_lines()) == 2
    assert [t.get_text() for t in axes[0].get_legend().get_texts()] == ["B = 1347", "B = 32"]
    assert len(descent.plot_batch_size_runs(runs, time_axis=False)) == 2
    with pytest.raises(TypeError):
        descent.plot_batch_size_runs({1: "not a run"})
    plt.close("all")
