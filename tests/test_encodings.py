"""CSV encodings as Windows writes them (issue 20 point 3): GBK as CP936, whose 0x80 is "€"
(a byte GB18030 has no character for), characters GBK added to GB2312, and GB18030's four-byte
ones import with their exact text; a file mixing UTF-8 and GBK, or holding bytes of neither, is
refused with the line named and nothing changed."""

from __future__ import annotations

import copy

from dashboard import csv_source
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, snapshot, write_csv, write_xlsx

HEADER = ",".join(OUTCOMES["创新成果"][0])


def cp936(text: str) -> bytes:
    """text as Excel's 'CSV' writes it on a Chinese Windows: GBK, with € as the single byte 0x80
    (Python's gbk codec has no euro sign)."""
    return b"\x80".join(part.encode("gbk") for part in text.split("€"))


def outcomes_csv(folder, lines: list[bytes]):
    """The outcome export as CSV, its 创新成果 sheet replaced by these raw lines (CRLF)."""
    write_csv(folder, copy.deepcopy(OUTCOMES), encoding="utf-8")
    (folder / "创新成果.csv").write_bytes(b"\r\n".join(lines) + b"\r\n")
    return folder


def row(outcome_id: str, name: str) -> str:
    return f"{outcome_id},HF-2022-001,{name},技术创新,2023-04-01,1,0,0,0,是,,"


def test_cp936_euro_and_gbk_only_characters_import_exactly(con, tmp_path):
    names = ["节约€成本20万", "镕铸喆昇工艺"]  # 0x80; then characters GBK has and GB2312 lacks
    lines = [cp936(HEADER), cp936(row("CG-001", names[0])), cp936(row("CG-002", names[1]))]
    folder = outcomes_csv(tmp_path / "out", lines)
    assert b"\x80" in (folder / "创新成果.csv").read_bytes()  # the byte GB18030 refuses
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert result.ok, [str(p) for p in result.problems]
    stored = con.execute('select "成果名称" from raw_outcomes order by "成果编号"').fetchall()
    assert [(n,) for n in names] == stored


def test_gb18030_four_byte_characters_import_exactly(con, tmp_path):
    name = "𠀀字工作法€"  # a four-byte GB18030 character, and € as GB18030 writes it (0xA2E3)
    lines = [HEADER.encode("gb18030"), row("CG-001", name).encode("gb18030")]
    folder = outcomes_csv(tmp_path / "out", lines)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert result.ok, [str(p) for p in result.problems]
    assert [(name,)] == con.execute('select "成果名称" from raw_outcomes').fetchall()


def test_a_gbk_line_in_a_utf8_file_is_refused_naming_it(con, tmp_path):
    lines = [HEADER.encode(), row("CG-001", "数控刀具改进").encode(), cp936(row("CG-002", "工艺"))]
    folder = outcomes_csv(tmp_path / "out", lines)
    before = snapshot(con)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert not result.ok
    [problem] = [p for p in result.problems if p.file == "创新成果.csv"]
    assert "创新成果" == problem.sheet
    assert "混用" in problem.reason and "第 3 行" in problem.reason
    assert before == snapshot(con)


def test_a_gbk_line_past_the_part_decoded_is_refused_naming_it(con, tmp_path, monkeypatch):
    """Python decodes a UTF-8 file up to its first chunk with Chinese in it; DuckDB checks the
    rest as it reads. A GBK line there is the same mix, refused with its line named (a chunk of
    16 bytes here stands for 16 MB: the GBK line is chunks away from the header)."""
    monkeypatch.setattr(csv_source, "CHUNK", 16)
    rows = [row(f"CG-{n:03d}", "数控刀具改进").encode() for n in range(1, 300)]  # > 16 KB
    lines = [HEADER.encode(), *rows, cp936(row("CG-900", "工艺")), row("CG-901", "改").encode()]
    folder = outcomes_csv(tmp_path / "out", lines)
    before = snapshot(con)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert not result.ok
    [problem] = [p for p in result.problems if p.file == "创新成果.csv"]
    assert "创新成果" == problem.sheet
    assert "混用" in problem.reason and "第 301 行" in problem.reason
    assert before == snapshot(con)


def test_bytes_of_neither_encoding_are_refused_naming_the_line(con, tmp_path):
    bad = row("CG-002", "工艺").encode("gbk").replace(b"CG", b"\xff\xff", 1)  # 0xFF: in neither
    lines = [HEADER.encode("gbk"), row("CG-001", "数控").encode("gbk"), b"", bad]
    folder = outcomes_csv(tmp_path / "out", lines)
    before = snapshot(con)
    result = import_files(con, [write_xlsx(tmp_path / "reg.xlsx", REGISTRY), folder])
    assert not result.ok
    [problem] = [p for p in result.problems if p.file == "创新成果.csv"]
    assert "编码" in problem.reason and "第 4 行" in problem.reason
    assert before == snapshot(con)


def test_blank_line_search_finds_every_pair_at_every_offset():
    """The search for an empty line (\n\n, \n\r, \r\r) in chunks fed in order, against a plain
    search of the whole: at even and odd offsets, across chunk edges, in chunks of one byte."""
    import random

    rng = random.Random(7)
    for trial in range(400):
        data = bytes(rng.choice(b"ab,\n\n\r") for _ in range(rng.randint(0, 40)))
        if trial % 2:  # lines without an empty one, but for what the chunking may hide
            data = data.replace(b"\n\n", b"\na\n").replace(b"\r\r", b"\ra\r")
            data = data.replace(b"\n\r", b"\na\r")
        cuts = sorted(rng.sample(range(len(data) + 1), min(len(data) + 1, rng.randint(0, 6))))
        blank = csv_source._BlankLines()
        for start, stop in zip([0, *cuts], [*cuts, len(data)]):
            blank.feed(data[start:stop])
        expected = any(p in b"\n" + data for p in (b"\n\n", b"\n\r", b"\r\r"))
        assert expected == blank.found, (data, cuts)
