"""Licences: each family in plain words, and the three student questions answered per model."""

import streamlit as st

from model_data import views
from ui import charts, data as ui_data, format as fmt, labels, state, view as ui_view
from ui.widgets import chart, table

# Plain-language summaries for the families we know; anything else falls back to the licences seen.
FAMILY_WORDS = {
    "permissive": "Use, change and sell freely; keep the copyright and licence notice (MIT, Apache 2.0, BSD, CC BY).",
    "open weights with use policy": "Weights you can download and use, under the publisher's own terms: an acceptable-use "
    "policy, and often a user or revenue threshold above which you need another licence "
    "(Llama, Gemma, Stability AI Community).",
    "responsible-ai licence": "Open use and redistribution, with use-based restrictions (no harmful uses) that you must "
    "pass on to your own users (OpenRAIL family, DeepSeek).",
    "copyleft": "Free to use, but shared changes must stay under the same licence (GPL, CC BY-SA).",
    "llama": "Meta's community licences: free for most uses, with an acceptable-use policy, a 'Built with Llama' "
    "notice and a separate licence above 700M monthly users.",
    "gemma": "Google's Gemma terms: free to use and ship, bound by the Gemma prohibited-use policy.",
    "open-rail": "Responsible-AI licences: open use and redistribution, with use-based restrictions passed on to users.",
    "openrail": "Responsible-AI licences: open use and redistribution, with use-based restrictions passed on to users.",
    "custom": "The publisher's own terms: read them. Often free below a revenue or user threshold, or with use restrictions.",
    "other": "The publisher's own terms: read them before shipping anything.",
    "non-commercial": "Research and personal use only: no product, no paid service.",
    "research-only": "Research use only.",
    "proprietary": "Closed model: no weights; use through the vendor's API under its terms of service.",
    "closed": "Closed model: no weights; use through the vendor's API under its terms of service.",
    "unknown": "No licence found in the sources: treat as all rights reserved until checked.",
}

data = ui_data.load()
view = ui_view.current()
models = data.models
families = sorted(models["license_family"].unique())
WANTS = list(views.STUDENT_QUESTIONS)
ui_view.check_url(
    {"want": state.one_of(WANTS, single=True), "family": state.one_of(families), "baselines": state.boolean}
)

if not view.present:
    st.title("Licences")
    st.caption(
        "Plain-language summaries, not legal advice: the licence text on each model page is what binds. "
        + data.caption()
    )

ui_view.seed("want", WANTS)
ui_view.seed("family", families, multi=True)
ui_view.seed_value("baselines", state.parse_bool, default=False)
want = st.radio("I want to ...", WANTS, key="want", horizontal=True, format_func=lambda w: labels.WANTS[w])
with st.expander("Filters", key="license_filters", icon=":material/filter_list:"):
    fam = st.multiselect("Licence family", families, key="family")
    baselines = st.toggle(
        "Include comparison baselines",
        key="baselines",
        help="Familiar models no episode named (e.g. Llama-3.1-8B-Instruct); off: episode models only.",
    )
for key, value, default in [("want", want, None), ("family", fam, []), ("baselines", baselines, False)]:
    ui_view.publish(key, value, default)

base = views.license_page_models(models, fam, baselines)
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
    subset = views.filter_models(subset, views.ModelFilters(want=want))

# The answer to the question picked comes first (the column right after the model), then the licence facts.
QUESTION_COLS = {
    "class_project": "Class project?",
    "research_paper": "Research paper?",
    "startup_product": "Startup product?",
}
asked = [want] if want else []
cols = (
    ["display_name"]
    + asked
    + ["license_family", "commercial_use", "license_warning", "license_name"]
    + [q for q in views.STUDENT_QUESTIONS if q not in asked]
    + ["commercial_clause", "model_id"]
)
per_model = subset[cols].copy()
for q in views.STUDENT_QUESTIONS:
    per_model[q] = per_model[q].map(fmt.answer_text)
per_model["commercial_clause"] = per_model["commercial_clause"].fillna("")
per_model["license_warning"] = per_model["license_warning"].fillna("")
per_model = per_model.rename(
    columns={
        "display_name": "Model",
        "license_name": "Licence",
        "license_family": "Licence family",
        "commercial_use": "Commercial use",
        "commercial_clause": "Commercial clause",
        "license_warning": "Licence warning",
        "model_id": "Model id",
        **QUESTION_COLS,
    }
)
if not view.present:
    st.subheader(
        f"Per model: can I {labels.WANTS[want]}?" if want else "Per model: class project, research paper, startup",
        anchor=False,
    )
if view.present:
    per_model = per_model[["Model", QUESTION_COLS[want or "startup_product"], "Licence family", "Licence warning"]]
table(
    per_model,
    f"licences-{want or 'all'}",
    present=view.present,
    present_rows=7,
    column_config={c: st.column_config.TextColumn(c, width="large") for c in QUESTION_COLS.values()},
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
fams = views.license_families(base)
fams.insert(
    1,
    "In plain words",
    fams["license_family"].map(lambda f: FAMILY_WORDS.get(str(f).lower(), "See each model's licence.")),
)
table(
    fams.rename(
        columns={
            "license_family": "Family",
            "models": "Models",
            "commercial_use": "Commercial use",
            "licenses": "Licences seen",
        }
    ),
    "license-families",
    present=view.present,
)
