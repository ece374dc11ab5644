"""One definition per concept in queries/: each is a mart that every other query reads.

The unit scope is the security boundary between units, so it is written once:

* ``marts/in_unit_scope.sql`` is the only file that compares a unit column with the scope
  parameter (``unit = $unit``, ``s.unit = unit``, ``$unit is null or …``, in either order). A
  user's own filter on units (``list_contains($units, s.unit)`` in explore_studios) is not the
  scope and may stay, as may joins of one unit column to another (``u.unit = s.unit``).
* ``marts/scoped_studios.sql`` is the only file that applies it to studios; every other query
  gets its studios from ``scoped_studios`` or from a mart built on it (studio_status,
  named_studios, campaign_studios, …). Only unit-level tables (units, quotas) call
  ``in_unit_scope`` directly.
* Reading ``stg_studios`` directly bypasses the scope; only the files in RAW_STUDIOS_ALLOWED may,
  each for the reason given there.

The other concepts are each defined by a pattern that must match in exactly one file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

QUERIES = Path(__file__).resolve().parent.parent / "queries"
FILES = sorted(p for p in QUERIES.rglob("*.sql") if "staging" not in p.parts)


def _sql(path: Path) -> str:
    """The text without comments, lowercased."""
    return re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8")).lower()


def _name(path: Path) -> str:
    return path.relative_to(QUERIES).as_posix()


TEXT = {_name(p): _sql(p) for p in FILES}

# a unit column (bare or qualified) compared with the scope parameter ($unit, or a macro's unit)
_COLUMN = r"(?<![\w$])(?:\w+\.)?\w*unit\b"
_SCOPE = r"\$?unit\b(?!\s*\.)"
_COMPARE = r"\s*(?:=|==|<>|!=|\bis\s+(?:not\s+)?distinct\s+from\b|\bin\b)\s*"
UNIT_SCOPE = re.compile(
    rf"{_COLUMN}{_COMPARE}\(?\s*{_SCOPE}|\$unit{_COMPARE}\(?\s*(?:\w+\.)?\w*unit\b"
)

SCOPE_DEFINITION = "marts/in_unit_scope.sql"
STUDIO_SCOPE = "marts/scoped_studios.sql"
RAW_STUDIOS_ALLOWED = {
    STUDIO_SCOPE: "the scope itself",
    "studio_exists.sql": "tells 无权限 from 未找到; returns no studio data",
    "studio_risk.sql": "looks up the studio's own unit to compute its risk over that unit only; "
    "the rows come from risk_scores, which is scoped",
    "app_inspections_orphans.sql": "an administrator's integrity check before a restore: which "
    "recorded inspections the restored registry lacks; never shown to a unit",
}

# concept -> (pattern that defines it, the one file that may hold it)
CONCEPTS = {
    "unit scope": (UNIT_SCOPE, SCOPE_DEFINITION),
    "studios in the unit scope": (re.compile(r"in_unit_scope\(\s*s\.unit\b"), STUDIO_SCOPE),
    "named studios (status joined to the registry, is_named)": (
        re.compile(r"studio_status\([\s\S]*(?<!\()\bwhere\s+(?:\w+\.)?is_named\b"),
        "marts/named_studios.sql",
    ),
    "benefit aggregate": (re.compile(r"sum\(\s*benefit_wan\s*\)"), "marts/outcome_totals.sql"),
    "adopted count": (
        re.compile(r"filter\s*\(\s*where\s+is_adopted\s*\)"),
        "marts/outcome_totals.sql",
    ),
    "risk score (sum of the fired rules' points)": (
        re.compile(r"sum\(\s*points\s*\)"),
        "marts/risk_evidence_of.sql",
    ),
    "risk evidence list": (re.compile(r"struct_pack\(\s*rule\s*:="), "marts/risk_scores_of.sql"),
    "risk tier of a score": (re.compile(r"(?<!macro )risk_tier\("), "marts/risk_evidence_of.sql"),
    "序时进度 (time elapsed)": (re.compile(r"\bas\s+time_elapsed\b"), "marts/campaign_pace.sql"),
    "projection": (re.compile(r"\bas\s+projected\b"), "marts/campaign_pace.sql"),
    "days of a campaign": (
        re.compile(r"datediff\(\s*'day',\s*(?:\w+\.)?start_date"),
        "marts/campaign_pace.sql",
    ),
}


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_concept_is_defined_in_one_file(concept):
    pattern, home = CONCEPTS[concept]
    pattern = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern)
    assert [home] == [name for name, text in TEXT.items() if pattern.search(text)]


@pytest.mark.parametrize(
    "text, is_scope",
    [
        ("where $unit is null or s.unit = $unit", True),
        ("where unit = $unit", True),
        ("and (unit is null or s.unit = unit)", True),
        ("where s.unit = $unit", True),
        ("where $unit = s.unit", True),
        ("where s.unit in ($unit)", True),
        ("where s.unit is not distinct from $unit", True),
        ("unit is null or row_unit = unit", True),
        ("case when $unit is null then c.target else q.quota end", False),  # no filter
        ("count(*) filter (where unit_kind = $kind)", False),
        ("and ($units is null or list_contains($units, s.unit))", False),  # the user's own filter
        ("left join stg_units as u on u.unit = s.unit", False),
        ("on o.unit = n.unit", False),
        ("where in_unit_scope(unit, $unit)", False),
        ("coalesce($unit, (select unit from stg_studios where studio_id = $studio_id))", False),
    ],
)
def test_the_scope_pattern(text, is_scope):
    """The rule the scope test applies, on the forms it is meant to catch and to let pass."""
    assert is_scope == bool(UNIT_SCOPE.search(text))


def test_studios_come_through_the_scope():
    """No query reads the registry past the scope, except where RAW_STUDIOS_ALLOWED says why."""
    assert set() == {
        name
        for name, text in TEXT.items()
        if re.search(r"\bstg_studios\b", text) and name not in RAW_STUDIOS_ALLOWED
    }


def test_the_scope_predicate_is_applied_to_unit_tables_only():
    """Outside scoped_studios, in_unit_scope filters units and quotas, never studios."""
    callers = {name for name, text in TEXT.items() if "in_unit_scope(" in text}
    assert callers <= {
        SCOPE_DEFINITION,
        STUDIO_SCOPE,
        "units.sql",
        "campaign_units.sql",
        "campaign_progress.sql",
        "data_rows.sql",  # 数据概况: the scope's units and quotas
    }
    for name in callers - {SCOPE_DEFINITION, STUDIO_SCOPE}:
        assert re.search(r"\bfrom\s+stg_(?:units|quotas)\b", TEXT[name]), name


def test_every_query_with_a_unit_parameter_is_scoped():
    """A query taking $unit hands it to the scope (directly or through a mart), never ignores it."""
    macros = {p.stem for folder in ("marts", "memos") for p in (QUERIES / folder).glob("*.sql")}
    for name, text in TEXT.items():
        if "/" in name or "$unit" not in text:
            continue
        scoped = [m for m in macros if re.search(rf"\b{m}\(", text)]
        assert scoped, name


def test_risk_reads_the_scored_evidence():
    """risk.sql, the report's hot query, reads the per-rule rows that carry the score and tier
    (risk_evidence, which risk_scores also reads), not the raw reasons."""
    assert "risk_evidence(" in TEXT["risk.sql"] and "risk_reasons(" not in TEXT["risk.sql"]
    assert "risk_evidence_of(" in TEXT["marts/risk_scores_of.sql"]
