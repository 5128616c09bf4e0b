"""The contract every explorer keeps, checked for all of them by one parametrised suite.

In the manner of scikit-learn's ``check_estimator``: :data:`EXPLORERS` lists every
explorer of :mod:`nnprimer.widgets` with small arguments, and each test runs for each:

* the kernel-free page: under :data:`MAX_BYTES` (with the book's arguments), self-contained
  (no URL, no CDN, no require.js), built with numpy alone;
* both languages: the labels follow :func:`nnprimer.set_language`, and the Chinese forms
  hold no English words except names and symbols (the English words are those of the
  catalog's messages that its translations do not keep);
* the live form: one redraw per change of a control or of the scene; for the same
  control values its frame is the kernel-free form's (as precomputed, and as stored in
  the page to its rounding), and its figure shows that frame;
* display: the live widget hides its kernel-free twin (tests/test_widgets_display.py
  checks how); :meth:`~nnprimer.widgets.Explorer.save_html` writes a standalone page;
* in a browser, on that page (skips without Chromium, fails with ``CI=true``): every
  control reached with Tab and moved with the keyboard shows the frame the payload holds
  for the new values, and axe-core finds nothing in either language.

What is specific to one explorer (its numbers) is in tests/test_widgets_<name>.py.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pytest

import nnprimer
from nnprimer import chapters
from nnprimer import widgets as W
from nnprimer.widgets import core
from site_survey import AXE_OPTIONS
from test_widgets_browser import axe_script, browser, open_page, press, state  # noqa: F401  (fixtures)
from widget_helpers import captions, check_encoded, frame_at, payload, prose_words, text_of, visible_texts

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import i18n as catalog_tool  # noqa: E402  (scripts/i18n.py)

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

#: The largest kernel-free page an explorer may make with the book's arguments.
MAX_BYTES = 250_000
#: URLs, CDNs, loaders: none may appear in a kernel-free page.
FORBIDDEN = ("http:", "https:", "//cdn", "src=", "href=", "@import", "require(", "define(", "<link", "<iframe")


@lru_cache(maxsize=None)
def digits():
    from nnprimer import data

    return data.digits()


@dataclass(frozen=True)
class Entry:
    """One explorer: its two factories, small arguments, and the book's arguments."""

    live: Callable[..., W.Explorer]
    html: Callable[..., str]
    small: Callable[[], dict] = dict
    book: Callable[[], dict] = dict
    needs: tuple[str, ...] = field(default=())

    def skip_without_needs(self) -> None:
        for module in self.needs:
            pytest.importorskip(module)


EXPLORERS: dict[str, Entry] = {
    "activation": Entry(W.activation_explorer, W.activation_explorer_html,
                        small=lambda: {"names": ["relu", "leaky_relu", "gelu", "rrelu"]}),
    "saturation": Entry(chapters.sigmoid.saturation_explorer, chapters.sigmoid.saturation_explorer_html,
                        small=lambda: {"name": "tanh"}, book=lambda: {"name": "sigmoid"}),
    "softmax": Entry(chapters.softmax.softmax_explorer, chapters.softmax.softmax_explorer_html,
                     small=lambda: {"presets": [(2.0, 1.0, 0.1), (1.0, 1.0, 1.0, 1.0)]}),
    "relu_fit": Entry(chapters.why.relu_fit_explorer, chapters.why.relu_fit_explorer_html,
                      small=lambda: {"k_max": 4}),
    "fd_step": Entry(chapters.backprop.fd_step_explorer, chapters.backprop.fd_step_explorer_html),
    "descent": Entry(chapters.descent.descent_explorer, chapters.descent.descent_explorer_html),
    "gradient_flow": Entry(chapters.vanishing.gradient_flow_explorer, chapters.vanishing.gradient_flow_explorer_html,
                           small=lambda: {"depths": (2, 3), "activations": ("sigmoid", "relu"),
                                          "inits": ("default", "kaiming_normal"), "data": digits()},
                           book=lambda: {"depths": (5, 10, 20, 30), "data": digits()}, needs=("torch", "sklearn")),
    "init": Entry(chapters.initialisation.init_explorer, chapters.initialisation.init_explorer_html,
                  small=lambda: {"depth": 4, "width": 16, "n": 32}),
}
NAMES = list(EXPLORERS)
LANGUAGES = ["en", "zh"]


