"""Inspection plans (dashboard/plans.py): a sample is reproducible for a seed, keeps every overdue
studio, is stratified by unit and weighted by risk as its text says; 互查 never assigns a unit its
own studios and balances the load whenever the studios allow (hypothesis, against a max-flow
oracle), else says why; the candidates query keeps the unit scope and R7's verdict; saved plans
round-trip, audited, and load in the reader's scope."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import time
from collections import deque

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import db, plans, report
from dashboard import labels as L
from dashboard.auth import ADMIN, INSPECTOR, LEADER, UNIT_USER, User
from dashboard.importer import import_files
from tests.conftest import OUTCOMES, REGISTRY, write_xlsx

ADMIN_USER = User("admin1", ADMIN, None)
OVERDUE, DRAWN = L.PLAN_REASON["overdue"], L.PLAN_REASON["drawn"]


def candidates(units: str, scores: list[int] | None = None, overdue: str = "") -> pd.DataFrame:
    """One candidate per letter of units (its unit), ids S00, S01, …; overdue: the letters' ids
    ("3,7") that are overdue."""
    late = {int(x) for x in overdue.split(",") if x}
    return pd.DataFrame(
        {
            "studio_id": [f"S{i:02d}" for i in range(len(units))],
            "studio_name": [f"name{i}" for i in range(len(units))],
            "unit": list(units),
            "risk_score": scores if scores is not None else [0] * len(units),
            "overdue": [i in late for i in range(len(units))],
        }
    )


# --- 抽查 -----------------------------------------------------------------------------------------


def test_kinds_are_the_contracts_inspection_methods():
    assert ("定期检查", "不定期抽查", "互查", "年度复核") == plans.KINDS
    assert "互查" == plans.MUTUAL


def test_same_seed_same_plan_other_seed_other_plan():
    frame = candidates("A" * 30 + "B" * 20 + "C" * 10, scores=[i % 7 * 15 for i in range(60)])
    one = plans.draw_sample(frame, 12, seed=7, risk_weight=1.0)
    again = plans.draw_sample(frame, 12, seed=7, risk_weight=1.0)
    other = plans.draw_sample(frame, 12, seed=8, risk_weight=1.0)
    assert one.rows.to_dict("records") == again.rows.to_dict("records")
    assert one.how == again.how
    assert set(one.rows.studio_id) != set(other.rows.studio_id)
    assert 12 == len(one.rows) == len(other.rows)


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(25)), st.integers(0, 2**32))
def test_input_order_does_not_matter(order, seed):
    frame = candidates("AAAAAAAAAABBBBBBBCCCCCDDD", scores=[i * 4 for i in range(25)], overdue="3")
    shuffled = frame.iloc[list(order)]
    expected = plans.draw_sample(frame, 8, seed, 2.0)
    actual = plans.draw_sample(shuffled, 8, seed, 2.0)
    assert expected.rows.to_dict("records") == actual.rows.to_dict("records")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ABCD"), st.integers(0, 200), st.booleans()), max_size=40),
    st.integers(0, 45),
    st.integers(0, 2**32),
    st.sampled_from([0.0, 0.5, 1.0, 5.0]),
)
def test_overdue_always_in_and_places_proportional(rows, size, seed, weight):
    frame = pd.DataFrame(
        {
            "studio_id": [f"S{i:02d}" for i in range(len(rows))],
            "studio_name": "x",
            "unit": [r[0] for r in rows],
            "risk_score": [r[1] for r in rows],
            "overdue": pd.Series([r[2] for r in rows], dtype=bool),
        }
    )
    sample = plans.draw_sample(frame, size, seed, weight)
    late = set(frame.studio_id[frame.overdue])
    got = sample.rows
    assert late <= set(got.studio_id)
    assert got.studio_id.is_unique
    assert late == set(got.studio_id[got.reason == OVERDUE])
    assert {DRAWN} >= set(got.reason[~got.studio_id.isin(late)])
    assert len(got) == (len(late) if len(late) >= size else min(size, len(frame)))
    assert sample.only_overdue == (len(late) >= size and len(late) > 0)
    assert len(late) == sample.overdue
    # each unit's places: its proportional share of the rest, rounded up or down
    rest = frame[~frame.overdue]
    places = min(max(size - len(late), 0), len(rest))
    drawn = got[got.reason == DRAWN].groupby("unit").size()
    for unit, count in rest.groupby("unit").size().items():
        share = places * count / len(rest)
        assert int(np.floor(share)) <= drawn.get(unit, 0) <= int(np.ceil(share))
    assert places == len(got[got.reason == DRAWN]) == sample.strata.places.sum()


def test_stratification_known_answer():
    """18 candidates not overdue: A 10, B 6, C 2; 5 places: shares 2.78, 1.67, 0.56 -> floors
    2, 1, 0 and the two largest remainders (A .78, B .67) one more: A 3, B 2, C 0. The two
    overdue studios (C) come first, whatever the size."""
    frame = candidates("A" * 10 + "B" * 6 + "C" * 4, overdue="18,19")
    sample = plans.draw_sample(frame, 7, seed=1, risk_weight=0.0)
    assert {"A": 3, "B": 2} == sample.rows[sample.rows.reason == DRAWN].groupby(
        "unit"
    ).size().to_dict()
    assert [("A", 10, 3), ("B", 6, 2), ("C", 2, 0)] == list(
        sample.strata.itertuples(index=False, name=None)
    )
    assert ["S18", "S19"] == list(sample.rows.studio_id[:2])
    assert "各单位名额：A 3、B 2。" in sample.how


def test_exact_proportions():
    frame = candidates("AAAAAABBBCCC")
    sample = plans.draw_sample(frame, 4, seed=3, risk_weight=1.0)
    assert {"A": 2, "B": 1, "C": 1} == sample.rows.groupby("unit").size().to_dict()


def test_equal_remainders_are_broken_by_the_seed_not_the_name():
    frame = candidates("ABC")
    picked = {plans.draw_sample(frame, 1, seed, 0.0).rows.unit.iloc[0] for seed in range(20)}
    assert {"A", "B", "C"} == picked


def test_a_huge_risk_weight_draws_the_high_risk_studio_first():
    """Efraimidis–Spirakis keys u ** (1 / w): a weight of 1 + 1e9 puts the key of the studio
    scored 100 next to 1, far above every score-0 studio's."""
    frame = candidates("AAAAAAAAAA", scores=[0, 0, 0, 0, 0, 0, 100, 0, 0, 0])
    for seed in range(10):
        assert "S06" == plans.draw_sample(frame, 1, seed, 1e9).rows.studio_id.iloc[0]
        assert "S06" == plans.draw_sample(frame, 3, seed, 1e9).rows.studio_id.iloc[0]
    uniform = {plans.draw_sample(frame, 1, seed, 0.0).rows.studio_id.iloc[0] for seed in range(10)}
    assert len(uniform) > 3


