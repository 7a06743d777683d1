"""Compare: 2-6 models side by side (?models=a&models=b): every attribute, what differs, per-benchmark bars."""

import numpy as np
import pandas as pd
import streamlit as st

from model_data import views
from ui import charts, data as ui_data, format as fmt, labels, state, view as ui_view
from ui.widgets import chart, download, static_table

data = ui_data.load()
view = ui_view.current()
models = data.models
ids = data.model_ids()
names = data.names
ui_view.check_url({"models": state.one_of(ids), "only_diff": state.boolean}, max_values={"models": 6})

if not view.present:
    st.title("Compare models")
ui_view.seed("models", ids, multi=True, max_values=6)
ui_view.seed_value("only_diff", state.parse_bool, default=False)
chosen = st.multiselect(
    "Models (2-6)",
    ids,
    key="models",
    max_selections=6,
    format_func=names.__getitem__,
    placeholder="Pick two to six models",
)
ui_view.publish("models", chosen)

IDENTITY = {"Name", "Model id"}  # they always differ between two models: never marked or shaded
# The rows a presenter shows (one screen): may I use it, how big, how good.
SCORES_ROW = "Scores (each source in its own unit; † = self-reported)"
PRESENT_ROWS = [
    "Name",
    "Licence family",
    "Commercial use",
    "Startup product?",
    "Licence warning",
    "Parameters (B)",
    "Active parameters (B)",
    "Memory 4-bit (GB, estimate)",
    SCORES_ROW,
]
# Rows that say something only when there is something to say: an empty cell there is not an unknown.
NOTE_ROWS = {
    "Parameters: note",
    "Why no score",
    "Licence warning",
    "Base model's licence",
    "Repackaging of",
    "Repackagings",
}


def _number(value) -> str:
    """Counts with thousands separators, measurements to at most two decimals, text as is."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{round(value, 2):g}"
    return str(value)


SHADE = "font-weight: bold; background-color: rgba(230, 159, 0, 0.25)"


def _highlight(frame):
    """Every cell's style at once (a per-row Styler.apply costs a pandas call per attribute row)."""
    marked = (frame["Differs"] != "").to_numpy()
    return pd.DataFrame(
        np.where(np.broadcast_to(marked[:, None], frame.shape), SHADE, ""), index=frame.index, columns=frame.columns
    )


def _cell(attribute: str, value, record: dict) -> str:
    """A compare cell as text: unknowns with their reason, dense models' active parameters said as such."""
    if attribute == "Active parameters (B)" and fmt.missing(value) and not fmt.missing(record.get("params_b")):
        return "dense (all active)"
    if fmt.missing(value) or (isinstance(value, str) and value.strip().lower() in ("", "unknown")):
        if attribute in NOTE_ROWS:  # notes: nothing to say is said by an empty cell
            return ""
        if attribute == "Parameters (B)" or attribute.startswith("Memory"):
            return fmt.unknown_text(record.get("params_note") or "no parameter count in the sources")
        if attribute == SCORES_ROW:
            return fmt.unknown_text(record.get("scores_why") or "no score in the sources used")
        return fmt.unknown_text(fmt.UNKNOWN_REASONS.get(attribute, "not in the sources"))
    return _number(value)


