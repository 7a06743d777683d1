"""Every page through AppTest (from dashboard.py, switch_page): no exception, the expected numbers.

Runs against the fixture snapshot always, and against the shipped snapshot once it is built.
"""

from __future__ import annotations

import base64


import pandas as pd
import pytest

from model_data import views
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import FIXTURE, SHIPPED, frames, needs_shipped, no_exception, open_app, open_menu, warnings
from ui.store import data as ui_data
from ui import page_registry

PAGES = list(page_registry.FILES.values())  # every page the navigation has


@pytest.fixture(autouse=True)
def _env(monkeypatch):
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(FIXTURE))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(page):
    at = open_app(FIXTURE, page)
    no_exception(at)
    assert at.title, "each page has a title"


def headline_numbers(at) -> dict[str, str]:
    """The Overview's headline numbers: a subheader (the number) and a caption (its label) per column."""
    return {c.caption[0].value: c.subheader[0].value for c in at.columns if c.subheader and c.caption}


def test_overview_numbers():
    at = open_app(FIXTURE)
    no_exception(at)
    metrics = headline_numbers(at)
    assert metrics == {
        "Episodes": "6",
        "Models mentioned": "17",
        "Open weights": "15",
        "Closed": "2",
        "Licence families": "4",
    }
    # The landing page draws no Plotly (4.7 MB of JavaScript) and no data grid: two SVG count charts,
    # markdown tables whose episode labels link to the episode's page.
    assert not at.get("plotly_chart") and not at.dataframe
    images = [m.value for m in at.markdown if m.value.startswith("![")]
    svgs = [base64.b64decode(v.split("base64,", 1)[1].rstrip(")")).decode() for v in images]
    assert len(svgs) == 2 and all(s.startswith("<svg") for s in svgs)
    assert "Models mentioned per licence family" in svgs[0] and ">permissive<" in svgs[0]
    assert "Open vs closed models per season" in svgs[1] and ">Season 3<" in svgs[1]
    tables = [m.value for m in at.markdown if m.value.startswith("| ")]
    seasons = next(t for t in tables if t.startswith("| Season |"))
    assert seasons.splitlines()[2] == "| 1 | 3 | 9 | 7 | 2 |"
    recent = next(t for t in tables if t.startswith("| Episode |"))
    # every episode, newest first, with the models it was the first to name (S1E1 is the first: all of them are new)
    assert "| S1E1 | 2025\\-03\\-10 | 5 | 5 | DeepSeek\\-V3, GPT\\-4o," in recent
    # each listed episode opens in this tab (a page link), not through a markdown link (a new tab and session)
    assert "](" not in recent and "episodes?episode" not in "".join(m.value for m in at.markdown)
    assert len(recent.splitlines()) == 2 + 6  # header, rule, one row per episode
    # the viewer's episode first: the latest aired one, with its models' licences and sizes
    subheads = [h.value for h in at.subheader]
    assert subheads[0].startswith("Latest episode with models: S3E3")
    latest = next(t for t in tables if t.startswith("| Model | New? |"))
    assert "| Licence family | Commercial use | Size |" in latest.splitlines()[0]

    assert at.expander[0].label.startswith("Interactive timeline")
    at.session_state["timeline"] = True  # what opening the expander does
    at.run()
    no_exception(at)
    assert len(at.get("plotly_chart")) == 1
    for value in ("true", "1", "yes"):  # ?timeline=true opens with it (bound expander); 1 / yes too
        linked = open_app(FIXTURE, None, {"timeline": value})
        assert len(linked.get("plotly_chart")) == 1 and not linked.warning, value
        assert dict(linked.query_params) in (
            {"timeline": "true"},
            {"timeline": ["true"]},
        )  # the address bar says it the one way
    assert not open_app(FIXTURE, None, {"timeline": "0"}).get("plotly_chart")


