"""Engine behaviour the figures rely on, reproduced in plain DuckDB SQL.

DuckDB 2.0.x folds `coalesce(sum(x), 0) >= k` to false below a LEFT JOIN whose right side its
statistics prove empty (db.ENGINE_WORKAROUNDS). On 2.0.1 that gave a studio with score 60 the
tier 低 (tests/test_figures.py::test_tier_thresholds). Every connection of the app is opened by
db.connect, which turns the faulty optimizer step off; these queries must come out right there,
on the connection and on its cursors, whatever the engine's version."""

from __future__ import annotations

import pytest

from dashboard import db

SETUP = "create table s(id int); insert into s values (1), (2); create table a(id int);"
CASES = [
    # the smallest form: an integer sum below a LEFT JOIN to a right side no row can meet
    ("select coalesce(sum(1), 0) >= 1 from s left join a on a.id > 5", True),
    # the form 2.0.1's join order produced in risk_reasons (a cross join, two LEFT JOINs)
    (
        "select coalesce(sum(1), 0) > 0 from s cross join (select 1 as k) as d "
        "left join a on a.id = s.id + d.k and a.id > 5 left join a as o on o.id = s.id",
        True,
    ),
    ("select cast(coalesce(sum(s.id), 0) as integer) >= 3 from s left join a on a.id > 5", True),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_sum_below_a_left_join_to_nothing(tmp_path, query, expected):
    con = db.connect(tmp_path / "engine.duckdb")
    con.execute(SETUP)
    cur = con.cursor()
    assert [(expected,)] == con.execute(query).fetchall()
    assert [(expected,)] == cur.execute(query).fetchall()
