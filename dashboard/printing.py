"""A page printed on A4 (工作室档案): the print stylesheet and the 打印 button.

Printed, the page loses Streamlit's chrome (sidebar, header toolbar, top decoration, buttons) and
flows from page to page: Streamlit's own print style keeps every row of columns whole, which leaves
most of a page blank before a tall row; here a row of sections may break, and each heading stays
with what follows it. Every printed page carries 数据截至 and 打印时间 at its top and its number at
its foot in CSS page-margin boxes (Chromium ≥ 131). ECharts draws a chart at the width of the
screen, wider than the paper: on screen nothing changes, but before any printing (`beforeprint`:
the 打印 button, Ctrl+P, a PDF print) a script mounted with the button measures each chart, and
the print style zooms it to the page width, so no point is cut off; it also writes the browser's
clock into 打印时间 (the server's time of drawing the page stands until then).

Only our own text goes into the CSS (labels, dates, the time), each quoted as a CSS string.
"""

from __future__ import annotations

import datetime as dt
import re

from . import labels

# A4 portrait; the top and bottom margins hold the print header and the page numbers.
PAGE = "A4 portrait"
MARGINS_MM = (16, 12, 14, 12)  # top, right, bottom, left
PAGE_WIDTH_MM = 210
# The printed width in CSS pixels (96 to the inch): a chart wider than this is zoomed down to it.
PRINT_WIDTH_PX = int((PAGE_WIDTH_MM - MARGINS_MM[1] - MARGINS_MM[3]) * 96 / 25.4)
# The header's faces: the app's own, then a Simplified Chinese one wherever the reader's system has it
FONTS = '"Source Sans", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: quotes, backslashes, angle brackets and control characters
    written as CSS escapes, so no text can end the string, the rule or the style element."""
    escaped = "".join(c if c.isprintable() and c not in '\\"<>' else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def page_numbers(template: str) -> str:
    """A label with {page} and {pages} as the CSS content of a page-margin box."""
    parts = re.split(r"\{(pages|page)\}", template)
    return " ".join(
        f"counter({part})" if n % 2 else css_string(part) for n, part in enumerate(parts) if part
    )


def stylesheet(title: str, as_of: dt.date, printed_at: dt.datetime | None = None) -> str:
    """The print style of a page titled `title` showing data as of `as_of`; 打印时间 is
    `printed_at` (now) until the button's script writes the browser's time at printing."""
    printed_at = printed_at or dt.datetime.now()
    header = labels.PRINT_HEADER.format(page=title, date=as_of.strftime("%Y-%m-%d"))
    printed = labels.PRINT_TIME.format(time=printed_at.strftime("%Y-%m-%d %H:%M"))
    top, right, bottom, left = MARGINS_MM
    chrome = ", ".join(
        f'[data-testid="{x}"]'
        for x in (
            "stSidebar",
            "stSidebarCollapsedControl",
            "stHeader",
            "stToolbar",
            "stDecoration",
            "stStatusWidget",
            "stButton",
            "stDownloadButton",
            "stIconMaterial",
            "stAlertDynamicIcon",
            # the widgets (the top bar's 数据截至 and campaign, the studio picker): the print header
            # and the page's own first lines say what they chose
            "stDateInput",
            "stSelectbox",
            "stTextInput",
        )
    )
    box = f"font-family: {FONTS}; font-size: 8pt; color: #6b7785;"
    return f"""<style>
