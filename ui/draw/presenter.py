"""Presenter mode and sharing: large type, a QR code of the current view, the link to paste.

Only constant CSS written here is ever injected as HTML; no data goes through it.
"""

from __future__ import annotations

import base64
import functools
import io
from urllib.parse import quote

import segno
import streamlit as st

from ui.text.format import md
from ui.draw.widgets import TABLE_KEY

QR_KEY = "mme-qr"  # st.container(key=...) -> the CSS class st-key-mme-qr
PAGE_KEY = "mme-page"  # dashboard.py runs every page (and the presenter's share block) in this container
BAR_KEY = "mme-bar"  # dashboard.py's row above the page: the "Share & present" menu
QR_SIZE = 168  # px: a corner block, readable by a phone from the back of a room at 1080p
EDGE = 24  # px: the presenter's left margin
RIGHT = QR_SIZE + 48  # px: the presenter's right margin, kept free for the QR corner block

# Presenter mode, designed for a shared screen of 1280x720 first (and 1920x1080): every text at least
# 24 px (tables, pickers, navigation, captions), captions in the full text colour (contrast >= 4.5:1),
# less padding so the data starts on the first screen, and the QR code fixed in the bottom-right
# corner, outside the content column (which keeps a margin for it), so it never covers data.
#
# Only public handles: HTML elements, plotly's .js-plotly-plot, and the st-key-<key> classes that
# st.container(key=...) documents (never Streamlit's test ids or its own st* classes, which any
# upgrade may rename). The top padding comes from theme.paddingTop (.streamlit/config.toml), the
# gap between the page's elements from st.container(gap=...) in dashboard.py.
# - The page column spans the viewport minus the margins ("full bleed": 50% - 50vw is minus the
#   left offset of a centred column, whatever padding Streamlit gives its main column).
# - A caption is a text block faded with opacity (not a colour): a text block (a div holding
#   paragraphs) gets full opacity, and may overflow (no clipped text, no unfocusable scroll region).
# - Static tables (st.table) take their column's width in equal columns whose cells wrap (anywhere), so a table fits
#   its column at 24 px instead of scrolling sideways.
PAGE = f".st-key-{PAGE_KEY}"
COLUMN = f"{PAGE}, .st-key-{BAR_KEY}"
TABLE = f'{PAGE} [class*="st-key-{TABLE_KEY}"]'  # ui/widgets.static_table: st.table, not a markdown table
QR = f".st-key-{QR_KEY}"
PRESENT_CSS = f"""
<style>
body :where(*:not(.js-plotly-plot *):not(svg *)) {{ font-size: max(24px, 1em) !important; }}
{PAGE} h1 {{ font-size: 40px !important; }}
{PAGE} h2 {{ font-size: 34px !important; padding: 0.2rem 0 !important; }}
{PAGE} h3 {{ font-size: 30px !important; padding: 0.2rem 0 !important; }}
{COLUMN} {{ width: calc(100vw - {EDGE + RIGHT}px) !important; max-width: none !important;
  margin-left: calc(50% - 50vw + {EDGE}px) !important; }}
{PAGE} div:has(> :is(p, ul, ol, table)) {{ opacity: 1 !important; overflow: visible !important; }}
{PAGE} p, {PAGE} li {{ line-height: 1.3 !important; }}
{TABLE} table {{ table-layout: fixed !important; width: 100% !important; }}
{TABLE} :is(td, th) {{ padding: 0.25rem 0.6rem !important; line-height: 1.25 !important; }}
{TABLE} :is(td, th, td *, th *) {{ white-space: normal !important; overflow-wrap: anywhere !important; }}
{QR} {{ position: fixed !important; right: 12px; bottom: 12px; width: {QR_SIZE + 16}px !important; z-index: 999990;
  gap: 0 !important; padding: 8px; background: #FFFFFF; border: 1px solid #5A5F6B; border-radius: 8px; }}
{QR} div {{ margin-bottom: 0 !important; }}
{QR} img {{ width: {QR_SIZE}px !important; max-width: none !important; height: {QR_SIZE}px !important; }}
{QR} p {{ text-align: center; margin: 0 !important; line-height: 1.1 !important; color: #000000 !important; }}
</style>
"""


def apply_css() -> None:
    """Presenter mode's constant CSS (no data in it). Only in presenter mode: st.html loads a script file.

    The always-on look (top padding; multiselect chips white on #0072B2, 5.2:1, in both themes: the
    dark theme's primary colour) is theme options in .streamlit/config.toml, static for every session.
    """
    st.html(PRESENT_CSS)


@functools.lru_cache(maxsize=256)  # every rerun of every viewer asks again; encoding takes ~25 ms
def qr_png(url: str, scale: int = 6) -> bytes:
    """PNG bytes of a QR code for `url` (segno is pure Python: works offline, no image libs)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=scale, border=2, dark="#000000", light="#FFFFFF")
    return buf.getvalue()


def _qr_or_none(url: str, scale: int) -> bytes | None:
    """A QR code holds at most ~3 kB: a longer link (a very long search, say) gets none rather than an error."""
    try:
        return qr_png(url, scale=scale)
    except segno.DataOverflowError:
        return None


def link(url: str) -> None:
    """The share link as a plain link showing its own address: right-click to copy, or select the text.

    Not st.code: its copy button pulls in a 1.5 MB syntax highlighter on every page's first load.
    The query is percent-encoded by state.share_url; the address part comes from the browser, so
    anything that could end or bend a markdown link target (parentheses, spaces, angle brackets,
    quotes) is percent-encoded here too. The visible text is escaped like any other text.
    """
    target = quote(url, safe=":/?&=%#+,;@~._-")
    if not target.lower().startswith(("http://", "https://")):
        st.caption(md(url))
        return
    st.markdown(f"[{md(url)}]({target})")


def share_block(url: str, present: bool) -> None:
    """The link and its QR code: a small fixed corner block for presenters (on every page and state,
    empty ones too: dashboard.py draws it after the page), compact in the "Share & present" menu otherwise."""
    if present:
        with st.container(key=QR_KEY):
            png = _qr_or_none(url, scale=6)
            if png:  # a markdown image: it carries alt text (st.image's <img> has none)
                st.markdown(
                    f"![QR code of the link to this view](data:image/png;base64,{base64.b64encode(png).decode('ascii')})"
                )
                st.markdown("Scan: this view")
            else:
                st.markdown("Link too long for a QR code")
        st.divider()
        st.markdown("Link to this exact view:")  # at the end of the page: the corner holds only the code
        link(url)
    else:
        st.caption("Link to this exact view (page, filters, selection, mode, theme)")
        link(url)
        # The QR code is encoded (~25 ms for every new link, i.e. most filter changes) only while the
        # expander is open: opening it reruns the script, which then draws the code of the current view.
        with st.expander("QR code", key="qr_open", on_change="rerun") as box:
            if box.open:
                png = _qr_or_none(url, scale=4)
                if png:
                    st.image(png, width=180)
                else:
                    st.caption("This link is too long for a QR code.")
            else:
                st.caption("Open to draw the QR code of this view.")
