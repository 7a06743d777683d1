"""Line-level episode and section labels for the corpus's structured JSON files.

The JSON is parsed (so a broken file is reported, not guessed at); every string value inherits
the episode of the nearest object that names exactly one (`"id": "s2-e01"`, season + episode
numbers, or an `"episodes"` list of one), and is then found again in the raw lines so mentions
keep a real line number.
"""

from __future__ import annotations

import json

from model_data.ingest.corpus_layout import episode_id, written_id

SECTION_KEYS = {
    "highlights": "news",
    "spotlight": "spotlight",
    "customerStory": "customer story",
    "studyCorner": "resources",
    "links": "resources",
    "resources": "resources",
    "description": "overview",
    "title": "overview",
    "tags": "other",
}


def object_episode(obj: dict) -> str | None:
    ident = obj.get("id")
    if isinstance(ident, str) and written_id(ident):
        return written_id(ident)
    if isinstance(obj.get("season"), int) and isinstance(obj.get("episode"), int):
        return episode_id(obj["season"], obj["episode"])
    episodes = obj.get("episodes")
    if isinstance(episodes, list) and len(episodes) == 1 and isinstance(episodes[0], str):
        return written_id(episodes[0])
    return None


def _strings(node, episode, section, out) -> None:
    if isinstance(node, dict):
        episode = object_episode(node) or episode
        for key, value in node.items():
            _strings(value, episode, SECTION_KEYS.get(key, section), out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, episode, section, out)
    elif isinstance(node, str) and episode:
        out.append((node, episode, section))


def label_lines(lines: list[str], default_section: str | None = None):
    """(episodes, sections) per raw line; raises ValueError on invalid JSON."""
    data = json.loads("\n".join(lines))
    found: list[tuple[str, str, str]] = []
    _strings(data, None, default_section or "overview", found)
    episodes: list[str | None] = [None] * len(lines)
    sections = ["overview"] * len(lines)
    cursor = 0
    for value, episode, section in found:
        needle = json.dumps(value, ensure_ascii=False)
        for i in range(cursor, len(lines)):
            if needle in lines[i] or json.dumps(value) in lines[i]:
                episodes[i], sections[i] = episode, (default_section or section)
                cursor = i
                break
    return episodes, sections
