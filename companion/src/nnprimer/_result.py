"""The base of the package's result records, with one release of compatibility for the
dicts and tuples that nnprimer 0.1 returned.

A result with named fields is a frozen dataclass whose docstring lists each field. In 0.1
some of them were dicts with fixed keys and some were tuples; for one more release a record
that was a dict still answers ``r["var"]`` (and ``in``, ``keys``, ``items``, ...), and one
that was a tuple still unpacks and indexes, each with a ``DeprecationWarning`` that names the
attribute to use instead::

    @dataclass(frozen=True, eq=False)
    class ForwardStatistics(FormerDict):
        mean: np.ndarray
        var: np.ndarray

Records that hold arrays use ``eq=False`` (identity comparison): ``==`` on two records of
arrays has no single truth value.
"""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any, Iterator


def _names(record: Any) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record))


def _values(record: Any) -> tuple:
    return tuple(getattr(record, name) for name in _names(record))


def _warn(message: str, stacklevel: int) -> None:
    """Warn at the caller of the method ``stacklevel - 1`` frames above this function."""
    warnings.warn(message, DeprecationWarning, stacklevel=stacklevel)


class FormerDict:
    """Mixin for a record that nnprimer 0.1 returned as a dict with these keys."""

    __slots__ = ()

    def _deprecated(self, how: str) -> None:
        kind = type(self).__name__
        _warn(f"{kind} is a record in nnprimer 0.2, not a dict: {how} will stop working in 0.3; "
              f"use its attributes .{', .'.join(_names(self))}", 4)

    def __getitem__(self, key: str) -> Any:
        if not isinstance(key, str) or key not in _names(self):
            raise KeyError(key)
        kind = type(self).__name__
        _warn(f"{kind}[{key!r}]: {kind} is a record in nnprimer 0.2, not a dict; use .{key} instead "
              "(dict-style access will stop working in 0.3)", 3)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        self._deprecated("'in'")
        return key in _names(self)

    def __iter__(self) -> Iterator[str]:
        self._deprecated("iterating over its keys")
        return iter(_names(self))

    def keys(self):
        self._deprecated(".keys()")
        return dict(zip(_names(self), _values(self))).keys()

    def values(self):
        self._deprecated(".values()")
        return dict(zip(_names(self), _values(self))).values()

    def items(self):
        self._deprecated(".items()")
        return dict(zip(_names(self), _values(self))).items()

    def get(self, key: str, default: Any = None) -> Any:
        self._deprecated(".get()")
        return getattr(self, key) if key in _names(self) else default


class FormerTuple:
    """Mixin for a record that nnprimer 0.1 returned as a tuple (or NamedTuple) of these
    fields, in this order."""

    __slots__ = ()

    def _deprecated(self, how: str) -> None:
        kind = type(self).__name__
        _warn(f"{kind} is a record in nnprimer 0.2, not a tuple: {how} will stop working in 0.3; "
              f"use its attributes .{', .'.join(_names(self))}", 4)

    def __iter__(self) -> Iterator[Any]:
        self._deprecated("unpacking or iterating over it")
        return iter(_values(self))

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, str):
            raise TypeError(f"{type(self).__name__} has no keys; use the attribute .{index}")
        self._deprecated("indexing it")
        return _values(self)[index]

    def __len__(self) -> int:
        self._deprecated("len() of it")
        return len(_names(self))

    def __bool__(self) -> bool:  # a record is true; without this, bool() would call __len__
        return True
