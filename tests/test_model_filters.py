"""views.filter_models against a row-by-row oracle on the fixture snapshot: each filter alone, then together.

Written to kill the mutants mutmut left alive in the model filters; every expectation is computed
from the model table itself (no counts copied from the data).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from model_data import filters, views
from model_data.store.snapshot import read_snapshot


@pytest.fixture(scope="module")
def models(fixture_snapshot):
    return views.model_table(dict(read_snapshot(fixture_snapshot).tables))


def expected(models, keep) -> list[str]:
    return sorted(r["model_id"] for r in models.to_dict("records") if keep(r))


def got(models, **values) -> list[str]:
    return sorted(filters.apply(models, values)["model_id"])


def known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def some(values, n=2) -> list:
    """A few distinct values that occur, so a filter keeps some rows and drops others."""
    distinct = sorted({v for v in values if isinstance(v, str) and v})
    assert len(distinct) >= 2, "the fixture needs two values to tell a filter from no filter"
    return distinct[: n - 1] if n > 1 else distinct


def test_no_filter_keeps_every_model(models):
    assert got(models) == sorted(models["model_id"])


@pytest.mark.parametrize(
    "field, column",
    [
        ("license", "license_family"),
        ("commercial", "commercial_use"),
        ("size", "size_class"),
        ("org", "organization"),
    ],
)
def test_a_list_filter_keeps_exactly_the_rows_with_one_of_its_values(models, field, column):
    chosen = some(models[column])
    kept = got(models, **{field: chosen})
    assert kept == expected(models, lambda r: r[column] in chosen)
    assert 0 < len(kept) < len(models)


def test_task_filter_counts_a_missing_task_as_unknown(models):
    assert got(models, task=["unknown"]) == expected(models, lambda r: not isinstance(r["task"], str))
    task = some(models["task"])
    assert got(models, task=task) == expected(models, lambda r: r["task"] in task)


def test_params_range_is_inclusive_and_never_keeps_an_unknown_size(models):
    sizes = sorted(p for p in models["params_b"] if known(p))
    low, high = sizes[1], sizes[-2]
    assert got(models, params=(low, high)) == expected(
        models, lambda r: known(r["params_b"]) and low <= r["params_b"] <= high
    )
    assert got(models, params=(0, 1e9)) == expected(models, lambda r: known(r["params_b"]))


def test_seasons_and_episodes_keep_models_named_in_any_of_them(models):
    season = sorted({s for ss in models["seasons"] for s in ss})[:1]
    assert got(models, season=season) == expected(models, lambda r: bool(set(r["seasons"]) & set(season)))
    episode = sorted({e for es in models["episode_ids"] for e in es})[:2]
    kept = got(models, episodes=episode)
    assert kept == expected(models, lambda r: bool(set(r["episode_ids"]) & set(episode)))
    assert 0 < len(kept) < len(models)


def test_open_named_and_fits(models):
    assert got(models, open=True) == expected(models, lambda r: bool(r["open"]))
    assert got(models, named=True) == expected(models, lambda r: r["mentions"] > 0)
    for bits in views.MEMORY_BITS:
        budget = sorted(m for m in models[f"mem_{bits}bit_gb"] if known(m))[2]
        kept = got(models, fits=budget, bits=bits)
        fits = f"mem_{bits}bit_gb"
        assert kept == expected(models, lambda r, col=fits, gb=budget: known(r[col]) and r[col] <= gb)
        assert 0 < len(kept) < len(models)


@pytest.mark.parametrize("question", list(views.STUDENT_QUESTIONS))
def test_want_keeps_yes_and_with_conditions_only(models, question):
    assert got(models, **{filters.QUESTION_KEYS[question]: ["yes", "conditions"]}) == expected(
        models, lambda r: r[f"{question}_class"] in ("yes", "conditions")
    )


def test_search_needs_every_word_in_any_field_case_insensitively(models):
    first = models.iloc[0]
    word = first["display_name"].split()[0].upper()
    hay = views.search_haystack(models)
    assert got(models, q=f"  {word} ") == expected(
        models, lambda r: word.lower() in hay[models.index[list(models["model_id"]).index(r["model_id"])]]
    )
    assert got(models, q=f"{word} no-such-word-anywhere") == []
    kept = filters.apply(models, {"q": word}, hay=hay)
    assert first["model_id"] in set(kept["model_id"])


def test_filters_combine_with_and(models):
    families = some(models["license_family"], 3)
    combined = got(models, license=families, open=True, named=True)
    assert combined == expected(
        models, lambda r: r["license_family"] in families and bool(r["open"]) and r["mentions"] > 0
    )
    assert set(combined) <= set(got(models, license=families))


def test_every_filter_narrows_what_the_filters_before_it_kept(models):
    """Each filter ANDs with the ones before it (search first), never replaces or widens them."""
    first_org = some(models["organization"])[0]
    word = next(o for o in sorted(set(models["organization"])) if isinstance(o, str) and o and o != first_org).split()[
        0
    ]
    searched = set(got(models, q=word))
    assert 0 < len(searched) < len(models)
    opts = filters.options(models, pd.DataFrame({"episode_id": ["s1e1"], "season": [1]}))
    for f in filters.FILTERS:  # every declared filter, so a new one is covered without editing this test
        value = sample(f, models, opts)
        if value is None:
            continue
        given = {f.key: value, "bits": 4}
        assert got(models, q=word, **given) == sorted(searched & set(got(models, **given))), f.key


def sample(f, models, opts):
    """A value of filter `f` that keeps some rows (None: the filter has no value of its own to try)."""
    column = {"license": "license_family", "commercial": "commercial_use", "size": "size_class", "org": "organization"}
    if f.kind == "choice":
        if f.key in column:
            return some(models[column[f.key]])
        if f.key == "season":
            return sorted({s for ss in models["seasons"] for s in ss})[:1]
        if f.key == "episodes":
            return sorted({e for es in models["episode_ids"] for e in es})[:3]
        return list(opts[f.key])[:2]
    if f.kind == "switch":
        return True
    if f.kind == "number":
        return 1e6
    if f.kind == "steps":
        return (opts[f.key][1], opts[f.key][-1])
    return None


def test_search_words_are_literal_text_not_patterns(models):
    hay = views.search_haystack(models)
    for word in (".", "(", "+", "4."):
        literal = expected(
            models, lambda r, w=word: w in hay[models.index[list(models["model_id"]).index(r["model_id"])]]
        )
        assert got(models, q=word) == literal, word
    assert got(models, q=".*") == []


@pytest.mark.parametrize(
    "value,gated",
    [
        (None, False),
        (float("nan"), False),
        ("", False),
        ("false", False),
        (" False ", False),
        ("0", False),
        ("no", False),
        ("NO", False),
        ("nan", False),
        ("auto", True),
        ("manual", True),
        ("true", True),
        ("TRUE", True),
    ],
)
def test_gating_is_a_click_through_unless_the_hub_says_false(value, gated):
    assert views.is_gated(value) is gated


@pytest.mark.parametrize(
    "answer,cls",
    [
        (None, "unknown"),
        (float("nan"), "unknown"),
        ("  ", "unknown"),
        ("Unknown: read the licence.", "unknown"),
        ("No.", "no"),
        ("no commercial use", "no"),
        ("Yes", "yes"),
        ("yes.", "yes"),
        ("Yes; cite the model.", "yes"),
        ("Yes unless you exceed 700 million monthly active users.", "conditions"),
        ("Yes, within the use restrictions.", "conditions"),
        ("Restricted: ask the publisher.", "conditions"),
        ("Depends on the use.", "conditions"),
    ],
)
def test_a_license_answer_is_yes_only_without_a_condition(answer, cls):
    assert views.answer_class(answer) == cls


def test_the_unknown_organisation_finds_the_models_without_one(models):
    blank = models.assign(organization=[None] + list(models["organization"].iloc[1:]))
    kept = sorted(filters.apply(blank, {"org": ["unknown"]})["model_id"])
    assert kept == [blank["model_id"].iloc[0]]


def test_sorts_keep_ties_in_their_order_and_compare_names_in_lower_case(models):
    rows = models.head(4).assign(display_name=["aB", "a_x", "Ab", "a_y"], params_b=[1.0, 1.0, 1.0, 1.0])
    assert list(views.sort_models(rows, "name")["display_name"]) == ["a_x", "a_y", "aB", "Ab"]
    assert list(views.sort_models(rows, "size")["display_name"]) == ["aB", "a_x", "Ab", "a_y"]  # all tied: as given
    assert list(views.sort_models(rows, None)["display_name"]) == ["a_x", "a_y", "aB", "Ab"]


def test_open_first_keeps_each_groups_order_and_the_rows_keep_their_index(models):
    rows = models.head(4).assign(
        display_name=["d", "c", "b", "a"], open=[False, True, False, True], params_b=[1.0, None, 3.0, 2.0]
    )
    by_name = views.sort_models(rows, "name", open_first=True)
    assert list(by_name["display_name"]) == ["a", "c", "b", "d"] and list(by_name.index) == [3, 1, 2, 0]
    assert list(views.sort_models(rows, "size", open_first=True)["display_name"]) == ["a", "c", "b", "d"]
    scores = pd.Series({rows["model_id"].iloc[1]: 9.0, rows["model_id"].iloc[2]: 5.0})
    by_score = views.sort_models(rows, "score", scores)
    assert list(by_score["display_name"]) == ["c", "b", "d", "a"] and "_bench_score" not in by_score.columns


def test_one_row_per_model_drops_a_copy_only_when_its_original_passes_the_filters(models):
    original, copy, other = models["model_id"].iloc[:3]
    rows = models.head(3).assign(
        variant_of=[None, original, None], display_name=["Orig", "Copy", "Other"], open=[True, True, True]
    )
    both = filters.apply(rows, {}, one_per_model=True)
    assert list(both["model_id"]) == [original, other]
    assert both.equals(views.collapse_variants(filters.apply(rows, {})))
    no_original = filters.apply(rows, {"q": "copy"}, one_per_model=True)  # the original is filtered out
    assert list(no_original["model_id"]) == [copy]


def test_filter_options_name_the_unknowns_and_cap_the_size_steps(models):
    odd = models.assign(
        params_b=[5000.0] + list(models["params_b"].iloc[1:]),
        task=[None] + list(models["task"].iloc[1:]),
        organization=[None] + list(models["organization"].iloc[1:]),
        commercial_use=["no", "unknown"] + ["yes"] * (len(models) - 2),
    )
    episodes = pd.DataFrame({"episode_id": ["s2e1", "s1e1"], "season": [2, 1]})
    opts = filters.options(odd, episodes)
    assert opts["params"][-1] == views.SIZE_STEPS[-1] and opts["params"] == list(views.SIZE_STEPS)
    assert opts["commercial"] == ["yes", "no", "unknown"]
    assert "unknown" in opts["task"] and "unknown" in opts["org"]
    assert opts["season"] == [1, 2] and opts["episodes"] == ["s2e1", "s1e1"]
    assert filters.options(odd.assign(commercial_use="maybe"), episodes)["commercial"] == ["unknown"]


def test_the_size_steps_name_the_sizes_students_ask_about():
    assert {1.0, 3.0, 7.0, 10.0, 14.0, 30.0, 70.0} <= set(views.SIZE_STEPS)
    assert list(views.SIZE_STEPS) == sorted(views.SIZE_STEPS)


def test_a_filter_is_active_only_when_it_constrains(models):
    opts = filters.options(models, pd.DataFrame({"episode_id": ["s1e1"], "season": [1]}))
    full = (opts["params"][0], opts["params"][-1])
    assert filters.active({"params": full, "bits": 8, "q": "", "license": []}, opts) == []
    assert filters.active({"params": (opts["params"][1], full[1]), "fits": 0.5, "open": True}, opts) == [
        "open",
        "params",
        "fits",
    ]
    assert len(filters.apply(models, {"params": full}, opts=opts)) == len(models)  # unknown sizes stay


def test_the_license_page_leaves_out_baselines_unless_asked(models):
    with_base = models.assign(mentions=[0] + list(models["mentions"].iloc[1:]))
    base_id = with_base["model_id"].iloc[0]
    assert base_id not in set(views.license_page_models(with_base)["model_id"])
    assert base_id in set(views.license_page_models(with_base, baselines=True)["model_id"])
