"""Turning frames into what a person reads: 'unknown' instead of blanks, safe text, built links.

Text from the Hub or the episode pages is untrusted: it is escaped before it reaches markdown,
and links are only ever built here from validated ids or checked http(s) URLs.
Importing this module does not import pandas (the landing page draws without it); the functions
that take frames import it when called.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from model_data.cells import missing
from ui.text import labels

if TYPE_CHECKING:
    import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}$")
_HTTP_URL = re.compile(r"^https://[A-Za-z0-9.\-]+(:\d+)?(/[^\s<>\"'`]*)?$")
# Bidi overrides and other invisible controls: shown as \uXXXX so a title cannot reverse what follows it.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# GFM turns bare URLs, `www.` hosts and e-mail addresses into links *after* escapes are decoded
# (remark-gfm's autolink literals), so backslashes cannot stop them: a WORD JOINER (U+2060, invisible,
# not a word character) after `://`, `www` or `mailto:` and before `@` breaks each pattern.
_AUTOLINK = re.compile(r"(?i)(://|\bwww(?=\.)|\b(?:mailto|xmpp):)|(@)")
WORD_JOINER = "\u2060"


def _no_autolink(text: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER if m.group(1) else WORD_JOINER + m.group(2), text)


def md(text) -> str:
    """The one rendering rule for text from data: it shows as the literal text and can never become
    a link, an image or HTML (markdown, HTML and directive characters escaped; bare URLs, `www.`
    hosts and e-mail addresses defused). Links come only from `md_link` with a URL built or checked here."""
    if missing(text):
        return "unknown"
    text = _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text).replace("\n", " "))
    return _MD_SPECIAL.sub(r"\\\1", _no_autolink(text))


def data_caption(date: str, extra: str = "") -> str:
    """'Data snapshot <date>' (+ what a chart adds): every chart and table says how old its data is."""
    base = f"Data snapshot {date}"
    return f"{base} · {extra}" if extra else base


def hub_url(model_id) -> str | None:
    """https://huggingface.co/<id> for a well-formed repo id; None for closed or odd ids."""
    if not isinstance(model_id, str) or model_id.startswith("closed/") or not _REPO_ID.match(model_id):
        return None
    return f"https://huggingface.co/{model_id}"


def safe_url(url) -> str | None:
    """A data-supplied URL, only if it is a plain https URL (no javascript:, data:, http:, spaces or quotes)."""
    if not isinstance(url, str) or not _HTTP_URL.match(url.strip()):
        return None
    return url.strip()


NO_PARAMETER_COUNT = "no parameter count in the sources"


def size_reason(note=None) -> str:
    """Why a model's size is unknown: its own note (which source lacked what), else the general reason."""
    return note if isinstance(note, str) and note.strip() else NO_PARAMETER_COUNT


def size_text(params_b) -> str:
    """A model's size as every table shows it: "7 B", or the unknown mark (why: `size_reason`)."""
    return unknown_text() if missing(params_b) else f"{params_b:g} B"


def score_text(score, decimals=None, ci_lower=None, ci_upper=None, self_reported=None, reported_by=None) -> str:
    """One score as its source reports it: its decimals, ± the 95% CI half-width, † when self-reported,
    ‡ when it comes from another maker's card."""
    if missing(score):
        return "unknown"
    d = 2 if missing(decimals) else int(decimals)
    text = f"{float(score):.{d}f}"
    if not missing(ci_lower) and not missing(ci_upper):
        text += f" ±{(float(ci_upper) - float(ci_lower)) / 2:.{d}f}"
    if reported_by in labels.REPORTED_MARKS:
        return text + labels.REPORTED_MARKS[reported_by]
    return text + (" †" if str(self_reported).lower() == "true" else "")


def ci_text(decimals, ci_lower, ci_upper) -> str:
    """'±5' (half-width of a 95% CI, in the source's decimals), or '' when the source gives none."""
    if missing(ci_lower) or missing(ci_upper):
        return ""
    d = 2 if missing(decimals) else int(decimals)
    return f"±{(float(ci_upper) - float(ci_lower)) / 2:.{d}f}"


