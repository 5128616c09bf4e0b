"""Input checks shared by every public function.

Errors name the argument, say what was expected and show what was received, for example
``ValueError: negative_slope must be finite, got nan``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

_FLOAT_KINDS = "f"
_INT_KINDS = "iu"


def _describe(value: object) -> str:
    """A short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"array of dtype {value.dtype} and shape {value.shape}"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def as_float_array(x: object, name: str = "x") -> np.ndarray:
    """Return ``x`` as a floating-point numpy array.

    Floating arrays keep their dtype (float32 stays float32); Python numbers, lists and
    integer arrays become float64. Strings, booleans, complex numbers, object arrays and
    ragged lists raise TypeError naming ``name``. Torch tensors are rejected with a hint:
    the reference takes numpy input, the ``.torch`` methods take tensors.
    """
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be a real number or an array of real numbers, got {_describe(x)}")
    if type(x).__module__.startswith("torch"):
        raise TypeError(
            f"{name} must be a real number or a numpy array, got a torch {type(x).__name__}; "
            "call .numpy() first, or use the .torch method for tensors"
        )
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except ValueError as exc:  # ragged nested lists
            raise TypeError(f"{name} must be a rectangular array of real numbers, got {_describe(x)}") from exc
    kind = arr.dtype.kind
    if kind in _FLOAT_KINDS:
        return arr
    if kind in _INT_KINDS:
        return arr.astype(np.float64)
    raise TypeError(
        f"{name} must contain real numbers (int or float), got {_describe(x)}"
        + (" (complex numbers are not supported)" if kind == "c" else "")
    )


def real_number(value: object, name: str, *, finite: bool = True) -> float:
    """Check that ``value`` is a real number (not bool, str, complex) and return it as float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {_describe(value)}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} must be a real number, got nan")
    if finite and math.isinf(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def positive_number(value: object, name: str) -> float:
    """A finite real number > 0."""
    value = real_number(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def integer(value: object, name: str, *, minimum: int | None = None) -> int:
    """Check that ``value`` is an int (numpy ints included, bool excluded)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {_describe(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def choice(value: object, name: str, options: tuple[str, ...] | list[str]) -> str:
    """Check that ``value`` is one of the strings in ``options``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {tuple(options)}, got {_describe(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {value!r}")
    return value


def axis_index(axis: object, ndim: int, name: str = "axis") -> int:
    """Check an axis against an array's number of dimensions and return it normalised."""
    axis = integer(axis, name)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name} must be in [{-ndim}, {ndim - 1}] for an array with {ndim} dimension(s), got {axis}")
    return axis % ndim


def rng_from(rng: object, name: str = "rng") -> np.random.Generator:
    """Turn ``rng`` (None, an int seed, or a Generator) into a numpy Generator."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, bool) or not isinstance(rng, numbers.Integral):
        raise TypeError(f"{name} must be None, an int seed or a numpy.random.Generator, got {_describe(rng)}")
    if rng < 0:
        raise ValueError(f"{name} must be a non-negative int seed, got {rng}")
    return np.random.default_rng(int(rng))


def seed_from(rng: object, name: str = "rng") -> int:
    """One int seed that ``rng`` (None, an int seed or a Generator) stands for: an int is
    its own seed, a Generator gives one draw, None a seed from fresh entropy. For code that
    seeds several things alike or seeds a torch generator; no global generator is touched."""
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        rng_from(rng, name)  # validates
        return int(rng)
    return int(rng_from(rng, name).integers(2**63))
