"""Regenerate dashboard/fonts/: the subset of Noto Sans CJK SC that the leadership briefing
(dashboard/brief.py) embeds, so a PDF made on a server without CJK fonts still shows Chinese.

A dev-only tool, not a runtime dependency: it needs fontTools and brotli (WOFF2) and the source
fonts of Debian's fonts-noto-cjk:

    apt-get install -y fonts-noto-cjk
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools brotli
    /tmp/fontvenv/bin/python deploy/make_brief_font.py

The regular face holds GB2312 (6,763 hanzi and its symbols), ASCII, Latin-1, general and CJK
punctuation, full-width forms, arrows, geometric shapes (▲ ▼ ●) and every character written in
the package (labels.py and the rest), the queries and the bundled sample's workbooks. The bold
face, which the briefing uses only for its own words (titles, headings, figures), holds the same
symbols and the characters of labels.py; its coverage is written beside it as a CSS
unicode-range, so a character it lacks falls back to the regular face, never to a blank. Both are renamed
(the OFL asks a modified font not to pass itself off as the original; "Source" is the upstream
Reserved Font Name), keeps the upstream copyright and licence fields, and is written as WOFF2 with
the OFL text beside it.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, newTable

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/fonts/opentype/noto")
OUT = ROOT / "dashboard" / "fonts"
FAMILY = "Studiodash Sans SC"  # dashboard/brief.py's @font-face reads the files, not this name
POSTSCRIPT = "StudiodashSansSC"
WEIGHTS = {"Regular": "NotoSansCJK-Regular.ttc", "Bold": "NotoSansCJK-Bold.ttc"}
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (× · ° ±)
    (0x2000, 0x206F),  # general punctuation (— … “ ” ‰ and the word joiner the pages use)
    (0x2100, 0x218F),  # letterlike and number forms (℃ № Ⅰ)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (− ≥ ≤)
    (0x2460, 0x24FF),  # enclosed alphanumerics (①)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (▲ ▼ ● ■)
    (0x2600, 0x26FF),  # miscellaneous symbols (★)
    (0x3000, 0x303F),  # CJK punctuation
    (0x3200, 0x33FF),  # enclosed CJK and compatibility (㈠ ㎡)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width forms
]


def gb2312() -> set[str]:
    """Every character of GB2312 (rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    out = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                out.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def written_here() -> set[str]:
    """Every character of the package's source, the queries and the sample workbooks' text."""
    text = []
    for pattern in ("dashboard/*.py", "dashboard/views/*.py", "queries/**/*.sql"):
        text += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob(pattern))]
    for book in sorted((ROOT / "data" / "sample").glob("*.xlsx")):
        with zipfile.ZipFile(book) as z:
            for name in z.namelist():
                if name.endswith(".xml"):
                    text.append(z.read(name).decode("utf-8"))
    return {c for c in "".join(text) if c.isprintable() and ord(c) > 0x7E}


def symbols() -> set[str]:
    return {chr(c) for low, high in RANGES for c in range(low, high + 1)}


def characters(style: str) -> set[str]:
    """What a face holds: the regular face everything, the bold one the symbols and labels.py."""
    if style == "Regular":
        return gb2312() | written_here() | symbols()
    labels = (ROOT / "dashboard" / "labels.py").read_text(encoding="utf-8")
    return symbols() | {c for c in labels if c.isprintable()}


def unicode_range(codes: list[int]) -> str:
    """Code points as a CSS unicode-range value (U+20-7E, U+4E00, …)."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def sc_font(path: Path):
    """The Simplified Chinese face of a Noto CJK collection."""
    for font in TTCollection(str(path)).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return font
    raise SystemExit(f"no Noto Sans CJK SC in {path}")


def to_truetype(font, max_err: float = 1.0) -> None:
    """CFF outlines as TrueType (quadratic) ones, in place (fontTools' otf2ttf snippet).
    Chromium's PDF writer embeds a TrueType font as a real font (CIDFontType2, named, subset)
    but draws a CFF one as Type 3 glyph procedures."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, style: str) -> None:
    """The subset under its own name; the upstream copyright, trademark and licence kept."""
    name = font["name"]
    upstream = name.getDebugName(4)
    values = {
        1: FAMILY if style == "Regular" else f"{FAMILY} {style}",
        2: "Regular" if style == "Regular" else style,
        3: f"{POSTSCRIPT}-{style};subset of {upstream}",
        4: f"{FAMILY} {style}",
        6: f"{POSTSCRIPT}-{style}",
        10: (
            f"Subset of {upstream} (GB2312, ASCII, punctuation and the characters of studiodash), "
            "made by deploy/make_brief_font.py. SIL Open Font License 1.1."
        ),
        16: FAMILY,
        17: style,
    }
    name.names = [r for r in name.names if r.nameID not in values]
    for name_id, value in values.items():
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)


def licence(font) -> str:
    """The font's own copyright line, then the OFL 1.1 as Debian's copyright file carries it."""
    text = DEBIAN_COPYRIGHT.read_text(encoding="utf-8")
    body = text.split("License: SIL-1.1\n", 2)[-1].split("\nLicense: ", 1)[0]
    lines = [line[1:] if line.startswith(" ") else line for line in body.splitlines()]
    ofl = "\n".join("" if line == "." else line for line in lines).strip()
    return (
        f"{font['name'].getDebugName(0)}\n\n"
        f"The files {POSTSCRIPT}-*.woff2 are a subset of Noto Sans CJK SC (upstream: "
        "https://github.com/notofonts/noto-cjk), renamed, made by deploy/make_brief_font.py.\n\n"
        f"{ofl}\n"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=SOURCE, help="folder of NotoSansCJK-*.ttc")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    last = None
    for style, file in WEIGHTS.items():
        wanted = characters(style)
        font = sc_font(args.source / file)
        options = Options()
        options.hinting = False
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.layout_features = ["*"]
        options.notdef_outline = True
        subsetter = Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in wanted])
        subsetter.subset(font)
        to_truetype(font)
        rename(font, style)
        font.flavor = "woff2"
        out = args.out / f"{POSTSCRIPT}-{style}.woff2"
        font.save(out)
        covered = len(font.getBestCmap())
        if style != "Regular":
            ranges = args.out / f"{POSTSCRIPT}-{style}.unicode-range"
            ranges.write_text(unicode_range(list(font.getBestCmap())) + "\n", encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {covered:,} characters, {out.stat().st_size:,} bytes")
        last = font
    (args.out / "OFL.txt").write_text(licence(last), encoding="utf-8")
    print((args.out / "OFL.txt").relative_to(ROOT))


if __name__ == "__main__":
    main()
