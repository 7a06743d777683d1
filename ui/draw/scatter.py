"""The score-vs-size scatter: open models as points (log parameters), the Pareto frontier, closed
models without a public size as dotted lines at their score, and a label plan that never overlaps.

Pure: frames in, plotly Figure out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.draw.colors import UNKNOWN_COLOR
from ui.draw.figure import BASE_FONT, PRESENT_FONT, finish

# Above this many points a scatter labels only the frontier and the highlighted model.
LABEL_LIMIT = 60


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
    # Each column once as a numpy array, each trace's points by position: selecting rows of the
    # frame per family and symbol was a hundred pandas lookups per chart (most of a 4,500-point chart).
    fams = frame["license_family"].astype(object).to_numpy()
    on_front_all = frame["frontier"].to_numpy(dtype=bool)
    names_all = frame["display_name"].astype(object).to_numpy()
    ids = frame["model_id"].to_numpy()
    xs, ys = frame["params_b"].to_numpy(dtype=float), frame["score"].to_numpy(dtype=float)
    license_names = frame["license_name"].astype(object).to_numpy()
    # A label only where it fits without touching another (label_plan); every point keeps its name in the hover.
    text_all = np.full(len(frame), "", dtype=object)
    position_all = np.full(len(frame), LABEL_POSITIONS[0], dtype=object)
    if plan:
        labelled = frame.index.get_indexer(list(plan))
        text_all[labelled] = [str(n) for n in names_all[labelled]]
        position_all[labelled] = list(plan.values())
    for fam in sorted(frame["license_family"].unique()):
        in_fam = fams == fam
        first = True
        # Frontier stars and plain circles as two traces of one legend entry: a per-point symbol
        # list is checked point by point by plotly (slow at thousands of models).
        for on_front in (False, True):
            at = np.flatnonzero(in_fam & (on_front_all == on_front))
            if not len(at):
                continue
            is_hi = ids[at] == highlight
            positions, text = position_all[at], text_all[at]
            lic = license_names[at]
            # A trace none of whose points is labelled draws markers only: no empty text per point to
            # send, and none for the browser to lay out (most of a 4,500-point chart's points).
            labels = (
                {
                    "mode": "markers+text",
                    # Per-point text as object arrays: handed to plotly.js as lists by one tolist()
                    # (_typed_arrays), not walked item by item (thousands of points).
                    "text": text,
                    "textposition": positions if (positions != positions[0]).any() else positions[0],
                }
                if (text != "").any()
                else {"mode": "markers"}
            )
            traces.append(
                {
                    "type": "scatter",
                    "x": xs[at],
                    "y": ys[at],
                    **labels,
                    "name": fam,
                    "legendgroup": fam,
                    "showlegend": first,
                    "marker": {
                        "color": colors.get(fam, UNKNOWN_COLOR),
                        "size": 20 if present else 12,
                        "symbol": "star" if on_front else "circle",
                        "line": {"width": np.where(is_hi, 4, 1) if is_hi.any() else 1, "color": "#000000"},
                    },
                    "customdata": np.column_stack([np.where(pd.isna(lic), fam, lic), names_all[at]]),
                    "hovertemplate": "<b>%{customdata[1]}</b><br>%{x:g} B parameters<br>score %{y:.2f}<br>"
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
    return finish(
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
    # (model_id, display name, score) as plain tuples: a handful of rows, where itertuples and a frame
    # per call cost more than the work
    rows = list(
        zip(unsized["model_id"], [str(n) for n in unsized["display_name"]], unsized["score"].astype(float).tolist())
    )
    xs, ys, names = [], [], []
    for _id, name, score in rows:
        xs += [left, right, None]
        ys += [score, score, None]
        names += [name] * 2 + [""]
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
    wanted = [r for r in rows if highlight is not None and r[0] == highlight] + rows[:UNSIZED_LABELS]
    placed: list = []
    for r in wanted:
        if r[0] not in {p[0] for p in placed} and all(abs(r[2] - p[2]) >= gap for p in placed):
            placed.append(r)
    labels = [
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "left",
            "y": score,
            "yanchor": "bottom",
            "text": f"{name} (closed)",
            "showarrow": False,
            "font": {"size": 16 if present else 11},
        }
        for _id, name, score in placed
    ]
    return trace, labels


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
    is_hi = np.zeros(len(ids), dtype=bool) if highlight is None else np.asarray(ids == highlight, dtype=bool)
    order = np.lexsort((px, ~front, ~is_hi))  # stable: the highlight, the frontier, then by size
    if len(frame) > LABEL_LIMIT:
        order = order[(front | is_hi)[order]]
    order = order.tolist()
    names = frame["display_name"].to_numpy(dtype=object)  # str() of the few labelled ones only
    plan = {}
    for i in order:
        w, h = 0.58 * font * len(str(names[i])) + 4, 1.25 * font
        # the markers any of its boxes could touch, found once per label (not once per position tried)
        reach = (
            (markers[:, 2] > px[i] - radius - w)
            & (markers[:, 0] < px[i] + radius + w)
            & (markers[:, 3] > py[i] - radius - h)
            & (markers[:, 1] < py[i] + radius + h)
        )
        reach[i] = False  # its own marker
        near = markers[reach]
        for pos in LABEL_POSITIONS:
            vert, horiz = pos.split()
            left = {"center": px[i] - w / 2, "right": px[i] + radius, "left": px[i] - radius - w}[horiz]
            top = {"top": py[i] - radius - h, "bottom": py[i] + radius, "middle": py[i] - h / 2}[vert]
            box = (left, top, left + w, top + h)
            if box[0] < 0 or box[2] > width or box[1] < -font or box[3] > height + font:
                continue
            hits = (box[0] < near[:, 2]) & (near[:, 0] < box[2]) & (box[1] < near[:, 3]) & (near[:, 1] < box[3])
            if hits.any() or any(_overlap(box, other) for other in placed):
                continue
            placed.append(box)
            plan[frame.index[i]] = pos
            break
    return plan


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