if len(chosen) < 2:
    ui_view.publish("only_diff", st.session_state.get("only_diff"), False)  # kept for when a second model is picked
    st.info("Pick at least two models to compare.")
    llama = next(
        (m for m in ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3-8B-Instruct") if m in ids), None
    )
    example = [m for m in ("microsoft/phi-4", llama) if m in ids]
    if len(example) == 2:
        st.button(
            f"Example: Phi-4 vs {fmt.md(names.get(llama, llama))}",
            icon=":material/compare_arrows:",
            key="example",
            on_click=lambda: st.session_state.update(models=example),
        )
else:
    only_diff = st.toggle("Show only rows that differ", key="only_diff")
    ui_view.publish("only_diff", only_diff, False)
    # Everything below needs the chosen models' rows and scores only: picked from per-snapshot plain
    # records (a mask, set_index or iloc over every model's wide Arrow columns cost more than the page).
    records = data.compare_records()
    score_records = data.score_records()
    picked = [m for m in dict.fromkeys(chosen) if m in records]
    model_rows = [records[m][0] for m in picked]
    score_rows = [r for m in picked for r in score_records.get(m, [])]
    models = pd.DataFrame(
        {"model_id": picked, "license_family": [r.get("license_family") for r in model_rows]}
    )  # for the charts
    table = views.compare_table(model_rows, chosen).rename(index=labels.COMPARE_LABELS)
    by_column = dict(zip(table.columns[:-1], [records.get(m, [{}])[0] for m in chosen]))
    cells = pd.DataFrame(
        {col: [_cell(attr, v, by_column[col]) for attr, v in table[col].items()] for col in table.columns[:-1]},
        index=table.index,
    )
    differs = pd.Series(
        [len(set(vals)) > 1 and attr not in IDENTITY for attr, vals in zip(cells.index, cells.to_numpy().tolist())],
        index=table.index,
    )
    keep = differs | cells.index.isin(IDENTITY - {"Model id"}) if only_diff else pd.Series(True, index=table.index)
    keep &= (cells != "").any(axis=1)  # a note row no model has
    if view.present:
        keep &= cells.index.isin(PRESENT_ROWS)
    display = cells[keep.to_numpy()].copy()
    display.insert(0, "Differs", differs[keep.to_numpy()].map({True: "differs", False: ""}))
    display = display.reset_index(names="Attribute")

    if not view.present:
        st.caption(
            "Rows where the models differ are marked and shaded. Memory figures are estimates from parameters "
            "(x bits/8 bytes x 1.2 overhead). " + data.caption()
        )
    # A static table: long licence answers wrap (the interactive grid cuts them off), and it is 27 rows at most.
    static_table(fmt.md_cells(display).style.apply(_highlight, axis=None), "compare")
    download(display, "compare")
    for rec in model_rows:
        if rec.get("license_warning"):
            st.warning(
                f"{fmt.md(names.get(rec['model_id'], rec['model_id']))}: {fmt.md(rec['license_warning'])}",
                icon=":material/gavel:",
            )

    hubs = [(names.get(m, m), fmt.hub_url(m)) for m in chosen]
    hub_cols = st.columns(len(hubs))
    for col, (name, url) in zip(hub_cols, hubs):
        if url:
            col.link_button(fmt.md(name), url, icon=":material/open_in_new:", help="Open on the Hugging Face Hub")
        else:
            col.caption(f"{fmt.md(name)}: closed model, no Hub page")

    st.subheader("Benchmarks")
    rows = views.benchmark_rows(score_rows, chosen, model_rows)
    groups = list(dict.fromkeys(rows["comparable_group"])) if not rows.empty else []
    if not groups:
        st.info("None of these models has a score in the snapshot's sources.")
    else:
        st.caption(
            "One chart per source and unit: values of different sources or units are never drawn together. "
            + fmt.SELF_REPORTED_LEGEND
        )
    for group in groups:
        grp = rows[rows["comparable_group"] == group]
        per_model: dict[str, set] = {}
        for mid, bench in zip(grp["model_id"], grp["benchmark"]):
            per_model.setdefault(mid, set()).add(bench)
        kinds = {frozenset(b) for b in per_model.values()}
        same = len(per_model) == len(chosen) and len(kinds) == 1 and len(next(iter(kinds))) >= 3
        if same:
            chart(
                charts.radar(grp, models, data.colors, data.caption(group), present=view.present),
                f"compare-radar-{group}",
            )
        bars, omitted = views.top_benchmarks(grp, limit=12)
        chart(
            charts.benchmark_bars(bars, models, data.colors, data.caption(group), present=view.present),
            f"compare-{group}",
        )
        if omitted:
            st.caption(
                f"{len(omitted)} more {fmt.md(group)} benchmarks (in the scores table): {fmt.md(', '.join(omitted))}"
            )
        for r in grp[grp["caveat"].fillna("") != ""].itertuples():
            st.caption(
                f"Caveat: {fmt.md(r.display_name)}, {fmt.md(r.benchmark)} "
                f"{fmt.md(fmt.score_text(r.score, r.decimals))}: {fmt.md(r.caveat)}"
            )
        missing = views.missing_score_reasons(model_rows, score_rows, chosen, group)
        for mid, why in missing.items():
            st.caption(f"{fmt.md(names.get(mid, mid))} has no {fmt.md(group)} score: {fmt.md(why)}")
    without = [m for m in chosen if m not in set(rows["model_id"])]
    for mid in without:
        row = records[mid][0]
        st.caption(
            f"{fmt.md(names.get(mid, mid))}: no scores at all. {fmt.md(row['scores_why'] or 'No score in the sources used.')}"
        )
