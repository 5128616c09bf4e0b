"""How an explorer is displayed: two outputs, of which a reader sees one.

The kernel-free HTML comes first, so that a notebook reopened without widget state still
shows a working explorer (tests/test_jupyterlab.py checks that in JupyterLab); the live
widget second, carrying a style that hides its kernel-free twin wherever the widget is
drawn. The browser test here plays a front end that is not JupyterLab: both outputs in
one document, as VS Code, Notebook 6 and Colab (within a cell) put them.
"""

from __future__ import annotations

import re

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")
import IPython.display  # noqa: E402

from nnprimer import widgets as W  # noqa: E402
from nnprimer.widgets.explorer import FRONTEND_CSS, WIDGET_VIEW  # noqa: E402
from test_widgets_browser import browser, open_page  # noqa: E402,F401  (fixtures)


@pytest.fixture
def shown(monkeypatch):
    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: calls.append((objs, kw)))
    return calls


@pytest.fixture
def explorer():
    return W.activation_explorer(["relu", "leaky_relu"])


def test_kernel_free_html_first_then_the_live_view(shown, explorer):
    explorer._ipython_display_()
    assert [kw.get("raw") for _, kw in shown] == [True, True]
    first, second = (objs[0] for objs, _ in shown)
    assert first["text/html"] == explorer.html + FRONTEND_CSS
    assert WIDGET_VIEW not in first and first["text/plain"] == repr(explorer)
    assert second[WIDGET_VIEW]["model_id"] == explorer.widget.model_id
    # kernel-free renderers (the site) pick this empty HTML, not the widget view
    assert second["text/html"] == "" and "text/plain" not in second


def test_closed_widget_gives_one_output(shown, explorer):
    explorer.widget.close()
    explorer._ipython_display_()
    assert len(shown) == 1
    (bundle,), _ = shown[0]
    assert set(bundle) == {"text/html", "text/plain"} and bundle["text/html"] == explorer.html
    assert set(explorer._repr_mimebundle_()) == {"text/html", "text/plain"}


def test_mime_bundle_has_the_widget_view_and_the_static_html(explorer):
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.widget.model_id
    assert bundle["text/html"] == explorer.html
    assert explorer._repr_mimebundle_(include={"text/html"}) == {"text/html": explorer.html}
    assert WIDGET_VIEW not in explorer._repr_mimebundle_(exclude={WIDGET_VIEW})


def visible(opened) -> bool:
    return opened.page.locator(".nnp-explorer").is_visible()


def test_one_copy_where_the_live_widget_is_drawn(open_page, explorer):
    """Outside JupyterLab too: the live widget's own style hides the kernel-free copy, and
    only while the widget is on the page."""
    first = explorer.html + FRONTEND_CSS
    drawn = f'<div class="widget-html-content">{explorer.live.widget.children[0].value}</div>'
    assert visible(open_page(first))  # no live widget (reopened, static site): the kernel-free copy
    assert not visible(open_page(first, drawn))  # the live widget drawn: only it
    other = W.activation_explorer(["relu"])  # another explorer's widget leaves this copy alone
    assert visible(open_page(first, f"<div>{other.live.widget.children[0].value}</div>"))
    assert re.search(r'id="([^"]+)"', explorer.html).group(1) != re.search(r'id="([^"]+)"', other.html).group(1)
