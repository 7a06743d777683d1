"""Chart builders: frames in, plotly Figure out, no Streamlit calls.

Each function is pure so it can be tested on its data (`fig.to_dict()`) and reused on any page.
Colour means one thing everywhere: licence family, from one colour-blind-safe palette, assigned
once per snapshot by `family_colors` and passed to every builder. Where models must be told
apart inside one family (radar), line dash does it, not a second palette. Every figure carries
its data date as an annotation, so a PNG exported from the modebar still says how old it is.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.text import labels
from ui.text.format import score_summary
from ui.draw.colors import PALETTE, PREFERRED, UNKNOWN_COLOR, family_colors  # noqa: F401  (pages use charts.*)
from ui.draw.figure import (  # noqa: F401  (pages and tests use charts.*: one import for every chart)
    BASE_FONT,
    PRESENT_FONT,
    finish,
    ink_on,
    panel_grid,
    title_key,
    with_text_color,
)
from ui.draw.scatter import LABEL_LIMIT, UNSIZED_LABELS, label_plan, score_size_scatter  # noqa: F401

DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


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
    return finish(
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
    return finish(
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
    return finish(
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
    return finish([trace], {}, "Model size", caption, present, height=height, axes={"x": x_axis})


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
    grid, refs = panel_grid(
        nrows, ncols, tuple(_wrap(str(b), 18 if present else 24) for b in benches), panel_gap(nrows, height)
    )
    layout = grid  # a new dict per call (panel_grid); its axis dicts are replaced below, never changed
    fam = _families(models, rows["model_id"])
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
    return finish(
        traces,
        layout,
        title or f"{group} ({unit})",
        caption,
        present,
        height=height,
        axes={"x": {"automargin": True}},
    )


def _families(models: pd.DataFrame, ids) -> dict[str, str]:
    """model_id -> licence family for `ids` only: masked first (walking every model's Arrow strings in
    Python cost ~10 ms at 4,500 models; the Compare page passes its few rows anyway)."""
    keep = models["model_id"].isin(set(ids)).to_numpy()
    return dict(zip(models["model_id"][keep], models["license_family"][keep]))


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
    fam = _families(models, rows["model_id"])
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
    return finish(traces, layout, f"{group}: every benchmark", caption, present, height=620 if present else 480)


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
    return finish(
        traces,
        {"barmode": "stack", "legend": {"title": {"text": "licence family"}}},
        f"Can I {question_label}?",
        caption,
        present,
        axes={"y": {"title": {"text": "models"}}},
    )
