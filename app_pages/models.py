"""Models: search and filter every model, sortable table with Hub links, score vs size frontier."""

import streamlit as st

from model_data import filters, views
from ui.draw import charts
from ui.store import data as ui_data
from ui.text import format as fmt
from ui.text import table_cells
from ui.state import model_filters, session, url
from ui.contexts import models_table
from ui.draw.widgets import chart, table

data = ui_data.load()
view = session.view()
models = data.models

opts = data.once("models_filter_options", lambda: filters.options(models, data.episodes))
ep_labels = data.once("episode_labels", lambda: dict(zip(data.episodes["episode_id"], data.episodes["label"])))
SORTS = views.MODEL_SORTS
score_opts = data.score_options()

choices = data.once("score_choices", lambda: views.score_choices(data.scores))
# The benchmark most models have, once per snapshot: a default that moved with the filters would put it
# in the address at every filter change (the selector keeps its value) and break Back.
top_bench = data.once("default_bench", lambda: views.most_covered(data.scores, models["model_id"], choices))
default_bench = f"{top_bench[0]}|{top_bench[1]}" if top_bench else (score_opts[0] if score_opts else None)

# Every control starts from the link and goes back into it (ui/state/url.py: one history entry per change;
# Back/Forward restore the previous filters exactly). The filters' entries come from their one
# declaration (model_data/filters.py); nothing is bound to the URL by Streamlit itself.
url.state(
    {
        **model_filters.url_spec(opts),
        "sort": url.choice(SORTS, default="score" if score_opts else "name"),
        "bench": url.choice(score_opts, default=default_bench),
    }
)

if not view.present:
    st.title("Models")
top = st.container(horizontal=True, vertical_alignment="bottom")
model_filters.draw("q", opts, ep_labels, top)
sort = top.selectbox("Sort by", list(SORTS), key="sort", width=140)
# One benchmark at a time (one source, one unit): the table's score column, its sort and the chart below.
# In the top row, so on a phone the results start on the first screen.
bench = None
if score_opts:
    bench = top.selectbox(
        "Benchmark (score column and chart)",
        score_opts,
        key="bench",
        format_func=lambda o: o.replace("|", " · "),
        help="Scores are only ever compared within one source, benchmark and unit.",
        width=320,
    )
model_filters.draw("open", opts, ep_labels, top)

# Collapsed by default: the results are the first screen (on a phone the filters alone were 1.7 screens).
TOP = ("q", "open")
active = len(filters.active(model_filters.values(), opts)) - len(filters.active(model_filters.values(TOP), opts))
with st.expander(
    "Filters" + (f" ({active} active)" if active else ""), key="filters_open", icon=":material/filter_list:"
):
    cols = st.columns(3)  # one row of three columns, filled in the declaration's order
    for i, key in enumerate(k for k in filters.BY_KEY if k not in TOP):
        model_filters.draw(key, opts, ep_labels, cols[i % 3])

values = model_filters.values()
# The columns this page reads from the models found: the table's sort and the score-vs-size chart.
FOUND = list(dict.fromkeys([*views.SORT_COLUMNS, *views.SCATTER_COLUMNS, *views.UNSIZED_COLUMNS]))
fits, bits = values["fits"], values["bits"] or filters.FIT_BITS[0]
# One row per model: a repackaging of a listed model is folded into it. Kept per filter state for every viewer.
filter_key = repr(sorted((k, repr(v)) for k, v in values.items()))
found = data.recent(
    ("models-found", filter_key),
    lambda: filters.apply(data.models_plain(), values, data.search_hay(), opts, one_per_model=True, columns=FOUND),
)
all_models = data.once("models_collapsed", lambda: len(views.collapse_variants(models)))

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
    ("models-table", filter_key, sort, bench, view.present),
    lambda: models_table.build(data, found, sort, bench_choice, view.present),
)
st.markdown(f"**{len(found)} of {all_models} models** match.")

event = table(
    shown.frame,
    "models",
    present=view.present,
    column_config=table_cells.column_config(st.column_config, shown.grid),
    grid_data=shown.grid,
    grid_empty=shown.grid_empty,
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
if all_models != len(models) and not view.present:  # under the table: the results come first
    st.caption(
        f"{len(models)} repos: a repackaging (ONNX, GGUF, FP8, ...) is listed in its model's row, not counted "
        "as another model."
    )
if fits is not None:
    st.caption(f"Memory fit is an estimate at {bits}-bit: parameters x {bits}/8 bytes x 1.2 for runtime overhead.")

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
        # each model's score by row label, once per benchmark: a filter state's rows are labels of it
        bench_scores = data.once(
            f"row-scores:{bench}",
            lambda: views.row_scores(data.models_plain(), views.best_score_by_id(data.scores, group, benchmark)),
        )
        frame = views.score_vs_size(found, bench_scores, group, benchmark)
        unsized = views.unsized_scores(found, bench_scores, group, benchmark)  # closed baselines: lines
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
                unsized=unsized,
            )
        )
        return fig, len(frame) + (len(unsized) if fig is not None else 0)

    # The chart depends on the filters, sort, benchmark, mode and highlight only: built once per such
    # state for every viewer (a crowd mostly looks at the same few states).
    fig, on_chart = data.recent(("score-vs-size", filter_key, sort, bench, view.present, view.highlight), scatter)
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
                f"{left_out} of the models shown are not on this chart: no {fmt.md(benchmark)} score. "
                "A model with a score but no public size (a closed one) is a dotted line at its score."
            )
