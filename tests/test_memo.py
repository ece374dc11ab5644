"""The marts stored at import (dashboard/memo.py) give exactly what computing them live gives,
and are used only for the data, the date and the settings they were made from."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import db, memo, report, store
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
    "gold_workers": {"campaign": None, "active": None, "limit": None},
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


def benefit_params(con) -> list[dict]:
    """成果效益's default period at the data's own date and its 同比's, as the page asks them."""
    from dashboard import benefits_tables as B

    as_of = report.default_as_of(con)
    start, end = B.period_bounds(B.YTD, as_of)
    now = dict(as_of=as_of, period_start=start, period_end=end, unit=None)
    return [now, B.earlier_params(B.YTD, now)]


def benefit_queries(period: dict) -> dict[str, dict]:
    """Each benefit query 成果效益 reads from a copy, with its parameters at `period`."""
    return {
        "benefits_summary": period,
        "benefits_top_outcomes": {**period, "top": 20},
        "benefits_by_year": {"as_of": period["as_of"], "unit": None},
    }


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("name", ["benefits_summary", "benefits_top_outcomes", "benefits_by_year"])
def test_the_stored_benefit_figures_give_what_the_live_ones_give(sample_con, which, name):
    """成果效益 opens on figures read from copies (its period, its 同比's, the top outcomes and
    the years): exactly the live rows."""
    args = benefit_queries(benefit_params(sample_con)[which])[name]
    stored = db.run(sample_con, name, **args)
    live = db.run(sample_con, name, **args, memo=False)
    assert len(live) > 0
    pd.testing.assert_frame_equal(stored, live, check_exact=True)


def test_the_page_opens_on_the_stored_periods(sample_con):
    """The periods stored at import are the ones 成果效益 asks for when it opens."""
    keys = sample_con.execute(
        "select distinct memo_as_of, memo_period_start, memo_period_end "
        "from memo_benefit_summary order by 1 desc"
    ).fetchall()
    expected = [
        (p["as_of"], p["period_start"], p["period_end"]) for p in benefit_params(sample_con)
    ]
    assert keys == expected
    tops = sample_con.execute("select distinct memo_as_of from memo_top_outcomes order by 1 desc")
    assert [k[0] for k in keys] == [t[0] for t in tops.fetchall()]


def test_the_stored_benefit_figures_are_read_for_their_keys_only(loaded):
    """Tamper with the copies: the page's default figures follow them (so they are read); a unit,
    another period, more top outcomes than stored, or asked live: not."""
    con = loaded
    now, earlier = benefit_params(con)
    total = lambda **a: float(  # noqa: E731
        db.run(con, "benefits_summary", **a).query("level == 'total'")["benefit_wan"].iloc[0]
    )
    top = lambda **a: db.run(con, "benefits_top_outcomes", **a)["title"].tolist()  # noqa: E731
    years = lambda **a: db.run(con, "benefits_by_year", **a)["outcomes"].tolist()  # noqa: E731
    other = {**now, "period_start": now["period_start"] - dt.timedelta(days=1)}
    unit = {**now, "unit": db.run(con, "units", unit=None)["unit"].iloc[0]}
    before = {
        "now": total(**now),
        "earlier": total(**earlier),
        "other": total(**other),
        "unit": total(**unit),
        "top": top(**now, top=3),
        "top_more": top(**now, top=101),
        "years": years(as_of=now["as_of"], unit=None),
        "years_unit": years(as_of=now["as_of"], unit=unit["unit"]),
    }
    con.execute("update memo_benefit_summary set benefit_wan = benefit_wan + 1")
    con.execute("update memo_top_outcomes set title = title || '*'")
    con.execute("update memo_benefit_years set outcomes = outcomes + 1")
    assert total(**now) == pytest.approx(before["now"] + 1)
    assert total(**earlier) == pytest.approx(before["earlier"] + 1)
    assert total(**now, memo=False) == pytest.approx(before["now"])
    assert total(**other) == pytest.approx(before["other"])
    assert total(**unit) == pytest.approx(before["unit"])
    assert before["top"] and top(**now, top=3) == [f"{b}*" for b in before["top"]]
    assert top(**now, top=101) == before["top_more"]
    assert years(as_of=now["as_of"], unit=None) == [y + 1 for y in before["years"]]
    assert years(as_of=now["as_of"], unit=unit["unit"]) == before["years_unit"]
    assert years(as_of=now["as_of"], unit=None, memo=False) == before["years"]


def test_the_stored_roll_is_read_at_its_date_only(loaded):
    """Tamper with the stored 金牌职工 roll: the roll at its date follows it, for every unit and
    for one (read through the scope); at another date or asked live, not."""
    con, as_of = loaded, report.default_as_of(loaded)
    unit = db.run(con, "units", unit=None)["unit"].iloc[0]
    leaders = lambda **a: sorted(  # noqa: E731
        db.run(con, "gold_workers", campaign=None, active=None, limit=None, **a)["leader"]
    )
    before = {u: leaders(as_of=as_of, unit=u) for u in (None, unit)}
    earlier = leaders(as_of=as_of - dt.timedelta(days=1), unit=None)
    assert before[None] and before[unit]
    con.execute("update memo_gold_roll set leader = leader || '*'")
    for u in (None, unit):
        assert leaders(as_of=as_of, unit=u) == sorted(f"{x}*" for x in before[u])
        assert leaders(as_of=as_of, unit=u, memo=False) == before[u]
    assert leaders(as_of=as_of - dt.timedelta(days=1), unit=None) == earlier


def test_a_reader_computes_live_beside_copies_of_another_definition(loaded, tmp_path):
    """Copies published by an owner of another release (other tables, other columns) are not
    attached: a reader computes every figure live rather than fail or mix the two."""
    path = tmp_path / "test.duckdb"
    args = benefit_queries(benefit_params(loaded)[0])
    live = {name: db.run(loaded, name, **a, memo=False) for name, a in args.items()}
    loaded.execute("update memo_keys set definition = 'older'")
    loaded.execute("drop table memo_top_outcomes")  # a table this release stores
    store.publish_memo(loaded, db.store_of(loaded), [t for t in memo.TABLES if "top" not in t])
    reader = db.connect_reader(path)
    try:
        for name, query_args in args.items():
            pd.testing.assert_frame_equal(db.run(reader, name, **query_args), live[name])
        assert not memo.ready(reader, params(reader))
    finally:
        reader.close()
