"""Make the CJK font that the companion package ships for Chinese figure labels.

nnprimer.plot draws Chinese labels with a system CJK font when there is one; on a machine
without one (a fresh laptop, a container, Colab) it uses the font this script makes:
Noto Sans CJK SC Regular (SIL Open Font License 1.1), cut down to the characters of
GB 2312 (all 6,763 hanzi of levels 1 and 2, its symbol rows) plus the CJK punctuation and
full-width forms blocks, renamed "nnprimer CJK SC" (the OFL asks derivatives not to pose
as the original; the upstream font's only reserved name is "Source") and converted to
TrueType outlines, which every matplotlib backend reads and embeds.

Usage (any copy of the upstream font works, e.g. Debian's fonts-noto-cjk or the .otf
from github.com/notofonts/noto-cjk)::

    python scripts/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

writes companion/src/nnprimer/fonts/nnprimer-cjk-sc.ttf. The licence text sits beside it
(OFL.txt). tests/test_plot_fonts.py checks that every Chinese character in the package
and the book's code cells is in the font.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "companion" / "src" / "nnprimer" / "fonts" / "nnprimer-cjk-sc.ttf"
FAMILY = "nnprimer CJK SC"


def gb2312_characters() -> set[str]:
    """Every character of GB 2312 (rows 1-9 symbols, rows 16-87 hanzi)."""
    chars = set()
    for row in list(range(1, 10)) + list(range(16, 88)):
        for cell in range(1, 95):
            try:
                chars.add(bytes([0xA0 + row, 0xA0 + cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def wanted_characters() -> set[str]:
    chars = gb2312_characters()
    for lo, hi in ((0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2010, 0x206F), (0x20, 0x7E)):
        chars.update(chr(c) for c in range(lo, hi + 1))
    return chars


def open_sc(path: Path) -> TTFont:
    if path.suffix.lower() in (".ttc", ".otc"):
        for font in TTCollection(str(path)).fonts:
            if font["name"].getDebugName(1) == "Noto Sans CJK SC":
                return font
        raise SystemExit(f"{path} has no 'Noto Sans CJK SC' face")
    return TTFont(str(path))


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """Replace CFF outlines by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font: TTFont) -> None:
    name = font["name"]
    version = name.getDebugName(5) or ""
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName("Regular", 2, 3, 1, 0x409)
    name.setName(f"{FAMILY} Regular; subset of Noto Sans CJK SC {version.split(';')[0]}",
                 3, 3, 1, 0x409)
    name.setName(FAMILY, 4, 3, 1, 0x409)
    name.setName("nnprimerCJKSC-Regular", 6, 3, 1, 0x409)
    name.setName("Subset of Noto Sans CJK SC (GB 2312 + CJK punctuation) made for the "
                 "nnprimer course's figure labels by scripts/subset_cjk_font.py.", 10, 3, 1, 0x409)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-Regular.otf")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    font = open_sc(args.source)
    options = subset.Options()
    options.layout_features = []  # matplotlib does no OpenType shaping
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "DSIG"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in wanted_characters()])
    subsetter.subset(font)
    to_truetype(font)
    rename(font)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(args.out))
    cmap = TTFont(str(args.out)).getBestCmap()
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB, {len(cmap)} characters")


if __name__ == "__main__":
    main()
