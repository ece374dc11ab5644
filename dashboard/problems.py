"""What is wrong with an import, as the user reads it: a problem with its file, sheet, Excel row,
column and cell, and the exception by which a file is refused before it is read."""

from __future__ import annotations

from dataclasses import dataclass

from . import labels

SHOWN_CHARS = 200  # a problem shows at most this much of a cell


@dataclass
class Problem:
    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str | None = None  # None: no cell to show (file- or column-level notes)
    reason: str = ""
    suggestion: str | None = None

    def __str__(self) -> str:
        where = labels.WHERE_SEP.join(
            p
            for p in (
                self.file,
                self.sheet,
                labels.ROW.format(row=self.row) if self.row else "",
                self.column,
            )
            if p
        )
        text = (
            labels.WHERE_DETAIL.format(where=where, detail=self.reason)
            if self.value is None
            else labels.PROBLEM_LINE.format(where=where, value=self.value, reason=self.reason)
        )
        return text + (labels.SUGGEST.format(suggestion=self.suggestion) if self.suggestion else "")

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "suggestion": self.suggestion,
        }


def shown(value: str) -> str:
    """A cell as a problem shows it: very long text cut (a 10 MB cell stays in the file)."""
    if len(value) <= SHOWN_CHARS:
        return value
    return value[:SHOWN_CHARS] + labels.VALUE_CUT.format(n=len(value))


class Refused(Exception):
    """A file refused before it is read: the reason's key in labels.REASON and its fields."""

    def __init__(self, key: str, **fields):
        super().__init__(key)
        self.key, self.fields = key, fields
