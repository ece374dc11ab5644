"""The floor of bench_browser.py: Streamlit itself, with nothing of the app. Two pages in the
same navigation, each with the app's header line, one KPI and a three-row table, drawn from
literals (no database, no query): what any Streamlit page costs the browser on this machine."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import labels

AS_OF = dt.date(2023, 12, 15)


def draw() -> None:
    st.title(labels.PAGE_DATA)
    st.html(f"<div class='page-context'>{labels.AS_OF.format(date=AS_OF.isoformat())}</div>")
    st.metric(labels.PAGE_DATA, 3)
    st.dataframe(pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]}), hide_index=True)


def floor() -> None:
    draw()


def other() -> None:
    draw()


st.navigation(
    [
        st.Page(floor, title="floor", url_path="floor", default=True),
        st.Page(other, title="other", url_path="other"),
    ]
).run()
