"""工作室档案 printed to A4 in Chromium: a few full pages, the outcomes chart whole, 数据截至, 打印时间
and the page number on every page, Chinese throughout; screenshots of the page at desktop and phone
width and of the PDF's first page in tests/screenshots/.

The PDF's text is read by the small reader below: the test lock has no PDF library, and Chromium's
PDFs are simple (Type 3 fonts with ToUnicode maps, ActualText spans, Flate streams).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zlib
from itertools import pairwise

import pytest

from dashboard import db, report
from dashboard import labels as L
from tests.browser import (
    ARGS,
    CHART_DRAWN,
    CHART_TEXT_CUT,
    CHROMIUM,
    LINE_TEXTS,
    LINE_WIDTHS,
    PHONE,
    ROOT,
    SHOTS,
    open_page,
    shot,
)

AS_OF = dt.date(2023, 12, 15)  # the sample's data date
CJK = re.compile(r"[\u4e00-\u9fff]")
# The top studio's file is about 2.6 A4 pages of content at 10.5pt: three pages hold it with no
# page left mostly blank (issue 17 saw five, with a page 60 % blank).
MOST_PAGES = 3
DESKTOP = {"width": 1440, "height": 900}


# --- reading a PDF's text ---------------------------------------------------------------------
_OBJECT = re.compile(rb"(?<!\d)(\d+) 0 obj\s*")
_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\s]*)>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.S
)


def pdf_objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Every object as (its dictionary, its stream inflated, or None)."""
    objects = {}
    for m in _OBJECT.finditer(pdf):
        end = pdf.find(b"endobj", m.end())
        at = pdf.find(b"stream", m.end(), end)
        if at == -1:
            objects[int(m.group(1))] = (pdf[m.end() : end], None)
            continue
        head = pdf[m.end() : at]
        start = at + 6 + (2 if pdf[at + 6 : at + 8] == b"\r\n" else 1)
        body = pdf[start : start + int(re.search(rb"/Length (\d+)", head).group(1))]
        objects[int(m.group(1))] = (head, zlib.decompress(body) if b"/Flate" in head else body)
    return objects


def _named_refs(objects: dict, head: bytes, key: bytes) -> dict[bytes, int]:
    """The /Name n 0 R entries of a sub-dictionary (inline or an object of its own)."""
    m = re.search(rb"/" + key + rb"\s*(?:(\d+) 0 R|<<(.*?)>>)", head, re.S)
    inner = b"" if not m else objects[int(m.group(1))][0] if m.group(1) else m.group(2)
    return {name: int(n) for name, n in re.findall(rb"/([^\s/<>\[\]]+)\s+(\d+) 0 R", inner)}


def _unicode_map(cmap: bytes) -> tuple[int, dict[bytes, str]]:
    """A ToUnicode CMap: the code's length in bytes, and {code: text}."""
    width = len(re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", cmap).group(1)) // 2
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, to in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[.*?\])", block, re.S
        ):
            targets = [bytes.fromhex(t.decode()) for t in re.findall(rb"<([0-9A-Fa-f]+)>", to)]
            for i, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                first = targets[i] if to.startswith(b"[") else targets[0]
                text = first if to.startswith(b"[") else (
                    (int.from_bytes(first, "big") + i).to_bytes(len(first), "big")
                )  # fmt: skip
                table[code.to_bytes(width, "big")] = text.decode("utf-16-be")
    return width, table


def _unescape(literal: bytes) -> bytes:
    def one(m: re.Match) -> bytes:
        x = m.group(1)
        return bytes([int(x, 8)]) if x[:1].isdigit() else {b"n": b"\n", b"t": b"\t"}.get(x, x)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, literal[1:-1], flags=re.S)


