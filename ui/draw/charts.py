"""Chart builders: frames in, plotly Figure out, no Streamlit calls.

Each function is pure so it can be tested on its data (`fig.to_dict()`) and reused on any page.
Colour means one thing everywhere: licence family, from one colour-blind-safe palette, assigned
once per snapshot by `family_colors` and passed to every builder. Where models must be told
apart inside one family (radar), line dash does it, not a second palette. Every figure carries
its data date as an annotation, so a PNG exported from the modebar still says how old it is.
"""

from __future__ import annotations

import base64
import copy
import functools
import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ui.text import labels
from ui.text.format import score_summary
from ui.draw.colors import PALETTE, PREFERRED, UNKNOWN_COLOR, family_colors  # noqa: F401  (pages use charts.*)

# Above this many points a scatter labels only the frontier and the highlighted model.
LABEL_LIMIT = 60
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
BASE_FONT = 14
PRESENT_FONT = 24


def _axis_keys(layout: dict, traces: list[dict], letter: str) -> list[str]:
    """Every x (or y) axis the figure uses: the default one plus subplot axes (xaxis2, ...)."""
    keys = {f"{letter}axis"} | {k for k in layout if re.fullmatch(rf"{letter}axis\d*", k)}
    keys |= {f"{letter}axis{t[letter + 'axis'][1:]}" for t in traces if t.get(letter + "axis")}
    return sorted(keys)


