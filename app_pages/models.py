"""Models: search and filter every model, sortable table with Hub links, score vs size frontier."""

import streamlit as st

from model_data import views
from ui import charts, data as ui_data, format as fmt, labels, models_table, url, view as ui_view
from ui.widgets import chart, table

data = ui_data.load()
view = ui_view.current()
models = data.models

opts = data.once("models_page_options", lambda: views.filter_options(models, data.episodes))
steps, families, commercial = opts["steps"], opts["families"], opts["commercial"]
tasks, orgs, seasons, episode_ids = opts["tasks"], opts["orgs"], opts["seasons"], opts["episode_ids"]
ep_labels = data.once("episode_labels", lambda: dict(zip(data.episodes["episode_id"], data.episodes["label"])))
SORTS = views.MODEL_SORTS
score_opts = data.score_options()

choices = data.once("score_choices", lambda: views.score_choices(data.scores))
# The benchmark most models have, once per snapshot: a default that moved with the filters would put it
# in the address at every filter change (the selector keeps its value) and break Back.
top_bench = data.once("default_bench", lambda: views.most_covered(data.scores, models["model_id"], choices))
default_bench = f"{top_bench[0]}|{top_bench[1]}" if top_bench else (score_opts[0] if score_opts else None)

# Every control starts from the link and goes back into it (ui/url.py: one history entry per change;
# Back/Forward restore the previous filters exactly). Nothing is bound to the URL by Streamlit itself.
url.state(
    {
        "q": url.text(),
        "license": url.choice(families, multi=True),
        "commercial": url.choice(commercial, multi=True),
        "size": url.choice(views.SIZE_PRESETS, multi=True),
        "params": url.steps(steps),
        "task": url.choice(tasks, multi=True),
        "org": url.choice(orgs, multi=True),
        "season": url.choice(seasons, multi=True),
        "episodes": url.choice(episode_ids, multi=True),
        "open": url.switch(),
        "named": url.switch(),
        "fits": url.number(0.1, 10000),
        "bits": url.choice([4, 8, 16], default=4),
        "sort": url.choice(SORTS, default="name"),
        "bench": url.choice(score_opts, default=default_bench),
    }
)

if not view.present:
    st.title("Models")
top = st.container(horizontal=True, vertical_alignment="bottom")
query = top.text_input(
    "Search name, organisation, alias or episode title", key="q", placeholder="e.g. phi, llama, Microsoft, reasoning"
)
sort = top.selectbox("Sort by", list(SORTS), key="sort", width=220)

# Collapsed by default: the results are the first screen (on a phone the filters alone were 1.7 screens).
active = sum(
    bool(st.session_state.get(k))
    for k in ("license", "commercial", "size", "task", "org", "season", "episodes", "open", "named", "fits")
)
active += tuple(st.session_state.get("params") or ()) != (steps[0], steps[-1])
with st.expander(
    "Filters" + (f" ({active} active)" if active else ""), key="filters_open", icon=":material/filter_list:"
):
    c1, c2, c3 = st.columns(3)  # one row of three columns, filled top-down (fewer layout blocks per rerun)
    lic = c1.multiselect("Licence family", families, key="license")
    com = c2.multiselect("Commercial use", commercial, key="commercial", format_func=labels.commercial_text)
    size = c3.multiselect(
        "Size preset", list(views.SIZE_PRESETS), key="size", format_func=lambda s: labels.SIZE_LABELS[s]
    )
    task = c1.multiselect("Task", tasks, key="task")
    org = c2.multiselect("Organisation", orgs, key="org")
    season = c3.multiselect("Season", seasons, key="season", format_func=lambda s: f"Season {s}")
    eps = c1.multiselect("Episode", episode_ids, key="episodes", format_func=ep_labels.__getitem__)
    prange = c2.select_slider(
        "Parameters (billions)",
        options=steps,
        value=(steps[0], steps[-1]),
        key="params",
        help="Narrowing the range hides models of unknown size.",
    )
    open_only = c3.toggle("Open weights only", key="open")
    named_only = c3.toggle(
        "Named in an episode",
        key="named",
        help="Leave out the comparison baselines (familiar models no episode named).",
    )
    fits = c1.number_input(
        "Fits in N GB of memory",
        min_value=0.1,
        max_value=10000.0,
        step=1.0,
        key="fits",
        placeholder="any",
        help="Estimate from parameters: params x bits/8 bytes x 1.2 overhead. Unknown size never fits.",
    )
    bits = c2.radio("...at precision", [4, 8, 16], key="bits", horizontal=True, format_func=lambda b: f"{b}-bit")

