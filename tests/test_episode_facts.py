"""One rule per episode fact, on hand-made facts: which recording, which air date, whose links,
and which episodes the Overview counts."""

from __future__ import annotations

import pandas as pd

from model_data import overview
from model_data.ingest import recording_match
from model_data.ingest.episode_sources import Recording
from model_data.ingest.episodes import EpisodeFacts, date_note, named_episode, settle_links


def rec(path, video, published, title, status="published"):
    return Recording(path, path, title, published, status, video, f"https://youtu.be/{video}")


# -- recordings -----------------------------------------------------------------------------------
def test_the_official_link_decides_and_a_nearer_dated_chapter_file_does_not_replace_it():
    slots = [
        recording_match.Slot("s1e1", "Hands on With GitHub Models", "2025-03-10", "dohvGc7eyqU"),
        recording_match.Slot("s1e4", "Visual Generative Models", "2025-04-07", "kDR09m_cUKs"),  # page a week late
        recording_match.Slot("s1e5", "Fine-Tuning Models", "2025-04-14", "iCPl693s3dA"),
    ]
    found = recording_match.match(
        [
            rec("s1-e00.yaml", "oW7Vku9MjAQ", "2025-03-07", "Model Mondays: Coming Soon!"),
            rec("s1-e01.yaml", "dohvGc7eyqU", "2025-03-11", "Hands On With GitHub Models"),
            rec("s1-e04.yaml", "kDR09m_cUKs", "2025-04-01", "Hands-on with Visual Generative Models"),
            rec("s1-e05.yaml", "iCPl693s3dA", "2025-04-08", "Hands-on with Fine-Tuning Models"),
        ],
        slots,
    )
    assert {e: r.video_id for e, (r, _) in found.matched.items()} == {
        "s1e1": "dohvGc7eyqU",
        "s1e4": "kDR09m_cUKs",
        "s1e5": "iCPl693s3dA",
    }
    assert [p for p, _ in found.disagreements] == ["s1-e00.yaml"], "the trailer is listed, never applied"


def test_without_an_official_link_a_chapter_file_needs_its_date_and_title_and_skips_holidays():
    slots = [
        recording_match.Slot("s3e5", "Responses API", "2026-01-19", holiday=True),
        recording_match.Slot("s3e6", "Fine-Tuning & Responses API", "2026-01-26"),
        recording_match.Slot("s3e12", "AI Toolkit", "2026-03-09"),
    ]
    found = recording_match.match(
        [
            rec("s3-e05.yaml", "vsSleri3RPo", "2026-01-27", "Code-First with Responses API"),
            rec("s3-e10.yaml", "LNgzxNloqbg", "2026-03-10", "AI Developer Experiences"),
            rec("s4-e01.yaml", "", "2026-08-10", "TBD", status="placeholder"),
        ],
        slots,
    )
    assert {e: r.video_id for e, (r, _) in found.matched.items()} == {"s3e6": "vsSleri3RPo", "s3e12": "LNgzxNloqbg"}
    date_only = [m for p, m in found.disagreements if p == "s3-e10.yaml"]
    assert date_only and "publish date alone" in date_only[0] and "AI Toolkit" in date_only[0]
    assert [p for p, _ in found.unmatched] == ["s4-e01.yaml"]


def test_a_chapter_title_matching_an_episode_with_another_official_video_is_a_disagreement():
    slots = [recording_match.Slot("s2e3", "SLMs and Reasoning", "2025-06-30", "VLQKZq8L9Uk")]
    found = recording_match.match(
        [rec("x.yaml", "OTHERVIDEO1", "2025-07-01", "Model Mondays - SLMs and Reasoning")], slots
    )
    assert found.matched == {}
    assert "VLQKZq8L9Uk" in found.disagreements[0][1] and "official link is kept" in found.disagreements[0][1]


def test_official_recording_links_lose_playlist_parameters():
    facts = EpisodeFacts("s1e8", 1, 8)
    facts.offer_links({"recording_url": "https://www.youtube.com/watch?v=_I6qDdp5Vo4&list=PL&index=13"}, official=True)
    assert facts.official_recording == facts.links["recording_url"] == "https://www.youtube.com/watch?v=_I6qDdp5Vo4"


