"""What the thin pages hand to st.table / the grid, tested without a browser: the Compare attribute
table, the Licences answers and families, the Episodes line-up and additions, the Data page's
provenance frames. Expectations come from the fixture's tables, not from copies of them."""

from __future__ import annotations

import pandas as pd
import pytest

from model_data import novelty, provenance, views
from model_data.store import schema
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import FIXTURE
from ui.contexts import compare_table, license_tables
from ui.text import labels
from ui.store import data as ui_data
from ui.text import format as fmt
from ui.text import table_cells


@pytest.fixture(scope="module")
def snap():
    return read_snapshot(FIXTURE)


@pytest.fixture(scope="module")
def models(snap):
    return fmt.word_models(views.model_table(dict(snap.tables)))


@pytest.fixture(scope="module")
def records(snap):
    return ui_data.build(snap).compare_records()  # what the Compare page reads


PAIR = ["microsoft/phi-4", "nvidia/parakeet-tdt-0.6b-v3"]


def test_compare_marks_what_differs_and_never_the_names(records, models):
    shown = compare_table.build(records, PAIR, only_diff=False, present=False).set_index("Attribute")
    m = models.set_index("model_id")
    assert list(shown.columns) == ["Differs", m.loc[PAIR[0], "display_name"], m.loc[PAIR[1], "display_name"]]
    label = labels.COMPARE_LABELS
    assert shown.loc[label["display_name"], "Differs"] == "" and shown.loc[label["license_family"], "Differs"] == (
        "differs" if m.loc[PAIR[0], "license_family"] != m.loc[PAIR[1], "license_family"] else ""
    )
    scores = shown.loc[label[compare_table.SCORES_ROW]]
    assert scores.iloc[1] == m.loc[PAIR[0], "score_summary"]
    assert scores.iloc[2] == fmt.UNKNOWN_MARK  # one short token; why is in the legend
    why = " ".join(compare_table.legend(records, PAIR, shown.reset_index()))
    assert "speech recognition" in why.lower()


def test_compare_only_differences_and_the_presenter_rows(records):
    every = compare_table.build(records, PAIR, only_diff=False, present=False)
    diff = compare_table.build(records, PAIR, only_diff=True, present=False)
    name = labels.COMPARE_LABELS["display_name"]
    assert set(diff["Attribute"]) == set(every.loc[every["Differs"] != "", "Attribute"]) | {name}
    slide = compare_table.build(records, PAIR, only_diff=False, present=True)
    assert set(slide["Attribute"]) <= {labels.COMPARE_LABELS[f] for f in compare_table.PRESENT_ROWS}
    assert name in set(slide["Attribute"])


def test_renaming_a_label_keeps_the_presenter_rows_and_the_unknown_reasons(records, monkeypatch):
    """Rows are field codes until drawn (#22): a label is words only, never behaviour."""
    before = compare_table.build(records, PAIR, only_diff=False, present=True)
    reasons = compare_table.legend(records, PAIR, before)
    renamed = {**labels.COMPARE_LABELS, "params_b": "Size in billions", "score_headlines": "How good"}
    monkeypatch.setattr(labels, "COMPARE_LABELS", renamed)
    after = compare_table.build(records, PAIR, only_diff=False, present=True)
    assert len(after) == len(before) and {"Size in billions", "How good"} <= set(after["Attribute"])
    assert after.drop(columns="Attribute").equals(before.drop(columns="Attribute"))
    assert [r.split(":")[-1] for r in compare_table.legend(records, PAIR, after)] == [r.split(":")[-1] for r in reasons]
    assert reasons  # the fixture pair has an unknown to explain


def test_compare_cells_mark_unknowns_and_say_dense_models_as_such():
    rec = {"params_b": 14.0, "params_note": None}
    assert compare_table.cell_text("params_active_b", None, rec) == "dense (all active)"
    assert compare_table.cell_text("params_b", None, {"params_note": "Not published."}) == fmt.UNKNOWN_MARK
    assert compare_table.unknown_reason("params_b", None, {"params_note": "Not published."}) == "Not published."
    assert compare_table.cell_text("license_warning", None, rec) == ""  # a note row: nothing to say
    assert compare_table.cell_text("downloads", 1234567, rec) == "1,234,567"
    assert compare_table.cell_text("mem_4bit_gb", 8.4567, rec) == "8.46"
    assert compare_table.cell_text("open_weights", "false", rec).startswith("no (closed")