full_range = tuple(prange) == (steps[0], steps[-1])
filters = views.ModelFilters(
    query=query or "",
    license_families=lic,
    commercial=com,
    size_presets=size,
    params_range=None if full_range else (float(prange[0]), float(prange[1])),
    tasks=task,
    organizations=org,
    seasons=season,
    episodes=eps,
    open_only=open_only,
    named_only=named_only,
    fits_gb=fits,
    fit_bits=int(bits or 4),
)
# One row per model: a repackaging of a listed model is folded into it. Kept per filter state for every viewer.
found = data.recent(
    ("models-found", repr(filters)),
    lambda: views.collapse_variants(views.filter_models(models, filters, data.search_hay())),
)
all_models = data.once("models_collapsed", lambda: len(views.collapse_variants(models)))

# One benchmark at a time (one source, one unit): the table's score column, its sort and the chart below.
bench = None
if score_opts:
    bench = st.selectbox(
        "Benchmark (score column, its sort, and the chart below)",
        score_opts,
        key="bench",
        format_func=lambda o: o.replace("|", " · "),
        help="Scores are only ever compared within one source, benchmark and unit.",
    )
group, benchmark = bench.split("|", 1) if bench else ("", "")
bench_choice = (
    models_table.Bench(
        group,
        benchmark,
        data.once(f"bench-column:{bench}", lambda: views.benchmark_column(data.scores, group, benchmark)),
    )
    if bench
    else None
)
shown = data.recent(
    ("models-table", repr(filters), sort, bench, view.present),
    lambda: models_table.build(data, found, sort, bench_choice, view.present),
)
st.markdown(f"**{len(found)} of {all_models} models** match.")
if all_models != len(models) and not view.present:
    st.caption(
        f"{len(models)} repos: a repackaging (ONNX, GGUF, FP8, ...) is listed in its model's row, not counted "
        "as another model."
    )
if fits is not None:
    st.caption(f"Memory fit is an estimate at {bits}-bit: parameters x {bits}/8 bytes x 1.2 for runtime overhead.")

event = table(
    shown.frame,
    "models",
    present=view.present,
    column_config=fmt.column_config(st.column_config, shown.grid),
    grid_data=shown.grid,
    reasons=shown.reasons,
    present_rows=8,
    download_frame=shown.download,
    rows=len(shown.rows),
    **(
        {}
        if view.present
        else {"on_select": "rerun", "selection_mode": "multi-row", "column_order": shown.column_order}
    ),
)
st.caption(fmt.SELF_REPORTED_LEGEND)

if event is not None:
    picked = [shown.rows.iloc[i]["model_id"] for i in event.selection.rows][:6]
    if len(picked) >= 2:
        st.page_link(
            "app_pages/compare.py",
            label=f"Compare the {len(picked)} selected models",
            icon=":material/compare_arrows:",
            query_params={"models": picked},
        )
    else:
        st.caption("Select 2-6 rows to compare them side by side.")

st.subheader("Score vs size")
if not score_opts:
    st.info("No scores in this snapshot.")
else:

    def scatter():
        frame = views.score_vs_size(
            found,
            data.once(f"scores:{bench}", lambda: views.benchmark_scores(data.scores, group, benchmark)),
            group,
            benchmark,
        )
        fig = (
            None
            if frame.empty
            else charts.score_size_scatter(
                frame,
                data.colors,
                data.caption(group),
                f"{benchmark} ({bench_choice.unit})",
                present=view.present,
                highlight=view.highlight,
            )
        )
        return fig, len(frame)

    # The chart depends on the filters, sort, benchmark, mode and highlight only: built once per such
    # state for every viewer (a crowd mostly looks at the same few states).
    fig, on_chart = data.recent(("score-vs-size", repr(filters), sort, bench, view.present, view.highlight), scatter)
    if fig is None:
        st.info("None of the models shown has both a known size and this score.")
    else:
        chart(fig, "score-vs-size")
        column = bench_choice.column
        if len(column) and (column["self_reported"].astype(str) == "true").all():
            st.caption(
                "Every value on this chart was reported by the model's maker (self-reported), not measured "
                "independently."
            )
        left_out = len(found) - on_chart
        if left_out:
            st.caption(
                f"{left_out} of the models shown are not on this chart: unknown size or no {fmt.md(benchmark)} score."
            )
