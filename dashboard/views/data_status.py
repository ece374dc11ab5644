"""数据概况: what is loaded — rows per sheet and the last import."""
from __future__ import annotations

import json

import streamlit as st

from dashboard import labels as L
from dashboard.state import query

st.title(L.PAGE_DATA)
history = query("schema/import_history")
if history.empty:
    st.info(L.NO_DATA)
    st.stop()
last = history.iloc[0]
if last["is_sample"]:
    st.warning(L.SAMPLE_NOTE)
st.caption(L.LAST_IMPORT.format(at=f"{last['imported_at']:%Y-%m-%d %H:%M}", user=last["by_user"],
                                files="、".join(f["name"] for f in json.loads(last["files"] or "[]"))))
state = query("schema/current_state")
rows = state.rename(columns={"sheet": L.COL_SHEET, "rows": L.COL_ROWS})[[L.COL_SHEET, L.COL_ROWS]]
st.dataframe(rows, hide_index=True, key="data_rows")
