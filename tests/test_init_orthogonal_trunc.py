"""nnprimer.init.orthogonal and trunc_normal against torch.nn.init (distribution level).

Values cannot agree (numpy and torch have different generators), so the tests check the
defining properties (orthogonality, gain, bounds) and compare the distributions with
torch's own samples and with scipy's truncated normal.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from nnprimer import init

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (8, 2, 3, 3), (2, 4, 3)])
@pytest.mark.parametrize("gain", [1.0, 0.5, math.sqrt(2)])
def test_orthogonal_has_all_singular_values_equal_to_gain(shape, gain):
    w = init.orthogonal(shape, gain=gain, rng=0)
    assert w.shape == shape and w.dtype == np.float64
    m = w.reshape(shape[0], -1)
    sv = np.linalg.svd(m, compute_uv=False)
    assert np.allclose(sv, gain, atol=1e-12)
    small = min(m.shape)
    gram = m @ m.T if m.shape[0] <= m.shape[1] else m.T @ m
    assert np.allclose(gram, gain**2 * np.eye(small), atol=1e-12)


def test_orthogonal_is_seeded_and_matches_torch_entry_distribution():
    assert np.array_equal(init.orthogonal((6, 6), rng=3), init.orthogonal((6, 6), rng=3))
    assert not np.array_equal(init.orthogonal((6, 6), rng=3), init.orthogonal((6, 6), rng=4))
    n, draws = 8, 400
    ours = np.stack([init.orthogonal((n, n), rng=s) for s in range(draws)])
    gen = torch.Generator().manual_seed(0)
    theirs = np.stack([torch.nn.init.orthogonal_(torch.empty(n, n, dtype=torch.float64), generator=gen).numpy()
                       for _ in range(draws)])
    # Haar-distributed: every entry has mean 0 and variance 1/n; the sign fix removes the
    # bias a plain QR leaves on the diagonal.
    for sample in (ours, theirs):
        assert abs(sample.mean()) < 0.01
        assert sample.var() == pytest.approx(1 / n, rel=0.02)
        assert abs(np.diagonal(sample, axis1=1, axis2=2).mean()) < 0.03
    assert stats.ks_2samp(ours[:, 0, 0], theirs[:, 0, 0]).pvalue > 1e-3


def test_orthogonal_keeps_the_norm_of_every_vector():
    w = init.orthogonal((64, 32), gain=1.5, rng=1)
    x = np.random.default_rng(2).standard_normal((32, 10))
    assert np.allclose(np.linalg.norm(w @ x, axis=0), 1.5 * np.linalg.norm(x, axis=0))


@pytest.mark.parametrize("mean, std, a, b", [(0.0, 1.0, -2.0, 2.0), (0.0, 0.02, -2.0, 2.0),
                                             (1.0, 2.0, 0.0, 5.0), (0.0, 1.0, 1.0, 3.0)])
def test_trunc_normal_matches_scipy_and_torch(mean, std, a, b):
    n = 200_000
    w = init.trunc_normal((n,), mean=mean, std=std, a=a, b=b, rng=0)
    assert w.min() >= a and w.max() <= b
    ref = stats.truncnorm((a - mean) / std, (b - mean) / std, loc=mean, scale=std)
    assert w.mean() == pytest.approx(ref.mean(), abs=5 * ref.std() / math.sqrt(n))
    assert w.var() == pytest.approx(ref.var(), rel=0.02)
    t = torch.nn.init.trunc_normal_(torch.empty(20_000, dtype=torch.float64), mean=mean, std=std, a=a, b=b,
                                    generator=torch.Generator().manual_seed(0)).numpy()
    assert stats.ks_2samp(w[:20_000], t).pvalue > 1e-3


def test_trunc_normal_default_cuts_at_two_std():
    w = init.trunc_normal((100_000,), rng=1)
    phi2 = math.exp(-2) / math.sqrt(2 * math.pi)
    expected = 1 - 4 * phi2 / (2 * stats.norm.cdf(2) - 1)
    assert expected == pytest.approx(0.774, abs=1e-3)
    assert w.var() == pytest.approx(expected, rel=0.02)
    assert np.array_equal(w, init.trunc_normal((100_000,), rng=1))


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        init.orthogonal((5,))
    with pytest.raises(ValueError, match="gain"):
        init.orthogonal((3, 3), gain=-1.0)
    with pytest.raises(TypeError, match="shape"):
        init.orthogonal(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="a < b"):
        init.trunc_normal((3,), a=1.0, b=1.0)
    with pytest.raises(ValueError, match="std > 0"):
        init.trunc_normal((3,), std=0.0)
    with pytest.raises(ValueError, match="std"):
        init.trunc_normal((3,), std=-1.0)
    with pytest.raises(ValueError, match="no probability mass"):
        init.trunc_normal((3,), mean=0.0, std=1.0, a=50.0, b=60.0)
    with pytest.raises(TypeError, match="mean"):
        init.trunc_normal((3,), mean="0")


def test_empty_shapes():
    assert init.orthogonal((0, 3)).shape == (0, 3)
    assert init.trunc_normal((0,)).shape == (0,)
