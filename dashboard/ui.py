"""Pieces every page shows: the top bar (as-of date, campaign), the page header with 数据截至 and scope, and
number formats (万元, %, dates)."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import re
import secrets
from collections.abc import Callable

import pandas as pd
import streamlit as st

from . import charts, exports, labels, lists, settings, state
from .contract import CONCLUSIONS, TIERS, UNIT_KINDS
from .state import Filters, connection, current_user, query, scope_unit

CSS = """
<style>
/* Phones: less padding, KPI cards wrap two to a row, tables scroll sideways. */
@media (max-width: 640px) {
  .block-container {padding: 3.5rem 0.6rem 3rem 0.6rem;}
  div[data-testid="stHorizontalBlock"]:has(> div [data-testid="stMetric"]) {flex-wrap: wrap; gap: 0.5rem;}
  div[data-testid="stHorizontalBlock"]:has(> div [data-testid="stMetric"]) > div {min-width: calc(50% - 0.5rem); flex: 1 1 calc(50% - 0.5rem);}
  h1 {font-size: 1.5rem !important;}
  /* A choice of five (the unit kinds) fits one row of a phone: no option wraps alone. */
  [data-testid="stButtonGroup"] button {padding-left: 0.55rem; padding-right: 0.55rem;}
  [data-testid="stButtonGroup"] button p {font-size: 0.875rem;}
  /* A table's toolbar (search, full screen) would sit over the heading above it. */
  [data-testid="stElementToolbar"] {display: none !important;}
  /* A wide static table keeps readable columns and scrolls inside itself (st.container(key="wide_…")). */
  [class*="st-key-wide_"] [data-testid="stTableStyledTable"] {min-width: 44rem;}
}
/* A number column with a dash where a value is missing (a text column to Streamlit): right-aligned
   all the same (the studio file: activities' participants, an inspection's score, an outcome's
   benefit). */
.st-key-activities :is(td, th):nth-child(3), .st-key-wide_inspections :is(td, th):nth-child(3),
.st-key-wide_outcomes :is(td, th):nth-child(2) {text-align: right !important;}
/* The risk page's rules fit a phone without scrolling; a rule's state (on, or off and why) and the header
   break between words only, never inside one. */
