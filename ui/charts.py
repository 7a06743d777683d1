"""Chart builders: frames in, plotly Figure out, no Streamlit calls.

Each function is pure so it can be tested on its data (`fig.to_dict()`) and reused on any page.
Colour means one thing everywhere: licence family, from one colour-blind-safe palette, assigned
once per snapshot by `family_colors` and passed to every builder. Where models must be told
apart inside one family (radar), line dash does it, not a second palette. Every figure carries
its data date as an annotation, so a PNG exported from the modebar still says how old it is.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# Okabe-Ito (colour-blind safe) plus two of Paul Tol's muted colours for a longer tail.
PALETTE = ["#009E73", "#0072B2", "#E69F00", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#882255", "#AA4499", "#44AA99"]
UNKNOWN_COLOR = "#999999"
# Families we expect get a fixed colour so screenshots stay comparable across snapshots.
PREFERRED = {
    "permissive": "#009E73",
    "copyleft": "#56B4E9",
    "open weights with use policy": "#0072B2",
    "responsible-ai licence": "#E69F00",
    "llama": "#0072B2",
    "gemma": "#D55E00",
    "open-rail": "#E69F00",
    "openrail": "#E69F00",
    "responsible-ai": "#E69F00",
    "custom": "#CC79A7",
    "other": "#CC79A7",
    "non-commercial": "#F0E442",
    "research-only": "#F0E442",
    "proprietary": "#AA4499",
    "closed": "#AA4499",
    "unknown": UNKNOWN_COLOR,
}
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
BASE_FONT = 14
PRESENT_FONT = 24


def family_colors(families) -> dict[str, str]:
    """Family -> colour: preferred colours first, then free palette colours in sorted order."""
    fams = sorted({str(f) for f in families if isinstance(f, str) and f})
    colors: dict[str, str] = {}
    used = set()
    for fam in fams:
        key = fam.lower()
        if key in PREFERRED and PREFERRED[key] not in used | {c for c in colors.values()}:
            colors[fam] = PREFERRED[key]
            used.add(colors[fam])
        elif key == "unknown":
            colors[fam] = UNKNOWN_COLOR
    free = [c for c in PALETTE if c not in used]
    i = 0
    for fam in fams:
        if fam not in colors:
            colors[fam] = free[i % len(free)] if free else PALETTE[i % len(PALETTE)]
            i += 1
    return colors


def _finish(fig: go.Figure, title: str, caption: str, present: bool, height: int | None = None) -> go.Figure:
    size = PRESENT_FONT if present else BASE_FONT
    fig.update_layout(
        title={"text": title, "font": {"size": size + 6}},
        font={"size": size},
        legend={"font": {"size": size}, "title": {"font": {"size": size}}},
        hoverlabel={"font": {"size": size}},
        margin={"l": 10, "r": 10, "t": 60 + (20 if present else 0), "b": 90 + (30 if present else 0)},
    )
    fig.update_xaxes(tickfont={"size": size}, title_font={"size": size})
    fig.update_yaxes(tickfont={"size": size}, title_font={"size": size})
    fig.update_annotations(font_size=size)  # subplot titles
    fig.update_polars(radialaxis_tickfont_size=size, angularaxis_tickfont_size=size)
    if height:
        fig.update_layout(height=height)
    fig.add_annotation(
        text=caption, xref="paper", yref="paper", x=0, y=0, yanchor="top", yshift=-60 - (20 if present else 0),
        xanchor="left", showarrow=False, font={"size": max(size - 4, 11)},
    )
    return fig


def _size_marker(params_b: pd.Series, present: bool) -> list[float]:
    """Marker area grows with log(params); unknown size gets a small fixed marker (drawn hollow)."""
    scale = 1.6 if present else 1.0
    return [
        (10.0 if pd.isna(p) else 7.0 + 9.0 * math.log10(max(float(p), 0.05) + 1.0)) * scale for p in params_b
    ]


def _fmt_params(p) -> str:
    return "unknown" if pd.isna(p) else f"{p:g} B"


def _fmt_score(s, label) -> str:
    return "no score" if pd.isna(s) else f"{s:.1f} ({label})"


def timeline(frame: pd.DataFrame, episodes: pd.DataFrame, colors: dict[str, str], caption: str,
             present: bool = False, highlight: str | None = None) -> go.Figure:
    """Every episode on x; its models as marks sized by parameters, coloured by licence family.

    `frame` is views.timeline_frame; `episodes` is views.episodes_frame (so empty episodes keep a slot).
    Models in one episode are spread vertically so they never overlap.
    """
    fig = go.Figure()
    frame = frame.copy()
    frame["y"] = frame.groupby("x").cumcount()
    for fam in sorted(frame["license_family"].unique()):
        sub = frame[frame["license_family"] == fam]
        known = sub["params_b"].notna()
        fig.add_trace(go.Scatter(
            x=sub["x"], y=sub["y"], mode="markers", name=fam, legendgroup=fam,
            marker={
                "size": _size_marker(sub["params_b"], present),
                "color": [colors.get(fam, UNKNOWN_COLOR) if k else "rgba(0,0,0,0)" for k in known],
                "line": {"color": colors.get(fam, UNKNOWN_COLOR), "width": [3 if mid == highlight else (1 if k else 2)
                                                                             for mid, k in zip(sub["model_id"], known)]},
            },
            customdata=list(zip(sub["display_name"], sub["params_b"].map(_fmt_params),
                                sub["license_name"].fillna(sub["license_family"]),
                                [_fmt_score(s, l) for s, l in zip(sub["headline_score"], sub["headline_label"])],
                                sub["label"], sub["model_id"])),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[4]}<br>size: %{customdata[1]}<br>"
                          "licence: %{customdata[2]}<br>best score: %{customdata[3]}<extra></extra>",
        ))
    if highlight and highlight in set(frame["model_id"]):
        hi = frame[frame["model_id"] == highlight]
        fig.add_trace(go.Scatter(x=hi["x"], y=hi["y"], mode="text", text=hi["display_name"], textposition="top center",
                                 showlegend=False, hoverinfo="skip", name="highlight"))
    fig.update_xaxes(tickmode="array", tickvals=list(range(len(episodes))), ticktext=list(episodes["label"]),
                     tickangle=-60, title=None, range=[-0.7, max(len(episodes) - 0.3, 1)])
    fig.update_yaxes(visible=False)
    fig.update_layout(legend_title_text="licence family", hovermode="closest")
    return _finish(fig, "Models mentioned per episode (size = parameters, hollow = size unknown)", caption, present,
                   height=620 if present else 480)


def family_bar(models: pd.DataFrame, colors: dict[str, str], caption: str, present: bool = False,
               title: str = "Models per licence family") -> go.Figure:
    counts = models.groupby("license_family").size().sort_values(ascending=True)
    fig = go.Figure(go.Bar(
        x=counts.values, y=counts.index, orientation="h",
        marker={"color": [colors.get(f, UNKNOWN_COLOR) for f in counts.index]},
        text=counts.values, textposition="auto",
        hovertemplate="%{y}: %{x} models<extra></extra>",
    ))
    fig.update_xaxes(title="models")
    fig.update_yaxes(title=None)
    return _finish(fig, title, caption, present, height=max(300, 60 * len(counts) + 160))


def open_closed_bar(per_season: pd.DataFrame, caption: str, present: bool = False) -> go.Figure:
    """Open vs closed models per season (open = the permissive green, closed = the proprietary indigo)."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[f"Season {s}" for s in per_season["season"]], y=per_season["open"], name="open weights",
                         marker_color=PREFERRED["permissive"], text=per_season["open"], textposition="auto"))
    fig.add_trace(go.Bar(x=[f"Season {s}" for s in per_season["season"]], y=per_season["closed"], name="closed",
                         marker_color=PREFERRED["proprietary"], text=per_season["closed"], textposition="auto"))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(title="distinct models")
    return _finish(fig, "Open vs closed models per season", caption, present)


