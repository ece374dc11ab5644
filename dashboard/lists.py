"""Lists a person can read on a phone and come back to.

* The filters in force, as chips above the results (each removable) with 清除筛选: a shared link
  opened by someone else says what it shows, the filter expander closed or not.
* Below 640 px a list of studios (or units) is drawn as cards — name, the judgement as a
  coloured pill with its word, the key figures, a tap to the file — and the page scrolls as a
  whole; from 640 px the table is shown. Both are sent, CSS shows one (ui.CSS); but a browser
  that says it is a desktop one gets the table alone (`wants_cards`): 30 hidden cards are some
  150 elements its tab would build for nothing, 0.1–0.3 s of a page's load.
* A studio's file opened from a list links back to exactly that list: the link carries the
  list's address (`back`), which the file checks against the app's own pages before offering it.

No data becomes Markdown or HTML: names and values are drawn by st.text, or escaped (ui.plain).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import streamlit as st

from . import labels

MAX_CARDS = 30  # cards drawn on a phone; the count says how many match, the export holds all
# What a browser's User-Agent says on a phone or a tablet (Streamlit's own frontend reads it so,
# to close the navigation after a choice)
_MOBILE_AGENT = re.compile(r"Mobi|Android|iPhone|iPad|iPod")
STUDIO_PAGE = "views/studio.py"
# The pages a studio's file may link back to (their URL paths, dashboard/app.py), and the
# form of the address: a path of ours and a query string, nothing that leaves the site.
# URL path -> page file ("" is the default page, 创建进度, at /).
BACK_PAGES = {
    "": "progress",
    "benefits": "benefits",
    "explore": "explore",
    "applications": "applications",
    "honours": "honours",
    "risk": "risk",
}
_BACK = re.compile(rf"^/({'|'.join(p for p in BACK_PAGES if p)})?(\?[^#\s]*)?$")


@dataclass(frozen=True)
class Chip:
    key: str  # the widget's key (and its URL parameter)
    name: str  # the filter, e.g. 风险等级
    text: str  # what is chosen, in words ("" for a yes/no filter)
    empty: object  # the widget's value with nothing chosen


def chips(filters: list[tuple]) -> list[Chip]:
    """The filters in force among (widget key, filter name, value chosen[, the widget's value
    with nothing chosen: by default [] for a list, False for a yes/no, "" for text])."""
    out = []
    for key, name, value, *empty in filters:
        if value is None or value is False or value == "" or value == []:
            continue
        if isinstance(value, bool):
            chip = Chip(key, name, "", False)
        elif isinstance(value, list | tuple):
            chip = Chip(key, name, labels.LIST_SEP.join(str(v) for v in value), [])
        else:
            chip = Chip(key, name, str(value), "" if isinstance(value, str) else None)
        out.append(Chip(chip.key, chip.name, chip.text, empty[0]) if empty else chip)
    return out


def chip_text(chip: Chip) -> str:
    return labels.CHIP.format(name=chip.name, text=chip.text) if chip.text else chip.name


def describe(active: list[Chip]) -> str:
    """The filters in words, for an export's title rows: 筛选条件：风险等级=高；… (or 无)."""
    return labels.FILTERS_LINE.format(
        filters=labels.FILTER_SEP.join(chip_text(c) for c in active) or labels.NO_FILTERS
    )


def _clear(pairs: list[tuple[str, object]]) -> None:
    for key, empty in pairs:
        st.session_state[key] = empty


def show_chips(active: list[Chip], key: str) -> None:
    """The chips of the filters in force, each removing its filter, then 清除筛选."""
    if not active:
        return
    from .ui import plain  # ui imports this module

    with st.container(horizontal=True, key=f"chips_{key}", gap="small"):
        for chip in active:
            st.button(
                plain(chip_text(chip)),
                key=f"chip_{key}_{chip.key}",
                icon=":material/close:",
                help=labels.CHIP_REMOVE,
                on_click=_clear,
                args=([(chip.key, chip.empty)],),
            )
        st.button(
            labels.F_CLEAR,
            key=f"chips_{key}_clear",
            type="tertiary",
            on_click=_clear,
            args=([(c.key, c.empty) for c in active],),
        )


