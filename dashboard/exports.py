"""The one export path: who may export, the audit entry, and files that open cleanly in Excel
(formatted xlsx workbooks and CSV in UTF-8 with BOM).

Every download of the app goes through `exported` (ui.download draws its button): the role rule
(`may_export`; 领导 only for files made for leadership, LEADER_KINDS), an audit entry, and the
writers below, which write numbers as numbers with 万元, %, count and year formats, neutralise
any text Excel would run as a formula (= + - @ at the start) and mask every phone column,
whatever page built the frame.
"""

from __future__ import annotations

import io
import re
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import xlsxwriter

from . import auth, labels

if TYPE_CHECKING:  # lists draws with Streamlit, which the CLI's report never loads
    from . import lists

_FORMULA = re.compile(r"^[=+\-@\t\r]")
PHONE_HEADERS = frozenset({labels.COL_PHONE})  # every phone column is headed so (labels)


class ExportRefused(PermissionError):
    """A download asked for by someone whose role may not export."""


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Kinds of file made for leadership: 领导, who exports nothing else, may take these too. Each is
# an aggregate for a meeting (no contact, no registry row): the leadership briefing (brief.py).
LEADER_KINDS = frozenset({"brief"})


def day_text(value: object) -> str:
    """A date as the tables and cards write it, YYYY-MM-DD ("" for none)."""
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def may_export(user: auth.User | None, kind: str | None = None) -> bool:
    """The one permission rule: a signed-in user whose role exports (not 领导); for a kind of
    file made for leadership (LEADER_KINDS), 领导 as well."""
    if user is None:
        return False
    return user.can_export or (kind in LEADER_KINDS and user.role == auth.LEADER)


def exported(
    con: duckdb.DuckDBPyConnection,
    user: auth.User | None,
    file_name: str,
    build: Callable[[], bytes],
    detail: dict | None = None,
    kind: str | None = None,
) -> bytes:
    """The file's bytes for a user allowed to export (`kind`: see may_export), with an audit
    entry; else ExportRefused."""
    if not may_export(user, kind):
        raise ExportRefused(file_name)
    data = build()
    extra = {"kind": kind} if kind else {}
    auth.audit(con, user.username, "export", {"file": file_name, **extra, **(detail or {})})
    return data


def studio_url(studio_id: str, back: str | None = None) -> str:
    """The link to a studio's file (工作室档案), the id quoted for a URL; with `back`, the
    address of the list it is opened from (lists.here), which the file links back to."""
    url = "/studio?id=" + urllib.parse.quote(str(studio_id), safe="-_.")
    return url + ("&back=" + urllib.parse.quote(back, safe="") if back else "")


def _masked(frame: pd.DataFrame) -> pd.DataFrame:
    phones = [c for c in frame.columns if c in PHONE_HEADERS]
    if not phones:
        return frame
    return frame.assign(**{c: frame[c].map(mask_phone) for c in phones})


