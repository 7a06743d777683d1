"""Every episode and every model of the shipped snapshot opened in the app, normal and presenter, with
no error element (#24): one AppTest session per page, the selector moved from one to the next (a new
session per view would take minutes)."""

from __future__ import annotations

import pytest

from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import SHIPPED, needs_shipped, no_exception, open_app
from ui import data as ui_data

pytestmark = needs_shipped


def _no_error(at, what: str) -> None:
    no_exception(at)
    assert not at.error, (what, [e.value for e in at.error])


@pytest.fixture(scope="module")
def shipped():
    return ui_data.build(read_snapshot(SHIPPED))


@pytest.mark.parametrize("present", ["0", "1"])
def test_every_episode_opens_without_an_error(shipped, present):
    at = open_app(SHIPPED, "app_pages/episodes.py", global_params={"present": present} if present == "1" else None)
    _no_error(at, "default")
    assert bool(at.title) == (present == "0")  # presenter mode drops the page title
    for episode in shipped.episodes["episode_id"]:
        at.selectbox(key="episode").set_value(episode).run()
        _no_error(at, episode)


@pytest.mark.parametrize("present", ["0", "1"])
def test_every_model_opens_in_compare_without_an_error(shipped, present):
    """Each model beside the next one (a closed one beside an open one on the way), six at the end."""
    ids = list(shipped.models["model_id"])
    at = open_app(SHIPPED, "app_pages/compare.py", global_params={"present": present} if present == "1" else None)
    _no_error(at, "empty")
    pairs = [ids[i : i + 2] for i in range(0, len(ids), 2)]
    if len(pairs[-1]) == 1:
        pairs[-1] = [ids[0], pairs[-1][0]]
    most = shipped.scores.groupby("model_id").size().sort_values(ascending=False).index[:6]  # the busiest charts
    for pair in [*pairs, list(most)]:
        at.multiselect(key="models").set_value(pair).run()
        _no_error(at, pair)
