"""Hub metadata: the live client against recorded responses, and the offline stand-ins that must
normalise to the same record."""

from __future__ import annotations

import huggingface_hub
import pytest

from model_data.sources import hub
from tests.fixtures.hub.mock_hub import ScriptedHub

CANARY = "hf_" + "CANARYtokenMustNeverLeak0123456789"  # built at run time: a fake token, not a secret


@pytest.fixture
def scripted(monkeypatch):
    """Install a scripted Hub; record sleeps instead of sleeping."""
    sleeps: list[float] = []
    monkeypatch.setattr(hub, "_sleep", sleeps.append)

    def install(script=None) -> ScriptedHub:
        fake = ScriptedHub(script)
        huggingface_hub.set_client_factory(fake.client)
        fake.sleeps = sleeps
        return fake

    yield install


def test_ok_response_becomes_a_record_with_safetensors_params(scripted):
    fake = scripted()
    result = hub.fetch_model_info("microsoft/phi-4")
    assert (result.status, result.tries) == ("ok", 1)
    record = hub.hub_record_from_model_info(result.info)
    assert record["license_id"] == "mit"
    assert record["params_safetensors_b"] == pytest.approx(14.66)
    assert record["gated"] == "false"
    assert record["created_at"] == "2024-12-11"
    assert record["task"] == "text-generation" and record["library"] == "transformers"
    request = fake.requests[0]
    assert request.url.path == "/api/models/microsoft/phi-4"
    assert set(request.url.params.get_list("expand")) == set(hub.EXPAND)


def test_renamed_repo_follows_the_redirect_and_reports_the_new_id(scripted):
    fake = scripted({"bert-base-uncased": [("redirect", "google-bert/bert-base-uncased")]})
    result = hub.fetch_model_info("bert-base-uncased")
    assert result.status == "renamed"
    assert result.info.id == "google-bert/bert-base-uncased"
    assert fake.paths() == ["/api/models/bert-base-uncased", "/api/models/google-bert/bert-base-uncased"]


def test_diffusers_repo_without_safetensors_has_unknown_params_not_zero(scripted):
    scripted()
    record = hub.hub_record_from_model_info(hub.fetch_model_info("stabilityai/stable-diffusion-2-1").info)
    assert record["params_safetensors_b"] is None
    assert record["license_id"] == "openrail++"
    assert record["library"] == "diffusers"


def test_gated_manual_repo_keeps_its_metadata_and_resolves_a_relative_license_link(scripted):
    scripted()
    record = hub.hub_record_from_model_info(hub.fetch_model_info("meta-llama/Meta-Llama-3-8B-Instruct").info)
    assert record["gated"] == "manual"
    assert record["license_id"] == "llama3"
    assert record["license_url"] == "https://huggingface.co/meta-llama/Meta-Llama-3-8B-Instruct/blob/main/LICENSE"


def test_base_model_comes_from_the_card_or_the_lineage_tags(scripted):
    scripted()
    info = hub.fetch_model_info("mistralai/Mistral-7B-Instruct-v0.3").info
    assert hub.hub_record_from_model_info(info)["base_model"] == "mistralai/Mistral-7B-v0.3"
    info.card_data = None
    assert hub.hub_record_from_model_info(info)["base_model"] == "mistralai/Mistral-7B-v0.3"


def test_the_lineage_tag_gives_the_relation_to_the_base_model(scripted):
    scripted()
    record = hub.hub_record_from_model_info(hub.fetch_model_info("deepset/roberta-base-squad2").info)
    assert (record["base_model"], record["base_relation"]) == ("FacebookAI/roberta-base", "finetune")


def test_card_eval_results_are_read_with_their_verified_flag(scripted):
    scripted()
    results = hub.eval_results(hub.fetch_model_info("deepset/roberta-base-squad2").info)
    squad = [r for r in results if r["dataset"] == "squad_v2" and r["metric"] == "Exact Match"]
    assert squad and squad[0]["value"] == pytest.approx(79.9309) and squad[0]["verified"] is True
    # a card without model-index reports nothing rather than inventing rows
    assert hub.eval_results(hub.fetch_model_info("microsoft/phi-4").info) == []


def test_hub_facts_rows_look_like_model_info_with_the_same_lineage_tag():
    row = {
        "repo_id": "unsloth/gpt-oss-20b-GGUF",
        "license_id": "apache-2.0",
        "license_name": "",
        "base_model": "openai/gpt-oss-20b",
        "base_relation": "quantized",
        "gated": "false",
        "pipeline_tag": "text-generation",
        "library_name": "gguf",
        "created_at": "2025-08-05",
        "likes": "304",
    }
    record = hub.hub_record_from_model_info(hub.model_info_from_hub_facts(row))
    assert (record["base_model"], record["base_relation"]) == ("openai/gpt-oss-20b", "quantized")
    assert record["likes"] is None  # read on pages of different ages: not a comparable count


def test_404_means_removed_from_the_hub_without_retrying(scripted):
    fake = scripted({"gone/model": [404]})
    result = hub.fetch_model_info("gone/model")
    assert result.status == "removed" and "404" in result.reason
    assert len(fake.requests) == 1 and fake.sleeps == []


