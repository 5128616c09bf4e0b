"""The mistakes students make with train, data, init, grad and optim: each ends in a
TypeError or ValueError that names the argument, says what was expected and what came,
before any training starts (the model is left as it was)."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import torch

from nnprimer import data, grad, init, optim, train


@pytest.fixture(scope="module")
def digits():
    return data.digits(rng=0)


def net():
    return train.mlp([64, 16, 10], "relu", rng=0)


def assert_fit_refuses(model, data_, error, message, **kwargs):
    """``fit`` raises ``error`` matching ``message`` and leaves ``model`` untouched."""
    before = [p.detach().clone() for p in model.parameters()]
    was_training = model.training
    with pytest.raises(error, match=message):
        train.fit(model, data_, epochs=1, **kwargs)
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters()))
    assert model.training == was_training


def with_nan(a, row, value=np.nan):
    a = np.array(a, copy=True)
    a[row].flat[0] = value
    return a


# ------------------------------------------------------------------------ fit: labels


def test_labels_from_one_for_ten_outputs(digits):
    d = digits
    assert_fit_refuses(net(), (d.X_train, d.y_train + 1, d.X_test, d.y_test + 1), ValueError,
                       r"y_train holds labels from 1 to 10, but the model has 10 outputs, for the classes 0 to 9; "
                       r"the labels start at 1: subtract 1 \(y - 1\)")


def test_labels_beyond_the_outputs(digits):
    d = digits
    assert_fit_refuses(train.mlp([64, 16, 8], rng=0), d, ValueError,
                       r"y_train holds labels from 0 to 9, but the model has 8 outputs, for the classes 0 to 7; "
                       r"give the last layer 10 outputs, or renumber the labels from 0")
    assert_fit_refuses(net(), (d.X_train, d.y_train, d.X_test, d.y_test - 1), ValueError,
                       r"y_test holds labels from -1 to 8")


def test_float_labels(digits):
    d = digits
    assert_fit_refuses(net(), (d.X_train, d.y_train.astype(np.float32)), TypeError,
                       r"y must hold integer class labels \(0 to 9\) for loss='cross_entropy', got float32 values; "
                       r"convert them with y.astype\(int\)")
    assert_fit_refuses(net(), (d.X_train, d.y_train + 0.5), TypeError,
                       r"got float64 values; for real-valued targets use loss='mse'")
    assert_fit_refuses(net(), (d.X_train, d.y_train[:, None]), ValueError,
                       r"y must hold one class label per example, shape \(N,\), .* got shape \(1347, 1\)")


def test_integer_X_is_cast_not_refused(digits):
    """Raw pixel counts 0..16 as int64: trained as the same numbers in float32."""
    d = digits
    X_int = np.rint(d.X_train * 4).astype(np.int64)
    h_int = train.fit(net(), (X_int, d.y_train), epochs=2, rng=0, device="cpu", track=False)
    h_float = train.fit(net(), (X_int.astype(np.float32), d.y_train), epochs=2, rng=0, device="cpu", track=False)
    assert h_int.step_loss == h_float.step_loss
    h_tensor = train.fit(net(), (torch.as_tensor(X_int), torch.as_tensor(d.y_train)), epochs=2, rng=0,
                         device="cpu", track=False)
    assert h_tensor.step_loss == h_float.step_loss


def test_non_numeric_X(digits):
    assert_fit_refuses(net(), (np.array([["a"] * 64]), np.array([0])), TypeError,
                       r"X must be an array of numbers, got array of dtype <U1 and shape \(1, 64\)")


# -------------------------------------------------------------------- fit: features


def test_feature_count_that_does_not_match_the_first_layer(digits):
    d = digits
    assert_fit_refuses(net(), (d.X_train[:, :63], d.y_train), ValueError,
                       r"X has 63 features per example \(shape \(1347, 63\)\), but the model takes 64 "
                       r"\(sizes\[0\] of mlp\); they must match")
    assert_fit_refuses(net(), (d.X_train, d.y_train, d.X_test[:, :60], d.y_test), ValueError,
                       r"X_test has 60 features per example")
    plain = torch.nn.Sequential(torch.nn.Linear(64, 10))
    assert_fit_refuses(plain, (d.X_train[:, :63], d.y_train), ValueError,
                       r"X has 63 features per example .* but the model's first layer is "
                       r"nn.Linear\(in_features=64\); they must match")


def test_flat_digits_for_a_cnn(digits):
    assert_fit_refuses(train.small_cnn(channels=(2, 2), rng=0), digits, ValueError,
                       r"the model's first layer is Conv2d\(in_channels=1\), which needs X_train of shape "
                       r"\(N, 1, size, size\), got shape \(1347, 64\); for the digits as images use "
                       r"data.digits\(images=True\)")


# ------------------------------------------------------------------------- fit: MSE


def test_mse_with_class_labels(digits):
    assert_fit_refuses(net(), digits, ValueError,
                       r"loss='mse' compares the model's outputs, shape \(N, 10\), with real-valued targets of that "
                       r"shape, but y_train holds integer labels of shape \(1347,\); for class labels use "
                       r"loss='cross_entropy'", loss="mse")


def test_mse_targets_that_would_broadcast():
    s = data.sine(64, rng=0)
    assert_fit_refuses(train.mlp([1, 8, 1], "tanh", rng=0), (s.X_train, s.y_train[:, 0]), ValueError,
                       r"y has shape \(48,\) but the model's output has shape \(N, 1\); give targets of the "
                       r"output's shape", loss="mse")


def test_mse_integer_targets_of_the_right_shape_are_cast():
    s = data.sine(64, rng=0)
    y_int = np.rint(3 * s.y_train).astype(np.int64)
    h_int = train.fit(train.mlp([1, 8, 1], "tanh", rng=0), (s.X_train, y_int), loss="mse", epochs=2, rng=0)
    h_float = train.fit(train.mlp([1, 8, 1], "tanh", rng=0), (s.X_train, y_int.astype(np.float32)), loss="mse",
                        epochs=2, rng=0)
    assert h_int.step_loss == h_float.step_loss


# ----------------------------------------------------------------- fit: empty, NaN


def test_empty_X(digits):
    assert_fit_refuses(net(), (digits.X_train[:0], digits.y_train[:0]), ValueError,
                       r"X is empty \(shape \(0, 64\)\): fit needs at least one example")
    assert_fit_refuses(net(), (np.zeros(5, dtype=np.float32), np.zeros(5, dtype=np.int64)), ValueError,
                       r"X must have one row per example, shape \(N, features\), got shape \(5,\)")


def test_nan_and_inf_in_the_data_are_not_blamed_on_the_learning_rate(digits):
    d = digits
    assert_fit_refuses(net(), (with_nan(d.X_train, 5), d.y_train, d.X_test, d.y_test), ValueError,
                       r"X_train contains 1 NaN or infinite value\(s\), the first in row 5; clean the data before "
                       r"training \(the loss would be NaN whatever the learning rate\)")
    assert_fit_refuses(net(), (d.X_train, d.y_train, with_nan(d.X_test, 7, np.inf), d.y_test), ValueError,
                       r"X_test contains 1 NaN or infinite value\(s\), the first in row 7")
    s = data.sine(64, rng=0)
    assert_fit_refuses(train.mlp([1, 8, 1], "tanh", rng=0), (s.X_train, with_nan(s.y_train, 3)), ValueError,
                       r"y contains 1 NaN or infinite value\(s\), the first in row 3", loss="mse")


# ----------------------------------------------------------------------- devices


@pytest.mark.parametrize(("device", "message"), [
    ("gpu", r"device must be 'cpu', 'cuda', 'cuda:N' or 'mps' \(or None to pick one\), got 'gpu'; "
            r"for an NVIDIA GPU write 'cuda', for an Apple GPU 'mps'"),
    ("CPU", r"got 'CPU'; device names are lower case: 'cpu'"),
    ("Cuda:0", r"got 'Cuda:0'; device names are lower case: 'cuda:0'"),
    ("tpu", r"got 'tpu'$"),
    (torch.device("meta"), r"got device\(type='meta'\)"),
])
def test_unknown_device_strings(digits, device, message):
    with pytest.raises(ValueError, match=message):
        train.pick_device(device)
    assert_fit_refuses(net(), digits, ValueError, message, device=device)


def test_device_of_the_wrong_type():
    with pytest.raises(TypeError, match=r"device must be a str such as 'cpu' or 'cuda', got int 0"):
        train.pick_device(0)


def test_cuda_that_is_not_there(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match=r"device 'cuda' was requested but torch.cuda.is_available\(\) is False"):
        train.pick_device("cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(ValueError, match=r"device 'cuda:3' was requested but this machine has 1 CUDA device\(s\)"):
        train.pick_device("cuda:3")


@pytest.mark.parametrize("how", ["unavailable", "missing"])
def test_mps_where_torch_lacks_it(monkeypatch, how):
    if how == "unavailable":
        monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    else:  # a torch without the mps backend at all
        monkeypatch.delattr(torch.backends, "mps")
    with pytest.raises(ValueError, match=r"device 'mps' was requested but torch.backends.mps.is_available\(\) is "
                                         r"False \(MPS needs an Apple-silicon Mac"):
        train.pick_device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert train.pick_device() == torch.device("cpu")  # and the automatic choice falls back to the CPU


# ------------------------------------------------------------- other fit arguments


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"momentum": -0.5}, ValueError, r"momentum must be in \[0, 1\), got -0.5"),
    ({"momentum": 0.9, "optimizer": "adam"}, ValueError, r"momentum is SGD's; optimizer='adam' has its own"),
    ({"weight_decay": -1e-4}, ValueError, r"weight_decay must be >= 0, got -0.0001"),
    ({"rng": "zero"}, TypeError, r"rng must be None, an int seed or a numpy.random.Generator, got str 'zero'"),
    ({"rng": -1}, ValueError, r"rng must be an int seed in \[0, 2\*\*64\), got -1"),
])
def test_fit_arguments(digits, kwargs, error, message):
    assert_fit_refuses(net(), digits, error, message, **kwargs)


# ------------------------------------------------------------------- mlp, small_cnn


@pytest.mark.parametrize(("sizes", "error", "message"), [
    (64, TypeError, r"sizes must be a list of layer widths such as \[64, 32, 10\] \(inputs, hidden layers, "
                    r"outputs\), got int 64"),
    ("64", TypeError, r"sizes must be a list of layer widths .*, got str '64'"),
    ([64, 0, 10], ValueError, r"sizes\[1\] must be >= 1, got 0"),
    ([64, 32, 10.0], TypeError, r"sizes\[2\] must be an int, got float 10.0"),
    ([64], ValueError, r"sizes needs at least an input and an output size, got \[64\]"),
])
def test_mlp_sizes(sizes, error, message):
    with pytest.raises(error, match=message):
        train.mlp(sizes)


def test_small_cnn_channels():
    with pytest.raises(ValueError, match=r"channels\[1\] must be >= 1, got 0"):
        train.small_cnn(channels=(4, 0))
    with pytest.raises(TypeError, match=r"channels must be a pair \(c1, c2\) of ints, got int 8"):
        train.small_cnn(channels=8)


# ----------------------------------------------------------------------------- data


def test_split_with_mismatched_lengths():
    with pytest.raises(ValueError, match=r"X and y must have the same number of rows, got 10 and 9"):
        data.split(np.zeros((10, 2)), np.zeros(9, dtype=np.int64))
    with pytest.raises(ValueError, match=r"X and y must be arrays with one row per example, got shapes \(\) and"):
        data.split(3.0, np.zeros(9))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: data.spirals(noise=-1), ValueError, r"noise must be >= 0 \(a standard deviation\), got -1.0"),
    (lambda: data.sine(noise=-0.1), ValueError, r"noise must be >= 0 \(a standard deviation\), got -0.1"),
    (lambda: data.sine(noise=math.nan), ValueError, r"noise must be a real number, got nan"),
    (lambda: data.spirals(rng="0"), TypeError, r"rng must be None, an int seed or a numpy.random.Generator"),
])
def test_synthetic_sets(call, error, message):
    with pytest.raises(error, match=message):
        call()


# ----------------------------------------------------------------------------- grad


def test_scaled_error_with_mismatched_shapes():
    with pytest.raises(ValueError, match=r"analytic and numerical must have the same shape, got \(3,\) and \(2,\)"):
        grad.scaled_error(np.zeros(3), np.zeros(2))
    with pytest.raises(ValueError, match=r"got \(3,\) and \(3, 1\)"):  # would broadcast to (3, 3)
        grad.scaled_error(np.zeros(3), np.zeros((3, 1)))


def test_gradient_check_warns_when_every_entry_is_below_tol():
    """A gradient twice too large passes when every entry is about 1e-9: the check warns."""
    def f(w):
        return 1e-9 * np.sum(w**2)

    def twice_too_large(w):
        return 4e-9 * w

    with pytest.warns(UserWarning, match=r"every entry of both gradients is below tol = 1e-06 in absolute value "
                                         r"\(the largest is 8.0e-09\), so the check cannot tell"):
        result = grad.gradient_check(f, twice_too_large, [1.0, 2.0])
    assert result.passed and "below tol" in result.note  # it passes: hence the warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scaled up, the same mistake fails and nothing warns
        scaled = grad.gradient_check(lambda w: 1e9 * f(w), lambda w: 1e9 * twice_too_large(w), [1.0, 2.0])
    assert not scaled.passed and scaled.note is None


def test_gradient_check_says_nan():
    analytic_nan = grad.gradient_check(lambda w: np.sum(w**2), lambda w: np.array([2.0, np.nan]), [1.0, 2.0])
    assert not analytic_nan.passed and math.isnan(analytic_nan.max_scaled_error)
    assert analytic_nan.worst_index == (1,)
    assert analytic_nan.note == "NaN in the analytic gradient (1 of 2 entries, the first at (1,))"
    assert "max_scaled_error=nan" in repr(analytic_nan) and "NaN in the analytic gradient" in repr(analytic_nan)
    def defined_for_positive_w0(w):
        return w[1] + (w[0] if w[0] >= 0 else np.nan)

    numerical_nan = grad.gradient_check(defined_for_positive_w0, lambda w: np.array([1.0, 1.0]), [0.0, 1.0])
    assert not numerical_nan.passed and math.isnan(numerical_nan.max_scaled_error)
    assert numerical_nan.note.startswith("NaN in the numerical gradient (1 of 2 entries")


# ---------------------------------------------------------------------------- optim


def test_adam_betas_message_names_the_index():
    with pytest.raises(TypeError, match=r"betas\[1\] must be a real number, got str 'x'"):
        optim.adam(lambda w: w, [1.0], lr=0.1, steps=1, betas=(0.9, "x"))


# ----------------------------------------------------------------------------- init


def test_init_layout_is_checked():
    with pytest.raises(ValueError, match=r"layout must be one of \('out_in', 'in_out'\), got 'io'"):
        init.kaiming_normal((784, 256), layout="io")
    with pytest.raises(TypeError, match=r"layout must be one of \('out_in', 'in_out'\), got tuple"):
        init.fans((784, 256), layout=(784, 256))
