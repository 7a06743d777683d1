"""Episode intake: every kind of episode material, attribution of extra files, resolution of new
models through the catalogue, and the review / update workflow, on fixture files written here."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from model_data.ingest import catalogue, review
from model_data.store import schema
from model_data.ingest.catalogue import Catalogue, Entry, HubSearch
from model_data.ingest.pipeline import parse_extra, run_ingest
from model_data.ingest.report import review_report
from model_data.ingest.mentions import Matcher

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
REFERENCE = ROOT.parent / "shared" / "reference-data"
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "hub-facts" / "hub_facts.csv").exists(),
    reason="../shared/reference-data is not beside this checkout",
)

SMALL_CATALOGUE = Catalogue(
    [
        Entry("meta-llama/Llama-3.3-70B-Instruct", "Llama 3.3 70B Instruct", "Llama 3.3", "fixture"),
        Entry("moonshotai/Kimi-K2.5", "Kimi K2.5", "Kimi-K2", "fixture"),
        Entry("microsoft/phi-4", "Phi-4", "Phi-4", "fixture"),
        Entry("google/gemma-3n-E2B-it", "Gemma 3n E2B IT", "Gemma 3n", "fixture"),
        Entry("google/gemma-3n-E4B-it", "Gemma 3n E4B IT", "Gemma 3n", "fixture"),
        Entry("mistralai/Mistral-7B-Instruct-v0.3", "Mistral 7B Instruct v0.3", "Mistral 7B", "fixture"),
        Entry("zai-org/GLM-4.7-Flash", "GLM-4.7-Flash", "GLM-4.7", "fixture"),
        Entry(
            "unsloth/GLM-4.7-Flash-GGUF",
            "GLM-4.7-Flash GGUF",
            "GLM-4.7",
            "fixture",
            "zai-org/GLM-4.7-Flash",
            "quantized",
        ),
    ]
)

# A new episode page in the official layout, written as a maintainer would: eight well-known open
# models, none of them in aliases.csv, next to product names that must stay out.
NEW_EPISODE = """\
![S3-E18](../assets/model-mondays/S3-E18.png)

## Open Models Roundup

**Date:** April 27, 2026
**Season:** 3 | **Episode:** 18

### News Highlights

1. [Llama 3.3 70B](https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct) - now in the Foundry catalogue
2. Gemma 3n brings on-device multimodality to Foundry Local
3. Qwen3-Coder-Next tops the coding charts in GitHub Copilot
4. Kimi K2.5 and DeepSeek-V3.2 arrive as serverless APIs
5. MiniMax M2.5 for long-horizon agents, traced with Azure AI Search
6. Mistral Small 3.2 24B runs in VS Code through the AI Toolkit
7. IBM Granite 4.0 H Small for enterprise RAG with Model Router

### Tech Spotlight: Open models in Microsoft Foundry

The Llama family and the Phi family both ship on Foundry Local.

**Related AMA:** [View AMA Discussion](../foundry-fridays/2026-05-01-s03-e18.md)
"""
EIGHT = {
    "Llama 3.3 70B": "meta-llama/Llama-3.3-70B-Instruct",
    "Gemma 3n": None,
    "Qwen3-Coder-Next": "Qwen/Qwen3-Coder-Next",
    "Kimi K2.5": "moonshotai/Kimi-K2.5",
    "DeepSeek-V3.2": "deepseek-ai/DeepSeek-V3.2",
    "MiniMax M2.5": "MiniMaxAI/MiniMax-M2.5",
    "Mistral Small 3.2 24B": "mistralai/Mistral-Small-3.2-24B-Instruct-2506",
    "IBM Granite 4.0 H Small": "ibm-granite/granite-4.0-h-small",
}
PRODUCTS = ["foundry local", "github copilot", "azure ai search", "vs code", "ai toolkit", "model router"]

# Caption text as YouTube exports it: stamps on some lines, names split across two captions.
CAPTIONS = """\
0:05 welcome back everyone today we are
looking at Llama
0:09 3.3 70B and how it compares
with Kimi
0:14 K2.5 on long context
and then a quick look at the Phi family
"""


def make_pdf(pages: list[list[str]]) -> bytes:
    """A text PDF built with pypdf's public API (one text line per string)."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = ContentStream(None, None)
        stream.set_data(("BT /F1 14 Tf 72 720 Td 18 TL " + " ".join(f"({t}) Tj T*" for t in lines) + " ET").encode())
        page.replace_contents(stream)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


