"""检查计划's pieces: a drawn plan (the sample and, for 互查, the pairing), its list as a table and
as a phone's cards, its workbook (through the one export path), and the printed checklists — one
A4 page per planned studio with its registry facts, its last inspection, the nine conditions with
boxes to tick, 总分, 结论, 问题及整改要求, 整改期限 and the signatures.

Drawn with Streamlit's own elements: data goes into st.text and st.table (cells escaped by
ui.plain, since st.table renders Markdown); only our constant labels are ever Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from . import auth, exports, labels, lists, plans
from .contract import CONDITIONS
from .exports import mask_phone
from .printing import FONTS
from .ui import day, plain, show_table

CJK_FONTS = FONTS.replace('"Source Sans", ', "")  # the print header's faces, Chinese first
KINDS = plans.KINDS  # the contract's 检查方式: 定期检查 不定期抽查 互查 年度复核
RANDOM, PAIRED = KINDS[1], plans.MUTUAL  # 不定期抽查 (the default), 互查 (pairs units)
READERS = auth.CAN_PLAN  # who opens the page: administrators, inspectors, leaders
PLANNERS = plans.CAN_SAVE  # who draws and saves plans (leaders read them)
MAX_PRINT = 100  # checklists drawn at once: a longer plan prints in batches of this many

# Chinese faces first in a checklist: the boxes (□) are then full-width squares, not dots.
CSS = f"""
<style>
[class*="st-key-checklist_"] {{border: 1px solid #d5dae0; border-radius: 0.5rem; max-width: 52rem;
  padding: 1.25rem 1.5rem; gap: 0.45rem; background: #fff;}}
[class*="st-key-checklist_"], [class*="st-key-checklist_"] :is(h3, table, p, div) {{
  font-family: {CJK_FONTS} !important;}}
[class*="st-key-checklist_"] h3 {{font-size: 1.2rem; padding: 0;}}
[class*="st-key-checklist_"] [data-testid="stHeading"] [data-testid="stMarkdownContainer"] {{
  margin-bottom: 0 !important;}}  /* Streamlit pulls what follows a heading up under it */
[class*="st-key-checklist_"] [data-testid="stText"] {{font-size: 0.9rem;}}
[class*="st-key-clname_"] [data-testid="stText"] {{font-size: 1.1rem; font-weight: 600;}}
[class*="st-key-checklist_"] table {{font-size: 0.85rem;}}
[class*="st-key-checklist_"] :is(th, td) {{padding: 0.18rem 0.5rem !important;}}
[class*="st-key-clfacts_"] {{flex-wrap: wrap; gap: 0.45rem 0.75rem;}}
[class*="st-key-clfacts_"] > * {{flex: 1 1 16rem; min-width: 0;}}
[class*="st-key-clfacts_"] td:first-child, [class*="st-key-clresult_"] td:first-child {{
  color: #4a5568; width: 6.5rem; white-space: nowrap;}}
[class*="st-key-clconds_"] :is(th, td):first-child {{width: 3rem; text-align: center;}}
/* Chinese wraps between any two characters: the names stay whole, the boxes with their words
   (the line breaks at the wide spaces between them) */
[class*="st-key-clconds_"] :is(th, td):nth-child(-n+3) :is(*) {{white-space: nowrap !important;}}
[class*="st-key-checklist_"] td :is(*) {{word-break: keep-all !important;}}
.sd-lines {{height: 8rem; margin: 0; background: repeating-linear-gradient(to bottom,
  transparent 0, transparent calc(2rem - 1px), #8a949e calc(2rem - 1px), #8a949e 2rem);}}
[class*="st-key-clsign_"] {{flex-wrap: wrap; gap: 0.75rem 2rem; padding-top: 0.9rem;}}
[class*="st-key-clsign_"] > * {{width: auto !important; flex: 0 0 auto;}}
:is(.st-key-draft_how, .st-key-plan_how) [data-testid="stText"] {{font-size: 0.9rem; color: #4a5568;}}
@media (max-width: 640px) {{
  [class*="st-key-checklist_"] {{padding: 0.9rem 0.75rem;}}
  [class*="st-key-clconds_"] :is(th, td) {{padding: 0.2rem 0.3rem !important;}}
  [class*="st-key-clconds_"] :is(th, td):first-child {{width: 2rem;}}
}}
@media print {{
  /* only the checklists are printed, each on a page of its own */
  body:has(.st-key-checklists) [data-testid="stMainBlockContainer"]
    *:not(.st-key-checklists, .st-key-checklists *, :has(.st-key-checklists)),
  [data-testid="stToastContainer"] {{display: none !important;}}
  .st-key-checklists {{gap: 0 !important;}}
  [class*="st-key-checklist_"] {{border: none; border-radius: 0; padding: 0; max-width: none;
    break-before: page; break-inside: avoid;}}
  .st-key-checklist_0 {{break-before: auto;}}
  [class*="st-key-checklist_"] h3 {{font-size: 1.35rem; text-align: center;}}
  [class*="st-key-clconds_"] td {{padding: 0.28rem 0.5rem !important;}}
  .sd-lines {{height: 14rem;}}  /* the page has room for seven lines to write on */
  /* Streamlit prints a row of elements as blocks: the two halves side by side again */
  :is([class*="st-key-clfacts_"], [class*="st-key-clsign_"]) {{display: flex !important;}}
  [class*="st-key-clfacts_"] {{flex-wrap: nowrap !important;}}
  [class*="st-key-clfacts_"] > * {{flex: 1 1 0 !important; width: auto !important;}}
}}
</style>
"""
# The ruled lines under 问题及整改要求: our own markup, no text.
LINES = "<div class='sd-lines'></div>"


def default_seed(today: dt.date) -> int:
    """The seed offered: the day's date as a number (20231215), shown and changeable."""
    return int(today.strftime("%Y%m%d"))


@dataclass(frozen=True)
class Draft:
    """A plan drawn but not yet saved: the choices it was drawn with, the list and the method."""

    kind: str
    params: dict
    seed: int
    # studio_id, studio_name, unit, risk_score, overdue, reason (and inspecting_unit for 互查)
    rows: pd.DataFrame
    how: str
    strata: pd.DataFrame  # unit, candidates (not overdue), places drawn there
    pairing: pd.DataFrame | None = None  # 互查: inspecting_unit, inspected_unit, studios
    why: str | None = None  # 互查: why the load cannot be balanced

    @property
    def complete(self) -> bool:
        """False for a 互查 that could not give every studio an inspecting unit: not saved."""
        return "inspecting_unit" not in self.rows or bool(
            self.rows["inspecting_unit"].notna().all()
        )


def draw(candidates: pd.DataFrame, kind: str, params: dict) -> Draft:
    """The sample of params["size"] studios among `candidates` for `params["seed"]`, weighted as
    the setting plan_risk_weight says (plans.draw_sample); for 互查, each planned studio's
    inspecting unit (plans.pair_units), and the pairing as a table."""
    seed = int(params["seed"])
    sample = plans.draw_sample(candidates, int(params["size"]), seed)
    rows = sample.rows.reset_index(drop=True)
    if kind != PAIRED:
        return Draft(kind, params, seed, rows, sample.how, sample.strata)
    pairing = plans.pair_units(rows[["studio_id", "unit"]])
    inspecting = pairing.assignments.set_index("studio_id")["inspecting_unit"]
    rows = rows.assign(inspecting_unit=rows["studio_id"].map(inspecting))
    return Draft(kind, params, seed, rows, sample.how, sample.strata, pairing.table, pairing.why)


def show_draft(draft: Draft) -> None:
    """A drawn plan: how it was drawn, the list (cards on a phone), for 互查 the pairing and why
    the load cannot be balanced, when it cannot."""
    st.caption(labels.PLAN_HOW)
    st.container(key="draft_how").text(draft.how)
    st.caption(labels.PLAN_COUNT.format(n=len(draft.rows)))
    show_table(
        plan_table(draft.rows), "draft", cards=plan_cards(draft.rows), more=labels.CARDS_MORE_DRAFT
    )
    placed = draft.strata[draft.strata["places"] > 0]
    if len(placed):
        with st.expander(labels.PLAN_STRATA, icon=":material/table_rows:"):
            c = labels.PLAN_STRATA_COLUMNS
            show_table((placed[list(c)].rename(columns=c), {}), "draft_strata")
    if draft.pairing is not None:
        show_pairing(draft.pairing, "draft_pairing", draft.why)


def show_pairing(pairing: pd.DataFrame, key: str, why: str | None = None) -> None:
    """互查安排: who inspects how many of whose studios; why the load is uneven, when it is."""
    st.caption(labels.PLAN_PAIRING, help=labels.PLAN_PAIRING_NOTE)
    show_table(pairing_table(pairing), key)
    if why:
        st.warning(plain(why))


def pairing_of(rows: pd.DataFrame) -> pd.DataFrame | None:
    """A saved 互查 plan's pairing (inspecting unit, inspected unit, studios) from its rows."""
    if "inspecting_unit" not in rows or rows["inspecting_unit"].isna().all():
        return None
    return (
        rows.groupby(["inspecting_unit", "unit"], as_index=False)
        .size()
        .rename(columns={"unit": "inspected_unit", "size": "studios"})
    )


def pairing_table(pairing: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    frame = pairing[list(labels.PAIRING_COLUMNS)].rename(columns=labels.PAIRING_COLUMNS)
    return frame, {labels.PAIRING_COLUMNS["studios"]: "int"}


def plan_table(rows: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The plan's list as shown and exported: 序号, the studio, its unit (and inspecting unit for
    互查), and why it is in; a drawn plan also has the risk score and whether it is overdue (R7)."""
    c = labels.PLAN_COLUMNS
    frame = pd.DataFrame({c["order"]: range(1, len(rows) + 1)})
    for key in ("studio_id", "studio_name", "unit", "inspecting_unit", "risk_score", "overdue"):
        if key in rows and not rows[key].isna().all():
            frame[c[key]] = rows[key].to_numpy()
    if c["overdue"] in frame:
        frame[c["overdue"]] = frame[c["overdue"]].map({True: labels.YES, False: labels.NO})
    frame[c["reason"]] = rows["reason"].to_numpy()
    return frame, {c["order"]: "int", c["risk_score"]: "int", c["reason"]: "wrap"}


def show_plan(rows: pd.DataFrame, kind: str, user: auth.User) -> None:
    """A saved plan's list, each row linked to the studio's file; for those who record
    inspections, a studio of it picked here opens 现场检查录入 on it with the plan's 检查方式."""
    show_table(
        plan_table(rows), "plan_rows", studio_ids=rows["studio_id"], cards=plan_cards(rows),
        more=labels.CARDS_MORE_PLAN,
    )  # fmt: skip
    if user.role not in auth.CAN_RECORD or rows.empty:
        return
    names = dict(zip(rows["studio_id"], rows["studio_name"].fillna(rows["studio_id"])))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        picked = st.selectbox(
            labels.PLAN_RECORD_PICK, list(names), index=None, key="plan_record",
            format_func=lambda s: labels.PLAN_RECORD_OPTION.format(name=names[s], id=s),
            placeholder=labels.CHOOSE,
        )  # fmt: skip
        if st.button(labels.INSPECT_RECORD, icon=":material/edit_note:", disabled=picked is None):
            st.switch_page("views/inspect.py", query_params={"id": picked, "method": kind})


def plan_cards(rows: pd.DataFrame) -> list[lists.Card]:
    """The list on a phone: the studio (overdue by R7 as its pill), its unit (and score), why it is in,
    and for 互查 the unit that inspects it."""
    cards = []
    for r in rows.head(lists.MAX_CARDS).to_dict("records"):
        reason = labels.PLAN_CARD_REASON.format(reason=r["reason"]) if r["reason"] else ""
        facts = [r["unit"], reason]
        if "risk_score" in r and not pd.isna(r["risk_score"]):
            facts[0] = labels.PLAN_CARD_UNIT.format(unit=r["unit"], score=f"{r['risk_score']:g}")
        if isinstance(r.get("inspecting_unit"), str):
            facts.insert(0, labels.PLAN_CARD_INSPECTOR.format(unit=r["inspecting_unit"]))
        overdue = r.get("overdue")
        pill = labels.PLAN_COLUMNS["overdue"] if overdue is not None and overdue == True else ""  # noqa: E712
        title = r["studio_name"] if isinstance(r["studio_name"], str) else r["studio_id"]
        cards.append(lists.Card(title, pill, [str(x) for x in facts if x], r["studio_id"]))
    return cards


def saved_table(saved: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The saved plans, newest first: number, when, who, kind, seed, size."""
    c = labels.PLAN_SAVED_COLUMNS
    frame = saved[list(c)].rename(columns=c)
    frame[c["created_at"]] = pd.to_datetime(frame[c["created_at"]]).dt.strftime("%Y-%m-%d %H:%M")
    return frame, {c["plan_id"]: "int", c["seed"]: "int", c["size"]: "int"}


def saved_cards(saved: pd.DataFrame) -> list[lists.Card]:
    """The saved plans on a phone: number and kind, size and seed, who and when."""
    cards = []
    for plan in saved.head(lists.MAX_CARDS).to_dict("records"):
        at = pd.Timestamp(plan["created_at"]).strftime("%Y-%m-%d %H:%M")
        facts = [
            labels.PLAN_CARD_SIZE.format(size=plan["size"], seed=plan["seed"]),
            labels.PLAN_CARD_BY.format(by=plan["created_by"], at=at),
        ]
        cards.append(
            lists.Card(labels.PLAN_CARD_TITLE.format(id=plan["plan_id"]), plan["kind"], facts)
        )
    return cards


def option(plan: dict) -> str:
    """A saved plan as the picker offers it (short: a phone's box holds one line)."""
    return labels.PLAN_OPTION.format(id=plan["plan_id"], kind=plan["kind"], size=plan["size"])


def header_line(header: dict, size: int) -> str:
    at = pd.Timestamp(header["created_at"]).strftime("%Y-%m-%d %H:%M")
    return labels.PLAN_HEADER.format(
        id=header["plan_id"],
        kind=header["kind"],
        size=size,
        seed=header["seed"],
        by=header["created_by"],
        at=at,
    )


def params_text(params: object) -> str:
    """The parameters a plan was drawn with, as stored (JSON), readable."""
    if isinstance(params, str):
        try:
            params = json.loads(params)
        except ValueError:
            return params
    return json.dumps(params, ensure_ascii=False, sort_keys=True, default=str)


def workbook(header: dict, rows: pd.DataFrame, as_of: dt.date, scope: str) -> bytes:
    """The saved plan as one workbook: 计划名单, 互查安排 (for 互查) and 计划说明."""
    names = labels.PLAN_SHEETS
    sheets = [(names[0], *plan_table(rows))]
    if (pairing := pairing_of(rows)) is not None:
        sheets.append((names[1], *pairing_table(pairing)))
    facts = {**header, "size": len(rows), "params": params_text(header.get("params"))}
    facts["created_at"] = pd.Timestamp(header["created_at"]).strftime("%Y-%m-%d %H:%M")
    about = pd.DataFrame(
        [(label, str(facts.get(key, ""))) for key, label in labels.PLAN_FACTS.items()],
        columns=[labels.FILE_ITEM, labels.FILE_VALUE],
    )
    sheets.append((names[2], about, {labels.FILE_VALUE: "wrap"}))
    title = labels.PLAN_EXPORT_TITLE.format(id=header["plan_id"], kind=header["kind"])
    return exports.xlsx_workbook(title, day(as_of), scope, sheets)


# --- the printed checklist -------------------------------------------------------------------
def _cells(pairs: list[tuple[str, object]]) -> pd.DataFrame:
    """(label, value) rows for st.table: values escaped (st.table renders Markdown), — for none."""
    shown = [(k, "—" if v is None or pd.isna(v) or v == "" else plain(v)) for k, v in pairs]
    return pd.DataFrame(shown, columns=[labels.FILE_ITEM, labels.FILE_VALUE])


def registry_pairs(
    studio: pd.Series, kind: str, inspecting: str | None
) -> list[list[tuple[str, object]]]:
    """The studio's registry facts in two columns; the phone masked."""
    f = labels.REGISTRY_FIELDS
    left = [(f[k], studio[k]) for k in ("studio_id", "studio_type", "leader")]
    left.append((f["phone"], mask_phone(studio["phone"])))
    right = [(f[k], studio[k]) for k in ("unit", "host")] + [(labels.PLAN_KIND, kind)]
    if inspecting:
        right.append((labels.CHECKLIST_INSPECTING_UNIT, inspecting))
    return [left, right]


def last_line(last: pd.Series) -> str:
    """The last inspection in one line: date, method, conclusion, score and its number."""
    score = "—" if pd.isna(last["score"]) else f"{last['score']:g}"
    text = labels.CHECKLIST_LAST_LINE.format(
        date=day(last["inspected_on"]),
        method=last["method"] or "—",
        conclusion=last["conclusion"] or "—",
        score=score,
    )
    return text + labels.REASON_SEP + labels.CHECKLIST_LAST_ID.format(id=last["inspection_id"])


def conditions_frame(before: list | None) -> pd.DataFrame:
    """The nine conditions: 序号, the condition, the last grade, the boxes to tick."""
    grades = list(before) if before is not None else [None] * len(CONDITIONS)
    return pd.DataFrame(
        {
            labels.CHECKLIST_NO: [str(n) for n in range(1, len(CONDITIONS) + 1)],
            labels.CHECKLIST_CONDITION: list(CONDITIONS),
            labels.CHECKLIST_BEFORE: [plain(g) if isinstance(g, str) else "—" for g in grades],
            labels.CHECKLIST_NOW: [labels.CHECKLIST_BOXES] * len(CONDITIONS),
        }
    )


def result_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (labels.CHECKLIST_SCORE, labels.CHECKLIST_SCORE_BLANK),
            (labels.CHECKLIST_CONCLUSION, labels.CHECKLIST_CONCLUSION_BOXES),
            (labels.CHECKLIST_RECTIFY, labels.CHECKLIST_DATE_BLANK),
        ],
        columns=[labels.FILE_ITEM, labels.FILE_VALUE],
    )


def show_checklist(
    n: int, number: int, total: int, header: dict, row: dict, read: Callable[..., pd.DataFrame]
) -> None:
    """The checklist of one planned studio (`row`), the n-th drawn (its keys), number `number` of
    the plan's `total`; `read` runs a query (state.query with the page's as-of date and scope)."""
    with st.container(key=f"checklist_{n}"):
        st.subheader(labels.CHECKLIST_TITLE, anchor=False)
        line = labels.CHECKLIST_LINE.format(
            id=header["plan_id"], kind=header["kind"], n=number, total=total
        )
        st.caption(plain(line))
        profile = read("studio_profile", studio_id=row["studio_id"])
        name = profile["studio_name"].iloc[0] if len(profile) else row["studio_name"]
        st.container(key=f"clname_{n}").text(name if isinstance(name, str) else row["studio_id"])
        if profile.empty:  # out of the user's scope, or gone from the registry
            st.warning(labels.CHECKLIST_NO_STUDIO)
            return
        inspecting = row.get("inspecting_unit")
        inspecting = inspecting if isinstance(inspecting, str) else None
        pairs = registry_pairs(profile.iloc[0], header["kind"], inspecting)
        with st.container(key=f"clfacts_{n}", horizontal=True, gap="small"):
            for half in pairs:
                st.table(_cells(half), hide_index=True, hide_header=True)
        inspections = read("studio_inspections", studio_id=row["studio_id"])
        last = None if inspections.empty else inspections.iloc[0]
        st.text(labels.CHECKLIST_LAST_NONE if last is None else last_line(last))
        before = None if last is None else last["conditions"]
        st.container(key=f"clconds_{n}").table(conditions_frame(before), hide_index=True)
        st.container(key=f"clresult_{n}").table(result_frame(), hide_index=True, hide_header=True)
        st.caption(labels.CHECKLIST_ISSUES)
        st.html(LINES)
        with st.container(key=f"clsign_{n}", horizontal=True):
            for text in (labels.CHECKLIST_INSPECTOR_SIGN, labels.CHECKLIST_LEADER_SIGN):
                st.text(text + labels.CHECKLIST_SIGN_BLANK)
            st.text(labels.CHECKLIST_SIGN_DATE + labels.CHECKLIST_DATE_BLANK)


def show_checklists(header: dict, rows: pd.DataFrame, read: Callable[..., pd.DataFrame]) -> None:
    """Every planned studio's checklist (MAX_PRINT at most at once: a batch picker above)."""
    total = len(rows)
    first = 0
    if total > MAX_PRINT:
        starts = list(range(0, total, MAX_PRINT))
        first = st.selectbox(
            labels.PLAN_CHECKLISTS_BATCH.format(n=MAX_PRINT),
            starts,
            key="checklist_batch",
            format_func=lambda s: labels.PLAN_BATCH_OPTION.format(
                first=s + 1, last=min(s + MAX_PRINT, total)
            ),
        )
    with st.container(key="checklists"):
        for n, row in enumerate(rows.iloc[first : first + MAX_PRINT].to_dict("records")):
            show_checklist(n, first + n + 1, total, header, row, read)
