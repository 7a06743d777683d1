"""Episode facts (title, air date, links) from episode pages and the files that describe them.

Page dates and air dates disagree for a few episodes; both are kept and the difference is
written into `date_note` instead of being guessed away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from model_data.ingest.corpus_layout import parse_text_date
from model_data.ingest.markdown_doc import Document, headings, section_of
from model_data.ingest.recording_match import watch_url

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
    other_dates: dict[str, str] = field(default_factory=dict)  # source -> date it gives (noted, never decides)
    schedule: dict[str, str] = field(default_factory=dict)  # schedule table -> the date its row gives
    ama: dict[str, str] = field(default_factory=dict)  # Friday AMA page -> the Monday of its week
    official_recording: str = ""  # the recording link of the episode page or README / index table
    link_options: dict[str, list[str]] = field(default_factory=dict)  # column -> every link seen, best first
    source_paths: set[str] = field(default_factory=set)
    recording: object = None  # episode_sources.Recording, when matched
    youtube_date: str = ""  # the Monday of its YouTube publish date
    aired: str = "true"
    aired_note: str = ""

    def offer_links(self, found: dict[str, str], official: bool = False, spare: bool = False) -> None:
        """Links one file gives; the first one per column stands until `settle_links` finds it is
        another episode's. `official`: the page or README, whose recording link is the episode's;
        `spare`: only a replacement for a link that turns out to be another episode's."""
        for column, url in found.items():
            if column == "recording_url":
                url = watch_url(url)
                if official and not self.official_recording:
                    self.official_recording = url
            options = self.link_options.setdefault(column, [])
            if url not in options:
                options.append(url)
            if not spare:
                self.links.setdefault(column, url)


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


PAGE_TO_RECORDING_DAYS = 7  # a recording goes up within a week after its show
EPISODE_IN_URL = re.compile(r"(?<![a-z0-9])s0?([1-9])-?e0?([1-9][0-9]?)(?![0-9])", re.IGNORECASE)
SETTLED_COLUMNS = ("slides_url", "recap_url", "blog_url")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def date_note(facts: EpisodeFacts) -> tuple[str, str]:
    """Air date by ranked evidence: the schedule table, then the Friday AMA of that week, then the
    page (body date, else file name), then the YouTube publish date (a Tuesday or Wednesday upload
    is the Monday show's). The page is set aside when the recording went up before it or more than a
    week after it (the show moved). The note names what decided and every source that disagrees."""
    published = facts.recording.publish_date if facts.recording else ""
    page = facts.body_date or facts.page_date
    page_gap = (_day(published) - _day(page)).days if _day(published) and _day(page) else None
    page_set_aside = page_gap is not None and not 0 <= page_gap <= PAGE_TO_RECORDING_DAYS
    evidence: list[tuple[str, str, str]] = []  # (what, date, note) best first
    evidence += [
        (f"the schedule in {src}", when[:10], when[10:].strip()) for src, when in sorted(facts.schedule.items())
    ]
    evidence += [
        (f"the Friday AMA page {src} (that week's Monday)", when, "") for src, when in sorted(facts.ama.items())
    ]
    if page:
        evidence.append(("the page", page, ""))
    if facts.youtube_date:
        evidence.append((f"the recording (published {published or facts.youtube_date})", facts.youtube_date, ""))
    usable = [e for e in evidence if _day(e[1]) and not (e[0] == "the page" and page_set_aside)]
    if not usable:
        return page, ""
    decided, air, extra = usable[0]
    notes = [f"from {decided}" + (f" {extra}" if extra else "")]
    for what, when, _ in evidence:
        if when[:10] != air:
            why = ""
            if what == "the page" and page_set_aside:
                why = f" (set aside: the recording was published {published}, {abs(page_gap)} days {'before' if page_gap < 0 else 'after'} it)"
            notes.append(f"{what} gives {when}{why}")
    if facts.body_date and facts.page_date and facts.body_date != facts.page_date:
        notes.append(f"page file is dated {facts.page_date}, its body says {facts.body_date}")
    for source, when in sorted(facts.other_dates.items()):
        if when and when != air:
            notes.append(f"{source} gives {when}")
    return air, "; ".join(notes)


def named_episode(url: str) -> str | None:
    """The episode a link's address names ('.../model-mondays-s2e02-...' -> 's2e2'), if any."""
    m = EPISODE_IN_URL.search(url.split("://", 1)[-1].partition("/")[2])
    return f"s{int(m.group(1))}e{int(m.group(2))}" if m else None


def settle_links(facts: dict[str, EpisodeFacts]) -> list[tuple[str, str]]:
    """A slides / recap / blog link shared by several episodes stays with the episode its address
    names; the others take their next link that no other episode uses (or none). Returns what moved."""
    moved: list[tuple[str, str]] = []
    for column in SETTLED_COLUMNS:
        users: dict[str, list[str]] = {}
        for eid, f in facts.items():
            if f.links.get(column):
                users.setdefault(f.links[column], []).append(eid)
        for url, eids in users.items():
            owner = named_episode(url)
            if len(eids) < 2 or owner not in eids:
                continue
            taken = {f.links.get(column) for f in facts.values()}
            for eid in eids:
                if eid == owner:
                    continue
                f = facts[eid]
                nxt = next((u for u in f.link_options.get(column, []) if u not in taken), "")
                if nxt:
                    f.links[column] = nxt
                    taken.add(nxt)
                else:
                    f.links.pop(column, None)
                moved.append(
                    (
                        eid,
                        f"{column} {url} names {owner}, which links it too; "
                        + (f"{eid} uses {nxt} instead" if nxt else f"{eid} is left without one"),
                    )
                )
    return moved