def test_compare_marks_only_the_differs_cells_bold():
    """The shading's CSS shades a row holding a bold cell: only "differs" may be bold, never a cell from
    data, even one written as markdown bold."""
    frame = pd.DataFrame({"Attribute": ["a", "b"], "Differs": ["differs", ""], "X": ["**1**", "2"]})
    shown = compare_table.marked(fmt.md_cells(frame))
    assert list(shown["Differs"]) == ["**differs**", ""]
    assert shown.loc[0, "X"] == "\\*\\*1\\*\\*" and shown.loc[0, "Attribute"] == "a"
    assert list(frame["Differs"]) == ["differs", ""]  # the CSV's frame is left as it was


@pytest.mark.parametrize("name", ["Differs", "Attribute"])
def test_a_model_named_like_a_column_of_the_compare_table_changes_nothing(records, name):
    """Names come from data: a model called "Differs" or "Attribute" is a column like any other, and the
    marking, the shading's bold cells and the legend still read the table's own columns (by position)."""
    renamed = {**records, PAIR[0]: [{**records[PAIR[0]][0], "display_name": name}, *records[PAIR[0]][1:]]}
    plain = compare_table.build(records, PAIR, False, False)
    shown = compare_table.build(renamed, PAIR, False, False)
    assert list(shown.columns)[2] == name and shown.iloc[:, 1].tolist() == plain.iloc[:, 1].tolist()
    marked = compare_table.marked(fmt.md_cells(shown))
    assert marked.iloc[:, 1].tolist() == [f"**{v}**" if v else "" for v in plain.iloc[:, 1]]
    assert "**differs**" not in marked.iloc[:, 2].tolist()  # the model's own cells are left as they are
    old_name = records[PAIR[0]][0]["display_name"]
    expected = [line.replace(f"of {old_name}", f"of {name}") for line in compare_table.legend(records, PAIR, plain)]
    assert compare_table.legend(renamed, PAIR, shown) == expected and expected


@pytest.mark.parametrize("want", [None, *views.STUDENT_QUESTIONS])
def test_license_answers_put_the_question_asked_first(models, want):
    shown = license_tables.answers(models, want, present=False)
    assert shown.columns[0] == "Model" and len(shown) == len(models)
    if want:
        assert shown.columns[1] == license_tables.QUESTION_COLUMNS[want]
    assert not shown.isna().any().any()  # unknown answers read "unknown"
    slide = license_tables.answers(models, want, present=True)
    assert list(slide.columns) == [
        "Model",
        license_tables.QUESTION_COLUMNS[want or "startup_product"],
        "Licence family",
        "Licence warning",
    ]


def test_every_license_family_is_in_plain_words(models):
    shown = license_tables.families(views.license_families(models))
    assert list(shown.columns[:2]) == ["Family", "In plain words"]
    for fam, words in zip(shown["Family"], shown["In plain words"]):
        assert words == license_tables.FAMILY_WORDS.get(fam.lower(), license_tables.FALLBACK_WORDS)
    assert set(shown["Family"]) == set(models["license_family"])


def test_episode_lineup_puts_new_models_first_and_says_where_the_rest_came_from(snap, models):
    eps = views.episodes_frame(snap.tables["episodes"])
    pairs = list(zip(*[views.specific_mentions(snap.tables["mentions"])[c] for c in ("episode_id", "model_id")]))
    new_by = novelty.new_per_episode(pairs, list(eps["episode_id"]))
    first = novelty.first_named(pairs, list(eps["episode_id"]))
    here = views.collapse_variants(views.episode_models(models, snap.tables["mentions"], "s2e3"))
    lineup = views.episode_lineup(here, new_by.get("s2e3", []), first)
    flags = list(lineup["new"])
    assert flags == sorted(flags, reverse=True) and set(lineup["model_id"]) == set(here["model_id"])
    for mid, new, came in zip(lineup["model_id"], lineup["new"], lineup["first_named_in"]):
        assert new == (mid in new_by.get("s2e3", [])) and pd.isna(came) == new
        if not new:
            assert came == first[mid] and came != "s2e3"
    text = fmt.novelty_text(lineup, dict(zip(eps["episode_id"], eps["label"])))
    assert ("new in this episode" in text) == any(flags)


