"""Data: how fresh, from where, what is covered, what could not be resolved; every table to download."""

import streamlit as st

from model_data import dataset, provenance, views
from ui.store import data as ui_data
from ui.text import format as fmt, labels
from ui.state import session, url
from ui.draw.widgets import download, table

data = ui_data.load()
view = session.view()
TABLES = ["models", "episodes", "mentions", "scores", "candidates"]
url.state({"table": url.choice(TABLES, default=TABLES[0])})

st.title("Data")
st.markdown(f"**Snapshot date:** {data.date}")
st.markdown(
    f"Read from {ui_data.snapshot_dir().name}/ · the app never touches the network; "
    "`python -m model_data refresh` builds a new snapshot."
)  # not a caption: code in a caption was 3.9:1

m = data.manifest
tables_frame = provenance.table_rows(m)
if not tables_frame.empty:
    st.subheader("Tables and where they came from")
    table(tables_frame, "manifest-tables", present=view.present)
sources_frame = provenance.source_rows(m)
if not sources_frame.empty:
    st.subheader("Sources")
    table(sources_frame, "manifest-sources", present=view.present)
with st.expander("manifest.json"):
    st.json(m)

st.subheader("Coverage: episodes x score sources")
by_episode = data.once(
    "coverage_by_episode",
    lambda: views.coverage_by_episode(data.models, data.mentions, data.tables["episodes"], data.scores),
)
st.caption(
    "Per episode: models named (repackagings counted with their model; 'repos' counts every repo), how many "
    "have a score from each source, how many have any, and why each of the rest has none."
)
table(
    fmt.coverage_display(by_episode, data.models),
    "coverage-episodes",
    present=view.present,
    present_rows=8,
)

st.subheader("Coverage: models x score sources")
cov = views.coverage_matrix(data.models, data.scores)
st.caption(
    "Number of benchmark rows per source; 0 = the source has no row for the model. "
    f"{int(cov['any'].sum())} of {len(cov)} models have at least one score."
)
table(
    cov.rename(columns={"display_name": "Model", "model_id": "Model id", "any": "Any score"}),
    "coverage",
    present=view.present,
    present_rows=8,
)

for info in provenance.attributions(m):
    st.markdown(
        f"**Attribution:** {fmt.md(info['attribution'])}. Licence: {fmt.md(info['license'])}. "
        "Most of its numbers are reported by the models' makers (marked † in the app)."
    )

st.subheader("Unresolved mentions")
cand = data.tables["candidates"]
st.caption(f"{len(cand)} model-like names in the episodes that did not resolve to a model (for review).")
table(cand, "unresolved-mentions", present=view.present, present_rows=8)

st.subheader("Download a table")
st.markdown(labels.dataset_pointer(dataset.REPO_ID, dataset.HUB_URL))
st.code(
    f"from datasets import load_dataset\n{dataset.load_call()}", language="python", wrap_lines=True
)  # no scroll box (axe)
which = st.selectbox("Table", TABLES, key="table")
frame = data.tables[which]
st.caption(f"{which}: {len(frame)} rows, columns as in model_data/schema.py")
if view.present:  # a whole raw table is no slide (thousands of pixels of cells): its CSV only
    download(frame, f"table-{which}", rows=len(frame))
else:
    table(frame, f"table-{which}")
