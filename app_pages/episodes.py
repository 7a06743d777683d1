"""Episodes: one episode (picked or linked with ?episode=s2e3), its models, sizes, licences, scores."""

import streamlit as st

from model_data import views
from ui import charts, data as ui_data, episode_evidence, format as fmt, state, view as ui_view
from ui.widgets import chart, table

data = ui_data.load()
view = ui_view.current()
eps = data.episodes
ids = list(eps["episode_id"])
labels = {r.episode_id: f"{r.label} · {r.title}" for r in eps.itertuples()}
ui_view.check_url({"episode": state.one_of(ids, single=True)})

if not ids:
    st.info("This snapshot has no episodes yet.")
    st.stop()

# Previous / next change the bound selectbox through session state before it is drawn.
def _go(target: str) -> None:
    st.session_state["episode"] = target

st.title("Episodes")
ui_view.seed("episode", ids, default=ids[0])
episode_id = st.selectbox("Episode", ids, key="episode", format_func=lambda e: labels.get(e, e))
ui_view.publish("episode", episode_id, default=ids[0])
row = eps[eps["episode_id"] == episode_id].iloc[0]
prev_id, next_id = views.neighbours(data.tables["episodes"], episode_id)

nav = st.container(horizontal=True)
nav.button("Previous episode", icon=":material/arrow_back:", disabled=prev_id is None,
              on_click=_go, args=(prev_id,), key="prev")
nav.button("Next episode", icon=":material/arrow_forward:", disabled=next_id is None,
              on_click=_go, args=(next_id,), key="next")

st.header(f"{row['label']}: {fmt.md(row['title'])}")
recording = ""
if not fmt.missing(row.get("duration_s")):
    recording = f" · recording {int(row['duration_s']) // 60} min"
    if not fmt.missing(row.get("views")):
        recording += f", {int(row['views']):,} views as read on {fmt.md(row.get('views_as_of'))}"
st.caption(f"Aired {fmt.md(row['date'])}{recording} · {data.caption()}")
links = [("Recording", row.get("recording_url")), ("Recap", row.get("recap_url")), ("Blog", row.get("blog_url")),
         ("Slides", row.get("slides_url"))]
links = [(name, fmt.safe_url(u)) for name, u in links if fmt.safe_url(u)]
if links:
    lcols = st.columns(len(links) + 3)
    for col, (name, url) in zip(lcols, links):
        col.link_button(name, url, icon=":material/open_in_new:")

if str(row.get("aired", "true")) == "false":
    st.warning(f"This slot did not air: {fmt.md(row.get('aired_note'))}")
here = views.episode_models(data.models, data.mentions, episode_id)
evidence = views.episode_evidence(data.mentions, episode_id, row.get("recording_url"))
if here.empty:
    st.info("No models were resolved for this episode. See Data > Unresolved mentions for names we could not match.")
    episode_evidence.draw(evidence, data.names, present=view.present)
    st.stop()

repos = here
here = views.collapse_variants(repos)   # one row per model; its repackagings are listed in that row
open_n = int(here["open"].sum())
repo_note = f" in {len(repos)} repos (ONNX / GGUF repackagings listed with their model)" if len(repos) != len(here) else ""
st.markdown(f"**{len(here)} models** mentioned{repo_note}: {open_n} with open weights, {len(here) - open_n} closed.")

cols = ["display_name", "size_text", "hub", "params_b", "params_why", "size_class", "mem_4bit_gb", "license_name", "license_family",
        "commercial_use", "license_warning", "task", "gated", "downloads", "score_summary", "scores_why", "repackagings",
        "facts_confidence", "model_id"]
if view.present:
    cols = ["display_name", "size_text", "license_family", "commercial_use", "license_warning", "score_summary", "scores_why"]
shown = fmt.model_display(here, cols)
if not view.present:
    shown.insert(1, "Section", here["section"].fillna("").values)
table(shown, f"episode-{episode_id}-models", present=view.present, column_config=fmt.column_config(st.column_config))
st.caption(fmt.SELF_REPORTED_LEGEND)
for r in here[here["license_warning"] != ""].itertuples():
    st.warning(f"{fmt.md(r.display_name)}: {fmt.md(r.license_warning)}", icon=":material/gavel:")

episode_evidence.draw(evidence, data.names, present=view.present)

left, right = (st.container(), st.container()) if view.present else st.columns(2)
with left:
    chart(charts.size_bar(here, data.colors, data.caption(row["label"]), present=view.present, highlight=view.highlight),
          f"{episode_id}-sizes")
with right:
    chart(charts.family_bar(here, data.colors, data.caption(row["label"]), present=view.present,
                            title="Licence families in this episode"), f"{episode_id}-licences")

rows = views.benchmark_rows(data.scores, here["model_id"], data.models)
st.subheader("Benchmark scores")
if rows.empty:
    st.info("None of this episode's models has a score in the snapshot's sources.")
for group, grp in rows.groupby("comparable_group", sort=False):
    grp, omitted = views.top_benchmarks(grp)
    chart(charts.benchmark_bars(grp, data.models, data.colors, data.caption(row["label"]), present=view.present),
          f"{episode_id}-{group}")
    if omitted:
        st.caption(f"{len(omitted)} more {fmt.md(group)} benchmarks, each reported for fewer of these models, are "
                   f"in Compare and the scores table: {fmt.md(', '.join(omitted))}")
    for r in grp[grp["caveat"].fillna("") != ""].itertuples():
        st.caption(f"Caveat: {fmt.md(r.display_name)}, {fmt.md(r.benchmark)} {fmt.md(fmt.score_text(r.score, r.decimals))}: "
                   f"{fmt.md(r.caveat)}")
    missing = views.missing_score_reasons(data.models, data.scores, list(here["model_id"]), group)
    if missing:
        names = dict(zip(data.models["model_id"], data.models["display_name"]))
        st.caption("Not in this chart: " + "; ".join(f"{fmt.md(names.get(m, m))}: {fmt.md(why)}" for m, why in missing.items()))