def test_episode_s2e3_lists_its_models_with_sizes():
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s2e3"})
    no_exception(at)
    assert at.header[0].value.startswith("S2E3: SLMs and Reasoning")
    table = frames(at)[0]
    assert set(table["Model"]) == {"Phi-4", "Phi-4-reasoning", "Phi-4-reasoning-plus ONNX"}
    assert dict(zip(table["Model"], table["Size"])) == {
        "Phi-4": "14.66 B",
        "Phi-4-reasoning": "14.7 B",
        "Phi-4-reasoning-plus ONNX": "14.7 B",
    }
    assert at.query_params["episode"] in ("s2e3", ["s2e3"])


def test_episode_previous_next_move_and_update_the_url():
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s2e1"})
    at.button(key="next").click().run()
    assert at.header[0].value.startswith("S2E3")
    assert at.query_params["episode"] in ("s2e3", ["s2e3"])
    at.button(key="next").click().run()
    assert at.header[0].value.startswith("S3E3")  # the latest aired: the default, so the address drops it
    assert "episode" not in at.query_params
    at.button(key="prev").click().run()
    at.button(key="prev").click().run()
    assert at.header[0].value.startswith("S2E1")


def test_episodes_open_on_the_latest_aired_episode_and_say_what_is_new(monkeypatch):
    at = open_app(FIXTURE, "app_pages/episodes.py")
    no_exception(at)
    assert at.header[0].value.startswith("S3E3")
    monkeypatch.setenv("MME_TODAY", "2025-07-01")  # before S3 aired: the latest is the last S2 episode
    at = open_app(FIXTURE, "app_pages/episodes.py")
    assert at.header[0].value.startswith("S2E3")
    table = frames(at)[0]
    assert list(table.columns[:6]) == [
        "Model",
        "New?",
        "Licence family",
        "Commercial use",
        "Licence warning",
        "Scores (each source in its own unit; † = reported by the maker)",
    ]
    added = frames(at)[-1]
    assert list(added["Episode"])[0] == "S3E3" and set(added.columns) >= {"New", "New models"}
    assert added.set_index("Episode").loc["S1E1", "New"] == added.set_index("Episode").loc["S1E1", "Models named"]


def test_episode_titles_from_data_are_escaped_not_rendered():
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s3e3"})
    no_exception(at)
    header = at.header[0].value
    assert "\\<b\\>" in header and "\\[click\\]\\(javascript\\:alert" in header
    assert "<b>" not in header


def test_non_llm_and_unknown_rows_say_why():
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s3e3"})
    table = frames(at)[0].set_index("Model")
    score = table.loc["Parakeet TDT 0.6B v3", "Scores (each source in its own unit; † = reported by the maker)"]
    assert score == "—" and "speech recognition" in table.loc["Parakeet TDT 0.6B v3", "Why no score"].lower()
    assert any(c.value.startswith("— = unknown") for c in at.caption)  # the legend of the short token
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s1e4"})
    table = frames(at)[0].set_index("Model")
    assert table.loc["TRELLIS Image Large", "Size"] == "—"
    assert "safetensors" in table.loc["TRELLIS Image Large", "Why size unknown"]
    # no cell of the grid is None, NaN or a bare "unknown": one token, its reason in its row or legend
    cells = table.reset_index().astype(object).to_numpy().ravel().tolist()
    assert not [
        c
        for c in cells
        if c is None or (isinstance(c, float) and c != c) or str(c).strip().lower() in ("none", "nan", "unknown")
    ]


