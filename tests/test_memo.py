"""The marts stored at import (dashboard/memo.py) give exactly what computing them live gives,
and are used only for the data, the date and the settings they were made from."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import db, memo, report
from dashboard.importer import import_files
from dashboard.versions import restore
from tests.conftest import write_xlsx

# every query that reads a stored mart, with the parameters it takes beyond as_of, unit, p
QUERIES = {
    "risk": {"dated": [], "undated": []},
    "risk_watchlist": {"tiers": None, "rule": None, "limit": None},
    "risk_by_unit_tier": {},
    "risk_rule_counts": {},
    "commendation": {"most_missing": 4, "limit": None},
    "explore_studios": {},
}


def params(con, as_of=None, unit=None) -> dict:
    return {
        "as_of": as_of or report.default_as_of(con),
        "unit": unit,
        "p": report.risk_params(con),
        "c": report.commend_params(con),
    }


def explore_params() -> dict:
    """explore_studios' own filters, all off (read from the file: it takes many)."""
    names = db._param_names("explore_studios") - {"as_of", "unit", "p", "memo"}
    return dict.fromkeys(names)


def both(con, name: str, **args) -> tuple[pd.DataFrame, pd.DataFrame]:
    extra = explore_params() if name == "explore_studios" else QUERIES[name]
    stored = db.run(con, name, **args, **extra, memo=True)
    live = db.run(con, name, **args, **extra, memo=False)
    return stored, live


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("unit", [None, "unit"])
def test_the_stored_marts_give_what_the_live_ones_give(sample_con, name, unit):
    args = params(sample_con)
    assert memo.ready(sample_con, args)
    if unit:
        args["unit"] = db.run(sample_con, "units", unit=None)["unit"].iloc[1]
    stored, live = both(sample_con, name, **args)
    assert len(live) > 0
    key = [c for c in ("studio_id", "unit", "tier", "rule", "missing") if c in live.columns]
    pd.testing.assert_frame_equal(
        stored.sort_values(key, ignore_index=True), live.sort_values(key, ignore_index=True)
    )


def test_a_studio_file_reads_the_same_risk(sample_con):
    args = params(sample_con)
    studio = db.run(sample_con, "risk_watchlist", **args, tiers=None, rule=None, limit=1)
    one = {"studio_id": studio["studio_id"].iloc[0], **args}
    stored = db.run(sample_con, "studio_risk", **one, memo=True)
    live = db.run(sample_con, "studio_risk", **one, memo=False)
    assert len(stored) == 1
    pd.testing.assert_frame_equal(stored, live)


def test_only_the_stored_date_and_settings_are_ready(sample_con, monkeypatch):
    args = params(sample_con)
    assert memo.ready(sample_con, args)
    assert not memo.ready(sample_con, {**args, "as_of": args["as_of"] - dt.timedelta(days=1)})
    assert not memo.ready(sample_con, {**args, "c": {**args["c"], "c4_min_activities": 99}})
    monkeypatch.setenv("STUDIODASH_RISK_R1_POINTS", "31")
    assert not memo.ready(sample_con, {**args, "p": report.risk_params(sample_con)})


def test_each_import_and_restore_stores_its_own(loaded, tmp_path, registry, outcomes):
    """A second import changes the figures; the copy follows it, and a restore brings back the
    first import's. In between, a commit the copy was not made from never reads it."""
    con = loaded
    first = report.build(con, None)
    assert memo.ready(con, params(con))
    headers, rows = registry["状态记录"]  # HF-2022-001, named in 2022, is delisted
    rows.append(["HF-2022-001", "2023-01-05", "摘牌", "", ""])
    write_xlsx(tmp_path / "台账2.xlsx", registry)
    write_xlsx(tmp_path / "成果2.xlsx", outcomes)
    assert import_files(con, [tmp_path / "台账2.xlsx", tmp_path / "成果2.xlsx"]).ok
    assert memo.ready(con, params(con))
    second = report.build(con, None)
    assert len(second["risk"]) < len(first["risk"])  # a delisted studio has no risk
    assert restore(con, 2) is not None
    assert memo.ready(con, params(con))
    assert report.build(con, None)["risk"] == first["risk"]
    con.execute(  # a commit made elsewhere, whose copy is not stored yet
        "insert into import_log select import_id + 1, kind, imported_at, by_user, files, rows, "
        "warnings, restored_to, is_sample from import_log order by import_id desc limit 1"
    )
    assert not memo.ready(con, params(con))
    assert status_date(con) is None  # nor its stored status


