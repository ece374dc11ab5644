"""检查查询 in AppTest: results follow the filters and the URL, and say how many there are."""

from __future__ import annotations

from tests.tables import grid


def explore(app):
    at = app.run()
    at.switch_page("views/explore.py").run()
    assert not at.exception
    return at


def test_multiselect_filters(app):
    at = explore(app)
    at.multiselect(key="r").set_value(["高"]).run()
    at.multiselect(key="s").set_value(["已命名"]).run()
    shown = grid(at.dataframe[0])
    assert len(shown) > 0 and {"高"} == set(shown["风险等级"])
    assert {"已命名", "被通报未整改"} >= set(shown["状态"])


def test_a_unit_user_has_no_unit_filters(unit_app, app):
    """推荐单位 and 单位类别 offered a unit user its one unit to pick: nothing to choose."""
    keys = {w.key for w in explore(unit_app).multiselect}
    assert {"t", "s", "i", "r"} <= keys and not keys & {"u", "k"}
    assert {"u", "k"} <= {w.key for w in explore(app).multiselect}


def test_all_studios_listed(app, sample_con):
    at = explore(app)
    total = sample_con.execute("select count(*) from stg_studios").fetchone()[0]
    assert total == len(grid(at.dataframe[0]))
    assert any(f"共 {total:,} 个工作室" in c.value for c in at.caption)


def test_search_box_filters(app):
    at = explore(app)
    at.text_input(key="q").set_value("张").run()
    names = grid(at.dataframe[0])
    assert len(names) > 0
    assert all(
        "张" in " ".join(map(str, r))
        for r in names[["工作室名称", "领衔人", "依托单位"]].itertuples(index=False)
    )


def test_injection_finds_nothing(app):
    at = explore(app)
    at.text_input(key="q").set_value("' OR 1=1 --").run()
    assert not at.dataframe
    assert "没有符合条件的工作室。" == at.info[0].value


def test_phone_masked_on_screen(app):
    at = explore(app)
    phones = grid(at.dataframe[0])["联系电话"].dropna()
    assert len(phones) > 0 and all("****" in p for p in phones)


def test_phone_cards_count_every_match_when_the_list_is_capped(app, sample_con, monkeypatch):
    """With the results capped (explore_max_rows 40), the line under a phone's 30 cards still
    counts every studio that matches, as the count above the list does, not the 40 drawn."""
    monkeypatch.setenv("STUDIODASH_EXPLORE_MAX_ROWS", "40")
    at = explore(app)
    total = sample_con.execute("select count(*) from stg_studios").fetchone()[0]
    assert total > 40 and len(grid(at.dataframe[0])) == 40
    assert any(c.value.startswith(f"手机上显示前 30 条，共 {total} 条") for c in at.caption)
