"""Inspections recorded in the app (dashboard/inspections.py): the importer's checks, the rules
and criteria that read inspections, voids, restore, export and re-import, unit scope, and
concurrent writes. Known answers on the small exports of conftest.py: 张伟 (HF-2022-001, 蜀山区)
named 2022-12-20, inspected 2023-06-01 优秀 with every condition 达标 (JC-001); data as of
2023-07-01."""

from __future__ import annotations

import datetime as dt
import threading

import openpyxl
import pytest

from dashboard import auth, db, inspections, labels, report, store
from dashboard.contract import ADMIN, CONDITIONS, INSPECTOR, LEADER, UNIT_USER
from dashboard.importer import import_files
from dashboard.versions import restore

from .conftest import snapshot, write_xlsx

INSPECTOR_USER = auth.User("insp", INSPECTOR, None)


ADMIN_USER = auth.User("boss", ADMIN, None)
STUDIO = "HF-2022-001"
AS_OF = dt.date(2023, 7, 1)


def form(**changes: object) -> dict:
    """A complete form for 张伟's studio: three conditions 不达标, 结论 不合格, on the as-of date."""
    grades = {c: "不达标" if n < 3 else "达标" for n, c in enumerate(CONDITIONS)}
    return {
        "工作室编号": STUDIO,
        "检查日期": "2023-07-01",
        "检查方式": "不定期抽查",
        **grades,
        "总分": "58",
        "结论": "不合格",
        "问题及整改要求": "标识缺失",
        "整改期限": "2023-08-01",
        "检查人": "李检",
        **changes,
    }


def risk_of(con, studio: str = STUDIO, as_of: dt.date = AS_OF) -> dict[str, int]:
    row = db.run(
        con, "studio_risk", studio_id=studio, as_of=as_of, unit=None, p=report.risk_params(con)
    )
    return {r["rule"]: r["points"] for r in row["reasons"].iloc[0]} if len(row) else {}


def c1_of(con, as_of: dt.date = AS_OF) -> bool:
    rows = report.commendation(con, as_of, None, most_missing=4)
    return bool(rows.set_index("studio_id").loc[STUDIO, "c1"])


def test_the_form_is_checked_by_the_importers_rules_with_its_words(loaded, tmp_path, registry):
    bad = form(**{"检查方式": "抽查", "总分": "120", "结论": None, "工作室编号": "HF-9"})
    found = {p.column: p for p in inspections.validate(loaded, bad)}
    assert set(found) == {"检查方式", "总分", "结论", "工作室编号"}
    # the same cells in an imported 检查记录 give the same reasons, word for word
    head, rows = registry["检查记录"]
    row = [bad.get(h) for h in head]
    row[0] = "JC-009"
    registry["检查记录"] = (head, [*rows, row])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    result = import_files(loaded, [tmp_path / "台账.xlsx"])
    imported = {p.column: p.reason for p in result.problems if p.row == 4}
    assert {c: p.reason for c, p in found.items()} == imported
    assert found["结论"].reason == labels.REASON["required"]
    assert found["检查方式"].suggestion == "不定期抽查"
    with pytest.raises(inspections.InspectionError) as refused:
        inspections.submit(loaded, INSPECTOR_USER, bad)
    assert len(refused.value.problems) == 4
    assert loaded.execute("select count(*) from app_inspections").fetchone()[0] == 0


def test_a_record_counts_at_once_in_r4_r5_and_c1_and_a_void_takes_it_back(loaded):
    assert "R4" not in risk_of(loaded) and "R5" not in risk_of(loaded) and c1_of(loaded)
    new_id = inspections.submit(loaded, INSPECTOR_USER, form())
    assert new_id.startswith("XC-") and new_id.endswith("-0001")
    fired = risk_of(loaded)
    assert fired["R4"] == 40 and fired["R5"] == 30  # 不合格; three conditions at 10 each
    assert not c1_of(loaded)  # the latest inspection is no longer 优秀/良好
    listed = {r["studio_id"]: r for r in report.build(loaded)["risk"]}
    assert {x["rule"] for x in listed[STUDIO]["reasons"]} >= {"R4", "R5"}
    file = db.run(loaded, "studio_inspections", studio_id=STUDIO, as_of=AS_OF, unit=None)
    assert file["inspection_id"].iloc[0] == new_id

    with pytest.raises(inspections.InspectionError):  # an inspector may not void
        inspections.void(loaded, INSPECTOR_USER, new_id, "录错了")
    with pytest.raises(inspections.InspectionError, match=labels.VOID_NEEDS_REASON):
        inspections.void(loaded, ADMIN_USER, new_id, " ")
    inspections.void(loaded, ADMIN_USER, new_id, "录错了工作室")
    assert "R4" not in risk_of(loaded) and c1_of(loaded)
    kept = loaded.execute(
        "select voided_by, void_reason from app_inspections where 检查编号 = ?", [new_id]
    ).fetchall()
    assert kept == [("boss", "录错了工作室")]  # nothing is deleted
    actions = [
        r[0] for r in loaded.execute("select action from audit_log order by logged_at").fetchall()
    ]
    assert actions[-2:] == ["inspection_add", "inspection_void"]