def safe_text(value: object) -> object:
    """Text that a spreadsheet will not execute: a leading = + - @ gets a quote prefix."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def mask_phone(phone: object) -> str | None:
    """138****5678: the middle four digits hidden."""
    if phone is None or (isinstance(phone, float) and pd.isna(phone)):
        return None
    digits = str(phone)  # masking twice changes nothing: 138****5678 stays as it is
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def xlsx_workbook(
    title: str,
    as_of: str,
    scope: str,
    tables: list[tuple[str, pd.DataFrame, dict]],
    filters: str | None = None,
) -> bytes:
    """A workbook with one sheet per (sheet name, frame, {column: format}) — format one of
    'wan' (万元, 2 decimals), 'pct' (0.0%), 'int' (a count, #,##0), 'year' (0), 'num' (a score,
    0), 'date', 'text', 'wrap' (long text, wrapped). Phone columns are masked. Under the title:
    数据截至 and the scope, then the filters that chose the rows (lists.describe) when given."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "note": wb.add_format({"font_color": "#555555"}),
        "head": wb.add_format(
            {
                "bold": True,
                "bg_color": "#DDE3EA",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
        "wan": wb.add_format({"num_format": "#,##0.00", "border": 1}),
        "pct": wb.add_format({"num_format": "0.0%", "border": 1}),
        "int": wb.add_format({"num_format": "#,##0", "border": 1}),
        "year": wb.add_format({"num_format": "0", "border": 1}),
        "num": wb.add_format({"num_format": "0", "border": 1}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd", "border": 1}),
        "text": wb.add_format({"border": 1}),
        "wrap": wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
    }
    for name, frame, formats in tables:
        frame = _masked(frame)
        ws = wb.add_worksheet(name[:31])
        ws.write(0, 0, f"{title} — {name}", fmt["title"])
        ws.write(1, 0, labels.AS_OF.format(date=as_of) + "    " + scope, fmt["note"])
        if filters:
            ws.write_string(2, 0, str(safe_text(filters)), fmt["note"])
        for j, column in enumerate(frame.columns):
            kind = formats.get(column, "text")
            ws.write(3, j, column, fmt["head"])
            width = max(
                [len(str(column)) * 2]
                + [len(str(v)) * 2 for v in frame[column].head(200) if isinstance(v, str)]
                + [10]
            )
            ws.set_column(j, j, min(width, 60))
            for i, value in enumerate(frame[column].tolist()):
                cell = 4 + i
                if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
                    ws.write_blank(cell, j, None, fmt[kind])
                elif kind == "date":
                    ws.write_datetime(cell, j, pd.Timestamp(value).to_pydatetime(), fmt["date"])
                elif kind in ("wan", "pct", "int", "year", "num"):
                    ws.write_number(cell, j, float(value), fmt[kind])
                else:
                    ws.write_string(
                        cell, j, str(safe_text(value)), fmt["wrap" if kind == "wrap" else "text"]
                    )
        ws.freeze_panes(4, 0)
        if len(frame):
            ws.autofilter(3, 0, 3 + len(frame), len(frame.columns) - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def plain_xlsx(sheet: str, frame: pd.DataFrame, dates: list[str]) -> bytes:
    """One sheet named `sheet` with the header in row 1 and the rows under it, nothing above:
    a sheet in the contract's format, to import or to paste into a ledger. Formula-safe."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    # The formula guard without changing the value: a text cell Excel keeps as text (its quote
    # prefix), so the sheet imports back exactly (an xlsx string cell is never run anyway).
    text = wb.add_format({"quote_prefix": True})
    ws = wb.add_worksheet(sheet[:31])
    for j, column in enumerate(frame.columns):
        ws.write_string(0, j, str(column))
        ws.set_column(j, j, max(len(str(column)) * 2 + 2, 12))
        for i, value in enumerate(_masked(frame)[column].tolist(), start=1):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if column in dates:
                ws.write_datetime(i, j, pd.Timestamp(value).to_pydatetime(), day)
            elif isinstance(value, (int, float)):
                ws.write_number(i, j, float(value))
            else:
                ws.write_string(i, j, str(value), text if _FORMULA.match(str(value)) else None)
    wb.close()
    return buf.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel opens the Chinese), formula-safe, phones masked."""
    safe = _masked(frame).map(safe_text)
    return safe.to_csv(index=False).encode("utf-8-sig")


EXPLORE_FORMATS = {
    labels.COLUMNS["score"]: "num",
    labels.COL_NAMED_YEAR: "year",
    labels.COL_CAMPAIGN_YEAR: "year",
}


def explore_frame(found: pd.DataFrame, back: str | None = None) -> pd.DataFrame:
    """检查查询's rows as shown and exported: Chinese headers, status in words, phone masked."""
    columns = labels.COLUMNS
    return pd.DataFrame(
        {
            labels.COL_FILE: [studio_url(x, back) for x in found["studio_id"]],
            columns["studio_id"]: found["studio_id"],
            columns["studio_name"]: found["studio_name"],
            labels.COL_STATUS: [
                labels.STATUS_FILTER["warned"] if w and k == "named" else labels.STATUS[k]
                for k, w in zip(found["status_key"], found["is_warned"])
            ],
            columns["tier"]: found["tier"].map(labels.TIER_LIGHT),
            columns["score"]: found["score"],
            columns["unit"]: found["unit"],
            columns["studio_type"]: found["studio_type"],
            columns["leader"]: found["leader"],
            columns["host"]: found["host"],
            labels.COL_INDUSTRY: found["industry"],
            labels.COL_NAMED_YEAR: found["named_year"],
            labels.COL_CAMPAIGN_YEAR: found["campaign_year"],
            labels.COL_PHONE: found["phone"].map(mask_phone),
        }
    )


# A card's pill says 高风险 where a table's 风险等级 cell says 高
TIER_PILL = {labels.TIER_LIGHT[t]: labels.RISK_TIER_NAMES[t] for t in labels.TIER_LIGHT}


def explore_cards(shown: pd.DataFrame, reasons: pd.Series) -> list[lists.Card]:
    """检查查询's rows (explore_frame) as a phone's cards: the risk light, or the status when the
    studio is not named; the unit and type; the score; the rule that weighs most (`reasons`,
    the rows' top_reason from queries/explore_studios.sql), in words with its evidence."""
    from . import lists, report

    columns = labels.COLUMNS
    cards = []
    for row, reason in zip(shown.to_dict("records"), reasons, strict=True):
        light, score = row[columns["tier"]], row[columns["score"]]
        facts = [
            labels.CARD_UNIT_TYPE.format(
                unit=row[columns["unit"]], kind=row[columns["studio_type"]]
            )
        ]
        if not pd.isna(score):
            facts.append(labels.CARD_SCORE.format(score=int(score), status=row[labels.COL_STATUS]))
        if isinstance(reason, dict):
            facts.append(report.reason_detail(reason))
        cards.append(
            lists.Card(
                title=row[columns["studio_name"]],
                pill=TIER_PILL.get(light, row[labels.COL_STATUS]),
                facts=facts,
                studio_id=row[columns["studio_id"]],
            )
        )
    return cards


def explore_files(out: pd.DataFrame, as_of: str, scope: str, filters: str) -> dict:
    """检查查询's two downloads: extension -> (label, the file built when clicked, mime); the
    workbook's title rows carry the filters that chose the rows."""
    return {
        "csv": (labels.EXPORT_CSV, lambda: csv_bytes(out), "text/csv"),
        "xlsx": (
            labels.EXPORT_XLSX,
            lambda: xlsx_workbook(
                labels.EXPLORE_EXPORT_TITLE,
                as_of,
                scope,
                [(labels.PAGE_EXPLORE, out, EXPLORE_FORMATS)],
                filters,
            ),
            XLSX_MIME,
        ),
    }
