"""Overview: what the seasons covered, at a glance, and every episode with the models it named.

This is the page a livestream link opens, so it draws only light elements (headline numbers, two
SVG count charts, markdown tables: ui/draw/svg_charts.py says why) from the snapshot's Overview digest,
without pandas (ui/store/landing.py). The interactive Plotly timeline, which needs the full tables, is one
click away (an expander; ?timeline=true opens with it).
"""

import streamlit as st

from ui.draw import colors, svg_charts
from ui.text import format as fmt
from ui.store import landing
from ui.state import session, url
from ui.draw.widgets import chart, download

summary = landing.load()
view = session.view()
# ?timeline=true / 1 / yes opens the timeline's expander (below)
url.state({"timeline": url.switch()})
theme = "dark" if getattr(st.context.theme, "type", None) == "dark" else "light"


if not view.present:
    st.title("Model Mondays Explorer")

# The viewer's question first: what models did the latest episode show? The latest aired episode that
# named models, its models (new ones first); when a later episode named none, one line says so and what
# it was. Links open the Episodes page in this tab (st.page_link: a markdown link opens a new tab and a
# new session). Compact on purpose: on a phone the first screen must reach the table.
latest, with_models = summary.latest()
EPISODES_PAGE = "app_pages/episodes.py"
if with_models is not None:
    st.subheader(f"Latest episode with models: {with_models['label']} · {fmt.md(with_models['title'])}", anchor=False)
    st.markdown(
        f"Aired {fmt.md(with_models['date'])} · {with_models['models']} model{'s' if with_models['models'] != 1 else ''} named, "
        f"**{len(with_models.get('new') or [])} new**"
    )
    st.markdown(summary.episode_table(with_models))
    st.page_link(
        EPISODES_PAGE,
        label=f"Open {with_models['label']}",
        icon=":material/live_tv:",
        query_params={"episode": with_models["episode_id"]},
    )
if latest is not None and latest is not with_models:
    st.markdown(
        f"Since then: **{latest['label']}** · {fmt.md(latest['title'])} · aired {fmt.md(latest['date'])} · "
        "named no model"
        + (f"; it covered {fmt.md(covered)}." if (covered := fmt.covered_text(latest.get("topics"))) else ".")
    )
    st.page_link(
        EPISODES_PAGE,
        label=f"Open {latest['label']}",
        icon=":material/live_tv:",
        query_params={"episode": latest["episode_id"]},
    )

if not view.present:
    st.caption(
        "The open (and closed) AI models discussed on Microsoft's Model Mondays livestream: how big, "
        "which licence, how they score. " + summary.caption()
    )

if not view.present:
    st.subheader("Recent episodes", anchor=False)
    st.caption("New = models no earlier episode had named.")
    if summary.tables["note"]:
        st.caption(summary.tables["note"])
    st.markdown(summary.tables["episodes"])
    recent = st.container(horizontal=True)
    for e in summary.recent_episodes():
        recent.page_link(EPISODES_PAGE, label=e["label"], query_params={"episode": e["episode_id"]})
    download(summary.episodes_csv_frame, "episodes", rows=len(summary.episodes))

st.subheader("All seasons", anchor=False)
stats = summary.stats
# Headline numbers as heading + caption: they look like st.metric but need none of its JavaScript
# (seven more files on the landing page's first load).
for col, (label, value) in zip(
    st.columns(5),
    [
        ("Episodes", stats["episodes"]),
        ("Models mentioned", stats["models"]),
        ("Open weights", stats["open"]),
        ("Closed", stats["closed"]),
        ("Licence families", stats["license_families"]),
    ],
):
    col.subheader(f"{value:,}", anchor=False)
    col.caption(label)

fams, seasons = summary.families, summary.seasons
family_svg = svg_charts.hbars(
    [f["license_family"] for f in fams],
    [f["models"] for f in fams],
    [summary.colors.get(f["license_family"], colors.UNKNOWN_COLOR) for f in fams],
    "Models mentioned per licence family",
    summary.caption(),
    present=view.present,
    theme=theme,
)
season_svg = svg_charts.stacked_columns(
    [f"Season {s['season']}" for s in seasons],
    [
        ("open weights", [s["open"] for s in seasons], colors.PREFERRED["permissive"]),
        ("closed", [s["closed"] for s in seasons], colors.PREFERRED["proprietary"]),
    ],
    "Open vs closed models per season",
    summary.caption(),
    present=view.present,
    theme=theme,
)
left, right = (st.container(), st.container()) if view.present else st.columns(2)
left.markdown(svg_charts.markdown_image(family_svg, "Models mentioned per licence family"))
right.markdown(svg_charts.markdown_image(season_svg, "Open vs closed models per season"))

# An expander drawn closed costs the landing page nothing (a toggle fetched seven more script files);
# opening it reruns the page, which then draws the timeline inside. ?timeline=true opens it.
timeline = st.expander(
    "Interactive timeline: every episode's models, sized by parameters, new ones counted (hover a mark for details)",
    icon=":material/timeline:",
    key="timeline",
    on_change="rerun",
)
if timeline.open:
    from ui.draw import charts  # pandas and the full tables: only for the timeline
    from ui.store import data as ui_data

    data = ui_data.load()
    with timeline:
        chart(
            charts.timeline(
                ui_data.timeline(data),
                data.episodes,
                data.colors,
                data.caption("hover a mark for name, size, licence, and each source's score in its own unit"),
                present=view.present,
                highlight=view.highlight,
                new_counts={e: len(m) for e, m in data.new_by_episode().items()},
            ),
            "timeline",
        )

if not view.present:
    st.subheader("Per season")
    st.markdown(summary.tables["seasons"])
    download(summary.seasons_csv_frame, "seasons", rows=len(seasons))
