"""Reading an AppTest table as a person reads it: a judgement drawn as a pill (ui.toned) is a
one-word list in the cell; here it is the word again (None for an empty cell)."""

from __future__ import annotations

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