def test_models_filters_from_the_url():
    at = open_app(FIXTURE, "app_pages/models.py", {"license": "permissive"})
    no_exception(at)
    assert "**9 of 17 models** match." in [m.value for m in at.markdown]  # 19 repos, 2 of them repackagings
    at = open_app(FIXTURE, "app_pages/models.py", {"q": "phi", "size": "consumer"})
    assert list(frames(at)[0]["Model"]) == ["Phi-4-mini-instruct"]
    at = open_app(FIXTURE, "app_pages/models.py", {"fits": "12", "bits": "4", "open": "true", "sort": "size"})
    table = frames(at)[0]
    models = list(table["Model"])
    params = [float(p) for p in table["Params (B)"] if not str(p).startswith("unknown")]  # text when some are unknown
    assert params and params == sorted(params, reverse=True)  # sort=size: largest first
    assert all(views.memory_gb(p, 4) <= 12 for p in params)  # each fits 12 GB at 4 bits
    assert "TRELLIS Image Large" not in models and "GPT-4o" not in models


def test_models_startup_question_via_commercial_filter():
    at = open_app(FIXTURE, "app_pages/models.py", {"commercial": "yes"})
    got = set(frames(at)[0]["Model"])
    assert "Phi-4" in got and "Llama 3.1 8B Instruct" not in got


UNKNOWN_MARK = "—"  # how the grid shows a cell no source fills


def test_models_benchmark_defaults_to_the_one_most_shown_models_have():
    at = open_app(FIXTURE, "app_pages/models.py")
    assert at.selectbox(key="bench").value == "lmarena_text|Arena Elo (text)"
    assert len(at.get("plotly_chart")) == 1
    table = frames(at)[0]
    score_cols = [c for c in table.columns if c.startswith("Arena Elo (text)")]
    assert score_cols == ["Arena Elo (text) · lmarena_text (elo)"]  # one benchmark, one unit, labelled
    assert table["±95% CI"].str.startswith("±").any() and "Reported by" in table.columns
    # the first screen answers "which open model is best": sorted by that benchmark, open models first
    assert at.selectbox(key="sort").value == "score"
    assert list(table["Weights"]) == sorted(table["Weights"], key=lambda w: w != "open")
    assert set(table["Weights"]) == {"open", "closed (API)"}  # closed baselines listed, and marked
    for _, rows in table.groupby("Weights"):
        cells = rows["Arena Elo (text) · lmarena_text (elo)"].tolist()  # text in the grid: never "None"
        known = [float(c) for c in cells if not c.startswith(UNKNOWN_MARK)]
        assert known == sorted(known, reverse=True)
        assert all(c.startswith(UNKNOWN_MARK) for c in cells[len(known) :])  # unknowns last
    assert "Score" not in table.columns  # no column mixing sources
    at = open_app(FIXTURE, "app_pages/models.py", {"open": "true"})
    assert set(frames(at)[0]["Weights"]) == {"open"}  # the closed ones are one switch away


def test_models_table_on_a_self_reported_benchmark_marks_who_reported_it():
    at = open_app(FIXTURE, "app_pages/models.py", {"bench": "llm_stats|GPQA"})
    no_exception(at)
    table = frames(at)[0].set_index("Model id")
    assert table.loc["openai/gpt-oss-20b", "Reported by"] == "maker (self-reported) †"
    assert float(table.loc["openai/gpt-oss-20b", "GPQA · llm_stats (fraction (0-1))"]) == 0.715
    at = open_app(
        FIXTURE, "app_pages/models.py", {"bench": "llm_stats|GPQA", "present": "1"}, global_params={"present": "1"}
    )
    shown = at.table[0].value
    assert "0\\.715 †" in shown.astype(str).to_numpy().ravel().tolist()  # rounded as the source reports, marked


def test_compare_two_models_side_by_side():
    at = open_app(FIXTURE, "app_pages/compare.py", {"models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"]})
    no_exception(at)
    table = compare_frame(at)
    assert list(table.columns) == ["Differs", "Phi-4", "Llama 3.1 8B Instruct"]
    assert table.loc["Parameters (B)", "Phi-4"] == "14.66"
    assert table.loc["Licence family", "Differs"] == "**differs**"  # the bold cell the row's shading keys on
    assert table.loc["Name", "Differs"] == table.loc["Model id", "Differs"] == ""  # identity rows are never marked
    assert table.loc["Active parameters (B)", "Phi-4"] == "dense (all active)"
    assert not [c for c in table.to_numpy().ravel() if str(c).strip().lower() in ("none", "nan", "unknown")]
    charts = at.get("plotly_chart")
    assert len(charts) == 4  # v2: radar + bars; lmarena_text: bars; llm_stats (self-reported): bars
    captions = " ".join(c.value for c in at.caption)
    assert "chat template" in captions  # the known-bad Llama 3.1 leaderboard run carries its caveat
    assert "self-reported" in captions