def size_bar(models: pd.DataFrame, colors: dict[str, str], caption: str, present: bool = False,
             highlight: str | None = None) -> go.Figure:
    """Parameters per model on a log axis; models of unknown size are listed, never drawn as 0."""
    known = models[models["params_b"].notna()].sort_values("params_b")
    unknown = models[models["params_b"].isna()]
    fig = go.Figure(go.Bar(
        x=known["params_b"], y=known["display_name"], orientation="h",
        marker={"color": [colors.get(f, UNKNOWN_COLOR) for f in known["license_family"]],
                "line": {"width": [4 if m == highlight else 0 for m in known["model_id"]], "color": "#000000"}},
        text=[f"{p:g} B" for p in known["params_b"]], textposition="outside",
        customdata=known["license_family"], hovertemplate="%{y}: %{x:g} B parameters (%{customdata})<extra></extra>",
        showlegend=False,
    ))
    if len(known):
        low, high = float(known["params_b"].min()), float(known["params_b"].max())
        fig.update_xaxes(range=[math.log10(min(low, 0.1) * 0.8), math.log10(max(high, 1.0) * 4)])
    fig.update_xaxes(type="log", title="parameters (billions, log scale)")
    note = ""
    if len(unknown):
        note = "size unknown: " + ", ".join(unknown["display_name"].astype(str))
        caption = f"{caption} · {note}"
    height = max(300, (46 if present else 32) * len(known) + 180)
    return _finish(fig, "Model size", caption, present, height=height)


