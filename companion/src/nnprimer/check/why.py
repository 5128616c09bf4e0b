"""Checkers of the "why activation functions" chapter's exercises."""

from __future__ import annotations

__all__: list[str] = []
