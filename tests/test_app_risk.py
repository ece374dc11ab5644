"""摘牌风险 in AppTest: the watch list is the report's risk list, filters narrow it, the charts
count the same studios, and rules that are off are said."""

from __future__ import annotations

import urllib.parse

import pytest

from dashboard import labels as L
from dashboard import report, risk_tables
from tests.tables import charts, grid, values

AS_OF = "2023-12-15"


@pytest.fixture(scope="module")
def expected(sample_con):
    """report.risk_list(sample_con, as_of, None): the report's risk section."""
    return report.risk_list(sample_con, report.default_as_of(sample_con), None)


def open_risk(at):
    at.run()
    at.switch_page("views/risk.py").run()
    assert not at.exception
    return at


def shown(at) -> list[tuple[str, int, str]]:
    """(studio id, score, tier) of the watch list's rows, top to bottom."""
    table = grid(at.dataframe(key="watchlist"))
    ids = [urllib.parse.parse_qs(urllib.parse.urlsplit(u).query)["id"][0] for u in table["file"]]
    return list(zip(ids, table["score"].astype(int), [x.split()[-1] for x in table["light"]]))


def rows_of(risk, tiers=("高", "中"), unit=None, rule=None):
    return [
        (r["studio_id"], r["score"], r["tier"])
        for r in risk
        if r["tier"] in tiers
        and (unit is None or r["unit"] == unit)
        and (rule is None or rule in {x["rule"] for x in r["reasons"]})
    ]


def test_watch_list_is_the_risk_list_ranked(app, expected):
    at = open_risk(app)
    assert rows_of(expected) == shown(at)
    table = grid(at.dataframe(key="watchlist"))
    top = expected[0]
    assert "；".join(x["detail"] for x in top["reasons"]) == table["reasons"].iloc[0]
    assert list(range(1, len(table) + 1)) == table["rank"].tolist()
    assert all("****" in p for p in table["phone"].dropna())
    assert any(f"数据截至 {AS_OF}" in m.value for m in at.markdown)


def test_kpis_count_every_named_studio_by_tier(app, expected):
    at = open_risk(app)
    values = {m.label: m.value for m in at.metric}
    assert str(len(expected)) == values["累计在册工作室"]
    for tier in ("高", "中", "低"):
        assert str(sum(r["tier"] == tier for r in expected)) == values[L.RISK_TIER_NAMES[tier]]


@pytest.mark.parametrize("tiers", [["低"], ["高"], ["高", "中", "低"]])
def test_tier_filter(app, expected, tiers):
    at = open_risk(app)
    at.pills(key="tier").set_value(tiers).run()
    assert rows_of(expected, tiers=tiers) == shown(at)


def test_unit_filter(app, sample_con, expected):
    at = open_risk(app)
    at.selectbox(key="unit").set_value("蜀山区").run()
    rows = shown(at)
    assert rows and rows_of(expected, unit="蜀山区") == rows
    as_of = report.default_as_of(sample_con)
    assert rows_of(report.risk_list(sample_con, as_of, "蜀山区")) == rows


@pytest.mark.parametrize("rule", ["R4", "R7", "R1"])
def test_rule_filter(app, expected, rule):
    at = open_risk(app)
    at.selectbox(key="rule").set_value(f"{rule} {L.RULE_NAMES[rule]}").run()
    rows = shown(at)
    assert rows and rows_of(expected, rule=rule) == rows
    reasons = at.dataframe(key="watchlist").value["reasons"]
    assert all(L.RULE_NAMES[rule] in text for text in reasons)


def test_filters_together_and_empty(app, expected):
    at = open_risk(app)
    at.pills(key="tier").set_value(["高", "中", "低"]).run()
    at.selectbox(key="unit").set_value("高新区").run()
    at.selectbox(key="rule").set_value("R9 团队不足").run()
    rows = rows_of(expected, tiers=("高", "中", "低"), unit="高新区", rule="R9")
    if rows:
        assert rows == shown(at)
    else:
        assert any(L.EXPLORE_NONE == i.value for i in at.info)


def test_unit_user_sees_only_their_unit(unit_app, sample_con):
    at = open_risk(unit_app)
    as_of = report.default_as_of(sample_con)
    assert rows_of(report.risk_list(sample_con, as_of, "蜀山区")) == shown(at)
    assert at.selectbox(key="unit_fixed").disabled


def test_charts_count_the_same_studios(app, expected):
    at = open_risk(app)
    units, rules = charts(at)
    assert ["高风险", "中风险", "低风险"] == [t["name"] for t in units["series"]]
    per_unit = {}
    for r in expected:
        per_unit.setdefault(r["unit"], {"高": 0, "中": 0, "低": 0})[r["tier"]] += 1
    high = dict(zip(units["yAxis"]["data"], values(units["series"][0])))
    assert {u: c["高"] for u, c in per_unit.items() if u in high} == high
    # units with the most 高 first
    assert sorted(high.values(), reverse=True) == list(high.values())
    fired = {}
    for r in expected:
        for x in r["reasons"]:
            fired[x["rule"]] = fired.get(x["rule"], 0) + 1
    labels = rules["yAxis"]["data"]
    totals = [sum(values(t)[i] for t in rules["series"]) for i in range(len(labels))]
    assert {f"{k} {L.RULE_NAMES[k]}": v for k, v in fired.items()} == dict(zip(labels, totals))
    assert sorted(totals, reverse=True) == totals


def test_settings_in_force_are_shown(app, sample_con):
    at = open_risk(app)
    table = at.table[0].value
    assert [f"{r} {L.RULE_NAMES[r]}" for r in report.RULES] == table[L.COL_RULE].tolist()
    assert "30" == table.set_index(L.COL_RULE).loc["R1 近12个月无成果", L.COL_POINTS]
    assert (
        "每项 10 分，最多 30 分" == table.set_index(L.COL_RULE).loc["R5 条件不达标", L.COL_POINTS]
    )
    assert {L.RULE_ON} == set(table[L.COL_RULE_STATE])
    assert any("高 ≥ 60 分" in c.value for c in at.caption)


def test_rules_off_are_stated(app, monkeypatch):
    """A rule whose sheet was not imported is named on the page (the data side is in
    test_risk_tables.py, on a database built without those sheets)."""
    from dashboard import state

    monkeypatch.setattr(state, "rules_off", lambda: ["R4", "R5", "R7", "R8"])
    at = open_risk(app)
    text = at.warning[-1].value
    assert L.RISK_RULES_OFF in text
    for line in risk_tables.rules_off_lines(["R4", "R5", "R7", "R8"]):
        assert line in text
    assert "R8 活动不足：未导入“活动记录”，本规则未启用" in text
    table = at.table[0].value.set_index(L.COL_RULE)
    assert "未启用：未导入“检查记录”" == table.loc["R4 最近检查不合格", L.COL_RULE_STATE]
    assert not any(o.startswith("R8 ") for o in at.selectbox(key="rule").options)


def test_no_rules_off_no_note(app):
    at = open_risk(app)
    assert not any(L.RISK_RULES_OFF in w.value for w in at.warning)
