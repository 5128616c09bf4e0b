"""Chinese figure labels: which CJK font ``nnprimer.set_language("zh")`` selects
(nnprimer._fonts), the font shipped with the package, and that a figure never draws boxes
("Glyph ... missing" warnings)."""

from __future__ import annotations

import io
import json
import os
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

import nnprimer  # noqa: E402
from nnprimer import _fonts as fonts  # noqa: E402
from nnprimer import plot  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "companion" / "src" / "nnprimer"
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
GLYPH_MISSING = re.compile(r"Glyph \d+ .*missing from")


@pytest.fixture(autouse=True)
def fresh_font_state(monkeypatch):
    """Each test looks for a font afresh, and leaves language, rcParams and figures as found."""
    monkeypatch.delenv("NNPRIMER_CJK_FONT", raising=False)
    fonts.cjk_font.cache_clear()
    with matplotlib.rc_context():
        yield
        nnprimer.set_language("en")
    fonts.cjk_font.cache_clear()
    nnprimer.set_language("en")
    plt.close("all")


def render(fig) -> list[str]:
    """Render a figure to PNG; the messages of all warnings raised while doing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=40)
    return [str(w.message) for w in caught]


def chinese_figure():
    """What a Chinese chapter does: one set_language call, then labels written in Chinese."""
    nnprimer.set_language("zh")
    fig = plot.plot_activations(["relu", "gelu"], ncols=2)
    fig.suptitle("死亡单元：“出生即死亡”（σ′ ≈ 0）")
    return fig


def no_system_cjk_font(monkeypatch):
    monkeypatch.setattr(fonts, "_known_cjk_family", lambda: None)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])


# ---------------------------------------------------------------------------------------
# the detector itself: DejaVu Sans alone does warn, so "no warning" below means something
# ---------------------------------------------------------------------------------------
def test_chinese_text_without_a_cjk_font_does_warn_about_missing_glyphs():
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
    fig, ax = plt.subplots()
    ax.set_title("死亡单元")
    assert any(GLYPH_MISSING.search(m) for m in render(fig))


# ---------------------------------------------------------------------------------------
# the font shipped with the package
# ---------------------------------------------------------------------------------------
def test_bundled_font_is_in_the_package_with_its_licence():
    assert Path(fonts.BUNDLED_CJK_FONT).is_file()
    assert os.path.getsize(fonts.BUNDLED_CJK_FONT) < 4_000_000  # a subset, not 20 MB
    licence = (Path(fonts.BUNDLED_CJK_FONT).parent / "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Sans CJK SC" in licence
    assert font_manager.FontProperties(fname=fonts.BUNDLED_CJK_FONT).get_name() == fonts.BUNDLED_CJK_FAMILY


def _course_chinese_characters() -> set[str]:
    """Every CJK character the package (its source and its catalogs) or a Chinese
    notebook's code cells could draw."""
    chars = set()
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.po")]:
        chars |= set(CJK.findall(path.read_text("utf-8")))
    for path in (ROOT / "book" / "zh").glob("*.ipynb"):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                chars |= set(CJK.findall("".join(cell["source"])))
    return chars


def test_bundled_font_has_every_chinese_character_the_course_draws():
    charmap = FT2Font(fonts.BUNDLED_CJK_FONT).get_charmap()
    chars = _course_chinese_characters()
    assert len(chars) > 50  # the scan found the labels
    missing = sorted(c for c in chars if ord(c) not in charmap)
    assert missing == [], (
        f"characters not in the bundled font: {''.join(missing)} -- rerun "
        "scripts/subset_cjk_font.py with them added, or reword the label")


def test_without_a_system_cjk_font_the_bundled_one_is_used(monkeypatch):
    no_system_cjk_font(monkeypatch)
    assert fonts.cjk_font() == fonts.BUNDLED_CJK_FAMILY


def test_a_system_cjk_font_comes_before_the_bundled_one(monkeypatch):
    monkeypatch.setattr(fonts, "_known_cjk_family", lambda: "Noto Sans CJK SC")
    assert fonts.cjk_font() == "Noto Sans CJK SC"


def test_chinese_figure_with_the_bundled_font_has_chinese_labels_and_no_missing_glyph(monkeypatch):
    monkeypatch.setenv("NNPRIMER_CJK_FONT", "bundled")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the notice would be a UserWarning too
        fig = chinese_figure()
    assert "死亡单元" in fig._suptitle.get_text()
    assert list(matplotlib.rcParams["font.family"]) == ["DejaVu Sans", fonts.BUNDLED_CJK_FAMILY]
    assert render(fig) == []


def test_english_gives_back_the_default_font_family():
    default = list(matplotlib.rcParams["font.family"])
    nnprimer.set_language("zh")
    assert list(matplotlib.rcParams["font.family"]) != default
    nnprimer.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == list(matplotlib.rcParamsDefault["font.family"])


def test_a_family_the_reader_chose_is_kept_by_english():
    nnprimer.set_language("zh")
    matplotlib.rcParams["font.family"] = ["serif"]  # the reader's own choice after ours
    nnprimer.set_language("en")
    assert list(matplotlib.rcParams["font.family"]) == ["serif"]


# ---------------------------------------------------------------------------------------
# no CJK font at all: one notice that says so (the figures' Chinese text would be boxes)
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["environment", "nothing installed"])
def test_without_any_cjk_font_set_language_says_so_once(monkeypatch, how):
    if how == "environment":
        monkeypatch.setenv("NNPRIMER_CJK_FONT", "")
    else:
        no_system_cjk_font(monkeypatch)
        monkeypatch.setattr(fonts, "BUNDLED_CJK_FONT", str(Path(fonts.BUNDLED_CJK_FONT).with_name("absent.ttf")))
        monkeypatch.setattr(fonts, "BUNDLED_CJK_FAMILY", "nnprimer CJK SC (absent)")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nnprimer.set_language("zh")
    assert [w.category for w in caught] == [UserWarning]
    assert "没有找到含中文字符的字体" in str(caught[0].message)  # in the language asked for
    assert fonts.cjk_font() is None


@pytest.mark.slow
def test_wheel_ships_the_font_its_licence_and_the_catalogs(tmp_path):
    import subprocess
    import sys
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
                    str(ROOT / "companion")], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("nnprimer-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert {"nnprimer/fonts/nnprimer-cjk-sc.ttf", "nnprimer/fonts/OFL.txt",
            "nnprimer/locale/zh/LC_MESSAGES/nnprimer.mo"} <= names
    assert "OFL-1.1" in metadata
