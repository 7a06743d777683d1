"""The model catalogue that names resolve against when no curated alias does.

Offline it is the reference tables that name models (model_data.sources.reference: hub-facts,
with repo ids, display names and families, first; then the others' repo ids); online it is the Hub itself
(`HfApi.list_models(search=...)`). A name resolves only on an *exact* match of its normalised
key (model_data.ingest.names) that points at one model; anything else becomes a ranked proposal with
a fuzzy score, for a maintainer to accept or reject. A catalogue never guesses silently.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import jellyfish
from rapidfuzz import fuzz, process

from model_data.sources import reference as reference_data
from model_data.ingest.names import (
    DROPPED,
    FORMAT_TOKENS,
    SIZE_TOKEN,
    has_digit,
    has_format,
    name_key,
    strip_dates,
    strip_formats,
    strip_sizes,
    tokens,
)

HUB_FACTS = reference_data.BY_ID[reference_data.HUB_FACTS].file  # an ingest with --reference needs it
CURATED = {"hub-facts", "model-facts", "llm-stats", "model-cards"}  # tables that list models, not submissions
ORG_WORDS = {
    "meta",
    "nvidia",
    "ai21",
    "tencent",
    "google",
    "microsoft",
    "ibm",
    "facebook",
    "openai",
    "alibaba",
    "apple",
    "z",
    "zai",
    "zhipu",
    "moonshot",
    "moonshotai",
    "minimaxai",
    "baidu",
    "xiaomi",
    "mistralai",
    "cohere",
    "coherelabs",
    "sarvam",
    "sarvamai",
    "huggingface",
    "hf",
    "stepfun",
    "lg",
    "naver",
    "black",
    "forest",
    "labs",
    "bfl",
    "org",
    "ai",
}
SPOKEN = [
    (re.compile(r"\bfi\b"), "phi"),
    (re.compile(r"\bdeep seek\b"), "deepseek"),
    (re.compile(r"\bone\b"), "1"),
    (re.compile(r"\btwo\b"), "2"),
    (re.compile(r"\bthree\b"), "3"),
    (re.compile(r"\bfour\b"), "4"),
    (re.compile(r"\bfive\b"), "5"),
    (re.compile(r"\bsix\b"), "6"),
    (re.compile(r"\bseven\b"), "7"),
    (re.compile(r"\beight\b"), "8"),
    (re.compile(r"\bnine\b"), "9"),
    (re.compile(r"\bten\b"), "10"),
]
PROPOSAL_MIN_SCORE = 72.0
# A bare short token ("M2", "K2", "R1": a version whose family word is elsewhere) is proposed only
# from the tables that list models, and only when nearly exact ("LFM2" at 75 is another model).
BARE_TOKEN_MAX = 3
BARE_MIN_SCORE = 90.0
FAMILY_MIN_VERSIONS = 2  # gemma 2, 3: a word followed by several versions is a family name
REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
FORMAT_RANK = {"bf16": 1, "fp16": 2, "fp8": 3}  # the maker's full-precision release first


@dataclass(frozen=True)
class Entry:
    repo_id: str
    display_name: str
    family: str
    source: str  # which reference table named it
    base_model: str = ""
    base_relation: str = ""  # finetune | quantized | adapter | merge


@dataclass
class Lookup:
    """What the catalogue says about one name: a repo id, or ranked proposals (id, score, why)."""

    repo_id: str | None = None
    proposals: list[tuple[str, float, str]] = field(default_factory=list)


def _org_stripped(key: str) -> str:
    parts = key.split()
    while len(parts) > 1 and parts[0] in ORG_WORDS and any(len(p) > 1 and p.isalpha() for p in parts[1:]):
        parts = parts[1:]
    return " ".join(parts)


def _tiers(name: str) -> list[str]:
    """Keys of one catalogue name from most to least specific: full, no date, no size, neither."""
    full = strip_formats(name_key(name))
    keys = [full, strip_dates(full), strip_sizes(full), strip_sizes(strip_dates(full))]
    return [k for k in keys if k]


def _derived(entry: Entry) -> bool:
    """Somebody else's fine-tune, merge, adapter or quantisation (a maker's own instruct release
    of its base model is the model itself)."""
    if not entry.base_relation:
        return False
    return entry.base_model.split("/")[0].lower() != entry.repo_id.split("/")[0].lower()


def _renamed(entry: Entry) -> bool:
    """A fine-tune released under a name of its own ("zephyr-7b-beta" of Mistral 7B), not a copy
    that keeps its base model's name ("phi-4-14b" of phi-4)."""
    if not entry.base_model:
        return False
    head = tokens(entry.base_model.split("/")[-1])[:1]
    return bool(head) and tokens(entry.repo_id.split("/")[-1])[:1] != head