EPISODE_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["id", "title", "season", "publishDate", "segmentType"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "season": {"type": "string"},
        "publishDate": {"type": "string"},
        "status": {"enum": ["placeholder", "scheduled", "published"]},
        "segmentType": {"type": "array", "minItems": 1},
        "duration": {"type": "integer"},
        "youtubeVideoId": {"type": "string"},
        "youtubeUrl": {"type": "string"},
        "metrics": {"type": "object"},
        "chapters": {"type": "array"},
    },
}
CHAPTERS = """\
id: s2-e02-2025-06-17
title: Model Mondays - Reasoning with small models
season: season-2
publishDate: '2025-06-17'
status: published
youtubeVideoId: ffxUEenM4B8
youtubeUrl: https://www.youtube.com/watch?v=ffxUEenM4B8
segmentType:
  - tech-spotlight
duration: 2400
metrics:
  views: 321
  updatedAt: '2026-07-22T03:56:40.200Z'
chapters:
  - time: '0:00'
    label: – Welcome
  - time: '12:34'
    label: – Kimi K2.5 Spotlight
  - time: '1:02:03'
    label: – GLM437 Flash demo
"""
PLACEHOLDER = (
    "id: s4-e01-2026-08-10\ntitle: TBD\nseason: season-4\npublishDate: 2026-08-10\nstatus: placeholder\n"
    "segmentType:\n  - tech-spotlight\n"
)
BROKEN = "id: s2-e03-2025-06-30\ntitle: no season or date\nsegmentType: []\n"


@pytest.fixture
def hub_corpus(tmp_path) -> Path:
    root = tmp_path / "hub"
    (root / "data" / "schema").mkdir(parents=True)
    (root / "data" / "episodes").mkdir(parents=True)
    (root / "data" / "schema" / "episode.schema.json").write_text(json.dumps(EPISODE_SCHEMA))
    (root / "data" / "episodes" / "s2-e02-2025-06-17.yaml").write_text(CHAPTERS)
    (root / "data" / "episodes" / "s4-e01-2026-08-10.yaml").write_text(PLACEHOLDER)
    (root / "data" / "episodes" / "s2-e03-2025-06-30.yaml").write_text(BROKEN)
    return root


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "corpus", root)
    return root


def matcher(cat=SMALL_CATALOGUE) -> Matcher:
    return Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv", cat)


def pair(result, episode, model):
    m = result.mentions
    rows = m[(m.episode_id == episode) & (m.model_id == model)]
    return rows.iloc[0] if len(rows) else None


# -- formats ------------------------------------------------------------------------------------
def test_slide_pdf_is_read_with_page_numbers(corpus):
    (corpus / ".2025" / "pdf").mkdir(parents=True)
    (corpus / ".2025" / "pdf" / "S2-E03-Reasoning.pdf").write_bytes(
        make_pdf([["Small models, big reasoning"], ["Meet Kimi K2.5", "distilled from Phi-4"]])
    )
    result = run_ingest([corpus], [], matcher())
    kimi = pair(result, "s2e3", "moonshotai/Kimi-K2.5")
    assert kimi is not None and (kimi.evidence, kimi.location, kimi.resolved_by) == ("slides", "page 2", "catalogue")


def test_a_broken_pdf_is_reported_and_the_rest_goes_on(corpus):
    (corpus / ".2025" / "pdf").mkdir(parents=True)
    (corpus / ".2025" / "pdf" / "S2-E03-Reasoning.pdf").write_bytes(b"%PDF-1.4 not really")
    result = run_ingest([corpus], [], matcher())
    assert any(p.endswith("S2-E03-Reasoning.pdf") and "PDF" in m for p, m in result.problems)
    assert not result.mentions.empty


