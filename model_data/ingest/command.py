"""Turn Model Mondays episode material into episodes.csv, mentions.csv and a review report.

    python -m model_data ingest --corpus PATH [--corpus PATH ...] [--extra [EPISODE=]FILE ...] --out DIR
        [--reference DIR | --online]

Output is sorted and stable: the same input gives byte-identical files. Files are written
atomically, so a failed run leaves what was in --out untouched.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from model_data.printable import escaped
from model_data.ingest import catalogue as catalogue_mod
from model_data.ingest.mentions import Matcher
from model_data.ingest.name_tables import ALIASES, EXCLUDED, NOT_MODELS, load_exclusions
from model_data.ingest.pipeline import CorpusError, parse_extra, run_ingest
from model_data.ingest.report import inputs_digest, write_outputs
from model_data.store import snapshot


def add_arguments(parser) -> None:
    parser.add_argument(
        "--corpus",
        action="append",
        type=Path,
        required=True,
        help="a checkout laid out like the Model Mondays repository (repeatable)",
    )
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="[EPISODE=]FILE",
        help="one more file (recap, draft, transcript, slides PDF); EPISODE=FILE says which "
        "episode it belongs to (e.g. s2e1=talk.txt), else its front matter, title, file "
        "name or date decide (repeatable)",
    )
    parser.add_argument(
        "--allow-unused", action="store_true", help="an --extra file that cannot be used is a warning, not an error"
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="reference-data folder: its hub-facts (and the other tables' repo ids) are the "
        "model catalogue names resolve against",
    )
    parser.add_argument(
        "--online",
        action="store_true",
        help="also search the Hub (huggingface_hub) for proposals the offline catalogue cannot make",
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for episodes.csv, mentions.csv, ...")
    parser.add_argument("--aliases", type=Path, default=ALIASES, help="alias table (default: the curated one)")
    parser.add_argument("--not-models", type=Path, default=NOT_MODELS, help="explicit non-model names")
    parser.add_argument(
        "--exclusions", type=Path, default=EXCLUDED, help="reviewed places where a model name is not a mention"
    )


def run(args) -> int:
    try:
        return _run(args)
    except KeyboardInterrupt:
        pending = snapshot.swap_pending(args.out) if args.out.is_dir() else False
        print(
            "ingest: interrupted; "
            + (
                "the swap into {0} was half-way: run the ingest again or "
                "`python -m model_data validate` to complete it".format(args.out)
                if pending
                else f"nothing in {args.out} was changed"
            ),
            file=sys.stderr,
        )
        return 130


def _matcher(args) -> Matcher:
    """Aliases and non-models, plus the offline catalogue of --reference when given."""
    cat = None
    reference = getattr(args, "reference", None)
    if reference is not None:
        if not (reference / catalogue_mod.HUB_FACTS).exists():
            raise CorpusError(f"--reference {reference}: no {catalogue_mod.HUB_FACTS} there")
        cat = catalogue_mod.load(reference)
    else:
        print(
            "warning: no --reference: names resolve through aliases.csv and repo ids only; the rest become proposals",
            file=sys.stderr,
        )
    return Matcher.from_files(args.aliases, args.not_models, cat)


def _refusal(args, result) -> str | None:
    """Why nothing may be written (warnings printed on the way), or None."""
    for path, problem in result.problems:
        print(f"warning: {escaped(path)}: {escaped(problem)}", file=sys.stderr)
    allow = getattr(args, "allow_unused", False)
    for path, why in result.unused_extras:
        print(
            f"{'warning' if allow else 'error'}: --extra {escaped(path)} was not used: {escaped(why)}", file=sys.stderr
        )
    if result.unused_extras and not allow:
        return "nothing written; give the episode as --extra EPISODE=PATH, or pass --allow-unused"
    if result.episodes.empty:
        return "no episode pages found (docs/model-mondays/YYYY-MM-DD-sNN-eNN.md); nothing written"
    return None


def _run(args) -> int:
    started = time.perf_counter()
    try:
        extras = [parse_extra(e) for e in args.extra]
        hub_search = catalogue_mod.HubSearch() if getattr(args, "online", False) else None
        result = run_ingest(args.corpus, extras, _matcher(args), load_exclusions(args.exclusions), hub_search)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: ingest failed, nothing written: {exc}", file=sys.stderr)
        return 1
    refusal = _refusal(args, result)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 1
    try:
        write_outputs(result, args.out, inputs_digest(args.corpus, [p for _, p in extras]))
    except snapshot.SnapshotError as exc:  # a swap cut short or review.md after the tables: its sentence says so
        changed = any(words in str(exc) for words in ("half-way", "were written"))
        print(f"error: {exc}{'' if changed else '; previous files are unchanged'}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"error: cannot write to {args.out}: {exc.strerror or exc}; run `python -m model_data validate "
            f"--snapshot {args.out}` to see what is there",
            file=sys.stderr,
        )
        return 1
    m = result.mentions
    open_n = int((m["open_weights"] == "true").sum())
    print(
        f"ingest: {result.files_read} files read, {len(result.episodes)} episodes, {len(m)} mentions "
        f"({open_n} open-weights, {int((m['open_weights'] == 'false').sum())} closed, "
        f"{int((m['open_weights'] == 'unknown').sum())} unknown), {m['model_id'].nunique()} distinct models, "
        f"{result.candidates['surface'].nunique()} names to review, {len(result.problems)} file problems "
        f"in {time.perf_counter() - started:.2f} s -> {args.out}"
    )
    return 0