# --- cards ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Card:
    title: str  # the studio's (or unit's) name
    pill: str  # the judgement word: a tier, a light, an eligibility
    facts: list[str] = field(default_factory=list)  # short lines: score, unit, the top reason
    studio_id: str | None = None  # the file a tap opens
    share: float | None = None  # a 完成率 bar (0..1), coloured like the pill
    share_text: str = ""
    tone: str | None = None  # the pill's bad/watch/good when its word alone does not say it


def here() -> str:
    """This page's address (path and query string): what a studio's file links back to."""
    path = st.session_state.get("page_path", "")
    query = urllib.parse.urlencode(
        [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    )
    return f"/{path}" + (f"?{query}" if query else "")


def back_target(back: str | None) -> tuple[str, dict] | None:
    """The page file and query of a `back` address, when it is one of our lists (else None)."""
    if not back or not _BACK.match(back):
        return None
    path, _, query = back[1:].partition("?")
    return f"views/{BACK_PAGES[path]}.py", urllib.parse.parse_qs(query)  # u=A&u=B: both kept


def wants_cards(headers: Mapping[str, str]) -> bool:
    """False for a browser that says it is a desktop one; True for a phone or a tablet (its
    User-Agent, or the client hint Sec-CH-UA-Mobile: ?1), and when it does not say. A desktop
    window narrowed below 640 px shows the table, scrolling sideways inside it."""
    if headers.get("Sec-CH-UA-Mobile") == "?1":
        return True
    agent = headers.get("User-Agent") or ""
    return not agent or bool(_MOBILE_AGENT.search(agent))


def show_cards(
    cards: list[Card],
    key: str,
    tone_of: dict[str, str],
    total: int | None = None,
    more: str = labels.CARDS_MORE,
) -> None:
    """The cards (at most MAX_CARDS), for phones; `tone_of`: pill word -> bad/watch/good;
    `total`: how many rows the list has, when the caller built cards for its head only (a card
    costs a dict per row: build at most MAX_CARDS), said under the cards by `more` (one of
    labels.CARDS_MORE*: what the list offers to reach the rest). Nothing for a desktop browser
    (wants_cards)."""
    if not wants_cards(st.context.headers):
        return
    shown = cards[:MAX_CARDS]
    total = len(cards) if total is None else total
    back = here()
    with st.container(key=f"cards_{key}"):
        for i, card in enumerate(shown):
            tone = card.tone or tone_of.get(card.pill, "none")
            with st.container(border=True, key=f"card_{key}_{i}"):
                with st.container(horizontal=True, key=f"cardhead_{key}_{i}"):
                    st.text(card.title)
                    if card.pill:
                        st.container(key=f"pill_{tone}_{key}_{i}", width="content").text(card.pill)
                if card.share is not None:
                    with st.container(key=f"bar_{tone}_{key}_{i}"):
                        st.progress(min(max(card.share, 0.0), 1.0), text=card.share_text)
                for fact in card.facts:
                    st.text(fact)
                if card.studio_id:
                    st.page_link(
                        STUDIO_PAGE,
                        label=labels.OPEN_FILE,
                        icon=":material/folder_open:",
                        query_params={"id": card.studio_id, "back": back},
                    )
        if total > len(shown):
            st.caption(more.format(shown=len(shown), total=total))


def back_link() -> None:
    """返回列表 on a studio's file opened from a list: to exactly that list (its address)."""
    target = back_target(st.query_params.get("back"))
    if target:
        st.page_link(
            target[0],
            label=labels.BACK_TO_LIST,
            icon=":material/arrow_back:",
            query_params=target[1],
        )


def come_back(path: str) -> None:
    """Restore a list's own address when the browser's back button returns to it from a file.

    Opening a file from a list, Streamlit records the file's query (id, back) on the list's
    address before moving on, so going back lands on /explore?id=…&back=… with the list's
    filters gone. `back` still holds the list's address: put its query in place, and run again
    before the page draws its (URL-bound) filters."""
    back = st.query_params.get("back")
    if "id" not in st.query_params or not back or path not in BACK_PAGES:
        return
    target = back_target(back)
    if target and target[0] == f"views/{BACK_PAGES[path]}.py":
        st.query_params.from_dict(target[1])
        st.rerun()  # before the page's filters exist: the next run creates them from the URL
