"""What every chart shares: one Figure from plain dicts (validated once), fonts and margins for normal
and presenter mode, readable ink inside bars, the theme's text colour, and subplot grids.

Split from ui/draw/charts.py so each builder module stays small; builders import `finish` from here.
"""

from __future__ import annotations

import base64
import functools
import re

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

BASE_FONT = 14
PRESENT_FONT = 24


def _axis_keys(layout: dict, traces: list[dict], letter: str) -> list[str]:
    """Every x (or y) axis the figure uses: the default one plus subplot axes (xaxis2, ...)."""
    keys = {f"{letter}axis"} | {k for k in layout if re.fullmatch(rf"{letter}axis\d*", k)}
    keys |= {f"{letter}axis{t[letter + 'axis'][1:]}" for t in traces if t.get(letter + "axis")}
    return sorted(keys)


def finish(
    traces: list[dict],
    layout: dict,
    title: str,
    caption: str,
    present: bool,
    height: int | None = None,
    axes: dict | None = None,
) -> go.Figure:
    """One Figure from plain trace and layout dicts, validated once.

    Building with add_trace/update_* costs plotly a validation pass per call (a compare page's
    benchmark panels took ~200 ms); a dict built here and handed over whole takes a tenth of that.
    `axes` holds settings for every x axis ("x") and every y axis ("y"), like update_xaxes would.
    """
    size = PRESENT_FONT if present else BASE_FONT
    # The legend runs across the top, under the title (a legend on the right took two-thirds of a
    # phone's width); the title sits at the top of the figure, the margin leaves room for both.
    height = height or 450  # plotly's default, made explicit: the legend is placed in pixels below the title
    title_px = size + 6 + 14
    legend = {
        **layout.get("legend", {}),
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "yref": "container",
        "y": 1 - title_px / height,
        "yanchor": "top",
    }
    layout = {
        **layout,
        "title": {
            "text": title,
            "font": {"size": size + 6},
            "yref": "container",
            "y": 0.99,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "xref": "paper",
        },
        "font": {"size": size},
        "legend": {**legend, "font": {"size": size}, "title": {**legend.get("title", {}), "font": {"size": size}}},
        "hoverlabel": {"font": {"size": size}},
        "margin": {"l": 10, "r": 10, "t": title_px + 2 * (size + 12) + 16, "b": 90 + (30 if present else 0)},
    }
    for letter in ("x", "y"):
        for key in _axis_keys(layout, traces, letter):
            log = {**layout.get(key, {}), **(axes or {}).get(letter, {})}.get("type") == "log"
            layout[key] = {
                **layout.get(key, {}),
                **(axes or {}).get(letter, {}),
                **(
                    {"dtick": 1} if log else {}
                ),  # powers of ten only: plotly's extra "2" and "5" labels were small and crowded
                "tickfont": {"size": size},
                "title": {
                    **layout.get(key, {}).get("title", {}),
                    **(axes or {}).get(letter, {}).get("title", {}),
                    "font": {"size": size},
                },
            }
    if "polar" in layout:
        polar = layout["polar"]
        polar["radialaxis"] = {**polar.get("radialaxis", {}), "tickfont": {"size": size}}
        polar["angularaxis"] = {**polar.get("angularaxis", {}), "tickfont": {"size": size}}
    notes = [
        {**a, "font": {**a.get("font", {}), "size": size}} for a in layout.get("annotations", [])
    ]  # subplot titles
    notes.append(
        {
            "text": caption,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "yanchor": "top",
            "yshift": -60 - (20 if present else 0),
            "xanchor": "left",
            "showarrow": False,
            "font": {"size": size if present else max(size - 4, 11)},
        }
    )
    layout["annotations"] = notes
    layout["height"] = height
    for trace in traces:
        _ink_inside_bars(trace)
    return PlainFigure({"data": traces, "layout": layout}, check=title_key(title))


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of "#RRGGBB"."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ink_on(hex_color: str) -> str:
    """Black or white, whichever reads better on a bar of this colour (plotly's automatic white
    on the palette's green is 3.4:1, under WCAG AA's 4.5:1; black on it is 6.2:1)."""
    if not (isinstance(hex_color, str) and len(hex_color) == 7 and hex_color.startswith("#")):
        return "#000000"
    light = _luminance(hex_color)
    return "#000000" if (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) else "#FFFFFF"


