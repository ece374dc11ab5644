"""The benchmark's yardstick, benchmarks/pandas_report.py, computes the same report as
report.report on the bundled sample, so "the pandas way" compares like with like."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks import pandas_report
from dashboard import db, report


@pytest.fixture(scope="module")
def frames(sample_con):
    return pandas_report.load(sample_con)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"unit": "蜀山区"},
        {"as_of": dt.date(2023, 3, 31)},
        {"as_of": dt.date(2022, 12, 31), "campaign": 2022},
        {"as_of": dt.date(2021, 6, 30), "unit": "高新区"},
    ],
)
def test_same_report(sample_con, frames, kwargs):
    expected = report.build(sample_con, **kwargs)
    actual = pandas_report.report(frames, **kwargs)
    assert expected["as_of"] == actual["as_of"]
    assert expected["campaign"] == actual["campaign"]
    assert expected["units"] == actual["units"]
    assert expected["benefits"] == actual["benefits"]
    assert [(r["studio_id"], r["score"], r["tier"]) for r in expected["risk"]] == [
        (r["studio_id"], r["score"], r["tier"]) for r in actual["risk"]
    ]
    assert expected == actual  # reasons and their evidence too


def test_sample_has_something_to_compare(sample_con, frames):
    pandas_way = pandas_report.report(frames)
    assert pandas_way["units"] and pandas_way["benefits"]["units"]
    assert {"高", "中", "低"} == {r["tier"] for r in pandas_way["risk"]}
    assert len({reason["rule"] for r in pandas_way["risk"] for reason in r["reasons"]}) >= 8
    campaign = pandas_way["campaign"]
    assert campaign["late"] and campaign["ineligible"] and campaign["unverified"]
    assert {"符合", "不符合", "待核实"} == {a["eligibility"] for a in pandas_way["applications"]}
    assert {True, False} == {g["active"] for g in pandas_way["gold_workers"]}
    assert pandas_way["commendation"]


def test_same_report_on_an_empty_database(tmp_path):
    con = db.connect(tmp_path / "empty.duckdb")
    try:
        assert report.build(con) == pandas_report.report(pandas_report.load(con))
    finally:
        con.close()
