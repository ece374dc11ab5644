"""What pages share: the cached connection and the data's own as-of date. No SQL here."""
from __future__ import annotations

import streamlit as st

from . import db
from .importer import ensure_sample


@st.cache_resource(show_spinner=False)
def connection():
    con = db.connect()
    ensure_sample(con)
    return con


def query(name: str, **params):
    """A query of queries/ on the shared connection (one cursor per call)."""
    return db.run(connection(), name, **params)
