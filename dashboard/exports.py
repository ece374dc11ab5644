"""Exports that open cleanly in Excel: formatted xlsx workbooks and CSV (UTF-8 with BOM).

Cells are written as real numbers with 万元 and % formats; any text that Excel would run as a
formula (= + - @ at the start) is neutralised; phone numbers are masked.
"""
from __future__ import annotations

import io
import re

import pandas as pd
import xlsxwriter

from . import labels as L

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def safe_text(value):
    """Text that a spreadsheet will not execute: a leading = + - @ gets a quote prefix."""
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def mask_phone(phone) -> str | None:
    """138****5678: the middle four digits hidden."""
    if phone is None or (isinstance(phone, float) and pd.isna(phone)):
        return None
    digits = str(phone)
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def xlsx_workbook(title: str, as_of: str, scope: str, tables: list[tuple[str, pd.DataFrame, dict]]
                  ) -> bytes:
    """A workbook with one sheet per (sheet name, frame, {column: format}) — format one of
    'wan' (万元, 2 decimals), 'pct' (0.0%), 'int', 'date', 'text', 'wrap' (long text, wrapped)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "note": wb.add_format({"font_color": "#555555"}),
        "head": wb.add_format({"bold": True, "bg_color": "#DDE3EA", "border": 1,
                               "text_wrap": True, "valign": "vcenter"}),
        "wan": wb.add_format({"num_format": "#,##0.00", "border": 1}),
        "pct": wb.add_format({"num_format": "0.0%", "border": 1}),
        "int": wb.add_format({"num_format": "#,##0", "border": 1}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd", "border": 1}),
        "text": wb.add_format({"border": 1}),
        "wrap": wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
    }
    for name, frame, formats in tables:
        ws = wb.add_worksheet(name[:31])
        ws.write(0, 0, f"{title} — {name}", fmt["title"])
        ws.write(1, 0, L.AS_OF.format(date=as_of) + "    " + scope, fmt["note"])
        for j, column in enumerate(frame.columns):
            kind = formats.get(column, "text")
            ws.write(3, j, column, fmt["head"])
            width = max([len(str(column)) * 2] + [len(str(v)) * 2 for v in frame[column].head(200)
                                                  if isinstance(v, str)] + [10])
            ws.set_column(j, j, min(width, 60))
            for i, value in enumerate(frame[column].tolist()):
                cell = 4 + i
                if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
                    ws.write_blank(cell, j, None, fmt[kind])
                elif kind == "date":
                    ws.write_datetime(cell, j, pd.Timestamp(value).to_pydatetime(), fmt["date"])
                elif kind in ("wan", "pct", "int"):
                    ws.write_number(cell, j, float(value), fmt[kind])
                else:
                    ws.write_string(cell, j, str(safe_text(value)),
                                    fmt["wrap" if kind == "wrap" else "text"])
        ws.freeze_panes(4, 0)
        if len(frame):
            ws.autofilter(3, 0, 3 + len(frame), len(frame.columns) - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
    wb.close()
    return buf.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with BOM (Excel opens the Chinese), formula-safe."""
    safe = frame.map(safe_text)
    return safe.to_csv(index=False).encode("utf-8-sig")


EXPLORE_FORMATS = {L.COLUMNS["score"]: "int", "命名年度": "int", "申报年度": "int"}


def explore_frame(found: pd.DataFrame) -> pd.DataFrame:
    """检查查询's rows as shown and exported: Chinese headers, status in words, phone masked."""
    C = L.COLUMNS
    return pd.DataFrame({
        L.COL_FILE: "/studio?id=" + found["studio_id"],
        C["studio_id"]: found["studio_id"],
        C["studio_name"]: found["studio_name"],
        L.COL_STATUS: [L.STATUS_FILTER["warned"] if w and k == "named" else L.STATUS[k]
                       for k, w in zip(found["status_key"], found["is_warned"])],
        C["tier"]: found["tier"].map(L.TIER_LIGHT),
        C["score"]: found["score"],
        C["unit"]: found["unit"],
        C["studio_type"]: found["studio_type"],
        C["leader"]: found["leader"],
        C["host"]: found["host"],
        L.COL_INDUSTRY: found["industry"],
        L.COL_NAMED_YEAR: found["named_year"],
        L.COL_CAMPAIGN_YEAR: found["campaign_year"],
        L.COL_PHONE: found["phone"].map(mask_phone),
    })