def _finish(
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
        super().__init__()  # an empty Figure: nothing to validate yet
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


@functools.lru_cache(maxsize=64)
def _grid(nrows: int, ncols: int, titles: tuple[str, ...], vertical_spacing: float) -> tuple[dict, tuple]:
    """make_subplots' layout (axis domains, subplot titles) and each cell's axis refs, once per shape."""
    fig = make_subplots(
        rows=nrows, cols=ncols, subplot_titles=titles, shared_yaxes=False, vertical_spacing=vertical_spacing
    )
    refs = []
    for i in range(len(titles)):
        cell = fig.get_subplot(i // ncols + 1, i % ncols + 1)
        refs.append(("x" + cell.xaxis.plotly_name[5:], "y" + cell.yaxis.plotly_name[5:]))
    return fig.to_dict()["layout"], tuple(refs)


def _size_marker(params_b: pd.Series, present: bool) -> list[float]:
    """Marker area grows with log(params); unknown size gets a small fixed marker (drawn hollow)."""
    scale = 1.6 if present else 1.0
    return [(10.0 if pd.isna(p) else 7.0 + 9.0 * math.log10(max(float(p), 0.05) + 1.0)) * scale for p in params_b]


def _fmt_params(p) -> str:
    return "unknown" if pd.isna(p) else f"{p:g} B"


def _fmt_scores(headlines) -> str:
    return score_summary(headlines) or "no score"


def _hover_table(sub: pd.DataFrame) -> np.ndarray:
    """Hover text columns as one 2-D array (plotly takes it whole instead of checking cell by cell)."""
    return (
        np.column_stack(
            [
                sub["display_name"].astype(object).to_numpy(),
                sub["params_b"].map(_fmt_params).to_numpy(dtype=object),
                sub["license_name"].fillna(sub["license_family"]).astype(object).to_numpy(),
                sub["score_headlines"].map(_fmt_scores).to_numpy(dtype=object),
                sub["label"].astype(object).to_numpy(),
                sub["model_id"].astype(object).to_numpy(),
            ]
        )
        if len(sub)
        else np.empty((0, 6), dtype=object)
    )


def timeline(
    frame: pd.DataFrame,
    episodes: pd.DataFrame,
    colors: dict[str, str],
    caption: str,
    present: bool = False,
    highlight: str | None = None,
    new_counts: dict[str, int] | None = None,
) -> go.Figure:
    """Every episode on x; its models as marks sized by parameters, coloured by licence family.

    `frame` is views.timeline_frame; `episodes` is views.episodes_frame (so empty episodes keep a slot).
    Models in one episode are spread vertically so they never overlap.
    """
    frame = frame.copy()
    frame["y"] = frame.groupby("x").cumcount()
    traces = []
    # Per family at most two traces (sized marks, hollow marks of unknown size) sharing one legend
    # entry, built from numpy arrays: per-point colour lists are validated one by one by plotly,
    # which at 50,000 mentions took seconds on every first page view.
    for fam in sorted(frame["license_family"].unique()):
        fam_rows = frame[frame["license_family"] == fam]
        color = colors.get(fam, UNKNOWN_COLOR)
        known_mask = fam_rows["params_b"].notna()
        first = True
        for known, sub in ((True, fam_rows[known_mask]), (False, fam_rows[~known_mask])):
            if sub.empty:
                continue
            traces.append(
                {
                    "type": "scatter",
                    "x": sub["x"].to_numpy(),
                    "y": sub["y"].to_numpy(),
                    "mode": "markers",
                    "name": fam,
                    "legendgroup": fam,
                    "showlegend": first,
                    "marker": {
                        "size": np.asarray(_size_marker(sub["params_b"], present), dtype=float),
                        "color": color if known else ["rgba(0,0,0,0)"] * len(sub),
                        "line": {
                            "color": color,
                            "width": np.where(sub["model_id"].to_numpy() == highlight, 3, 1 if known else 2),
                        },
                    },
                    "customdata": _hover_table(sub),
                    "hovertemplate": "<b>%{customdata[0]}</b><br>%{customdata[4]}<br>size: %{customdata[1]}<br>"
                    "licence: %{customdata[2]}<br>scores: %{customdata[3]}<extra></extra>",
                }
            )
            first = False
    if highlight and highlight in set(frame["model_id"]):
        hi = frame[frame["model_id"] == highlight]
        traces.append(
            {
                "type": "scatter",
                "x": hi["x"].to_numpy(),
                "y": hi["y"].to_numpy(),
                "mode": "text",
                "text": list(hi["display_name"]),
                "textposition": "top center",
                "showlegend": False,
                "hoverinfo": "skip",
                "name": "highlight",
            }
        )
    if new_counts:  # "+n": how many models each episode was the first to name, above its column of marks
        tops = frame.groupby("x")["y"].max().to_dict()
        xs = [i for i, e in enumerate(episodes["episode_id"]) if new_counts.get(e)]
        traces.append(
            {
                "type": "scatter",
                "mode": "text",
                "x": xs,
                "y": [tops.get(i, -1) + 1 for i in xs],
                "text": [f"+{new_counts[episodes['episode_id'].iloc[i]]}" for i in xs],
                "textposition": "middle center",
                "name": "new models",
                "showlegend": False,
                "hovertemplate": "%{text} models named for the first time<extra></extra>",
            }
        )
    layout = {"legend": {"title": {"text": "licence family"}}, "hovermode": "closest"}
    axes = {
        "x": {
            "tickmode": "array",
            "tickvals": list(range(len(episodes))),
            "ticktext": list(episodes["label"]),
            "tickangle": -60,
            "range": [-0.7, max(len(episodes) - 0.3, 1)],
        },
        "y": {"visible": False},
    }
    return _finish(
        traces,
        layout,
        "Models per episode (size = parameters, hollow = size unknown, +n = new)",
        caption,
        present,
        height=620 if present else 480,
        axes=axes,
    )


def family_bar(
    models: pd.DataFrame,
    colors: dict[str, str],
    caption: str,
    present: bool = False,
    title: str = "Models per licence family",
) -> go.Figure:
    counts = models.groupby("license_family").size().sort_values(ascending=True)
    trace = {
        "type": "bar",
        "x": counts.to_numpy(),
        "y": list(counts.index),
        "orientation": "h",
        "marker": {"color": [colors.get(f, UNKNOWN_COLOR) for f in counts.index]},
        "text": [str(v) for v in counts.to_numpy()],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x} models<extra></extra>",
    }
    return _finish(
        [trace],
        {},
        title,
        caption,
        present,
        height=max(300, 60 * len(counts) + 160),
        axes={"x": {"title": {"text": "models"}}},
    )


def open_closed_bar(per_season: pd.DataFrame, caption: str, present: bool = False) -> go.Figure:
    """Open vs closed models per season (open = the permissive green, closed = the proprietary indigo)."""
    x = [f"Season {s}" for s in per_season["season"]]
    traces = [
        {
            "type": "bar",
            "x": x,
            "y": per_season["open"].to_numpy(),
            "name": "open weights",
            "marker": {"color": PREFERRED["permissive"]},
            "text": [str(v) for v in per_season["open"]],
            "textposition": "auto",
        },
        {
            "type": "bar",
            "x": x,
            "y": per_season["closed"].to_numpy(),
            "name": "closed",
            "marker": {"color": PREFERRED["proprietary"]},
            "text": [str(v) for v in per_season["closed"]],
            "textposition": "auto",
        },
    ]
    return _finish(
        traces,
        {"barmode": "stack"},
        "Open vs closed models per season",
        caption,
        present,
        axes={"y": {"title": {"text": "distinct models"}}},
    )


def size_bar(
    models: pd.DataFrame, colors: dict[str, str], caption: str, present: bool = False, highlight: str | None = None
) -> go.Figure:
    """Parameters per model on a log axis; models of unknown size are listed, never drawn as 0."""
    known = models[models["params_b"].notna()].sort_values("params_b")
    unknown = models[models["params_b"].isna()]
    trace = {
        "type": "bar",
        "x": known["params_b"].to_numpy(dtype=float),
        "y": list(known["display_name"]),
        "orientation": "h",
        "marker": {
            "color": [colors.get(f, UNKNOWN_COLOR) for f in known["license_family"]],
            "line": {"width": np.where(known["model_id"].to_numpy() == highlight, 4, 0), "color": "#000000"},
        },
        "text": [f"{p:g} B" for p in known["params_b"]],
        "textposition": "outside",
        "customdata": list(known["license_family"]),
        "hovertemplate": "%{y}: %{x:g} B parameters (%{customdata})<extra></extra>",
        "showlegend": False,
    }
    x_axis = {"type": "log", "title": {"text": "parameters (billions, log scale)"}}
    if len(known):
        low, high = float(known["params_b"].min()), float(known["params_b"].max())
        x_axis["range"] = [math.log10(min(low, 0.1) * 0.8), math.log10(max(high, 1.0) * 4)]
    if len(unknown):
        caption = f"{caption} · size unknown: " + ", ".join(unknown["display_name"].astype(str))
    height = max(300, (46 if present else 32) * len(known) + 180)
    return _finish([trace], {}, "Model size", caption, present, height=height, axes={"x": x_axis})


def benchmark_bars(
    rows: pd.DataFrame,
    models: pd.DataFrame,
    colors: dict[str, str],
    caption: str,
    present: bool = False,
    title: str | None = None,
) -> go.Figure:
    """One small panel per benchmark of ONE comparable group; bars coloured by licence family.

    `rows` is views.benchmark_rows filtered to a single comparable_group, so units agree.
    """
    benches = list(dict.fromkeys(rows["benchmark"]))
    # Model names run down the shared y axis (one label per model, never rotated or crowded: the
    # vertical bars' rotated names overlapped); one column of panels per benchmark, at most 3 (2 when presenting).
    ncols = min(len(benches), 2 if present else 3) or 1
    nrows = max(math.ceil(len(benches) / ncols), 1)
    per_panel = max(len(set(rows["display_name"])), 1) * (44 if present else 28) + 90
    height = per_panel * nrows + 200
    grid, refs = _grid(
        nrows, ncols, tuple(_wrap(str(b), 18 if present else 24) for b in benches), panel_gap(nrows, height)
    )
    layout = copy.deepcopy(grid)
    wanted = set(rows["model_id"])
    fam = {m: f for m, f in zip(models["model_id"], models["license_family"]) if m in wanted}
    # Plain lists: a handful of rows, where every pandas call (masks, groupby) costs more than the work.
    r_bench, r_ids, r_names = rows["benchmark"].tolist(), rows["model_id"].tolist(), rows["display_name"].tolist()
    r_score = rows["score"].to_numpy(dtype=float)
    r_unit = rows["unit"].tolist() if "unit" in rows else [""] * len(rows)
    r_self = [
        str(v).lower() == "true" for v in (rows["self_reported"] if "self_reported" in rows else [""] * len(rows))
    ]
    who = rows["reported_by"].tolist() if "reported_by" in rows else [""] * len(rows)
    r_mark = [labels.REPORTED_MARKS.get(w, "") if w != "maker" else "" for w in who]  # ‡: a rival's card
    r_dec = [2 if pd.isna(d) else int(d) for d in (rows["decimals"] if "decimals" in rows else [None] * len(rows))]
    r_lo = rows["ci_lower"].to_numpy(dtype=float) if "ci_lower" in rows else np.full(len(rows), np.nan)
    r_hi = rows["ci_upper"].to_numpy(dtype=float) if "ci_upper" in rows else np.full(len(rows), np.nan)
    r_fam = [f if isinstance(f, str) else "unknown" for f in (fam.get(m) for m in r_ids)]
    order = sorted(dict.fromkeys(r_names), key=str.lower, reverse=True)  # top to bottom: A..Z
    traces, shown = [], set()
    # One trace per (panel, licence family), not one per bar: 6 models x 6 benchmarks was 36 traces.
    for i, bench in enumerate(benches):
        by_family: dict[str, list[int]] = {}  # first-seen order, as groupby(sort=False)
        for j, b in enumerate(r_bench):
            if b == bench:
                by_family.setdefault(r_fam[j], []).append(j)
        in_panel = [j for idx in by_family.values() for j in idx]
        top = max([float(max(r_score[j], 0 if np.isnan(r_hi[j]) else r_hi[j])) for j in in_panel] or [1.0])
        low = min([float(r_score[j]) for j in in_panel] + [0.0])
        # A value sits inside its bar only when the bar is long enough to hold it; else beside it, in
        # room the axis leaves (every bar keeps its value label: none hidden for want of space).
        inside = {j: not r_self[j] and r_score[j] >= 0.35 * top for j in in_panel}
        for f, idx in by_family.items():
            bar = {
                "type": "bar",
                "orientation": "h",
                "y": [r_names[j] for j in idx],
                "x": [float(r_score[j]) for j in idx],
                "xaxis": refs[i][0],
                "yaxis": refs[i][1],
                "name": f,
                "legendgroup": f,
                "showlegend": f not in shown,
                # Self-reported numbers are hatched (and marked † in their label): never mistaken for measured ones.
                "marker": {
                    "color": colors.get(f, UNKNOWN_COLOR),
                    "pattern": {"shape": ["/" if r_self[j] else "" for j in idx]},
                },
                "text": [f"{r_score[j]:.{r_dec[j]}f}{' †' if r_self[j] else r_mark[j]}" for j in idx],
                # on a hatched or short bar the value sits beside it, where it can be read
                "textposition": ["inside" if inside[j] else "outside" for j in idx],
                "insidetextanchor": "end",
                "cliponaxis": False,
                "customdata": [
                    (r_unit[j] if isinstance(r_unit[j], str) else "")
                    + (" (self-reported)" if r_self[j] else " (another maker's card)" if r_mark[j] else "")
                    for j in idx
                ],
                "hovertemplate": f"%{{y}}<br>{bench}: %{{text}} %{{customdata}}<extra>{f}</extra>",
            }
            if any(not np.isnan(r_lo[j]) for j in idx):
                bar["error_x"] = {
                    "type": "data",
                    "symmetric": False,
                    "array": [float(r_hi[j] - r_score[j]) if not np.isnan(r_hi[j]) else 0.0 for j in idx],
                    "arrayminus": [float(r_score[j] - r_lo[j]) if not np.isnan(r_lo[j]) else 0.0 for j in idx],
                }
            traces.append(bar)
            shown.add(f)
        xaxis = "xaxis" + refs[i][0][1:]
        room = 1.05 if all(inside.values()) else 1.35
        layout[xaxis] = {**layout.get(xaxis, {}), "range": [low * room, top * room]}
        yaxis = "yaxis" + refs[i][1][1:]
        layout[yaxis] = {
            **layout.get(yaxis, {}),
            "categoryorder": "array",
            "categoryarray": order,
            "showticklabels": i % ncols == 0,
            "automargin": True,
        }
    group = rows["comparable_group"].iloc[0] if len(rows) else ""
    unit = rows["unit"].dropna().iloc[0] if len(rows) and rows["unit"].notna().any() else ""
    layout.update(
        {
            "legend": {"title": {"text": "licence family"}},
            "bargap": 0.2,
            "uniformtext": {"mode": "show", "minsize": PRESENT_FONT if present else 11},
        }
    )
    marks = []
    if any(r_self):
        marks.append("hatched † = reported by the maker")
    if any(r_mark):
        marks.append("‡ = from another maker's card")
    if np.isfinite(r_lo).any():
        marks.append("whiskers = 95% CI")
    if marks:
        caption = f"{caption} · {'; '.join(marks)}"
    return _finish(
        traces,
        layout,
        title or f"{group} ({unit})",
        caption,
        present,
        height=height,
        axes={"x": {"automargin": True}},
    )


def panel_gap(nrows: int, height: float, gap_px: float = 90.0) -> float:
    """Vertical space between rows of panels as a fraction of the figure, room for a wrapped title.

    A fixed pixel gap (not a fixed fraction): plotly refuses a spacing of 1 / (rows - 1) or more, which
    a fixed 0.3 reached at five rows (nine benchmarks, two columns when presenting).
    """
    if nrows <= 1:
        return 0.1
    return min(gap_px / max(height, 1.0), 0.9 / (nrows - 1))


def _wrap(text: str, width: int) -> str:
    """A subplot title on as many lines as it needs (<br>), so titles of neighbouring panels never overlap."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def radar(
    rows: pd.DataFrame, models: pd.DataFrame, colors: dict[str, str], caption: str, present: bool = False
) -> go.Figure:
    """All chosen models on the same benchmarks of one group: licence colour, one dash style per model."""
    fam = dict(zip(models["model_id"], models["license_family"]))
    benches = list(dict.fromkeys(rows["benchmark"]))
    per_model: dict[str, dict] = {}  # model -> benchmark -> score, first-seen order (plain dicts: a handful of rows)
    names: dict[str, str] = {}
    for mid, bench, score, name in zip(rows["model_id"], rows["benchmark"], rows["score"], rows["display_name"]):
        per_model.setdefault(mid, {}).setdefault(bench, float(score))
        if isinstance(name, str) and mid not in names:
            names[mid] = name
    traces = []
    for i, (mid, by_bench) in enumerate(per_model.items()):
        f = fam.get(mid, "unknown")
        scores = [by_bench.get(b, float("nan")) for b in benches]
        traces.append(
            {
                "type": "scatterpolar",
                "r": scores + scores[:1],
                "theta": benches + benches[:1],
                "name": names.get(mid, str(mid)),
                "mode": "lines+markers",
                "line": {
                    "color": colors.get(f, UNKNOWN_COLOR),
                    "dash": DASHES[i % len(DASHES)],
                    "width": 4 if present else 2,
                },
            }
        )
    group = rows["comparable_group"].iloc[0] if len(rows) else ""
    # The angular labels stand outside the circle: the domain leaves room under the title for them.
    layout = {
        "polar": {"radialaxis": {"visible": True}, "domain": {"x": [0.08, 0.92], "y": [0.0, 0.86]}},
        "legend": {"title": {"text": "model (colour = licence family)"}},
    }
    return _finish(traces, layout, f"{group}: every benchmark", caption, present, height=620 if present else 480)


def score_size_scatter(
    frame: pd.DataFrame,
    colors: dict[str, str],
    caption: str,
    benchmark: str,
    present: bool = False,
    highlight: str | None = None,
    unsized: pd.DataFrame | None = None,
) -> go.Figure:
    """Score vs parameters (log x) with the Pareto frontier: nothing smaller scores higher. `unsized`
    (views.unsized_scores: closed models, no public size) are dotted horizontal lines at their score,
    the best few named, so an open model is seen beside GPT or Claude on the same board."""
    traces = []
    plan = label_plan(frame, highlight, present)
    for fam in sorted(frame["license_family"].unique()):
        fam_rows = frame[frame["license_family"] == fam]
        first = True
        # Frontier stars and plain circles as two traces of one legend entry: a per-point symbol
        # list is checked point by point by plotly (slow at thousands of models).
        for on_front in (False, True):
            sub = fam_rows[fam_rows["frontier"].to_numpy(dtype=bool) == on_front]
            if sub.empty:
                continue
            names = sub["display_name"].astype(object).to_numpy()
            is_hi = sub["model_id"].to_numpy() == highlight
            # A label only where it fits without touching another (label_plan); every point keeps its name in the hover.
            placed = [plan.get(i) for i in sub.index]
            # Per-point text as object arrays: handed to plotly.js as lists by one tolist() (_typed_arrays),
            # not walked item by item (thousands of points).
            text = np.array([str(n) if p else "" for n, p in zip(names, placed)], dtype=object)
            positions = np.array([p or "top center" for p in placed], dtype=object)
            traces.append(
                {
                    "type": "scatter",
                    "x": sub["params_b"].to_numpy(dtype=float),
                    "y": sub["score"].to_numpy(dtype=float),
                    "mode": "markers+text",
                    "name": fam,
                    "legendgroup": fam,
                    "showlegend": first,
                    "text": text,
                    "textposition": positions,
                    "marker": {
                        "color": colors.get(fam, UNKNOWN_COLOR),
                        "size": 20 if present else 12,
                        "symbol": "star" if on_front else "circle",
                        "line": {"width": np.where(is_hi, 4, 1), "color": "#000000"},
                    },
                    "customdata": np.column_stack(
                        [
                            sub["license_name"].fillna(fam).astype(object).to_numpy(),
                            sub["organization"].fillna("").astype(object).to_numpy(),
                            names,
                        ]
                    ),
                    "hovertemplate": "<b>%{customdata[2]}</b><br>%{x:g} B parameters<br>score %{y:.2f}<br>"
                    "%{customdata[0]}<extra></extra>",
                }
            )
            first = False
    front = frame[frame["frontier"]].sort_values("params_b")
    if len(front):
        traces.append(
            {
                "type": "scatter",
                "x": front["params_b"].to_numpy(dtype=float),
                "y": front["score"].to_numpy(dtype=float),
                "mode": "lines",
                "name": "Pareto frontier (stars)",
                "line": {"shape": "hv", "dash": "dash", "color": "#666666", "width": 3 if present else 2},
                "hoverinfo": "skip",
            }
        )
    x_axis = {"type": "log", "title": {"text": "parameters (billions, log scale)"}}
    annotations = []
    if len(frame):
        low, high = float(frame["params_b"].min()), float(frame["params_b"].max())
        x_axis["range"] = [math.log10(low / 2.5), math.log10(high * 2.5)]  # room for the labels
        if unsized is not None and len(unsized):
            scores = pd.concat([frame["score"], unsized["score"]])
            span = float(scores.max() - scores.min())
            lines, annotations = _unsized_lines(unsized, low / 2.5, high * 2.5, present, highlight, span)
            traces.append(lines)
    return _finish(
        traces,
        {"legend": {"title": {"text": "licence family"}}, "annotations": annotations},
        f"{benchmark} vs size",
        caption,
        present,
        height=600 if present else 480,
        axes={"x": x_axis, "y": {"title": {"text": benchmark}}},
    )


UNSIZED_LABELS = 3  # closed models named on the chart (the best ones, and a highlighted one); all in the hover


def _unsized_lines(unsized: pd.DataFrame, left: float, right: float, present: bool, highlight: str | None, span: float):
    """One legend entry of dotted lines, one per model without a size, and labels for the best few."""
    xs, ys, names = [], [], []
    for r in unsized.itertuples():
        xs += [left, right, None]
        ys += [float(r.score), float(r.score), None]
        names += [str(r.display_name)] * 2 + [""]
    trace = {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "name": "closed model (no public size): its score as a line",
        "line": {"dash": "dot", "color": "#555555", "width": 2 if present else 1.5},
        "text": names,
        "hovertemplate": "<b>%{text}</b> (closed)<br>score %{y:.2f}<extra></extra>",
    }
    # The best few named, at the left edge (small models score lower: the corner is mostly free), each
    # at least a label's height from the one above (closed scores sit close together).
    gap = max(span, 1e-9) * (0.08 if present else 0.05)  # span: the chart's score range
    wanted = list(unsized.head(UNSIZED_LABELS).itertuples())
    if highlight is not None and highlight in set(unsized["model_id"]):
        wanted = [r for r in unsized.itertuples() if r.model_id == highlight] + wanted
    placed: list = []
    for r in wanted:
        if r.model_id not in {p.model_id for p in placed} and all(abs(r.score - p.score) >= gap for p in placed):
            placed.append(r)
    named = pd.DataFrame(placed, columns=["Index", *unsized.columns]) if placed else unsized.head(0)
    labels = [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": float(r.score),
            "yanchor": "bottom",
            "text": f"{r.display_name} (closed)",
            "showarrow": False,
            "font": {"size": 16 if present else 11},
        }
        for r in named.itertuples()
    ]
    return trace, labels


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


LABEL_POSITIONS = [
    "top center",
    "bottom center",
    "middle right",
    "middle left",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
]


def label_plan(
    frame: pd.DataFrame,
    highlight: str | None = None,
    present: bool = False,
    width: float = 480.0,
    height: float | None = None,
) -> dict:
    """Row index -> text position for the points that get a visible label; the others get none.

    Labels are placed greedily (the highlighted model, then the Pareto frontier from small to large,
    then the rest while there are at most LABEL_LIMIT points), each at the first of LABEL_POSITIONS
    where its estimated box overlaps no label already placed, no marker and stays in the plot.
    Boxes are estimated for a plot `width` px wide (a narrow column; a phone is narrower still): a wider chart only
    spreads them further apart.
    """
    if frame.empty:
        return {}
    font = PRESENT_FONT if present else BASE_FONT
    height = height or (600 - 200 if present else 480 - 150)
    lx = np.log10(frame["params_b"].to_numpy(dtype=float))
    y = frame["score"].to_numpy(dtype=float)
    low, high = float(frame["params_b"].min()), float(frame["params_b"].max())
    x0, x1 = math.log10(low / 2.5), math.log10(high * 2.5)
    pad = (float(np.nanmax(y)) - float(np.nanmin(y))) * 0.08 or 1.0
    y0, y1 = float(np.nanmin(y)) - pad, float(np.nanmax(y)) + pad
    px = (lx - x0) / ((x1 - x0) or 1.0) * width
    py = (1 - (y - y0) / ((y1 - y0) or 1.0)) * height  # screen y grows downwards
    radius = (20 if present else 12) / 2 + 2
    # markers are obstacles too: one array, checked against a candidate box at once (a Python loop over
    # every marker per candidate was most of a filter rerun at 4,500 models)
    markers = np.column_stack([px - radius, py - radius, px + radius, py + radius])
    placed: list[tuple[float, float, float, float]] = []
    ids, front = frame["model_id"].to_numpy(), frame["frontier"].to_numpy(dtype=bool)
    is_hi = np.array([m == highlight for m in ids], dtype=bool)
    order = np.lexsort((px, ~front, ~is_hi))  # stable: the highlight, the frontier, then by size
    if len(frame) > LABEL_LIMIT:
        order = order[(front | is_hi)[order]]
    order = order.tolist()
    names = frame["display_name"].astype(str).to_numpy()
    plan = {}
    for i in order:
        w, h = 0.58 * font * len(names[i]) + 4, 1.25 * font
        for pos in LABEL_POSITIONS:
            vert, horiz = pos.split()
            left = {"center": px[i] - w / 2, "right": px[i] + radius, "left": px[i] - radius - w}[horiz]
            top = {"top": py[i] - radius - h, "bottom": py[i] + radius, "middle": py[i] - h / 2}[vert]
            box = (left, top, left + w, top + h)
            if box[0] < 0 or box[2] > width or box[1] < -font or box[3] > height + font:
                continue
            hits = (
                (box[0] < markers[:, 2])
                & (markers[:, 0] < box[2])
                & (box[1] < markers[:, 3])
                & (markers[:, 1] < box[3])
            )
            hits[i] = False  # its own marker
            if hits.any() or any(_overlap(box, other) for other in placed):
                continue
            placed.append(box)
            plan[frame.index[i]] = pos
            break
    return plan


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def answers_bar(
    models: pd.DataFrame,
    question: str,
    question_label: str,
    colors: dict[str, str],
    caption: str,
    present: bool = False,
) -> go.Figure:
    """For one student question: how many models answer yes / with conditions / no / unknown, by family."""
    order = ["yes", "conditions", "no", "unknown"]
    col = f"{question}_class"
    counts = models.groupby(["license_family", col]).size().unstack(fill_value=0).reindex(columns=order, fill_value=0)
    traces = [
        {
            "type": "bar",
            "x": order,
            "y": counts.loc[fam].to_numpy(),
            "name": fam,
            "marker": {"color": colors.get(fam, UNKNOWN_COLOR)},
            "hovertemplate": f"{fam}: %{{y}} models<extra>%{{x}}</extra>",
        }
        for fam in sorted(counts.index)
    ]
    return _finish(
        traces,
        {"barmode": "stack", "legend": {"title": {"text": "licence family"}}},
        f"Can I {question_label}?",
        caption,
        present,
        axes={"y": {"title": {"text": "models"}}},
    )