def compare_frame(at) -> pd.DataFrame:
    """The Compare table (a static table: long answers wrap), with markdown escapes undone."""
    import re

    frame = at.table[0].value
    frame = frame.data if hasattr(frame, "data") else frame
    unescape = lambda v: re.sub(r"\\(.)", r"\1", v) if isinstance(v, str) else v  # noqa: E731
    frame = frame.map(unescape).rename(columns=unescape)
    return frame.set_index("Attribute")


def test_compare_explains_missing_scores():
    at = open_app(FIXTURE, "app_pages/compare.py", {"models": ["microsoft/phi-4", "nvidia/parakeet-tdt-0.6b-v3"]})
    captions = " ".join(c.value for c in at.caption)
    assert "Parakeet TDT 0\\.6B v3 has no open\\_llm\\_leaderboard\\_v2 score" in captions
    assert "Speech recognition" in captions


def test_licenses_startup_answers():
    at = open_app(FIXTURE, "app_pages/licenses.py", {"want": "startup_product"})
    no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    assert "models: yes.**" in text
    per_model = frames(at)[0]
    assert list(per_model.columns[:2]) == ["Model", "Startup product?"] and len(per_model) == 17  # models, not repos
    warned = per_model.set_index("Model").loc["DeepSeek-R1-Distill-Llama-70B"]
    assert "Llama 3.3" in warned["Licence warning"] and "700 million" in warned["Startup product?"]
    assert any("Llama 3\\.3" in w.value for w in at.warning)


def test_licenses_family_filter_keeps_that_family_only():
    models = views.model_table(dict(read_snapshot(FIXTURE).tables))
    named = models[models["mentions"] > 0]
    named = named[~named["variant_of"].isin(set(named["model_id"]))]  # models, not repos
    family = named["license_family"].value_counts().index[0]
    at = open_app(FIXTURE, "app_pages/licenses.py", {"family": family})
    no_exception(at)
    per_model, families = frames(at)[0], frames(at)[-1]
    assert set(per_model["Licence family"]) == {family}
    assert len(per_model) == (named["license_family"] == family).sum() < len(named)
    assert list(families["Family"]) == [family]


def test_data_page_shows_manifest_coverage_and_downloads():
    at = open_app(FIXTURE, "app_pages/data.py")
    no_exception(at)
    assert "**Snapshot date:** 2026-11-26" in [m.value for m in at.markdown]
    tables = frames(at)
    coverage = [t for t in tables if "Any score" in t.columns and "Model id" in t.columns][0]
    assert len(coverage) == 19 and coverage["Any score"].sum() == 10
    episodes = [t for t in tables if "No score: why" in t.columns][0].set_index("Episode")
    assert (episodes.loc["S2E3", "Models"], episodes.loc["S2E3", "Repos"]) == (3, 4)
    assert "llm_stats" in episodes.columns
    text = " ".join(m.value for m in at.markdown)
    assert "CC\\-BY\\-4\\.0" in text and "llm\\-stats" in text  # the attribution CC-BY asks for
    assert len(at.get("download_button")) >= 5


def test_presenter_mode_uses_static_tables_and_a_qr_code():
    at = open_app(FIXTURE, None, {"present": "1"})
    no_exception(at)
    assert open_menu(at).toggle(key="present_toggle").value is True
    assert any(m.value.startswith("![QR code of the link to this view](data:image/png;base64,") for m in at.markdown)
    at = open_app(FIXTURE, "app_pages/models.py", {"present": "1"}, global_params={"present": "1"})
    assert at.query_params.get("present") in ("1", ["1"])
    assert len(at.table) >= 1 and not at.dataframe