@page {{
  size: {PAGE};
  margin: {top}mm {right}mm {bottom}mm {left}mm;
  @top-left {{content: {css_string(header)}; {box}}}
  @top-right {{content: {css_string(printed)}; {box}}}
  @bottom-center {{content: {page_numbers(labels.PRINT_PAGES)}; {box}}}
}}
@media print {{
  {chrome}, .st-key-topbar, .st-key-print_actions {{display: none !important;}}
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    background: #fff !important; margin: 0 !important; padding: 0 !important;
    height: auto !important; overflow: visible !important;}}
  html {{font-size: 14px !important;}}  /* 10.5pt: the usual size of Chinese body text on paper */
  [data-testid="stMainBlockContainer"] {{max-width: {PRINT_WIDTH_PX}px !important;
    padding: 0 !important; margin: 0 !important;}}
  /* a row of sections may break between pages (Streamlit keeps every row whole) */
  [data-testid="stHorizontalBlock"]:has([data-testid="stHeading"]) {{
    break-inside: auto !important;}}
  /* a heading, and the sentence under it, stay with what follows */
  [data-testid="stElementContainer"]:has(> [data-testid="stHeading"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stCaptionContainer"]) {{
    break-after: avoid !important; break-inside: avoid !important;}}
  /* Streamlit keeps every element whole: long lists and tables flow on, a line or row whole */
  [data-testid="stElementContainer"]:has(> [data-testid="stHtml"]),
  [data-testid="stElementContainer"]:has([data-testid="stTable"]) {{
    break-inside: auto !important;}}
  [data-testid="stElementContainer"]:has([data-testid="stEChartsChart"]),
  [data-testid="stElementContainer"]:has([data-testid="stAlert"]),
  [data-testid="stMetric"], tr {{break-inside: avoid !important;}}
  thead {{display: table-header-group;}}
  /* a table's short cells (dates, ids, verdicts, counts) stay on one line; its long text (what
     to put right, an outcome's title and social benefit, the inspectors) wraps */
  [data-testid="stTable"] td p {{white-space: nowrap !important;}}
  [data-testid="stTable"] th, [data-testid="stTable"] td {{font-size: 0.8rem;}}
  /* a header breaks between words, not inside one (before a bracketed unit it may) */
  [data-testid="stTable"] th p {{word-break: keep-all !important;}}
  .st-key-wide_inspections td:is(:nth-child(5), :nth-child(10)) p,
  .st-key-wide_outcomes td:is(:nth-child(1), :nth-child(10)) p {{white-space: normal !important;}}
  [data-testid="stEChartsChart"] {{zoom: var(--sd-print-zoom, 1);}}
  [data-testid="stElementContainer"]:has([data-testid="stEChartsChart"]),
  [data-testid="stFullScreenFrame"]:has([data-testid="stEChartsChart"]) {{
    max-height: var(--sd-print-height, none);}}  /* as tall as the zoomed chart: no gap below */
}}
</style>"""


_BUTTON_HTML = (
    "<button type='button' title='{help}'><svg viewBox='0 0 24 24' aria-hidden='true'>"
    # Material Design's "print" icon (Apache 2.0), drawn here: no icon font to load
    "<path d='M19 8H5c-1.66 0-3 1.34-3 3v6h4v4h12v-4h4v-6c0-1.66-1.34-3-3-3zm-3 11H8v-5h8v5zm3-7"
    "c-.55 0-1-.45-1-1s.45-1 1-1 1 .45 1 1-.45 1-1 1zm-1-9H6v4h12V3z'/></svg>{label}</button>"
)
_BUTTON_CSS = """
button {display: inline-flex; align-items: center; gap: 0.4rem; min-height: 2.5rem;
  padding: 0.25rem 0.75rem; font-family: inherit; font-size: 0.875rem; color: inherit;
  cursor: pointer;
  background: var(--st-background-color, #fff);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2));
  border-radius: var(--st-base-radius, 0.5rem);}
button:hover, button:focus-visible {border-color: var(--st-primary-color, #2b6cb0);
  color: var(--st-primary-color, #2b6cb0);}
svg {width: 1rem; height: 1rem; fill: currentColor;}
"""
# Runs in the page (components v2 mount no iframe). On `beforeprint`, which the print dialog and
# a PDF print both send (script is paused while the pages are laid out): each chart's zoom to the
# printed width and its height so zoomed, and the time of printing; on `afterprint` the zoom goes.
_BUTTON_JS = """
function prepare() {
  let style = document.getElementById("studiodash-print-time");
  if (!document.querySelector(".st-key-print_actions")) {  // another page of the app: not ours
    if (style) style.remove();
    return;
  }
  const { width, printed } = window.__studiodashPrint;
  for (const chart of document.querySelectorAll('[data-testid="stEChartsChart"]')) {
    // the size ECharts drew at (its SVG's), not the box on screen, which a zoom already shrinks
    const drawn = chart.querySelector("svg");
    if (!drawn) continue;
    const px = parseFloat(drawn.getAttribute("width")) || 0;
    const zoom = px > width ? width / px : 1;
    const box = chart.closest('[data-testid="stElementContainer"]') || chart;
    box.style.setProperty("--sd-print-zoom", String(zoom));
    const tall = parseFloat(drawn.getAttribute("height")) || 0;
    box.style.setProperty("--sd-print-height", tall * zoom + "px");
  }
  const now = new Date();
  const two = (n) => String(n).padStart(2, "0");
  const time = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate()) +
    " " + two(now.getHours()) + ":" + two(now.getMinutes());
  if (!style) {
    style = document.createElement("style");
    style.id = "studiodash-print-time";
  }
  document.body.appendChild(style);  // last in the document: it wins over the page's own rule
  style.textContent = "@page { @top-right { content: " +
    JSON.stringify(printed.replace("{time}", time)) + "; } }";
}

// After printing, and never while the page is live: a chart's box that changed size under the
// print media (a page laid out for print, as a test does) would make Streamlit redraw the chart.
function unzoom() {
  for (const box of document.querySelectorAll('[data-testid="stElementContainer"]')) {
    box.style.removeProperty("--sd-print-zoom");
    box.style.removeProperty("--sd-print-height");
  }
}

export default function (component) {
  const { data, parentElement } = component;
  if (!window.__studiodashPrint) {
    window.addEventListener("beforeprint", prepare);
    window.addEventListener("afterprint", unzoom);
  }
  window.__studiodashPrint = data;
  parentElement.querySelector("button").onclick = () => window.print();
}
"""
_button = None


def print_button() -> None:
    """The 打印 button: the browser's print dialog for this page (print or save as PDF)."""
    global _button
    if _button is None:
        import html

        import streamlit.components.v2 as components

        _button = components.component(
            "studiodash_print",
            html=_BUTTON_HTML.format(
                label=html.escape(labels.PRINT), help=html.escape(labels.PRINT_HELP, quote=True)
            ),
            css=_BUTTON_CSS,
            js=_BUTTON_JS,
        )
    _button(
        key="print", data={"width": PRINT_WIDTH_PX, "printed": labels.PRINT_TIME}, width="content"
    )
