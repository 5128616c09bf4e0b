"""Shared pytest configuration: hypothesis profile, and helpers for comparing with torch."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Deterministic, bounded property tests: the same examples on every run and in CI.
settings.register_profile(
    "nnprimer",
    max_examples=int(os.environ.get("NNPRIMER_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("nnprimer")


@pytest.fixture
def zh():
    """Chinese labels for one test, English again afterwards."""
    import nnprimer

    nnprimer.set_language("zh")
    yield
    nnprimer.set_language("en")