def test_episode_additions_count_what_each_episode_named_first(snap, models):
    eps = views.episodes_frame(snap.tables["episodes"])
    pairs = list(zip(*[views.specific_mentions(snap.tables["mentions"])[c] for c in ("episode_id", "model_id")]))
    new_by = novelty.new_per_episode(pairs, list(eps["episode_id"]))
    added = views.episode_additions(snap.tables["episodes"], snap.tables["mentions"], models, new_by)
    assert list(added["episode_id"]) == list(eps["episode_id"])[::-1]
    assert sum(added["new"]) == len({m for ids in new_by.values() for m in ids})
    shown = fmt.additions_display(added, views.display_names(models))
    assert list(shown.columns) == list(fmt.ADDITIONS_COLUMNS.values())
    assert all(cell == "none" for cell, n in zip(shown["New models"], shown["New"]) if n == 0)


def test_provenance_frames_list_every_table_and_source(snap):
    tables = provenance.table_rows(snap.manifest)
    assert set(tables["table"]) == set(snap.manifest["tables"])
    sources = provenance.source_rows(snap.manifest)
    own = snap.manifest.get("sources")
    assert own and len(sources) == len(own) and set(sources.columns) == {k for s in own for k in s}
    derived = provenance.source_rows({**snap.manifest, "sources": []})
    per_table = {(t, s) for t, info in snap.manifest["tables"].items() for s in (info.get("sources") or {})}
    assert set(zip(derived["table"], derived["source"])) == per_table
    credits = provenance.attributions(snap.manifest)
    assert credits and all(c["attribution"] and c["license"] for c in credits)


def test_provenance_of_a_hand_edited_manifest_still_shows_something():
    assert provenance.table_rows({}).empty and provenance.source_rows({}).empty
    assert list(provenance.source_rows({"sources": {"hub": "live"}})["value"]) == ["live"]
    assert list(provenance.source_rows({"sources": "odd"})["value"]) == ["odd"]
    assert provenance.attributions({"tables": {"scores": {"sources": {"x": {"license": "MIT"}}}}}) == []


@pytest.mark.parametrize("note", ["no safetensors metadata; name has no size", None, "  "])
def test_an_unknown_size_is_worded_the_same_on_every_table(note):
    """The models grid, its per-row reasons, the episode table and the compare legend all say a size
    the sources lack with format.size_text / size_reason: the model's own note, else the general reason."""
    why = note if note and note.strip() else fmt.NO_PARAMETER_COUNT
    model = {"model_id": "org/m", "display_name": "M", "params_b": float("nan"), "params_note": note}
    frame = pd.DataFrame([model])
    assert table_cells.model_reasons(frame.assign(scores_why=""))["Size"] == [why]
    assert compare_table.unknown_reason("params_b", None, model) == why
    assert fmt.size_text(model["params_b"]) == fmt.UNKNOWN_MARK and fmt.size_text(7.0) == "7 B"
    row = fmt.episode_models_table(["org/m"], set(), {"org/m": ["M", None, "permissive", "yes"]})
    assert f"| M | named before | permissive | yes | {fmt.UNKNOWN_MARK} |" in row


def test_the_episode_label_is_the_schemas_on_every_page(snap):
    """The pandas-free Overview digest and the other pages' episode frame label episodes alike (S2E13)."""
    frame = views.episodes_frame(snap.tables["episodes"])
    assert len(frame) and list(frame["label"]) == [
        schema.episode_label(s, e) for s, e in zip(frame["season"], frame["episode"])
    ]
    assert schema.episode_label("2", 13.0) == "S2E13"