def test_weighting_gives_the_documented_odds():
    """Weight 1: a score of 100 weighs 2, a score of 0 weighs 1, so of such a pair the first is
    drawn with probability 2/3. 1,000 units of one pair each and 1,000 places: one draw per unit
    (fixed seed: the count is exact for this code; 2/3 of 1,000 ± 3.3 standard deviations)."""
    frame = pd.DataFrame(
        {
            "studio_id": [f"S{i:04d}" for i in range(2000)],
            "studio_name": "x",
            "unit": [f"U{i // 2:04d}" for i in range(2000)],
            "risk_score": [100, 0] * 1000,
            "overdue": False,
        }
    )
    sample = plans.draw_sample(frame, 1000, seed=2024, risk_weight=1.0)
    assert set(sample.strata.places) == {1}
    high = sample.rows.risk_score.eq(100).sum()
    assert abs(high / 1000 - 2 / 3) < 0.05
    assert (
        abs(plans.draw_sample(frame, 1000, 2024, 0.0).rows.risk_score.eq(100).mean() - 0.5) < 0.05
    )


def test_how_says_how_it_was_drawn():
    frame = candidates("A" * 10 + "B" * 6 + "C" * 4, overdue="18,19")
    how = plans.draw_sample(frame, 7, seed=123, risk_weight=1.5).how
    for text in (
        "随机种子 123",
        "计划数 7 个",
        "候选工作室 20 个",
        "的 2 个工作室全部列入",
        "730 天",
    ):
        assert text in how
    assert "其余 5 个名额按推荐单位分层" in how and "3 个单位共 18 个" in how
    assert "权重 = 1 + 1.5 × 风险分 ÷ 100" in how and "2.5 倍" in how
    assert L.PLAN_HOW_UNIFORM in plans.draw_sample(frame, 7, 123, 0.0).how


