"""Inspection plans (检查计划): draw a sample (抽查, and 定期检查 / 年度复核 with the same call), pair
units for 互查, and save, list and load plans. Imports no streamlit.

A sample is reproducible: the candidates are put in studio-id order first, and every random
number comes from numpy's default_rng(seed) in a fixed order (one tie-break key per unit, then
one key per candidate), so the same seed and data give the same plan whatever order the rows
came in. Studios overdue for inspection (R7's window) are always in; the remaining places are
shared among the units in proportion to their other candidates (largest remainder), and drawn
within each unit by weighted sampling without replacement (Efraimidis–Spirakis: the k largest
of u ** (1 / weight), u uniform on (0, 1]), weight = 1 + plan_risk_weight x score / 100.

互查 is a transportation problem on "every unit but your own": studios of unit u (c_u) go to
inspecting units with loads L_i. It is feasible exactly when c_u + L_u <= N for every unit (N
studios; Hall's condition: any two source units together reach every inspector), so the most
even loads are found by water-filling under the caps N - c_u, and the studios are then dealt
unit by unit into the inspectors' places, each unit skipping its own; the one unit that can be
left with only its own places (the last) swaps with earlier pairs. O(N log N + K), no K x K flow.
"""

from __future__ import annotations

import json
from collections import deque
from contextlib import closing
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from . import auth, db, labels, settings
from .contract import SHEET_NAMES, SHEETS_BY_NAME
from .versions import WRITE_LOCK, note_commit

# The four 检查方式 of the contract's 检查记录 (定期检查, 不定期抽查, 互查, 年度复核) are a plan's kinds.
KINDS: tuple[str, ...] = (
    SHEETS_BY_NAME[SHEET_NAMES["inspections"]].col(labels.STUDIO_COLUMNS["method"]).values
)
MUTUAL = KINDS[2]  # 互查: pair_units; the other kinds draw a sample
CAN_SAVE = frozenset(auth.CAN_RECORD)  # administrators and inspectors make plans; leaders read
SAMPLE_COLUMNS = ["studio_id", "studio_name", "unit", "risk_score", "overdue", "reason"]
ROW_COLUMNS = ["studio_id", "unit", "inspecting_unit", "reason"]  # what a saved plan keeps
QUOTAS_LISTED = 20  # the how text names each unit's places up to this many units
REASONS_LISTED = 5  # an unbalanced pairing names at most this many units as the cause


class PlanError(ValueError):
    """A refused save or an unknown plan; the message is for the user (Chinese)."""


