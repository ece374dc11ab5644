"""Reading an AppTest table as a person reads it: a judgement drawn as a pill (ui.toned) is a
one-word list in the cell; here it is the word again (None for an empty cell)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def grid(element) -> pd.DataFrame:
    """The element's frame, each pill cell back to its word."""
    frame = element.value
    for column in frame.columns:
        if any(isinstance(v, list | tuple | np.ndarray) for v in frame[column]):
            frame[column] = [_word(v) for v in frame[column]]
    return frame


def _word(cell) -> str | None:
    values = list(cell)
    assert len(values) <= 1, values  # a pill column holds one judgement per cell
    return values[0] if values else None


def charts(at) -> list[dict]:
    """The ECharts options the page drew (ui.chart), in the page's order."""
    return [json.loads(c.proto.spec) for c in at.get("echarts_chart")]


def values(series: dict) -> list:
    """A series' values, each point's own value where the point is an object (with its label)."""
    return [p["value"] if isinstance(p, dict) else p for p in series["data"]]
