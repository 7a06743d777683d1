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

from ui.format import md

QR_KEY = "mme-qr"  # st.container(key=...) -> the CSS class st-key-mme-qr
QR_SIZE = 168  # px: a corner block, readable by a phone from the back of a room at 1080p

# Presenter mode, designed for a shared screen of 1280x720 first (and 1920x1080): every text at least
# 24 px (tables, pickers, navigation, captions), captions in the full text colour (contrast >= 4.5:1),
# less padding so the data starts on the first screen, and the QR code fixed in the bottom-right
# corner, outside the content column (which keeps a margin for it), so it never covers data.
PRESENT_CSS = f"""
<style>
[data-testid="stApp"] :where(*:not(.js-plotly-plot *):not(svg *):not([data-testid="stDataFrameResizable"] *)) {{
  font-size: max(24px, 1em) !important; }}
[data-testid="stMain"] h1 {{ font-size: 40px !important; }}
[data-testid="stMain"] h2 {{ font-size: 34px !important; padding: 0.2rem 0 !important; }}
[data-testid="stMain"] h3 {{ font-size: 30px !important; padding: 0.2rem 0 !important; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 4.2rem !important; padding-bottom: 2rem !important;
  padding-left: 1.5rem !important; padding-right: {QR_SIZE + 48}px !important; max-width: none !important; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * {{ color: inherit !important; opacity: 1 !important; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ padding: 0.25rem 0.6rem !important; line-height: 1.25 !important; }}
[data-testid="stMain"] p, [data-testid="stMain"] li {{ line-height: 1.3 !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.6rem !important; }}
.st-key-{QR_KEY} {{ position: fixed !important; right: 12px; bottom: 12px; width: {QR_SIZE + 16}px !important; z-index: 999990;
  gap: 0 !important; padding: 8px; background: #FFFFFF; border: 1px solid #5A5F6B; border-radius: 8px; }}
[data-testid="stMarkdownContainer"] {{ overflow: visible !important; }}
[data-testid="stTable"] table {{ table-layout: fixed; width: 100% !important; }}
[data-testid="stTable"] td, [data-testid="stTable"] th, [data-testid="stTable"] td *, [data-testid="stTable"] th * {{
  white-space: normal !important; overflow-wrap: anywhere !important; }}
.st-key-{QR_KEY} [data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
.st-key-{QR_KEY} img {{ width: {QR_SIZE}px !important; max-width: none !important; height: {QR_SIZE}px !important; }}
.st-key-{QR_KEY} p {{ text-align: center; margin: 0 !important; line-height: 1.1 !important; color: #000000 !important; }}
</style>
"""


# Every page but the landing page (less empty space above the page). And every page with a multiselect: its chips are white text on the theme's primary colour, which in the
# dark theme (#56B4E9) is 2.3:1; on the light theme's primary (#0072B2) white is 5.2:1, in both themes.
CHIP_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] { background-color: #0072B2 !important; color: #FFFFFF !important; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] * { color: #FFFFFF !important; }
</style>
"""


def apply_css(present: bool = True) -> None:
    """Constant CSS (no data in it). Not on the landing page in normal mode: st.html loads a script file."""
    st.html((PRESENT_CSS if present else "") + CHIP_CSS)


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
