"""benchmarks/bench_browser.py on the bundled sample: one page loaded cold and warm in Chromium
finds its content signal and gives times (no timing is asserted here; RESULTS.md has them)."""

from __future__ import annotations

import math

from benchmarks import bench_browser

ROOT = bench_browser.ROOT


def test_cold_and_warm_in_app_navigation_and_the_floor(browser, tmp_path):
    """On the bundled sample, one returning browser: 数据概况 opens on a fresh server and again
    warm (header, table and an idle script seen); a sidebar click to 成果效益 (chart page) on a
    fresh server, cold then warm; the bare Streamlit floor app loads with the same signal; and
    one --against pair of cold loads (this checkout's app on both sides)."""
    path = bench_browser.sample_database(tmp_path / "bench.duckdb")
    bench_browser.prepare(path)
    url = bench_browser.page_path("data", path)
    assert "/data" == url
    b = bench_browser.sign_in(browser, path, {"data": url}, tmp_path / "profile")
    try:
        sample = bench_browser.measure(b, path, "data", url)
        assert (tmp_path / "profile" / "Default").is_dir()  # the returning browser's own profile
        cold, warm = bench_browser.measure_nav(
            b, path, "/benefits", "/data", bench_browser.CONTENT["benefits"]
        )
        floor = bench_browser.measure(b, path, "floor", "/other", script=bench_browser.FLOOR_APP)
        # --against: one pair of cold loads, the base being this checkout's own app
        pair = bench_browser.compare(b, path, "data", url, 1, ROOT / "dashboard" / "app.py")
    finally:
        b.returning.close()
    assert [] == sample.errors
    for load in (sample.cold, sample.warm):
        assert {"connected", "header", "finished", "content", "done"} <= set(load.marks)
        assert 0 < load.seconds < math.inf
        assert all(0 <= load.part(p) < math.inf for p in ("boot", "script", "draw"))
        assert 0 <= load.server_cpu < math.inf and 0 <= load.browser_cpu < math.inf
        assert 0 < load.main_thread["task"] < math.inf
    assert 0 < cold < math.inf and 0 < warm < math.inf
    assert [] == floor.errors and "done" in floor.cold.marks and "done" in floor.warm.marks
    for what in ("seconds", "main"):
        r = pair[what]
        assert r["runs"] == 1 and 0 < r["this"] < math.inf and 0 < r["base"] < math.inf
        assert math.isclose(r["diff"], r["this"] - r["base"])
    assert "data" in bench_browser.compare_row("sample", "data", pair)


def test_paired_differences_of_alternating_runs():
    """Hand-made: this 1.0, 1.4, 1.2 against base 1.1, 1.3, 1.5: differences -0.1, +0.1, -0.3,
    median -0.1, range -0.3…+0.1, faster in two runs of three."""
    r = bench_browser.paired([1.0, 1.4, 1.2], [1.1, 1.3, 1.5])
    assert math.isclose(r["this"], 1.2) and math.isclose(r["base"], 1.3)
    assert math.isclose(r["diff"], -0.1) and math.isclose(r["low"], -0.3)
    assert math.isclose(r["high"], 0.1)
    assert (r["faster"], r["runs"]) == (2, 3)
