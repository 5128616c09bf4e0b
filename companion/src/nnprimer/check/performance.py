"""Checkers of the Performance appendix's exercises."""

from __future__ import annotations

__all__: list[str] = []
