"""Compare: 2-6 models side by side (?models=a&models=b): every attribute, what differs, per-benchmark bars."""

import pandas as pd
import streamlit as st

from model_data import views
from ui.draw import charts
from ui.contexts import compare_table
from ui.store import data as ui_data
from ui.text import format as fmt, labels
from ui.state import session, url
from ui.draw.widgets import chart, download, static_table

data = ui_data.load()
view = session.view()
models = data.models
ids = data.model_ids()
names = data.names
url.state({"models": url.choice(ids, multi=True, max_values=6), "only_diff": url.switch()})

if not view.present:
    st.title("Compare models")
chosen = st.multiselect(
    "Models (2-6)",
    ids,
    key="models",
    max_selections=6,
    format_func=names.__getitem__,
    placeholder="Pick two to six models",
)

if len(chosen) < 2:
    # only_diff stays in the address (url.state) for when a second model is picked
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
    attrs = compare_table.attributes(records, chosen)
    display = compare_table.build(records, chosen, only_diff, view.present, attrs)

    if not view.present:
        st.caption(
            "Rows where the models differ are marked and shaded. Memory figures are estimates from parameters "
            "(x bits/8 bytes x 1.2 overhead). " + data.caption()
        )
    # A static table: long licence answers wrap (the interactive grid cuts them off), and it is 27 rows at most.
    static_table(compare_table.marked(fmt.md_cells(display)), "compare", row_style=compare_table.SHADE)
    why_unknown = compare_table.legend(records, chosen, display, attrs)
    if why_unknown:
        st.caption(f"{fmt.UNKNOWN_MARK} = unknown. " + " ".join(fmt.md(line) for line in why_unknown))
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
        for r in grp[[isinstance(c, str) and c != "" for c in grp["caveat"]]].itertuples():
            st.caption(
                f"Caveat: {fmt.md(r.display_name)}, {fmt.md(r.benchmark)} "
                f"{fmt.md(fmt.score_text(r.score, r.decimals))}: {fmt.md(r.caveat)}"
            )
        missing = views.missing_score_reasons(model_rows, score_rows, chosen, group)
        for mid, why in missing.items():
            st.caption(
                f"{fmt.md(names.get(mid, mid))} has no {fmt.md(group)} score: {fmt.md(labels.missing_score_text(why))}"
            )
    without = [m for m in chosen if m not in set(rows["model_id"])]
    for mid in without:
        row = records[mid][0]
        why = compare_table.no_score(row) or labels.NO_SCORE["not_in_sources"]
        st.caption(f"{fmt.md(names.get(mid, mid))}: no scores at all. {fmt.md(why)}")
