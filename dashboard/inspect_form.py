"""现场检查录入's form (dashboard/views/inspect.py): its fields, its draft and its drawing.

Every field is a widget whose state lives under KEYS; every change saves the whole form as the
user's draft on the server (inspections.save_draft), so a reload or a lost connection loses
nothing, and opening the studio again restores it. Nothing is chosen for the user: the nine
conditions and the 结论 start unanswered, so a grade is never recorded unthinkingly. The checks
are the importer's own (inspections.validate, through submit) and so are their messages, shown
as plain text. An administrator also sees the studio's app records that count, and voids one
with a reason.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from . import auth, inspections, labels, ui
from .contract import CONDITIONS, GRADES
from .problems import Problem
from .state import connection, current_user, fresh
from .studio_file import origin, status_text

C = labels.STUDIO_COLUMNS  # the contract's own names of the 检查记录 columns
DATE, METHOD, SCORE, CONCLUSION = C["inspected_on"], C["method"], C["score"], C["conclusion"]
ISSUES, RECTIFY, INSPECTOR = C["issues"], C["rectify_by"], C["inspector"]
FORM = (DATE, METHOD, *CONDITIONS, SCORE, CONCLUSION, ISSUES, RECTIFY, INSPECTOR)
assert {inspections.STUDIO, *FORM} == set(inspections.FIELDS), "the form fills every column"
KEYS = {
    DATE: "insp_date",
    METHOD: "insp_method",
    **{name: f"insp_cond_{n}" for n, name in enumerate(CONDITIONS)},
    SCORE: "insp_score",
    CONCLUSION: "insp_conclusion",
    ISSUES: "insp_issues",
    RECTIFY: "insp_rectify",
    INSPECTOR: "insp_inspector",
}
COLUMN = {name: inspections.SHEET.col(name) for name in FORM}
METHODS, CONCLUSIONS = COLUMN[METHOD].values, COLUMN[CONCLUSION].values
assert labels.INSPECT_DEFAULT_METHOD in METHODS
FOR, RESET, RESTORED, OUTCOME = "insp_for", "insp_reset", "insp_restored", "insp_outcome"
VOIDED = "insp_voided"
PAGE = "views/inspect.py"
RECORD_COLUMNS = ["inspection_id", "inspected_on", "conclusion", "recorded_by", "recorded_at"]
EARLIEST = dt.date(2000, 1, 1)  # the date pickers' range
LATEST_RECTIFY = dt.timedelta(days=10 * 366)  # a 整改期限 up to ten years ahead

_TONES = ("#d6efdc", "#fde9b8", "#fbd5d2")  # a chosen grade's colour: 达标, 基本达标, 不达标
CSS = (
    """
<style>
.st-key-insp_form {max-width: 46rem;}
/* Touch targets: each choice is a box at least 44 px high; a row of them fills the width. */
.st-key-insp_form [data-testid="stRadioGroup"] {display: flex; flex-wrap: wrap; gap: 0.5rem;
  width: 100%;}
.st-key-insp_form [data-testid="stRadioGroup"] > div {flex: 1 1 0; min-width: max-content;
  margin: 0 !important;}
.st-key-insp_form label[data-testid="stRadioOption"] {width: 100%; min-height: 44px; margin: 0;
  padding: 0.35rem 0.7rem; border: 1px solid #cfd6de; border-radius: 0.5rem; background: #fff;
  display: flex; align-items: center; justify-content: center; cursor: pointer;}
