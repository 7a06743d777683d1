"""One number per concept (#24): every count of models the pages show comes from views.named_pairs, so
the Overview's tiles, its licence and season charts, the timeline's "+N new", the episode tables and the
Episodes page agree, on the fixture and on the shipped snapshot."""

from __future__ import annotations

import pytest

from model_data import views
from model_data.store import digest
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import FIXTURE, SHIPPED, shipped_ready
from ui import data as ui_data

SNAPSHOTS = [FIXTURE] + ([SHIPPED] if shipped_ready() else [])


@pytest.fixture(scope="module", params=SNAPSHOTS, ids=lambda p: p.parent.name)
def loaded(request):
    snap = read_snapshot(request.param)
    data = ui_data.build(snap)
    return data, digest.build(data.tables, data.manifest, data.models, data.episodes)


def test_the_tiles_and_the_charts_count_the_same_models(loaded):
    data, dig = loaded
    pairs = data.named_pairs()
    stats = dig["stats"]
    assert stats["models"] == pairs["model_id"].nunique() > 0
    assert stats["open"] + stats["closed"] == stats["models"]
    assert sum(f["models"] for f in dig["families"]) == stats["models"]  # the licence chart sums to the tile
    assert stats["license_families"] == len(dig["families"])
    for season in dig["seasons"]:  # the season chart's bars
        assert season["open"] + season["closed"] == season["models"]


def test_each_model_is_new_exactly_once_and_only_in_an_aired_episode(loaded):
    data, dig = loaded
    new = data.new_by_episode()  # the timeline's "+N new" and the Episodes page's "N new"
    assert {e["episode_id"]: sorted(e["new"], key=str.lower) for e in dig["episodes"]} == {
        e: m for e, m in new.items() if e in {r["episode_id"] for r in dig["episodes"]}
    }
    assert sum(len(m) for m in new.values()) == dig["stats"]["models"]
    unaired = set(data.episodes["episode_id"]) - set(views.aired(data.episodes)["episode_id"])
    assert all(not new.get(e) for e in unaired)  # a slot that did not air counts nothing
    assert all(e["models"] == len(e["ids"]) == len(e["names"]) for e in dig["episodes"])


def test_the_timeline_and_the_episode_pages_list_the_same_models(loaded):
    data, dig = loaded
    timeline = views.timeline_frame(data.models, data.mentions, data.episodes)
    by_episode = timeline.groupby("episode_id")["model_id"].agg(lambda s: sorted(set(s))).to_dict()
    for e in dig["episodes"]:
        shown = views.episode_models(data.models, data.mentions, e["episode_id"], data.episodes)
        assert sorted(shown["model_id"]) == sorted(e["ids"]) == by_episode.get(e["episode_id"], []), e["episode_id"]
        assert set(e["new"]) <= set(e["ids"])


def test_a_repackaging_is_counted_as_its_model(loaded):
    data, _ = loaded
    pairs = data.named_pairs()
    variants = data.models.loc[data.models["variant_of"].isin(set(data.models["model_id"])), "model_id"]
    assert not set(pairs["model_id"]) & set(variants)


def test_the_data_pages_coverage_counts_the_same_models_per_episode(loaded):
    data, dig = loaded
    coverage = views.coverage_by_episode(data.models, data.mentions, data.tables["episodes"], data.scores)
    per_label = dict(zip(coverage["episode"], coverage["models"]))
    labels = dict(zip(data.episodes["episode_id"], data.episodes["label"]))
    assert {labels[e["episode_id"]]: e["models"] for e in dig["episodes"]} == {
        labels[e["episode_id"]]: per_label[labels[e["episode_id"]]] for e in dig["episodes"]
    }
    unaired = set(data.episodes["episode_id"]) - {e["episode_id"] for e in dig["episodes"]}
    assert all(per_label[labels[e]] == 0 for e in unaired)
