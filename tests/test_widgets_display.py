"""How an explorer displays in a notebook: two outputs, so a reopened notebook still
shows the kernel-free form (tests/test_jupyterlab.py checks it in JupyterLab)."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")
import IPython.display  # noqa: E402

from nnprimer import widgets  # noqa: E402
from nnprimer.widgets.core import FRONTEND_CSS, WIDGET_VIEW  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: calls.append((objs, kw)))
    return calls


def test_kernel_free_html_first_then_the_live_view(shown):
    ex = widgets.activation_explorer(["relu", "leaky_relu"])
    ex._ipython_display_()
    assert [kw.get("raw") for _, kw in shown] == [True, True]
    first, second = (objs[0] for objs, _ in shown)
    assert first["text/html"].startswith(ex.html) and first["text/html"].endswith(FRONTEND_CSS)
    assert WIDGET_VIEW not in first and first["text/plain"] == repr(ex)
    assert second[WIDGET_VIEW]["model_id"] == ex.widget.model_id
    # kernel-free renderers (the site) pick this empty HTML, not the widget view
    assert second["text/html"] == "" and "text/plain" not in second


def test_closed_widget_gives_one_output(shown):
    ex = widgets.activation_explorer(["relu"])
    ex.widget.close()
    ex._ipython_display_()
    assert len(shown) == 1
    (bundle,), _ = shown[0]
    assert set(bundle) == {"text/html", "text/plain"} and bundle["text/html"] == ex.html
