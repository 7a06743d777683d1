"""Static SVG bar charts for the landing page: numbers in, SVG text out, no Streamlit calls.

The first page a viewer opens from a livestream link must appear about as fast as an empty
Streamlit app. Plotly.js is 4.7 MB of JavaScript that the browser fetches and parses before it
draws anything (bench/startup_breakdown.py), so the Overview draws its two small count charts as
SVG, and loads Plotly only when a viewer asks for the interactive timeline. The SVG is shown as a
markdown image with a data: URL (`markdown_image`): an <img>, so nothing in it runs, and unlike
st.image nothing for the server to decode (Streamlit imports numpy and Pillow for st.image) and no
extra request or JavaScript for the browser. Every bar carries its value as text, so nothing needs a hover.

Text comes from reviewed tables (licence families) or is built here (season names), and is
XML-escaped anyway. The chart draws its own background (the app theme's colours from .streamlit/config.toml), so it
stays legible even when the page's theme is not known yet on a session's first run.
"""

from __future__ import annotations

import base64
import re
from html import escape

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
THEMES = {
    "light": {"bg": "#FFFFFF", "fg": "#000000", "muted": "#4A5060", "grid": "#D5D9E0"},
    "dark": {"bg": "#000000", "fg": "#FFFFFF", "muted": "#B8BCC6", "grid": "#3A3F4A"},
}


def _sizes(present: bool) -> tuple[int, int, int]:
    """(title, label, caption) font sizes: presenter mode is read from the back of a room."""
    return (34, 26, 20) if present else (18, 14, 12)


def _frame(width: int, height: int, body: list[str], title: str, caption: str, present: bool, theme: str) -> str:
    t = THEMES.get(theme, THEMES["light"])
    title_size, _, caption_size = _sizes(present)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="{escape(FONT)}" role="img" aria-label="{escape(title)}">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width}" height="{height}" rx="8" fill="{t["bg"]}" stroke="{t["grid"]}"/>',
            f'<text x="16" y="{title_size + 12}" font-size="{title_size}" font-weight="600" fill="{t["fg"]}">{escape(title)}</text>',
            *body,
            f'<text x="16" y="{height - 12}" font-size="{caption_size}" fill="{t["muted"]}">{escape(caption)}</text>',
            "</svg>",
        ]
    )


def hbars(
    labels: list[str],
    values: list[int],
    colors: list[str],
    title: str,
    caption: str,
    present: bool = False,
    theme: str = "light",
    unit: str = "models",
) -> str:
    """One horizontal bar per label, largest first as given, the count written after each bar."""
    t = THEMES.get(theme, THEMES["light"])
    title_size, label_size, caption_size = _sizes(present)
    row = int(label_size * 2.1)
    label_w = int(label_size * 0.62 * max([len(s) for s in labels] + [6])) + 24
    width = 1100 if present else 640
    bar_w = width - label_w - 110
    top = title_size + 36
    height = top + row * max(len(labels), 1) + caption_size + 36
    peak = max(values + [1])
    body = []
    for i, (label, value, color) in enumerate(zip(labels, values, colors)):
        y = top + i * row
        w = max(bar_w * value / peak, 2)
        body += [
            f'<text x="{label_w - 12}" y="{y + row * 0.62:.1f}" font-size="{label_size}" text-anchor="end" fill="{t["fg"]}">{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y + row * 0.15:.1f}" width="{w:.1f}" height="{row * 0.7:.1f}" rx="3" fill="{escape(color)}"/>',
            f'<text x="{label_w + w + 8:.1f}" y="{y + row * 0.62:.1f}" font-size="{label_size}" font-weight="600" fill="{t["fg"]}">{value:,}</text>',
        ]
    if not labels:
        body.append(
            f'<text x="16" y="{top + row * 0.6:.1f}" font-size="{label_size}" fill="{t["muted"]}">no {escape(unit)}</text>'
        )
    return _frame(width, height, body, title, caption, present, theme)


def stacked_columns(
    categories: list[str],
    series: list[tuple[str, list[int], str]],
    title: str,
    caption: str,
    present: bool = False,
    theme: str = "light",
) -> str:
    """One column per category, the series stacked in it with their counts inside, a legend on top."""
    t = THEMES.get(theme, THEMES["light"])
    title_size, label_size, caption_size = _sizes(present)
    width = 1100 if present else 640
    plot_h = 360 if present else 240
    top = title_size + 36 + label_size + 16  # title, then the legend line
    height = top + plot_h + label_size + 24 + caption_size + 24
    totals = [sum(values[i] for _, values, _ in series) for i in range(len(categories))]
    peak = max(totals + [1])
    slot = (width - 32) / max(len(categories), 1)
    col_w = min(slot * 0.6, 160)
    body = []
    x = 16
    for name, _, color in series:  # legend
        body += [
            f'<rect x="{x}" y="{title_size + 26}" width="{label_size}" height="{label_size}" rx="2" fill="{escape(color)}"/>',
            f'<text x="{x + label_size + 6}" y="{title_size + 24 + label_size}" font-size="{label_size}" fill="{t["fg"]}">{escape(name)}</text>',
        ]
        x += label_size + 18 + int(label_size * 0.6 * len(name))
    base = top + plot_h
    body.append(f'<line x1="16" x2="{width - 16}" y1="{base}" y2="{base}" stroke="{t["grid"]}"/>')
    for i, cat in enumerate(categories):
        cx = 16 + slot * i + (slot - col_w) / 2
        y = base
        for _, values, color in series:
            h = plot_h * values[i] / peak
            if h <= 0:
                continue
            y -= h
            body.append(f'<rect x="{cx:.1f}" y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}" fill="{escape(color)}"/>')
            if h >= label_size + 4:
                body.append(
                    f'<text x="{cx + col_w / 2:.1f}" y="{y + h / 2 + label_size * 0.35:.1f}" font-size="{label_size}" '
                    f'font-weight="600" text-anchor="middle" fill="#FFFFFF">{values[i]:,}</text>'
                )
        body += [
            f'<text x="{cx + col_w / 2:.1f}" y="{y - 8:.1f}" font-size="{label_size}" text-anchor="middle" fill="{t["muted"]}">{totals[i]:,}</text>',
            f'<text x="{cx + col_w / 2:.1f}" y="{base + label_size + 8}" font-size="{label_size}" text-anchor="middle" fill="{t["fg"]}">{escape(cat)}</text>',
        ]
    return _frame(width, height, body, title, caption, present, theme)


def markdown_image(svg: str, alt: str) -> str:
    """The SVG as a markdown image with a base64 data: URL (alt text without markdown syntax)."""
    alt = re.sub(r"[\[\]\\\n\r]", " ", alt)
    return f"![{alt}](data:image/svg+xml;base64,{base64.b64encode(svg.encode('utf-8')).decode('ascii')})"
