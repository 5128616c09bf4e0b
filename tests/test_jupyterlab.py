"""The chapters as a reader sees them in JupyterLab (with ``jupyterlab-myst``), in Chromium.

A JupyterLab server is started on 127.0.0.1 (a free port, no token, as its own process
with temporary config, data, runtime, settings and workspace folders; the served folder
is a temporary copy), and Debian's Chromium opens notebooks in it through Playwright
(``executable_path``; no browser download; every request to another host is aborted).

* ``test_myst_markup_is_rendered``: MyST markup of the chapters (label lines such as
  ``(relu-leaky)=``, ``{term}`` roles, ``:::{admonition}`` fences) is rendered by the
  ``jupyterlab-myst`` extension, not shown as raw text.
* ``test_reopened_explorer_is_shown``: a notebook that was run and saved (outputs, no
  widget state, as JupyterLab saves by default) and is opened again shows the
  kernel-free explorer instead of "Error displaying widget: model not found".

Screenshots go to ``$NNPRIMER_SCREENSHOTS`` when it is set.
Without Chromium, Playwright, JupyterLab or jupyterlab-myst the tests skip (and fail with
CI=true).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import site_helpers as sh

pytestmark = pytest.mark.site

CHAPTER = sh.ROOT / "book" / "en" / "02_relu.ipynb"

LABEL_LINE = re.compile(r"^\([\w-]+\)=[ \t]*$", re.M)
RAW_ROLE = re.compile(r"\{(?:term|ref|doc|numref|eq|math|zh|download|index|abbr|sub|sup)\}")
RAW_FENCE = re.compile(r"^(?::::*|````*)\{[\w-]+\}", re.M)
RAW_FENCE_LINE = re.compile(r"^(?::{3,}|`{3,})(\{[\w-]+\}.*)?$", re.M)

# JupyterLab user settings: no news pop-up, every cell rendered (no windowing), so the
# whole notebook is in the page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _screenshot(page, name: str) -> None:
    folder = os.environ.get("NNPRIMER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab: yields (base URL, served folder, its JUPYTER_DATA_DIR)."""
    for module, package in (("jupyterlab", "jupyterlab"), ("jupyterlab_myst", "jupyterlab-myst"),
                            ("nbformat", "nbformat"), ("nbclient", "nbclient")):
        try:
            __import__(module)
        except ImportError:
            sh.skip_or_fail(f"install {package} from PyPI (pip install -r requirements.txt)", "the JupyterLab tests")
    base = tmp_path_factory.mktemp("lab")
    root, data = base / "root", base / "data"
    for d in (root, data, base / "config", base / "runtime", base / "workspaces"):
        d.mkdir()
    shutil.copy(CHAPTER, root / CHAPTER.name)
    for rel, values in LAB_SETTINGS.items():
        path = base / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(base / "config"),
           "JUPYTER_DATA_DIR": str(data), "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
           "JUPYTER_PLATFORM_DIRS": "1"}
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
           "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
           f"--ServerApp.root_dir={root}",
           f"--LabApp.user_settings_dir={base / 'settings'}",
           f"--LabApp.workspaces_dir={base / 'workspaces'}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(base / "server.log", "w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url + "api/status", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + (base / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url, root, data
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser_context():
    exe = sh.browser_or_skip("the JupyterLab tests")
    with sh.chromium(exe) as context:
        yield context


@contextlib.contextmanager
def _open_notebook(context, url: str):
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=90000)
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90000)
        yield page
    finally:
        page.close()


#: The notebook in the current tab (JupyterLab keeps other tabs' notebooks in the page).
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

#: What the first code cell's output area shows: its visible text, a visible kernel-free
#: explorer (a drawn chart), a live widget view.
_JS_OUTPUT_STATE = """
() => {
  const area = document.querySelector('%s .jp-CodeCell .jp-OutputArea');
  if (!area) return {text: '', static: false, live: false};
  const visible = e => e.getClientRects().length > 0 && e.getBoundingClientRect().height > 50;
  return {
    text: area.innerText,
    static: Array.from(area.querySelectorAll('.nnp-explorer svg')).some(visible),
    live: Array.from(area.querySelectorAll('.jp-OutputArea-output .jupyter-widgets')).some(visible),
  };
}
""" % PANEL

#: The rendered part of a markdown cell: jupyterlab-myst's ``.myst``, or JupyterLab's own
#: renderer (then raw MyST markup shows, and the test says so).
_RENDERED = ".myst, .jp-RenderedMarkdown"

_JS_MARKDOWN_TEXT = """
() => Array.from(document.querySelectorAll('%s .jp-MarkdownCell'))
        .map(c => { const r = c.querySelector('%s'); return r ? r.innerText : ''; })
""" % (PANEL, _RENDERED)

#: True once every markdown cell whose index is in ``wanted`` shows rendered text. The
#: renderer works cell by cell and asynchronously (slower on a busy machine), and
#: JupyterLab may defer cells far from the viewport: the first cell still without text is
#: scrolled into view on each poll.
_JS_ALL_RENDERED = """
(wanted) => {
  const cells = Array.from(document.querySelectorAll('%s .jp-MarkdownCell'));
  for (const i of wanted) {
    const r = cells[i] && cells[i].querySelector('%s');
    if (!r || !r.innerText.trim()) {
      if (cells[i]) cells[i].scrollIntoView({block: 'center'});
      return false;
    }
  }
  return true;
}
""" % (PANEL, _RENDERED)