def test_a_record_ends_r7(loaded):
    later = dt.date(2025, 7, 1)  # JC-001 (2023-06-01) lies outside the 730-day window
    assert risk_of(loaded, as_of=later).get("R7") == 10
    inspections.submit(loaded, INSPECTOR_USER, form(**{"检查日期": "2025-06-30", "结论": "合格"}))
    assert "R7" not in risk_of(loaded, as_of=later)
    assert report.default_as_of(loaded) == dt.date(2025, 6, 30)  # 检查记录 now ends there


@pytest.mark.parametrize("role", [LEADER, UNIT_USER])
def test_only_inspectors_and_administrators_record(loaded, role):
    user = auth.User("x", role, "蜀山区" if role == UNIT_USER else None)
    with pytest.raises(inspections.InspectionError, match=labels.INSPECT_NOT_ALLOWED):
        inspections.submit(loaded, user, form())


def test_a_draft_is_kept_per_user_and_dropped_on_submit(loaded):
    inspections.save_draft(loaded, INSPECTOR_USER, STUDIO, {"检查人": "李检", "标志明显": "达标"})
    other = auth.User("other", INSPECTOR, None)
    assert inspections.load_draft(loaded, other, STUDIO) is None
    assert inspections.load_draft(loaded, INSPECTOR_USER, STUDIO)["标志明显"] == "达标"
    inspections.submit(loaded, INSPECTOR_USER, form())
    assert inspections.load_draft(loaded, INSPECTOR_USER, STUDIO) is None


def test_export_then_import_reconciles_and_changes_no_figure(loaded, tmp_path, registry, outcomes):
    new_id = inspections.submit(loaded, INSPECTOR_USER, form())
    before = report.build(loaded)
    files = inspections.sheet_files(inspections.export_frame(loaded))
    (tmp_path / "检查记录.xlsx").write_bytes(files["检查记录.xlsx"])
    sheet = openpyxl.load_workbook(tmp_path / "检查记录.xlsx").active
    header = [c.value for c in sheet[1]]
    assert sheet.title == "检查记录" and header == [c.name for c in inspections.SHEET.columns]
    exported = [c.value for c in sheet[2]]
    # the ledger takes the exported rows under its own: the next registry export carries them
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, exported])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    write_xlsx(tmp_path / "成果.xlsx", outcomes)
    result = import_files(loaded, [tmp_path / "台账.xlsx", tmp_path / "成果.xlsx"])
    assert result.ok, [str(p) for p in result.problems]
    assert result.reconciled == 1 and "1 条" in result.summary()
    assert report.build(loaded) == before  # the same figures, now from the import
    rows = loaded.execute(
        "select in_app from stg_inspections where inspection_id = ?", [new_id]
    ).fetchall()
    assert rows == [(False,)]  # one row, the imported one
    assert inspections.export_frame(loaded).empty  # nothing left to paste


def test_a_csv_export_imports_too(loaded, tmp_path):
    inspections.submit(loaded, INSPECTOR_USER, form())
    data = inspections.sheet_files(inspections.export_frame(loaded))["检查记录.csv"]
    assert data.startswith(b"\xef\xbb\xbf") and b"2023-07-01" in data


