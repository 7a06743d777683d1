"""Overview: what the seasons covered, at a glance, and every episode with the models it named.

This is the page a livestream link opens, so it draws only light elements: metrics, two SVG count
charts and markdown tables (ui/svg_charts.py says why). The interactive Plotly timeline is one
toggle away (?timeline=1 opens with it).
"""

import streamlit as st

from ui import charts, data as ui_data, state, svg_charts, view as ui_view
from ui.widgets import chart, download

data = ui_data.load()
view = ui_view.current()
ui_view.check_url({"timeline": state.boolean})
summary = ui_data.overview(data)
theme = "dark" if getattr(st.context.theme, "type", None) == "dark" else "light"


st.title("Model Mondays Explorer")
st.caption("The open (and closed) AI models discussed on Microsoft's Model Mondays livestream: how big, "
           "which licence, how they score. " + data.caption())

stats = summary["stats"]
# Headline numbers as heading + caption: they look like st.metric but need none of its JavaScript
# (seven more files on the landing page's first load).
for col, (label, value) in zip(st.columns(5), [("Episodes", stats["episodes"]), ("Models mentioned", stats["models"]),
                                               ("Open weights", stats["open"]), ("Closed", stats["closed"]),
                                               ("Licence families", stats["license_families"])]):
    col.subheader(f"{value:,}", anchor=False)
    col.caption(label)

fams = summary["families"]
seasons = summary["seasons"]
family_svg = svg_charts.hbars(list(fams["license_family"]), [int(v) for v in fams["models"]],
                              [data.colors.get(f, charts.UNKNOWN_COLOR) for f in fams["license_family"]],
                              "Models mentioned per licence family", data.caption(), present=view.present, theme=theme)
season_svg = svg_charts.stacked_columns(
    [f"Season {s}" for s in seasons["season"]],
    [("open weights", [int(v) for v in seasons["open"]], charts.PREFERRED["permissive"]),
     ("closed", [int(v) for v in seasons["closed"]], charts.PREFERRED["proprietary"])],
    "Open vs closed models per season", data.caption(), present=view.present, theme=theme)
left, right = (st.container(), st.container()) if view.present else st.columns(2)
left.image(family_svg, width="stretch")
right.image(season_svg, width="stretch")

if st.toggle("Interactive timeline: every episode's models, sized by parameters (hover a mark for details)",
             key="timeline", bind="query-params"):
    chart(charts.timeline(summary["timeline"], data.episodes, data.colors,
                          data.caption("hover a mark for name, size, licence, best score"),
                          present=view.present, highlight=view.highlight), "timeline")

if not view.present:
    tables = summary["tables"]
    st.subheader("Per season")
    st.markdown(tables["seasons"])
    download(seasons, "seasons")

    st.subheader("Episodes")
    if tables["note"]:
        st.caption(tables["note"])
    st.markdown(tables["episodes"])
    download(summary["episodes_csv"], "episodes")
