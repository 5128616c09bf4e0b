"""train.fit: on_nonfinite="stop", the progress display, and a hand-written loop that fit reproduces."""

from __future__ import annotations

import math

import pytest
import torch

from nnprimer import data, train


@pytest.fixture(scope="module")
def digits():
    return data.digits(rng=0)


def net(rng=0):
    return train.mlp([64, 32, 10], "relu", rng=rng)


def test_stop_returns_history_with_reason(digits):
    h = train.fit(net(), digits, epochs=3, lr=100.0, rng=0, on_nonfinite="stop")
    assert h.stopped is not None
    assert h.stopped.startswith("the loss became") and "epoch 1, step" in h.stopped
    step = int(h.stopped.rsplit("step ", 1)[1])
    assert h.stopped_at == (1, step)
    # every recorded loss is finite, and one fewer than the step that failed
    assert len(h.step_loss) == step - 1
    assert all(math.isfinite(v) for v in h.step_loss)
    assert h.epochs == 0  # the broken epoch is not recorded


def test_stop_does_not_change_a_healthy_run(digits):
    a = train.fit(net(), digits, epochs=2, lr=0.05, rng=0, on_nonfinite="stop")
    b = train.fit(net(), digits, epochs=2, lr=0.05, rng=0)
    assert a.stopped is None and b.stopped is None and a.stopped_at is None
    assert a.step_loss == b.step_loss


def test_raise_is_default_and_names_epoch_and_step(digits):
    with pytest.raises(train.NonFiniteLossError, match=r"epoch 1, step \d+ \(lr=100.0\); try a smaller"):
        train.fit(net(), digits, epochs=3, lr=100.0, rng=0)


@pytest.mark.parametrize("bad, exc", [("ignore", ValueError), (None, ValueError), (1, ValueError)])
def test_on_nonfinite_is_validated(digits, bad, exc):
    with pytest.raises((TypeError, ValueError), match="on_nonfinite"):
        train.fit(net(), digits, epochs=1, on_nonfinite=bad)


def test_progress_is_validated(digits):
    with pytest.raises(TypeError, match="progress must be True, False or None, got"):
        train.fit(net(), digits, epochs=1, progress="yes")


def test_progress_none_is_silent_outside_a_kernel(digits, capsys):
    train.fit(net(), digits, epochs=1, lr=0.05)
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_progress_true_writes_lines_to_stderr_outside_a_kernel(digits, capsys, monkeypatch):
    monkeypatch.setattr(train._Progress, "every", 0.0)
    train.fit(net(), digits, epochs=2, lr=0.05, progress=True)
    err = capsys.readouterr().err.splitlines()
    assert err and err[-1].startswith("epoch 2/2 · loss ")
    assert all(line.startswith("epoch ") for line in err)


class FakeHandle:
    def __init__(self, log):
        self.log = log

    def update(self, bundle, raw=False):
        self.log.append(("update", bundle["text/plain"]))


def test_progress_in_a_kernel_updates_one_line_and_empties_it(digits, monkeypatch):
    """In a kernel (faked), progress=None shows one display updated in place, emptied at the end."""
    import IPython.display

    log = []

    def fake_display(bundle, raw=False, display_id=None):
        assert raw and display_id is True
        log.append(("display", bundle["text/plain"]))
        return FakeHandle(log)

    monkeypatch.setattr(IPython.display, "display", fake_display)
    monkeypatch.setattr(train, "_in_kernel", lambda: True)
    monkeypatch.setattr(train, "_interactive_frontend", lambda: True)
    monkeypatch.setattr(train, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(train._Progress, "every", 0.0)
    train.fit(net(), digits, epochs=2, lr=0.05)
    assert [kind for kind, _ in log].count("display") == 1
    assert log[-2][1].startswith("epoch 2/2")
    assert log[-1] == ("update", "")  # nothing left behind
    # a short run under the default threshold shows nothing at all
    log.clear()
    monkeypatch.setattr(train, "PROGRESS_AFTER", 1e9)
    train.fit(net(), digits, epochs=1, lr=0.05)
    assert log == []
    # a notebook executed in batch (nbclient: allow_stdin=False) shows nothing, however long
    monkeypatch.setattr(train, "PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(train, "_interactive_frontend", lambda: False)
    train.fit(net(), digits, epochs=2, lr=0.05)
    assert log == []


def test_interactive_frontend_reads_the_kernels_allow_stdin(monkeypatch):
    import IPython

    class Kernel:
        _allow_stdin = False

    class Shell:
        kernel = Kernel()

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    assert train._interactive_frontend() is False
    Kernel._allow_stdin = True
    assert train._interactive_frontend() is True


def test_fit_equals_a_hand_written_loop(digits):
    """The loop the gradient-descent chapter writes out (a seeded permutation per epoch, cut
    into batches, torch.optim.SGD) gives the same step losses as fit, bit for bit."""
    X = torch.as_tensor(digits.X_train).float()
    y = torch.as_tensor(digits.y_train)
    model = net(rng=2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    g = torch.Generator().manual_seed(5)
    losses = []
    for _ in range(2):
        for idx in torch.randperm(len(X), generator=g).split(32):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            losses.append(loss.item())
    h = train.fit(net(rng=2), digits, epochs=2, lr=0.1, momentum=0.9, batch_size=32, rng=5)
    assert h.step_loss == losses
    h_other = train.fit(net(rng=2), digits, epochs=2, lr=0.1, momentum=0.9, batch_size=32, rng=6)
    assert h_other.step_loss != losses
