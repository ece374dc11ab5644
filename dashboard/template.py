"""The import templates (工作室台账模板.xlsx, 创新成果模板.xlsx), built from the contract alone.

Each sheet of an export gets: a row marking every column 必填 or 选填, the contract's exact headers
(required ones bold, each with a note of its rule), one grey example row (contract.EXAMPLES; the
importer drops it when it is left in, see load.py), a dropdown for every enum and for the unit
columns (the current data's units, else the bundled sample's), and a date format and date check
on date columns. A 填写说明 sheet lists every column with its type, rule, allowed values and
example. Nothing here restates a header: change the contract and the templates follow.
"""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from . import db, exports, labels, settings
from .contract import DATE_ORDERS, EXAMPLES, EXPORTS, SHEETS, Col, Sheet

MARK_ROW, HEAD_ROW, EXAMPLE_ROW = 0, 1, 2  # 0-based rows of every data sheet
ROWS = 5000  # rows under the header that carry the dropdowns and the date check
INLINE_MOST = 255  # Excel's limit on a dropdown written as a list in the rule itself
FIRST_DAY, LAST_DAY = dt.date(1949, 10, 1), dt.date(2099, 12, 31)  # a date cell's accepted span
_UNITS = next(s for s in SHEETS if s.table == "units")
UNIT_REF = (_UNITS.name, _UNITS.unique[0][0])  # what a unit column refers to: (sheet, column)


def example(sheet: Sheet) -> dict[str, object]:
    """The sheet's example row as the template writes it: column -> value (dates as dates); an
    enum the contract's examples leave out shows its first allowed value."""
    given = EXAMPLES.get(sheet.name, {})
    row = {}
    for col in sheet.columns:
        value = given.get(col.name, col.values[0] if col.values else None)
        if col.kind == "date" and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        row[col.name] = value
    return row


def is_unit_column(col: Col) -> bool:
    """A column naming a recommending unit (its dropdown is the data's units)."""
    return col.ref == UNIT_REF


def unit_names(con: duckdb.DuckDBPyConnection | None = None) -> tuple[list[str], str]:
    """The units for the unit dropdowns and where they come from: the current data's (units.sql)
    when con holds any, else the bundled sample's registry."""
    if con is not None:
        names = [u for u in db.run(con, "units", unit=None)["unit"].tolist() if u]
        if names:
            return names, "data"
    return sample_units(), "sample"


def sample_units() -> list[str]:
    """The 单位名称 column of the bundled sample's 推荐单位 sheet, in its order."""
    from python_calamine import CalamineWorkbook

    path = settings.SAMPLE_DIR / f"{_UNITS.export}.xlsx"
    if not path.exists():
        return []
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(_UNITS.name).to_python()
    head = next((i for i, r in enumerate(rows) if UNIT_REF[1] in r), None)
    if head is None:
        return []
    pos = rows[head].index(UNIT_REF[1])
    return [str(r[pos]).strip() for r in rows[head + 1 :] if pos < len(r) and str(r[pos]).strip()]


def workbooks(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, bytes]:
    """Both templates: file name -> bytes; the unit dropdowns from con's data when it has any."""
    units, source = unit_names(con)
    return {file_name(export): workbook(export, units, source) for export in EXPORTS}


def file_name(export: str) -> str:
    """工作室台账模板.xlsx, 创新成果模板.xlsx."""
    return labels.TEMPLATE_FILE.format(export=export)


def rules(sheet: Sheet, col: Col, source: str) -> list[str]:
    """What the contract asks of a column, in words: required, unique, range, reference…"""
    rule = labels.TEMPLATE_RULE
    out = [rule["required"] if col.required else rule["optional"]]
    for key in sheet.unique:
        if col.name in key:
            others = labels.LIST_SEP.join(f"“{k}”" for k in key if k != col.name)
            out.append(rule["unique_with"].format(others=others) if others else rule["unique"])
    if col.min is not None and col.max is not None:
        out.append(rule["range"].format(min=col.min, max=col.max))
    elif col.min is not None:
        out.append(rule["min_exclusive" if col.min_exclusive else "min"].format(min=col.min))
    elif col.max is not None:
        out.append(rule["max"].format(max=col.max))
    if col.blank_as is not None:
        out.append(rule["blank_as"].format(value=col.blank_as))
    elif col.kind == "num" and not col.required:
        out.append(rule["blank_null"])
    out += [
        rule["after"].format(column=order.earlier)
        for order in DATE_ORDERS
        if order.sheet == sheet.name and order.later == col.name
    ]
    if col.ref:
        out.append(rule["ref"].format(sheet=col.ref[0], column=col.ref[1]))
    if is_unit_column(col):
        out.append(rule["units"].format(source=labels.TEMPLATE_UNITS_SOURCE[source]))
    return out