def test_a_changed_definition_is_stored_again(tmp_path, sample_con):
    path = tmp_path / "old.duckdb"
    con = db.connect(path)
    con.execute("update memo_keys set definition = 'older'")
    con.close()
    con = db.connect(path)
    assert con.execute("select definition from memo_keys").fetchone()[0] == memo.definition()
    con.close()


def status_date(con):
    memo.point_status(con, True)
    return con.execute("select getvariable('status_memo')").fetchone()[0]


def test_the_stored_status_gives_the_whole_report_the_live_one_gives(loaded, monkeypatch):
    """Every figure of the report, read with the stored status of every studio and computed
    live from the events: the same."""
    assert status_date(loaded) == report.default_as_of(loaded)
    stored = report.build(loaded, None)
    live_only = memo.point_status
    monkeypatch.setattr(memo, "point_status", lambda con, use: live_only(con, False))
    assert report.build(loaded, None) == stored


def test_the_stored_status_is_read_at_its_date_only(loaded):
    """Tamper with the copy: the figures at its date follow it (so it is read), those at any
    other date or asked live (memo=False) do not."""
    con, as_of = loaded, report.default_as_of(loaded)
    period = {"period_start": dt.date(as_of.year, 1, 1), "period_end": as_of, "unit": None}
    count = lambda **a: int(db.run(con, "benefits_totals", **period, **a)["studios"].iloc[0])  # noqa: E731
    before, earlier = count(as_of=as_of), count(as_of=as_of - dt.timedelta(days=1))
    con.execute(
        "update memo_studio_status set is_named = false "
        "where studio_id = (select min(studio_id) from memo_studio_status where is_named)"
    )
    assert count(as_of=as_of) == before - 1
    assert count(as_of=as_of, memo=False) == before
    assert count(as_of=as_of - dt.timedelta(days=1)) == earlier


def test_the_stored_outcomes_are_read_at_their_date_only(loaded):
    """Tamper with the stored outcomes of the named studios: the benefit figures at the copy's
    date follow it (so it is read), those at another date or asked live do not."""
    con, as_of = loaded, report.default_as_of(loaded)
    period = {"period_start": dt.date(2000, 1, 1), "unit": None}
    total = lambda at, **a: db.run(con, "benefits_totals", **period, as_of=at, period_end=at, **a)  # noqa: E731
    before = float(total(as_of)["benefit_wan"].iloc[0])
    earlier = float(total(as_of - dt.timedelta(days=1))["benefit_wan"].iloc[0])
    con.execute("update memo_named_outcomes set benefit_wan = coalesce(benefit_wan, 0) + 1")
    rows = con.execute("select count(*) from memo_named_outcomes").fetchone()[0]
    assert rows > 0
    assert float(total(as_of)["benefit_wan"].iloc[0]) == pytest.approx(before + rows)
    assert float(total(as_of, memo=False)["benefit_wan"].iloc[0]) == pytest.approx(before)
    assert float(total(as_of - dt.timedelta(days=1))["benefit_wan"].iloc[0]) == pytest.approx(
        earlier
    )


@pytest.mark.parametrize("folder", ["staging", "macros", "marts"])
def test_a_change_to_any_definition_the_copies_read_stores_them_again(monkeypatch, folder):
    """The copies are made from marts that read the staging views (named_outcomes_of copies
    stg_outcomes' columns) and the macros: a release that changes any of them must store the
    copies again, or the copy and the live branch of a switch macro no longer line up."""
    before = memo.definition()
    real = db.definitions

    def changed(name: str) -> list[tuple[str, str]]:
        found = real(name)
        if name != folder:
            return found
        first, text = found[0]
        return [(first, text + "\n-- a column more"), *found[1:]]

    monkeypatch.setattr(db, "definitions", changed)
    assert memo.definition() != before