@pytest.mark.parametrize("step", [401, (403, {"X-Error-Code": "GatedRepo"}), 403])
def test_401_and_403_mean_a_token_is_needed(scripted, step):
    scripted({"meta-llama/Llama-3.1-8B-Instruct": [step]})
    result = hub.fetch_model_info("meta-llama/Llama-3.1-8B-Instruct")
    assert result.status == "gated"
    assert "token" in result.reason


def test_429_waits_as_long_as_retry_after_says_then_succeeds(scripted):
    fake = scripted({"microsoft/phi-4": [(429, {"Retry-After": "7"}), "ok"]})
    result = hub.fetch_model_info("microsoft/phi-4")
    assert (result.status, result.tries) == ("ok", 2)
    assert fake.sleeps == [7.0]


def test_429_respects_the_ratelimit_reset_header(scripted):
    headers = {"RateLimit": '"api";r=0;t=55', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}
    fake = scripted({"microsoft/phi-4": [(429, headers), "ok"]})
    assert hub.fetch_model_info("microsoft/phi-4").status == "ok"
    assert fake.sleeps == [55.0]


def test_retry_after_is_capped(scripted):
    fake = scripted({"microsoft/phi-4": [(429, {"Retry-After": "86400"}), "ok"]})
    hub.fetch_model_info("microsoft/phi-4", max_wait=60)
    assert fake.sleeps == [60.0]


def test_5xx_is_retried_with_exponential_backoff_then_reported_failed(scripted):
    fake = scripted({"microsoft/phi-4": [503]})
    result = hub.fetch_model_info("microsoft/phi-4", max_tries=4)
    assert result.status == "failed"
    assert result.reason == "HTTP 503 after 4 tries"
    assert fake.sleeps == [2.0, 4.0, 8.0]
    assert len(fake.requests) == 4


def test_a_transient_500_then_success(scripted):
    scripted({"microsoft/phi-4": [500, 502, "ok"]})
    result = hub.fetch_model_info("microsoft/phi-4")
    assert (result.status, result.tries) == ("ok", 3)


def test_timeouts_are_retried_then_reported(scripted):
    fake = scripted({"microsoft/phi-4": ["timeout"]})
    result = hub.fetch_model_info("microsoft/phi-4", max_tries=3)
    assert (result.status, result.reason) == ("failed", "timeout after 3 tries")
    assert fake.sleeps == [2.0, 4.0]
    scripted({"microsoft/phi-4": ["timeout", "ok"]})
    assert hub.fetch_model_info("microsoft/phi-4").status == "ok"


def test_the_token_is_sent_but_never_returned(scripted):
    fake = scripted({"meta-llama/Llama-3.1-8B-Instruct": [401]})
    result = hub.fetch_model_info("meta-llama/Llama-3.1-8B-Instruct", token=CANARY)
    assert fake.requests[0].headers["authorization"] == f"Bearer {CANARY}"
    assert CANARY not in result.reason and CANARY not in repr(result)


def test_no_token_means_no_authorization_header_even_if_one_is_cached(scripted, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", CANARY)
    fake = scripted()
    hub.fetch_model_info("microsoft/phi-4", token=None)
    assert "authorization" not in fake.requests[0].headers


FACTS_PHI4 = {
    "hub_id": "microsoft/phi-4",
    "hub_license": "mit",
    "license_name": "",
    "license_url": "",
    "gated": "false",
    "pipeline_tag": "text-generation",
    "library_name": "transformers",
    "base_model": "",
    "released": "2024-12",
}


def test_offline_facts_row_and_live_response_normalise_to_the_same_facts(scripted):
    scripted()
    live = hub.hub_record_from_model_info(hub.fetch_model_info("microsoft/phi-4").info)
    offline = hub.hub_record_from_model_info(hub.model_info_from_facts(FACTS_PHI4))
    for key in ("hub_id", "author", "license_id", "license_name", "gated", "task", "library", "base_model"):
        assert live[key] == offline[key], key
    assert offline["downloads"] is None and offline["likes"] is None  # unknown, never 0
    assert offline["params_safetensors_b"] is None
    assert offline["created_at"] == "2024-12"


def test_facts_gating_modes_and_empty_license():
    row = {**FACTS_PHI4, "gated": "manual", "hub_license": ""}
    record = hub.hub_record_from_model_info(hub.model_info_from_facts(row))
    assert record["gated"] == "manual"
    assert record["license_id"] == ""


def test_leaderboard_row_as_offline_metadata_drops_placeholder_base_models():
    row = {
        "fullname": "org/m",
        "Hub License": "apache-2.0",
        "Base Model": "Removed",
        "Hub ❤️": 12,
        "Upload To Hub Date": "2024-09-16",
    }
    record = hub.hub_record_from_model_info(hub.model_info_from_contents(row))
    assert (record["license_id"], record["base_model"], record["likes"]) == ("apache-2.0", "", 12)
    assert record["created_at"] == "2024-09-16"
