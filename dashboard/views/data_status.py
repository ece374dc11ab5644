"""数据概况: what is loaded — rows per loaded sheet."""

from __future__ import annotations

import streamlit as st

from dashboard import labels as L
from dashboard import ui
from dashboard.state import filters, query

f = filters()
ui.page_header(L.PAGE_DATA, f)
state = query("schema/current_state")
st.dataframe(
    state.rename(columns={"sheet": L.COL_SHEET, "rows": L.COL_ROWS})[[L.COL_SHEET, L.COL_ROWS]],
    hide_index=True,
    key="data_rows",
)