# -- air dates ------------------------------------------------------------------------------------
def facts(page_date, body_date="", published="", schedule=None, ama=None, others=None) -> EpisodeFacts:
    f = EpisodeFacts("s1e4", 1, 4, page_date=page_date, body_date=body_date)
    f.schedule, f.ama, f.other_dates = schedule or {}, ama or {}, others or {}
    if published:
        f.recording = rec("r.yaml", "v", published, "t")
        from model_data.ingest.episode_sources import livestream_monday

        f.youtube_date = livestream_monday(published)
    return f


def test_the_schedule_outranks_the_ama_the_page_and_the_recording():
    air, note = date_note(
        facts(
            "2025-04-07", published="2025-04-01", schedule={"docs/index.md": "2025-03-31"}, ama={"ama.md": "2025-03-31"}
        )
    )
    assert air == "2025-03-31"
    assert note.startswith("from the schedule in docs/index.md")
    assert "the page gives 2025-04-07" in note and "ama.md" not in note, "agreeing evidence is not a disagreement"


def test_the_ama_week_decides_when_there_is_no_schedule():
    air, note = date_note(facts("2025-06-23", ama={"fridays/2025-06-20-s02-e01.md": "2025-06-16"}))
    assert air == "2025-06-16" and "Friday AMA" in note and "the page gives 2025-06-23" in note


def test_the_page_outranks_a_late_upload_within_the_week():
    air, note = date_note(facts("2025-06-23", published="2025-06-26"))
    assert air == "2025-06-23"
    assert note == "from the page; the recording (published 2025-06-26) gives 2025-06-26"


def test_a_page_date_the_recording_contradicts_is_set_aside():
    air, note = date_note(facts("2026-04-06", body_date="2026-04-13", published="2026-04-21"))
    assert air == "2026-04-20", "a Tuesday upload: the Monday show"
    assert "set aside" in note and "8 days after" in note and "page file is dated 2026-04-06" in note


# -- links ----------------------------------------------------------------------------------------
def test_a_slide_deck_two_episodes_link_stays_with_the_episode_its_address_names():
    deck2 = "https://speakerdeck.com/nitya/model-mondays-s2e02-model-context-protocol"
    deck3 = "https://speakerdeck.com/nitya/model-mondays-s2e03-slms-and-reasoning"
    odd = "https://speakerdeck.com/nitya/model-mondays-s1-e4-hands-on-with-fine-tuning-models"
    eps = {e: EpisodeFacts(e, int(e[1]), int(e[3:])) for e in ("s2e2", "s2e3", "s1e5", "s1e4")}
    eps["s2e2"].offer_links({"slides_url": deck2})
    eps["s2e3"].offer_links({"slides_url": deck2})
    eps["s2e3"].offer_links({"slides_url": deck3}, spare=True)
    eps["s1e5"].offer_links({"slides_url": odd})  # misnamed, but no other episode links it
    eps["s1e4"].offer_links({"slides_url": "https://speakerdeck.com/nitya/model-mondays-s1-e4-visual"})
    moved = settle_links(eps)
    assert eps["s2e2"].links["slides_url"] == deck2 and eps["s2e3"].links["slides_url"] == deck3
    assert eps["s1e5"].links["slides_url"] == odd
    assert [e for e, _ in moved] == ["s2e3"]
    assert named_episode(deck2) == "s2e2" and named_episode("https://github.com/orgs/x/discussions/64") is None


# -- Overview -------------------------------------------------------------------------------------
def test_overview_headline_counts_skip_the_mentions_of_a_slot_that_did_not_air():
    models = overview.digest_models(
        pd.DataFrame(
            {
                "model_id": ["a/one", "b/two"],
                "display_name": ["One", "Two"],
                "license_family": ["mit", "mit"],
                "commercial_use": ["yes", "yes"],
                "open_weights": ["true", "true"],
            }
        )
    )
    episodes = pd.DataFrame({"episode_id": ["s3e8", "s3e9"], "season": [3, 3], "aired": ["true", "false"]})
    mentions = pd.DataFrame({"episode_id": ["s3e8", "s3e9"], "model_id": ["a/one", "b/two"]})
    stats = overview.overview_stats(models, episodes, mentions)
    assert (stats["episodes"], stats["models"], stats["mentions"]) == (1, 1, 1)
