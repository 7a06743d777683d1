"""Overview: what the seasons covered, at a glance, and every episode with the models it named.

This is the page a livestream link opens, so it draws only light elements (headline numbers, two
SVG count charts, markdown tables: ui/svg_charts.py says why) from the snapshot's Overview digest,
without pandas (ui/landing.py). The interactive Plotly timeline, which needs the full tables, is one
click away (an expander; ?timeline=true opens with it).
"""

import streamlit as st

from ui import colors, landing, state, svg_charts, view as ui_view
from ui.widgets import chart, download

summary = landing.load()
view = ui_view.current()
ui_view.check_url({"timeline": state.boolean})
theme = "dark" if getattr(st.context.theme, "type", None) == "dark" else "light"


st.title("Model Mondays Explorer")
st.caption("The open (and closed) AI models discussed on Microsoft's Model Mondays livestream: how big, "
           "which licence, how they score. " + summary.caption())

stats = summary.stats
# Headline numbers as heading + caption: they look like st.metric but need none of its JavaScript
# (seven more files on the landing page's first load).
for col, (label, value) in zip(st.columns(5), [("Episodes", stats["episodes"]), ("Models mentioned", stats["models"]),
                                               ("Open weights", stats["open"]), ("Closed", stats["closed"]),
                                               ("Licence families", stats["license_families"])]):
    col.subheader(f"{value:,}", anchor=False)
    col.caption(label)

fams, seasons = summary.families, summary.seasons
family_svg = svg_charts.hbars([f["license_family"] for f in fams], [f["models"] for f in fams],
                              [summary.colors.get(f["license_family"], colors.UNKNOWN_COLOR) for f in fams],
                              "Models mentioned per licence family", summary.caption(), present=view.present, theme=theme)
season_svg = svg_charts.stacked_columns(
    [f"Season {s['season']}" for s in seasons],
    [("open weights", [s["open"] for s in seasons], colors.PREFERRED["permissive"]),
     ("closed", [s["closed"] for s in seasons], colors.PREFERRED["proprietary"])],
    "Open vs closed models per season", summary.caption(), present=view.present, theme=theme)
left, right = (st.container(), st.container()) if view.present else st.columns(2)
left.markdown(svg_charts.markdown_image(family_svg, "Models mentioned per licence family"))
right.markdown(svg_charts.markdown_image(season_svg, "Open vs closed models per season"))

# An expander drawn closed costs the landing page nothing (a toggle fetched seven more script files);
# opening it reruns the page, which then draws the timeline inside. ?timeline=true opens it.
if st.query_params.get("timeline", "true") != "true" and state.parse_bool(st.query_params.get_all("timeline")):
    st.query_params["timeline"] = "true"   # ?timeline=1 / yes / on too: the expander itself reads only "true"
    st.rerun()
timeline = st.expander("Interactive timeline: every episode's models, sized by parameters (hover a mark for details)",
                       icon=":material/timeline:", key="timeline", on_change="rerun", bind="query-params")
if timeline.open:
    from ui import charts, data as ui_data   # pandas and the full tables: only for the timeline

    data = ui_data.load()
    with timeline:
        chart(charts.timeline(ui_data.timeline(data), data.episodes, data.colors,
                              data.caption("hover a mark for name, size, licence, and each source's score in its own unit"),
                              present=view.present, highlight=view.highlight), "timeline")

if not view.present:
    tables = summary.tables
    st.subheader("Per season")
    st.markdown(tables["seasons"])
    download(summary.seasons_csv_frame, "seasons", rows=len(seasons))

    st.subheader("Recent episodes")
    if tables["note"]:
        st.caption(tables["note"])
    st.markdown(tables["episodes"])
    download(summary.episodes_csv_frame, "episodes", rows=len(summary.episodes))