def _show(objects: dict, stream: bytes, resources: bytes, out: list[str]) -> None:
    """Append the text a content stream shows (and the forms it draws) to `out`."""
    fonts = {
        name: _unicode_map(objects[int(m.group(1))][1])
        for name, ref in _named_refs(objects, resources, b"Font").items()
        if (m := re.search(rb"/ToUnicode (\d+) 0 R", objects[ref][0]))
    }
    forms = _named_refs(objects, resources, b"XObject")
    font, operands, spans = (1, {}), [], []  # spans: is each open marked span's ActualText out
    for m in _TOKEN.finditer(stream):
        token = m.group(0)
        if m.group(1) is not None:
            operands.append(bytearray.fromhex(re.sub(r"\s", "", m.group(1).decode())))
        elif token[:1] == b"(":
            operands.append(bytearray(_unescape(token)))
        elif token[:1] == b"/" or token in (b"[", b"]") or re.fullmatch(rb"[-+.\d]+", token):
            operands.append(token)
        else:  # an operator
            if token == b"Tf":
                font = fonts.get(operands[-2][1:], (1, {}))
            elif token in (b"BDC", b"BMC"):  # Chromium writes a shared glyph's text as ActualText
                at = operands.index(b"/ActualText") + 1 if b"/ActualText" in operands else None
                if at is not None:
                    out.append(bytes(operands[at]).decode("utf-16"))
                spans.append(at is not None or bool(spans and spans[-1]))
            elif token == b"EMC" and spans:
                spans.pop()
            elif token in (b"Tj", b"TJ", b"'", b'"') and not (spans and spans[-1]):
                width, table = font
                for s in (bytes(o) for o in operands if isinstance(o, bytearray)):
                    out.append("".join(table.get(s[i : i + width], "") for i in range(0, len(s), width)))  # fmt: skip
            elif token == b"ET":
                out.append("\n")
            elif token == b"Do" and operands and operands[-1][1:] in forms:
                head, body = objects[forms[operands[-1][1:]]]
                _show(objects, body, head, out)
            operands = []


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, in drawing order."""
    objects = pdf_objects(pdf)
    root = next(h for h, _ in objects.values() if re.search(rb"/Type /Pages\b", h))
    pages = []
    for ref in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids \[(.*?)\]", root, re.S).group(1)):
        head, out = objects[int(ref)][0], []
        contents = re.search(rb"/Contents (?:(\d+) 0 R|\[(.*?)\])", head, re.S)
        for c in (
            [contents.group(1)]
            if contents.group(1)
            else re.findall(rb"(\d+) 0 R", contents.group(2))
        ):
            _show(objects, objects[int(c)][1], head, out)
        pages.append("".join(out))
    return pages


def squeeze(text: str) -> str:
    """Text without white space: Chinese needs none, and a line may break anywhere."""
    return re.sub(r"\s+", "", text)


# --- fixtures -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cjk_browser(browser):
    """Chromium with tests/fonts.conf in its own environment, so Chinese is drawn in the Simplified
    Chinese face (the driver started before tests.browser.launch could set FONTCONFIG_FILE)."""
    fonts = {"FONTCONFIG_FILE": str(ROOT / "tests" / "fonts.conf")}
    b = browser.browser_type.launch(
        executable_path=CHROMIUM, args=ARGS, env={**os.environ, **fonts}
    )
    yield b
    b.close()


@pytest.fixture(scope="module")
def studio(sample_con):
    """The studio at the top of the risk list (a full file), with its rows, as the page reads them."""
    top = report.risk_list(sample_con, AS_OF, None)[0]
    scope = dict(studio_id=top["studio_id"], as_of=AS_OF, unit=None)
    parts = {
        name: db.run(sample_con, name, **scope)
        for name in (
            "studio_profile",
            "studio_events",
            "studio_inspections",
            "studio_assessments",
            "studio_outcomes",
            "studio_activities",
        )
    }
    assert not parts["studio_outcomes"].empty
    return top, parts


def data_words(parts: dict) -> set[str]:
    """The Latin words in the studio's own data (ids such as HF-…, categories such as QC成果)."""
    cells = (v for frame in parts.values() for v in frame.to_numpy().ravel() if isinstance(v, str))
    return {w for cell in cells for w in re.findall(r"[A-Za-z]+", cell)}


def open_file(browser, url: str, viewport: dict):
    page = open_page(browser, url, viewport)
    page.locator(".st-key-studio_share").wait_for()  # the file's last block has arrived
    page.locator(CHART_DRAWN).first.wait_for()
    return page


