"""`refresh`: offline from reference files, live against a scripted Hub and a contents parquet;
every failure leaves the previous snapshot byte-identical (or, for 404 / 401, keeps the row)."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
from pathlib import Path

import huggingface_hub
import pandas as pd
import shutil

import pytest
from huggingface_hub.utils._http import default_client_factory

from model_data import hub, refresh, snapshot, validate
from tests.fixtures.hub.mock_hub import ScriptedHub

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "leaderboard"
REF = FIX / "reference"
SHARED = ROOT.parent / "shared" / "reference-data"
CANARY = "hf_" + "CANARYtokenMustNeverLeak0123456789"  # built at run time: a fake token, not a secret

OFFLINE_MODELS = """model_id,open_weights
microsoft/phi-4,true
meta-llama/Meta-Llama-3-8B-Instruct,true
mistralai/Mistral-7B-Instruct-v0.3,true
google/gemma-7b-it,true
deepseek-ai/DeepSeek-V3,true
deepseek-ai/DeepSeek-R1-Distill-Llama-70B,true
meta-llama/Llama-4-Scout-17B-16E-Instruct,true
openai/gpt-oss-20b,true
stabilityai/stable-diffusion-xl-base-1.0,true
microsoft/TRELLIS-image-large,true
unsloth/Phi-4-reasoning-plus-GGUF,true
Qwen/Qwen2.5-72B-Instruct,true
JungZoona/T3Q-Qwen2.5-14B-Instruct-1M-e3,true
nobody/not-a-model,unknown
closed/o1-mini,false
closed/gpt-5,false
"""

LIVE_MODELS = """model_id,open_weights
microsoft/phi-4,true
meta-llama/Meta-Llama-3-8B-Instruct,true
mistralai/Mistral-7B-Instruct-v0.3,true
stabilityai/stable-diffusion-2-1,true
bert-base-uncased,true
google/gemma-7b-it,true
closed/o1-mini,false
"""


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    refresh.add_arguments(parser)
    return refresh.run(parser.parse_args([str(a) for a in argv]))


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def models_file(tmp_path):
    path = tmp_path / "mentions.csv"
    path.write_text(OFFLINE_MODELS)
    return path


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


def test_params_precedence_and_moe(offline):
    _, m, _ = offline()
    assert (m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "params_b"],
            m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "params_source"]) == (8.03, "open_llm_leaderboard_v2")
    scout = m.loc["meta-llama/Llama-4-Scout-17B-16E-Instruct"]
    assert (scout["params_b"], scout["params_active_b"], scout["params_source"]) == (109, 17, "model-facts")
    assert m.loc["openai/gpt-oss-20b", "params_active_b"] == 3.6


def test_unknown_params_are_empty_with_a_reason_never_zero(offline):
    _, m, _ = offline()
    zero = m.loc["JungZoona/T3Q-Qwen2.5-14B-Instruct-1M-e3"]  # leaderboard says #Params (B) 0.0
    assert pd.isna(zero["params_b"]) and zero["params_source"] == "unknown"
    assert zero["params_note"].startswith("unknown:")
    trellis = m.loc["microsoft/TRELLIS-image-large"]
    assert pd.isna(trellis["params_b"]) and "unknown" in trellis["params_note"]
    assert (m["params_b"].dropna() > 0).all()
    assert m["downloads"].isna().all()  # offline reference has no download counts: unknown, not 0


def test_licences_per_repo_with_reasons_and_base_model_flags(offline):
    _, m, _ = offline()
    assert m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "commercial_use"] == "restricted"
    assert "700 million" in m.loc["meta-llama/Meta-Llama-3-8B-Instruct", "commercial_clause"]
    v3 = m.loc["deepseek-ai/DeepSeek-V3"]
    assert (v3["license_family"], v3["commercial_use"]) == ("unknown", "unknown")
    assert "No licence tag" in v3["commercial_clause"]
    # R1-Distill-Llama-70B is MIT; its base Llama-3.3-70B-Instruct is under the Llama 3.3 licence.
    assert m.loc["deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "license_differs_from_base"] == "true"
    assert m.loc["unsloth/Phi-4-reasoning-plus-GGUF", "license_differs_from_base"] == "false"
    unknown = m.loc["nobody/not-a-model"]
    assert unknown["hub_status"] == "unknown" and "live refresh" in unknown["commercial_clause"]


def test_closed_models_get_a_row_without_a_hub_fetch(offline):
    _, m, scores = offline()
    o1 = m.loc["closed/o1-mini"]
    assert (o1["hub_status"], o1["open_weights"], o1["license_family"]) == ("closed", "false", "proprietary")
    assert o1["display_name"] == "o1-mini" and o1["organization"] == "OpenAI"
    assert m.loc["closed/gpt-5", "display_name"] == "GPT-5"
    assert "closed model: not on open leaderboards" in m.loc["closed/gpt-5", "scores_note"]
    assert set(scores.loc[scores["model_id"] == "closed/o1-mini", "source"]) == {"lmarena_text"}


def test_scores_sources_comparability_and_notes(offline):
    _, m, scores = offline()
    by = scores.groupby("model_id")["source"].agg(set)
    assert by["microsoft/phi-4"] == {"open_llm_leaderboard_v2", "lmarena_text"}
    assert by["meta-llama/Meta-Llama-3-8B-Instruct"] == {"open_llm_leaderboard_v2", "lmarena_text"}  # v1 dropped
    assert by["google/gemma-7b-it"] == {"open_llm_leaderboard_v1", "lmarena_text"}
    assert "not comparable with v2" in m.loc["google/gemma-7b-it", "scores_note"]
    assert "mistralai/Mistral-7B-Instruct-v0.3" not in set(scores.loc[scores["source"] == "lmarena_text", "model_id"])
    assert "not a text LLM" in m.loc["stabilityai/stable-diffusion-xl-base-1.0", "scores_note"]
    assert "released after the Open LLM Leaderboard closed" in m.loc["openai/gpt-oss-20b", "scores_note"]
    assert "converted copy" in m.loc["unsloth/Phi-4-reasoning-plus-GGUF", "scores_note"]
    assert scores.groupby("comparable_group")["unit"].nunique().max() == 1


def test_manifest_says_which_values_came_from_which_file_and_date(offline):
    folder, _, _ = offline()
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
        "import sys, argparse; from model_data import refresh; p = argparse.ArgumentParser(); "
        "refresh.add_arguments(p); "
        f"rc = refresh.run(p.parse_args(['--offline', '--reference', {str(REF)!r}, '--models', "
        f"{str(models_file)!r}, '--snapshot', {str(tmp_path / 'snap')!r}])); "
        "print(rc, sorted(m for m in ('datasets', 'huggingface_hub.hf_api', 'httpx2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.parametrize("argv,message", [
    (["--offline"], "--offline needs --reference"),
    (["--offline", "--reference", "/no/such/folder"], "no such folder"),
    (["--offline", "--reference", FIX], "lacks model-facts/model_facts.csv"),
])
def test_usage_errors_exit_2(argv, message, tmp_path, models_file, capsys):
    assert cli(*argv, "--models", models_file, "--snapshot", tmp_path / "snap") == 2
    assert message in capsys.readouterr().err


def test_missing_model_list_is_a_usage_error(tmp_path, capsys):
    assert cli("--offline", "--reference", REF, "--snapshot", tmp_path / "empty") == 2
    assert "run `python -m model_data ingest` first" in capsys.readouterr().err


def test_a_candidate_failing_validation_leaves_the_old_snapshot_byte_identical(offline, monkeypatch, capsys):
    folder, _, _ = offline()
    before = folder_bytes(folder)
    real = refresh._params
    monkeypatch.setattr(refresh, "_params", lambda *a: {**real(*a), "params_b": 0.0, "params_source": "model-facts"})
    with pytest.raises(AssertionError):
        offline()
    assert "failed validation" in capsys.readouterr().err
    assert folder_bytes(folder) == before


def test_two_refreshes_at_once_do_not_corrupt_the_snapshot(tmp_path, models_file):
    folder = tmp_path / "snap"
    codes = []
    threads = [threading.Thread(target=lambda: codes.append(
        cli("--offline", "--reference", REF, "--models", models_file, "--snapshot", folder))) for _ in range(3)]
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
    huggingface_hub.set_client_factory(default_client_factory)


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
    assert manifest["tables"]["scores"]["sources"]["open_llm_leaderboard_v2"]["url"].endswith("open-llm-leaderboard/contents")
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


@pytest.mark.parametrize("step,reason", [([503], "HTTP 503 after 4 tries"), (["timeout"], "timeout after 4 tries"),
                                         ([(429, {"Retry-After": "3"})], "HTTP 429 after 4 tries")])
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
    folder = tmp_path / "snap"   # the shipped snapshot, whose mentions give the default list (+ baselines)
    shutil.copytree(snapshot.DEFAULT_DIR, folder, ignore=shutil.ignore_patterns(".*"))
    assert cli("--offline", "--reference", SHARED, "--snapshot", folder) == 0
    for name in ("models.csv", "scores.csv"):
        assert (folder / name).read_bytes() == (snapshot.DEFAULT_DIR / name).read_bytes(), \
            f"{name} differs: re-run `python -m model_data refresh --offline --reference ../shared/reference-data`"


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
    from model_data.refresh import with_baselines

    mentioned = pd.DataFrame({"model_id": ["microsoft/phi-4"], "open_weights": ["true"]})
    both = with_baselines(mentioned)
    assert "meta-llama/Llama-3.1-8B-Instruct" in set(both.model_id)
    assert both.model_id.is_unique and both.model_id.is_monotonic_increasing