def test_chapter_files_match_episodes_by_video_id_and_keep_offsets(corpus, hub_corpus):
    result = run_ingest([corpus, hub_corpus], [], matcher())
    eps = result.episodes.set_index("episode_id")
    # its own number says e02; its video is the one the official README links for S2E1
    assert eps.loc["s2e1", "youtube_id"] == "ffxUEenM4B8"
    assert (int(eps.loc["s2e1", "duration_s"]), int(eps.loc["s2e1", "views"]), eps.loc["s2e1", "views_as_of"]) == (
        2400,
        321,
        "2026-07-22",
    )
    kimi = pair(result, "s2e1", "moonshotai/Kimi-K2.5")
    assert (kimi.evidence, kimi.location, int(kimi.watch_s)) == ("chapter", "12:34", 754)
    assert any(
        "GLM437 Flash" == s and "zai-org/GLM-4.7-Flash" in p
        for s, p in zip(result.candidates.surface, result.candidates.proposals)
    )


def test_a_chapter_file_whose_video_the_official_page_does_not_link_is_listed_not_used(corpus, hub_corpus):
    other = CHAPTERS.replace("ffxUEenM4B8", "trailer0001").replace("Reasoning with small models", "Coming Soon!")
    (hub_corpus / "data" / "episodes" / "s2-e02-2025-06-17.yaml").write_text(other)
    result = run_ingest([corpus, hub_corpus], [], matcher())
    eps = result.episodes.set_index("episode_id")
    assert eps.loc["s2e1", "recording_url"] == "https://www.youtube.com/watch?v=ffxUEenM4B8"
    assert eps.loc["s2e1", "youtube_id"] == "" and pair(result, "s2e1", "moonshotai/Kimi-K2.5") is None
    assert any(p.endswith("s2-e02-2025-06-17.yaml") and "trailer0001" in m for p, m in result.disagreements)
    assert "trailer0001" in review_report(result).split("## Episode facts the sources disagree on")[1]


def test_a_chapter_file_failing_its_schema_is_reported_and_skipped(corpus, hub_corpus):
    result = run_ingest([corpus, hub_corpus], [], matcher())
    assert any(p.endswith("s2-e03-2025-06-30.yaml") and "schema" in m for p, m in result.problems)
    assert any(p.endswith("s4-e01-2026-08-10.yaml") and "placeholder" in m for p, m in result.ignored)
    assert not result.mentions.source_path.str.contains("s4-e01").any()


def test_files_of_unread_kinds_are_listed_with_a_reason(corpus):
    (corpus / "docs" / "model-mondays" / "banner.png").write_bytes(b"\x89PNG")
    result = run_ingest([corpus], [], matcher())
    assert any(p.endswith("banner.png") and "not text, YAML or PDF" in m for p, m in result.ignored)


# -- transcripts and attribution ------------------------------------------------------------------
def test_caption_transcript_joins_split_names_and_keeps_times(corpus, tmp_path):
    talk = tmp_path / "talk.txt"
    talk.write_text(CAPTIONS)
    result = run_ingest([corpus], [parse_extra(f"s2e1={talk}")], matcher())
    llama = pair(result, "s2e1", "meta-llama/Llama-3.3-70B-Instruct")
    assert llama is not None and llama.evidence == "transcript" and int(llama.watch_s) == 5
    kimi = pair(result, "s2e1", "moonshotai/Kimi-K2.5")
    assert kimi is not None and kimi.location == "0:09"
    assert pair(result, "s2e1", "family/phi") is not None
    assert (result.mentions.surface.str.count("Llama") <= 1).all(), "a joined pair is not read twice"


@pytest.mark.parametrize(
    "name, text, episode",
    [
        ("S02E03-talk.md", "# Talk\n\nKimi K2.5\n", "s2e3"),
        ("talk-2025-06-16.md", "# Talk\n\nKimi K2.5\n", "s2e1"),
        ("talk.md", "---\nepisode: s2e3\n---\n# Talk\n\nKimi K2.5\n", "s2e3"),
        ("notes.md", "# Model Mondays S2E1 notes\n\nKimi K2.5\n", "s2e1"),
    ],
)
def test_extra_files_are_attributed_without_editing_them(corpus, tmp_path, name, text, episode):
    path = tmp_path / name
    path.write_text(text)
    result = run_ingest([corpus], [str(path)], matcher())
    assert result.unused_extras == []
    assert pair(result, episode, "moonshotai/Kimi-K2.5") is not None