def test_overdue_beyond_the_size_is_the_whole_plan_and_said():
    frame = candidates("AABBC", overdue="0,2,4")
    sample = plans.draw_sample(frame, 2, seed=1, risk_weight=1.0)
    assert ["S00", "S02", "S04"] == sorted(sample.rows.studio_id)
    assert sample.only_overdue
    assert L.PLAN_HOW_ONLY_OVERDUE.format(n=3, size=2) in sample.how


def test_fewer_candidates_than_places_takes_them_all():
    sample = plans.draw_sample(candidates("AB", overdue="1"), 5, seed=1, risk_weight=1.0)
    assert ["S01", "S00"] == list(sample.rows.studio_id)
    assert L.PLAN_HOW_TAKE_ALL.format(n=1, left=4) in sample.how
    assert L.PLAN_HOW_NO_CANDIDATES == plans.draw_sample(candidates(""), 5, 1, 1.0).how


def test_the_weight_defaults_to_the_setting(monkeypatch):
    frame = candidates("AAAAAAAAAA", scores=[0, 0, 0, 0, 0, 0, 100, 0, 0, 0])
    monkeypatch.setenv("STUDIODASH_PLAN_RISK_WEIGHT", "1e9")
    assert 1e9 == plans.draw_sample(frame, 1, 5).risk_weight
    assert "S06" == plans.draw_sample(frame, 1, 5).rows.studio_id.iloc[0]


@pytest.mark.parametrize("size, seed, weight", [(-1, 1, 1.0), (1, -1, 1.0), (1, 1, -0.5)])
def test_bad_arguments_are_refused(size, seed, weight):
    with pytest.raises(ValueError):
        plans.draw_sample(candidates("AB"), size, seed, weight)


# --- 互查 -----------------------------------------------------------------------------------------


