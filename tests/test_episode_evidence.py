"""Episodes page: each mention's evidence, and "watch at 12:34" links into the recording."""

from __future__ import annotations

import pandas as pd

from model_data import views
from model_data.store.snapshot import read_snapshot
from tests.apptest_helpers import SHIPPED, needs_shipped, no_exception, open_app
from ui.contexts import episode_evidence


def test_recording_link_opens_at_the_offset():
    assert (
        views.recording_at("https://www.youtube.com/watch?v=abc", 754) == "https://www.youtube.com/watch?v=abc&t=754s"
    )
    assert views.recording_at("https://youtu.be/abc", 5) == "https://youtu.be/abc?t=5s"
    assert views.recording_at("", 5) is None and views.recording_at("https://youtu.be/abc", None) is None


def test_evidence_lines_escape_corpus_text_and_link_families():
    mentions = pd.DataFrame(
        [
            {
                "episode_id": "s1e1",
                "model_id": "a/one",
                "surface": "One *bold* <b>",
                "evidence": "chapter",
                "location": "12:34",
                "watch_s": 754,
                "note": "",
                "resolved_by": "catalogue",
            },
            {
                "episode_id": "s1e1",
                "model_id": "family/mistral",
                "surface": "Mistral collection",
                "evidence": "recap",
                "location": "line 4",
                "watch_s": None,
                "note": "",
                "resolved_by": "family",
            },
            {
                "episode_id": "s1e1",
                "model_id": "b/two",
                "surface": "Two",
                "evidence": "slides",
                "location": "page 3",
                "watch_s": None,
                "note": "javascript:alert(1)",
                "resolved_by": "alias",
            },
        ]
    )
    ev = views.episode_evidence(mentions, "s1e1", "https://www.youtube.com/watch?v=abc")
    assert list(ev.model_id) == ["a/one", "b/two", "family/mistral"]
    text = "\n".join(episode_evidence.lines(ev, {"a/one": "One"}))
    assert "[watch at 12:34](https://www.youtube.com/watch?v=abc&t=754s)" in text
    assert "<b>" not in text and "\\*bold\\*" in text
    assert "[Mistral family](/models?q=mistral)" in text
    assert "slides \\(page 3\\)" in text and "watch at" not in text.split("\n- ")[1]


@needs_shipped
def test_episode_page_shows_chapter_evidence_with_watch_links():
    snap = read_snapshot(SHIPPED)
    m = snap.mentions
    chapter = m[m.watch_s.notna() & ~m.model_id.str.startswith("family/")].iloc[0]
    at = open_app(SHIPPED, "app_pages/episodes.py", {"episode": chapter.episode_id})
    no_exception(at)
    text = " ".join(x.value for x in at.markdown)
    assert f"t={int(chapter.watch_s)}s" in text and "watch at" in text
