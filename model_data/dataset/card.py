"""The dataset card (README.md): YAML front matter the Hub reads (configs, licence, tags) and, for
people, what a row is, what each column means (generated from store/schema.py), where each fact
came from and under which terms, the snapshot date, and the licence answers' caveat."""

from __future__ import annotations

import pyarrow as pa
import yaml

from model_data.dataset import CONFIGS, data_file, load_call
from model_data.sources import licenses
from model_data.sources.reference import REFERENCE
from model_data.store import schema
from model_data.store.snapshot_files import snapshot_date

# Terms of the sources whose manifest entry carries no `license` of its own (from each reference
# file's PROVENANCE.md, declared with the source in model_data.sources.reference). The manifest's
# own `license` / `attribution` win where present.
SOURCE_TERMS = {s.id: s.terms for s in REFERENCE if s.terms} | {
    "hub_model_index": "evaluation results the model's Hub card declares (model-index)",  # live only
}
EPISODE_MATERIAL = (
    "Episodes and mentions are read from the official Model Mondays repository "
    "(github.com/microsoft/model-mondays, MIT licence) and the community catalogue of the YouTube "
    "playlist (model-mondays-hub, MIT licence); `source_path` / `source_paths` name the file of each fact."
)
TYPE_NAMES = {pa.string(): "string", pa.int64(): "int64", pa.float64(): "float64", pa.bool_(): "bool"}


def cell(text: object) -> str:
    """Text for one Markdown table cell: a `|` or a line break would end the cell, and `<slug>` would
    be read as an HTML tag."""
    text = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _size_category(rows: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K")):
        if rows < limit:
            return name
    return "100K<n<1M"


def front_matter(tables: dict[str, pa.Table]) -> dict:
    """The YAML metadata: one config per table, `models` the default."""
    return {
        "pretty_name": "Model Mondays models",
        "language": ["en"],
        "license": "other",
        "license_name": "per-source-terms",
        "task_categories": ["other"],
        "tags": ["model-mondays", "model-metadata", "licenses", "leaderboard", "tabular"],
        "size_categories": [_size_category(max(t.num_rows for t in tables.values()))],
        "configs": [
            {
                "config_name": name,
                "data_files": [{"split": "train", "path": data_file(name)}],
                **({"default": True} if name == "models" else {}),
            }
            for name in CONFIGS
        ],
    }


def _sources(manifest: dict) -> list[str]:
    """One Markdown table row per source: the tables it fed, what for, its file and date, its terms."""
    merged: dict[str, dict] = {}
    for table, entry in sorted((manifest.get("tables") or {}).items()):
        for source, info in sorted(((entry or {}).get("sources") or {}).items()):
            row = merged.setdefault(source, {"tables": [], "used_for": [], **info})
            row["tables"].append(table)
            row["used_for"] += [u for u in info.get("used_for", []) if u not in row["used_for"]]
    lines = ["| source | tables | used for | file | as of | terms |", "|---|---|---|---|---|---|"]
    for source, info in sorted(merged.items()):
        terms = info.get("attribution") or info.get("license") or SOURCE_TERMS.get(source, "see the source")
        lines.append(
            "| "
            + " | ".join(
                cell(v)
                for v in (
                    source,
                    ", ".join(info["tables"]),
                    ", ".join(info["used_for"]),
                    info.get("file", ""),
                    info.get("date", ""),
                    terms,
                )
            )
            + " |"
        )
    return lines


def _columns(name: str, table: pa.Table) -> list[str]:
    lines = [f"### `{name}`", "", f"One row: {cell(CONFIGS[name])}. {table.num_rows} rows.", ""]
    lines += ["| column | type | meaning |", "|---|---|---|"]
    for field in table.schema:
        meaning = schema.DESCRIPTIONS[name][field.name]
        lines.append(f"| `{field.name}` | {TYPE_NAMES[field.type]} | {cell(meaning)} |")
    return lines + [""]


def render(tables: dict[str, pa.Table], manifest: dict, repo_id: str) -> str:
    """The whole README.md."""
    date = snapshot_date(manifest)
    yaml_text = yaml.safe_dump(front_matter(tables), sort_keys=False, allow_unicode=True)
    body = [
        "# Model Mondays models",
        "",
        "The open (and closed) AI models named in Microsoft's *Model Mondays* livestream, with their size, "
        "licence, what the licence lets a student do, and their scores on public leaderboards: the tables "
        "the Model Mondays Explorer dashboard shows.",
        "",
        f"**Snapshot date:** {date} (schema version {manifest.get('schema_version', schema.SCHEMA_VERSION)}).",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f"models = {load_call(repo_id)}",
        "```",
        "",
        "## Configs",
        "",
        "| config | one row | rows |",
        "|---|---|---|",
        *(f"| `{n}` | {cell(CONFIGS[n])} | {tables[n].num_rows} |" for n in CONFIGS),
        "",
        'Unknown values are null, never 0 and never the text "None" (an empty cell of the snapshot\'s CSV '
        "files is null here): a model without a known size or "
        "scores is still a row, and a `*_note` column says why. Scores of different `unit`s or "
        "`comparable_group`s are not comparable; rank only within one.",
        "",
        "## Licence answers",
        "",
        f"`class_project`, `research_paper` and `startup_product` are plain-language answers. {licenses.NOT_LEGAL_ADVICE}",
        "",
        "## Columns",
        "",
        *(line for n in CONFIGS for line in _columns(n, tables[n])),
        "## Sources and their terms",
        "",
        "This dataset gathers facts from several sources; each keeps its own terms (hence `license: other`). "
        "Credit the sources you use.",
        "",
        *_sources(manifest),
        "",
        EPISODE_MATERIAL,
        "",
    ]
    return f"---\n{yaml_text}---\n\n" + "\n".join(body)