def allowed(col: Col) -> str:
    """An enum's allowed values, each with its aliases; blank for other columns."""
    shown = []
    for value in col.values:
        aliases = [a for a, v in col.aliases.items() if v == value]
        shown.append(
            labels.TEMPLATE_ALIASES.format(value=value, aliases=labels.LIST_SEP.join(aliases))
            if aliases
            else value
        )
    return labels.LIST_SEP.join(shown)


def guide_rows(export: str, source: str) -> list[list[object]]:
    """填写说明's table: one row per column of every sheet of the export."""
    return [
        [
            sheet.name,
            col.name,
            labels.TEMPLATE_KIND[col.kind],
            labels.TEMPLATE_REQUIRED if col.required else labels.TEMPLATE_OPTIONAL,
            labels.LIST_SEP.join(rules(sheet, col, source)),
            allowed(col),
            _shown(example(sheet)[col.name]),
        ]
        for sheet in EXPORTS[export]
        for col in sheet.columns
    ]


def _shown(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


class _Writer:
    """One template workbook being written: its formats and the hidden 选项 sheet's lists."""

    def __init__(self, export: str, units: list[str], source: str):
        self.export, self.units, self.source = export, units, source
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(
            self.buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        add = self.wb.add_format
        grey = {"bg_color": "#D9D9D9", "font_color": "#595959", "italic": True, "border": 1}
        self.fmt = {
            "required": add({"bold": True, "font_color": "#C00000", "font_size": 9}),
            "optional": add({"font_color": "#808080", "font_size": 9}),
            "head_required": add(
                {"bold": True, "font_color": "#C00000", "bg_color": "#DDE3EA", "border": 1}
            ),
            "head_optional": add({"bg_color": "#DDE3EA", "border": 1}),
            "example": add(grey),
            "example_date": add({**grey, "num_format": "yyyy-mm-dd"}),
            "example_text": add({**grey, "quote_prefix": True}),
            "date": add({"num_format": "yyyy-mm-dd"}),
            "text": add({"num_format": "@"}),
            "title": add({"bold": True, "font_size": 14}),
            "note": add({"text_wrap": True, "valign": "top"}),
            "guide": add({"text_wrap": True, "valign": "top", "border": 1}),
            "quoted": add({"quote_prefix": True}),
        }
        self.options: list[tuple[str, list[str]]] = []  # (head, values) for the 选项 sheet

    def string(self, ws, row: int, col: int, value: str, fmt=None) -> None:
        """A text cell, formula-guarded as exports guards every file: written as text, with
        Excel's quote prefix when it starts like a formula (the value itself unchanged, so
        the cell imports back as it was)."""
        guarded = exports.safe_text(value) != value
        ws.write_string(row, col, value, self.fmt["quoted"] if guarded and fmt is None else fmt)

    def option_range(self, head: str, values: list[str]) -> str:
        """The 选项 sheet's cells holding `values`, as a dropdown's source."""
        if (head, values) not in self.options:
            self.options.append((head, values))
        letter = xl_col_to_name(self.options.index((head, values)))
        sheet = labels.TEMPLATE_OPTIONS_SHEET
        return f"='{sheet}'!${letter}$2:${letter}${len(values) + 1}"

    def dropdown(self, ws, j: int, sheet: Sheet, col: Col) -> None:
        area = (EXAMPLE_ROW, j, EXAMPLE_ROW + ROWS, j)
        if is_unit_column(col):
            if not self.units:
                return
            source = labels.TEMPLATE_UNITS_SOURCE[self.source]
            rule = {
                "source": self.option_range(
                    labels.TEMPLATE_UNITS_HEAD.format(source=source), self.units
                ),
                "error_type": "warning",  # a new unit is added in 推荐单位 first
                "error_message": labels.TEMPLATE_UNIT_ERROR.format(source=source),
            }
        elif col.kind == "enum":
            values = list(col.values)
            inline = len(",".join(values)) <= INLINE_MOST and not any("," in v for v in values)
            aliases = labels.LIST_SEP.join(col.aliases)
            rule = {
                "source": values
                if inline
                else self.option_range(
                    labels.TEMPLATE_OPTION_HEAD.format(sheet=sheet.name, column=col.name), values
                ),
                # the importer also takes the aliases, so Excel only warns on them
                "error_type": "warning" if col.aliases else "stop",
                "error_message": (
                    labels.TEMPLATE_PICK_ALIAS.format(column=col.name, aliases=aliases)
                    if col.aliases
                    else labels.TEMPLATE_PICK_ERROR.format(column=col.name)
                ),
            }
        elif col.kind == "date":
            ws.data_validation(
                *area,
                {
                    "validate": "date",
                    "criteria": "between",
                    "minimum": FIRST_DAY,
                    "maximum": LAST_DAY,
                    "error_title": labels.TEMPLATE_DATE_TITLE,
                    "error_message": labels.TEMPLATE_DATE_ERROR.format(column=col.name),
                },
            )
            return
        else:
            return
        ws.data_validation(
            *area, {"validate": "list", "error_title": labels.TEMPLATE_PICK_TITLE, **rule}
        )

    def data_sheet(self, sheet: Sheet) -> None:
        ws = self.wb.add_worksheet(sheet.name)
        row = example(sheet)
        for j, col in enumerate(sheet.columns):
            need = "required" if col.required else "optional"
            mark = labels.TEMPLATE_REQUIRED if col.required else labels.TEMPLATE_OPTIONAL
            ws.write_string(MARK_ROW, j, mark, self.fmt[need])
            self.string(ws, HEAD_ROW, j, col.name, self.fmt[f"head_{need}"])
            note = labels.TEMPLATE_KIND[col.kind] + labels.LIST_SEP.join(
                ["", *rules(sheet, col, self.source)]
            )
            ws.write_comment(HEAD_ROW, j, note, {"x_scale": 1.6, "y_scale": 1.4})
            value = row[col.name]
            if isinstance(value, dt.date):
                ws.write_datetime(
                    EXAMPLE_ROW, j, dt.datetime.combine(value, dt.time()), self.fmt["example_date"]
                )
            elif isinstance(value, (int, float)):
                ws.write_number(EXAMPLE_ROW, j, value, self.fmt["example"])
            elif value is not None:
                guarded = exports.safe_text(value) != value
                ws.write_string(
                    EXAMPLE_ROW, j, value, self.fmt["example_text" if guarded else "example"]
                )
            column_fmt = {"date": "date", "text": "text", "key": "text"}.get(col.kind)
            width = max(len(col.name) * 2 + 2, len(_shown(value)) * 2 + 2, 10)
            ws.set_column(j, j, min(width, 40), self.fmt[column_fmt] if column_fmt else None)
            self.dropdown(ws, j, sheet, col)
        ws.freeze_panes(EXAMPLE_ROW, 0)

    def guide(self) -> None:
        ws = self.wb.add_worksheet(labels.TEMPLATE_GUIDE_SHEET)
        ws.write_string(
            0, 0, labels.TEMPLATE_GUIDE_TITLE.format(export=self.export), self.fmt["title"]
        )
        optional = [s.name for s in EXPORTS[self.export] if not s.required]
        fields = {
            "source": labels.TEMPLATE_UNITS_SOURCE[self.source],
            "optional": labels.LIST_SEP.join(optional) or labels.MISSING,
            "mark": MARK_ROW + 1,
            "head": HEAD_ROW + 1,
            "example": EXAMPLE_ROW + 1,
            "first": EXAMPLE_ROW + 2,
        }
        skip = set()
        if not any(is_unit_column(c) for s in EXPORTS[self.export] for c in s.columns):
            skip.add("units")
        if not optional:
            skip.add("optional")
        if not self.options:
            skip.add("options")
        notes = [n for key, n in labels.TEMPLATE_NOTES.items() if key not in skip]
        for i, note in enumerate(notes, start=1):
            ws.merge_range(i, 0, i, 6, f"{i}. {note.format(**fields)}", self.fmt["note"])
            ws.set_row(i, 32)
        top = len(notes) + 2
        for j, head in enumerate(labels.TEMPLATE_GUIDE_COLUMNS):
            ws.write_string(top, j, head, self.fmt["head_optional"])
        for i, values in enumerate(guide_rows(self.export, self.source), start=top + 1):
            for j, value in enumerate(values):
                ws.write_string(i, j, str(exports.safe_text(value)), self.fmt["guide"])
        for j, width in enumerate((12, 16, 16, 9, 48, 48, 20)):
            ws.set_column(j, j, width)
        ws.freeze_panes(top + 1, 0)

    def options_sheet(self) -> None:
        if not self.options:
            return
        ws = self.wb.add_worksheet(labels.TEMPLATE_OPTIONS_SHEET)
        for j, (head, values) in enumerate(self.options):
            self.string(ws, 0, j, head)
            for i, value in enumerate(values, start=1):
                self.string(ws, i, j, value)
            ws.set_column(j, j, max(len(head) * 2, 12))
        ws.hide()

    def close(self) -> bytes:
        self.wb.close()
        return self.buf.getvalue()


def workbook(export: str, units: list[str], source: str) -> bytes:
    """One export's template (contract.EXPORTS): a sheet per contract sheet, 填写说明, and the
    hidden 选项 sheet when a dropdown is too long to write in its rule."""
    writer = _Writer(export, units, source)
    for sheet in EXPORTS[export]:
        writer.data_sheet(sheet)
    writer.guide()
    writer.options_sheet()
    return writer.close()
