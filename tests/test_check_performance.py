"""Checkers of the Performance appendix (nnprimer.chapters.performance.check): right and wrong answers
for the contract in tests/test_check.py."""

CASES = {
    "predicted_times": (
        lambda gb, gf: (8e8 / (gb * 1e9), 2 * 2048**3 / (gf * 1e9)),
        [lambda gb, gf: (4e8 / (gb * 1e9), 2 * 2048**3 / (gf * 1e9)),  # the write forgotten
         lambda gb, gf: (8e8 / (gb * 1e9), 2048**3 / (gf * 1e9)),  # the multiply-add counted once
         lambda gb, gf: (8e8 / (gb * 2**30), 2 * 2048**3 / (gf * 2**30)),  # GiB instead of GB
         lambda gb, gf: (8e8 / (gb * 1e9), 12 * 2048**2 / (gb * 1e9))],  # the product as memory-bound
    ),
}
