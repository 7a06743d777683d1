"""The Models table for one view state: views.sort_models' orders, filters.options' choices, the
link parsers for size and memory, and ui/contexts/models_table.build putting each found model's formatted row,
in that order, next to its own benchmark score (grid and presenter table alike)."""

from __future__ import annotations

import math

import pytest

from model_data import filters, views
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import FIXTURE
from ui.contexts import models_table
from ui.state import url_values
from ui.text import format as fmt
from ui.store import data as ui_data


@pytest.fixture(scope="module")
def data():
    return ui_data.build(read_snapshot(FIXTURE))


def bench_of(data, group="lmarena_text", benchmark="Arena Elo (text)"):
    return models_table.Bench(group, benchmark, views.benchmark_column(data.scores, group, benchmark))


def test_sort_by_name_is_case_insensitive_and_stable(data):
    names = list(views.sort_models(data.models, "name")["display_name"])
    assert names == sorted(names, key=str.lower)
    assert list(views.sort_models(data.models, "no-such-order")["display_name"]) == names


def test_sort_by_size_puts_the_largest_first_and_unknown_sizes_last(data):
    sizes = list(views.sort_models(data.models, "size")["params_b"])
    known = [s for s in sizes if not math.isnan(s)]
    assert known == sorted(known, reverse=True) and known
    assert all(math.isnan(s) for s in sizes[len(known) :]) and len(known) < len(sizes)


def test_sort_by_score_uses_one_benchmark_only_and_puts_models_without_it_last(data):
    bench = bench_of(data)
    scores = bench.column.set_index("model_id")["score"]
    rows = views.sort_models(data.models, "score", scores)
    got = [scores.get(m) for m in rows["model_id"]]
    have = [g for g in got if g is not None]
    assert have == sorted(scores, reverse=True) and len(have) < len(got)
    assert all(g is None for g in got[len(have) :])
    assert "_bench_score" not in rows.columns and len(rows) == len(data.models)


def test_filter_options_come_from_the_snapshot(data):
    opts = filters.options(data.models, data.episodes)
    top = data.models["params_b"].max()
    assert opts["params"][-1] >= top and opts["params"][-2] < top and opts["params"][0] == 0.0
    assert opts["license"] == sorted(set(data.models["license_family"]))
    assert set(opts["commercial"]) == set(data.models["commercial_use"])
    assert ("unknown" in opts["org"]) == bool(data.models["organization"].isna().any())
    assert opts["episodes"] == list(data.episodes["episode_id"])


def test_filter_options_without_any_known_size_still_give_a_slider(data):
    opts = filters.options(data.models.assign(params_b=float("nan")), data.episodes)
    assert opts["params"] == [0.0, 0.5, 1.0]


@pytest.mark.parametrize(
    "values,expected",
    [(["12"], 12.0), (["0.05"], None), (["nan"], None), (["inf"], None), (["x"], None), ([], None), (["1", "7"], 7.0)],
)
def test_memory_from_a_link(values, expected):
    assert url_values.parse_number(0.1, 10000)(values) == expected


@pytest.mark.parametrize(
    "values,expected", [(["14", "3"], (3.0, 14.0)), (["3.7", "13"], (4.0, 14.0)), (["3"], None), (["a", "b"], None)]
)
def test_size_range_from_a_link_snaps_to_steps(values, expected):
    assert url_values.parse_range([0.0, 1.0, 3.0, 4.0, 8.0, 14.0])(values) == expected


@pytest.mark.parametrize("present", [False, True], ids=["grid", "presenter"])
def test_each_row_is_its_own_models_row_with_its_own_score(data, present):
    bench = bench_of(data)
    found = views.collapse_variants(filters.apply(data.models, {"open": True}))
    shown = models_table.build(data, found, "score", bench, present)
    assert list(shown.rows["model_id"]) == list(
        views.sort_models(found, "score", bench.column.set_index("model_id")["score"])["model_id"]
    )
    table = shown.frame if present else shown.grid.to_pandas()
    names = dict(zip(data.models["model_id"], data.models["display_name"]))
    assert list(table["Model"]) == [names[m] for m in shown.rows["model_id"]]
    by_model = bench.column.set_index("model_id")
    for mid, cell in zip(shown.rows["model_id"], table[bench.label]):
        if mid in by_model.index:
            assert cell.startswith(
                fmt.score_text(by_model.at[mid, "score"], by_model.at[mid, "decimals"]).split(" ")[0]
            )
        else:
            assert cell == fmt.UNKNOWN_MARK
    assert shown.column_order[: models_table.LEAD + 1][-1] == bench.label  # right after the answer columns
    csv = shown.download()
    assert list(csv.columns) == shown.column_order and list(csv["Model"]) == list(table["Model"])
    if present:
        assert all(len(v) == len(shown.rows) for v in shown.reasons.values())
    else:
        assert set(shown.column_order) == set(table.columns) and shown.reasons is None


def empty_by_hand(grid) -> list[str]:
    """The columns of an Arrow grid where every cell is null, empty or the unknown mark, cell by cell."""
    if not grid.num_rows:
        return []
    blank = {None, "", fmt.UNKNOWN_MARK}
    return [n for n in grid.column_names if all(v in blank for v in grid.column(n).to_pylist())]


@pytest.mark.parametrize(
    "values",
    [{}, {"open": True}, {"q": "phi"}, {"q": "no model is called this"}, {"license": ["permissive"]}],
    ids=["all", "open", "one-family", "none", "permissive"],
)
def test_the_grids_empty_columns_kept_per_snapshot_are_the_ones_its_rows_leave_empty(data, values):
    """build() takes a view's empty columns from blank cells kept per snapshot; they must be exactly
    the columns that table_cells.empty_columns finds in the view's own grid (the widget's fallback)."""
    found = filters.apply(data.models_plain(), values, data.search_hay(), one_per_model=True)
    for bench in (None, bench_of(data)):
        shown = models_table.build(data, found, "name", bench, False)
        assert shown.grid_empty == empty_by_hand(shown.grid)
        one = models_table.build(data, found.head(1), "name", bench, False)
        assert one.grid_empty == empty_by_hand(one.grid)
        if not values:  # one row leaves more columns empty than all: the kept cells must follow the rows
            assert set(shown.grid_empty) < set(one.grid_empty)


def test_only_the_columns_asked_for_come_back_with_the_same_rows(data):
    hay = data.search_hay()
    cols = ["model_id", "display_name", "open"]
    for values in ({}, {"q": "llama instruct"}, {"open": True, "q": "phi"}):
        wide = filters.apply(data.models_plain(), values, hay, one_per_model=True)
        narrow = filters.apply(data.models_plain(), values, hay, one_per_model=True, columns=cols)
        assert list(narrow.columns) == cols
        assert narrow.equals(wide[cols])
