"""Import optional dependencies with an error message that says how to get them."""

from __future__ import annotations

import importlib
from types import ModuleType

# import name -> (distribution on PyPI, extra of nnprimer that installs it)
_EXTRAS = {
    "torch": ("torch", "torch"),
    "matplotlib": ("matplotlib", "plot"),
    "sklearn": ("scikit-learn", "data"),
    "ipywidgets": ("ipywidgets", "widgets"),
}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` or raise an ImportError naming the nnprimer extra to install.

    >>> np = require("numpy", "nnprimer.activations")
    >>> np.__name__
    'numpy'

    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        dist, extra = _EXTRAS.get(module.split(".")[0], (module, "all"))
        raise ImportError(
            f"{feature} needs {dist}, which is not installed. Install it with "
            f"`pip install 'nnprimer[{extra}]'` (or `pip install {dist}`)."
        ) from exc