def _ink_inside_bars(trace: dict) -> None:
    """A bar trace's value labels inside its bars get the ink that reads on each bar's colour."""
    color = trace.get("marker", {}).get("color") if trace.get("type") == "bar" else None
    if color is None or "text" not in trace:
        return
    ink = [ink_on(c) for c in color] if isinstance(color, list) else ink_on(color)
    trace["insidetextfont"] = {**trace.get("insidetextfont", {}), "color": ink}


def title_key(title: str) -> str:
    return re.sub(r"[^A-Za-z ]+", "", title)[:40]


def _has_arrays(traces: list[dict]) -> bool:
    """True when a trace holds a numpy array (at most two levels down, where the builders put them).

    _typed_arrays walks the whole spec; charts built from plain lists skip it.
    """
    for trace in traces:
        for value in trace.values():
            if isinstance(value, np.ndarray):
                return True
            if isinstance(value, dict) and any(isinstance(v, np.ndarray) for v in value.values()):
                return True
    return False


# plotly.js's typed-array form ({"dtype", "bdata"[, "shape"]}), the form plotly's own to_dict() sends
# numeric numpy arrays in; other arrays (text, dates, objects, 64-bit ints out of range) go as lists.
_TYPED = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}


_PLAIN_KEYS = {"geojson", "layer", "layers", "range"}


def _typed_array(value: np.ndarray):
    if value.size and value.dtype.kind in "iu" and str(value.dtype) not in _TYPED:
        info = np.iinfo(np.int32 if value.dtype.kind == "i" else np.uint32)
        if info.min <= value.min() and value.max() <= info.max:
            value = value.astype(info.dtype)
    code = _TYPED.get(str(value.dtype))
    if code is None or value.size == 0:
        return value.tolist()
    out = {"dtype": code, "bdata": base64.b64encode(np.ascontiguousarray(value).tobytes()).decode("ascii")}
    if value.ndim > 1:
        out["shape"] = ", ".join(str(n) for n in value.shape)
    return out