def _preference(entry: Entry, makers: frozenset[str] = frozenset()) -> tuple:
    """Which of several repos sharing a key is the model itself: the maker's own release (an org a
    curated table names as a maker), not a fine-tune, merge or repackaging of it, not a copy, the
    instruction-tuned release over the raw one (a talk about "Llama 3.1 8B" means the chat model)."""
    key = " ".join(tokens(entry.repo_id.split("/")[-1]))
    packaging = min((FORMAT_RANK.get(t, 9) for t in key.split() if t in FORMAT_TOKENS), default=0)
    return (
        packaging,
        _derived(entry),
        entry.repo_id.split("/")[0].lower() not in makers,
        entry.source not in CURATED,
        entry.repo_id.lower().startswith("unsloth/"),
        not any(t in DROPPED for t in key.split()[1:]),
        len(entry.repo_id),
        entry.repo_id.lower(),
    )


class Catalogue:
    def __init__(self, entries: list[Entry]):
        self.entries = {}
        for e in entries:
            self.entries.setdefault(e.repo_id.lower(), e)
        self.tiers: list[dict[str, set[str]]] = [{} for _ in range(4)]
        for e in self.entries.values():
            names = {e.repo_id.split("/")[-1], e.display_name} - {""}
            for name in names:
                for level, key in enumerate(_tiers(name)):
                    for probe in {key, _org_stripped(key)}:
                        if probe:
                            self.tiers[level].setdefault(probe, set()).add(e.repo_id.lower())
        self.full_keys = [(_family_key(e), e.repo_id.lower()) for e in self.entries.values()]
        self._by_key = sorted((k + " ", r) for k, r in self.full_keys)  # for prefix ranges (bisect)
        self.families = sorted({e.family for e in self.entries.values() if e.family})
        self.makers = frozenset(
            e.repo_id.split("/")[0].lower()
            for e in self.entries.values()
            if e.source in CURATED and not e.base_relation
        )
        self._choices = sorted(set(self.tiers[0]) | set(self.tiers[3]))
        self._ids_of = {k: set().union(*(t.get(k, set()) for t in self.tiers)) for k in self._choices}
        self._squashed = [c.replace(" ", "").replace(".", "") for c in self._choices]
        self._cache: dict = {}

    def versioned_heads(self) -> set[str]:
        """Words the catalogue follows with a version number ("gemma 3", "llama 3.3", "phi 4"): said
        alone, such a word names a family of models, never one of them."""
        versions: dict[str, set[str]] = {}
        listed = (e for e in self.entries.values() if e.source in CURATED)
        for key in {name_key(n) for e in listed for n in (e.repo_id.split("/")[-1], e.display_name) if n}:
            parts = key.split()
            if len(parts) > 1 and re.fullmatch(r"\d+(?:\.\d+)?", parts[1]) and len(parts[0]) > 2:
                versions.setdefault(parts[0], set()).add(parts[1])
        # a series with several generations; one release with a number ("TRELLIS.2") is a model
        return {w for w, v in versions.items() if len(v) >= FAMILY_MIN_VERSIONS and w not in ORG_WORDS}

    def rank(self, entry: Entry) -> tuple:
        return _preference(entry, self.makers)

    # -- exact --------------------------------------------------------------------------------
    def get(self, repo_id: str) -> Entry | None:
        return self.entries.get(repo_id.lower())

    def _pick(self, ids: set[str]) -> tuple[str | None, list[str]]:
        ranked = sorted((self.entries[i] for i in ids), key=self.rank)
        best = ranked[0]
        # the pretrained checkpoint beside its released model is not a second reading of the name,
        # nor is a fine-tune or merge of somebody else's beside a maker's release
        rest = [
            e
            for e in ranked[1:]
            if _family_key(e).replace(" base", "") != _family_key(best)
            and not (self.rank(best)[1:3] == (False, False) and _derived(e))
            and not (best.source in CURATED and e.source not in CURATED)  # a leaderboard adds names, not doubts
        ]
        if not rest:
            return best.repo_id, []
        return None, [e.repo_id for e in ranked]

    def resolve(self, name: str, propose: bool = True) -> Lookup:
        """Exact resolution; with `propose`, near misses as ranked proposals when nothing is exact."""
        cached = self._cache.get((name, propose))
        if cached is None:
            cached = self._cache[(name, propose)] = self._resolve(name, propose)
        return cached

    def _resolve(self, name: str, propose: bool) -> Lookup:
        key = name_key(name)
        for probe in dict.fromkeys([strip_formats(key), _org_stripped(strip_formats(key))]):
            for level, index in enumerate(self.tiers):
                ids = index.get(probe)
                if not ids:
                    continue
                if level >= 2:  # size left out: every size of that name is a candidate
                    ids = ids | self._starting_with(probe)
                ids = {r for r in ids if self._names(self.entries[r], probe)}
                if not ids:
                    continue
                repo, ambiguous = self._pick(ids)
                if repo:
                    return Lookup(repo_id=repo)
                return Lookup(
                    proposals=[
                        (r, 100.0, f"one of {len(ambiguous)} catalogue models named '{name}'") for r in ambiguous[:5]
                    ]
                )
        part = self._part_of_sizes(key)
        if part is not None:
            return part
        if not propose:
            return Lookup()
        return Lookup(proposals=self.partial(name) or self.near(name))

    def _part_of_sizes(self, key: str) -> Lookup | None:
        """A name that gives some of a repo's size tokens and no other ("Llama 4 Scout 17B" for
        Llama-4-Scout-17B-16E, "Qwen3 30B" for Qwen3-30B-A3B): the repos of that name whose sizes
        include every size written. A size the repo lacks never matches ("Llama 3.1 13B")."""
        written = {t for t in key.split() if SIZE_TOKEN.match(t)}
        if not written:
            return None
        bare = strip_sizes(strip_formats(key))
        for probe in dict.fromkeys([bare, _org_stripped(bare)]):
            ids = self.tiers[2].get(probe, set()) | self.tiers[3].get(probe, set())
            ids = {r for r in ids if self._names(self.entries[r], key) and written <= self._sizes(r)}
            if not ids:
                continue
            repo, ambiguous = self._pick(ids)
            if repo:
                return Lookup(repo_id=repo)
            why = "one of {} catalogue models of that name with these sizes"
            return Lookup(proposals=[(r, 100.0, why.format(len(ambiguous))) for r in ambiguous[:5]])
        return None

    def _sizes(self, repo: str) -> set[str]:
        entry = self.entries[repo]
        names = (entry.repo_id.split("/")[-1], entry.display_name)
        return {t for n in names if n for t in name_key(n).split() if SIZE_TOKEN.match(t)}

    def _starting_with(self, probe: str) -> set[str]:
        """Repo ids whose family key is `probe` or `probe` followed by more words."""
        low = probe + " "
        first = bisect.bisect_left(self._by_key, (low,))
        last = bisect.bisect_left(self._by_key, (probe + "!",))  # "!" sorts right after " "
        return {r for _, r in self._by_key[first:last]}

    @staticmethod
    def _names(entry: Entry, key: str) -> bool:
        """May a written name with this key be read as this entry? A listed model, yes; a leaderboard
        submission only by a name with a version or size and two words ("Falcon 7B"), and never a
        fine-tune or merge of someone else's model: the leaderboards hold thousands of repos named
        "Q", "Hotel" or "phi-4-14b" that a sentence must not turn into mentions."""
        if entry.source in CURATED:
            return True
        if entry.base_relation == "merge" or not has_digit(key) or len(key.split()) < 2:
            return False
        return not _derived(entry) or _renamed(entry)

    def partial(self, name: str) -> list[tuple[str, float, str]]:
        """The models a name without its version or size could be ("Granite Speech")."""
        key = name_key(name)
        for probe in dict.fromkeys([strip_formats(key), _org_stripped(strip_formats(key))]):
            longer = sorted(
                {r for r in self._starting_with(probe) if self.entries[r].source in CURATED},
                key=lambda r: self.rank(self.entries[r]),
            )
            if probe and longer:
                return [
                    (self.entries[r].repo_id, 100.0, f"a '{name}' model (no version or size given)") for r in longer[:5]
                ]
        return []

    # -- near misses ---------------------------------------------------------------------------
    def near(self, name: str, limit: int = 3) -> list[tuple[str, float, str]]:
        """Ranked catalogue models whose key is close to the name's (typos, speech-to-text slips)."""
        key = _org_stripped(strip_formats(name_key(name)))
        spoken = key
        for pattern, repl in SPOKEN:
            spoken = pattern.sub(repl, spoken)
        spoken = name_key(spoken)
        squashed = spoken.replace(" ", "").replace(".", "")
        scored: dict[str, float] = {}
        for probe, choices, scorer in (
            (spoken, self._choices, fuzz.ratio),
            (spoken, self._choices, fuzz.token_sort_ratio),  # words in another order
            (squashed, self._squashed, fuzz.ratio),
        ):  # spaces heard wrong
            for _, score, i in process.extract(probe, choices, scorer=scorer, limit=8):
                for repo in self._ids_of[self._choices[i]]:
                    scored[repo] = max(scored.get(repo, 0.0), float(score))
        out = []
        bare = len(squashed) <= BARE_TOKEN_MAX  # "M2" with no family word before it
        for repo, score in sorted(scored.items(), key=lambda kv: (-kv[1], self.rank(self.entries[kv[0]]))):
            if score < (BARE_MIN_SCORE if bare else PROPOSAL_MIN_SCORE):
                continue
            entry = self.entries[repo]
            if bare and entry.source not in CURATED:
                continue  # a leaderboard's "pansophic/m2" is no reading of a bare "M2"
            if out and entry.source not in CURATED and self.entries[out[0][0].lower()].source in CURATED:
                continue  # a leaderboard submission is no second guess beside a listed model
            if any(_family_key(entry) == _family_key(self.entries[r.lower()]) for r, _, _ in out):
                continue
            if not _same_head(spoken, _family_key(entry)) or not _keeps_series(spoken, _family_key(entry)):
                continue  # "Apertus 8B" is not "Proteus 8B": a near miss keeps the name's own word
            out.append((entry.repo_id, round(score, 1), f"close to '{entry.display_name or entry.repo_id}'"))
            if len(out) == limit:
                break
        return out