@lru_cache(maxsize=None)
def page(name: str, lang: str = "en") -> str:
    """The kernel-free page of an explorer with its small arguments, in ``lang``."""
    entry = EXPLORERS[name]
    entry.skip_without_needs()
    nnprimer.set_language(lang)
    try:
        return entry.html(**entry.small())
    finally:
        nnprimer.set_language("en")


@lru_cache(maxsize=None)
def built(name: str, lang: str = "en") -> W.Explorer:
    """The explorer (both forms) with its small arguments, in ``lang``, shared by the tests."""
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    entry = EXPLORERS[name]
    entry.skip_without_needs()
    nnprimer.set_language(lang)
    try:
        return entry.live(**entry.small())
    finally:
        nnprimer.set_language("en")


@lru_cache(maxsize=None)
def english_words() -> frozenset[str]:
    """Words of the catalog's English messages that no Chinese translation keeps.

    Words a translation keeps (``PyTorch``, ``softmax``, ``logit``, ``sin``) are names.
    """
    catalog = catalog_tool.read(catalog_tool.catalogs()["zh"])

    def words(text: Any) -> set[str]:
        text = text if isinstance(text, str) else " ".join(text)
        return prose_words(re.sub(r"\{[^{}]*\}", " ", text))

    english = set().union(*(words(m.id) for m in catalog if m.id))
    kept = set().union(*(words(m.string) for m in catalog if m.id))
    return frozenset(english - kept)


def english_in(texts: list[str], names: set[str]) -> list[tuple[str, str]]:
    """(word, text) for every English word of ``texts`` that is not one of the ``names``."""
    english = english_words() - names
    return [(w, t) for t in texts for w in sorted(prose_words(t) & english)]


def choice_names(spec: W.ExplorerSpec) -> set[str]:
    """The words of the values of choices shown as they are: names the code receives
    (``approximate='none'``, ``init='default'``), not prose."""
    return {w for scene in spec.scenes for c in scene.controls if c.kind == "choice" and not c.value_labels
            for v in c.values for w in prose_words(v)}


def has_cjk(text: str) -> bool:
    return re.search(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]", text) is not None


# -- the registry ---------------------------------------------------------------------------


def test_registry_lists_every_explorer():
    """Every explorer factory of the core (nnprimer.widgets) and of every chapter package."""
    modules = [W] + [getattr(chapters, name) for name in chapters.CHAPTERS]
    factories = {name[: -len("_explorer")] for module in modules for name in module.__all__
                 if name.endswith("_explorer")}
    assert set(EXPLORERS) == factories
    for name, entry in EXPLORERS.items():
        assert entry.live.__name__ == f"{name}_explorer" and entry.html.__name__ == f"{name}_explorer_html"


# -- the kernel-free page ---------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_static_page_is_small(name):
    entry = EXPLORERS[name]
    entry.skip_without_needs()
    nnprimer.set_language("en")
    size = len(entry.html(**entry.book()).encode("utf-8"))
    assert size < MAX_BYTES, f"{name}: {size} bytes with the book's arguments"


@pytest.mark.parametrize("name", NAMES)
def test_static_page_is_self_contained(name):
    text = page(name)
    lowered = text.lower()
    assert [f for f in FORBIDDEN if f in lowered] == []
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", text))  # its own clip path only
    data = re.search(r'class="nnp-data">(.*?)</script>', text, re.S).group(1)
    assert "</" not in data  # the JSON cannot end its script element early
    assert payload(text)["scenes"]