def test_a_registry_import_keeps_the_records_and_a_restore_brings_back_the_reconciled(
    loaded, tmp_path, registry, outcomes
):
    kept = inspections.submit(loaded, INSPECTOR_USER, form())
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).ok  # import 2: 检查记录 without it
    assert risk_of(loaded)["R4"] == 40  # still counted
    row = [c.value for c in openpyxl.load_workbook(_exported(loaded, tmp_path)).active[2]]
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, [*row[:-1], "王检（台账）"]])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).reconciled == 1  # import 3
    inspector = "select inspector, in_app from stg_inspections where inspection_id = ?"
    assert loaded.execute(inspector, [kept]).fetchall() == [("王检（台账）", False)]
    restore(loaded, 2, user="boss")  # before the ledger held it: the app's row again
    assert loaded.execute(inspector, [kept]).fetchall() == [("李检", True)]
    assert risk_of(loaded)["R4"] == 40


def _exported(con, tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(inspections.sheet_files(inspections.export_frame(con))["检查记录.xlsx"])
    return path


def test_a_failed_import_leaves_the_records_as_they_were(loaded, tmp_path, registry):
    kept = inspections.submit(loaded, INSPECTOR_USER, form())
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, [kept, STUDIO, "不是日期", *rows[0][3:]]])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert not import_files(loaded, [tmp_path / "台账.xlsx"]).ok
    assert loaded.execute(
        "select inspection_id, in_app from stg_inspections where in_app"
    ).fetchall() == [(kept, True)]


def test_the_export_and_the_file_keep_to_the_unit(loaded):
    inspections.submit(loaded, INSPECTOR_USER, form())
    assert len(inspections.export_frame(loaded, unit="蜀山区")) == 1
    assert inspections.export_frame(loaded, unit="高新区").empty
    other = db.run(loaded, "studio_inspections", studio_id=STUDIO, as_of=AS_OF, unit="高新区")
    assert other.empty


def test_the_cli_exports_the_sheet(loaded, tmp_path, capsys):
    from dashboard import cli

    inspections.submit(loaded, INSPECTOR_USER, form())
    path = loaded.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    loaded.close()
    assert cli.main(["inspections", "export", "--db", path, "--out", str(tmp_path / "out")]) == 0
    assert "1" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(tmp_path / "out" / "检查记录.xlsx").active
    assert sheet.max_row == 2 and sheet["A2"].value.startswith("XC-")
    assert (
        cli.main(
            [
                "inspections",
                "export",
                "--db",
                path,
                "--since",
                "2999-01-01",
                "--out",
                str(tmp_path / "none"),
            ]
        )
        == 0
    )
    assert openpyxl.load_workbook(tmp_path / "none" / "检查记录.xlsx").active.max_row == 1


def test_two_inspectors_submit_while_an_administrator_imports(loaded, tmp_path, registry, outcomes):
    write_xlsx(tmp_path / "台账.xlsx", registry)
    write_xlsx(tmp_path / "成果.xlsx", outcomes)
    errors, ids = [], []

    def record(n: int) -> None:
        try:
            for k in range(3):
                user = auth.User(f"insp{n}", INSPECTOR, None)
                ids.append(inspections.submit(loaded, user, form(**{"检查人": f"检{n}-{k}"})))
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    def load() -> None:
        try:
            files = [tmp_path / "台账.xlsx", tmp_path / "成果.xlsx"]
            assert import_files(loaded.cursor(), files).ok  # as the app: a cursor of its own
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    seen, done = [], threading.Event()

    def read() -> None:  # as a page's run: one snapshot, in which the counts agree
        while not done.is_set():
            cur = loaded.cursor()
            cur.execute("begin transaction")
            changes = cur.execute(db.sql("data_version")).fetchone()[1]
            shown = cur.execute("select count(*) from stg_inspections where in_app").fetchone()[0]
            seen.append((changes, shown))
            cur.execute("rollback")
            cur.close()

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=record, args=(n,)) for n in (1, 2)]
    threads.append(threading.Thread(target=load))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()
    assert errors == []
    assert seen and all(changes == shown for changes, shown in seen)  # never a mixed snapshot
    assert len(set(ids)) == 6  # each numbered once
    shown = loaded.execute("select count(*) from stg_inspections where in_app").fetchone()[0]
    assert shown == 6  # none lost to the import
    # the stored marts are the latest data's: a figure read from them equals the live one
    assert risk_of(loaded)["R4"] == 40