.st-key-insp_form label[data-testid="stRadioOption"]:has(input:checked) {border-color: #2b6cb0;
  background: #e8f1fb;}
.st-key-insp_form label[data-testid="stRadioOption"]:has(input:checked) p {font-weight: 600;}
.st-key-insp_form input, .st-key-insp_form textarea {font-size: 16px !important;}
.st-key-insp_form [data-baseweb="input"], .st-key-insp_form [data-baseweb="base-input"] {
  min-height: 44px;}
.st-key-insp_form button, .st-key-insp_actions button {min-height: 48px;}
/* An empty date box: Streamlit's hint (yyyy-mm-dd) drawn at size 0, ours in its place. */
.st-key-insp_form [data-testid="stDateInputField"]
  [role="group"]:not(:has([role="spinbutton"]:not([data-placeholder="true"]))) > span {
  font-size: 0; padding: 0;}
.st-key-insp_form [data-testid="stDateInputField"]
  [role="group"]:not(:has([role="spinbutton"]:not([data-placeholder="true"])))::after {
  content: var(--sd-date-hint); color: #8a96a3;}
.st-key-insp_conditions [data-testid="stRadio"] {border-bottom: 1px solid #edf0f3;
  padding-bottom: 0.6rem;}
.st-key-insp_conditions [data-testid="stWidgetLabel"] p {font-size: 1rem; font-weight: 600;}
/* A phone: the four kinds of inspection two by two. From 640 px: each condition on one line,
   its name before its three choices. */
@media (max-width: 639.98px) {
  .st-key-insp_method [data-testid="stRadioGroup"] > div {flex-basis: calc(50% - 0.25rem);}
}
@media (min-width: 640px) {
  .st-key-insp_conditions [data-testid="stRadio"] {display: flex; flex-direction: row;
    align-items: center; gap: 1rem;}
  .st-key-insp_conditions [data-testid="stWidgetLabel"] {flex: 0 0 6rem; width: 6rem; margin: 0;}
  .st-key-insp_conditions [data-testid="stRadioGroup"] {flex: 1 1 auto;}
}
"""
    + "".join(
        f'.st-key-insp_conditions [data-testid="stRadioGroup"] > div:nth-child({n + 1}) '
        f"label:has(input:checked) {{background: {tone}; border-color: #8a96a3;}}\n"
        for n, tone in enumerate(_TONES)
    )
    + f":root {{--sd-date-hint: {json.dumps(labels.INSPECT_DATE_HINT, ensure_ascii=False)};}}\n"
    + "</style>"
)


# --- the form's values ---------------------------------------------------------------------------
def defaults(method: str) -> dict[str, object]:
    """A new form: 检查方式 and today's date prefilled, nothing else chosen. 检查人 is left for the
    inspectors' own names (an account name such as "admin" is not one; the record keeps who
    entered it, recorded_by)."""
    return {name: None for name in FORM} | {
        DATE: dt.date.today(),
        METHOD: method,
        ISSUES: "",
        INSPECTOR: "",
    }


def from_draft(draft: dict) -> dict[str, object]:
    """A saved draft (text, as inspections keeps it) as the widgets' values; what a widget cannot
    hold (a word not among its choices, a date that does not parse) is left empty."""
    out: dict[str, object] = {}
    for name in FORM:
        text, col = draft.get(name), COLUMN[name]
        if col.kind == "date":
            out[name] = _date(text)
        elif col.kind == "num":
            out[name] = _number(text)
        elif col.kind == "enum":
            out[name] = text if text in col.values else None
        else:
            out[name] = text or ""
    return out


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _number(text: object) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def fields(studio_id: str) -> dict[str, object]:
    """The form as inspections takes it: {contract column: value}."""
    return {inspections.STUDIO: studio_id} | {n: st.session_state.get(k) for n, k in KEYS.items()}


def method_from_url(text: str | None) -> str:
    """?method= when it is one of the contract's 检查方式 (a wrong one is said), else 不定期抽查."""
    if text and text not in METHODS:
        st.warning(
            labels.INSPECT_METHOD_UNKNOWN.format(
                method=ui.plain(text), default=labels.INSPECT_DEFAULT_METHOD
            )
        )
    return text if text in METHODS else labels.INSPECT_DEFAULT_METHOD


def prepare(user: auth.User, studio_id: str, method: str) -> None:
    """Fill the widgets before they are drawn: from the user's draft of this studio when the form
    is opened (or reopened: Streamlit forgets a widget not drawn), else a new form; after a
    submit or 清空草稿, a new form."""
    reset = st.session_state.pop(RESET, False)
    if (
        not reset
        and st.session_state.get(FOR) == studio_id
        and all(key in st.session_state for key in KEYS.values())
    ):
        return
    draft = None if reset else inspections.load_draft(connection(), user, studio_id)
    values = defaults(method) if draft is None else from_draft(draft)
    for name, key in KEYS.items():
        st.session_state[key] = values[name]
    st.session_state[FOR] = studio_id
    st.session_state[RESTORED] = None if draft is None else saved_at(user, studio_id)


def saved_at(user: auth.User, studio_id: str) -> str | None:
    """When the user's draft of this studio was saved (YYYY-MM-DD HH:MM:SS), or None."""
    rows = fresh("inspection_draft_saved", username=user.username, studio_id=studio_id)
    return None if rows.empty else pd.Timestamp(rows["saved_at"].iloc[0]).strftime("%F %T")


def _save(user: auth.User, studio_id: str) -> None:
    inspections.save_draft(connection(), user, studio_id, fields(studio_id))


def _submit(user: auth.User, studio_id: str) -> None:
    if st.session_state.get(RESET):  # a second tap before the form was cleared: one record only
        return
    try:
        new_id = inspections.submit(connection(), user, fields(studio_id))
    except inspections.InspectionError as e:
        st.session_state[OUTCOME] = ("refused", str(e), problem_lines(e.problems))
        return
    st.session_state[OUTCOME] = ("done", new_id, studio_id)
    st.session_state[RESET] = True  # the draft is gone (submit dropped it): a new form


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem as 列名：原因 (with the importer's suggestion, when it has one)."""
    lines = []
    for p in problems:
        reason = p.reason + (labels.SUGGEST.format(suggestion=p.suggestion) if p.suggestion else "")
        lines.append(
            labels.WHERE_DETAIL.format(where=p.column, detail=reason) if p.column else reason
        )
    return lines


# --- drawing -------------------------------------------------------------------------------------
def heading(studio: pd.Series, last: pd.DataFrame) -> None:
    """The studio in brief: name, id, unit, status, and its last inspection."""
    st.subheader(ui.plain(studio["studio_name"]), anchor=False)
    line = labels.INSPECT_STUDIO_LINE.format(
        id=studio["studio_id"], unit=studio["unit"], status=status_text(studio)
    )
    st.caption(ui.plain(line))
    if last.empty:
        st.caption(labels.CONDITIONS_NONE)
        return
    r = last.iloc[0]
    text = labels.INSPECT_LAST.format(
        date=ui.day(r["inspected_on"]),
        method=r["method"],
        conclusion=r["conclusion"],
        score=labels.MISSING if pd.isna(r["score"]) else f"{r['score']:g}",
        id=r["inspection_id"],
        origin=origin(r["is_in_app"]),
    )
    st.caption(ui.plain(text))


def draft_note(user: auth.User, studio_id: str) -> bool:
    """已恢复草稿 when the form came from a saved draft; else when the draft was last saved, or
    that it will be. True when there is a draft."""
    at = saved_at(user, studio_id)
    if restored := st.session_state.get(RESTORED):
        st.info(labels.INSPECT_DRAFT_RESTORED.format(at=restored), icon=":material/restore:")
    elif at:
        st.caption(labels.INSPECT_DRAFT_SAVED.format(at=at))
    else:
        st.caption(labels.INSPECT_AUTOSAVE)
    return at is not None


def draw(user: auth.User, studio_id: str) -> None:
    """The form, one field under another: every change saves the draft; 提交 at the end."""
    saving = dict(on_change=_save, args=(user, studio_id))
    today = dt.date.today()

    def choice(name: str, options: tuple[str, ...]) -> None:  # nothing chosen until tapped
        st.radio(
            name, options, index=None, horizontal=True, width="stretch", key=KEYS[name], **saving
        )

    def optional(name: str) -> str:
        return labels.INSPECT_OPTIONAL_FIELD.format(name=name)

    with st.container(key="insp_form"):
        choice(METHOD, METHODS)
        st.date_input(
            DATE, value=None, min_value=EARLIEST, max_value=today, format="YYYY-MM-DD",
            key=KEYS[DATE], **saving,
        )  # fmt: skip
        st.markdown(f"**{labels.SECTION_CONDITIONS}**")
        st.caption(labels.INSPECT_CONDITIONS_HELP)
        with st.container(key="insp_conditions"):
            for name in CONDITIONS:
                choice(name, GRADES)
        st.number_input(
            optional(SCORE), min_value=0.0, max_value=100.0, step=1.0, value=None, format="%g",
            placeholder=labels.INSPECT_SCORE_RANGE, key=KEYS[SCORE], **saving,
        )  # fmt: skip
        choice(CONCLUSION, CONCLUSIONS)
        st.text_area(
            optional(ISSUES), placeholder=labels.INSPECT_ISSUES_HINT, key=KEYS[ISSUES], **saving
        )
        st.date_input(
            optional(RECTIFY), value=None, min_value=EARLIEST, max_value=today + LATEST_RECTIFY,
            format="YYYY-MM-DD", key=KEYS[RECTIFY], **saving,
        )  # fmt: skip
        st.text_input(
            INSPECTOR, placeholder=labels.INSPECT_INSPECTOR_HINT, key=KEYS[INSPECTOR], **saving
        )
        st.button(
            labels.INSPECT_SUBMIT, type="primary", width="stretch", icon=":material/send:",
            key="insp_submit", on_click=_submit, args=(user, studio_id),
        )  # fmt: skip
        outcome()


def outcome() -> None:
    """What the last 提交 or 清空草稿 did: the new 检查编号 with where to see it, or each problem."""
    done = st.session_state.pop(OUTCOME, None)
    if done is None:
        return
    if done[0] == "refused":
        _, message, lines = done
        head = message.splitlines()[0] if lines else message
        st.error("\n\n".join(ui.plain(x) for x in (head, *lines)), icon=":material/error:")
    elif done[0] == "cleared":
        st.success(labels.INSPECT_CLEARED)
    else:
        _, new_id, studio_id = done
        st.success(labels.INSPECT_DONE.format(id=ui.plain(new_id)), icon=":material/check_circle:")
        st.page_link(
            "views/studio.py",
            label=labels.INSPECT_OPEN_FILE,
            icon=":material/folder_open:",
            query_params={"id": studio_id},
        )
        st.page_link("views/risk.py", label=labels.INSPECT_OPEN_RISK, icon=":material/warning:")


def clear_draft(user: auth.User, studio_id: str) -> None:
    """清空草稿, asked twice: the draft is dropped and the form starts again."""
    with st.container(key="insp_actions"):
        if ui.confirm(
            "insp_clear",
            labels.INSPECT_CLEAR,
            labels.INSPECT_CLEAR_QUESTION,
            labels.INSPECT_CLEAR_YES,
        ):
            inspections.drop_draft(connection(), user, studio_id)
            st.session_state[RESET] = True
            st.session_state[OUTCOME] = ("cleared",)
            st.rerun()


def records_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The studio's app records as the administrator reads them (dates as YYYY-MM-DD)."""
    shown = rows.assign(
        inspected_on=rows["inspected_on"].map(ui.day),
        recorded_at=rows["recorded_at"].map(
            lambda t: labels.MISSING if pd.isna(t) else pd.Timestamp(t).strftime("%F %H:%M")
        ),
    )
    return shown[RECORD_COLUMNS].rename(columns=labels.APP_RECORDS_COLUMNS)


def void_section(user: auth.User, rows: pd.DataFrame) -> None:
    """An administrator's list of the studio's app records that count, and 作废 with a reason."""
    st.subheader(labels.SECTION_APP_RECORDS, anchor=False)
    if voided := st.session_state.pop(VOIDED, None):
        st.success(labels.VOID_DONE.format(id=ui.plain(voided)))
        for key in ("insp_void_id", "insp_void_reason"):
            st.session_state.pop(key, None)
    if rows.empty:
        st.info(labels.APP_RECORDS_NONE)
        return
    ui.grid(records_table(rows), key="insp_records")
    picked = st.selectbox(
        labels.VOID_PICK,
        rows["inspection_id"].tolist(),
        index=None,
        placeholder=labels.VOID_PICK_HINT,
        key="insp_void_id",
    )
    reason = st.text_input(
        labels.VOID_REASON, placeholder=labels.VOID_REASON_HINT, key="insp_void_reason"
    )
    if not picked:
        return
    if not (reason or "").strip():  # said at once, before the confirmation is asked
        st.session_state.pop("insp_void_asking", None)
        if st.button(labels.VOID_ASK, key="insp_void_ask"):
            st.error(labels.VOID_NEEDS_REASON)
        return
    question = labels.VOID_QUESTION.format(id=ui.plain(picked))
    if ui.confirm("insp_void", labels.VOID_ASK, question, labels.VOID_YES):
        try:
            inspections.void(connection(), user, picked, reason)
        except inspections.InspectionError as e:
            st.error(ui.plain(str(e)))
            return
        st.session_state[VOIDED] = picked
        st.rerun()


def record_link(studio_id: str) -> None:
    """录入检查 on a studio's file, for those who record inspections: opens this form on it (a
    button, beside 打印 and 导出 Excel)."""
    user = current_user()
    if user is None or user.role not in auth.CAN_RECORD:
        return
    if st.button(labels.INSPECT_RECORD, icon=":material/edit_note:", key="record_inspection"):
        st.switch_page(PAGE, query_params={"id": studio_id})


def export_section(unit: str | None) -> None:
    """For the ledger: the app's records that no import holds yet, as a 检查记录 sheet in the contract's
    exact format (xlsx and CSV), through the one export path, to paste into the ledger; the
    next import holding them reconciles them (README, "Inspections recorded in the app")."""
    con = connection()  # the click is served in another thread, without this session's state

    def sheet(name: str) -> bytes:
        return inspections.sheet_files(inspections.export_frame(con, None, unit))[name]

    with st.expander(labels.INSPECT_EXPORT, icon=":material/download:"):
        st.caption(labels.INSPECT_EXPORT_NOTE)
        with st.container(horizontal=True):
            for suffix, mime, label in (
                ("xlsx", ui.XLSX, labels.EXPORT_XLSX),
                ("csv", "text/csv", labels.EXPORT_CSV),
            ):
                name = f"{inspections.SHEET.name}.{suffix}"
                ui.download(
                    label,
                    lambda name=name: sheet(name),
                    name,
                    key=f"insp_export_{suffix}",
                    mime=mime,
                    detail={"page": labels.PAGE_INSPECT, "unit": unit},
                )
