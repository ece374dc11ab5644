"""benchmarks/bench_polars.py: its polars peer computes the same status of every studio and the
same benefits by unit as the product's SQL, on the bundled sample; and its comparison reports a
difference when there is one."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from benchmarks import bench_polars as bp
from dashboard import benefits_tables as B

AS_OF = dt.date(2023, 12, 15)


@pytest.fixture(scope="module")
def frames(sample_con, tmp_path_factory):
    return bp.scans(bp.export(sample_con, tmp_path_factory.mktemp("parquet")))


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2022, 12, 15), dt.date(2021, 3, 1)])
def test_status_equals_the_sql(sample_con, frames, as_of):
    sql = bp.sql_status(sample_con, as_of, "arrow")
    peer = bp.status(frames, as_of).collect()
    assert sql.num_rows > 0
    assert [] == bp.differences(sql, peer, bp.KEYS["status"])
    assert {"named", "rejected"} <= set(pc.unique(sql["status_key"]).to_pylist())


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2022, 12, 15)])
@pytest.mark.parametrize("choice", [B.YTD, B.ALL, "2021"])
def test_benefits_by_unit_equals_the_sql(sample_con, frames, as_of, choice):
    start, end = B.period_bounds(choice, as_of)
    params = dict(as_of=as_of, period_start=start, period_end=end, unit=None)
    sql = bp.sql_benefits(sample_con, params, "arrow")
    peer = bp.benefits_by_unit(frames, as_of, start, end).collect()
    assert sql.num_rows > 0
    assert [] == bp.differences(sql, peer, bp.KEYS["benefits"])
    # the same order as the page shows, too
    assert sql["unit"].to_pylist() == peer["unit"].to_list()


def _with(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    return table.set_column(
        table.schema.get_field_index(column), column, pa.array(values, table[column].type)
    )


def test_the_comparison_reports_a_difference(sample_con, frames):
    """Perturb one value (a benefit, a status, a date), drop a row, rename a column: each is
    reported, so the equality tests above can fail."""
    start, end = B.period_bounds(B.YTD, AS_OF)
    params = dict(as_of=AS_OF, period_start=start, period_end=end, unit=None)
    benefits = bp.sql_benefits(sample_con, params, "arrow")
    peer = bp.benefits_by_unit(frames, AS_OF, start, end).collect()
    assert [] == bp.differences(benefits, peer, ["unit"])
    bumped = _with(benefits, "benefit_wan", 0, benefits["benefit_wan"][0].as_py() + 0.01)
    assert ["benefit_wan"] == [d.split(" ")[0] for d in bp.differences(bumped, peer, ["unit"])]
    assert bp.differences(benefits.slice(1), peer, ["unit"])
    assert bp.differences(benefits.rename_columns(["x", *benefits.column_names[1:]]), peer, ["x"])

    status = bp.sql_status(sample_con, AS_OF, "arrow")
    peer_status = bp.status(frames, AS_OF).collect()
    keys = status["status_key"].to_pylist()
    flipped = _with(status, "status_key", 0, "other" if keys[0] != "other" else "named")
    assert ["status_key"] == [
        d.split(" ")[0] for d in bp.differences(flipped, peer_status, ["studio_id"])
    ]
    moved = _with(status, "latest_on", 0, status["latest_on"][0].as_py() - dt.timedelta(days=1))
    assert bp.differences(moved, peer_status, ["studio_id"])