def test_a_record_updates_the_stored_marts_as_a_whole_store_would(
    sample_con, tmp_path, monkeypatch
):
    """The stored risk and commendation after a record (one studio's rows made again) equal
    what storing every studio gives; and the copies still answer the pages."""
    from dashboard import memo

    path = tmp_path / "copy.duckdb"
    sample_con.execute("checkpoint")
    con = db.connect(_copy(sample_con, path))
    as_of = report.default_as_of(con)
    studio = con.execute(
        "select studio_id from risk_scores_of($d, null, $p) order by score, studio_id limit 1",
        {"d": as_of, "p": report.risk_params(con)},
    ).fetchone()[0]
    store = memo.store
    monkeypatch.setattr(memo, "store", lambda con: pytest.fail("stored every studio"))
    inspections.submit(
        con, INSPECTOR_USER, form(**{"工作室编号": studio, "检查日期": as_of.isoformat()})
    )
    monkeypatch.setattr(memo, "store", store)
    params = {"as_of": as_of, "p": report.risk_params(con), "c": report.commend_params(con)}
    assert memo.ready(con, params)  # kept up to date, not dropped
    kept = {m: _rows(con, f"memo_{m}") for m in memo.BY_INSPECTIONS}
    assert risk_of(con, studio, as_of)["R4"] == 40
    memo.store(con)
    assert {m: _rows(con, f"memo_{m}") for m in memo.BY_INSPECTIONS} == kept


def _copy(con, path):

    source = con.execute(
        "select path from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    store.copy_database(source, path)
    return path


def _rows(con, table: str) -> list:
    return sorted(map(repr, con.execute(f"select * from {table}").fetchall()))


def test_a_registry_import_that_drops_a_recorded_studio_is_refused_until_voided(
    loaded, tmp_path, registry
):
    kept = inspections.submit(loaded, INSPECTOR_USER, form())
    head, rows = registry["工作室名录"]
    registry["工作室名录"] = (head, [r for r in rows if r[0] != STUDIO])
    for sheet in ("状态记录", "检查记录", "年度评估"):
        head, rows = registry[sheet]
        registry[sheet] = (head, [r for r in rows if r[1 if sheet == "检查记录" else 0] != STUDIO])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    result = import_files(loaded, [tmp_path / "台账.xlsx"])
    app = [p for p in result.problems if p.file == labels.WHERE_APP]
    assert not result.ok and len(app) == 1
    assert app[0].value == STUDIO and kept in app[0].reason and app[0].column == "工作室编号"
    inspections.void(loaded, ADMIN_USER, kept, "工作室已撤销")
    result = import_files(loaded, [tmp_path / "台账.xlsx"])
    assert not [p for p in result.problems if p.file == labels.WHERE_APP]


# --- found in review (each failed before its fix) --------------------------------------------
def test_what_the_form_accepts_is_stored_as_the_importer_reads_it(loaded):
    """ "不 合格", "2023年7月1日", "58分", " HF-2022-001 " pass the importer's checks: stored
    as it reads them (不合格, a date, 58, the trimmed id), so they count."""
    fields = form(
        **{c: "不 达标" for c in CONDITIONS[:3]},
        **{
            "结论": "不 合格",
            "检查日期": "2023年7月1日",
            "总分": "58分",
            "工作室编号": f" {STUDIO} ",
        },
    )
    assert inspections.validate(loaded, fields) == []
    inspections.submit(loaded, INSPECTOR_USER, fields)
    fired = risk_of(loaded)
    assert (fired["R4"], fired["R5"]) == (40, 30)
    stored = loaded.execute(
        "select 结论, 检查日期, 总分, 工作室编号 from app_inspections"
    ).fetchone()
    assert stored == ("不合格", AS_OF, 58.0, STUDIO)


def test_the_check_and_the_write_are_one_step_under_the_write_lock(loaded, monkeypatch):
    """No import can remove the studio between the check and the write (it waits for the lock)."""
    from dashboard.versions import WRITE_LOCK

    held = []
    stage = inspections._stage
    monkeypatch.setattr(
        inspections,
        "_stage",
        lambda cur, fields: held.append(WRITE_LOCK.locked()) or stage(cur, fields),
    )
    inspections.submit(loaded, INSPECTOR_USER, form())
    assert held == [True]


def test_a_new_record_never_takes_a_number_an_import_holds(loaded, tmp_path, registry):
    today = loaded.execute("select current_timestamp::timestamp").fetchone()[0].date()
    taken = f"XC-{today:%Y%m%d}-0001"
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, [taken, "HF-2023-001", "2023-06-15", *rows[0][3:]]])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).ok
    assert inspections.submit(loaded, INSPECTOR_USER, form()) == f"XC-{today:%Y%m%d}-0002"
    assert risk_of(loaded).get("R4") == 40


