"""A teacher's own activation: Activation.from_functions, and where it is accepted."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from nnprimer import activations as A
from nnprimer import plot, train

pytestmark = pytest.mark.filterwarnings("error")


def softsign(x):
    return x / (1 + np.abs(x))


def softsign_grad(x):
    return 1 / (1 + np.abs(x)) ** 2


@pytest.fixture
def act():
    return A.Activation.from_functions("softsign", softsign, softsign_grad)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    matplotlib.pyplot.close("all")


def test_values_derivative_and_the_package_conventions(act):
    x = np.array([-3.0, -0.5, 0.0, 2.0])
    np.testing.assert_array_equal(act(x), softsign(x))
    np.testing.assert_array_equal(act.grad(x), softsign_grad(x))
    for dtype in (np.float16, np.float32, np.float64):
        assert act(x.astype(dtype)).dtype == dtype and act.grad(x.astype(dtype)).dtype == dtype
    assert act([1, 2]).dtype == np.float64 and isinstance(act(1.0), np.float64)
    assert np.isnan(act.grad(np.array([np.nan, 1.0]))[0])
    assert A.get(act) is act and A.get("relu") is A.relu
    assert "softsign" in repr(act)
    with pytest.raises(TypeError, match="unexpected keyword"):
        act(x, alpha=1.0)


def test_torch_without_torch_f_runs_f_forward_and_df_backward(act):
    t = torch.linspace(-4, 4, 81, dtype=torch.float64, requires_grad=True)
    y = act.torch(t)
    torch.testing.assert_close(y.detach(), torch.from_numpy(softsign(t.detach().numpy())), rtol=0, atol=0)
    (g,) = torch.autograd.grad(y.sum(), t)
    np.testing.assert_array_equal(g.numpy(), softsign_grad(t.detach().numpy()))  # df itself, not autograd of f
    t32 = torch.ones(3, dtype=torch.float32)
    assert act.torch(t32).dtype == torch.float32


def test_module_is_an_nn_module_that_backpropagates(act):
    module = act.module()
    assert isinstance(module, torch.nn.Module) and "softsign" in repr(module)
    t = torch.tensor([[-1.0, 0.0, 3.0]], requires_grad=True)
    module(t).sum().backward()
    np.testing.assert_allclose(t.grad.numpy(), softsign_grad(np.array([[-1.0, 0.0, 3.0]])), rtol=1e-7)


def test_torch_f_is_used_by_torch_and_module_on_any_device():
    act = A.Activation.from_functions("softsign", softsign, softsign_grad, torch_f=torch.nn.functional.softsign)
    t = torch.linspace(-3, 3, 13, dtype=torch.float64, requires_grad=True)
    torch.testing.assert_close(act.torch(t), torch.nn.functional.softsign(t), rtol=0, atol=0)
    torch.testing.assert_close(act.module()(t), torch.nn.functional.softsign(t), rtol=0, atol=0)
    meta = torch.empty(3, device="meta")
    assert act.torch(meta).device.type == "meta"  # torch_f runs where the tensor is


def test_numpy_functions_need_a_cpu_float_tensor(act):
    # a "meta" tensor stands for any tensor not on the CPU (CUDA, MPS): same check, no GPU needed
    with pytest.raises(ValueError, match="needs a tensor on the CPU, got one on meta; pass torch_f"):
        act.torch(torch.empty(3, device="meta"))
    with pytest.raises(ValueError, match="needs a tensor on the CPU"):
        act.module()(torch.empty(3, device="meta"))
    with pytest.raises(TypeError, match="float16, float32 or float64 tensor, got torch.bfloat16"):
        act.torch(torch.ones(3, dtype=torch.bfloat16))


@pytest.mark.parametrize(("args", "error", "match"), [
    (("", softsign, softsign_grad), TypeError, "name must be a non-empty str"),
    ((3, softsign, softsign_grad), TypeError, "name must be a non-empty str"),
    (("s", "x / (1 + |x|)", softsign_grad), TypeError, "f must be a callable"),
    (("s", softsign, None), TypeError, "df must be a callable"),
    (("s", softsign, softsign_grad, "softsign"), TypeError, "torch_f must be None or a callable"),
])
def test_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        A.Activation.from_functions(*args)


def test_functions_must_act_elementwise():
    act = A.Activation.from_functions("total", lambda x: x.sum(), lambda x: np.ones_like(x))
    with pytest.raises(ValueError, match=r"f of total must act elementwise: for x of shape \(3,\) it returned shape \(\)"):
        act(np.ones(3))
    with pytest.raises(TypeError, match=r"df\(x\) of bad must contain real numbers"):
        A.Activation.from_functions("bad", np.abs, lambda x: x > 0).grad(np.ones(3))


def test_mlp_trains_with_it(act):
    model = train.mlp([4, 8, 3], act)
    assert all(m.activation is act for m in model.acts)
    X = torch.randn(16, 4)
    loss = torch.nn.functional.cross_entropy(model(X), torch.zeros(16, dtype=torch.long))
    loss.backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in model.parameters())


def test_plot_activation_draws_it_with_its_derivative_by_autograd(act):
    x = np.linspace(-3, 3, 61)
    ax = plot.plot_activation(act, x=x)
    f_line, g_line = ax.get_lines()[:2]
    np.testing.assert_array_equal(f_line.get_ydata(), softsign(x))
    np.testing.assert_array_equal(g_line.get_ydata(), softsign_grad(x))
    assert ax.get_title() == "softsign"
    assert ax.get_legend().texts[1].get_text() == "f'(x) (autograd)"