def test_an_unattributable_extra_is_an_error_naming_the_file(corpus, tmp_path):
    path = tmp_path / "random-notes.md"
    path.write_text("# Notes\n\nKimi K2.5\n")
    cmd = [
        sys.executable,
        "-m",
        "model_data",
        "ingest",
        "--corpus",
        str(corpus),
        "--extra",
        str(path),
        "--aliases",
        str(FIX / "aliases.csv"),
        "--not-models",
        str(FIX / "not_models.csv"),
        "--out",
        str(tmp_path / "out"),
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "random-notes.md" in proc.stderr and "names no episode" in proc.stderr
    assert not (tmp_path / "out" / "mentions.csv").exists()
    proc = subprocess.run(cmd + ["--allow-unused"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "random-notes.md" in (tmp_path / "out" / "review.md").read_text()


def test_exclusions_match_with_several_corpora(corpus, hub_corpus):
    plain = pair(run_ingest([corpus], [], matcher(), {}), "s2e1", "deepseek-ai/DeepSeek-R1")
    excl = {(plain.source_path, int(plain.line), "deepseek-ai/DeepSeek-R1"): "reviewed"}
    one = run_ingest([corpus], [], matcher(), excl)
    two = run_ingest([corpus, hub_corpus], [], matcher(), excl)
    assert one.excluded and len(one.excluded) == len(two.excluded)


# -- resolution ---------------------------------------------------------------------------------
def test_longer_names_are_never_hidden_by_short_aliases_or_family_words():
    m = Matcher.from_files(FIX / "aliases.csv", FIX / "not_models.csv", SMALL_CATALOGUE)
    hits, unresolved = m.scan("Gemma 3n, Phi-4 14B, MiniMax M2.5 and the Llama 3.3 70B", "")
    ids = {h.model_id for h in hits}
    assert "microsoft/phi-4" in ids and "meta-llama/Llama-3.3-70B-Instruct" in ids
    names = {u.surface: u for u in unresolved}
    assert "MiniMax M2.5" in names, "kept whole, not truncated"
    assert {p[0] for p in names["Gemma 3n"].proposals} == {"google/gemma-3n-E2B-it", "google/gemma-3n-E4B-it"}


def test_repo_ids_and_links_in_text_are_mentions_and_a_gguf_copy_names_its_model():
    m = Matcher([], [], SMALL_CATALOGUE)
    hits, _ = m.scan("deploy unsloth/GLM-4.7-Flash-GGUF or see https://huggingface.co/moonshotai/Kimi-K2.5", "")
    assert {(h.model_id, h.resolved_by) for h in hits} == {
        ("zai-org/GLM-4.7-Flash", "repo id in text"),
        ("moonshotai/Kimi-K2.5", "repo id in text"),
    }


def test_speech_slips_get_ranked_proposals_with_scores():
    found = SMALL_CATALOGUE.resolve("GLM437 Flash")
    assert found.repo_id is None and found.proposals[0][0] == "zai-org/GLM-4.7-Flash" and found.proposals[0][1] > 85
    assert SMALL_CATALOGUE.resolve("fi four").proposals[0][0] == "microsoft/phi-4"


def test_hub_search_only_proposes_and_survives_failures():
    class FakeModel:
        def __init__(self, id):
            self.id = id

    class FakeApi:
        def list_models(self, search, sort, limit):
            assert search == "Olmo-3", "searched as a repo name is written"
            return [FakeModel("allenai/Olmo-3-7B-Instruct"), FakeModel("someone/olmo-3-finetune")]

    class DownApi:
        def list_models(self, **_):
            raise ConnectionError("no network")

    got = HubSearch(FakeApi()).near("Olmo 3")
    assert got[0][0] == "allenai/Olmo-3-7B-Instruct" and all(why == "Hub search" for _, _, why in got)
    assert HubSearch(DownApi()).near("Olmo 3") == []


@needs_reference
def test_a_new_episode_page_naming_eight_open_models_resolves_without_editing_tables(corpus):
    (corpus / "docs" / "model-mondays" / "2026-04-27-s03-e18.md").write_text(NEW_EPISODE)
    result = run_ingest([corpus], [], Matcher.from_files(catalogue=catalogue.load(REFERENCE)))
    m = result.mentions[result.mentions.episode_id == "s3e18"]
    resolved = {name: pair(result, "s3e18", repo) is not None for name, repo in EIGHT.items() if repo}
    assert sum(resolved.values()) >= 6, resolved
    assert all(resolved.values()), resolved
    proposals = result.candidates[result.candidates.episode_id == "s3e18"]
    assert "Gemma 3n" in set(proposals.surface), "not lost: a proposal"
    assert "google/gemma-7b-it" not in set(m.model_id)
    assert not m.surface.str.lower().isin(PRODUCTS).any()
    assert not m.model_id.str.contains("foundry|copilot|search|router", case=False).any()
    assert set(m[m.model_id.str.startswith("family/")].model_id) == {"family/llama", "family/phi"}
    assert pair(result, "s3e18", "meta-llama/Llama-3.3-70B-Instruct").open_weights == "true"
    eps = result.episodes.set_index("episode_id")
    assert eps.loc["s3e18", "blog_url"] == "", "a model's link is not the episode's blog"


# -- review and update --------------------------------------------------------------------------
def test_review_accept_and_reject_write_the_curated_tables_with_who_and_when(tmp_path):
    aliases, not_models = tmp_path / "aliases.csv", tmp_path / "not_models.csv"
    shutil.copy(FIX / "aliases.csv", aliases)
    shutil.copy(FIX / "not_models.csv", not_models)
    review.accept(
        "GLM437 Flash", "zai-org/GLM-4.7-Flash", "s3e7", aliases, not_models, known=review.Known(), force=True
    )
    review.reject("N8N Integration", "workflow tool", aliases, not_models)
    a = pd.read_csv(aliases, dtype=str, keep_default_na=False)
    row = a[a.surface == "GLM437 Flash"].iloc[0]
    assert row.model_id == "zai-org/GLM-4.7-Flash" and row.open_weights == "true"
    assert "accepted in review by" in row.note and "s3e7" in row.note
    assert "rejected in review by" in not_models.read_text()
    with pytest.raises(review.ReviewError):
        review.accept(
            "GLM437 Flash", "zai-org/GLM-4.7-Flash", None, aliases, not_models, known=review.Known(), force=True
        )
    with pytest.raises(review.ReviewError):
        review.accept("Something", "not a repo id", None, aliases, not_models)
    assert Matcher.from_files(aliases, not_models).scan("GLM437 Flash", "")[0][0].model_id == "zai-org/GLM-4.7-Flash"


@needs_reference
def test_update_takes_a_new_episode_from_page_to_a_validated_snapshot(corpus, tmp_path):
    (corpus / "docs" / "model-mondays" / "2026-04-27-s03-e18.md").write_text(NEW_EPISODE)
    snap = tmp_path / "snap"
    snap.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "model_data",
            "update",
            "--offline",
            "--reference",
            str(REFERENCE),
            "--corpus",
            str(corpus),
            "--snapshot",
            str(snap),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    episodes_line = next(line for line in proc.stdout.splitlines() if line.strip().startswith("episodes:"))
    assert "s3e18" in episodes_line and "moonshotai/Kimi-K2.5" in proc.stdout
    assert "valid" in proc.stdout
    models = pd.read_csv(snap / "models.csv", dtype=str, keep_default_na=False)
    assert "moonshotai/Kimi-K2.5" in set(models.model_id)
    assert not models.model_id.str.startswith("family/").any(), "a family row is not a model"
    mentions = pd.read_csv(snap / "mentions.csv", dtype=str, keep_default_na=False)
    assert list(mentions.columns) == schema.MENTIONS
    listing = subprocess.run(
        [sys.executable, "-m", "model_data", "review", "--snapshot", str(snap)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Gemma 3n" in listing.stdout and "google/gemma-3n-E4B-it" in listing.stdout


@needs_reference
def test_an_auto_caption_transcript_of_an_earlier_episode_resolves_with_little_noise(corpus):
    """Lower-case captions, names split over lines, a link without a scheme, product names."""
    talk = FIX / "transcripts" / "s2e3_talk.txt"
    result = run_ingest(
        [corpus], [parse_extra(f"s2e3={talk}")], Matcher.from_files(catalogue=catalogue.load(REFERENCE))
    )
    named = {
        "microsoft/Phi-4-reasoning",
        "closed/o3-mini",
        "deepseek-ai/DeepSeek-R1",
        "deepseek-ai/DeepSeek-R1-Distill-Llama-70B",
        "meta-llama/Llama-3.3-70B-Instruct",
        "Qwen/Qwen3-32B",
    }
    got = result.mentions[result.mentions.episode_id == "s2e3"]
    assert named <= set(got.model_id)
    from_talk = result.mentions[result.mentions.all_sources.str.contains("s2e3_talk.txt", regex=False)]
    assert set(from_talk.model_id) <= named | {"microsoft/Phi-4-mini-reasoning", "microsoft/phi-4"}
    assert result.candidates[result.candidates.source_path.str.endswith("s2e3_talk.txt")].empty, "no noise"
    llama = got.set_index("model_id").loc["meta-llama/Llama-3.3-70B-Instruct"]
    assert (llama.evidence, llama.location, int(llama.watch_s)) == ("transcript", "0:28", 28)


def test_plain_repo_ids_nobody_vouches_for_are_proposals_and_the_hub_confirms_them(corpus, tmp_path):
    talk = tmp_path / "notes.md"
    talk.write_text("# Notes\n\nTry acme-ai/Rocket-7B-Instruct and read microsoft/model-mondays on GitHub.\n")
    offline = run_ingest([corpus], [parse_extra(f"s2e1={talk}")], matcher())
    assert list(offline.candidates[offline.candidates.source_path.str.endswith("notes.md")].surface) == [
        "acme-ai/Rocket-7B-Instruct"
    ]

    class FakeApi:
        def model_info(self, repo_id):
            if repo_id != "acme-ai/Rocket-7B-Instruct":
                raise KeyError(repo_id)
            return type("Info", (), {"id": "acme-ai/Rocket-7B-Instruct"})()

        def list_models(self, **_):
            return []

    online = run_ingest([corpus], [parse_extra(f"s2e1={talk}")], matcher(), hub_search=HubSearch(FakeApi()))
    row = pair(online, "s2e1", "acme-ai/Rocket-7B-Instruct")
    assert row is not None and row.resolved_by == "repo id in text"


@needs_reference
@pytest.mark.parametrize(
    "slip, right",
    [
        ("GLM437 Flash", "zai-org/GLM-4.7-Flash"),
        ("Deep Seek base 3.1", "deepseek-ai/DeepSeek-V3.1-Base"),
        ("fi four", "microsoft/phi-4"),
        ("NVIDIA Neotron 3 Super", "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-BF16"),
        ("MR Large 3", "mistralai/Mistral-Large-3-675B-Instruct-2512"),
    ],
)
def test_speech_slips_rank_the_right_model_first_against_the_real_catalogue(slip, right):
    found = catalogue.load(REFERENCE).resolve(slip)
    assert found.repo_id is None, "a slip is never resolved silently"
    assert found.proposals[0][0] == right and found.proposals[0][1] >= 72


def test_update_stops_at_the_first_failing_step_and_says_so(corpus, tmp_path):
    snap = tmp_path / "snap"
    snap.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "model_data",
            "update",
            "--offline",
            "--reference",
            str(tmp_path / "nowhere"),
            "--corpus",
            str(corpus),
            "--snapshot",
            str(snap),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "nowhere" in proc.stderr and "ingest failed" in proc.stderr and "refresh ..." not in proc.stderr
    assert list(snap.iterdir()) == []


def test_a_markdown_transcript_is_attributed_by_its_front_matter_and_keeps_times(corpus, tmp_path):
    talk = tmp_path / "talk.md"
    talk.write_text(
        "---\ntitle: Model Mondays S2E3 transcript\n---\n\n"
        "**[00:01:05]** Host: this week we try Kimi\n**[00:01:09]** Guest: K2.5 on long documents\n"
    )
    result = run_ingest([corpus], [str(talk)], matcher())
    kimi = pair(result, "s2e3", "moonshotai/Kimi-K2.5")
    assert kimi is not None and (kimi.evidence, kimi.location, int(kimi.watch_s)) == ("transcript", "1:05", 65)