def answer_text(text) -> str:
    return "unknown" if missing(text) or str(text).strip() == "" else str(text)


# Column order = what a student asks first: which model, may I use it (licence family, commercial
# use), how good (a score), how big; the rest after. `answer_first` applies it to any column list.
MODEL_COLUMNS = {
    "display_name": "Model",
    "weights": "Weights",
    "license_family": "Licence family",
    "commercial_use": "Commercial use",
    "license_warning": "Licence warning",
    "score_summary": "Scores (each source in its own unit; † = reported by the maker)",
    "score_brief": "Score († = by the maker)",
    "size_text": "Size",
    "hub": "Hub",
    "organization": "Organisation",
    "params_b": "Params (B)",
    "params_active_b": "Active (B)",
    "size_class": "Size class",
    "params_why": "Why size unknown",
    "mem_4bit_gb": "4-bit GB (est.)",
    "mem_16bit_gb": "16-bit GB (est.)",
    "license_name": "Licence",
    "task": "Task",
    "gated": "Gated",
    "downloads": "Downloads",
    "scores_why": "Why no score",
    "repackagings": "Repackagings (ONNX, GGUF, ...)",
    "variant_of": "Repackaging of",
    "facts_confidence": "Hub facts",
    "episodes": "Episodes",
    "model_id": "Model id",
}
NUMERIC_COLUMNS = ["params_b", "params_active_b", "mem_4bit_gb", "mem_16bit_gb", "downloads"]
SELF_REPORTED_LEGEND = (
    "† = reported by the model's maker (self-reported); ‡ = from another maker's card (a comparison "
    "column); unmarked = measured by an independent board (leaderboard, arena). Each source keeps its own unit; ± is the 95% confidence interval."
)