# --- tests --------------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ["print-dialog", "print-media"])
def test_the_file_prints_on_a_few_whole_pages(server, cjk_browser, studio, how):
    """Printed to A4 — as the print dialog does (the charts drawn for the screen) or after the page
    was laid out for print — the file takes at most three pages, every outcome is on the chart,
    each page carries 数据截至, 打印时间 and its number, and the text is Chinese."""
    top, parts = studio
    page = open_file(cjk_browser, f"{server.url}/studio?id={top['studio_id']}", DESKTOP)
    try:
        assert [] == page.errors
        assert page.get_by_role("button", name=L.PRINT).is_visible()
        if how == "print-media":
            page.emulate_media(media="print")
            page.wait_for_timeout(1000)  # the chart redraws at the narrower width
            # a table's dates stay on one line (they broke at a hyphen: 2023-10- / 30)
            dates = page.locator(
                ".st-key-wide_inspections td:nth-child(1) p, .st-key-wide_outcomes td:nth-child(3) p"
            )
            assert dates.count() >= 2
            assert all(len(d.evaluate(LINE_WIDTHS)) == 1 for d in dates.all()), "a date wraps"
            # a header breaks between words, not inside one (发明专/利)
            heads = page.locator(".st-key-wide_inspections th p, .st-key-wide_outcomes th p")
            assert heads.count() >= 10
            split = [
                lines
                for lines in (h.evaluate(LINE_TEXTS) for h in heads.all())
                if any(CJK.match(a[-1:]) and CJK.match(b[:1]) for a, b in pairwise(lines))
            ]
            assert [] == split
        # the date ticks as drawn (ECharts sets each label as an SVG text)
        drawn = page.locator(CHART_DRAWN + " text").all_text_contents()
        ticks = [t for t in drawn if re.fullmatch(r"\d{4}-\d\d", t)]
        pdf = page.pdf(format="A4", print_background=True)
        SHOTS.mkdir(parents=True, exist_ok=True)
        (SHOTS / f"studio-file-{how}.pdf").write_bytes(pdf)
    finally:
        page.context.close()
    pages = pdf_pages(pdf)
    text = squeeze("".join(pages))
    assert 1 <= len(pages) <= MOST_PAGES, f"{len(pages)} pages"
    # the chart is whole: every tick it drew, in a row, up to the last; and the last outcome
    assert len(ticks) >= 2 and squeeze("".join(ticks)) in text, ticks
    assert parts["studio_outcomes"]["completed_on"].max().strftime("%Y-%m-%d") in text
    # the print header and the page numbers, on every page
    for n, page_text in enumerate(pages, start=1):
        flat = squeeze(page_text)
        assert squeeze(L.PRINT_HEADER.format(page=L.PAGE_STUDIO, date="2023-12-15")) in flat
        assert re.search(squeeze(L.PRINT_TIME).replace("{time}", r"\d{4}-\d\d-\d\d\d\d:\d\d"), flat)
        assert squeeze(L.PRINT_PAGES.format(page=n, pages=len(pages))) in flat
    # every section, nothing of the screen's controls, and no Latin word but the data's own
    assert L.PAGE_STUDIO in text and top["name"] in text
    for section in (
        L.SECTION_REGISTRY,
        L.SECTION_STUDIO_RISK,
        L.SECTION_CONDITIONS,
        L.SECTION_HISTORY,
        L.SECTION_ASSESSMENTS,
        L.SECTION_INSPECTIONS,
        L.SECTION_OUTCOMES,
        L.SECTION_ACTIVITIES,
    ):
        assert section in text
    share = L.STUDIO_SHARE.format(id=top["studio_id"])
    for control in (L.SIDEBAR_CAMPAIGN, L.STUDIO_SEARCH, L.STUDIO_PICK, L.EXPORT_XLSX, share):
        assert squeeze(control) not in text
    allowed = data_words(parts) | {"xlsx", "csv"}  # and the source files' names (数据来源)
    assert sorted(set(re.findall(r"[A-Za-z]+", text)) - allowed) == []


def test_screenshots_of_the_page_and_the_printed_file(server, cjk_browser, studio):
    """What a user sees: the file with its 打印 and 导出 Excel buttons at desktop and phone width,
    and the first printed page as Chromium's PDF viewer shows it."""
    top, _ = studio
    url = f"{server.url}/studio?id={top['studio_id']}"
    for name, viewport in (("1440", DESKTOP), ("390", PHONE)):
        page = open_file(cjk_browser, url, viewport)
        try:
            assert [] == page.errors
            assert page.get_by_role("button", name=L.PRINT).is_visible()
            assert page.get_by_test_id("stDownloadButton").is_visible()
            assert [] == page.evaluate(CHART_TEXT_CUT)  # every date and label inside its chart
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"] + 1, "the page scrolls sideways"
            shot(page, f"studio-file-{name}")
            if name == "1440":
                pdf = page.pdf(format="A4", print_background=True)
                # 打印 opens the browser's print dialog (window.print, stubbed: headless has none)
                page.evaluate("window.print = () => { window.printed = true; }")
                page.get_by_role("button", name=L.PRINT).click()
                assert page.evaluate("window.printed === true")
        finally:
            page.context.close()
    path = SHOTS / "studio-file.pdf"
    path.write_bytes(pdf)
    viewer = cjk_browser.new_page(viewport={"width": 794, "height": 1123})
    try:  # the first page, fitted to the window, without the viewer's toolbar
        viewer.goto(path.as_uri() + "#toolbar=0&navpanes=0&view=Fit")
        viewer.wait_for_timeout(2000)
        viewer.screenshot(path=str(SHOTS / "studio-file-pdf-page1.png"))
    finally:
        viewer.close()
