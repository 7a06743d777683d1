"""Licences: each family in plain words, and the three student questions answered per model."""

import streamlit as st

from model_data import filters, views
from ui.draw import charts
from ui.store import data as ui_data
from ui.text import format as fmt, labels
from ui.contexts import license_tables
from ui.state import model_filters, session, url
from ui.draw.widgets import chart, table

data = ui_data.load()
view = session.view()
models = data.models
WANTS = list(views.STUDENT_QUESTIONS)
# The licence family and size filters are the Models page's own (model_data/filters.py): same keys,
# same widgets, same rows kept. `family` was this page's name for `license`: old links still work.
SHARED = ("license", "params", "size")
opts = data.once("models_filter_options", lambda: filters.options(models, data.episodes))
url.state(
    {"want": url.choice(WANTS), **model_filters.url_spec(opts, SHARED), "baselines": url.switch()},
    renamed={"family": "license"},
)

if not view.present:
    st.title("Licences")
    st.caption(
        "Plain-language summaries, not legal advice: the licence text on each model page is what binds. "
        + data.caption()
    )

want = st.radio("I want to ...", WANTS, key="want", horizontal=True, format_func=lambda w: labels.WANTS[w])
with st.expander("Filters: licence family, size", key="license_filters", icon=":material/filter_list:"):
    cols = st.columns(3)
    for i, key in enumerate(SHARED):
        model_filters.draw(key, opts, {}, cols[i])
    baselines = st.toggle(
        "Include comparison baselines",
        key="baselines",
        help="Familiar models no episode named (e.g. Llama-3.1-8B-Instruct); off: episode models only.",
    )

base = filters.apply(views.license_page_models(models, (), baselines), model_filters.values(SHARED), opts=opts)
subset = base
if want:
    n = views.answer_counts(subset, want)
    st.markdown(
        f"**{n['yes']} models: yes.** **{n['conditions']} models: yes, with conditions** (read the answer). "
        f"{n['other']} models: no or unknown."
    )
    answers_chart = charts.answers_bar(
        subset, want, labels.WANTS[want], data.colors, data.caption(), present=view.present
    )
    subset = subset[subset[f"{want}_class"].isin(["yes", "conditions"])]

# The answer to the question picked comes first (the column right after the model), then the licence facts.
per_model = license_tables.answers(subset, want, view.present)
if not view.present:
    st.subheader(
        f"Per model: can I {labels.WANTS[want]}?" if want else "Per model: class project, research paper, startup",
        anchor=False,
    )
table(
    per_model,
    f"licences-{want or 'all'}",
    present=view.present,
    present_rows=7,
    column_config={c: st.column_config.TextColumn(c, width="large") for c in license_tables.QUESTION_COLUMNS.values()},
)
if not view.present:  # presenting, the table's own column says it; below the table: the first screen is the result
    for r in subset[subset["license_warning"].fillna("") != ""].itertuples():
        st.warning(
            f"{fmt.md(r.display_name)}: {fmt.md(r.license_warning)}. The answers take the stricter licence.",
            icon=":material/gavel:",
        )

if want:
    chart(answers_chart, f"answers-{want}")

st.subheader("Licence families")
table(license_tables.families(views.license_families(base)), "license-families", present=view.present)