HEAD_SPELLING_MIN = 75.0  # "quen"/"qwen" 75; "apertus"/"proteus" 71 is another model


def _same_head(key: str, other: str) -> bool:
    """Is the key's first word in the other key, or does it sound like the other's first word
    (same Metaphone key, or a close spelling)? A fuzzy score over the whole name lets a shared size
    outweigh a different name."""
    a, b = (key.split() or [""])[0], (other.split() or [""])[0]
    if a in other.split() or len(a) < 4 or not a.isalpha() or not b.isalpha():  # "MR Large": initials
        return True
    return jellyfish.metaphone(a) == jellyfish.metaphone(b) or fuzz.ratio(a, b) >= HEAD_SPELLING_MIN


def _series(key: str) -> set[str]:
    """A key's letter-and-number series marks ("h 1" in Falcon-H1, "k 2" in Kimi K2)."""
    parts = key.split()
    return {f"{a} {b}" for a, b in zip(parts, parts[1:]) if len(a) == 1 and a.isalpha() and b[:1].isdigit()}


def _keeps_series(key: str, other: str) -> bool:
    """A near miss keeps the name's series mark: "Falcon-H1 7B" is not "falcon-7b"."""
    return _series(key) <= _series(other)


def _family_key(entry: Entry) -> str:
    """Two repos with this key are one model in different packaging (GGUF, FP8, a copy)."""
    return _org_stripped(strip_formats(name_key(entry.repo_id.split("/")[-1])))


