"""创建进度's 打印简报 button: the leadership briefing's PDF (dashboard/brief.py) for the page's
campaign, date and the user's scope, through the one export path (ui.download: the role rule,
with 领导 allowed this kind, exports.LEADER_KINDS; an audit entry per file)."""

from __future__ import annotations

import streamlit as st

from . import brief, exports, labels, ui
from .state import Filters, connection, current_user

KIND = "brief"


def show(f: Filters) -> None:
    """The button; where Chromium is missing, a sentence saying so (never a traceback)."""
    if not exports.may_export(current_user(), KIND):
        return
    missing = brief.renderer_missing()
    if missing:
        st.caption(labels.BRIEF_BUTTON_MISSING)
        return
    con = connection()  # the click is served in another thread, without this session's state

    def build() -> bytes:
        return brief.pdf(brief.gather(con, f.campaign, f.as_of, f.unit))

    ui.download(
        labels.BRIEF_BUTTON,
        build,
        labels.BRIEF_EXPORT_FILE.format(date=ui.day(f.as_of)),
        key="brief_pdf",
        mime="application/pdf",
        detail={"campaign": f.campaign, "as_of": ui.day(f.as_of), "unit": f.unit},
        help=labels.BRIEF_BUTTON_HELP,
        kind=KIND,
    )
