"""Helpers for drawing curves, shared by :mod:`nnprimer.plot` and :mod:`nnprimer.widgets`."""

from __future__ import annotations

import numpy as np


def jumps(y: np.ndarray, ratio: float = 4.0, minimum: float = 0.02) -> np.ndarray:
    """Where ``y`` jumps between neighbours: ``jumps[i]`` is True for a step from i to i + 1.

    A step counts as a jump when it is more than ``ratio`` times both neighbouring steps
    and more than ``minimum`` times the curve's range, so steep smooth curves are not cut.
    """
    with np.errstate(invalid="ignore"):
        step = np.abs(np.diff(y))
        neighbours = np.fmax(np.r_[0.0, step[:-1]], np.r_[step[1:], 0.0])
        finite = y[np.isfinite(y)]
        span = float(np.ptp(finite)) if finite.size else 0.0
        return (step > ratio * neighbours) & (step > minimum * span)