def _cell(row: dict, column: str) -> str:
    return (row.get(column) or "").strip() if column else ""


def load(reference: Path) -> Catalogue:
    """The offline catalogue from a reference-data folder: every table that names models, in order."""
    entries: list[Entry] = []
    for source in reference_data.REFERENCE:
        path = source.find(reference) if source.names else None
        if path is None:
            continue
        cols = source.names
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                repo = (row.get(cols.repo_id) or "").strip()
                if repo.count("/") != 1 or not REPO.match(repo):
                    continue
                named = [_cell(row, c) for c in (cols.name, cols.family)]
                base, relation = _cell(row, cols.base_model), _cell(row, cols.base_relation)
                base = base if base.lower() != repo.lower() else ""
                if cols.kind:  # a leaderboard's submission type: merges and others' fine-tunes
                    relation = relation or _relation(_cell(row, cols.kind), base, repo)
                entries.append(Entry(repo, *named, source.file.split("/")[0], base, relation))
    return Catalogue(entries)


def _relation(kind: str, base: str, repo: str) -> str:
    """A leaderboard's submission type as a base relation: merges and fine-tunes are not the model."""
    kind = kind.lower()
    if "merge" in kind:
        return "merge"
    if base and base.split("/")[0].lower() == repo.split("/")[0].lower():
        return ""  # the maker's own instruct or chat release of its base model
    if base or "fine-tuned" in kind or "finetuned" in kind:
        return "finetune"
    return ""


