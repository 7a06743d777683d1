"""Episode facts (title, air date, links) from episode pages and the files that describe them.

Page dates and air dates disagree for a few episodes; both are kept and the difference is
written into `date_note` instead of being guessed away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model_data.ingest.corpus_layout import parse_text_date
from model_data.ingest.markdown_doc import Document, headings, section_of

BADGE_LINK = re.compile(r"\[!\[([^\]]*)\]\(([^)\s]*)\)\]\((https?://[^)\s]+)\)")
TEXT_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
TITLE_FIELD = re.compile(r"^\*\*Title:\*\*\s*(.+?)\s*$")
DATE_FIELD = re.compile(r"^(?:[-*]\s+)?\*\*Date:\*\*\s*(.+?)\s*$")
YOUTUBE_THUMB = re.compile(r"img\.youtube\.com/vi/([\w-]{6,})/")
PLACEHOLDER = re.compile(
    r"^https?://(aka\.ms/model-mondays(/(rsvp|playlist|forum|chat))?|ai\.azure\.com|azure\.microsoft\.com"
    r"(/[a-z-]+)?/?(blog)?|ignite\.microsoft\.com|deepseek\.com|learn\.microsoft\.com/azure/ai-foundry)/?$",
    re.IGNORECASE,
)
LINK_KINDS = [  # (label pattern, column); first match wins
    (re.compile(r"recording|replay|watch", re.I), "recording_url"),
    (re.compile(r"slides|speakerdeck|pdf", re.I), "slides_url"),
    (re.compile(r"recap", re.I), "recap_url"),
    (re.compile(r"\bblog\b", re.I), "blog_url"),
]
MODEL_LINK = re.compile(
    r"huggingface\.co/(?!blog/|spaces/|datasets/|docs/|learn/|papers/|collections/)[\w.-]+/[\w.-]+"
    r"|ai\.azure\.com/(?:explore/|catalog/)?models?/",
    re.IGNORECASE,
)
RECORDING_HOSTS = re.compile(r"youtube\.com/watch|youtu\.be/|developer\.microsoft\.com/[\w-]+/reactor/events/")


@dataclass
class EpisodeFacts:
    episode_id: str
    season: int
    episode: int
    page_date: str = ""
    body_date: str = ""
    title: str = ""
    links: dict[str, str] = field(default_factory=dict)
    other_dates: dict[str, str] = field(default_factory=dict)  # source -> date it gives
    source_paths: set[str] = field(default_factory=set)
    recording: object = None  # episode_sources.Recording, when matched
    youtube_date: str = ""  # the Monday of its YouTube publish date
    aired: str = "true"
    aired_note: str = ""


def clean_url(url: str) -> str | None:
    """A link worth showing, or None for placeholders (the series home, a bare product site)."""
    url = url.strip()
    thumb = YOUTUBE_THUMB.search(url)
    if thumb:
        return f"https://www.youtube.com/watch?v={thumb.group(1)}"
    if PLACEHOLDER.match(url):
        return None
    return url


def links_in(lines: list[str]) -> dict[str, str]:
    """The first recording / slides / recap / blog link named in these lines."""
    found: dict[str, str] = {}
    for line in lines:
        pairs = [(alt + " " + badge, url) for alt, badge, url in BADGE_LINK.findall(line)]
        pairs += TEXT_LINK.findall(BADGE_LINK.sub("", line))
        for label, url in pairs:
            url = clean_url(url)
            if not url or MODEL_LINK.search(url):  # a model's card is never the episode's blog / slides
                continue
            for pattern, column in LINK_KINDS:
                if pattern.search(label):
                    if column == "recording_url" and not RECORDING_HOSTS.search(url):
                        break
                    found.setdefault(column, url)
                    break
    return found


def page_title(doc: Document) -> str:
    """The spotlight's **Title:** (seasons 1-2), else the first heading that is not a section name."""
    for line in doc.lines[doc.body_start :]:
        m = TITLE_FIELD.match(line.strip())
        if m:
            return m.group(1)
    for _, level, text in headings(doc):
        if level <= 2 and not (section_of(text) and len(text.split()) <= 3):
            return text.strip()
    return doc.front_matter.get("title", "")


def page_body_date(doc: Document) -> str:
    for line in doc.lines[doc.body_start :]:
        m = DATE_FIELD.match(line.strip())
        if m:
            return parse_text_date(m.group(1)) or ""
    return ""


def date_note(facts: EpisodeFacts) -> tuple[str, str]:
    """Air date by the strongest evidence (the livestream's YouTube recording, then the page body,
    then the file name) and a note naming every source that disagrees."""
    air = facts.youtube_date or facts.body_date or facts.page_date
    notes = []
    if facts.youtube_date and facts.youtube_date != (facts.body_date or facts.page_date):
        notes.append(
            f"the page gives {facts.body_date or facts.page_date}; the recording was published "
            f"{facts.recording.publish_date if facts.recording else facts.youtube_date}"
        )
    if facts.body_date and facts.page_date and facts.body_date != facts.page_date:
        notes.append(f"page file is dated {facts.page_date}, its body says {facts.body_date}")
    for source, when in sorted(facts.other_dates.items()):
        if when and when != air:
            notes.append(f"{source} gives {when}")
    return air, "; ".join(notes)
