"""Entry point: page config, the global sidebar (campaign, as-of, scope) and the router."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` needs the package

from dashboard import labels as L  # noqa: E402
from dashboard import ui  # noqa: E402
from dashboard.state import connection  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title=L.APP_TITLE, page_icon="📊", layout="wide",
                   initial_sidebar_state="auto")
connection()  # builds the database from the bundled sample on first start
page = st.navigation([
    st.Page(str(VIEWS / "progress.py"), title=L.PAGE_PROGRESS, icon=":material/flag:", default=True),
    st.Page(str(VIEWS / "explore.py"), title=L.PAGE_EXPLORE, icon=":material/search:",
            url_path="explore"),
    st.Page(str(VIEWS / "data_status.py"), title=L.PAGE_DATA, icon=":material/database:", url_path="data"),
])
with st.sidebar:
    st.markdown(f"**{L.APP_TITLE}**")
ui.sidebar()
page.run()
