"""Colours shared by the static explorers (:mod:`nnprimer.widgets`) and the matplotlib
figures (:mod:`nnprimer.plot`), so a function and its derivative look the same in both.

matplotlib's C0 for a function, and a darker orange than C1 for its derivative: 3.8:1
against white, where C1 (#ff7f0e) is 2.5:1, below the 3:1 that WCAG 2.1 (1.4.11) asks of
graphics. This module imports nothing, so the kernel-free explorers stay light.
"""

FUNCTION_COLOR = "#1f77b4"
DERIVATIVE_COLOR = "#d95f02"
