"""benefits_summary (成果效益's one query per period) holds, level by level, exactly what
benefits_by_unit, benefits_by_category and benefits_totals return (the report's queries)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import benefits_tables as B
from dashboard import db

AS_OF = dt.date(2023, 12, 15)


@pytest.mark.parametrize("as_of", [AS_OF, dt.date(2022, 12, 15), dt.date(2021, 6, 30)])
@pytest.mark.parametrize("choice", [B.YTD, B.ALL, "2022"])
@pytest.mark.parametrize("unit", [None, "蜀山区", "无此单位"])
def test_each_level_equals_its_query(sample_con, as_of, choice, unit):
    start, end = B.period_bounds(choice, as_of)
    for params in (dict(as_of=as_of, period_start=start, period_end=end, unit=unit),) + (
        (
            B.earlier_params(
                choice, dict(as_of=as_of, period_start=start, period_end=end, unit=unit)
            ),
        )
        if choice != B.ALL
        else ()
    ):
        units, categories, totals = B.summary_parts(
            db.run(sample_con, "benefits_summary", **params)
        )
        for name, part in (
            ("benefits_by_unit", units),
            ("benefits_by_category", categories),
            ("benefits_totals", totals),
        ):
            pd.testing.assert_frame_equal(
                db.run(sample_con, name, **params), part, check_exact=True
            )


def test_the_summary_has_rows_to_compare(sample_con):
    """The comparison above is not vacuous: at the sample's date every level has rows."""
    start, end = B.period_bounds(B.YTD, AS_OF)
    summary = db.run(
        sample_con, "benefits_summary", as_of=AS_OF, period_start=start, period_end=end, unit=None
    )
    units, categories, totals = B.summary_parts(summary)
    assert len(units) > 3 and len(categories) > 3 and 1 == len(totals)
    assert totals["outcomes"].iloc[0] == categories["outcomes"].sum() == units["outcomes"].sum()
