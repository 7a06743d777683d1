"""Episodes: one episode (the latest that named models by default, or ?episode=s2e3), its models, what was
new in it, their licences, scores and sizes; and what every episode added."""

import streamlit as st

from model_data import novelty, views
from ui.draw import charts
from ui.store import data as ui_data
from ui.contexts import episode_evidence
from ui.text import format as fmt
from ui.text import table_cells
from ui.state import session, url
from ui.text import labels as words
from ui.draw.widgets import chart, table

data = ui_data.load()
view = session.view()
eps = data.episodes
ids = list(eps["episode_id"])
labels = {r.episode_id: f"{r.label} · {r.title}" for r in eps.itertuples()}
latest = data.latest_episode() if ids else None
# The viewer's question is "what models did the latest episode show": the default is the latest aired
# episode that named any (an episode that named none is one click away, and says what it covered).
# A shared link names it: next month it is not the latest.
start = data.latest_with_models() or latest
url.state({"episode": url.choice(ids, default=start, share_default=True)})


def _go(target: str) -> None:
    """Previous / next change the selector through session state before it is drawn."""
    st.session_state["episode"] = target


if not ids:
    st.info("This snapshot has no episodes yet.")
else:
    new_by_episode = data.new_by_episode()
    first_named = data.first_named()
    if not view.present:
        st.title("Episodes")
    # Picker and previous / next on one line: in presenter mode the table must start on the first screen.
    nav = st.container(horizontal=True, vertical_alignment="bottom")
    episode_id = nav.selectbox(
        "Episode",
        ids,
        key="episode",
        format_func=lambda e: labels.get(e, e) + (" (latest)" if e == latest else ""),
        width=640 if view.present else 520,
        filter_mode="contains",  # typing "S2E1" lists S2E1 first (broadcast order), not S2E10 (fuzzy ranking)
    )
    prev_id, next_id = views.neighbours(data.tables["episodes"], episode_id)
    nav.button(
        "Previous",
        icon=":material/arrow_back:",
        disabled=prev_id is None,
        on_click=_go,
        args=(prev_id,),
        key="prev",
        help="Previous episode",
    )
    nav.button(
        "Next",
        icon=":material/arrow_forward:",
        disabled=next_id is None,
        on_click=_go,
        args=(next_id,),
        key="next",
        help="Next episode",
    )
    if episode_id != start:
        nav.button(
            "Latest",
            icon=":material/skip_next:",
            on_click=_go,
            args=(start,),
            key="latest",
            help="The latest aired episode that named models",
        )

    row = eps[eps["episode_id"] == episode_id].iloc[0]
    here = views.episode_models(data.models, data.mentions, episode_id, eps)  # one row per model (named_pairs)
    new_here = set(new_by_episode.get(episode_id, []))
    head = f"{row['label']}: {fmt.md(row['title'])}"
    if view.present:
        st.subheader(head, anchor=False)
    else:
        st.header(head, anchor=False)
    summary = f"Aired {fmt.md(row['date'])}"
    if not fmt.missing(row.get("duration_s")):
        summary += f" · recording {int(row['duration_s']) // 60} min"
        if not fmt.missing(row.get("views")):
            summary += f", {int(row['views']):,} views as read on {fmt.md(row.get('views_as_of'))}"
    if not here.empty:
        open_n = int(here["open"].sum())
        summary += (
            f" · **{len(here)} models**: {open_n} with open weights, {len(here) - open_n} closed · "
            f"**{len(new_here & set(here['model_id']))} new** (never named in an earlier episode)"
        )
    st.markdown(summary)
    if str(row.get("aired", "true")).lower() == "false":
        st.warning(f"This slot did not air: {fmt.md(row.get('aired_note'))}")
    evidence = views.episode_evidence(data.mentions, episode_id, row.get("recording_url"))

    if here.empty:
        aired = str(row.get("aired", "true")).lower() != "false"
        left = int((data.tables["candidates"]["episode_id"] == episode_id).sum()) if aired else 0
        st.info(fmt.no_models_text(row["label"], row["title"], aired, left, row.get("topics")), icon=":material/info:")
        episode_evidence.draw(evidence, data.names, present=view.present)
        recent = novelty.latest_with_models(ids, data.models_per_episode(), episode_id)
        if recent:
            st.button(
                f"Go to the latest episode before it with models: {labels.get(recent, recent)}",
                icon=":material/arrow_back:",
                on_click=_go,
                args=(recent,),
                key="with_models",
            )
    else:
        here = views.episode_lineup(here, new_here, first_named)
        first = fmt.novelty_text(here, dict(zip(eps["episode_id"], eps["label"])))
        cols = [
            "display_name",
            "license_family",
            "commercial_use",
            "license_warning",
            "score_summary",
            "scores_why",
            "size_text",
            "params_why",
            "hub",
            "size_class",
            "mem_4bit_gb",
            "license_name",
            "task",
            "gated",
            "downloads",
            "repackagings",
            "facts_confidence",
            "model_id",
        ]
        if view.present:
            cols = ["display_name", "weights", "license_family", "commercial_use", "size_text"]
        shown = fmt.model_display(here, cols)
        shown.insert(1, "New?", first)
        if view.present:  # one benchmark (the one most of these models have): its value and unit per row
            choices = data.once("score_choices", lambda: views.score_choices(data.scores))
            pick = views.most_covered(data.scores, here["model_id"], choices)
            if pick is not None:
                column = views.benchmark_column(data.scores, *pick)
                shown[f"{pick[1]} · {pick[0]}"] = fmt.benchmark_cells(list(here["model_id"]), column)
        if not view.present:
            shown.insert(len(shown.columns) - 1, "Section", here["section"].fillna("").values)
        table(
            shown,
            f"episode-{episode_id}-models",
            present=view.present,
            reasons=table_cells.model_reasons(here),
            present_rows=8,
        )
        st.caption(fmt.SELF_REPORTED_LEGEND)
        if not view.present:  # presenting, the first screen is the table
            for r in here[here["license_warning"].fillna("") != ""].itertuples():
                st.warning(f"{fmt.md(r.display_name)}: {fmt.md(r.license_warning)}", icon=":material/gavel:")

        left, right = (st.container(), st.container()) if view.present else st.columns(2)
        with left:
            chart(
                charts.size_bar(
                    here, data.colors, data.caption(row["label"]), present=view.present, highlight=view.highlight
                ),
                f"{episode_id}-sizes",
            )
        with right:
            chart(
                charts.family_bar(
                    here,
                    data.colors,
                    data.caption(row["label"]),
                    present=view.present,
                    title="Licence families in this episode",
                ),
                f"{episode_id}-licences",
            )

        rows = views.benchmark_rows(data.scores, here["model_id"], data.models)
        st.subheader("Benchmark scores")
        if rows.empty:
            st.info("None of this episode's models has a score in the snapshot's sources.")
        for group, grp in rows.groupby("comparable_group", sort=False):
            grp, omitted = views.top_benchmarks(grp)
            chart(
                charts.benchmark_bars(grp, data.models, data.colors, data.caption(row["label"]), present=view.present),
                f"{episode_id}-{group}",
            )
            if omitted:
                st.caption(
                    f"{len(omitted)} more {fmt.md(group)} benchmarks, each reported for fewer of these models, "
                    f"are in Compare and the scores table: {fmt.md(', '.join(omitted))}"
                )
            for r in grp[grp["caveat"].fillna("") != ""].itertuples():
                st.caption(
                    f"Caveat: {fmt.md(r.display_name)}, {fmt.md(r.benchmark)} "
                    f"{fmt.md(fmt.score_text(r.score, r.decimals))}: {fmt.md(r.caveat)}"
                )
            missing = views.missing_score_reasons(data.models, data.scores, list(here["model_id"]), group)
            if missing:
                names = data.names
                st.caption(
                    "Not in this chart: "
                    + "; ".join(
                        f"{fmt.md(names.get(m, m))}: {fmt.md(words.missing_score_text(why))}"
                        for m, why in missing.items()
                    )
                )

        episode_evidence.draw(evidence, data.names, present=view.present)

    links = [
        ("Recording", row.get("recording_url")),
        ("Recap", row.get("recap_url")),
        ("Blog", row.get("blog_url")),
        ("Slides", row.get("slides_url")),
    ]
    links = [(name, fmt.safe_url(u)) for name, u in links if fmt.safe_url(u)]
    if links:
        bar = st.container(horizontal=True)
        for name, url in links:
            bar.link_button(name, url, icon=":material/open_in_new:")

    if not view.present:
        st.subheader("What each episode added")
        st.caption("New = models no earlier episode had named. " + data.caption())
        added = views.episode_additions(data.tables["episodes"], data.mentions, data.models, new_by_episode)
        table(fmt.additions_display(added, data.names), "episodes-added")
