"""Checkers of the ReLU chapter's exercises."""

from __future__ import annotations

__all__: list[str] = []