def test_kernel_free_forms_need_numpy_only():
    """Every kernel-free form builds without importing ipywidgets or matplotlib."""
    calls = "\n".join(f"w.{e.html.__name__}(**{e.small()!r})" for n, e in EXPLORERS.items() if not e.needs)
    code = ("import sys, nnprimer.widgets as w\n" + calls + "\n"
            "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'torch') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("name", NAMES)
def test_live_form_without_ipywidgets_names_the_extra(name, monkeypatch):
    entry = EXPLORERS[name]
    entry.skip_without_needs()
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets now fails
    with pytest.raises(ImportError, match=r"nnprimer\[widgets\]"):
        entry.live(**entry.small())


# -- both languages ---------------------------------------------------------------------------


def live_texts(explorer: W.Explorer) -> list[str]:
    """What the live form shows in its widgets and its figure."""
    live = explorer.live
    texts = [text_of(live.widget.children[0].value), live.readout.value, live.none.value,
             text_of(re.sub(r'<span class="math[^"]*">.*?</span>', " ", live.caption.value))]
    texts += [w.description for w in live.controls.values()] + [label for w in live.controls.values()
                                                                for label, _ in w.options]
    if len(explorer.spec.scenes) > 1:
        texts += [live.scene.description, *(label for label, _ in live.scene.options)]
    (ax,) = live.figure.axes
    texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    texts += [t.get_text() for t in ax.get_legend().get_texts()] + [t.get_text() for t in ax.get_xticklabels()]
    return [html.unescape(t) for t in texts if t.strip()]


@pytest.mark.parametrize("name", NAMES)
def test_labels_follow_the_language(name):
    en, zh = visible_texts(page(name, "en")), visible_texts(page(name, "zh"))
    names = choice_names(built(name, "zh").spec)
    assert not [t for t in en if has_cjk(t)]
    assert len(en) == len(zh) and en != zh
    assert has_cjk(zh[0])  # the title
    assert english_in(zh, names) == []
    assert english_in(en, names)  # the check can fail: the English page has English words
    live_en, live_zh = live_texts(built(name, "en")), live_texts(built(name, "zh"))
    assert not [t for t in live_en if has_cjk(t)]
    assert has_cjk(live_zh[0]) and english_in(live_zh, names) == []


# -- the live form ----------------------------------------------------------------------------


def positions_to_check(scene: W.Scene) -> list[list[int]]:
    """Control positions worth comparing: the start, every control at its last value, at its first."""
    shown = scene.static_controls
    return [[c.start for c in shown], [len(c.values) - 1 for c in shown], [0] * len(shown)]


def set_live(explorer: W.Explorer, index: int, positions: list[int]) -> W.Scene:
    """Show scene ``index`` with its controls at ``positions`` (live-only ones at their start)."""
    live = explorer.live
    live.scene.value = index
    scene = explorer.spec.scenes[index]
    where = dict(zip((c.name for c in scene.static_controls), positions))
    for control in scene.controls:
        live.controls[control.name].value = control.values[where.get(control.name, control.start)]
    return scene


def assert_same_frame(a: W.Frame, b: W.Frame) -> None:
    assert (a.title, a.readout, a.caption, a.alt) == (b.title, b.readout, b.caption, b.alt)
    assert len(a.curves) == len(b.curves)
    for ca, cb in zip(a.curves, b.curves):
        for pa, pb in zip(core.path_pieces(ca), core.path_pieces(cb)):
            np.testing.assert_array_equal(pa, pb)
    assert list(a.marks) == pytest.approx(list(b.marks)) and list(a.bands) == pytest.approx(list(b.bands))
    assert list(a.vlines) == pytest.approx(list(b.vlines))


@pytest.mark.parametrize("name", NAMES)
def test_live_form_starts_where_the_static_form_starts(name):
    entry = EXPLORERS[name]
    built(name)  # skips as the shared one does
    explorer = entry.live(**entry.small())
    live, data = explorer.live, payload(explorer.html)
    assert live.draws == 1 and live.scene.value == 0
    scene = explorer.spec.scenes[0]
    assert live.values() == {c.name: c.values[c.start] for c in scene.controls}
    assert_same_frame(live.frame, scene.frames[scene.frame_index([c.start for c in scene.static_controls])])
    assert [w.description for w in live.controls.values()] == [c.label or c.name for c in scene.controls]
    sliders = [w for w in live.controls.values() if type(w).__name__ == "SelectionSlider"]
    static_sliders = [c for c in data["scenes"][0]["controls"] if c["kind"] == "slider"]
    for widget, control in zip(sliders, static_sliders):  # the same grid and labels as the static form
        assert [label for label, _ in widget.options] == control["labels"]


@pytest.mark.parametrize("name", NAMES)
def test_one_redraw_per_change(name):
    explorer = built(name)
    live = explorer.live
    for index in range(len(explorer.spec.scenes)):
        before = live.draws
        if live.scene.value != index:
            live.scene.value = index
            assert live.draws == before + 1
        for control_name, widget in live.controls.items():
            values = [v for _, v in widget.options]
            new = values[0] if widget.value != values[0] else values[-1]
            before = live.draws
            widget.value = new
            widget.value = new  # the same value again: nothing to redraw
            assert live.draws == before + (len(values) > 1), control_name


@pytest.mark.parametrize("name", NAMES)
def test_live_frame_equals_the_static_frame(name):
    explorer = built(name)
    data = payload(explorer.html)
    for index, scene in enumerate(explorer.spec.scenes):
        for positions in positions_to_check(scene):
            set_live(explorer, index, positions)
            live = explorer.live
            expected = scene.frames[scene.frame_index(positions)]
            assert_same_frame(live.frame, expected)
            check_encoded(frame_at(data, index, positions), live.frame, data["scenes"][index], data["series"])
            assert live.readout.value == html.escape(expected.readout, quote=False)
            assert live.caption.value == (scene.caption if expected.caption is None else expected.caption)


def check_drawn(figure, frame: W.Frame, scene: W.Scene, series: tuple[W.Series, ...]) -> None:
    """The matplotlib figure shows ``frame``: each series' data, the dots, bands and markers."""
    (ax,) = figure.axes
    assert ax.get_title() == frame.title
    artists = ax.get_children()

    def with_gid(gid: str) -> list:
        return [a for a in artists if a.get_gid() == gid]

    for k, (curve, style) in enumerate(zip(frame.curves, series)):
        drawn = with_gid(f"series-{k}")
        if style.kind == "line":
            (line,) = drawn
            y, shown = np.asarray(curve, dtype=float), np.asarray(line.get_ydata(), dtype=float)
            np.testing.assert_array_equal(line.get_xdata(), scene.x)
            gaps = np.isfinite(y) & ~np.isfinite(shown)  # only where a step was cut (break_jumps)
            assert gaps.sum() <= (core._jumps(y).sum() if style.break_jumps else 0)
            np.testing.assert_array_equal(shown[np.isfinite(shown)], y[np.isfinite(shown)])
        elif style.kind == "bar":
            np.testing.assert_array_equal([bar.get_height() for bar in drawn], curve)
        else:
            pieces = core.path_pieces(curve)
            assert len(drawn) == len(pieces)
            for line, piece in zip(drawn, pieces):
                np.testing.assert_array_equal(np.c_[line.get_xdata(), line.get_ydata()], piece)
    marks = [(float(m.get_xdata()[0]), float(m.get_ydata()[0])) for m in with_gid("mark")]
    assert marks == pytest.approx([(x, y) for _, x, y in frame.marks])
    assert len(with_gid("band")) == len(frame.bands)
    assert [float(v.get_xdata()[0]) for v in with_gid("vline")] == pytest.approx(list(frame.vlines))
    assert ax.get_ylim() == pytest.approx(scene.ylim) and (ax.get_yscale() == "log") == scene.ylog


@pytest.mark.parametrize("name", NAMES)
def test_live_figure_shows_the_frame(name):
    explorer = built(name)
    for index, scene in enumerate(explorer.spec.scenes):
        for positions in positions_to_check(scene)[:2]:
            set_live(explorer, index, positions)
            check_drawn(explorer.live.figure, explorer.live.frame, scene, explorer.spec.series)
            assert explorer.live.output.outputs[0]["data"]["image/png"]


# -- display and the standalone page --------------------------------------------------------------


def root_id(page_html: str) -> str:
    return re.match(r'<div class="nnp-explorer" id="([^"]+)"', page_html).group(1)


@pytest.mark.parametrize("name", NAMES)
def test_live_widget_hides_its_kernel_free_twin(name):
    explorer = built(name)
    head = explorer.live.widget.children[0].value
    assert re.search(rf"<style>#{root_id(explorer.html)}\b[^<]*display:none", head), head


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_save_html_writes_a_standalone_page(name, lang, tmp_path):
    explorer = built(name, lang)
    nnprimer.set_language("zh" if lang == "en" else "en")  # the page keeps the explorer's language
    try:
        path = explorer.save_html(tmp_path / "explorer.html")
    finally:
        nnprimer.set_language("en")
    text = path.read_text("utf-8")
    assert text.startswith("<!doctype html>") and f'<html lang="{lang}">' in text
    assert f"<title>{html.escape(explorer.spec.title)}</title>" in text
    assert explorer.html in text
    assert [f for f in FORBIDDEN if f in text.lower()] == []
    with pytest.raises(TypeError, match="path must be a str or a path"):
        explorer.save_html(3)


# -- in a browser -------------------------------------------------------------------------------


def saved(name: str, lang: str, tmp_path: Path) -> Path:
    return built(name, lang).save_html(tmp_path / f"{name}-{lang}.html")


def check_shown(ex, data: dict, caption_texts: list[str], scene: int, positions: list[int]) -> None:
    """What the browser shows is the payload's frame for these positions."""
    s = state(ex)
    sc = data["scenes"][scene]
    frame = frame_at(data, scene, positions)
    sliders = [(c, p) for c, p in zip(sc["controls"], positions) if c["kind"] == "slider"]
    assert [sl["name"] for sl in s["sliders"]] == [c["label"] for c, _ in sliders]
    for slider, (control, position) in zip(s["sliders"], sliders):
        assert slider["index"] == position
        assert slider["valuetext"] == slider["shown"] == control["labels"][position]  # the value, not the index
    assert s["choices"] == [p for c, p in zip(sc["controls"], positions) if c["kind"] == "choice"]
    assert s["readout"] == frame["r"] and s["live"] == "polite" and s["role"] == "img"
    assert s["title"] == frame["t"]
    assert s["label"] == frame.get("a", f"{frame['t']}. {frame['r']}" if frame["r"] else frame["t"])
    assert s["caption"] == [caption_texts[frame.get("k", sc["k"])]]
    assert (s["bands"], s["vlines"], s["marks"]) == (len(frame.get("b", [])), len(frame.get("v", [])),
                                                     len(frame.get("m", [])))


@pytest.mark.parametrize("name", NAMES)
def test_keyboard_operation(open_page, name, tmp_path):
    path = saved(name, "en", tmp_path)
    opened = open_page(path=path)
    page_, ex = opened.page, opened.explorer()
    text = path.read_text("utf-8")
    data, caption_texts = payload(text), [text_of(c) for c in captions(text)]
    scene_select = ex.locator(".nnp-scene")
    for index, sc in enumerate(data["scenes"]):
        if index:
            scene_select.focus()
            press(page_, "ArrowDown")  # the next scene
        positions = [c["start"] for c in sc["controls"]]
        check_shown(ex, data, caption_texts, index, positions)
        if not sc["controls"]:
            assert ex.locator(".nnp-none").is_visible()
            continue
        if len(data["scenes"]) > 1:
            scene_select.focus()
            press(page_, "Tab")  # from the scene drop-down to the first control
        else:
            ex.locator(".nnp-params input, .nnp-params select").first.focus()
        for j, control in enumerate(sc["controls"]):
            if j:
                press(page_, "Tab")
            kind = "nnp-slider" if control["kind"] == "slider" else "nnp-choice"
            assert state(ex)["active"] == kind, (name, control["name"])
            last = len(control["labels"]) - 1
            keys = [("End", last), ("Home", 0), ("ArrowRight", min(1, last))] if control["kind"] == "slider" \
                else [("ArrowDown", min(positions[j] + 1, last))]
            for key, position in keys:
                press(page_, key)
                positions[j] = position
                check_shown(ex, data, caption_texts, index, positions)
    assert not opened.errors and not opened.blocked


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_nothing(open_page, axe_script, name, lang, tmp_path):
    opened = open_page(path=saved(name, lang, tmp_path))
    page_ = opened.page
    page_.add_script_tag(content=axe_script)
    for _ in range(2):  # as loaded, then with every control moved once
        result = page_.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
        assert found == [], found
        assert len(result["passes"]) > 10  # axe did run its checks
        for control in page_.locator(".nnp-params input, .nnp-params select").all():
            control.focus()
            press(page_, "ArrowRight" if control.evaluate("e => e.type") == "range" else "ArrowDown")
    assert not opened.errors