# --- 抽查 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """A drawn plan: rows (SAMPLE_COLUMNS, then the candidates' other columns; overdue first,
    then the drawn, each by unit, the drawn in the order drawn), how it was drawn (Chinese) and
    the facts the text gives."""

    rows: pd.DataFrame
    how: str
    seed: int
    size: int
    risk_weight: float
    candidates: int
    overdue: int  # overdue studios, every one of them in rows
    only_overdue: bool  # overdue alone reach size: nothing else was drawn
    strata: pd.DataFrame  # unit, candidates (not overdue), places (drawn there)

    def plan_rows(self) -> pd.DataFrame:
        """The rows as save_plan stores them (ROW_COLUMNS)."""
        return self.rows.assign(inspecting_unit=None)[ROW_COLUMNS]


def default_risk_weight() -> float:
    """The weighting of risk in a sample (setting plan_risk_weight)."""
    return float(settings.get("plan_risk_weight"))


def draw_sample(
    candidates: pd.DataFrame, size: int, seed: int, risk_weight: float | None = None
) -> Sample:
    """size studios of candidates (studio_id, studio_name, unit, risk_score, overdue), or all
    the overdue ones when they alone reach size. risk_weight None: the setting."""
    weight = default_risk_weight() if risk_weight is None else float(risk_weight)
    if size < 0 or seed < 0 or not np.isfinite(weight) or weight < 0:
        raise ValueError(f"size {size}, seed {seed} and risk_weight {weight} must be >= 0")
    frame = (
        candidates.drop_duplicates("studio_id")
        .sort_values("studio_id", kind="stable")
        .reset_index(drop=True)
    )
    frame = frame.assign(
        risk_score=pd.to_numeric(frame["risk_score"]).fillna(0).clip(lower=0).astype(int),
        overdue=frame["overdue"].fillna(False).astype(bool),
    )
    rng = np.random.default_rng(seed)
    late = frame[frame["overdue"]]
    rest = frame[~frame["overdue"]].reset_index(drop=True)
    left = max(size - len(late), 0)
    places = min(left, len(rest))

    unit_of, found = pd.factorize(rest["unit"].astype(str), sort=True)
    units = np.array([str(u) for u in found], dtype=object)
    counts = np.bincount(unit_of, minlength=len(units))
    tie = rng.random(len(units))  # drawn whatever happens next: the keys below stay put
    quota = _largest_remainder(counts, places, tie)
    score = rest["risk_score"].to_numpy(dtype=float)
    keys = np.log1p(-rng.random(len(rest))) / (1.0 + weight * score / 100.0)
    # within each unit, largest key first (ties: studio id, the frame's order)
    order = np.lexsort((np.arange(len(rest)), -keys, unit_of))
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    rank = np.empty(len(rest), dtype=np.int64)
    rank[order] = np.arange(len(rest)) - starts[unit_of[order]]
    chosen = order[rank[order] < quota[unit_of[order]]]

    drawn = rest.iloc[chosen].assign(reason=labels.PLAN_REASON["drawn"])
    late = late.sort_values(["unit", "risk_score", "studio_id"], ascending=[True, False, True])
    rows = pd.concat([late.assign(reason=labels.PLAN_REASON["overdue"]), drawn], ignore_index=True)
    rows = rows[SAMPLE_COLUMNS + [c for c in rows.columns if c not in SAMPLE_COLUMNS]]
    strata = pd.DataFrame({"unit": units, "candidates": counts, "places": quota})
    facts = dict(
        seed=int(seed),
        size=int(size),
        risk_weight=weight,
        candidates=len(frame),
        overdue=len(late),
        only_overdue=len(late) > 0 and len(late) >= size,
    )
    return Sample(rows=rows, how=_how(facts, strata, places, len(rest)), strata=strata, **facts)


def _largest_remainder(counts: np.ndarray, places: int, tie: np.ndarray) -> np.ndarray:
    """places shared in proportion to counts, in whole numbers (exact integer arithmetic): each
    gets the floor of its share, the largest remainders one more (equal ones: smaller tie)."""
    total = int(counts.sum())
    if total == 0 or places == 0:
        return np.zeros(len(counts), dtype=np.int64)
    exact = counts.astype(np.int64) * places
    quota, remainder = np.divmod(exact, total)
    extra = places - int(quota.sum())
    quota[np.lexsort((tie, -remainder))[:extra]] += 1
    return quota


def _how(facts: dict, strata: pd.DataFrame, places: int, others: int) -> str:
    days = int(settings.get("risk_r7_window_days"))
    if facts["candidates"] == 0:
        return labels.PLAN_HOW_NO_CANDIDATES
    parts = [labels.PLAN_HOW_START.format(**facts)]
    if facts["overdue"]:
        parts.append(labels.PLAN_HOW_OVERDUE.format(days=days, n=facts["overdue"]))
    else:
        parts.append(labels.PLAN_HOW_OVERDUE_NONE.format(days=days))
    if facts["only_overdue"]:
        parts.append(labels.PLAN_HOW_ONLY_OVERDUE.format(n=facts["overdue"], size=facts["size"]))
        return "".join(parts)
    left = facts["size"] - facts["overdue"]
    if places == others:
        parts.append(labels.PLAN_HOW_TAKE_ALL.format(n=others, left=left))
        return "".join(parts)
    parts.append(labels.PLAN_HOW_STRATA.format(k=places, units=len(strata), n=others))
    placed = strata[strata["places"] > 0]
    if len(placed) <= QUOTAS_LISTED:
        quotas = labels.LIST_SEP.join(
            labels.PLAN_HOW_QUOTA.format(unit=u, n=n) for u, n in zip(placed.unit, placed.places)
        )
        parts.append(labels.PLAN_HOW_QUOTAS.format(quotas=quotas))
    else:
        parts.append(labels.PLAN_HOW_QUOTAS_MANY.format(n=len(placed)))
    w = facts["risk_weight"]
    if w == 0:
        parts.append(labels.PLAN_HOW_UNIFORM)
    else:
        parts.append(labels.PLAN_HOW_WEIGHTED.format(w=f"{w:g}", ratio=f"{1 + w:g}"))
    return "".join(parts)


# --- 互查 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pairing:
    """互查: who inspects which studio (assignments: studio_id, unit, inspecting_unit, by unit
    and studio id), the pairs of units (table: inspecting_unit, inspected_unit, studios), each
    inspecting unit's load (loads: inspecting_unit, studios), and why not balanced (None when
    every load is within one of every other)."""

    assignments: pd.DataFrame
    table: pd.DataFrame
    loads: pd.DataFrame
    why: str | None

    def plan_rows(self) -> pd.DataFrame:
        """The assignments as save_plan stores them (ROW_COLUMNS)."""
        return self.assignments.assign(reason=labels.PLAN_REASON["paired"])[ROW_COLUMNS]


def pair_units(studios: pd.DataFrame, inspectors: list[str] | None = None) -> Pairing:
    """Assign every studio (studio_id, unit) to an inspecting unit other than its own: the units
    given, else those with studios in the list. Loads are as even as the studios allow."""
    frame = studios[["studio_id", "unit"]].drop_duplicates("studio_id")
    codes, found = pd.factorize(frame["unit"].astype(str), sort=True)
    own_names = np.array([str(u) for u in found], dtype=object)
    chosen = sorted(set(own_names) if inspectors is None else {str(u) for u in inspectors})
    names = np.array(sorted(set(own_names) | set(chosen)), dtype=object)
    unit_of = np.searchsorted(names, own_names).astype(np.int64)[codes]
    ids = frame["studio_id"].astype(str)
    order = np.lexsort((pd.factorize(ids, sort=True)[0], unit_of))
    unit_of, ids = unit_of[order], ids.to_numpy(dtype=object)[order]
    sinks = np.array(chosen, dtype=object)
    sink_ids = np.searchsorted(names, sinks).astype(np.int64)
    n = len(ids)
    counts = np.bincount(unit_of, minlength=len(names))
    none = np.array([], dtype=np.int64)

    if n == 0:
        return _pairing(ids, unit_of, names, none, sinks, np.zeros(len(sinks)))
    if len(sinks) == 0:
        return _pairing(ids, unit_of, names, none, sinks, [], labels.PAIR_WHY_NO_UNITS)
    caps = n - counts[sink_ids]
    if caps.sum() < n:  # one inspecting unit, and it has studios of its own
        why = labels.PAIR_WHY_ONE_UNIT.format(unit=sinks[0])
        return _pairing(ids, unit_of, names, none, sinks, [0], why)
    loads = _water_fill(caps, n)
    chunks = _deal(counts, sink_ids, loads)
    chunks.sort(key=lambda c: c[0])  # stable: each unit's chunks in the order dealt
    inspecting = np.repeat(np.array([c[1] for c in chunks], dtype=np.int64), [c[2] for c in chunks])
    why = None
    if loads.max() - loads.min() > 1:
        why = _unbalanced(sinks, counts[sink_ids], caps, loads, n)
    return _pairing(ids, unit_of, names, inspecting, sinks, loads, why)


def _water_fill(caps: np.ndarray, n: int) -> np.ndarray:
    """Loads summing to n, each at most its cap, with the smallest spread: units whose cap is
    below the even share get their cap, the rest share what is left evenly; the one-more places
    go to the largest caps (fewest own studios), then in name order."""
    loads = np.zeros(len(caps), dtype=np.int64)
    remaining, m = n, len(caps)
    by_cap = np.argsort(caps, kind="stable")
    for pos, i in enumerate(by_cap):
        if caps[i] < -(-remaining // m):
            loads[i] = caps[i]
            remaining -= int(caps[i])
            m -= 1
            continue
        rest = by_cap[pos:]
        base, extra = divmod(remaining, m)
        loads[rest] = base
        larger_first = rest[np.lexsort((rest, -caps[rest]))]
        loads[larger_first[:extra]] += 1
        break
    return loads


def _deal(counts: np.ndarray, sink_ids: np.ndarray, loads: np.ndarray) -> list[list[int]]:
    """Chunks [unit, inspecting unit, studios]: units with the most studios first take the
    inspectors' places in turn (the inspectors in the same order, shifted by one, so a unit
    rarely inspects the unit that inspects it), setting their own places aside; the last unit
    left holding only its own places swaps with earlier chunks that involve neither."""
    sources = [int(u) for u in np.lexsort((np.arange(len(counts)), -counts)) if counts[u] > 0]
    rank = {u: k for k, u in enumerate(sources)}

    def place(s: int) -> tuple[int, int]:  # inspectors without studios first, then shifted
        r = rank.get(int(sink_ids[s]))
        return (-1 if r is None else (r - 1) % len(sources), int(sink_ids[s]))

    order = sorted(range(len(sink_ids)), key=place)
    queue = deque([int(sink_ids[s]), int(loads[s])] for s in order if loads[s] > 0)
    chunks: list[list[int]] = []
    for unit in sources:
        need, own = int(counts[unit]), None
        while need and queue:
            if queue[0][0] == unit:
                own = queue.popleft()
                continue
            sink, free = queue[0]
            take = min(need, free)
            chunks.append([unit, sink, take])
            need -= take
            if take == free:
                queue.popleft()
            else:
                queue[0][1] -= take
        if own is not None:
            queue.appendleft(own)
        if need:  # only own places are left, as many as need (c_u + L_u <= N makes room)
            chunks += _swap(chunks, unit, need)
    return chunks


def _swap(chunks: list[list[int]], unit: int, need: int) -> list[list[int]]:
    """For `need` studios of `unit` left with only its own places: take chunks v -> w with v and
    w both other than unit; v's studios move to unit's places, unit's studios to w's."""
    added = []
    for chunk in chunks:
        if not need:
            break
        v, w, k = chunk
        if v == unit or w == unit or k == 0:
            continue
        t = min(k, need)
        chunk[2] -= t
        added += [[v, unit, t], [unit, w, t]]
        need -= t
    if need:
        raise AssertionError("no room to swap: Hall's condition fails")
    return added


def _unbalanced(
    sinks: np.ndarray, own: np.ndarray, caps: np.ndarray, loads: np.ndarray, n: int
) -> str:
    hi, lo = int(loads.max()), int(loads.min())
    capped = [i for i in np.argsort(loads, kind="stable") if loads[i] <= hi - 2]
    reasons = [
        labels.PAIR_WHY_UNIT.format(unit=sinks[i], own=int(own[i]), cap=int(caps[i]))
        for i in capped[:REASONS_LISTED]
    ]
    if len(capped) > REASONS_LISTED:
        reasons.append(labels.PAIR_WHY_MORE.format(n=len(capped)))
    base, extra = divmod(n, len(sinks))
    even = str(base) if extra == 0 else labels.PAIR_EVEN_RANGE.format(lo=base, hi=base + 1)
    return labels.PAIR_WHY_UNBALANCED.format(
        total=n, units=len(sinks), even=even, reasons=labels.REASON_SEP.join(reasons), lo=lo, hi=hi
    )


def _pairing(
    ids: np.ndarray,
    unit_of: np.ndarray,
    names: np.ndarray,
    inspecting: np.ndarray,
    sinks: np.ndarray,
    loads: object,
    why: str | None = None,
) -> Pairing:
    """The result frames; no assignment at all when inspecting is empty."""
    if len(inspecting) == 0:
        ids, unit_of = ids[:0], unit_of[:0]
    assignments = pd.DataFrame(
        {"studio_id": ids, "unit": names[unit_of], "inspecting_unit": names[inspecting]}
    )
    pairs, studios = np.unique(inspecting * len(names) + unit_of, return_counts=True)
    table = pd.DataFrame(
        {
            "inspecting_unit": names[pairs // len(names)],
            "inspected_unit": names[pairs % len(names)],
            "studios": studios,
        }
    )
    load_frame = pd.DataFrame({"inspecting_unit": sinks, "studios": np.asarray(loads, dtype=int)})
    return Pairing(assignments=assignments, table=table, loads=load_frame, why=why)


# --- saved plans ---------------------------------------------------------------------------------


def save_plan(
    con: duckdb.DuckDBPyConnection,
    user: auth.User,
    kind: str,
    params: dict,
    seed: int | None,
    rows: pd.DataFrame,
    how: str | None,
) -> int:
    """Store a plan (rows: studio_id, unit, and inspecting_unit and reason when given, in the
    plan's order) with who and when, in one transaction, audited; returns its number."""
    if user is None or user.role not in CAN_SAVE:
        raise PlanError(labels.PLAN_SAVE_NOT_ALLOWED)
    if kind not in KINDS:
        raise PlanError(
            labels.PLAN_KIND_UNKNOWN.format(kind=kind, kinds=labels.LIST_SEP.join(KINDS))
        )
    if rows is None or rows.empty:
        raise PlanError(labels.PLAN_EMPTY)
    if rows["studio_id"].duplicated().any():
        raise ValueError("a plan lists each studio once")
    stored = rows.reindex(columns=ROW_COLUMNS).astype(object)
    stored = stored.where(stored.notna(), None).assign(position=np.arange(1, len(rows) + 1))
    text = json.dumps(params, ensure_ascii=False, sort_keys=True, default=str)
    with WRITE_LOCK, closing(con.cursor()) as cur:
        cur.execute("begin")
        try:
            plan_id = cur.execute(
                "select coalesce(max(plan_id), 0) + 1 from inspection_plans"
            ).fetchone()[0]
            cur.execute(
                "insert into inspection_plans (plan_id, kind, created_by, created_at, seed, "
                "params, how) values ($id, $kind, $by, current_timestamp, $seed, $params, $how)",
                {
                    "id": plan_id,
                    "kind": kind,
                    "by": user.username,
                    "seed": None if seed is None else int(seed),
                    "params": text,
                    "how": how,
                },
            )
            cur.register("plan_rows_to_save", stored)
            cur.execute(
                "insert into inspection_plan_studios (plan_id, position, studio_id, unit, "
                "inspecting_unit, reason) select $id, position, studio_id, unit, "
                "inspecting_unit, reason from plan_rows_to_save",
                {"id": plan_id},
            )
            cur.unregister("plan_rows_to_save")
            _audit(cur, user, {"plan_id": plan_id, "kind": kind, "seed": seed, "size": len(rows)})
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
        note_commit()
    return int(plan_id)


def _audit(cur: duckdb.DuckDBPyConnection, user: auth.User, detail: dict) -> None:
    """auth.audit's row, written on the plan's own cursor so that it commits with the plan."""
    cur.execute(
        "insert into audit_log (logged_at, username, action, detail) values "
        "(current_timestamp, $u, 'plan_save', $d)",
        {"u": user.username, "d": json.dumps(detail, ensure_ascii=False)},
    )


def list_plans(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every saved plan, latest first: plan_id, kind, created_by, created_at, seed, size (its
    studios in every unit), params (JSON text), how."""
    return db.run(con, "plan_list", plan_id=None)


def load_plan(
    con: duckdb.DuckDBPyConnection, plan_id: int, unit: str | None
) -> tuple[dict, pd.DataFrame]:
    """A plan's header (the list's columns, params as a dict, shown: its rows in the scope) and
    its rows in the unit scope (position, studio_id, studio_name, unit, inspecting_unit,
    reason), in the plan's order. PlanError for an unknown plan."""
    header = db.run(con, "plan_list", plan_id=int(plan_id))
    if header.empty:
        raise PlanError(labels.PLAN_NOT_FOUND.format(id=plan_id))
    rows = db.run(con, "plan_rows", plan_id=int(plan_id), unit=unit)
    facts = header.iloc[0].to_dict()
    facts.update(
        plan_id=int(facts["plan_id"]),
        seed=None if pd.isna(facts["seed"]) else int(facts["seed"]),
        size=int(facts["size"]),
        params=json.loads(facts["params"]),
        how=None if pd.isna(facts["how"]) else facts["how"],
        shown=len(rows),
    )
    return facts, rows