def studios_of(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{u}{i:03d}", u) for u, n in sizes.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["studio_id", "unit"])


def flow_feasible(counts: dict[str, int], loads: dict[str, int]) -> bool:
    """Whether studios (counts per unit) fit inspectors' loads exactly with no unit inspecting
    its own: a max flow source -> unit -> other inspector -> sink saturating every load."""
    units, sinks = list(counts), list(loads)
    nodes = 2 + len(units) + len(sinks)
    cap = [[0] * nodes for _ in range(nodes)]
    for i, u in enumerate(units):
        cap[0][2 + i] = counts[u]
        for j, s in enumerate(sinks):
            if s != u:
                cap[2 + i][2 + len(units) + j] = 10**9
    for j, s in enumerate(sinks):
        cap[2 + len(units) + j][1] = loads[s]
    flow = 0
    while True:
        parent = [-1] * nodes
        parent[0] = 0
        queue = deque([0])
        while queue and parent[1] < 0:
            x = queue.popleft()
            for y in range(nodes):
                if cap[x][y] > 0 and parent[y] < 0:
                    parent[y] = x
                    queue.append(y)
        if parent[1] < 0:
            return flow == sum(counts.values()) == sum(loads.values())
        push, y = 10**9, 1
        while y != 0:
            push, y = min(push, cap[parent[y]][y]), parent[y]
        y = 1
        while y != 0:
            cap[parent[y]][y] -= push
            cap[y][parent[y]] += push
            y = parent[y]
        flow += push


def balance_possible(counts: dict[str, int], sinks: list[str]) -> bool:
    n = sum(counts.values())
    base, extra = divmod(n, len(sinks))
    return any(
        flow_feasible(counts, {s: base + (s in more) for s in sinks})
        for more in itertools.combinations(sinks, extra)
    )


def check_pairing(pairing: plans.Pairing, studios: pd.DataFrame, sinks: list[str]) -> None:
    a = pairing.assignments
    assert sorted(studios.studio_id) == sorted(a.studio_id)
    assert (a.unit != a.inspecting_unit).all()
    assert set(a.inspecting_unit) <= set(sinks)
    assert dict(zip(studios.studio_id, studios.unit)) == dict(zip(a.studio_id, a.unit))
    loads = a.groupby("inspecting_unit").size().reindex(sinks, fill_value=0)
    assert loads.to_dict() == dict(zip(pairing.loads.inspecting_unit, pairing.loads.studios))
    table = a.groupby(["inspecting_unit", "unit"]).size()
    assert table.to_dict() == {
        (r.inspecting_unit, r.inspected_unit): r.studios for r in pairing.table.itertuples()
    }
    assert (pairing.why is None) == (loads.max() - loads.min() <= 1)


unit_sizes = st.dictionaries(st.sampled_from("ABCDEF"), st.integers(0, 12), min_size=2)


@settings(max_examples=80, deadline=None)
@given(unit_sizes, st.lists(st.sampled_from("ABCDEFXY"), unique=True), st.booleans())
def test_mutual_never_own_unit_and_balanced_whenever_possible(sizes, chosen, given_units):
    studios = studios_of(sizes)
    inspectors = chosen if given_units else None
    sinks = sorted(set(chosen) if given_units else set(studios.unit))
    pairing = plans.pair_units(studios, inspectors)
    counts = studios.groupby("unit").size().to_dict()
    if studios.empty:
        assert pairing.assignments.empty and pairing.why is None
        return
    if not sinks:
        assert pairing.assignments.empty and L.PAIR_WHY_NO_UNITS == pairing.why
        return
    if len(sinks) == 1 and counts.get(sinks[0], 0):
        assert (
            pairing.assignments.empty and L.PAIR_WHY_ONE_UNIT.format(unit=sinks[0]) == pairing.why
        )
        return
    check_pairing(pairing, studios, sinks)
    assert (pairing.why is None) == balance_possible(counts, sinks)
    # deterministic, whatever the order of the rows
    again = plans.pair_units(studios.iloc[::-1], inspectors)
    assert pairing.assignments.to_dict("records") == again.assignments.to_dict("records")


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCD"), st.integers(1, 6), min_size=2))
def test_mutual_is_the_most_balanced_possible(sizes):
    """Against every load vector the studios fit (brute force): none has a smaller spread."""
    studios = studios_of(sizes)
    pairing = plans.pair_units(studios)
    spread = pairing.loads.studios.max() - pairing.loads.studios.min()
    units, n = sorted(sizes), sum(sizes.values())
    best = min(
        max(v) - min(v)
        for v in itertools.product(range(n + 1), repeat=len(units))
        if sum(v) == n and flow_feasible(sizes, dict(zip(units, v)))
    )
    assert best == spread


def test_mutual_known_answer():
    pairing = plans.pair_units(studios_of({"A": 3, "B": 3, "C": 3}))
    assert pairing.why is None
    assert [3, 3, 3] == list(pairing.loads.studios)
    assert (pairing.assignments.unit != pairing.assignments.inspecting_unit).all()


def test_one_unit_too_big_to_balance_says_why():
    """A has 8 of 10 studios: only B and C may inspect them, so A inspects at most the other 2
    while an even share would be 3–4; the rest is as even as possible: A 2, B 4, C 4."""
    pairing = plans.pair_units(studios_of({"A": 8, "B": 1, "C": 1}))
    assert {"A": 2, "B": 4, "C": 4} == dict(
        zip(pairing.loads.inspecting_unit, pairing.loads.studios)
    )
    assert L.PAIR_WHY_UNIT.format(unit="A", own=8, cap=2) in pairing.why
    assert "各检查单位检查 2–4 个工作室" in pairing.why and "应检查 3–4 个" in pairing.why
    check_pairing(pairing, studios_of({"A": 8, "B": 1, "C": 1}), ["A", "B", "C"])


def test_one_unit_cannot_inspect_itself():
    pairing = plans.pair_units(studios_of({"A": 4}))
    assert pairing.assignments.empty
    assert L.PAIR_WHY_ONE_UNIT.format(unit="A") == pairing.why


def test_inspectors_given_may_have_no_studios_and_studios_of_other_units_go_anywhere():
    studios = studios_of({"A": 4, "D": 2})
    pairing = plans.pair_units(studios, ["A", "X"])
    check_pairing(pairing, studios, ["A", "X"])
    assert {"A": 2, "X": 4} == dict(zip(pairing.loads.inspecting_unit, pairing.loads.studios))
    assert plans.pair_units(studios, ["X"]).why is None


def test_the_last_unit_left_with_only_its_own_places_swaps():
    """Inspectors D (no studios) and A, 7 places each: C (8) takes D's 7 and one of A's, B (5)
    five more of A's, and A's one studio finds only its own place left: it swaps with C's first
    pair (C -> D), so one of C's studios goes to A and A's to D."""
    studios = studios_of({"A": 1, "B": 5, "C": 8})
    pairing = plans.pair_units(studios, ["D", "A"])
    check_pairing(pairing, studios, ["A", "D"])
    assert {("A", "B"): 5, ("A", "C"): 2, ("D", "A"): 1, ("D", "C"): 6} == {
        (r.inspecting_unit, r.inspected_unit): r.studios for r in pairing.table.itertuples()
    }


def test_mutual_at_national_scale_is_fast():
    """3,000 units (sizes from 1 to thousands) and about 200,000 studios: under a second."""
    rng = np.random.default_rng(1)
    sizes = rng.zipf(1.5, 3000).clip(max=2000).astype(float)
    sizes = np.floor(sizes / sizes.sum() * 200_000).astype(int) + 1
    units = np.repeat([f"U{i:04d}" for i in range(3000)], sizes)
    studios = pd.DataFrame({"studio_id": [f"HF-{i:07d}" for i in range(len(units))], "unit": units})
    studios = studios.sample(frac=1, random_state=3)
    elapsed = []
    for _ in range(2):
        start = time.perf_counter()
        pairing = plans.pair_units(studios)
        elapsed.append(time.perf_counter() - start)
    assert min(elapsed) < 1.0
    a = pairing.assignments
    assert len(a) == len(studios) and (a.unit != a.inspecting_unit).all()
    assert pairing.why is None and pairing.loads.studios.max() - pairing.loads.studios.min() <= 1


# --- candidates ------------------------------------------------------------------------------------


def run_candidates(con, as_of, unit=None, **filters):
    params = dict(units=None, studio_types=None, statuses=None) | filters
    return db.run(
        con, "plan_candidates", as_of=as_of, unit=unit, p=report.risk_params(con), **params
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The conftest's two-studio exports (蜀山区 named 2022-12-20 and inspected 2023-06-01;
    高新区 applied), with the plan tables."""
    folder = tmp_path_factory.mktemp("plans")
    con = db.connect(folder / "plans.duckdb")
    con.execute(db.sql("schema/inspection_plans"))  # until db.ensure_schema runs it
    write_xlsx(folder / "工作室台账.xlsx", copy.deepcopy(REGISTRY))
    write_xlsx(folder / "创新成果.xlsx", copy.deepcopy(OUTCOMES))
    assert import_files(con, [folder / "工作室台账.xlsx", folder / "创新成果.xlsx"]).ok
    yield con
    con.close()


def test_candidates_known_answer(small):
    """R7's window is 730 days: inspected 2023-06-01, due again after 2025-06-01; a studio that
    is not named scores 0 and is never overdue."""
    rows = run_candidates(small, dt.date(2023, 12, 31))
    assert [
        ("HF-2022-001", "蜀山区", "named", False, dt.date(2023, 6, 1)),
        ("HF-2023-001", "高新区", "in_review", False, None),
    ] == [
        (
            r.studio_id,
            r.unit,
            r.status_key,
            r.overdue,
            None if pd.isna(r.last_inspected_on) else r.last_inspected_on.date(),
        )
        for r in rows.itertuples()
    ]
    assert 0 == rows.risk_score.iloc[1]
    later = run_candidates(small, dt.date(2025, 7, 1))
    assert [True, False] == list(later.overdue)
    assert [] == list(run_candidates(small, dt.date(2022, 6, 1), statuses=["named"]).studio_id)
    assert ["HF-2022-001"] == list(
        run_candidates(small, dt.date(2023, 12, 31), statuses=["named"]).studio_id
    )


def test_candidates_keep_the_unit_scope(sample_con):
    as_of = db.run(sample_con, "as_of_default").as_of.iloc[0]
    everyone = run_candidates(sample_con, as_of)
    mine = run_candidates(sample_con, as_of, unit="蜀山区")
    assert len(mine) > 0 and {"蜀山区"} == set(mine.unit)
    assert list(everyone[everyone.unit == "蜀山区"].studio_id) == list(mine.studio_id)
    assert run_candidates(sample_con, as_of, unit="蜀山区", units=["高新区"]).empty
    chosen = run_candidates(
        sample_con, as_of, units=["高新区", "蜀山区"], studio_types=["劳模创新工作室"]
    )
    assert {"高新区", "蜀山区"} == set(chosen.unit) and {"劳模创新工作室"} == set(
        chosen.studio_type
    )


def test_candidates_read_the_risk_mart(sample_con):
    """Scores are the watch list's; overdue is exactly where R7 fires."""
    as_of = db.run(sample_con, "as_of_default").as_of.iloc[0]
    rows = run_candidates(sample_con, as_of, statuses=["named"])
    watch = db.run(
        sample_con,
        "risk_watchlist",
        as_of=as_of,
        unit=None,
        p=report.risk_params(sample_con),
        tiers=None,
        rule=None,
        limit=None,
    )
    assert dict(zip(watch.studio_id, watch.score.astype(int))) == dict(
        zip(rows.studio_id, rows.risk_score)
    )
    r7 = db.run(
        sample_con,
        "risk_watchlist",
        as_of=as_of,
        unit=None,
        p=report.risk_params(sample_con),
        tiers=None,
        rule="R7",
        limit=None,
    )
    assert len(r7) > 0 and set(r7.studio_id) == set(rows.studio_id[rows.overdue])
    assert (rows.last_inspected_on.dropna().dt.date <= pd.Timestamp(as_of).date()).all()


# --- saved plans ------------------------------------------------------------------------------------


def test_save_list_load_round_trip(small):
    frame = run_candidates(small, dt.date(2025, 7, 1))
    sample = plans.draw_sample(frame, 2, seed=9, risk_weight=1.0)
    params = {"size": 2, "units": None, "as_of": "2025-07-01"}
    plan_id = plans.save_plan(
        small, ADMIN_USER, "不定期抽查", params, 9, sample.plan_rows(), sample.how
    )
    listed = plans.list_plans(small)
    assert plan_id == listed.plan_id.iloc[0]
    first = listed.iloc[0]
    assert ("不定期抽查", "admin1", 9, 2) == (
        first["kind"],
        first["created_by"],
        first["seed"],
        first["size"],
    )
    header, rows = plans.load_plan(small, plan_id, None)
    assert params == header["params"] and sample.how == header["how"] and 2 == header["shown"]
    assert [
        (1, "HF-2022-001", "蜀山区", None, OVERDUE),
        (2, "HF-2023-001", "高新区", None, DRAWN),
    ] == [(r.position, r.studio_id, r.unit, r.inspecting_unit, r.reason) for r in rows.itertuples()]
    assert ["张伟劳模创新工作室", "李强高技能人才创新工作室"] == list(rows.studio_name)
    audit = small.execute(
        "select username, detail from audit_log where action = 'plan_save' order by logged_at"
    ).fetchall()
    assert ("admin1", plan_id) == (audit[-1][0], json.loads(audit[-1][1])["plan_id"])


def test_a_plan_loads_in_the_readers_scope(small):
    pairing = plans.pair_units(run_candidates(small, dt.date(2023, 12, 31)))
    user = User("insp", INSPECTOR, None)
    plan_id = plans.save_plan(small, user, "互查", {}, None, pairing.plan_rows(), pairing.why)
    header, rows = plans.load_plan(small, plan_id, "蜀山区")
    assert 2 == header["size"] and 1 == header["shown"] and header["seed"] is None
    assert [("HF-2022-001", "蜀山区", "高新区", "互查")] == [
        (r.studio_id, r.unit, r.inspecting_unit, r.reason) for r in rows.itertuples()
    ]
    assert plans.load_plan(small, plan_id, "市建设工会")[1].empty
    assert 2 == len(plans.load_plan(small, plan_id, None)[1])


def test_plans_are_numbered_in_turn(small):
    rows = pd.DataFrame({"studio_id": ["HF-2022-001"], "unit": ["蜀山区"]})
    first = plans.save_plan(small, ADMIN_USER, "定期检查", {}, 1, rows, None)
    assert first + 1 == plans.save_plan(small, ADMIN_USER, "年度复核", {}, 1, rows, None)


@pytest.mark.parametrize(
    "user, kind, rows, message",
    [
        (User("l", LEADER, None), "定期检查", 1, L.PLAN_SAVE_NOT_ALLOWED),
        (User("u", UNIT_USER, "蜀山区"), "定期检查", 1, L.PLAN_SAVE_NOT_ALLOWED),
        (ADMIN_USER, "突击检查", 1, None),
        (ADMIN_USER, "定期检查", 0, L.PLAN_EMPTY),
    ],
)
def test_saving_is_refused(small, user, kind, rows, message):
    frame = pd.DataFrame({"studio_id": ["HF-2022-001"], "unit": ["蜀山区"]}).iloc[:rows]
    before = len(plans.list_plans(small))
    with pytest.raises(plans.PlanError) as refused:
        plans.save_plan(small, user, kind, {}, 1, frame, None)
    assert str(refused.value) == (
        message
        or L.PLAN_KIND_UNKNOWN.format(kind=kind, kinds="定期检查、不定期抽查、互查、年度复核")
    )
    assert before == len(plans.list_plans(small))


def test_a_failed_save_leaves_nothing(small):
    """The header, the rows and the audit entry commit together or not at all."""
    before = (
        len(plans.list_plans(small)),
        small.execute("select count(*) from audit_log").fetchone(),
    )
    rows = pd.DataFrame({"studio_id": ["HF-2022-001", None], "unit": ["蜀山区", "高新区"]})
    with pytest.raises(duckdb.ConstraintException):
        plans.save_plan(small, ADMIN_USER, "定期检查", {}, 1, rows, None)
    after = (
        len(plans.list_plans(small)),
        small.execute("select count(*) from audit_log").fetchone(),
    )
    assert before == after


def test_an_unknown_plan(small):
    with pytest.raises(plans.PlanError, match="找不到第 999 号计划"):
        plans.load_plan(small, 999, None)