def test_a_record_is_reconciled_once(loaded, tmp_path, registry):
    inspections.submit(loaded, INSPECTOR_USER, form())
    row = [c.value for c in openpyxl.load_workbook(_exported(loaded, tmp_path)).active[2]]
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, row])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).reconciled == 1
    again = import_files(loaded, [tmp_path / "台账.xlsx"])  # next month's ledger, same rows
    assert again.ok and again.reconciled == 0


def test_the_xlsx_round_trip_keeps_text_the_formula_guard_marks(loaded, tmp_path, registry):
    issues = "-标识缺失；=台账不全"
    kept = inspections.submit(loaded, INSPECTOR_USER, form(**{"问题及整改要求": issues}))
    sheet = openpyxl.load_workbook(_exported(loaded, tmp_path)).active
    cell = sheet.cell(2, [c.value for c in sheet[1]].index("问题及整改要求") + 1)
    assert cell.value == issues and cell.quotePrefix  # Excel keeps it as text
    head, rows = registry["检查记录"]
    registry["检查记录"] = (head, [*rows, [c.value for c in sheet[2]]])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).reconciled == 1
    got = loaded.execute("select issues from stg_inspections where inspection_id = ?", [kept])
    assert got.fetchone()[0] == issues


def test_the_first_real_import_voids_the_records_made_on_the_sample(
    con, tmp_path, registry, outcomes
):
    write_xlsx(tmp_path / "台账.xlsx", registry)
    write_xlsx(tmp_path / "成果.xlsx", outcomes)
    files = [tmp_path / "台账.xlsx", tmp_path / "成果.xlsx"]
    assert import_files(con, files, is_sample=True).ok  # the sample numbers studios alike
    inspections.submit(con, auth.User("inspector", INSPECTOR, None, is_demo=True), form())
    assert risk_of(con)["R4"] == 40
    assert import_files(con, files).ok  # the office's real ledger
    assert "R4" not in risk_of(con)
    assert (
        con.execute("select void_reason from app_inspections").fetchone()[0] == labels.VOID_SAMPLE
    )


@pytest.fixture
def no_inspections(con, tmp_path, registry, outcomes):
    registry.pop("检查记录")  # an optional sheet the office has not sent yet
    write_xlsx(tmp_path / "台账.xlsx", registry)
    write_xlsx(tmp_path / "成果.xlsx", outcomes)
    assert import_files(con, [tmp_path / "台账.xlsx", tmp_path / "成果.xlsx"]).ok
    return con


def test_the_first_record_and_the_void_of_the_last_keep_the_stored_marts_answering(no_inspections):
    from dashboard import memo

    con = no_inspections

    def ready() -> bool:
        as_of, p, c = report.default_as_of(con), report.risk_params(con), report.commend_params(con)
        return memo.ready(con, {"as_of": as_of, "p": p, "c": c})

    assert not report.risk_params(con)["has_inspections"]
    kept = inspections.submit(con, INSPECTOR_USER, form())
    assert report.risk_params(con)["has_inspections"] and ready()  # R4 etc. now on
    assert risk_of(con)["R4"] == 40
    inspections.void(con, ADMIN_USER, kept, "录错")
    assert not report.risk_params(con)["has_inspections"] and ready()


def test_a_restore_that_would_orphan_a_record_is_refused(loaded, tmp_path, registry):
    from dashboard.versions import RestoreRefused, restore_as

    head, rows = registry["工作室名录"]
    registry["工作室名录"] = (head, [*rows, ["HF-2024-001", *rows[1][1:]]])
    write_xlsx(tmp_path / "台账.xlsx", registry)
    assert import_files(loaded, [tmp_path / "台账.xlsx"]).ok  # import 2 adds HF-2024-001
    kept = inspections.submit(loaded, INSPECTOR_USER, form(**{"工作室编号": "HF-2024-001"}))
    before = snapshot(loaded)
    with pytest.raises(RestoreRefused, match=kept):
        restore(loaded, 2, user="boss")  # before import 2: no such studio
    assert snapshot(loaded) == before
    ok, said = restore_as(loaded, 2, "boss")
    assert not ok and kept in said
    inspections.void(loaded, ADMIN_USER, kept, "工作室尚未命名")
    assert restore(loaded, 2, user="boss") is not None