def _typed_arrays(obj) -> None:
    """Replace every numpy array in the spec, in place, by its plotly.js typed-array form."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, np.ndarray):
                # plotly.js takes these as plain arrays only (plotly.py keeps them as lists too)
                obj[key] = value.tolist() if key in _PLAIN_KEYS else _typed_array(value)
            else:
                _typed_arrays(value)
    elif isinstance(obj, list | tuple):
        for value in obj:
            if isinstance(value, dict | list | tuple):  # a list of names or numbers holds no array
                _typed_arrays(value)


_CHECKED: set[str] = set()  # builders whose output plotly has validated in this process


@functools.lru_cache(maxsize=8)
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json() if name in pio.templates else {}


class PlainFigure(go.Figure):
    """A figure kept as the plain dict it was built from; `to_dict()` returns that dict plus the template.

    A plotly Figure validates every property when built and deep-copies itself in to_dict(); for the
    small charts of a rerun that was ~10 ms to build and ~10 ms more in st.plotly_chart (which calls
    to_dict() and then serialises with validate=False), most of a Compare rerun. The spec is still
    validated by plotly once per kind of chart per process (the first one built), so a property
    plotly does not know fails loudly in tests and at first use. `figure()` gives the full Figure.
    """

    def __init__(self, spec: dict, check: str = ""):
        # an empty Figure (nothing to validate) without a copy of the default template: to_dict() adds it
        super().__init__(layout={"template": "none"})
        if _has_arrays(spec["data"]):
            _typed_arrays(spec)  # numeric arrays as typed arrays, as plotly's own to_dict() sends them
        self._plain = spec
        if check not in _CHECKED:
            go.Figure(spec)  # raises ValueError on an invalid property
            _CHECKED.add(check)

    def to_dict(self) -> dict:
        layout = self._plain["layout"]
        if "template" not in layout:
            layout = {**layout, "template": _template(str(pio.templates.default))}
        return {"data": self._plain["data"], "layout": layout}

    def __getitem__(self, prop):
        if "_plain" not in self.__dict__:  # plotly's own __init__ reads self["layout"]
            return super().__getitem__(prop)
        if prop in ("data", "layout"):
            return self.to_dict()[prop]
        return self.figure()[prop]

    def to_plotly_json(self) -> dict:
        return self.to_dict()

    def figure(self) -> go.Figure:
        return go.Figure(self._plain)


def panel_grid(nrows: int, ncols: int, titles: tuple[str, ...], vertical_spacing: float) -> tuple[dict, tuple]:
    """make_subplots' layout (axis domains, subplot titles) and each cell's axis refs.

    The grid is made once per shape (make_subplots validates every axis: ~3 ms, and a Compare
    selection rarely repeats its benchmark titles); the titles are then set on a copy of its title
    annotations. A new layout dict each call: replace its axis dicts, never change them in place."""
    layout, refs = _panel_shape(nrows, ncols, len(titles), vertical_spacing)
    notes = [
        {**a, "text": titles[int(a["text"])]} if a.get("text", "").isdigit() else a
        for a in layout.get("annotations", [])
    ]
    return {**layout, "annotations": [a for a in notes if a["text"] != ""]}, refs


@functools.lru_cache(maxsize=64)
def _panel_shape(nrows: int, ncols: int, panels: int, vertical_spacing: float) -> tuple[dict, tuple]:
    fig = make_subplots(
        rows=nrows,
        cols=ncols,
        subplot_titles=tuple(str(i) for i in range(panels)),  # placeholders: panel_grid sets the titles
        shared_yaxes=False,
        vertical_spacing=vertical_spacing,
    )
    refs = []
    for i in range(panels):
        cell = fig.get_subplot(i // ncols + 1, i % ncols + 1)
        refs.append(("x" + cell.xaxis.plotly_name[5:], "y" + cell.yaxis.plotly_name[5:]))
    return fig.to_dict()["layout"], tuple(refs)


TEXT_COLORS = {"light": "#000000", "dark": "#FFFFFF"}  # the app theme's text colours (.streamlit/config.toml)


def with_text_color(fig: go.Figure, theme: str | None) -> go.Figure:
    """The same figure with every text (title, ticks, axis titles, legend, annotations) in the theme's
    text colour: Streamlit's chart theme draws ticks and captions in a grey of ~3.7:1 contrast, below
    WCAG AA's 4.5:1. A new figure: figures are shared between viewers (ui/store/data.py) and never changed."""
    color = TEXT_COLORS.get(theme or "light", TEXT_COLORS["light"])
    spec = (
        fig.to_dict()
        if not isinstance(fig, PlainFigure)
        else {"data": fig._plain["data"], "layout": fig._plain["layout"]}
    )

    def paint(node):
        if isinstance(node, dict):
            out = {k: paint(v) for k, v in node.items()}
            for key in ("font", "tickfont"):
                if isinstance(out.get(key), dict):
                    out[key] = {**out[key], "color": color}
            return out
        if isinstance(node, list):
            return [paint(v) for v in node]
        return node

    layout = paint(spec["layout"])
    layout["font"] = {**layout.get("font", {}), "color": color}
    for key in [k for k in layout if re.fullmatch(r"[xy]axis\d*", k)]:
        layout[key] = {
            **layout[key],
            "tickfont": {**layout[key].get("tickfont", {}), "color": color},
            "title": {
                **layout[key].get("title", {}),
                "font": {**layout[key].get("title", {}).get("font", {}), "color": color},
            },
        }
    return PlainFigure(
        {"data": spec["data"], "layout": layout}, check="themed " + str(layout.get("title", {}).get("text", ""))[:30]
    )
