"""Settings: one table of Setting(name, default, help).

Every threshold, window and limit lives here. A value can be overridden with the environment
variable ``STUDIODASH_<NAME>`` (upper case). The README documents every row; a test checks it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# A wheel carries queries/ and data/sample/ inside the package (pyproject.toml, package-dir);
# a source checkout keeps them at the repository root.
INSTALLED = (PACKAGE / "queries").is_dir()
QUERIES = PACKAGE / "queries" if INSTALLED else ROOT / "queries"
SAMPLE_DIR = PACKAGE / "sample_data" if INSTALLED else ROOT / "data" / "sample"
# The database: data/ of the checkout, or of the working directory when installed from a wheel.
DEFAULT_DB = (Path.cwd() if INSTALLED else ROOT) / "data" / "studios.duckdb"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = [
    Setting("db", str(DEFAULT_DB), "DuckDB database file (also STUDIODASH_DB or --db)."),
    Setting(
        "max_xlsx_mb",
        100,
        "Largest .xlsx an import accepts, in MB; checked before reading (a workbook is unzipped "
        "in memory: the zip-bomb guards below bound it too).",
    ),
    Setting(
        "max_csv_mb",
        2048,
        "Largest CSV an import accepts, in MB; checked before reading (DuckDB streams a CSV from "
        "disk: the national exports pass through `studiodash import` with the default).",
    ),
    Setting(
        "max_upload_mb",
        100,
        "Largest file a browser may upload (the data page), in MB: equal to Streamlit's "
        "server.maxUploadSize in .streamlit/config.toml (a test holds them equal), which bounds "
        "what any client, signed in or not, can push; larger files go through the command line.",
    ),
    Setting(
        "max_unzipped_mb",
        1024,
        "Largest total uncompressed size of an .xlsx, in MB (guards against zip bombs).",
    ),
    Setting(
        "max_zip_members",
        1000,
        "Most files inside an .xlsx (a real workbook holds a few dozen); checked before reading.",
    ),
    Setting(
        "max_zip_ratio",
        200,
        "Largest compression ratio of one file inside an .xlsx (real sheets compress about "
        "10:1; zip-bomb guard), measured while decompressing, past the first MB.",
    ),
    Setting(
        "max_sheet_cells",
        20_000_000,
        "Largest area of a sheet (rows x columns up to its last filled cell) that is read; "
        "checked before reading, so a tiny file cannot claim a huge sheet.",
    ),
    Setting(
        "max_columns",
        200,
        "Most columns in the rows above and at the header (CSV or sheet); checked before "
        "the rest of the file is read.",
    ),
    Setting(
        "max_cell_chars",
        32767,
        "Longest text cell accepted, in characters (Excel's own limit); longer cells are "
        "listed as problems.",
    ),
    Setting(
        "max_line_mb",
        16,
        "Longest CSV line (record) read, in MB; a longer one refuses the file before it is loaded.",
    ),
    Setting(
        "max_problems", 1000, "Problems printed by a failed import; the count of the rest is given."
    ),
    Setting("duckdb_memory_limit", "1GB", "DuckDB memory limit; larger work spills to disk."),
    Setting("duckdb_threads", 2, "DuckDB worker threads."),
    Setting("password_min_length", 8, "Shortest password accepted for an account."),
    Setting("login_max_failures", 5, "Failed logins in a row that lock an account."),
    Setting("login_lockout_minutes", 15, "How long a locked account stays locked."),
    Setting("session_timeout_minutes", 120, "A signed-in session expires after this long."),
    Setting("login_client_max_failures", 10, "Failed logins one client may make per window."),
    Setting("login_client_window_seconds", 900, "The per-client window, in seconds."),
    Setting("login_global_max_attempts", 120, "Login attempts of all clients per global window."),
    Setting("login_global_window_seconds", 60, "The global window, in seconds."),
    # Risk of delisting (data-contract.md, "Risk of delisting").
    Setting("risk_r1_points", 30, "R1 (no outcome in the window): points."),
    Setting("risk_r1_window_days", 365, "R1: outcome window in days, (D - window, D]."),
    Setting("risk_r2_points", 20, "R2 (annual assessment missing): points."),
    Setting(
        "risk_r2_due_mmdd",
        "03-31",
        "R2/R3: from this day of year Y the assessment for Y-1 is due (else Y-2).",
    ),
    Setting("risk_r3_points", 30, "R3 (annual assessment failed): points."),
    Setting("risk_r4_points", 40, "R4 (latest inspection failed): points."),
    Setting("risk_r5_points_each", 10, "R5 (conditions not met): points per failed condition."),
    Setting("risk_r5_points_max", 30, "R5: at most this many points."),
    Setting("risk_r6_points", 30, "R6 (notified, not rectified): points."),
    Setting("risk_r7_points", 10, "R7 (not inspected for long): points."),
    Setting("risk_r7_window_days", 730, "R7: inspection window in days."),
    Setting("risk_r8_points", 10, "R8 (too few activities): points."),
    Setting("risk_r8_window_days", 365, "R8: activity window in days."),
    Setting("risk_r8_min_activities", 4, "R8: fewer activities than this in the window fire."),
    Setting("risk_r9_points", 10, "R9 (team too small): points."),
    Setting("risk_r9_min_members", 3, "R9: fewer members than this fire."),
    Setting("risk_r10_points", 10, "R10 (no funding): points."),
    Setting(
        "light_amber_points",
        20,
        "Progress light: green at or above the time-elapsed pace, amber within this many points below, "
        "red further below.",
    ),
    Setting(
        "explore_max_rows",
        1000,
        "Explore page: most rows shown (and exported) at once; the total is always given.",
    ),
    Setting(
        "yoy_min_base_wan",
        50.0,
        "Benefits page: a benefit year-on-year change whose year-earlier base is below this "
        "(10k yuan) is shown as too small a base, not as a percentage.",
    ),
    Setting("risk_tier_high", 60, "Score at or above which the tier is high."),
    Setting("risk_tier_medium", 30, "Score at or above which the tier is medium (below: low)."),
    # Commendation candidates (data-contract.md, "The campaign cycle").
    Setting("commend_c1_window_days", 730, "C1: the latest inspection lies in this window, days."),
    Setting("commend_c3_window_days", 365, "C3: outcome window in days, (D - window, D]."),
    Setting(
        "commend_c3_min_benefit_wan", 50.0, "C3: benefit in the window at least this (10k yuan)."
    ),
    Setting("commend_c3_min_invention_patents", 1, "C3: or at least this many invention patents."),
    Setting("commend_c4_window_days", 365, "C4: activity window in days."),
    Setting("commend_c4_min_activities", 4, "C4: at least this many activities in the window."),
    # Inspection plans (dashboard/plans.py).
    Setting(
        "plan_risk_weight",
        1.0,
        "Inspection plan sampling: a studio's weight within its unit is 1 + this x risk score / 100 "
        "(0: every studio equally likely; 1: a score of 100 doubles the chance).",
    ),
    # The leadership briefing (dashboard/brief.py, studiodash brief).
    Setting(
        "brief_stale_days",
        14,
        "studiodash brief refuses (exit 3) when the data's own date is older than this many days, "
        "unless --allow-stale is given.",
    ),
    Setting(
        "brief_chromium",
        "/usr/bin/chromium",
        "The Chromium that renders the briefing's PDF and PNG (Debian's chromium package).",
    ),
]

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> object:
    """The setting's value: the environment override cast to the default's type, else the default."""
    setting = _BY_NAME[name]
    raw = os.environ.get("STUDIODASH_" + name.upper())
    if raw is None:
        return setting.default
    return type(setting.default)(raw)


def db_path(override: str | os.PathLike | None = None) -> Path:
    return Path(override) if override else Path(get("db"))
