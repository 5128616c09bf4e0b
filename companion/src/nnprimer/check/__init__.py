"""Checkers for the exercises: ``check.<name>(answer)`` says whether an answer is right
and, when it is not, what is wrong, without giving the solution away.

Every checker returns a :class:`Report`: true when the answer passed (a solution cell can
``assert`` it), shown as a few lines in the reader's language. A starter cell holds ``...``
where the answer goes; until it is replaced the report says "not answered yet". The
reader's code runs with numpy's floating-point errors raised, so an overflow or a NaN is
reported, not hidden; nothing the reader's code does makes a checker raise.

Generic checks, for exercises of any chapter (:mod:`nnprimer.check._core`):

* :func:`function` -- a function against a reference, case by case;
* :func:`derivative` -- a derivative derived by hand, against finite differences
  (:func:`nnprimer.grad.derivative`) and, optionally, ``torch.autograd``;
* :func:`value` -- a number (or array) worked out by the reader, :func:`values` -- a few
  named numbers given together;
* :func:`choice` -- one of a few options.

One module per chapter holds the checkers only its exercises need (:mod:`.why`,
:mod:`.relu`, :mod:`.sigmoid`, :mod:`.tanh`, :mod:`.softmax`, :mod:`.backprop`,
:mod:`.descent`, :mod:`.vanishing`, :mod:`.initialisation`, :mod:`.performance`); every
public name is available here as ``nnprimer.check.<name>``.

>>> from nnprimer import check
>>> check.value(..., 6.9068)
… Not answered yet: put your answer in place of the ... and run again.
"""

from __future__ import annotations

from . import backprop, descent, initialisation, performance, relu, sigmoid, softmax, tanh, vanishing, why
from ._core import Report, choice, derivative, function, value, values
from .backprop import *  # noqa: F401,F403
from .descent import *  # noqa: F401,F403
from .initialisation import *  # noqa: F401,F403
from .performance import *  # noqa: F401,F403
from .relu import *  # noqa: F401,F403
from .sigmoid import *  # noqa: F401,F403
from .softmax import *  # noqa: F401,F403
from .tanh import *  # noqa: F401,F403
from .vanishing import *  # noqa: F401,F403
from .why import *  # noqa: F401,F403

#: The chapter modules, in the order of the book.
CHAPTERS = (why, relu, sigmoid, tanh, softmax, backprop, descent, vanishing, initialisation, performance)

__all__ = ["CHAPTERS", "Report", "choice", "derivative", "function", "value", "values"] + [
    name for module in CHAPTERS for name in module.__all__]
