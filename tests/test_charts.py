"""ui.draw.charts on their data: traces, colours, sizes, frontier, captions (fig.to_dict(), no image snapshots)."""

from pathlib import Path


import base64

import math

import numpy as np
import pandas as pd

import pytest

from model_data import views
from model_data.store.snapshot import read_snapshot
from ui.draw import charts, figure

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "snapshot"
CAPTION = "data snapshot 2026-11-26"


@pytest.fixture(scope="module")
def snap():
    tables = dict(read_snapshot(FIXTURE).tables)
    models = views.model_table(tables)
    return tables, models, charts.family_colors(models["license_family"])


def arr(value) -> list:
    """Plotly 7 serialises numeric arrays as {"dtype", "bdata"}; decode them for assertions."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def annotations(fig):
    return [a["text"] for a in fig.to_dict()["layout"].get("annotations", [])]


def test_family_colors_are_stable_distinct_and_colour_blind_safe(snap):
    _, models, colors = snap
    assert colors["permissive"] == "#009E73" and colors["proprietary"] == "#AA4499"
    assert len(set(colors.values())) == len(colors)
    assert set(colors.values()) <= set(charts.PALETTE) | {charts.UNKNOWN_COLOR}
    assert charts.family_colors(list(reversed(list(colors)))) == colors
    more = charts.family_colors(["alpha", "beta", "permissive"])
    assert more["permissive"] == "#009E73" and more["alpha"] != more["beta"]


def test_timeline_has_every_episode_and_colours_by_family(snap):
    tables, models, colors = snap
    eps = views.episodes_frame(tables["episodes"])
    fig = charts.timeline(views.timeline_frame(models, tables["mentions"], tables["episodes"]), eps, colors, CAPTION)
    d = fig.to_dict()
    assert d["layout"]["xaxis"]["ticktext"] == ["S1E1", "S1E2", "S1E4", "S2E1", "S2E3", "S3E3"]
    by_name = {t["name"]: t for t in d["data"]}
    assert set(by_name) == set(models["license_family"])
    assert by_name["permissive"]["marker"]["line"]["color"] == colors["permissive"]
    # 25 mentions; the two repackagings sit on their original's mark (same episode): 23 marks
    assert sum(len(arr(t["x"])) for t in d["data"] if t.get("mode") == "markers") == 23
    hover = by_name["permissive"]["hovertemplate"]
    assert "size" in hover and "licence" in hover and "scores: " in hover and "best score" not in hover
    # unknown size is drawn hollow, never as a zero-size mark
    prop = by_name["proprietary"]
    assert all(c == "rgba(0,0,0,0)" for c in prop["marker"]["color"]) and min(arr(prop["marker"]["size"])) > 0
    assert any(CAPTION in a for a in annotations(fig))


def test_presenter_mode_uses_24px_body_text(snap):
    _, models, colors = snap
    fig = charts.family_bar(models, colors, CAPTION, present=True)
    assert fig.to_dict()["layout"]["font"]["size"] >= 24
    assert charts.family_bar(models, colors, CAPTION)["layout"]["font"]["size"] < 24


def test_size_bar_never_draws_unknown_as_zero(snap):
    _, models, colors = snap
    fig = charts.size_bar(models, colors, CAPTION)
    bar = fig.to_dict()["data"][0]
    assert "TRELLIS Image Large" not in bar["y"] and 0 not in arr(bar["x"])
    assert any("size unknown" in a and "TRELLIS Image Large" in a for a in annotations(fig))


def test_benchmark_bars_one_panel_per_benchmark(snap):
    tables, models, colors = snap
    rows = views.benchmark_rows(tables["scores"], ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"], models)
    v2 = rows[rows["comparable_group"] == "open_llm_leaderboard_v2"]
    d = charts.benchmark_bars(v2, models, colors, CAPTION).to_dict()
    assert len(d["data"]) == 14
    titles = [a["text"] for a in d["layout"]["annotations"]]
    assert {"Average", "IFEval", "MMLU-PRO"} <= set(titles)
    phi = [t for t in d["data"] if t["y"] == ["Phi-4"]]
    assert phi[0]["marker"]["color"] == colors["permissive"] and phi[0]["orientation"] == "h"
    # model names on the (shared) y axis, written once per row of panels: nothing rotated to overlap
    y_axes = {k: v for k, v in d["layout"].items() if k.startswith("yaxis")}
    assert sum(bool(v.get("showticklabels")) for v in y_axes.values()) == math.ceil(len(titles) / 3)


@pytest.mark.parametrize("present", [False, True])
def test_every_benchmark_bar_shows_its_value_with_room_beside_it(snap, present):
    """Presenter charts readable at 1280x720 (#24): a value label on every bar, never hidden for want of
    room; a value beside its bar lies inside its panel's axis range."""
    tables, models, colors = snap
    rows = views.benchmark_rows(tables["scores"], list(models["model_id"]), models)
    for group in rows["comparable_group"].unique():
        d = charts.benchmark_bars(rows[rows["comparable_group"] == group], models, colors, CAPTION, present).to_dict()
        assert d["layout"]["uniformtext"]["mode"] == "show"
        for bar in [t for t in d["data"] if t["type"] == "bar"]:
            assert all(t.strip() for t in bar["text"])
            axis = d["layout"]["xaxis" + bar["xaxis"][1:]]
            for x, where in zip(arr(bar["x"]), bar["textposition"]):
                if where == "outside":
                    assert axis["range"][1] >= 1.3 * x, (group, x, axis["range"])


def test_scatter_labels_only_where_they_fit():
    """Crowded points: the highlighted model and the frontier get labels first, the rest only where there is room."""
    n = 30
    frame = pd.DataFrame(
        {
            "model_id": [f"m{i}" for i in range(n)],
            "display_name": [f"Model number {i}" for i in range(n)],
            "params_b": [0.5, 400.0] + [7.0 + 0.01 * i for i in range(n - 2)],  # a crowd of 28 near 7 B
            "score": [10.0, 90.0] + [50.0 + 0.01 * i for i in range(n - 2)],
            "frontier": [i == n - 1 for i in range(n)],
        }
    )
    plan = charts.label_plan(frame, highlight="m3")
    assert 3 in plan and n - 1 in plan  # the highlighted model and the frontier point are labelled
    assert len(plan) < n / 2  # the crowd is not: its names are in the hover
    spread = frame.assign(params_b=[2.0 ** (i / 3) for i in range(n)], score=[10.0 * (i % 5) for i in range(n)])
    assert len(charts.label_plan(spread)) > len(plan)


def test_self_reported_bars_are_hatched_and_marked_and_arena_bars_show_their_ci(snap):
    tables, models, colors = snap
    ids_ = ["microsoft/phi-4", "openai/gpt-oss-20b", "meta-llama/Llama-3.1-8B-Instruct"]
    rows = views.benchmark_rows(tables["scores"], ids_, models)
    reported_fig = charts.benchmark_bars(rows[rows["comparable_group"] == "llm_stats"], models, colors, CAPTION)
    bars = reported_fig.to_dict()["data"]
    assert all(set(b["marker"]["pattern"]["shape"]) == {"/"} for b in bars)
    assert all(t.endswith(" †") for b in bars for t in b["text"])
    assert any("reported by the maker" in a for a in annotations(reported_fig))
    arena = charts.benchmark_bars(rows[rows["comparable_group"] == "lmarena_text"], models, colors, CAPTION)
    bar = arena.to_dict()["data"][0]
    assert bar["error_x"]["array"][0] > 0 and "." not in bar["text"][0]  # Elo as the arena prints it: whole numbers
    assert any("95% CI" in a for a in annotations(arena))
    measured = charts.benchmark_bars(
        rows[rows["comparable_group"] == "open_llm_leaderboard_v2"], models, colors, CAPTION
    )
    assert all(set(b["marker"]["pattern"]["shape"]) == {""} for b in measured.to_dict()["data"])


def test_radar_one_trace_per_model_with_distinct_dashes(snap):
    tables, models, colors = snap
    rows = views.benchmark_rows(tables["scores"], ["microsoft/phi-4", "microsoft/Phi-4-mini-instruct"], models)
    v2 = rows[rows["comparable_group"] == "open_llm_leaderboard_v2"]
    d = charts.radar(v2, models, colors, CAPTION).to_dict()
    assert len(d["data"]) == 2
    assert d["data"][0]["line"]["color"] == d["data"][1]["line"]["color"] == colors["permissive"]
    assert d["data"][0]["line"]["dash"] != d["data"][1]["line"]["dash"]


def test_scatter_marks_the_pareto_frontier(snap):
    tables, models, colors = snap
    frame = views.score_vs_size(models, tables["scores"], "open_llm_leaderboard_v2", "Average")
    d = charts.score_size_scatter(frame, colors, CAPTION, "Average").to_dict()
    front = [t for t in d["data"] if t["name"] == "Pareto frontier (stars)"][0]
    assert arr(front["x"]) == sorted(frame.loc[frame["frontier"], "params_b"])
    assert d["layout"]["xaxis"]["type"] == "log"


def test_scatter_draws_models_without_a_size_as_lines_at_their_score(snap):
    tables, models, colors = snap
    frame = views.score_vs_size(models, tables["scores"], "lmarena_text", "Arena Elo (text)")
    unsized = views.unsized_scores(models, tables["scores"], "lmarena_text", "Arena Elo (text)")
    assert (
        len(unsized)
        and unsized["params_b"].isna().all()
        and list(unsized["score"]) == sorted(unsized["score"], reverse=True)
    )
    d = charts.score_size_scatter(frame, colors, CAPTION, "Arena Elo (text)", unsized=unsized).to_dict()
    lines = [t for t in d["data"] if t["name"].startswith("closed model")][0]
    assert sorted({y for y in lines["y"] if y is not None}) == sorted(set(unsized["score"]))
    named = [a for a in d["layout"]["annotations"] if a["text"].endswith("(closed)")]
    assert named and named[0]["text"] == f"{unsized['display_name'].iloc[0]} (closed)"  # the best one, always
    assert len(named) <= charts.UNSIZED_LABELS
    ys = sorted(a["y"] for a in named)
    span = max(unsized["score"].max(), frame["score"].max()) - min(unsized["score"].min(), frame["score"].min())
    assert all(b - a >= 0.05 * span for a, b in zip(ys, ys[1:]))  # labels never stacked on each other


def test_score_lookups_keep_the_models_order_and_stay_empty_when_nothing_matches(snap):
    """score_vs_size / unsized_scores look scores up by id (no merge): an empty selection, or one with
    no unsized model, is an empty frame with the same columns, never rows taken from the scores."""
    tables, models, _ = snap
    args = ("lmarena_text", "Arena Elo (text)")
    full = views.score_vs_size(models, tables["scores"], *args)
    assert list(full["model_id"]) == [m for m in models["model_id"] if m in set(full["model_id"])]
    for shown in (models.iloc[:0], models[models["params_b"].notna()]):
        unsized = views.unsized_scores(shown, tables["scores"], *args)
        assert unsized.empty and list(unsized.columns) == ["model_id", "display_name", "params_b", "open", "score"]
    assert views.score_vs_size(models.iloc[:0], tables["scores"], *args).empty


def test_answers_bar_counts_by_class(snap):
    _, models, colors = snap
    d = charts.answers_bar(models, "startup_product", "ship it", colors, CAPTION).to_dict()
    assert sum(sum(arr(t["y"])) for t in d["data"]) == len(models)


def test_timeline_counts_the_new_models_of_each_episode(snap):
    from model_data import novelty

    tables, models, colors = snap
    eps = views.episodes_frame(tables["episodes"])
    new = novelty.new_per_episode(
        zip(tables["mentions"]["episode_id"], tables["mentions"]["model_id"]), list(eps["episode_id"])
    )
    fig = charts.timeline(
        views.timeline_frame(models, tables["mentions"], tables["episodes"]),
        eps,
        colors,
        CAPTION,
        new_counts={e: len(m) for e, m in new.items()},
    )
    counts = [t for t in fig.to_dict()["data"] if t.get("name") == "new models"][0]
    labels = dict(zip(eps["label"], eps["episode_id"]))
    shown = {eps["label"].iloc[x]: text for x, text in zip(counts["x"], counts["text"])}
    assert shown["S1E1"] == f"+{len(new[labels['S1E1']])}" and len(new[labels["S1E1"]]) > 0
    assert all(text == f"+{len(new[labels[lab]])}" for lab, text in shown.items())
    assert set(shown) == {lab for lab, e in labels.items() if new[e]}  # episodes that added nothing get no mark


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize("n_bench", [1, 2, 3, 4, 5, 8, 9, 12, 17, 25])
@pytest.mark.parametrize("n_models", [1, 2, 6])
def test_benchmark_bars_draw_any_number_of_benchmarks(snap, present, n_bench, n_models):
    """The presenter Compare crash (#24): nine or more benchmarks in one group, two panel columns,
    made plotly refuse a fixed 0.3 row spacing. Every shape up to far beyond the snapshot's largest draws."""
    tables, models, colors = snap
    ids = models["model_id"].head(n_models).tolist()
    rows = pd.DataFrame(
        [
            {
                "model_id": m,
                "display_name": m.split("/")[-1],
                "benchmark": f"Benchmark number {b} with a long name",
                "score": 0.1 + 0.8 * ((b + i) % 7) / 7,
                "unit": "fraction (0-1)",
                "self_reported": b % 2 == 0,
                "decimals": 2,
                "comparable_group": "llm_stats",
            }
            for b in range(n_bench)
            for i, m in enumerate(ids)
        ]
    )
    d = charts.benchmark_bars(rows, models, colors, CAPTION, present=present).to_dict()
    panels = [a for a in d["layout"]["annotations"] if a.get("yref") == "paper" and "Benchmark" in a["text"]]
    assert len(panels) == n_bench
    # rows of panels never overlap: each y domain ends below the next one's start
    domains = sorted({tuple(v["domain"]) for k, v in d["layout"].items() if k.startswith("yaxis") and "domain" in v})
    for lower, upper in zip(domains, domains[1:]):
        assert lower[1] <= upper[0] + 1e-9


def test_benchmark_bars_on_the_snapshot_group_with_most_benchmarks(snap):
    """The largest comparable group the fixture has, presenter and normal, draws without error."""
    tables, models, colors = snap
    rows = views.benchmark_rows(tables["scores"], models["model_id"].tolist(), models)
    sizes = rows.groupby("comparable_group")["benchmark"].nunique()
    group = sizes.idxmax()
    for present in (False, True):
        fig = charts.benchmark_bars(rows[rows["comparable_group"] == group], models, colors, CAPTION, present=present)
        assert fig.to_dict()["data"]


@pytest.mark.parametrize(
    "color", ["#009E73", "#0072B2", "#E69F00", "#882255", "#F0E442", "#999999", "#000000", "#FFFFFF"]
)
def test_text_inside_a_bar_reads_on_its_colour(color):
    """Value labels inside bars meet WCAG AA (4.5:1) on every palette colour: plotly's automatic white
    on the licence green was 3.4:1 on the presenter's Episodes page."""

    def lum(c):
        return figure._luminance(c)

    ink = charts.ink_on(color)
    hi, lo = sorted([lum(ink), lum(color)], reverse=True)
    assert (hi + 0.05) / (lo + 0.05) >= 4.5


def test_bar_charts_set_the_inside_ink_per_bar(snap):
    tables, models, colors = snap
    d = charts.family_bar(models, colors, CAPTION, present=True).to_dict()
    bar = d["data"][0]
    fills = bar["marker"]["color"]
    assert list(bar["insidetextfont"]["color"]) == [charts.ink_on(c) for c in fills]


def test_the_panel_grid_kept_per_shape_is_never_changed_by_a_chart(snap):
    """figure.panel_grid hands out a new layout over one cached per shape: drawing and theming
    benchmark panels leaves the cached grid as make_subplots made it (placeholder titles)."""
    import copy

    from ui.draw import figure

    tables, models, colors = snap
    rows = views.benchmark_rows(tables["scores"], ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"], models)
    v2 = rows[rows["comparable_group"] == "open_llm_leaderboard_v2"]
    first = charts.benchmark_bars(v2, models, colors, CAPTION).to_dict()
    benches = list(dict.fromkeys(v2["benchmark"]))
    ncols = min(len(benches), 3)
    nrows = -(-len(benches) // ncols)
    height = (len(set(v2["display_name"])) * 28 + 90) * nrows + 200  # as benchmark_bars sizes it
    cached, _refs = figure._panel_shape(nrows, ncols, len(benches), charts.panel_gap(nrows, height))
    before = copy.deepcopy(cached)
    for _ in range(2):
        charts.with_text_color(charts.benchmark_bars(v2, models, colors, CAPTION), "dark")
    assert charts.benchmark_bars(v2, models, colors, CAPTION).to_dict() == first
    assert cached == before and [a["text"] for a in cached["annotations"]] == [str(i) for i in range(len(benches))]
    titles = {a["text"] for a in first["layout"]["annotations"]}
    assert {charts._wrap(b, 24) for b in benches} <= titles  # the benchmarks' titles, set on the copy
