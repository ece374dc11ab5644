"""The leadership briefing (issue 19): dashboard/brief.py, `studiodash brief` and 打印简报.

What a leader holds: one A4 page whose title, 数据截至 and figures are the report's, in the
bundled Chinese font even where the system has none; a PNG of the same page for a chat group; a
markdown digest under the robot's limit; a unit's brief with that unit's rows only; and a stale
briefing that is never produced silently."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import struct

import pytest
from pypdf import PdfReader

from dashboard import auth, brief, cli, db, exports, labels, report
from tests.conftest import write_xlsx

SAMPLE_AS_OF = "2023-12-15"


def pdf_text(pdf: bytes) -> str:
    """The page's text with whitespace removed (a PDF places words, not spaces)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def pdf_fonts(pdf: bytes) -> set[str]:
    """The BaseFont of every font the PDF's pages (and their forms) use."""
    found = set()

    def walk(resources) -> None:
        for font in resources.get("/Font", {}).values():
            found.add(str(font.get_object().get("/BaseFont")))
        for xobject in resources.get("/XObject", {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page["/Resources"])
    return found


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def render(data: dict, kind: str = "pdf") -> tuple[bytes, bool]:
    """The brief's bytes, and whether its content outgrew the page."""
    with brief.Renderer(kind) as renderer:
        out = renderer.render(data)
        return out, renderer.overflowed


@pytest.fixture(scope="module")
def sample_brief(sample_con):
    """The whole city's brief of the bundled sample: (gather's data, the PDF, the report)."""
    data = brief.gather(sample_con)
    pdf, overflowed = render(data)
    assert not overflowed
    return data, pdf, report.build(sample_con)


@pytest.fixture(scope="module")
def unit_brief(sample_con):
    data = brief.gather(sample_con, unit="蜀山区")
    return data, render(data)[0], report.build(sample_con, unit="蜀山区")


# --- the figures ---------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", [None, "蜀山区"])
def test_figures_are_the_reports(sample_con, unit):
    data = brief.gather(sample_con, unit=unit)
    expected = report.build(sample_con, unit=unit)
    c, r = data["campaign"], expected["campaign"]
    for key in ("year", "target", "named", "in_review", "shortfall", "applied", "rejected"):
        assert r[key] == c[key], key
    assert (r["completion"], r["time_elapsed"]) == (c["completion"], c["time_elapsed"])
    assert c["pipeline"] == r["named"] + r["in_review"]
    assert data["as_of"] == expected["as_of"] == SAMPLE_AS_OF
    # the units furthest behind: the report's units with a quota, lowest completion first
    with_quota = [u for u in expected["units"] if u["quota"] > 0]
    worst = sorted(u["completion"] for u in with_quota)[: brief.TOP]
    assert worst == [u["completion"] for u in data["units"]["behind"]]
    assert len(with_quota) == data["units"]["total"]
    # benefits: the report's units add up to the brief's total this year
    total = sum(u["benefit_wan"] or 0 for u in expected["benefits"]["units"])
    assert round(total, 2) == round(data["benefits"]["benefit_wan"], 2)
    assert expected["benefits"]["period"] == data["benefits"]["period"]
    # the high-risk studios: counted, the first five with the report's first reason
    high = [s for s in expected["risk"] if s["tier"] == "高"]
    assert len(high) == data["risk"]["high"]
    assert [s["studio_id"] for s in high[: brief.TOP]] == [
        s["studio_id"] for s in data["risk"]["top"]
    ]
    for mine, theirs in zip(data["risk"]["top"], high):
        assert mine["reason"].startswith(theirs["reasons"][0]["detail"])
    assert len(expected["commendation"]) == data["commendation"]["candidates"]


def test_known_answers_on_hand_made_data(loaded):
    """conftest's small exports, as of their latest date 2023-07-01: campaign 2023 (target 40)
    has one applicant (高新区, in review) and no naming yet, so the lights compare applications
    with quotas; one named studio (HF-2022-001) holds this year's two outcomes."""
    data = brief.gather(loaded)
    assert "2023-07-01" == data["as_of"]
    c = data["campaign"]
    assert (2023, 40, 0, 1, 1, 39) == (
        c["year"],
        c["target"],
        c["named"],
        c["in_review"],
        c["pipeline"],
        c["shortfall"],
    )
    assert 0 == c["completion"] and 183 == c["days_left"]
    assert round(181 / 364, 6) == round(c["time_elapsed"], 6)
    u = data["units"]
    assert ("applications", 2, 2, 0) == (u["rule"], u["total"], u["red"], u["amber"])
    assert [("蜀山区", 4, "落后"), ("高新区", 3, "落后")] == [
        (r["unit"], r["quota"], r["light_word"]) for r in u["behind"]
    ]  # 0/4 applied before 1/3; 市建设工会 has no quota and is left out
    b = data["benefits"]
    assert (["2023-01-01", "2023-07-01"], 12.5, 2, 3, 1, 1) == (
        b["period"],
        b["benefit_wan"],
        b["outcomes"],
        b["patents"],
        b["invention_patents"],
        b["studios"],
    )
    assert (0, labels.YOY_NONE, False) == (b["prior_benefit_wan"], b["yoy_text"], b["small_base"])
    assert {"high": 0, "top": [], "rules_off": []} == data["risk"]  # HF-2022-001 scores 10
    assert 0 == data["commendation"]["candidates"]  # its assessment is 合格, not 优秀 (C2)


@pytest.fixture
def small_base_db(tmp_path, registry, outcomes):
    """conftest's exports with HF-2022-001 named in March 2022 and a 10 万元 outcome in June
    2022: this year's 12.5 万元 against a year-earlier base below yoy_min_base_wan (50)."""
    events = registry["状态记录"][1]
    events[0] = ["HF-2022-001", "2022-01-10", "申报", "", ""]
    events[1] = ["HF-2022-001", "2022-03-10", "命名", "合工〔2022〕45号", ""]
    old = list(outcomes["创新成果"][1][0])
    old[0], old[2], old[4], old[5], old[6], old[7] = "CG-003", "旧成果", "2022-06-01", 10, 0, 0
    outcomes["创新成果"][1].append(old)
    from dashboard.importer import import_files

    con = db.connect(tmp_path / "small.duckdb")
    files = [
        write_xlsx(tmp_path / "台账.xlsx", registry),
        write_xlsx(tmp_path / "成果.xlsx", outcomes),
    ]
    assert import_files(con, files).ok
    yield con
    con.close()


def test_a_small_base_says_so_instead_of_a_percentage(small_base_db):
    b = brief.gather(small_base_db)["benefits"]
    assert (12.5, 10.0, True) == (b["benefit_wan"], b["prior_benefit_wan"], b["small_base"])
    assert labels.YOY_SMALL_BASE == b["yoy_text"] and "none" == b["yoy_tone"]
    assert labels.YOY_SMALL_BASE in brief.markdown(brief.gather(small_base_db))


# --- the page: PDF and PNG -----------------------------------------------------------------------
def test_pdf_is_one_a4_page_with_the_reports_figures(sample_brief):
    data, pdf, expected = sample_brief
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 == len(reader.pages)
    box = reader.pages[0].mediabox
    assert (595, 842) == (round(float(box.width)), round(float(box.height)))  # A4 in points
    text = pdf_text(pdf)
    c = expected["campaign"]
    assert labels.BRIEF_TITLE.format(year=c["year"]) in text
    assert f"数据截至{SAMPLE_AS_OF}" in text and "范围：全市" in text
    for label, value in [
        (labels.KPI_TARGET, c["target"]),
        (labels.KPI_NAMED, c["named"]),
        (labels.KPI_IN_REVIEW, c["in_review"]),
        (labels.BRIEF_KPI_SHORTFALL, c["shortfall"]),
        (labels.KPI_COMPLETION, f"{c['completion'] * 100:.1f}%"),
    ]:
        assert f"{label}{value}" in text, label
    assert f"序时进度{c['time_elapsed'] * 100:.1f}%" in text
    assert f"若全部通过{c['named'] + c['in_review']}/{c['target']}" in text
    high = sum(s["tier"] == "高" for s in expected["risk"])
    assert f"高风险工作室{high}个" in text
    assert f"{labels.BRIEF_COMMEND_LABEL}{len(expected['commendation'])}个" in text
    for row in data["units"]["behind"]:
        assert row["unit"] in text
    assert "落后" in text and labels.YOY in text
    assert re.sub(r"\s+", "", labels.BRIEF_FOOTNOTE[-20:]) in text  # the foot of the page


def test_the_chart_is_drawn_as_vectors(sample_brief):
    """The burn-up's axis and legend are text in the PDF (plotly's SVG printed), not an image."""
    _, pdf, _ = sample_brief
    text = pdf_text(pdf)
    assert labels.CHART_NAMED in text and labels.CHART_PACE in text and "2023-07-01" in text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    images = [x for x in page["/Resources"].get("/XObject", {}).values()]
    assert not [x for x in images if x.get_object().get("/Subtype") == "/Image"]


def test_png_is_the_page_at_a_fixed_size_under_the_chat_limit(sample_brief):
    data, _, _ = sample_brief
    png = brief.png(data)
    assert brief.PNG_SIZE == png_size(png) == (1588, 2246)
    assert len(png) < 2 * 1024 * 1024  # 企业微信's image limit


def long(text: str, n: int = 300) -> str:
    return (text * n)[:n]


def test_long_names_stay_on_one_page(sample_brief):
    data = copy.deepcopy(sample_brief[0])
    data["unit"] = long("超长推荐单位名称")
    data["scope"] = labels.SCOPE_UNIT.format(unit=data["unit"])
    for row in data["units"]["behind"]:
        row["unit"] = long("某某市某某区某某街道工会联合会")
    for row in data["risk"]["top"]:
        row.update(name=long("很长的劳模创新工作室名称"), unit=long("单位"), reason=long("原因"))
    data["risk"]["rules_off"] = [f"R{i}" for i in range(1, 11)]
    data["commendation"]["criteria_off"] = ["C1", "C2", "C4"]
    pdf, overflowed = render(data)
    assert not overflowed
    assert 1 == len(PdfReader(io.BytesIO(pdf)).pages)
    assert re.sub(r"\s+", "", labels.BRIEF_FOOTNOTE[:12]) in pdf_text(pdf)


def test_national_figures_are_never_cut(sample_brief):
    """Figures far past a nation's (a million studios, 10,000 亿元) still show whole."""
    data = copy.deepcopy(sample_brief[0])
    big = 1_234_567
    data["campaign"].update(
        target=big, named=big, in_review=big, pipeline=2 * big, shortfall=big, applied=9 * big
    )
    data["benefits"].update(
        benefit_wan=123_456_789.12, prior_benefit_wan=98_765_432.1, outcomes=99_999_999
    )
    data["benefits"].update(patents=99_999_999, invention_patents=9_999_999, studios=9_999_999)
    data["risk"]["high"] = data["commendation"]["candidates"] = 9_999_999
    for row in data["units"]["behind"]:
        row.update(quota=big, named=big, in_review=big, shortfall=big)
    pdf, overflowed = render(data)
    assert not overflowed
    text = pdf_text(pdf)
    assert "12,345.68亿元" in text and "99,999,999项" in text and "1,234,567" in text


def test_the_layout_can_overflow_and_would_be_seen(sample_brief):
    """The overflow check of the tests above can fail: twenty rows do not fit."""
    data = copy.deepcopy(sample_brief[0])
    data["risk"]["top"] = data["risk"]["top"] * 8
    assert render(data)[1]


def test_data_is_escaped_never_markup(sample_brief):
    data = copy.deepcopy(sample_brief[0])
    data["units"]["behind"][0]["unit"] = "<b>粗</b>"
    data["risk"]["top"][0]["name"] = "<img src=x onerror=alert(1)>"
    data["risk"]["top"][1]["reason"] = "</script><script>alert(1)</script>"
    page = brief.html(data, inline=False)
    assert "<img src=x" not in page and "<b>粗</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;粗&lt;/b&gt;" in page
    assert "</script><script>alert(1)" not in page
    assert "<b>粗</b>" in pdf_text(render(data)[0])  # shown as itself


def test_a_units_brief_holds_only_its_rows(sample_con, unit_brief):
    data, pdf, expected = unit_brief
    others = set(db.run(sample_con, "units", unit=None)["unit"]) - {"蜀山区"}
    text, digest = pdf_text(pdf), brief.markdown(data)
    assert "范围：蜀山区" in text and "蜀山区" in digest
    assert [] == sorted(u for u in others if u in text or u in digest)
    assert {"蜀山区"} == {r["unit"] for r in data["units"]["behind"]}
    assert {"蜀山区"} == {r["unit"] for r in data["risk"]["top"]}
    assert expected["campaign"]["target"] == data["campaign"]["target"]  # the unit's quota
    assert f"{labels.KPI_TARGET}{expected['campaign']['target']}" in text


# --- fonts ----------------------------------------------------------------------------------------
@pytest.fixture
def no_cjk_fonts(tmp_path, monkeypatch):
    """Chromium sees DejaVu only: no system font has a Chinese glyph."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))


def test_the_bundled_font_is_embedded_without_system_cjk_fonts(sample_brief, no_cjk_fonts):
    data, _, expected = sample_brief
    pdf = render(data)[0]
    fonts = pdf_fonts(pdf)
    assert fonts and all(
        re.fullmatch(r"/[A-Z]{6}\+StudiodashSansSC-(Regular|Bold)", f) for f in fonts
    )
    text = pdf_text(pdf)
    assert labels.BRIEF_TITLE.format(year=expected["campaign"]["year"]) in text
    assert f"数据截至{SAMPLE_AS_OF}" in text and data["risk"]["top"][0]["name"] in text


def test_without_the_bundled_font_the_chinese_is_lost(sample_brief, no_cjk_fonts, monkeypatch):
    """The control of the test above: the page set in the system's fonts shows no Chinese."""
    monkeypatch.setattr(brief, "FONT_STACK", "sans-serif")
    pdf = render(sample_brief[0])[0]
    assert not any("Studiodash" in f for f in pdf_fonts(pdf))
    assert labels.BRIEF_TITLE_NO_CAMPAIGN not in pdf_text(pdf)


def test_the_font_and_its_licence_ship_with_the_package():
    for name in [*brief.FONT_FILES.values(), "OFL.txt", "StudiodashSansSC-Bold.unicode-range"]:
        assert (brief.FONTS_DIR / name).stat().st_size > 0, name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (brief.FONTS_DIR / "OFL.txt").read_text()
    from tests.conftest import ROOT

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"dashboard.fonts" = ["*.woff2", "*.unicode-range", "OFL.txt"]' in pyproject


def test_chromium_missing_says_what_to_install(sample_brief, monkeypatch):
    monkeypatch.setenv("STUDIODASH_BRIEF_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(brief.RendererMissing, match="apt-get install -y chromium"):
        brief.pdf(sample_brief[0])
    assert brief.markdown(sample_brief[0])  # the digest needs no browser


# --- markdown ------------------------------------------------------------------------------------
def test_markdown_digest(sample_brief):
    data, _, expected = sample_brief
    digest = brief.markdown(data)
    assert len(digest.encode("utf-8")) < brief.MD_LIMIT
    assert digest.startswith("## " + labels.BRIEF_TITLE.format(year=2023))
    assert f"数据截至 {SAMPLE_AS_OF}" in digest and labels.BRIEF_MD_TRUNCATED not in digest
    c = expected["campaign"]
    assert f"目标 {c['target']}，已命名 {c['named']}，评审中 {c['in_review']}" in digest
    assert data["risk"]["top"][0]["name"] in digest


def test_markdown_stays_under_the_limit_with_huge_hostile_names(sample_brief):
    data = copy.deepcopy(sample_brief[0])
    evil = "[点我](http://evil.example/x) **粗** <font color='red'>红</font> # 标题\n> 引用 "
    data["scope"] = labels.SCOPE_UNIT.format(unit=evil * 500)
    for row in data["units"]["behind"] + data["risk"]["top"]:
        row.update(unit=evil * 500, name=evil * 500, reason=evil * 500)
    digest = brief.markdown(data)
    assert len(digest.encode("utf-8")) < brief.MD_LIMIT
    assert "](" not in digest and "http://" not in digest and "<font" not in digest
    assert "**粗**" not in digest and "\n> 引用" not in digest
    lines = [f"{n}. " + "很长的一行" * 100 for n in range(200)]  # whole lines dropped, noted
    cut = brief._within(lines, brief.MD_LIMIT)
    assert len(cut.encode("utf-8")) < brief.MD_LIMIT and cut.endswith(labels.BRIEF_MD_TRUNCATED)


# --- the command line ----------------------------------------------------------------------------
def test_stale_data_are_refused_unless_allowed(loaded, tmp_path, capsys, monkeypatch):
    """The data's own date is 2023-07-01: far older than 14 days."""
    path = tmp_path / "test.duckdb"
    assert brief.stale(loaded, today=dt.date(2023, 7, 15)) is None  # 14 days: still fresh
    assert "2023-07-01" in brief.stale(loaded, today=dt.date(2023, 7, 16))
    loaded.close()
    args = ["brief", "--db", str(path), "--format", "md"]
    assert 3 == cli.main(args)
    err = capsys.readouterr().err
    assert "数据截至 2023-07-01" in err and "brief_stale_days" in err and "--allow-stale" in err
    assert 0 == cli.main([*args, "--allow-stale"])
    assert "数据截至 2023-07-01" in capsys.readouterr().out
    assert 0 == cli.main([*args, "--as-of", "2023-06-30"])  # a date chosen on purpose
    assert "数据截至 2023-06-30" in capsys.readouterr().out
    assert 2 == cli.main([*args, "--as-of", "2023-07-02"])  # past the data: refused
    assert "晚于数据截至日期 2023-07-01" in capsys.readouterr().err
    monkeypatch.setenv("STUDIODASH_BRIEF_STALE_DAYS", "100000")
    assert 0 == cli.main(args)


def test_cli_writes_pdf_png_and_md(loaded, tmp_path, capsys):
    loaded.close()
    base = ["brief", "--db", str(tmp_path / "test.duckdb"), "--allow-stale"]
    assert 0 == cli.main([*base, "--format", "pdf", "--out", str(tmp_path / "b.pdf")])
    text = pdf_text((tmp_path / "b.pdf").read_bytes())
    assert "2023年劳模（职工）创新工作室创建简报" in text and "数据截至2023-07-01" in text
    assert 0 == cli.main([*base, "--format", "png", "--out", str(tmp_path / "b.png")])
    assert brief.PNG_SIZE == png_size((tmp_path / "b.png").read_bytes())
    assert 0 == cli.main([*base, "--format", "md", "--out", str(tmp_path / "b.md")])
    assert (tmp_path / "b.md").read_text(encoding="utf-8").startswith("## 2023年")
    assert 2 == cli.main([*base, "--format", "md", "--unit", "不存在的单位"])
    assert 2 == cli.main([*base, "--format", "md", "--campaign", "1999"])
    capsys.readouterr()


def test_cli_without_chromium_says_what_to_install(loaded, tmp_path, capsys, monkeypatch):
    loaded.close()
    monkeypatch.setenv("STUDIODASH_BRIEF_CHROMIUM", "/nonexistent/chromium")
    args = ["brief", "--db", str(tmp_path / "test.duckdb"), "--allow-stale", "--format"]
    assert 1 == cli.main([*args, "pdf", "--out", str(tmp_path / "b.pdf")])
    assert "apt-get install -y chromium" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
    assert 0 == cli.main([*args, "md"])


# --- who may download it -------------------------------------------------------------------------
LEADER = auth.User("t_brief_leader", auth.LEADER, None)


def test_leaders_may_take_the_brief_and_nothing_else(loaded):
    assert not exports.may_export(LEADER)
    assert exports.may_export(LEADER, "brief")
    assert not exports.may_export(None, "brief")
    assert exports.may_export(auth.User("u", auth.UNIT_USER, "蜀山区"), "brief")
    with pytest.raises(exports.ExportRefused):
        exports.exported(loaded, LEADER, "x.xlsx", lambda: b"x")
    assert b"%PDF" == exports.exported(loaded, LEADER, "b.pdf", lambda: b"%PDF", kind="brief")
    entry = loaded.execute(
        "select action, detail from audit_log where username = 't_brief_leader'"
    ).fetchall()
    assert [("export", {"file": "b.pdf", "kind": "brief"})] == [
        (a, json.loads(d)) for a, d in entry
    ]


ROLES = [
    auth.User("t_admin", auth.ADMIN, None),
    auth.User("t_leader", auth.LEADER, None),
    auth.User("t_inspector", auth.INSPECTOR, None),
    auth.User("t_unit", auth.UNIT_USER, "蜀山区"),
]


@pytest.mark.parametrize("user", ROLES, ids=lambda u: u.role)
def test_print_button_on_the_progress_page_for_every_role(app_env, drawn, user):
    from tests.conftest import app_as

    at = app_as(user).run()
    assert not at.exception, [e.value for e in at.exception]
    briefs = [(data, kw) for label, data, kw in drawn if label == labels.BRIEF_BUTTON]
    assert 1 == len(briefs)
    data, kw = briefs[0]
    assert kw["file_name"] == labels.BRIEF_EXPORT_FILE.format(date=SAMPLE_AS_OF)
    assert "application/pdf" == kw["mime"]
    if user.role in (auth.LEADER, auth.UNIT_USER):  # the file itself, in the user's scope
        text = pdf_text(data())
        assert f"数据截至{SAMPLE_AS_OF}" in text
        assert ("范围：蜀山区" if user.unit else "范围：全市") in text
        if user.unit:
            assert "庐阳区" not in text and "瑶海区" not in text


def test_without_chromium_the_page_says_so(app_env, drawn, monkeypatch):
    from tests.conftest import app_as

    monkeypatch.setenv("STUDIODASH_BRIEF_CHROMIUM", "/nonexistent/chromium")
    at = app_as(ROLES[1]).run()
    assert not at.exception
    assert not [label for label, _, _ in drawn if label == labels.BRIEF_BUTTON]
    assert labels.BRIEF_BUTTON_MISSING in [c.value for c in at.caption]