.st-key-rules_table :is(td, th):nth-child(4) p {word-break: keep-all;}
[data-testid="stMetric"] {background: #f7f8fa; border-radius: 0.5rem; padding: 0.5rem 0.75rem;}
/* KPI cards side by side are one height (a card with a delta line, or a CJK unit, is taller). */
div[data-testid="stHorizontalBlock"]:has(> div [data-testid="stMetric"]) > div > [data-testid="stVerticalBlock"],
[data-testid="stVerticalBlock"] > [data-testid="stElementContainer"]:only-child:has(> [data-testid="stMetric"]),
[data-testid="stElementContainer"] > [data-testid="stMetric"] {height: 100%;}
[data-testid="stMetricValue"] {font-size: 1.6rem;}
/* No title or note ends on one lonely character on a phone (a heading's last word, a final stop). */
h1, h2, h3 {text-wrap: balance;}
[data-testid="stAlertContainer"] p, [data-testid="stCaptionContainer"] {text-wrap: pretty;}
/* nor a card's line, nor a checkbox's label (a bracket or one character alone on the last line) */
[class*="st-key-card_"] [data-testid="stText"], [data-testid="stCheckbox"] p {text-wrap: pretty;}
#MainMenu, [data-testid="stAppDeployButton"] {display: none;}
/* The uploader's own English (its button, its limit line): Chinese drawn over it (ui.top_bar). */
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {
  content: var(--sd-upload-button); font-size: 0.875rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {
  content: var(--sd-upload-limit); font-size: 0.8rem;}
[data-testid="InputInstructions"] > span {font-size: 0;}
[data-testid="InputInstructions"] > span::after {content: var(--sd-press-enter); font-size: 0.75rem;}
/* Lists (dashboard/lists.py): from 640 px the table, below it cards; the page scrolls whole.
   A desktop browser gets no cards: its tables show at every width. */
@media (min-width: 640px) {[class*="st-key-cards_"] {display: none !important;}}
@media (max-width: 639.98px) {
  body:has([class*="st-key-cards_"]) [class*="st-key-grid_"] {display: none !important;}}
[class*="st-key-card_"] {gap: 0.25rem;}
[class*="st-key-card_"] [data-testid="stText"] {font-size: 0.85rem; color: #4a5568;}
[class*="st-key-cardhead_"] {align-items: center; justify-content: space-between; flex-wrap: nowrap;}
[class*="st-key-cardhead_"] > div:first-child [data-testid="stText"] {font-size: 1rem; font-weight: 600; color: #1a202c;}
[class*="st-key-pill_"] {border-radius: 999px; padding: 0.05rem 0.65rem; flex: 0 0 auto;}
[class*="st-key-pill_"] [data-testid="stText"] {font-size: 0.8rem !important; font-weight: 600; color: #1a202c !important; white-space: nowrap;}
[class*="st-key-pill_bad"] {background: #fbd5d2;}
[class*="st-key-pill_watch"] {background: #fde9b8;}
[class*="st-key-pill_good"] {background: #d6efdc;}
[class*="st-key-pill_none"] {background: #e9edf2;}
/* A completion bar in its light's colour (the word is on the pill beside it). */
[class*="st-key-bar_bad"] [data-testid="stProgressBarTrack"] > div {background-color: #c53030 !important;}
[class*="st-key-bar_watch"] [data-testid="stProgressBarTrack"] > div {background-color: #d69e2e !important;}
[class*="st-key-bar_good"] [data-testid="stProgressBarTrack"] > div {background-color: #2f855a !important;}
/* Filters in force: small chips in a row that wraps. */
[class*="st-key-chips_"] button {min-height: 2rem; padding: 0.1rem 0.6rem;}
@media print {
  [data-testid="stSidebar"], header, [data-testid="stToolbar"] {display: none !important;}
  .block-container {padding: 0 !important;}
  /* Sections are not cut: a heading stays with what follows, small blocks and table rows whole. */
  h1, h2, h3, [data-testid="stElementContainer"]:has(h2, h3) {break-after: avoid; page-break-after: avoid;}
  [data-testid="stElementContainer"]:not(:has(table)), [data-testid="stHorizontalBlock"], tr {
    break-inside: avoid; page-break-inside: avoid;}
  [data-testid="stDownloadButton"] {display: none !important;}
}
</style>
"""


_NOWHERE = contextlib.nullcontext()  # "no container": draw where the caller is


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None or pd.isna(value) else f"{value * 100:.{digits}f}%"


def wan(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else labels.WAN_VALUE.format(value=value)


def day(value: object) -> str:
    return "—" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def scope_text(unit: str | None) -> str:
    """范围：全市, or 范围：<unit> for a unit's view (the header, the sidebar, the exports)."""
    return labels.SCOPE_UNIT.format(unit=unit) if unit else labels.SCOPE_ALL


# Characters Markdown (with GFM, LaTeX and Streamlit's directives) may act on anywhere in a line:
# links, images, emphasis, code, HTML, tables, math, `:red[…]`, entities.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!|<>~$&:@^=.])")
# A '-' is active only where it starts a line (a list item, a setext or thematic break).
_LINE_START_DASH = re.compile(r"^([ \t]*)-", re.MULTILINE)
# GFM links bare URLs and e-mail addresses in the text *after* escapes are read, so a backslash
# does not stop it: a word joiner (U+2060, invisible) breaks "://", "www." and "@<domain>".
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(\\:)(?=//)|(?i:(www))(?=\\\.)|(\\@)")


# a date (and time) with the word before it, in escaped text: words, digits and spaces only
_DATE = re.compile(r"[\u4e00-\u9fff]{0,4} ?\d{4}-\d\d-\d\d(?: \d\d:\d\d)?")


def plain(text: object) -> str:
    """`text` (from an import, a user or the URL) escaped to show as itself in any element that
    renders Markdown (st.header, caption, markdown, info, error, metric, st.table cells, …): every
    active character backslash-escaped and bare URLs broken by an invisible word joiner, so
    nothing becomes a link, image, format or HTML. Ids such as HF-2019-002 and Chinese text are
    unchanged."""
    if text is None:
        return ""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n")
    escaped = _LINE_START_DASH.sub(r"\1\\-", _MARKDOWN_ACTIVE.sub(r"\\\1", lines))
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, escaped)


XLSX = exports.XLSX_MIME


# Streamlit cannot send Set-Cookie headers: a component (st.components.v2, which runs in the page
# itself, no iframe) sets the cookie. The values travel as data, never pasted into the script.
_COOKIE_JS = """
export default function (component) {
  const { name, value, max_age } = component.data;
  // as strict as a page can make it: never sent cross-site, only over HTTPS when served so
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = encodeURIComponent(name) + "=" + encodeURIComponent(value) +
    "; path=/; SameSite=Strict; max-age=" + Number(max_age) + secure;
}
"""
_cookie_setter = None


def set_cookie(name: str, value: str, max_age_s: int) -> None:
    """Set a cookie of this site in the browser (max_age_s 0 deletes it)."""
    global _cookie_setter
    if _cookie_setter is None:
        import streamlit.components.v2 as components

        _cookie_setter = components.component("studiodash_cookie", js=_COOKIE_JS)
    _cookie_setter(
        data={"name": name, "value": value, "max_age": int(max_age_s)},
        key=f"cookie_{name}_{secrets.token_hex(4)}",
        height=0,
    )


def download(
    label: str,
    build: Callable[[], bytes] | bytes,
    file_name: str,
    key: str,
    mime: str = XLSX,
    detail: dict | None = None,
    help: str | None = None,
    kind: str | None = None,
) -> None:
    """The one download button of the app (exports.exported): drawn only for users who may export
    (not 领导, except a kind made for leadership: exports.LEADER_KINDS); the file is built when
    clicked, and each download is audited."""
    user = current_user()
    if not exports.may_export(user, kind):
        return
    con = connection()  # the click is served in another thread, without this session's state

    def file() -> bytes:
        return exports.exported(
            con, user, file_name, build if callable(build) else lambda: build, detail, kind
        )

    st.download_button(
        label,
        file,
        file_name=file_name,
        mime=mime,
        key=key,
        on_click="ignore",
        icon=":material/download:",
        help=help,
    )


def table_height(rows: int, most: int = 20) -> int:
    """Pixels for a table showing up to `most` rows without an inner scroll bar."""
    return 38 + 35 * max(1, min(rows, most))


def _texts_css() -> str:
    """The Chinese the CSS draws over Streamlit's own English (CSS strings, from labels)."""
    texts = {
        "--sd-upload-button": labels.UPLOAD_BUTTON,
        "--sd-upload-limit": labels.UPLOAD_LIMIT.format(mb=settings.get("max_upload_mb")),
        "--sd-press-enter": labels.PRESS_ENTER,
    }
    body = " ".join(f"{k}: {json.dumps(v, ensure_ascii=False)};" for k, v in texts.items())
    return f"<style>:root {{{body}}}</style>"


def top_bar() -> Filters:
    """The as-of date and campaign year, in a compact bar at the top of every page (a phone
    changes them without opening the drawer); returns the choices (also in session state)."""
    st.html(CSS + _texts_css())
    data_as_of = query("as_of_default")["as_of"].iloc[0]
    data_as_of = None if pd.isna(data_as_of) else pd.Timestamp(data_as_of).date()
    unit = scope_unit()
    with st.sidebar:
        st.caption(scope_text(plain(unit) if unit else None))
    if data_as_of is None:
        f = Filters(None, None, unit, None)
        st.session_state["filters"] = f
        return f
    with st.container(horizontal=True, key="topbar", gap="small"):
        as_of = st.date_input(
            labels.SIDEBAR_AS_OF,
            value=data_as_of,
            max_value=data_as_of,
            min_value=dt.date(2000, 1, 1),
            key="as_of",
            format="YYYY-MM-DD",
            help=labels.SIDEBAR_AS_OF_HELP,
            bind="query-params",
            width=170,
        )
        campaigns = query("campaigns", as_of=as_of)
        years = campaigns["campaign_year"].astype(int).tolist()
        default = years.index(int(campaigns.loc[campaigns["is_default"], "campaign_year"].iloc[0]))
        campaign = st.selectbox(
            labels.SIDEBAR_CAMPAIGN,
            years,
            index=default,
            key="campaign",
            format_func=labels.CAMPAIGN_YEAR.format,
            bind="query-params",
            width=170,
        )
    f = Filters(campaign, as_of, unit, data_as_of)
    st.session_state["filters"] = f
    return f


def page_header(title: str, f: Filters) -> None:
    """Title, then one line: 数据截至, campaign, scope, the data's source; a note on sample data."""
    st.title(title)
    if f.as_of is None:
        st.info(labels.NO_DATA)
        st.stop()
    last = query("last_import")
    source = ""
    if not last.empty:
        r = last.iloc[0]
        files = (
            labels.LIST_SEP.join(x["name"] for x in json.loads(r["files"] or "[]"))
            or labels.KIND[r["kind"]]
        )
        source = labels.SOURCE.format(
            at=pd.Timestamp(r["imported_at"]).strftime("%Y-%m-%d %H:%M"), files=files
        )
    scope = scope_text(f.unit)
    replay = labels.REPLAY.format(date=day(f.data_as_of)) if f.as_of != f.data_as_of else ""
    line = " · ".join(
        [
            labels.AS_OF.format(date=day(f.as_of)) + replay,
            labels.CAMPAIGN_OF.format(year=f.campaign),
            scope,
        ]
    )
    # One HTML block of escaped text: no blank line may end it (which would let the rest be
    # read as Markdown), so every run of whitespace in the data becomes one space.
    line, source = (html.escape(" ".join(x.split())) for x in (line, source))
    # a date (and time) is never split at its hyphen across two lines of a phone
    line, source = (
        _DATE.sub(r"<span style='white-space:nowrap'>\g<0></span>", x) for x in (line, source)
    )
    st.markdown(
        f"<div class='page-context' style='color:#555;font-size:0.9rem'>"
        f"<b>{line}</b><br>{source}</div>",
        unsafe_allow_html=True,
    )
    if not last.empty and bool(last["is_sample"].iloc[0]):
        st.warning(labels.SAMPLE_NOTE, icon=":material/info:")


STUDIO_PICK_LIMIT = 500  # studios offered in the picker at once; typing narrows the search


def studio_picker(unit: str | None) -> str | None:
    """The studio of 工作室档案: ?id= in the URL, or searched and picked here (then written to the
    URL, so the address shares it). Only studios of the user's unit are offered."""
    studio_id = (st.query_params.get("id") or "").strip() or None
    lists.back_link()
    with st.container(key="studio_search"):
        search_col, pick_col = st.columns([1, 2])
        text = search_col.text_input(
            labels.STUDIO_SEARCH,
            key="studio_q",
            placeholder=labels.STUDIO_SEARCH_HINT,
            icon=":material/search:",
        )
        found = query(
            "studio_search", q=(text or "").strip() or None, unit=unit, limit=STUDIO_PICK_LIMIT
        )
        names = {
            r.studio_id: labels.STUDIO_OPTION.format(
                id=r.studio_id, name=r.studio_name, unit=r.unit
            )
            for r in found.itertuples()
        }
        options = list(names)
        if studio_id and studio_id not in names:
            options.insert(0, studio_id)
        picked = pick_col.selectbox(
            labels.STUDIO_PICK,
            options,
            key="studio_pick",
            index=options.index(studio_id) if studio_id else None,
            format_func=lambda s: names.get(s, s),
            placeholder=labels.STUDIO_PICK_HINT,
        )
        total = 0 if found.empty else int(found["total"].iloc[0])
        if text and found.empty:
            st.caption(labels.STUDIO_NO_MATCH.format(q=plain(text)))
        elif total > len(found):
            st.caption(labels.STUDIO_PICK_MORE.format(total=total, shown=len(found)))
    if picked and picked != studio_id:
        studio_id = picked
        st.query_params["id"] = picked
    return studio_id


# A judgement's colour (red = bad) behind its word in a table cell: the word carries the meaning,
# the colour only repeats it (nothing depends on an emoji font).
_BAD, _WATCH, _GOOD = "#fbd5d2", "#fde9b8", "#d6efdc"
CELL_TONES = {
    **dict(zip(labels.LIGHT.values(), (_GOOD, _WATCH, _BAD, None), strict=True)),
    **{labels.TIER_LIGHT[t]: tone for t, tone in zip(TIERS, (_BAD, _WATCH, _GOOD), strict=True)},
    **{
        labels.RISK_TIER_NAMES[t]: tone
        for t, tone in zip(TIERS, (_BAD, _WATCH, _GOOD), strict=True)
    },
    **dict(zip(labels.ELIGIBILITY_MARK.values(), (_GOOD, _BAD, _WATCH), strict=True)),
    **dict(zip(labels.ROLL_STATE.values(), (_GOOD, _BAD), strict=True)),
    **dict(zip(labels.HON_PILL.values(), (_GOOD, _WATCH), strict=True)),
    labels.APP_UNIT_ATTENTION: _WATCH,
    labels.COL_LATE: _BAD,  # an applicant's card: came after the deadline
    # an inspection's 结论 (工作室档案's cards)
    **dict(zip(CONCLUSIONS, (_GOOD,) * 3 + (_BAD,), strict=True)),
}
# The same judgement as a card's pill (CSS classes pill_bad, pill_watch, pill_good in CSS).
TONE_OF = {
    word: {_BAD: "bad", _WATCH: "watch", _GOOD: "good"}[tone]
    for word, tone in CELL_TONES.items()
    if tone
}


def dashed(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with — for every missing value, as its cells are read back (AppTest, a test of
    what a table holds), not only as ui.grid draws them."""
    return frame.astype(object).where(frame.notna(), labels.MISSING)


def grid(data: object, **kwargs: object) -> object:
    """st.dataframe, the one place tables are drawn: no index, and a missing value shown as —
    (Streamlit's own placeholder is the English "None")."""
    kwargs.setdefault("hide_index", True)
    return st.dataframe(data, placeholder=labels.MISSING, **kwargs)


def toned(frame: pd.DataFrame, columns: list[str], config: dict) -> tuple[pd.DataFrame, dict]:
    """The frame and its column config with each judgement word in `columns` drawn as a pill on
    its colour (a read-only multiselect column; the cell holds [word]). Cheaper than a pandas
    Styler, which renders every cell of the table again on every run; a cell's label, width
    and pinning in `config` are kept."""
    columns = [c for c in columns if c in frame.columns]
    config = dict(config)
    for column in columns:
        words = sorted({v for v in frame[column] if isinstance(v, str) and v})
        given = config.get(column)
        given = {"label": given} if isinstance(given, str) else dict(given or {})
        config[column] = st.column_config.MultiselectColumn(
            given.get("label", column),
            width=given.get("width"),
            pinned=given.get("pinned"),
            options=words,
            color=[_tone(w) for w in words] or None,
        )
    cells = {c: [[v] if isinstance(v, str) and v else [] for v in frame[c]] for c in columns}
    return frame.assign(**cells), config


def _tone(word: str) -> str:
    """A judgement word's cell colour: red for a 同比 decline, none for a word without one."""
    if word.startswith(labels.YOY_DOWN_MARK):
        return _BAD
    return CELL_TONES.get(word) or _NO_TONE


_NO_TONE = "rgba(0, 0, 0, 0)"


def show_table(
    table: tuple[pd.DataFrame, dict],
    key: str,
    pinned: str | None = None,
    studio_ids: pd.Series | None = None,
    order: list[str] | None = None,
    most: int = 15,
    tones: list[str] | None = None,
    cards: list[lists.Card] | None = None,
    total: int | None = None,
    more: str = labels.CARDS_MORE,
) -> None:
    """A table as the export writes it (frame, {column: format}), drawn with the same formats:
    万元 with 2 decimals, % as percent, dates YYYY-MM-DD; with studio_ids, a link to each file
    after the pinned column; the judgement words of the `tones` columns on their colour. With
    `cards`, a phone sees those instead (dashboard/lists.py), with `total` (by default the
    table's rows) as how many the list holds, and `more` saying how to reach the rest."""
    frame, formats = table
    shown = frame.assign(**{c: frame[c] * 100 for c, kind in formats.items() if kind == "pct"})
    config = {c: _COLUMN_FORMATS[kind]() for c, kind in formats.items() if kind in _COLUMN_FORMATS}
    if pinned:
        config[pinned] = st.column_config.TextColumn(pinned=True)
    if studio_ids is not None:
        back = lists.here()
        urls = [exports.studio_url(s, back) for s in studio_ids]
        shown = shown.assign(**{labels.COL_FILE: urls})
        config[labels.COL_FILE] = st.column_config.LinkColumn(display_text=labels.OPEN_FILE)
        if order is None:
            rest = [c for c in frame.columns if c != pinned]
            order = [pinned, labels.COL_FILE, *rest] if pinned else [labels.COL_FILE, *rest]
    with st.container(key=f"grid_{key}") if cards is not None else _NOWHERE:
        shown, config = toned(shown, tones or [], config)
        grid(
            shown,
            key=key,
            height=table_height(len(shown), most=most),
            column_order=order,
            column_config=config,
        )
    if cards is not None:
        lists.show_cards(cards, key, TONE_OF, len(frame) if total is None else total, more)


_COLUMN_FORMATS = {
    "wan": lambda: st.column_config.NumberColumn(format="accounting"),
    "pct": lambda: st.column_config.NumberColumn(format="%.1f%%"),
    "date": lambda: st.column_config.DateColumn(format="YYYY-MM-DD"),
}


# --- idioms several pages share ----------------------------------------------------------------
def chart(
    figure: charts.Chart | Callable[[], charts.Chart],
    key: str,
    note: str | None = None,
    kept: tuple | None = None,
) -> None:
    """A chart (charts.py) as every page draws it: full width, as SVG (its text stays text when
    printed), without Streamlit's toolbar; a note, when given, is a caption above it. With `kept`
    (everything the chart shows beyond the data version: the query parameters and the page's
    choices), `figure` is its builder, called once per kept key and data version (state.kept)
    rather than on every run."""
    if note:
        st.caption(note)
    if kept is not None:
        figure = state.kept(f"chart:{key}", kept, figure)
    elif callable(figure):
        figure = figure()
    st.echarts_chart(
        figure.option, key=key, height=figure.height, renderer="svg", theme=None, alt=figure.alt
    )


def metrics(cells: list[dict], per_row: int = 4) -> None:
    """KPI cards, `per_row` to a row; each cell holds st.metric's arguments (label, value, …)."""
    for n, cell in enumerate(cells):
        if n % per_row == 0:
            row = st.columns(per_row)
        row[n % per_row].metric(**cell)


def pick(
    label: str, options: list, key: str, placeholder: str, bind: str | None = None
) -> object | None:
    """A selectbox that starts empty, showing `placeholder`; bind="query-params" puts it in the
    URL."""
    return st.selectbox(label, options, index=None, key=key, placeholder=placeholder, bind=bind)


def unit_kind_filter(
    units: pd.DataFrame, key: str, required: bool = False, wrap: bool | None = None
) -> tuple[pd.DataFrame, str | None]:
    """全部 or one of the unit kinds present; the rows of that kind, and the kind (None: 全部).
    No choice where all the units are of one kind (a unit user's own unit)."""
    present = set(units["unit_kind"])
    kinds = [k for k in UNIT_KINDS if k in present]
    if len(kinds) < 2 and units["unit_kind"].notna().all():
        return units, None
    kind = st.segmented_control(
        labels.F_KINDS,
        [labels.ALL, *kinds],
        default=labels.ALL,
        required=required,
        wrap=wrap,
        key=key,
    )
    if not kind or kind == labels.ALL:
        return units, None
    return units[units["unit_kind"] == kind], kind


def count_caption(total: int, shown: int, text: str, capped: str) -> None:
    """How many rows match: `text` when all are drawn, else `capped` (both take total, shown)."""
    st.caption((text if total == shown else capped).format(total=total, shown=shown))


def studio_list(
    frame: pd.DataFrame,
    key: str,
    studio_ids: pd.Series,
    column_config: dict,
    column_order: list[str] | None = None,
    tones: list[str] | None = None,
    cards: list[lists.Card] | None = None,
    total: int | None = None,
    more: str = labels.CARDS_MORE,
) -> None:
    """A table of studios, one row each (studio_ids in row order); picking a row opens that
    studio's file (工作室档案), which links back here; the judgement words of the `tones` columns
    on their colour. With `cards`, a phone sees those instead (dashboard/lists.py), with `total`
    (by default the table's rows: pass the count before a cap) as how many match, and `more`
    saying how to reach the rest."""
    with st.container(key=f"grid_{key}") if cards is not None else _NOWHERE:
        frame, column_config = toned(frame, tones or [], column_config)
        picked = grid(
            frame,
            key=key,
            on_select="rerun",
            selection_mode="single-row",
            height=table_height(len(frame), most=15),
            column_order=column_order,
            column_config=column_config,
        )
    if cards is not None:
        lists.show_cards(cards, key, TONE_OF, len(frame) if total is None else total, more)
    if picked and picked.selection.rows:
        studio_id = studio_ids.iloc[picked.selection.rows[0]]
        st.switch_page(lists.STUDIO_PAGE, query_params={"id": studio_id, "back": lists.here()})


def confirm(key: str, ask: str, question: str, yes: str) -> bool:
    """A two-step action: the button `ask` shows `question` (plain text, escaped by the caller)
    with `yes` and 取消; True on the run where `yes` was clicked."""
    if st.button(ask, key=f"{key}_ask"):
        st.session_state[f"{key}_asking"] = True
    if not st.session_state.get(f"{key}_asking"):
        return False
    st.warning(question)
    left, right = st.columns(2)
    if left.button(yes, type="primary", key=f"{key}_yes"):
        st.session_state.pop(f"{key}_asking")
        return True
    if right.button(labels.CANCEL, key=f"{key}_no"):
        st.session_state.pop(f"{key}_asking")
        st.rerun()
    return False


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit log (queries/schema/audit_recent.sql) as 用户与审计 shows it: actions and
    details in Chinese words, the columns' Chinese names."""
    actions = {**labels.AUDIT_ACTIONS, **labels.AUDIT_ACTIONS_ACCOUNTS}
    return audit.assign(
        action=audit["action"].map(actions).fillna(audit["action"]),
        detail=audit["detail"].map(audit_text),
        username=audit["username"].fillna(labels.MISSING),
    ).rename(columns=labels.AUDIT_COLUMNS)


def account_cards(users: pd.DataFrame) -> list[lists.Card]:
    """The accounts (queries/schema/users_list.sql) as a phone's cards: the name, the role on the
    pill, the unit, failed logins and lock, when it was made (and whether it is a demo one)."""
    cards = []
    for row in users.head(lists.MAX_CARDS).to_dict("records"):
        unit = row["unit"] if isinstance(row["unit"], str) else ""
        facts = [labels.ACCOUNT_UNIT.format(unit=unit)] if unit else []
        trouble = (
            [labels.ACCOUNT_FAILED.format(n=row["failed_logins"])] if row["failed_logins"] else []
        )
        if not pd.isna(row["locked_until"]):
            trouble.append(labels.ACCOUNT_LOCKED.format(time=row["locked_until"]))
        facts += [labels.FACT_SEP.join(trouble)] if trouble else []
        made = [labels.ACCOUNT_CREATED.format(time=row["created_at"])]
        facts.append(
            labels.FACT_SEP.join(made + [labels.USER_COLUMNS["is_demo"]] * bool(row["is_demo"]))
        )
        cards.append(lists.Card(row["username"], row["role"], facts))
    return cards


def audit_cards(table: pd.DataFrame) -> list[lists.Card]:
    """The audit log as drawn (audit_table) as a phone's cards: time, the action on the pill, who,
    and the detail in words."""
    c = labels.AUDIT_COLUMNS
    cards = []
    for row in table.head(lists.MAX_CARDS).to_dict("records"):
        facts = [labels.AUDIT_CARD_USER.format(user=row[c["username"]])]
        facts += [row[c["detail"]]] if row[c["detail"]] != labels.MISSING else []
        title = labels.AUDIT_CARD_TIME.format(time=row[c["logged_at"]])
        cards.append(lists.Card(title, row[c["action"]], facts))
    return cards


def audit_text(detail: object) -> str:
    """An audit entry's detail (JSON of the action's facts) as Chinese words."""
    if detail is None or (isinstance(detail, float) and pd.isna(detail)):
        return labels.MISSING
    try:
        facts = json.loads(str(detail))
    except ValueError:
        facts = str(detail)
    if isinstance(facts, str):  # older entries: a short English phrase
        if facts.startswith(labels.AUDIT_ATTEMPT_OLD):
            facts = {"attempt": facts[len(labels.AUDIT_ATTEMPT_OLD) :]}
        else:
            return labels.AUDIT_REASONS.get(facts, facts)
    if not isinstance(facts, dict):
        return str(facts)

    def value(key: str, v: object) -> str:
        if key == "reason":
            return labels.AUDIT_REASONS.get(str(v), str(v))
        if isinstance(v, dict):
            return labels.LIST_SEP.join(f"{k} {n}" for k, n in v.items())
        if isinstance(v, list):
            return labels.LIST_SEP.join(str(x) for x in v)
        return labels.MISSING if v is None else str(v)

    def fact(key: str, v: object) -> str:
        name, text = labels.AUDIT_KEYS.get(key, key), value(key, v)
        if text.startswith(name):  # names itself (an export's 范围：…, 筛选条件：…)
            return text
        return labels.WHERE_DETAIL.format(where=name, detail=text)

    return labels.REASON_SEP.join(fact(k, v) for k, v in facts.items())


def choose_many(label: str, options: list, key: str, **kwargs: object) -> list:
    """A multiselect in Chinese: 请选择 as its hint, no Streamlit "Select all" (none picked
    means all)."""
    kwargs.setdefault("placeholder", labels.CHOOSE)
    return st.multiselect(label, options, key=key, select_all=False, **kwargs)


def favicon() -> object:
    """The tab's icon, drawn here (three bars in the theme's blue): an emoji needs an emoji font,
    and a Material icon as favicon is fetched from Google's servers."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((14, 22, 30)):
        draw.rectangle((2 + i * 10, 31 - height, 9 + i * 10, 31), fill=(43, 108, 176, 255))
    return image