# ----- the shipped snapshot -------------------------------------------------------------------


@needs_shipped
def test_shipped_overview_counts_match_the_snapshot():
    snap = read_snapshot(SHIPPED)
    at = open_app(SHIPPED)
    no_exception(at)
    metrics = headline_numbers(at)
    from model_data import views

    aired = views.aired(snap.episodes)
    assert metrics["Episodes"] == str(len(aired)) and 0 < len(aired) <= len(snap.episodes)
    pairs = views.named_pairs(snap.models, snap.episodes, snap.mentions)  # the one count (tests/test_counts.py)
    assert metrics["Models mentioned"] == str(pairs["model_id"].nunique())  # models, not repos


@needs_shipped
def test_shipped_s2e3_models_and_sizes():
    snap = read_snapshot(SHIPPED)
    repos = set(snap.mentions.loc[snap.mentions["episode_id"] == "s2e3", "model_id"]) & set(snap.models["model_id"])
    assert {"microsoft/phi-4", "microsoft/Phi-4-reasoning"} <= repos
    at = open_app(SHIPPED, "app_pages/episodes.py", {"episode": "s2e3"})
    no_exception(at)
    table = frames(at)[0]
    variants = set(snap.models.loc[snap.models["variant_of"].isin(repos), "model_id"])
    assert variants and set(table["Model id"]) == repos - variants  # one row per model, not per repo
    phi = snap.models.set_index("model_id").loc["microsoft/phi-4", "params_b"]
    shown = table.set_index("Model id").loc["microsoft/phi-4", "Size"]
    assert shown == ("unknown" if pd.isna(phi) else f"{phi:g} B")


@needs_shipped
@pytest.mark.parametrize("page", PAGES)
def test_shipped_every_page_renders(page):
    no_exception(open_app(SHIPPED, page))


@needs_shipped
def test_shipped_compare_phi4_llama():
    snap = read_snapshot(SHIPPED)
    known = set(snap.models["model_id"])
    llama = next(m for m in ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct") if m in known)
    ids = ["microsoft/phi-4", llama]
    at = open_app(SHIPPED, "app_pages/compare.py", {"models": ids})
    no_exception(at)
    assert not warnings(at)
    assert len(compare_frame(at).columns) == 3


@needs_shipped
def test_shipped_data_page_dates_and_sources():
    at = open_app(SHIPPED, "app_pages/data.py")
    no_exception(at)
    assert "**Snapshot date:** unknown date" not in [m.value for m in at.markdown]
    assert any("source" in t.columns for t in frames(at))


@needs_shipped
def test_startup_question_counts_episode_models_unless_baselines_are_asked_for():
    import re

    def counts(params):
        at = open_app(SHIPPED, "app_pages/licenses.py", params)
        no_exception(at)
        text = " ".join(m.value for m in at.markdown)
        m = re.search(
            r"\*\*(\d+) models: yes\.\*\* \*\*(\d+) models: yes, with conditions\*\*.*?(\d+) models: no", text
        )
        return tuple(int(g) for g in m.groups())

    snap = read_snapshot(SHIPPED)
    named = snap.models.model_id.isin(snap.mentions.model_id)
    episode_only = counts({"want": "startup_product"})
    with_baselines = counts({"want": "startup_product", "baselines": "true"})
    snap = read_snapshot(SHIPPED)
    named = snap.models[snap.models["model_id"].isin(snap.mentions["model_id"])]
    assert sum(episode_only) == len(views.collapse_variants(named))
    assert sum(with_baselines) == len(views.collapse_variants(snap.models))


@needs_shipped
def test_models_named_in_an_episode_leaves_out_the_baselines():
    at = open_app(SHIPPED, "app_pages/models.py", {"named": "true"})
    no_exception(at)
    snap = read_snapshot(SHIPPED)
    named = views.collapse_variants(snap.models[snap.models["model_id"].isin(snap.mentions["model_id"])])
    total = views.collapse_variants(snap.models)
    assert f"**{len(named)} of {len(total)} models** match." in [m.value for m in at.markdown]
    table = frames(at)[0]
    assert "Llama 3.1 8B Instruct" not in set(table.iloc[:, 0])


@needs_shipped
def test_models_without_an_organisation_are_found_as_unknown():
    snap = read_snapshot(SHIPPED)
    without = set(snap.models.loc[snap.models["organization"].isna(), "display_name"])
    at = open_app(SHIPPED, "app_pages/models.py", {"org": "unknown"})
    no_exception(at)
    assert not warnings(at)
    shown = frames(at)[0]
    assert set(shown["Model"]) == without
    assert all(v == "—" for v in shown["Organisation"]) or not without


@needs_shipped
def test_presenter_compare_of_the_readme_pair_draws_without_error():
    """The README's own presenter Compare link (#24): phi-4 beside Llama 3.1 8B on the shipped snapshot,
    whose llm-stats group has nine or more benchmarks, crashed the benchmark chart grid."""
    params = {"models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"], "present": "1"}
    at = open_app(SHIPPED, "app_pages/compare.py", params, global_params={"present": "1"})
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.get("plotly_chart"), "the benchmark charts are drawn"