#: True once the widget manager has settled every widget-view output of the first code
#: cell: drawn, or "Error displaying widget: ..." (no output still "Loading widget...").
_JS_WIDGETS_SETTLED = """
() => {
  const outputs = Array.from(document.querySelectorAll('%s .jp-CodeCell .jp-OutputArea-output'));
  return outputs.length > 0 && !outputs.some(o => o.textContent.includes('Loading widget'));
}
""" % PANEL


def test_myst_markup_is_rendered(lab, browser_context):
    url, root, _ = lab
    nb = json.loads(CHAPTER.read_text("utf-8"))
    markdown = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    source = "\n".join(markdown)
    # the chapter does use the markup this test is about
    assert LABEL_LINE.search(source) and RAW_ROLE.search(source), "chapter without MyST markup?"
    # cells that render to some text (a cell holding only label lines and directive fences,
    # such as `::::{solution-end}`, renders empty)
    wanted = [i for i, m in enumerate(markdown) if RAW_FENCE_LINE.sub("", LABEL_LINE.sub("", m)).strip()]
    with _open_notebook(browser_context, f"{url}lab/tree/{CHAPTER.name}?reset") as page:
        page.wait_for_function(
            f"() => document.querySelectorAll('{PANEL} .jp-MarkdownCell').length >= {len(markdown)}",
            timeout=60000)
        page.wait_for_function(_JS_ALL_RENDERED, arg=wanted, timeout=120000, polling=250)
        page.evaluate(f"() => document.querySelector('{PANEL} .jp-MarkdownCell').scrollIntoView()")
        _screenshot(page, "jupyterlab-02_relu.png")
        texts = page.evaluate(_JS_MARKDOWN_TEXT)
    assert len(texts) == len(markdown)
    shown = "\n".join(texts)
    assert "ReLU" in shown and len(shown) > 0.5 * len(source), "markdown cells not rendered"
    # the chapter's own labels, shown as written ("(relu-leaky)="): not rendered
    labels = {line.strip() for line in LABEL_LINE.findall(source)}
    raw = ([f"label line {line.strip()!r}" for line in shown.splitlines() if line.strip() in labels]
           + [f"role {m!r}" for m in RAW_ROLE.findall(shown)]
           + [f"directive fence {m!r}" for m in RAW_FENCE.findall(shown)])
    assert not raw, "JupyterLab shows raw MyST markup:\n" + "\n".join(raw[:20])


EXPLORER_CELL = """\
import nnprimer
from nnprimer.widgets import activation_explorer

nnprimer.set_language("en")
activation_explorer(["relu", "leaky_relu"])
"""


def test_reopened_explorer_is_shown(lab, browser_context):
    """Run, save (outputs, no widget state: JupyterLab's default), reopen: the
    kernel-free explorer is visible and no "model not found" error is."""
    import nbclient
    import nbformat
    from nbformat.sign import NotebookNotary

    url, root, data = lab
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(EXPLORER_CELL)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=False,
                            resources={"metadata": {"path": str(root)}}).execute()
    mimes = [set(o.get("data", {})) for o in nb.cells[0].outputs]
    assert any("application/vnd.jupyter.widget-view+json" in m for m in mimes), mimes
    # JupyterLab trusts a notebook the reader saved: sign it with the server's notary
    NotebookNotary(data_dir=str(data)).sign(nb)
    nbformat.write(nb, root / "explorer.ipynb")

    with _open_notebook(browser_context, f"{url}lab/tree/explorer.ipynb?reset") as page:
        page.wait_for_selector(f"{PANEL} .jp-CodeCell .jp-OutputArea-output", timeout=60000)
        # "Loading widget..." until the widget manager gives up on the missing model
        # (about 3 s on a quiet machine)
        page.wait_for_function(_JS_WIDGETS_SETTLED, timeout=90000)
        _screenshot(page, "jupyterlab-reopened-explorer.png")
        reopened = page.evaluate(_JS_OUTPUT_STATE)
        # run the cell again: the live widget, and only it, is shown
        page.click(f"{PANEL} .jp-CodeCell .jp-InputArea-editor")
        page.keyboard.press("Shift+Enter")
        # the live widget drawn and the kernel-free copy hidden by FRONTEND_CSS
        try:
            page.wait_for_function(f"() => {{ const s = ({_JS_OUTPUT_STATE})(); return s.live && !s.static; }}",
                                   timeout=90000)
        except Exception:  # noqa: BLE001 - what is shown instead is reported below
            pass
        _screenshot(page, "jupyterlab-rerun-explorer.png")
        rerun = page.evaluate(_JS_OUTPUT_STATE)
    problems = []
    if "model not found" in reopened["text"]:
        problems.append(f"reopened: shows {reopened['text'].strip()[:120]!r}")
    if not reopened["static"]:
        problems.append(f"reopened: no visible kernel-free explorer (output: {reopened['text'].strip()[:120]!r})")
    if not rerun["live"]:
        problems.append(f"re-run: the live widget is not shown (output: {rerun['text'].strip()[:120]!r})")
    if rerun["static"]:
        problems.append("re-run: the kernel-free copy is shown beside the live widget")
    assert not problems, "\n".join(problems)
