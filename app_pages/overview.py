"""Overview: what the seasons covered, and every episode's models on one timeline."""

import streamlit as st

from model_data import views
from ui import charts, data as ui_data, view as ui_view
from ui.widgets import chart, table

data = ui_data.load()
view = ui_view.current()
ui_view.check_url({})

st.title("Model Mondays Explorer")
st.caption("The open (and closed) AI models discussed on Microsoft's Model Mondays livestream: how big, "
           "which licence, how they score. " + data.caption())

stats = views.overview_stats(data.models, data.episodes, data.mentions)
cols = st.columns(5)
cols[0].metric("Episodes", stats["episodes"])
cols[1].metric("Models mentioned", stats["models"])
cols[2].metric("Open weights", stats["open"])
cols[3].metric("Closed", stats["closed"])
cols[4].metric("Licence families", stats["license_families"])

timeline = views.timeline_frame(data.models, data.mentions, data.episodes)
chart(charts.timeline(timeline, data.episodes, data.colors, data.caption("hover a mark for name, size, licence, best score"),
                      present=view.present, highlight=view.highlight), "timeline")

mentioned = data.models[data.models["model_id"].isin(data.mentions["model_id"])]
left, right = (st.container(), st.container()) if view.present else st.columns(2)
with left:
    chart(charts.family_bar(mentioned, data.colors, data.caption(), present=view.present), "licence-families")
with right:
    seasons = views.per_season(data.models, data.episodes, data.mentions)
    chart(charts.open_closed_bar(seasons, data.caption(), present=view.present), "open-vs-closed")

if not view.present:
    st.subheader("Per season")
    table(seasons, "seasons", present=view.present)
    st.subheader("Episodes")
    eps = data.episodes[["label", "date", "title"]].rename(columns={"label": "Episode", "date": "Date", "title": "Title"})
    counts = data.mentions.groupby("episode_id")["model_id"].nunique()
    eps.insert(2, "Models", data.episodes["episode_id"].map(counts).fillna(0).astype(int).values)
    table(eps, "episodes", present=view.present)
