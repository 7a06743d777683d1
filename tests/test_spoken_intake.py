"""The show as it is spoken: auto-caption transcripts, names heard by ear, family words, links that
decide their line, and the catalogue built from every reference table."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from model_data.ingest import catalogue
from model_data.ingest.catalogue import Catalogue, Entry
from model_data.ingest.mentions import Matcher
from model_data.ingest.pipeline import parse_extra, run_ingest

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "intake"
REFERENCE = ROOT.parent / "shared" / "reference-data"
CORPUS = ROOT.parent / "shared" / "corpus" / "model-mondays"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "hub-facts" / "hub_facts.csv").exists() or not CORPUS.is_dir(),
    reason="../shared/reference-data and ../shared/corpus are not beside this checkout",
)

SMALL = Catalogue(
    [
        Entry("microsoft/aurora", "Aurora", "Aurora", "hub-facts"),
        Entry("google/gemma-7b-it", "Gemma 7B IT", "Gemma", "hub-facts"),
        Entry("google/gemma-2-9b-it", "Gemma 2 9B IT", "Gemma 2", "hub-facts"),
        Entry("google/gemma-3-4b-it", "Gemma 3 4B IT", "Gemma 3", "hub-facts"),
        Entry("google/gemma-3n-E2B-it", "Gemma 3n E2B IT", "Gemma 3n", "hub-facts"),
        Entry("google/gemma-3n-E4B-it", "Gemma 3n E4B IT", "Gemma 3n", "hub-facts"),
        Entry("nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16", "Nemotron 3 Super", "Nemotron 3", "hub-facts"),
        Entry("microsoft/Phi-4-mini-instruct", "Phi-4-mini-instruct", "Phi-4", "hub-facts"),
        Entry("Qwen/Qwen3-32B", "Qwen3 32B", "Qwen3", "hub-facts"),
        Entry("Qwen/Qwen2.5-72B", "", "", "open-llm-leaderboard-v2"),
        Entry(
            "Qwen/Qwen2.5-72B-Instruct", "Qwen2.5 72B Instruct", "Qwen2.5", "hub-facts", "Qwen/Qwen2.5-72B", "finetune"
        ),
        Entry(
            "someone/Qwen2.5-72B-Instruct-abliterated",
            "",
            "",
            "open-llm-leaderboard-v2",
            "Qwen/Qwen2.5-72B",
            "finetune",
        ),
        Entry(
            "HuggingFaceH4/zephyr-7b-beta", "", "", "open-llm-leaderboard-v1", "mistralai/Mistral-7B-v0.1", "finetune"
        ),
        Entry("NikolaSigmoid/phi-4-14b", "", "", "open-llm-leaderboard-v2", "microsoft/phi-4", "finetune"),
        Entry("microsoft/phi-4", "Phi-4", "Phi-4", "hub-facts"),
        Entry("AA051610/Q", "", "", "open-llm-leaderboard-v1"),
        Entry("Norquinal/Hotel", "", "", "open-llm-leaderboard-v1"),
    ]
)


def scan(line: str, spoken: bool = False, cat: Catalogue = SMALL):
    hits, unresolved = Matcher.from_files(catalogue=cat).scan(line, line, spoken)
    return {h.surface: h.model_id for h in hits}, {u.surface: [p[0] for p in u.proposals] for u in unresolved}


def test_a_capitalised_word_before_lower_case_words_is_not_read_by_its_last_word():
    hits, names = scan("We watched the Northern aurora over the lake")
    assert "microsoft/aurora" not in hits.values() and not names


def test_a_bare_family_word_is_the_family_row_never_one_model():
    for line in ("Gemma is available too", "the Gemma terms of use apply", "we like the Gemma models"):
        hits, _ = scan(line)
        assert set(hits.values()) == {"family/gemma"}, line


def test_spoken_gemma_three_n_is_a_proposal_of_both_gemma_3n_sizes_not_a_gemma_7b():
    from model_data.ingest.spoken import normalise

    hits, names = scan(normalise("and gemma three n runs on your phone"), spoken=True)
    assert not hits
    assert names == {"gemma 3n": ["google/gemma-3n-E2B-it", "google/gemma-3n-E4B-it"]}


def test_a_name_heard_by_ear_is_matched_by_its_sound_and_a_sized_unknown_is_surfaced_whole():
    hits, names = scan("then nvidia nimatron 3 super and also mixtral 8x7B is back", spoken=True)
    assert hits == {"nimatron 3 super": "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16"}
    assert list(names) == ["mixtral 8x7B"], "beyond the catalogue: listed for review, whole"


def test_sentences_with_numbers_are_not_names_in_speech():
    hits, names = scan("we ran it 3 times on 8B of tokens and about 20B parameters in 25 languages", spoken=True)
    assert not hits and not names


def test_a_link_on_the_line_wins_over_a_fuzzy_reading_of_the_same_name():
    hits, names = scan("- BGE-M3 embeddings ([model card](https://huggingface.co/BAAI/bge-m3)) for retrieval")
    assert hits == {"BAAI/bge-m3": "BAAI/bge-m3"} and not names


def test_a_name_is_read_whole_with_its_qualifiers():
    _, names = scan("HiDream I1 Full generates images")
    assert list(names) == ["HiDream I1 Full"]


def test_the_makers_release_ranks_above_fine_tunes_and_leaderboard_names_need_a_version():
    assert SMALL.resolve("Qwen 2.5 72B Instruct").repo_id == "Qwen/Qwen2.5-72B-Instruct"
    assert SMALL.resolve("Zephyr 7B Beta").repo_id == "HuggingFaceH4/zephyr-7b-beta"  # a renamed fine-tune
    assert SMALL.resolve("Phi-4 14B").repo_id is None  # a copy keeping its base's name is no reading
    hits, _ = scan("Q: which Hotel did the team stay in?")
    assert not hits


def test_a_packaging_repo_id_of_a_known_model_is_a_mention_as_written():
    hits, names = scan("Run microsoft/Phi-4-mini-instruct-onnx on device")
    assert hits == {"microsoft/Phi-4-mini-instruct-onnx": "microsoft/Phi-4-mini-instruct-onnx"} and not names


@needs_reference
def test_the_catalogue_holds_every_reference_tables_repo_ids():
    cat = catalogue.load(REFERENCE)
    sources = {e.source for e in cat.entries.values()}
    assert {"open-llm-leaderboard-v1", "open-llm-leaderboard-v2", "hub-facts", "llm-stats"} <= sources


@needs_reference
def test_auto_caption_transcripts_lose_no_open_model_and_add_no_wrong_one():
    """Three transcripts written in auto-caption style (tests/fixtures/intake): every open model a
    listener names is resolved or proposed, most are resolved, nothing wrong lands on the episode."""
    expected = pd.read_csv(FIX / "expected.csv", dtype=str)
    matcher = Matcher.from_files(catalogue=catalogue.load(REFERENCE))
    resolved = named = 0
    for name, group in expected.groupby("file"):
        result = run_ingest([CORPUS], [parse_extra(f"{name.split('_')[0]}={FIX / name}")], matcher)
        mine = result.mentions[result.mentions.all_sources.str.contains(name, regex=False)]
        cands = result.candidates[result.candidates.source_path.str.endswith(name)]
        proposed = " ".join(cands.proposals) + " " + " ".join(cands.surface)
        for model, spoken in zip(group.model_id, group.spoken):
            named += 1
            resolved += model in set(mine.model_id)
            surfaced = model in proposed or spoken.split()[-1] in proposed
            assert model in set(mine.model_id) or surfaced, f"{spoken} lost in {name}"
        wrong = {m for m in set(mine.model_id) - set(group.model_id) if not m.startswith("family/")}
        assert not wrong, name
    assert resolved / named >= 0.75


class _FakeHub(BaseHTTPRequestHandler):
    """The two Hub routes the ingest uses: model search (`/api/models?search=`) and model info."""

    repos = [
        "mistralai/Mixtral-8x7B-Instruct-v0.1",
        "TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF",
        "mistralai/Mixtral-8x7B-v0.1",
        "HiDream-ai/HiDream-I1-Full",
    ]

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        if url.path == "/api/models":
            query = parse_qs(url.query).get("search", [""])[0].lower()
            body = [{"id": r, "modelId": r} for r in self.repos if query in r.lower()]
        elif url.path.startswith("/api/models/") and url.path.removeprefix("/api/models/") in self.repos:
            repo = url.path.removeprefix("/api/models/")
            body = {"id": repo, "modelId": repo, "sha": "0" * 40, "private": False}
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def fake_hub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_online_a_name_beyond_the_catalogue_gets_hub_ids_proposed_original_first(tmp_path, fake_hub):
    from huggingface_hub import HfApi

    from model_data.ingest.catalogue import HubSearch

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", corpus)
    talk = tmp_path / "talk.txt"
    talk.write_text("0:01 welcome back\n0:04 mix trial eight by seven b was\n0:08 one of the first\n" * 1)
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nHiDream I1 Full generates images.\n")
    extras = [parse_extra(f"s2e1={talk}"), parse_extra(f"s2e1={page}")]
    result = run_ingest(
        [corpus], extras, Matcher.from_files(catalogue=SMALL), hub_search=HubSearch(HfApi(endpoint=fake_hub))
    )
    proposals = dict(zip(result.candidates.surface, result.candidates.proposals))
    assert proposals["mixtral 8x7B"].startswith("mistralai/Mixtral-8x7B-Instruct-v0.1 ")
    assert proposals["mixtral 8x7B"].index("mistralai/") < proposals["mixtral 8x7B"].index("TheBloke/")
    assert proposals["HiDream I1 Full"].startswith("HiDream-ai/HiDream-I1-Full ")
    assert not result.mentions.model_id.str.contains("Mixtral|HiDream").any(), "the Hub proposes, never decides"


def test_a_page_naming_models_as_the_live_qa_said_them_reads_them_whole(tmp_path):
    cat = Catalogue(
        [
            Entry("microsoft/Phi-4-mini-instruct", "Phi-4-mini-instruct", "Phi-4", "hub-facts"),
            Entry("microsoft/phi-4", "Phi-4", "Phi-4", "hub-facts"),
            Entry("microsoft/Phi-3.5-mini-instruct", "Phi-3.5-mini-instruct", "Phi-3.5", "hub-facts"),
            Entry("microsoft/Phi-3-mini-4k-instruct", "Phi-3-mini-4k-instruct", "Phi-3", "hub-facts"),
            Entry("Qwen/Qwen3-32B", "Qwen3 32B", "Qwen3", "hub-facts"),
        ]
    )
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", corpus)
    page = tmp_path / "qa.md"
    page.write_text(
        "# Q&A\n\nAsked live: does Phi four mini run offline, and is Qwen three thirty two B open?\n\nHere are five tips.\n"
    )
    result = run_ingest([corpus], [parse_extra(f"s2e1={page}")], Matcher.from_files(catalogue=cat))
    mine = result.mentions[result.mentions.source_path.str.endswith("qa.md")]
    assert dict(zip(mine.surface, mine.model_id)) == {
        "Phi four mini": "microsoft/Phi-4-mini-instruct",
        "Qwen three thirty two B": "Qwen/Qwen3-32B",
    }
    assert result.candidates[result.candidates.source_path.str.endswith("qa.md")].empty
