"""Helpers shared by the live (ipywidgets + matplotlib) form of the explorers."""

from __future__ import annotations

import base64
import io
from contextlib import contextmanager
from typing import Any, Iterator

from .._optional import require
from .core import Control


def ipywidgets():
    """Import ipywidgets, or raise an ImportError naming the ``widgets`` extra."""
    return require("ipywidgets", "nnprimer.widgets")


def selection_slider(control: Control, **kwargs: Any):
    """An ipywidgets ``SelectionSlider`` over exactly the values of ``control``.

    The live form then shows the same grid and the same labels as the static form.
    """
    w = ipywidgets()
    return w.SelectionSlider(
        options=list(zip(control.labels, control.values)),
        value=control.values[control.start],
        description=control.label or control.name,
        continuous_update=False,
        style={"description_width": "initial"},
        layout=w.Layout(width="320px"),
        **kwargs,
    )


class Redrawing:
    """Mix-in: count draws, skip redraws while controls are being reconfigured."""

    draws: int = 0
    _configuring: bool = False

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Change controls without redrawing for every intermediate value."""
        self._configuring = True
        try:
            yield
        finally:
            self._configuring = False

    def _on_control(self, change: Any = None) -> None:
        if not self._configuring:
            self.redraw()

    def redraw(self) -> None:  # pragma: no cover - every explorer defines it
        raise NotImplementedError


def png_base64(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def show_figure(output: Any, fig: Any, title: str) -> None:
    """Put ``fig`` into the ``Output`` widget as a PNG and close it (no figure leaks)."""
    import matplotlib.pyplot as plt

    image = png_base64(fig)
    plt.close(fig)
    output.outputs = ({
        "output_type": "display_data",
        "data": {"image/png": image, "text/plain": f"<Figure: {title}>"},
        "metadata": {},
    },)