class HubSearch:
    """The live Hub as a catalogue for what the offline one cannot decide (ingest without --offline).

    Only proposes: a search hit is never a silent resolution, because the Hub's search matches
    substrings (a name finds its fine-tunes and quantisations too).
    """

    def __init__(self, api=None, limit: int = 5, timeout: float = 10.0):
        if api is None:
            from huggingface_hub import HfApi

            api = HfApi()
        self.api, self.limit, self.timeout = api, limit, timeout

    def _call(self, what: str, fn, *args, **kwargs):
        """One Hub call bounded by the wall clock (a server dripping bytes cannot hold the ingest)."""
        import time

        from model_data.wall_clock import call_by

        return call_by(time.monotonic() + self.timeout, what, fn, *args, **kwargs)

    def exists(self, repo_id: str) -> str | None:
        """The repo id as the Hub spells it, if `model_info` finds that model (None if not, or offline)."""
        try:
            info = self._call("hub: exists", self.api.model_info, repo_id)
        except Exception:  # 404, gated, network: not confirmed
            return None
        return getattr(info, "id", None) or repo_id

    def near(self, name: str) -> list[tuple[str, float, str]]:
        """Hub repos for a name no catalogue knows, closest name first and, at equal closeness, the
        original over its repackagings (GGUF, ONNX); searched as a repo name is written
        ("mixtral 8x7B" -> "mixtral-8x7B"), since the Hub matches substrings of ids."""
        query = "-".join(w for w in re.split(r"[\s_]+", name.strip()) if w)
        try:
            found = self._call(
                "hub: search", lambda: list(self.api.list_models(search=query, sort="downloads", limit=self.limit))
            )
        except Exception:  # network, rate limit or past the wall clock: the offline answer stands
            return []
        key = _org_stripped(strip_formats(name_key(name)))
        out = []
        for order, model in enumerate(found):
            repo = getattr(model, "id", None) or getattr(model, "modelId", "")
            if repo:
                own = name_key(repo.split("/")[-1])
                score = fuzz.ratio(key, _org_stripped(strip_formats(own)))
                out.append((repo, round(float(score), 1), "Hub search", has_format(own), order))
        out.sort(key=lambda t: (-t[1], t[3], t[4]))
        return [t[:3] for t in out]