def benchmark_bars(rows: pd.DataFrame, models: pd.DataFrame, colors: dict[str, str], caption: str,
                   present: bool = False, title: str | None = None) -> go.Figure:
    """One small panel per benchmark of ONE comparable group; bars coloured by licence family.

    `rows` is views.benchmark_rows filtered to a single comparable_group, so units agree.
    """
    benches = list(dict.fromkeys(rows["benchmark"]))
    ncols = min(len(benches), 4) or 1
    nrows = max(math.ceil(len(benches) / ncols), 1)
    fig = make_subplots(rows=nrows, cols=ncols, subplot_titles=benches, shared_yaxes=False,
                        vertical_spacing=0.25 if nrows > 1 else 0.1)
    fam = dict(zip(models["model_id"], models["license_family"]))
    shown = set()
    for i, bench in enumerate(benches):
        sub = rows[rows["benchmark"] == bench]
        for _, r in sub.iterrows():
            f = fam.get(r["model_id"], "unknown")
            fig.add_trace(go.Bar(
                x=[r["display_name"]], y=[r["score"]], name=f, legendgroup=f, showlegend=f not in shown,
                marker_color=colors.get(f, UNKNOWN_COLOR), text=[f"{r['score']:.1f}"], textposition="auto",
                hovertemplate=f"%{{x}}<br>{bench}: %{{y:.2f}} {r.get('unit', '') or ''}<extra>{f}</extra>",
            ), row=i // ncols + 1, col=i % ncols + 1)
            shown.add(f)
    group = rows["comparable_group"].iloc[0] if len(rows) else ""
    unit = rows["unit"].dropna().iloc[0] if len(rows) and rows["unit"].notna().any() else ""
    fig.update_xaxes(tickangle=-30)
    fig.update_layout(legend_title_text="licence family", bargap=0.25)
    return _finish(fig, title or f"{group} ({unit})", caption, present, height=(360 if present else 300) * nrows + 160)


def radar(rows: pd.DataFrame, models: pd.DataFrame, colors: dict[str, str], caption: str,
          present: bool = False) -> go.Figure:
    """All chosen models on the same benchmarks of one group: licence colour, one dash style per model."""
    fam = dict(zip(models["model_id"], models["license_family"]))
    benches = list(dict.fromkeys(rows["benchmark"]))
    fig = go.Figure()
    for i, (mid, sub) in enumerate(rows.groupby("model_id", sort=False)):
        sub = sub.set_index("benchmark").reindex(benches)
        f = fam.get(mid, "unknown")
        fig.add_trace(go.Scatterpolar(
            r=list(sub["score"]) + [sub["score"].iloc[0]], theta=benches + [benches[0]],
            name=str(sub["display_name"].dropna().iloc[0]), mode="lines+markers",
            line={"color": colors.get(f, UNKNOWN_COLOR), "dash": DASHES[i % len(DASHES)], "width": 4 if present else 2},
        ))
    group = rows["comparable_group"].iloc[0] if len(rows) else ""
    fig.update_layout(polar={"radialaxis": {"visible": True}}, legend_title_text="model (colour = licence family)")
    return _finish(fig, f"{group}: every benchmark", caption, present, height=620 if present else 480)


def score_size_scatter(frame: pd.DataFrame, colors: dict[str, str], caption: str, benchmark: str,
                       present: bool = False, highlight: str | None = None) -> go.Figure:
    """Score vs parameters (log x) with the Pareto frontier: nothing smaller scores higher."""
    fig = go.Figure()
    for fam in sorted(frame["license_family"].unique()):
        sub = frame[frame["license_family"] == fam]
        fig.add_trace(go.Scatter(
            x=sub["params_b"], y=sub["score"], mode="markers+text", name=fam, legendgroup=fam,
            text=sub["display_name"], textposition="top center",
            marker={"color": colors.get(fam, UNKNOWN_COLOR), "size": 20 if present else 12,
                    "symbol": ["star" if f else "circle" for f in sub["frontier"]],
                    "line": {"width": [4 if m == highlight else 1 for m in sub["model_id"]], "color": "#000000"}},
            customdata=list(zip(sub["license_name"].fillna(fam), sub["organization"].fillna(""))),
            hovertemplate="<b>%{text}</b><br>%{x:g} B parameters<br>score %{y:.2f}<br>%{customdata[0]}<extra></extra>",
        ))
    front = frame[frame["frontier"]].sort_values("params_b")
    if len(front):
        fig.add_trace(go.Scatter(x=front["params_b"], y=front["score"], mode="lines", name="Pareto frontier",
                                 line={"shape": "hv", "dash": "dash", "color": "#666666", "width": 3 if present else 2},
                                 hoverinfo="skip"))
    if len(frame):
        low, high = float(frame["params_b"].min()), float(frame["params_b"].max())
        fig.update_xaxes(range=[math.log10(low / 2.5), math.log10(high * 2.5)])  # room for the labels
    fig.update_xaxes(type="log", title="parameters (billions, log scale)")
    fig.update_yaxes(title=benchmark)
    fig.update_layout(legend_title_text="licence family")
    return _finish(fig, f"{benchmark} vs size (stars: Pareto frontier)", caption, present, height=600 if present else 480)


def answers_bar(models: pd.DataFrame, question: str, question_label: str, colors: dict[str, str], caption: str,
                present: bool = False) -> go.Figure:
    """For one student question: how many models answer yes / with conditions / no / unknown, by family."""
    order = ["yes", "conditions", "no", "unknown"]
    col = f"{question}_class"
    fig = go.Figure()
    for fam in sorted(models["license_family"].unique()):
        sub = models[models["license_family"] == fam]
        counts = sub[col].value_counts().reindex(order, fill_value=0)
        fig.add_trace(go.Bar(x=order, y=counts.values, name=fam, marker_color=colors.get(fam, UNKNOWN_COLOR),
                             hovertemplate=f"{fam}: %{{y}} models<extra>%{{x}}</extra>"))
    fig.update_layout(barmode="stack", legend_title_text="licence family")
    fig.update_yaxes(title="models")
    return _finish(fig, f"Can I {question_label}?", caption, present)