@needs_shipped
def test_episodes_open_on_the_latest_episode_that_named_models_and_an_empty_one_says_what_it_was():
    data = ui_data.build(read_snapshot(SHIPPED))
    start = data.latest_with_models()
    assert data.models_per_episode()[start] > 0
    at = open_app(SHIPPED, "app_pages/episodes.py")
    no_exception(at)
    assert at.selectbox(key="episode").value == start and frames(at)  # its models, first screen
    empty = [e for e in views.aired(data.episodes)["episode_id"] if not data.models_per_episode().get(e)]
    if empty:
        at = open_app(SHIPPED, "app_pages/episodes.py", {"episode": empty[-1]})
        no_exception(at)
        said = " ".join(i.value for i in at.info)
        assert "named no model" in said and "No models were resolved" not in said


@needs_shipped
def test_the_overview_leads_with_the_latest_episode_that_named_models():
    data = ui_data.build(read_snapshot(SHIPPED))
    start = data.episodes.set_index("episode_id").loc[data.latest_with_models(), "label"]
    at = open_app(SHIPPED)
    no_exception(at)
    assert at.subheader[0].value.startswith(f"Latest episode with models: {start} ")


def test_the_license_page_takes_the_models_license_key_and_the_old_family_one_with_a_notice():
    at = open_app(FIXTURE, "app_pages/licenses.py", {"family": "permissive"})
    no_exception(at)
    assert at.multiselect(key="license").value == ["permissive"]
    assert any("`family`" in i.value and "`license`" in i.value for i in at.info)
    assert set(frames(at)[0]["Licence family"]) == {"permissive"}


def test_startup_product_under_10b_is_one_view_and_the_same_models_on_both_pages():
    data = ui_data.build(read_snapshot(FIXTURE))
    models = views.collapse_variants(data.models)
    expected = models[models["startup_product_class"].isin(["yes", "conditions"]) & (models["params_b"] <= 10)][
        "model_id"
    ]
    assert 0 < len(expected) < len(models)
    at = open_app(FIXTURE, "app_pages/models.py", {"startup": ["yes", "conditions"], "params": ["0.0", "10.0"]})
    no_exception(at)
    assert sorted(frames(at)[0]["Model id"]) == sorted(expected)
    at = open_app(
        FIXTURE,
        "app_pages/licenses.py",
        {"want": "startup_product", "params": ["0.0", "10.0"], "baselines": "true"},
    )
    no_exception(at)
    assert sorted(frames(at)[0]["Model id"]) == sorted(expected)


