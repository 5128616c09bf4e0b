r"""A font with CJK glyphs for figures in Chinese (and other CJK languages).

The default matplotlib font (DejaVu Sans) has no CJK glyphs, and the common recipe
``rcParams['font.sans-serif'] = ['SimHei']`` only works on machines that happen to have
SimHei. Instead :func:`cjk_font` looks for any installed CJK font (Noto Sans CJK, Source
Han Sans, WenQuanYi, Microsoft YaHei, PingFang, ...), also registering font files that
matplotlib's cached font list does not know yet. Without one, it uses the package's own
font: a 2 MB subset of Noto Sans CJK SC (SIL OFL 1.1) covering GB 2312, so that ``pip
install`` alone draws Chinese labels.

:func:`use_font_for` is what :func:`nnprimer.set_language` calls: for a CJK language it
sets ``font.family = ["DejaVu Sans", <CJK font>]`` (Latin glyphs from DejaVu, the others
from the CJK font, character by character); for another language it restores
matplotlib's default family. It is the only place where nnprimer changes matplotlib's
``rcParams``, and only because the reader asked for a language.
"""

from __future__ import annotations

import os
import re
import warnings
from functools import lru_cache

from ._i18n import CJK_LANGUAGES, _t

__all__ = ["BUNDLED_CJK_FAMILY", "BUNDLED_CJK_FONT", "cjk_font", "use_font_for"]

# Family names of CJK fonts, most preferred first (Simplified Chinese first).
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "STHeiti", "SimHei", "Noto Sans CJK JP",
    "Noto Sans CJK TC", "Droid Sans Fallback", "AR PL UMing CN", "Arial Unicode MS",
)
# File names that indicate a CJK font (for files matplotlib's cache has not seen).
_CJK_FILE = re.compile(r"(cjk|wqy|wenquanyi|sourcehansans|notosanssc|msyh|simhei|pingfang|"
                       r"hiragino|droidsansfallback|uming|heiti)", re.IGNORECASE)
#: The CJK font shipped inside the package (a GB 2312 subset of Noto Sans CJK SC, SIL OFL
#: 1.1, made by scripts/subset_cjk_font.py): used when the system has no CJK font.
BUNDLED_CJK_FONT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts",
                                "nnprimer-cjk-sc.ttf")
#: Its family name, as matplotlib lists it.
BUNDLED_CJK_FAMILY = "nnprimer CJK SC"


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of the CJK font Chinese labels are drawn with, or None.

    In this order:

    1. ``$NNPRIMER_CJK_FONT`` when set: a family name; ``""`` simulates a machine
       without any CJK font, ``"bundled"`` forces the font shipped with the package.
    2. A CJK font in matplotlib's font list, else a CJK font file in the system font
       folders, registered with ``fontManager.addfont`` (fonts installed after matplotlib
       built its cache are otherwise invisible until the cache file is deleted).
    3. The font shipped with the package (:data:`BUNDLED_CJK_FONT`, family
       :data:`BUNDLED_CJK_FAMILY`): it covers every character of GB 2312, so a reader on
       Colab or a fresh laptop still gets Chinese labels.

    The result is cached; ``cjk_font.cache_clear()`` looks again.
    """
    from matplotlib import font_manager

    override = os.environ.get("NNPRIMER_CJK_FONT")
    if override is not None:
        if override.strip().lower() == "bundled":
            return _bundled_cjk_family()
        return override or None  # NNPRIMER_CJK_FONT="" simulates a machine without one
    found = _known_cjk_family()
    if found:
        return found
    for path in font_manager.findSystemFonts():
        if _CJK_FILE.search(os.path.basename(path)):
            try:
                font_manager.fontManager.addfont(path)
            except Exception:  # unreadable font file: skip it
                continue
    return _known_cjk_family() or _bundled_cjk_family()


def _bundled_cjk_family() -> str | None:
    """Register the package's own CJK font with matplotlib; its family, or None if absent."""
    from matplotlib import font_manager

    if any(f.name == BUNDLED_CJK_FAMILY for f in font_manager.fontManager.ttflist):
        return BUNDLED_CJK_FAMILY
    if not os.path.isfile(BUNDLED_CJK_FONT):
        return None
    try:
        font_manager.fontManager.addfont(BUNDLED_CJK_FONT)
    except Exception:  # a damaged installation
        return None
    names = {f.name for f in font_manager.fontManager.ttflist}
    return BUNDLED_CJK_FAMILY if BUNDLED_CJK_FAMILY in names else None


def _known_cjk_family() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in names:
            return family
    return None



#: The font family set by :func:`use_font_for`, to undo it for a non-CJK language.
_set_by_us: dict[str, list | None] = {"family": None}


def use_font_for(language: str) -> str | None:
    """Select matplotlib's font for ``language``; returns the CJK family used, or None.

    Nothing happens when matplotlib is not installed (nothing can be drawn then). When a
    CJK language finds no CJK font at all (the package's own was deleted, or
    ``NNPRIMER_CJK_FONT=""``), one ``UserWarning`` says so: the figures' Chinese text
    would show as boxes.
    """
    try:
        import matplotlib
    except ImportError:
        return None
    if language not in CJK_LANGUAGES:
        if _set_by_us["family"] is not None and list(matplotlib.rcParams["font.family"]) == _set_by_us["family"]:
            matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
        _set_by_us["family"] = None
        return None
    font = cjk_font()
    if font is None:
        warnings.warn(_t("nnprimer: no font with Chinese characters was found (nnprimer's own font is missing "
                         "or switched off by NNPRIMER_CJK_FONT=''), so Chinese text in figures will show as "
                         "boxes. Reinstall the package: pip install 'nnprimer[plot]'."), UserWarning, stacklevel=3)
        return None
    family = ["DejaVu Sans", font]
    matplotlib.rcParams["font.family"] = family
    _set_by_us["family"] = family
    return font
