"""What the performance work changed in behaviour: shared per-snapshot data, fewer traces, fewer labels.

Timings are not asserted here (machines are noisy; bench/ prints them); the shapes that make the
app fast are: one Data object per snapshot, one trace per licence family and panel, labels only
where they can be read, and answers that stay the same when computed from pre-filtered inputs.
"""

import shutil
from pathlib import Path


import pandas as pd
import pytest

from model_data import views
from model_data.store.snapshot import read_snapshot
from ui.draw import charts
from ui.store import data as ui_data

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "snapshot"


@pytest.fixture(scope="module")
def snap():
    tables = dict(read_snapshot(FIXTURE).tables)
    models = views.model_table(tables)
    return tables, models, charts.family_colors(models["license_family"])


def test_every_rerun_and_session_shares_one_data_object_until_the_manifest_changes(tmp_path, monkeypatch):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(folder))
    first = ui_data.load()
    assert ui_data.load() is first  # no copy per call (st.cache_data would unpickle one)
    assert first.once("ids", lambda: list(first.models["model_id"])) is first.once("ids", lambda: [])
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text() + "\n")  # a new snapshot lands: new fingerprint
    second = ui_data.load()
    assert second is not first and list(second.models["model_id"]) == list(first.models["model_id"])


def test_benchmark_bars_draw_one_trace_per_panel_and_family(snap):
    tables, models, colors = snap
    ids = list(tables["scores"]["model_id"].dropna().unique())
    rows = views.benchmark_rows(tables["scores"], ids, models)
    group = rows["comparable_group"].iloc[0]
    grp = rows[rows["comparable_group"] == group]
    d = charts.benchmark_bars(grp, models, colors, "cap").to_dict()
    fam = dict(zip(models["model_id"], models["license_family"]))
    expected = {(b, fam.get(m, "unknown")) for b, m in zip(grp["benchmark"], grp["model_id"])}
    assert len(d["data"]) == len(expected)
    assert sum(len(t["x"]) for t in d["data"]) == len(grp)  # every bar is still there
    assert len({t["xaxis"] for t in d["data"]}) == grp["benchmark"].nunique()
    assert sum(t["showlegend"] for t in d["data"]) == len({f for _, f in expected})


def test_scatter_labels_everything_when_small_and_only_frontier_and_highlight_when_large(snap):
    tables, models, colors = snap
    frame = views.score_vs_size(models, tables["scores"], "open_llm_leaderboard_v2", "Average")
    small = charts.score_size_scatter(frame, colors, "cap", "Average").to_dict()
    assert sorted(x for t in small["data"] if t["mode"] == "markers+text" for x in t["text"]) == sorted(
        frame["display_name"]
    )

    many = pd.concat([frame] * (charts.LABEL_LIMIT // len(frame) + 2), ignore_index=True)
    many["frontier"] = False
    many.loc[0, "frontier"] = True
    hi = many.loc[1, "model_id"]
    big = charts.score_size_scatter(many, colors, "cap", "Average", highlight=hi).to_dict()
    points = [t for t in big["data"] if t["mode"].startswith("markers")]
    labels = [x for t in points for x in t.get("text", []) if x]
    assert set(labels) == {many.loc[0, "display_name"], many.loc[1, "display_name"]}
    assert all(t["mode"] == ("markers+text" if any(t.get("text", [])) else "markers") for t in points)
    assert any(t["mode"] == "markers" for t in points)  # the unlabelled points carry no text at all
    names = [row[1] for t in points for row in t["customdata"]]
    assert len(names) == len(many)  # every point keeps its hover name
    assert [t["marker"]["symbol"] for t in points].count("star") == 1


@pytest.mark.parametrize("group, bench", [("open_llm_leaderboard_v2", "Average"), ("lmarena_text", "Arena Elo (text)")])
def test_score_vs_size_gives_the_same_answer_from_precomputed_benchmark_scores(snap, group, bench):
    """The app keeps each model's score per benchmark (by id, then by row label for its whole frame) and
    asks for a filter state's rows: every form gives the frames the scores table gives."""
    tables, models, _ = snap
    by_id = views.best_score_by_id(tables["scores"], group, bench)
    by_row = views.row_scores(models, by_id)
    for rows in (models, models.iloc[::2], models.iloc[:0]):
        for build in (views.score_vs_size, views.unsized_scores):
            want = build(rows, tables["scores"], group, bench)
            for pre in (views.benchmark_scores(tables["scores"], group, bench), by_id, by_row):
                pd.testing.assert_frame_equal(build(rows, pre, group, bench), want)
    assert len(views.score_vs_size(models, by_row, group, bench))  # the comparisons above compared something
    with pytest.raises(ValueError, match="not rows of the frame"):  # relabelled rows never get another's score
        views.score_vs_size(models.iloc[::-1].reset_index(drop=True), by_row, group, bench)
    assert len(views.unsized_scores(models, by_row, group, bench)) or group != "lmarena_text"  # closed baselines


def test_model_table_answers_from_grouped_mentions_match_a_per_model_scan(snap):
    tables, models, _ = snap
    m = models.set_index("model_id")
    for mid, grp in tables["mentions"].groupby("model_id"):
        assert m.loc[mid, "mentions"] == len(grp)
        assert m.loc[mid, "aliases"] == "; ".join(sorted(set(grp["surface"].dropna().astype(str))))
        assert set(m.loc[mid, "episode_ids"]) == set(grp["episode_id"].dropna())
    for mid, grp in tables["scores"].groupby("model_id"):
        assert m.loc[mid, "score_sources"] == ", ".join(sorted(set(grp["source"].dropna())))