@needs_shipped
def test_closed_baselines_show_their_arena_score_on_models_compare_and_the_chart():
    """#24: an open model beside GPT / Claude, on the same board and date."""
    data = ui_data.build(read_snapshot(SHIPPED))
    arena = views.benchmark_column(data.scores, "lmarena_text", "Arena Elo (text)").set_index("model_id")
    closed = [m for m in arena.index if m in set(data.models.loc[~data.models["open"], "model_id"])]
    assert closed and len(set(arena.loc[closed, "as_of"])) == 1
    assert set(arena.loc[closed, "as_of"]) == set(arena.drop(index=closed)["as_of"])  # same board, same date
    at = open_app(SHIPPED, "app_pages/models.py", {"bench": "lmarena_text|Arena Elo (text)"})
    no_exception(at)
    table = frames(at)[0].set_index("Model id")
    column = "Arena Elo (text) · lmarena_text (elo)"
    for mid in closed:
        assert table.loc[mid, "Weights"] == "closed (API)" and float(table.loc[mid, column]) == arena.loc[mid, "score"]
    chart = at.get("plotly_chart")[0].proto.spec
    assert "closed model (no public size)" in chart and data.names[closed[0]] in chart
    open_one = next(m for m in arena.index if m not in closed)
    at = open_app(SHIPPED, "app_pages/compare.py", {"models": [open_one, closed[0]]})
    no_exception(at)
    compare = " ".join(str(v) for t in at.table for v in t.value.to_numpy().ravel())
    assert compare.count(r"Arena Elo \(text\)") >= 2  # both models' arena score (markdown-escaped), own unit


def test_presenter_episode_cells_show_one_benchmarks_value_with_its_unit():
    at = open_app(FIXTURE, "app_pages/episodes.py", {"episode": "s2e3", "present": "1"})
    no_exception(at)
    table = at.table[0].value
    bench = [c for c in table.columns if " · " in c]
    assert len(bench) == 1  # one benchmark of one source, named in the header
    cells = [c for c in table[bench[0]] if c != "—"]
    assert cells and all(any(ch.isdigit() for ch in c) and " " in c for c in cells)  # a number, then its unit
    assert not any("benchmarks" in str(v) for v in table.to_numpy().ravel())  # never "N benchmarks (+1 more)"


def test_compare_shades_the_rows_that_differ_by_one_constant_css_rule():
    """The shading is a <style> rule on the Compare table's keyed container (widgets.static_table's
    row_style): constant text, no data in it, and the rows it keys on are the bold "differs" cells."""
    from ui.contexts import compare_table

    at = open_app(FIXTURE, "app_pages/compare.py", {"models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"]})
    no_exception(at)
    styles = [e.proto.body for e in at.get("html")]
    rule = ".st-key-mme-table-compare tr:has(> td strong) > td { " + compare_table.SHADE + "; }"
    assert any(rule in s for s in styles), styles
    assert all("phi" not in s.lower() and "llama" not in s.lower() for s in styles)  # no data in the CSS
    table = compare_frame(at)
    assert set(table["Differs"]) == {"**differs**", ""}


@pytest.mark.parametrize("page", ["app_pages/models.py", "app_pages/compare.py"])
def test_download_buttons_do_not_rerun_the_page_on_click(page):
    """A CSV is built on click (a callable): with a rerun on the click, the rerun registered the
    callable again under a new id while the browser fetched the old one, and the button span for
    ever (1 click in 3-10 in the browser). So the click downloads and nothing else."""
    params = {"models": ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"]} if "compare" in page else {}
    at = open_app(FIXTURE, page, params)
    no_exception(at)
    buttons = [e.proto for e in at.get("download_button")]
    assert buttons and all(b.ignore_rerun and b.HasField("deferred_file_id") for b in buttons), buttons
