"""`refresh`: offline from reference files, live against a scripted Hub and a contents parquet;
every failure leaves the previous snapshot byte-identical (or, for 404 / 401, keeps the row)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

import huggingface_hub
import pandas as pd
import shutil

import pytest

from model_data.sources import hub, model_rows, refresh
from model_data.store import snapshot, validate
from tests.fixtures.hub.mock_hub import ScriptedHub
from tests.helpers import FIX, OFFLINE_MODELS, REF, cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference-data"
CANARY = "hf_" + "CANARYtokenMustNeverLeak0123456789"  # built at run time: a fake token, not a secret


LIVE_MODELS = """model_id,open_weights
microsoft/phi-4,true
meta-llama/Meta-Llama-3-8B-Instruct,true
mistralai/Mistral-7B-Instruct-v0.3,true
stabilityai/stable-diffusion-2-1,true
bert-base-uncased,true
google/gemma-7b-it,true
closed/o1-mini,false
"""


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def models_file(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(OFFLINE_MODELS)
    return path


@pytest.fixture(scope="module")
def _built_once(tmp_path_factory):
    models = tmp_path_factory.mktemp("models") / "mentions.csv"
    models.write_text(OFFLINE_MODELS)
    folder = tmp_path_factory.mktemp("built") / "snap"
    assert cli("--offline", "--reference", REF, "--models", models, "--snapshot", folder) == 0
    return folder, folder_bytes(folder)


@pytest.fixture
def built(_built_once):
    """The offline refresh of the fixture reference, built once for the tests that only read it
    (each gets fresh frames; the folder is checked unchanged after the test)."""
    folder, files = _built_once
    snap = snapshot.read_snapshot(folder)
    yield folder, snap.models.set_index("model_id"), snap.scores
    assert folder_bytes(folder) == files, "a test changed the shared build: give it its own (offline)"


@pytest.fixture
def offline(tmp_path, models_file):
    """Run an offline refresh of the fixture reference into tmp_path/snap; returns (folder, frames)."""
    folder = tmp_path / "snap"

    def build():
        assert cli("--offline", "--reference", REF, "--models", models_file, "--snapshot", folder) == 0
        snap = snapshot.read_snapshot(folder)
        return folder, snap.models.set_index("model_id"), snap.scores

    return build


def test_offline_build_describes_every_listed_model(offline, capsys):
    folder, models, scores = offline()
    assert len(models) == len(OFFLINE_MODELS.strip().splitlines()) - 1
    assert validate.check_folder(folder) == []
    out = capsys.readouterr().out
    assert "refresh (offline)" in out and "licence known" in out and "any score" in out


def test_params_precedence_and_moe(built):
    _, m, _ = built
    assert (
        m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "params_b"],
        m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "params_source"],
    ) == (8.03, "open_llm_leaderboard_v2")
    scout = m.loc["meta-llama/Llama-4-Scout-17B-16E-Instruct"]
    assert (scout["params_b"], scout["params_active_b"], scout["params_source"]) == (109, 17, "model-facts")
    assert m.loc["openai/gpt-oss-20b", "params_active_b"] == 3.6


def test_unknown_params_are_empty_with_a_reason_never_zero(built):
    _, m, _ = built
    zero = m.loc["JungZoona/T3Q-Qwen2.5-14B-Instruct-1M-e3"]  # leaderboard says #Params (B) 0.0
    assert pd.isna(zero["params_b"]) and zero["params_source"] == "unknown"
    assert zero["params_note"].startswith("unknown:")
    trellis = m.loc["microsoft/TRELLIS-image-large"]
    assert pd.isna(trellis["params_b"]) and "unknown" in trellis["params_note"]
    assert (m["params_b"].dropna() > 0).all()
    assert m["downloads"].isna().all()  # offline reference has no download counts: unknown, not 0


def test_licenses_per_repo_with_reasons_and_base_model_flags(built):
    _, m, _ = built
    assert m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "commercial_use"] == "restricted"
    assert "700 million" in m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "commercial_clause"]
    # DeepSeek-V3 has no licence tag; its LICENSE-MODEL text is reviewed for this repo in licenses.csv.
    v3 = m.loc["deepseek-ai/DeepSeek-V3"]
    assert (v3["license_family"], v3["commercial_use"]) == ("responsible-AI licence", "yes")
    assert "use-based restrictions" in v3["commercial_clause"]
    # R1-Distill-Llama-70B is MIT; its base Llama-3.3-70B-Instruct is under the Llama 3.3 licence, and
    # the student's answers take the stricter of the two, with the reason.
    distill = m.loc["deepseek-ai/DeepSeek-R1-Distill-Llama-70B"]
    assert distill["license_differs_from_base"] == "true"
    assert (distill["license_id"], distill["base_license_id"], distill["commercial_use"]) == (
        "mit",
        "llama3.3",
        "restricted",
    )
    assert "700 million" in distill["startup_product"]
    assert "Llama 3.3" in distill["license_warning"] and "applies as well" in distill["license_warning"]
    assert m.loc["unsloth/Phi-4-reasoning-plus-GGUF", "license_differs_from_base"] == "false"
    unknown = m.loc["nobody/not-a-model"]
    assert unknown["hub_status"] == "unknown" and "live refresh" in unknown["commercial_clause"]


def test_a_repackaging_points_at_its_original_and_inherits_size_and_license(built):
    folder, m, _ = built
    gguf = m.loc["bartowski/Meta-Llama-3-8B-Instruct-GGUF"]  # declares neither size nor licence
    original = m.loc["meta-llama/Meta-Llama-3-8B-Instruct"]  # gated, Llama 3 licence
    assert (gguf["variant_of"], gguf["base_relation"]) == ("meta-llama/Meta-Llama-3-8B-Instruct", "quantized")
    assert gguf["params_b"] == original["params_b"] and "of the original" in gguf["params_note"]
    assert (gguf["license_id"], gguf["commercial_use"]) == ("llama3", "restricted")
    assert "Licence of the original" in gguf["commercial_clause"]
    assert gguf["facts_confidence"] == "recalled"
    assert "repackaging of meta-llama/Meta-Llama-3-8B-Instruct" in gguf["scores_note"]
    assert m.loc["unsloth/Phi-4-reasoning-plus-GGUF", "variant_of"] == "microsoft/Phi-4-reasoning-plus"
    assert validate.check_folder(folder) == []


def test_a_distill_of_a_llama_model_answers_with_the_stricter_llama_license(built):
    _, m, _ = built
    distill = m.loc["newlab/Llama-3-Distill-8B"]
    assert (distill["license_id"], distill["base_license_id"]) == ("mit", "llama3") and pd.isna(distill["variant_of"])
    assert distill["commercial_use"] == "restricted" and "700 million" in distill["startup_product"]
    assert (
        distill["license_warning"].startswith("derived from Meta-Llama-3-8B-Instruct")
        or "Llama 3" in distill["license_warning"]
    )


def test_a_maker_may_relicense_its_own_derivative(built):
    _, m, _ = built
    r1 = m.loc["deepseek-ai/DeepSeek-R1"]  # MIT, fine-tuned from DeepSeek's own DeepSeek-licensed V3
    assert r1["license_differs_from_base"] == "true"
    assert (r1["license_family"], r1["commercial_use"]) == ("permissive", "yes")
    assert pd.isna(r1["license_warning"]) and pd.isna(r1["base_license_id"])


def test_models_only_in_hub_facts_get_complete_rows(built):
    _, m, scores = built
    glm = m.loc["zai-org/GLM-5"]
    assert (glm["params_b"], glm["params_active_b"], glm["params_source"]) == (744, 40, "hub-facts")
    assert (glm["license_family"], glm["task"], glm["hub_status"]) == ("permissive", "text-generation", "ok")
    assert glm["facts_confidence"] == "sourced" and "hub-facts" in glm["metadata_source"]
    card = scores[scores["model_id"] == "zai-org/GLM-5"]
    # a setting the card names is part of the benchmark: two HLE numbers, two benchmarks
    assert set(card["benchmark"]) == {"SWE-bench Verified", "HLE (no tools)", "HLE (w/ tools)"}
    assert set(card["self_reported"]) == {"true"} and set(card["unit"]) == {"percent"}
    assert set(card["decimals"]) == {1} and card["source_url"].str.startswith("https://").all()


def test_self_reported_scores_are_flagged_kept_in_their_unit_and_explained(built):
    _, m, scores = built
    mine = scores[scores["model_id"] == "acme/ReportedOnly-7B"].set_index("benchmark")
    assert mine.loc["GPQA", "unit"] == "fraction (0-1)" and mine.loc["GPQA", "score"] == 0.412  # never rescaled
    assert mine.loc["CFEval", "unit"] == "CodeForces rating"
    assert mine.loc["GPQA", "comparable_group"] != mine.loc["CFEval", "comparable_group"]
    assert set(mine["self_reported"]) == {"true"}
    assert "only numbers its maker reported" in m.loc["acme/ReportedOnly-7B", "scores_note"]
    # two llm-stats entries point at microsoft/phi-4: only the one named like the repo counts
    phi = scores[(scores["model_id"] == "microsoft/phi-4") & (scores["source"] == "llm_stats")]
    assert phi["score"].tolist() == [0.561]
    # a model with scores on two scales keeps each in its own comparable group and unit
    groups = scores[scores["model_id"] == "microsoft/phi-4"].groupby("comparable_group")["unit"].agg(set)
    assert len(groups) >= 3 and all(len(u) == 1 for u in groups)


def test_known_bad_leaderboard_rows_carry_a_caveat(built):
    _, _, scores = built
    phi = scores[
        (scores["model_id"] == "microsoft/phi-4")
        & (scores["benchmark"] == "IFEval")
        & (scores["source"] == "open_llm_leaderboard_v2")
    ]
    assert "artefact" in phi["caveat"].iloc[0]


def test_the_newest_2026_arena_board_replaces_the_2025_text_board(tmp_path, models_file):
    ref = tmp_path / "ref"
    shutil.copytree(REF, ref)
    board = ref / "lmarena-2026"
    board.mkdir()
    src = SHARED / "lmarena-2026" / "lmarena_text_2026-07-30.csv"
    if src.exists():
        lines = src.read_text(encoding="utf-8").splitlines()
        keep = [lines[0]] + [ln for ln in lines[1:] if ln.split(",")[1] in {"glm-5", "phi-4", "o1-mini"}]
    else:
        keep = [
            "rank,model_name,score,ci,votes,organization,license,preliminary,rank_spread_lo,rank_spread_hi,raw_model_cell,snapshot_date,source",
            "16,glm-5,1457,4,27644,Z.ai,MIT,False,10,26,x,2026-07-30 10:24:11,x",
            "285,phi-4,1256,5,24126,Microsoft,MIT,False,270,290,x,2026-07-30 10:24:11,x",
            "204,o1-mini,1337,4,51981,OpenAI,Proprietary,False,190,210,x,2026-07-30 10:24:11,x",
        ]
    (board / "lmarena_text_2026-07-30.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    folder = tmp_path / "snap"
    assert cli("--offline", "--reference", ref, "--models", models_file, "--snapshot", folder) == 0
    scores = snapshot.read_table(folder, "scores")
    arena = scores[scores["source"] == "lmarena_text"].set_index("model_id")
    # glm-5 by its exact repo name in the catalogue; o1-mini by the reviewed name (case-insensitive)
    assert {"zai-org/GLM-5", "microsoft/phi-4", "closed/o1-mini"} <= set(arena.index)
    assert set(arena["as_of"]) == {"2026-07-30"} and set(arena["decimals"]) == {0}
    assert (arena["ci_lower"] < arena["score"]).all() and (arena["score"] < arena["ci_upper"]).all()
    assert snapshot.read_manifest(folder)["tables"]["scores"]["sources"]["lmarena_text"]["date"] == "2026-07-30"


def test_closed_models_get_a_row_without_a_hub_fetch(built):
    _, m, scores = built
    o1 = m.loc["closed/o1-mini"]
    assert (o1["hub_status"], o1["open_weights"], o1["license_family"]) == ("closed", "false", "proprietary")
    assert o1["display_name"] == "o1-mini" and o1["organization"] == "OpenAI"
    assert m.loc["closed/gpt-5", "display_name"] == "GPT-5"
    assert "closed model: not on open leaderboards" in m.loc["closed/gpt-5", "scores_note"]
    assert set(scores.loc[scores["model_id"] == "closed/o1-mini", "source"]) == {"lmarena_text"}


def test_scores_sources_comparability_and_notes(built):
    _, m, scores = built
    by = scores.groupby("model_id")["source"].agg(set)
    assert by["microsoft/phi-4"] == {"open_llm_leaderboard_v2", "lmarena_text", "llm_stats"}
    assert by["meta-llama/Meta-Llama-3-8B-Instruct"] == {"open_llm_leaderboard_v2", "lmarena_text"}  # v1 dropped
    assert by["google/gemma-7b-it"] == {"open_llm_leaderboard_v1", "lmarena_text"}
    assert "not comparable with v2" in m.loc["google/gemma-7b-it", "scores_note"]
    assert "mistralai/Mistral-7B-Instruct-v0.3" not in set(scores.loc[scores["source"] == "lmarena_text", "model_id"])
    assert "not a text LLM" in m.loc["stabilityai/stable-diffusion-xl-base-1.0", "scores_note"]
    assert "released after the Open LLM Leaderboard closed" in m.loc["openai/gpt-oss-20b", "scores_note"]
    assert "repackaging of microsoft/Phi-4-reasoning-plus" in m.loc["unsloth/Phi-4-reasoning-plus-GGUF", "scores_note"]
    assert scores.groupby("comparable_group")["unit"].nunique().max() == 1
    measured = scores[scores["source"].isin(["open_llm_leaderboard_v2", "open_llm_leaderboard_v1", "lmarena_text"])]
    assert set(measured["self_reported"]) == {"false"}  # leaderboards and arena measure independently


def test_manifest_says_which_values_came_from_which_file_and_date(built):
    folder, _, _ = built
    manifest = snapshot.read_manifest(folder)
    sources = manifest["tables"]["scores"]["sources"]
    assert sources["open_llm_leaderboard_v2"]["file"] == "open-llm-leaderboard-v2/huggingface_v2.csv"
    assert sources["open_llm_leaderboard_v2"]["date"] == "2025-03-21"
    assert sources["lmarena_text"]["date"] == "2025-08-04"
    models = manifest["tables"]["models"]
    assert models["sources"]["model-facts"]["date"] == "2026-11-26"
    assert models["values"]["params_source"]["open_llm_leaderboard_v2"] >= 1
    assert "not legal advice" in manifest["licenses"]["disclaimer"]


def test_offline_rerun_is_byte_identical(offline):
    folder, _, _ = offline()
    before = folder_bytes(folder)
    offline()
    assert folder_bytes(folder) == before


def test_offline_never_touches_the_network(offline, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("offline refresh tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    offline()


def test_offline_does_not_load_the_hub_client_or_datasets(tmp_path, models_file):
    code = (
        "import sys, argparse; from model_data.sources import refresh_command as refresh; p = argparse.ArgumentParser(); "
        "refresh.add_arguments(p); "
        f"rc = refresh.run(p.parse_args(['--offline', '--reference', {str(REF)!r}, '--models', "
        f"{str(models_file)!r}, '--snapshot', {str(tmp_path / 'snap')!r}])); "
        "print(rc, sorted(m for m in ('datasets', 'huggingface_hub.hf_api', 'httpx2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize(
    "argv,message",
    [
        (["--offline"], "--offline needs --reference"),
        (["--offline", "--reference", "/no/such/folder"], "no such folder"),
        (["--offline", "--reference", FIX], "lacks model-facts/model_facts.csv"),
    ],
)
def test_usage_errors_exit_2(argv, message, tmp_path, models_file, capsys):
    assert cli(*argv, "--models", models_file, "--snapshot", tmp_path / "snap") == 2
    assert message in capsys.readouterr().err


def test_missing_model_list_is_a_usage_error(tmp_path, capsys):
    assert cli("--offline", "--reference", REF, "--snapshot", tmp_path / "empty") == 2
    assert "run `python -m model_data ingest` first" in capsys.readouterr().err


def test_a_candidate_failing_validation_leaves_the_old_snapshot_byte_identical(offline, monkeypatch, capsys):
    folder, _, _ = offline()
    before = folder_bytes(folder)
    real = model_rows._params
    monkeypatch.setattr(model_rows, "_params", lambda *a: {**real(*a), "params_b": 0.0, "params_source": "model-facts"})
    with pytest.raises(AssertionError):
        offline()
    assert "failed validation" in capsys.readouterr().err
    assert folder_bytes(folder) == before


def test_two_refreshes_at_once_do_not_corrupt_the_snapshot(tmp_path, models_file):
    folder = tmp_path / "snap"
    codes = []
    threads = [
        threading.Thread(
            target=lambda: codes.append(
                cli("--offline", "--reference", REF, "--models", models_file, "--snapshot", folder)
            )
        )
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [0, 0, 0]
    assert validate.check_folder(folder) == []


# ---- live path: scripted Hub + a contents parquet built here ------------------------------------


@pytest.fixture
def live(tmp_path, monkeypatch):
    """Install a scripted Hub and a local contents parquet; returns a runner and the hub."""
    parquet = tmp_path / "contents.parquet"
    pd.read_csv(FIX / "contents_sample.csv", keep_default_na=False, na_values=[""]).to_parquet(parquet)
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", parquet)
    monkeypatch.setattr(refresh, "CONTENTS_CACHE_DIR", str(tmp_path / "datasets-cache"))
    sleeps: list[float] = []
    monkeypatch.setattr(hub, "_sleep", sleeps.append)
    models = tmp_path / "live-models.csv"
    models.write_text(LIVE_MODELS)
    folder = tmp_path / "live-snap"
    state = {}

    def run(script=None, token=None) -> int:
        fake = ScriptedHub(script)
        state["hub"] = fake
        huggingface_hub.set_client_factory(fake.client)
        if token:
            monkeypatch.setenv("HF_TOKEN", token)
        return cli("--reference", REF, "--models", models, "--snapshot", folder)

    run.folder, run.sleeps, run.state = folder, sleeps, state
    yield run


def test_live_refresh_reads_the_cards_reported_results_as_their_own_source(live, tmp_path):
    models = tmp_path / "with-eval.csv"
    models.write_text("model_id,open_weights\ndeepset/roberta-base-squad2,true\nmicrosoft/phi-4,true\n")
    huggingface_hub.set_client_factory(ScriptedHub().client)
    assert cli("--reference", REF, "--models", models, "--snapshot", live.folder) == 0
    scores = snapshot.read_table(live.folder, "scores")
    card = scores[scores["source"] == "hub_model_index"]
    assert set(card["model_id"]) == {"deepset/roberta-base-squad2"}
    em = card[card["benchmark"] == "squad_v2 · Exact Match"].iloc[0]
    # the Hub verified this metric: not the maker's word alone; the unit says the card gives no scale
    assert (em["self_reported"], em["unit"]) == ("false", "as on the model card (scale not stated)")
    assert em["comparable_group"] == "hub_model_index (deepset/roberta-base-squad2)"
    m = snapshot.read_table(live.folder, "models").set_index("model_id")
    assert m.loc["deepset/roberta-base-squad2", "base_relation"] == "finetune"
    assert pd.isna(m.loc["deepset/roberta-base-squad2", "facts_confidence"])  # read live: nothing recalled
    assert "hub_model_index" in snapshot.read_manifest(live.folder)["tables"]["scores"]["sources"]
    assert validate.check_folder(live.folder) == []


def test_live_refresh_uses_the_hub_for_metadata(live, capsys):
    assert live() == 0
    m = snapshot.read_table(live.folder, "models").set_index("model_id")
    phi = m.loc["microsoft/phi-4"]
    assert (phi["metadata_source"], phi["params_source"], phi["likes"]) == ("hub api", "safetensors", 1919)
    assert phi["params_b"] == pytest.approx(14.66)
    sd = m.loc["stabilityai/stable-diffusion-2-1"]
    assert sd["downloads"] == 1015720 and sd["params_source"] == "unknown"  # diffusers: no safetensors total
    bert = m.loc["bert-base-uncased"]
    assert (bert["hub_status"], bert["renamed_to"]) == ("renamed", "google-bert/bert-base-uncased")
    assert bert["hub_url"] == "https://huggingface.co/google-bert/bert-base-uncased"
    assert m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "gated"] == "manual"
    requested = {p.removeprefix("/api/models/") for p in live.state["hub"].paths()}
    assert not any(r.startswith("closed/") for r in requested)  # closed models are never fetched
    assert validate.check_folder(live.folder) == []
    manifest = snapshot.read_manifest(live.folder)
    assert manifest["tables"]["scores"]["sources"]["open_llm_leaderboard_v2"]["url"].endswith(
        "open-llm-leaderboard/contents"
    )
    assert "hub api" in manifest["tables"]["models"]["sources"]
    assert "fetched 6" in capsys.readouterr().out


def test_the_token_is_used_but_never_printed_or_stored(live, capsys):
    assert live(token=CANARY) == 0
    assert all(r.headers.get("authorization") == f"Bearer {CANARY}" for r in live.state["hub"].requests)
    out, err = capsys.readouterr()
    assert CANARY not in out + err
    for path in live.folder.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(
    "step,reason",
    [
        ([503], "HTTP 503 after 4 tries"),
        (["timeout"], "timeout after 4 tries"),
        ([(429, {"Retry-After": "3"})], "HTTP 429 after 4 tries"),
    ],
)
def test_transient_failures_abort_and_leave_the_old_snapshot_byte_identical(live, capsys, step, reason):
    assert live() == 0
    before = folder_bytes(live.folder)
    capsys.readouterr()
    assert live({"microsoft/phi-4": step}) == 1
    err = capsys.readouterr().err
    assert f"FAILED microsoft/phi-4: {reason}" in err and "snapshot was not changed" in err
    assert folder_bytes(live.folder) == before
    assert len(live.state["hub"].paths()) >= 4


def test_rate_limit_then_success_waits_and_completes(live):
    assert live({"microsoft/phi-4": [(429, {"Retry-After": "5"}), "ok"]}) == 0
    assert 5.0 in live.sleeps


def test_404_keeps_the_row_with_its_previous_values_marked_removed(live):
    assert live() == 0
    assert live({"microsoft/phi-4": [404]}) == 0
    phi = snapshot.read_table(live.folder, "models").set_index("model_id").loc["microsoft/phi-4"]
    assert phi["hub_status"] == "removed"
    assert phi["license_id"] == "mit" and phi["params_b"] == pytest.approx(14.66)  # old values survive
    assert phi["metadata_source"].startswith("kept from the previous snapshot; Hub: not found on the Hub (404)")
    assert validate.check_folder(live.folder) == []


def test_401_gated_keeps_metadata_from_the_facts_table_and_says_a_token_is_needed(live):
    assert live({"google/gemma-7b-it": [401]}) == 0
    gemma = snapshot.read_table(live.folder, "models").set_index("model_id").loc["google/gemma-7b-it"]
    assert gemma["hub_status"] == "gated"
    assert gemma["license_id"] == "gemma" and gemma["commercial_use"] == "yes"
    assert "token" in gemma["metadata_source"]


def test_a_live_refresh_without_reference_carries_over_sources_it_could_not_read(live, monkeypatch):
    assert live() == 0
    arena_before = snapshot.read_table(live.folder, "scores").query("source == 'lmarena_text'")
    huggingface_hub.set_client_factory(ScriptedHub().client)
    assert cli("--models", live.folder.parent / "live-models.csv", "--snapshot", live.folder) == 0
    scores = snapshot.read_table(live.folder, "scores")
    after = scores.query("source == 'lmarena_text'")
    assert after["model_id"].tolist() == arena_before["model_id"].tolist()
    kept = snapshot.read_manifest(live.folder)["tables"]["scores"]["sources"]["lmarena_text"]
    assert kept["carried_over"] == "not re-read in this refresh" and kept["date"] == "2025-08-04"


# ---- the shipped snapshot -------------------------------------------------------------------------


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"reference data not available at {SHARED}")
@pytest.mark.skipif(not (snapshot.DEFAULT_DIR / "models.csv").exists(), reason="shipped snapshot not built yet")
def test_the_shipped_snapshot_is_reproducible_from_the_reference_data(tmp_path):
    folder = tmp_path / "snap"  # the shipped snapshot, whose mentions give the default list (+ baselines)
    shutil.copytree(snapshot.DEFAULT_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    assert cli("--offline", "--reference", SHARED, "--snapshot", folder) == 0
    for name in ("models.csv", "scores.csv"):
        assert (folder / name).read_bytes() == (snapshot.DEFAULT_DIR / name).read_bytes(), (
            f"{name} differs: re-run `python -m model_data refresh --offline --reference ../shared/reference-data`"
        )


def test_404_for_a_repo_never_seen_before_still_gets_a_row_with_reasons(live, tmp_path):
    models = tmp_path / "gone.csv"
    models.write_text("model_id,open_weights\ngone/model,true\nmicrosoft/phi-4,true\n")
    huggingface_hub.set_client_factory(ScriptedHub().client)
    assert cli("--models", models, "--snapshot", live.folder) == 0
    gone = snapshot.read_table(live.folder, "models").set_index("model_id").loc["gone/model"]
    assert (gone["hub_status"], gone["license_family"], gone["params_source"]) == ("removed", "unknown", "unknown")
    assert "not on the Hub" in gone["commercial_clause"]
    assert gone["params_note"].startswith("unknown:") and gone["scores_note"]


def test_baselines_join_the_mentioned_models_but_an_explicit_list_is_taken_as_is(tmp_path):
    from model_data.sources.refresh import with_baselines

    mentioned = pd.DataFrame({"model_id": ["microsoft/phi-4"], "open_weights": ["true"]})
    both = with_baselines(mentioned)
    assert "meta-llama/Llama-3.1-8B-Instruct" in set(both.model_id)
    assert both.model_id.is_unique and both.model_id.is_monotonic_increasing
