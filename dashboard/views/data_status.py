"""数据概况: what is loaded — rows per loaded sheet, of the user's unit scope."""

from __future__ import annotations

import streamlit as st

from dashboard import labels, ui
from dashboard.state import filters, query

f = filters()
ui.page_header(labels.PAGE_DATA, f)
st.caption(labels.DATA_ROWS_NOTE)
state = query("data_rows", unit=f.unit)  # a unit user: the rows of its own unit
ui.grid(
    state.rename(columns={"sheet": labels.COL_SHEET, "rows": labels.COL_ROWS})[
        [labels.COL_SHEET, labels.COL_ROWS]
    ],
    key="data_rows",
    column_config={labels.COL_ROWS: st.column_config.NumberColumn(format="localized")},  # 6,098
)
