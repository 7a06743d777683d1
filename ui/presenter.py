"""Presenter mode and sharing: large type, a QR code of the current view, the link to paste.

Only constant CSS written here is ever injected as HTML; no data goes through it.
"""

from __future__ import annotations

import functools
import io
from urllib.parse import quote

import segno
import streamlit as st

from ui.format import md

PRESENT_CSS = """
<style>
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { font-size: 1.45rem !important; line-height: 1.45; }
[data-testid="stMain"] h1 { font-size: 3.1rem !important; }
[data-testid="stMain"] h2 { font-size: 2.4rem !important; }
[data-testid="stMain"] h3 { font-size: 1.9rem !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.55rem !important; padding: 0.5rem 0.8rem !important; }
[data-testid="stMetricValue"] { font-size: 3.4rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem !important; }
[data-testid="stCaptionContainer"] { font-size: 1.2rem !important; }
</style>
"""


def apply_css() -> None:
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
    """The link and its QR code: big and on the page for presenters, compact in the "Share & present" menu otherwise."""
    if present:
        cols = st.columns([1, 4])
        with cols[0]:
            png = _qr_or_none(url, scale=5)
            if png:
                st.image(png, caption="Scan to open this view", width=200)
            else:
                st.caption("This link is too long for a QR code.")
        with cols[1]:
            st.caption("Link to this exact view")
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