def model_display(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The models table as shown: built Hub links, reasons for unknowns, friendly headers."""
    import pandas as pd

    out = frame.copy()
    out["hub"] = out["model_id"].map(hub_url)
    if "open" in out.columns:  # a closed model (API only) is marked in every list of models
        out["weights"] = ["open" if o else "closed (API)" for o in out["open"]]
    out["params_why"] = [
        "" if pd.notna(p) else size_reason(n)
        for p, n in zip(out["params_b"], out.get("params_note", pd.Series([None] * len(out), index=out.index)))
    ]
    out["size_text"] = out["params_b"].map(size_text)
    out["license_name"] = out["license_name"].fillna(out["license_id"]).fillna("unknown")
    if "commercial_use" in out.columns:
        out["commercial_use"] = out["commercial_use"].map(labels.commercial_text)
    out["task"] = out["task"].fillna("unknown")
    hub_repo = out["open"] if "open" in out.columns else pd.Series(True, index=out.index)
    out["gated"] = [gated_text(g, h) for g, h in zip(out["gated"], hub_repo)]
    out["size_class"] = out["size_class"].fillna("unknown")
    if "score_headlines" in out.columns:
        out["score_brief"] = out["score_headlines"].map(score_brief)
    for col in ("score_summary", "license_warning", "repackagings", "variant_of", "facts_confidence"):
        if col in out.columns:
            out[col] = out[col].fillna("")
    cols = answer_first(columns or list(MODEL_COLUMNS))
    cols = [c for c in cols if c in out.columns]
    return out[cols].rename(columns=MODEL_COLUMNS)


SELF_REPORTED_MARK = "†"


def _headline_text(h: dict, with_source: bool = True, dated: bool = True) -> str:
    mark = labels.REPORTED_MARKS.get(h.get("reported_by"), "").strip() or (
        SELF_REPORTED_MARK if h.get("self_reported") else ""
    )
    if h.get("benchmark") is None:
        n = int(h.get("benchmarks") or 0)
        return f"{h['source']}: {n} benchmark{'s' if n != 1 else ''}{mark}"
    value = score_text(h.get("score"), h.get("decimals"), h.get("ci_lower"), h.get("ci_upper"))
    where = f" [{h.get('unit')}, {h.get('as_of')}]" if dated else f" {h.get('unit')}"
    text = f"{h['source'] + ' ' if with_source else ''}{h['benchmark']} {value}{mark}{where}"
    return text + (" (caveat)" if h.get("caveat") and dated else "")


def benchmark_cells(ids: list[str], column) -> list[str]:
    """One benchmark's value per model with its unit, † when the maker reported it, UNKNOWN_MARK
    without one (`column`: views.benchmark_column, one row per model)."""
    by_model = column.set_index("model_id") if len(column) else None
    out = []
    for mid in ids:
        if by_model is None or mid not in by_model.index or missing(by_model.at[mid, "score"]):
            out.append(UNKNOWN_MARK)
            continue
        r = by_model.loc[mid]
        mark = " †" if str(r.get("self_reported")).lower() == "true" else ""
        out.append(f"{score_text(r['score'], r.get('decimals'))} {r.get('unit') or ''}".strip() + mark)
    return out


def score_summary(headlines) -> str:
    """views.score_headlines of one model in words, each source in its own unit, never merged:
    "lmarena_text Arena Elo (text) 1388 ±5 [elo, 2026-07-30]; llm_stats: 14 benchmarks†"
    († marks numbers the model's maker reported)."""
    return "; ".join(_headline_text(h) for h in headlines or [])


def score_brief(headlines) -> str:
    """A presenter's one-line score: the first source's headline number with its unit (no date), and how
    many more sources there are (never a number merged across sources)."""
    headlines = list(headlines or [])
    if not headlines:
        return ""
    first = _headline_text(headlines[0], with_source=False, dated=False)
    return first + (f" (+{len(headlines) - 1} more)" if len(headlines) > 1 else "")


def word_models(models: pd.DataFrame) -> pd.DataFrame:
    """views.model_table with its codes worded for the pages: `score_summary` (score_headlines as text),
    `scores_why` (no_score_reason in words) and the Episodes cell of a comparison baseline."""
    out = models.copy()
    out["score_summary"] = out["score_headlines"].map(score_summary)
    out["scores_why"] = [
        labels.no_score_text(c, n, t) for c, n, t in zip(out["no_score_reason"], out["scores_note"], out["task"])
    ]
    out["episodes"] = out["episodes"].where(out["mentions"] > 0, labels.BASELINE_EPISODES)
    return out


COVERAGE_COLUMNS = {
    "episode": "Episode",
    "models": "Models",
    "repos": "Repos",
    "any_score": "Any score",
    "unscored": "No score: why",
}


def coverage_display(frame: pd.DataFrame, models: pd.DataFrame) -> pd.DataFrame:
    """views.coverage_by_episode as shown: each unscored model named with why it has no score."""
    names = dict(zip(models["model_id"], models["display_name"]))
    why = dict(zip(models["model_id"], models["scores_why"]))
    out = frame.assign(
        unscored=[
            labels.unscored_text(ids, names, why)
            if len(ids)
            else ("every model has a score" if n else "no model named")
            for ids, n in zip(frame["unscored"], frame["models"])
        ]
    )
    return out.rename(columns=COVERAGE_COLUMNS)


ADDITIONS_COLUMNS = {
    "label": "Episode",
    "date": "Aired",
    "new": "New",
    "new_ids": "New models",
    "named": "Models named",
    "title": "Title",
    "episode_id": "Episode id",
}


def additions_display(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """views.episode_additions as shown: the new models by name ("none" when an episode named no new one)."""
    out = frame.assign(new_ids=["; ".join(names.get(m, m) for m in ids) or "none" for ids in frame["new_ids"]])
    return out[list(ADDITIONS_COLUMNS)].rename(columns=ADDITIONS_COLUMNS)


# Chapter titles that say nothing of an episode's subject (housekeeping of every livestream).
_ROUTINE_CHAPTER = re.compile(r"(?i)^(intro|welcome|housekeeping|chat|recording|speaker|wrap|outro|q&a$|thanks)")


def covered_text(topics, limit: int = 6) -> str:
    """What an episode covered, from its chapter titles ("; "-joined), routine ones left out: "a, b and 3 more"."""
    if missing(topics) or not str(topics).strip():
        return ""
    titles = [t.strip() for t in str(topics).split(";") if t.strip()]
    subject = [t for t in titles if not _ROUTINE_CHAPTER.match(t)] or titles
    return short_list(subject, limit)


def no_models_text(label, title, aired: bool, left_to_review: int = 0, topics=None) -> str:
    """An episode without models says what it covered (its chapters, else its title) and that it named
    no model, apart from names the matcher could not resolve (left to review on the Data page)."""
    if not aired:
        return f"{label} did not air, so it counts no model."
    covered = covered_text(topics)
    text = f"{label} ({md(title)}) named no model."
    if covered:
        text += f" It covered: {md(covered)}."
    if left_to_review:
        text += (
            f" {left_to_review} name{'s' if left_to_review != 1 else ''} from it could not be matched to a model "
            "and are left to review (Data > Unresolved mentions)."
        )
    return text


def novelty_text(lineup: pd.DataFrame, episode_labels: dict[str, str]) -> list[str]:
    """views.episode_lineup's "New?" cells: new in this episode, or the episode that named it first."""
    return [
        "new in this episode" if new else f"first named in {episode_labels.get(first, '?')}"
        for new, first in zip(lineup["new"], lineup["first_named_in"])
    ]


def answer_first(columns: list[str]) -> list[str]:
    """`columns` in MODEL_COLUMNS' order (the answer columns first); columns it does not know keep their place at the end."""
    rank = {c: i for i, c in enumerate(MODEL_COLUMNS)}
    known = sorted((c for c in columns if c in rank), key=rank.__getitem__)
    return known + [c for c in columns if c not in rank]


UNKNOWN = "unknown"  # the data's word for a value no source gives (views fill licence family etc. with it)
UNKNOWN_MARK = "—"  # how a table shows it: one short token; why is in the column's help and the legend
UNKNOWN_LEGEND = (
    "— = unknown: no source gives this value (hover a column's header for why; the CSV leaves the cell empty)."
)
# Why a cell of a column is unknown, when the row does not say it itself (Size and Score do: model_reasons).
UNKNOWN_REASONS = {
    "Organisation": "not in the sources",
    "Licence": "no licence in the sources",
    "Licence family": "no licence in the sources",
    "Commercial use": "licence not found or not clear",
    "Task": "no task tag on the Hub",
    "Gated": "not read from the Hub",
    "Downloads": "not in the snapshot's Hub metadata",
    "Likes": "not in the snapshot's Hub metadata",
    "Size class": NO_PARAMETER_COUNT,
    "Size": f"{NO_PARAMETER_COUNT} (see 'Why size unknown')",
    "4-bit GB (est.)": "size unknown",
    "16-bit GB (est.)": "size unknown",
    "Params (B)": NO_PARAMETER_COUNT,
    "Section": "not recorded in the episode notes",
    "Class project?": "licence not found or not clear",
    "Research paper?": "licence not found or not clear",
    "Startup product?": "licence not found or not clear",
}
FALLBACK_REASON = "not in the sources"


def unknown_text(reason=None) -> str:
    """How a table shows a value no source gives: UNKNOWN_MARK (never blank, 0 or None). The reason
    goes to the column's help or the legend under the table, not into every cell."""
    return UNKNOWN_MARK


def gated_text(value, hub_repo: bool) -> str:
    """Hub gating in words: a closed model has no Hub repo (used through an API); else no / yes (how)."""
    if not hub_repo:
        return "API only"
    if missing(value) or str(value).strip() == "":
        return UNKNOWN
    text = str(value).strip().lower()
    return "no" if text in ("false", "0", "no") else f"yes ({text})" if text not in ("true", "yes") else "yes"


def md_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """st.table renders every cell and header as markdown (an image in a name would load): escape them all.
    Built from plain lists (a pandas map per cell cost more than the escaping on a Compare table)."""
    import pandas as pd

    rows = [[md(v) if isinstance(v, str) else v for v in row] for row in frame.to_numpy(dtype=object).tolist()]
    columns = [md(c) if isinstance(c, str) else c for c in frame.columns]
    return pd.DataFrame(rows, index=frame.index, columns=columns, dtype=object)


def short_list(items, limit: int = 6) -> str:
    """'a, b, c and 4 more': an episode that named 40 models still fits one table cell."""
    items = [str(i) for i in items]
    if not items:
        return "none"
    head = ", ".join(items[:limit])
    return f"{head} and {len(items) - limit} more" if len(items) > limit else head


def md_table(rows, escaped: bool = False) -> str:
    """A markdown table from a frame or a list of dicts; cells are escaped unless `escaped` says they already are.

    Markdown tables need no JavaScript beyond what every page loads (the interactive grid is ~1.2 MB),
    which is why the landing page uses them.
    """
    if hasattr(rows, "to_dict"):  # a DataFrame
        rows = rows.to_dict("records")
    if not rows:
        return "_none_"
    cols = list(rows[0])
    cell = (lambda v: str(v)) if escaped else (lambda v: md(as_cell(v)))
    lines = ["| " + " | ".join(md(c) for c in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(r.get(c, "")) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def as_cell(value) -> str:
    """A value as table text: UNKNOWN_MARK for missing, thousands separators for counts."""
    if missing(value):
        return UNKNOWN_MARK
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


SEASON_COLUMNS = ["season", "episodes", "models", "open", "closed"]  # views.per_season's, in this order


def episode_models_table(ids: list[str], new: set[str], facts: dict[str, list]) -> str:
    """One episode's models (digest facts: name, params_b, licence family, commercial use), new ones first."""
    rows = []
    for mid in ids:
        name, params, family, commercial = (facts.get(mid) or [mid, None, None, None])[:4]
        rows.append(
            {
                "Model": name or mid,
                "New?": "new" if mid in new else "named before",
                "Licence family": family
                if not missing(family) and family != UNKNOWN
                else unknown_text("no licence in the sources"),
                "Commercial use": labels.commercial_text(commercial)
                if not missing(commercial) and commercial != UNKNOWN
                else unknown_text("licence not found or not clear"),
                "Size": size_text(params),
            }
        )
    rows.sort(key=lambda r: (r["New?"] != "new", str(r["Model"]).lower()))
    return md_table(rows)


def overview_tables(seasons: list[dict], episodes: list[dict], limit: int, names: dict | None = None) -> dict:
    """The Overview's two markdown tables (per season; the `limit` most recent episodes, each linking to
    its page, newest first, with the models each was first to name) and the note saying how many
    episodes were left out. Rows as model_data/digest.py has them (broadcast order)."""
    names = names or {}
    shown = episodes[-limit:][::-1] if limit > 0 else []
    rows = [
        {
            "Episode": md(r["label"]),  # opened by the page links under the table (a markdown link opens a new tab)
            "Date": md(r["date"]),
            "Models": str(r["models"]),
            "New": str(len(r.get("new") or [])),
            "New models": md(short_list(sorted((names.get(m, m) for m in r.get("new") or []), key=str.lower))),
            "Title": md(r["title"]),
        }
        for r in shown
    ]
    note = (
        f"The {len(shown)} most recent of {len(episodes):,} episodes; every episode is on the Episodes page "
        "and in the CSV."
        if len(shown) < len(episodes)
        else ""
    )
    season_rows = [{c.capitalize(): r.get(c) for c in SEASON_COLUMNS} for r in seasons]
    return {"seasons": md_table(season_rows), "episodes": md_table(rows, escaped=True), "note": note}
