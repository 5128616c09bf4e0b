"""chapters.performance.page_faults: fresh outputs fault pages in, preallocated ones do not."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from nnprimer import chapters


@pytest.mark.skipif(sys.platform == "win32", reason="no resource module")
def test_a_fresh_large_array_faults_pages_in_and_a_preallocated_one_does_not():
    x = np.ones(1 << 23)  # 64 MiB: above glibc's largest mmap threshold, so never reused
    out = np.empty_like(x)
    fresh = chapters.performance.page_faults(lambda a: a * 2.0, x)  # a new 64 MiB array per call
    reused = chapters.performance.page_faults(np.multiply, x, 2.0, out)
    assert fresh >= 16  # at least one fault per 2 MiB page, even with huge pages
    assert reused < fresh / 8


def test_page_faults_validates_its_arguments():
    with pytest.raises(TypeError, match="fn must be callable"):
        chapters.performance.page_faults(3)
    with pytest.raises(ValueError, match="number must be >= 1"):
        chapters.performance.page_faults(print, number=0)


torch = pytest.importorskip("torch")


def test_preallocated_kernels_match_the_functional_api_and_write_into_out():
    import torch.nn.functional as F

    x = torch.linspace(-5, 5, 1001)
    out = torch.empty_like(x)
    reference = {"relu": F.relu, "leaky_relu": F.leaky_relu, "elu": F.elu, "gelu": F.gelu,
                 "silu": F.silu, "hardswish": F.hardswish, "sigmoid": torch.sigmoid,
                 "tanh": torch.tanh}
    kernels = chapters.performance.preallocated_kernels(x, out)
    assert sorted(kernels) == sorted(reference)
    for name, kernel in kernels.items():
        out.fill_(float("nan"))
        result = kernel()
        assert result.data_ptr() == out.data_ptr(), name
        torch.testing.assert_close(out, reference[name](x), rtol=0, atol=0, msg=name)


@pytest.mark.skipif(sys.platform == "win32", reason="no resource module")
def test_preallocated_kernels_do_not_allocate():
    x = torch.randn(1 << 24)  # 64 MiB: a fresh output is mapped anew on every call
    out = torch.empty_like(x)
    for name, kernel in chapters.performance.preallocated_kernels(x, out).items():
        assert chapters.performance.page_faults(kernel) < 4, name
    assert chapters.performance.page_faults(torch.relu, x) >= 32  # the functional form allocates


def test_preallocated_kernels_validate():
    x = torch.zeros(3)
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        chapters.performance.preallocated_kernels(np.zeros(3), x)
    with pytest.raises(ValueError, match="out must have the shape and dtype of x"):
        chapters.performance.preallocated_kernels(x, torch.zeros(4))
    with pytest.raises(ValueError, match="names must be among"):
        chapters.performance.preallocated_kernels(x, torch.zeros(3), names=["softmax"])
