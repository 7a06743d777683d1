"""Every score says what the number is (its unit) and who reported it, on small real-shaped files."""

from __future__ import annotations

import pandas as pd

from model_data.sources import leaderboard
from model_data.store import schema

LLM_STATS_HEADER = (
    "llmstats_model_id,hf_repo_id,benchmark_id,benchmark_name,score,normalized_score,"
    "is_self_reported,source_link,verified,analysis_method,updated_at\n"
)


def llm_stats(tmp_path, rows: list[str]) -> pd.DataFrame:
    path = tmp_path / "scores.csv"
    path.write_text(LLM_STATS_HEADER + "\n".join(rows) + "\n")
    return leaderboard.scores_from_llm_stats(path, "2025-10-16").set_index("benchmark")


def test_ratings_and_scores_out_of_ten_are_shown_in_the_unit_they_were_reported_in(tmp_path):
    s = llm_stats(
        tmp_path,
        [
            "gpt-oss-120b,openai/gpt-oss-120b,codeforces,Codeforces Competition code,0.874,0.874,True,"
            "https://openai.com/x,False,Elo (with tools),2025-08-05",
            "gpt-oss-120b,openai/gpt-oss-120b,mt-bench,MT-Bench,0.875,0.875,True,https://openai.com/x,False,Score,2025-08-05",
            "gpt-oss-120b,openai/gpt-oss-120b,alignbench,AlignBench,0.733,0.733,True,https://openai.com/x,False,,2025-08-05",
            "gpt-oss-120b,openai/gpt-oss-120b,gpqa,GPQA,0.801,0.801,True,https://openai.com/x,False,,2025-08-05",
        ],
    )
    cf = s.loc["Codeforces Competition code"]
    assert (cf.score, cf.unit, cf.decimals) == (2622, "Codeforces rating (Elo)", 0)
    assert "divided by 3000" in cf.note
    assert (s.loc["MT-Bench", "score"], s.loc["MT-Bench", "unit"], s.loc["MT-Bench", "decimals"]) == (
        8.75,
        "score out of 10",
        2,
    )
    assert s.loc["AlignBench", "score"] == 7.33 and "divided by 10" in s.loc["AlignBench", "note"]
    assert (s.loc["GPQA", "score"], s.loc["GPQA", "unit"]) == (0.801, "fraction (0-1)"), "fractions stay fractions"
    assert s.loc["GPQA", "comparable_group"] != cf.comparable_group != s.loc["MT-Bench", "comparable_group"]


def test_every_rescaled_unit_has_a_validated_range():
    from model_data.store.validate import UNIT_RANGES

    assert {unit for unit, _, _ in leaderboard.LLM_STATS_SCALES.values()} <= set(UNIT_RANGES)


def test_a_number_from_a_rivals_card_is_neither_the_makers_nor_independent(tmp_path):
    path = tmp_path / "cards.csv"
    path.write_text(
        "repo_id,benchmark,value,unit,setting,source_url,observed_on,note\n"
        "zai-org/GLM-5,GPQA-Diamond,86.0,percent,,https://example.org/glm5,2026-11-30,GLM-5 card translated\n"
        "deepseek-ai/DeepSeek-V3.2,GPQA-Diamond,82.4,percent,,https://example.org/glm5,2026-11-30,"
        "DeepSeek-V3.2 column of GLM-5 card (competitor-reported)\n"
    )
    s = leaderboard.scores_from_model_cards(path).set_index("model_id")
    assert (s.loc["zai-org/GLM-5", "reported_by"], s.loc["zai-org/GLM-5", "self_reported"]) == ("maker", "true")
    rival = s.loc["deepseek-ai/DeepSeek-V3.2"]
    assert (rival.reported_by, rival.self_reported) == ("other_maker", "false")


def test_boards_are_independent_and_every_row_says_who_reported_it(tmp_path):
    s = llm_stats(
        tmp_path,
        ["m,acme/m,gpqa,GPQA,0.5,0.5,False,https://board.example.org,False,,2025-08-05"],
    )
    assert s.loc["GPQA", "reported_by"] == "independent"
    live = leaderboard.scores_from_eval_results("acme/m", [{"value": "1", "dataset": "d", "verified": True}], "2026")
    assert set(live["reported_by"]) <= set(schema.REPORTED_BY) and live["reported_by"].tolist() == ["independent"]


def test_every_shown_number_carries_who_reported_it():
    from ui.text import format as fmt, labels

    assert fmt.score_text(82.4, 1, reported_by="other_maker") == "82.4 ‡"
    assert fmt.score_text(0.5, 1, self_reported="true", reported_by="maker") == "0.5 †"
    assert fmt.score_text(1384, 0, reported_by="independent") == "1384"
    assert {labels.reported_by_text(code) for code in schema.REPORTED_BY} == set(labels.REPORTED_BY.values())
    assert labels.reported_by_text(None, "true") == labels.REPORTED_BY["maker"], "older snapshots: by the flag"
    headline = {"source": "model_cards", "benchmark": None, "benchmarks": 4, "reported_by": "other_maker"}
    assert fmt.score_summary([headline]) == "model_cards: 4 benchmarks‡"


def test_a_bar_from_another_makers_card_is_marked_and_explained():
    from ui.draw import charts

    rows = pd.DataFrame(
        {
            "model_id": ["a/x", "b/y"],
            "display_name": ["X", "Y"],
            "benchmark": ["GPQA", "GPQA"],
            "score": [82.4, 86.0],
            "unit": ["percent", "percent"],
            "self_reported": ["false", "true"],
            "reported_by": ["other_maker", "maker"],
            "decimals": [1, 1],
            "comparable_group": ["model_cards (percent)"] * 2,
        }
    )
    models = pd.DataFrame({"model_id": ["a/x", "b/y"], "license_family": ["permissive", "permissive"]})
    fig = charts.benchmark_bars(rows, models, {"permissive": "#000"}, "caption").to_dict()
    texts = [t for trace in fig["data"] for t in trace["text"]]
    assert sorted(texts) == ["82.4 ‡", "86.0 †"]
    assert "‡ = from another maker's card" in str(fig["layout"])


def test_the_conditional_commercial_class_reads_as_yes_with_conditions_wherever_it_is_shown():
    from ui.contexts import license_tables
    from ui.text import format as fmt, labels

    assert labels.commercial_text("conditional") == "yes, with conditions"
    assert labels.commercial_text("yes") == "yes" and labels.commercial_text("no") == "no"
    fams = license_tables.families(
        pd.DataFrame(
            {"license_family": ["permissive"], "models": [2], "commercial_use": ["conditional, yes"], "licenses": ["x"]}
        )
    )
    assert "yes, with conditions, yes" in fams.to_string()
    assert "yes, with conditions" in fmt.episode_models_table(
        ["a/x"], set(), {"a/x": ["X", 7.0, "permissive", "conditional"]}
    )
