"""model_data/novelty.py: what each episode named first, and which episode is the latest aired."""

from __future__ import annotations

from model_data import novelty

ORDER = ["s1e1", "s1e2", "s2e1", "s2e2"]
PAIRS = [("s2e1", "a"), ("s1e2", "a"), ("s1e1", "b"), ("s2e1", "b"), ("s2e1", "c"), ("s2e2", "c"), ("s9e9", "d")]


def test_first_named_follows_broadcast_order_not_row_order():
    assert novelty.first_named(PAIRS, ORDER) == {"a": "s1e2", "b": "s1e1", "c": "s2e1"}  # s9e9 is not an episode


def test_new_per_episode_lists_each_model_once_and_every_episode():
    new = novelty.new_per_episode(PAIRS, ORDER)
    assert new == {"s1e1": ["b"], "s1e2": ["a"], "s2e1": ["c"], "s2e2": []}
    assert sum(len(v) for v in new.values()) == len({m for e, m in PAIRS if e in ORDER})


def test_latest_aired_skips_future_episodes():
    eps = [("s1e1", "2025-03-10"), ("s1e2", "2025-03-17"), ("s2e1", "2025-06-16T10:00:00"), ("s2e2", "2030-01-01")]
    assert novelty.latest_aired(eps, "2026-11-30") == "s2e1"
    assert novelty.latest_aired(eps, "2025-03-17") == "s1e2"
    assert novelty.latest_aired(eps, "2020-01-01") == "s1e1"  # nothing aired yet: the first one
    assert novelty.latest_aired([("x", None), ("y", "")], "2026-01-01") == "y"  # undated counts as aired
    assert novelty.latest_aired([], "2026-01-01") is None


def test_latest_with_models_looks_back_from_an_empty_episode():
    counts = {"s1e1": 2, "s1e2": 0, "s2e1": 3, "s2e2": 0}
    assert novelty.latest_with_models(ORDER, counts, "s2e2") == "s2e1"
    assert novelty.latest_with_models(ORDER, counts, "s2e1") == "s2e1"
    assert novelty.latest_with_models(ORDER, {"s1e1": 0}, "s1e2") is None
    assert novelty.latest_with_models(ORDER, counts, "nope") is None
