"""Entry point: page config, the shared connection, and the router (st.navigation)."""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `streamlit run` needs the package

from dashboard import labels as L  # noqa: E402
from dashboard.state import connection  # noqa: E402

st.set_page_config(page_title=L.APP_TITLE, page_icon="📊", layout="wide")
connection()  # builds the database from the bundled sample on first start

VIEWS = Path(__file__).resolve().parent / "views"
page = st.navigation([
    st.Page(str(VIEWS / "data_status.py"), title=L.PAGE_DATA, icon="🗂️", default=True),
])
page.run()
