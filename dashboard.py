"""Model Mondays Explorer: the main script (app.py serves it through st.App, see there).

Builds the navigation, the settings every page shares (presenter mode, highlighted model, theme)
and the share link + QR code of the current view. Pages live in app_pages/ (not pages/, which
would switch Streamlit to its legacy router and let deep links skip this file).
"""

from __future__ import annotations

import logging

import streamlit as st

from ui.store import landing, warmup
from ui import page_registry
from ui.draw import presenter
from ui.state import session, url, url_values

# An emoji icon becomes an inline SVG favicon in the browser: no request to a font CDN (a :material/
# icon would fetch one) and, unlike an image file, nothing for the server to decode (Streamlit loads
# numpy and Pillow for that: ~0.2 s of the first page's time, bench/startup.py). Its catalogue is
# imported by the launch warm-up.
PAGE_ICON = "📺"
st.set_page_config(page_title="Model Mondays Explorer", page_icon=PAGE_ICON, layout="wide")

PAGES = [  # ui/page_registry.py declares them (the tests read the same list)
    st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url_path, default=p is page_registry.DEFAULT)
    for p in page_registry.PAGES
]
PAGE_PATHS = page_registry.PATHS

session.current().runs += 1
try:
    data = landing.load()  # the Overview digest: no pandas on the landing page (ui/store/landing.py)
except Exception as err:  # a broken snapshot: say which file, what is wrong and what to run; details in the log
    logging.getLogger("model_mondays_explorer").exception("cannot load the snapshot")
    st.error(landing.problem_text(err))
    st.stop()
if landing.snapshot_problem():
    st.warning(landing.stale_text(*landing.snapshot_problem()), icon=":material/history:")
raw = url.raw_params()

# Presenter mode is a plain query parameter (not widget-bound) so ?present=1 keeps its spelling and
# survives page switches: the toggle's session value is written back every run. The theme is
# Streamlit's own ?embed_options=light_theme|dark_theme, applied by the browser at load and kept in
# the address bar by Streamlit; it is hidden from st.query_params, so the radio below only decides
# the theme of the links and QR codes this app builds.
pg = st.navigation(PAGES, position="top")
url.set_page(pg.url_path)  # URL state is written once per run, per page (ui/state/url.py: the history model)

if "present_toggle" not in st.session_state:
    if raw.get("present") and url_values.parse_bool(raw.get("present")) is None:
        url.ignore(("present", raw["present"][-1], "not a valid value here (use present=1)"))
url.seed_value("present_toggle", lambda v: url_values.parse_bool(v), default=False, param="present")
if "theme_choice" not in st.session_state:
    st.session_state["theme_choice"] = "auto"

# The settings and the share link live in one popover at the top of every page. Its widgets are
# drawn only while it is open (opening it reruns the script): a page's first load fetches no code
# for them (bench/startup.py), and a rerun does not rebuild a selector of every model or the link
# (bench/crowd.py). Their values are kept in session state while the menu is closed.
SETTINGS = ("present_toggle", "highlight", "theme_choice")
for key in SETTINGS:
    if key in st.session_state:  # Streamlit forgets a widget's value after a run that did not draw it
        st.session_state[key] = st.session_state[key]
model_ids = data.model_ids()
url.seed("highlight", model_ids)
bar = st.container(horizontal=True, horizontal_alignment="right", key=presenter.BAR_KEY)
settings = bar.popover(
    "Share & present",
    icon=":material/share:",
    key="share_menu",
    on_change="rerun",
    help="Presenter mode, a highlighted model, and the link + QR code of this exact view.",
)
menu_open = bool(settings.open)
if menu_open:
    with settings:
        st.toggle("Presenter mode", key="present_toggle", help="Large type, fewer controls, QR code of this view.")
        st.selectbox(
            "Highlight a model",
            model_ids,
            key="highlight",
            format_func=data.names.__getitem__,
            placeholder="none",
            help="Marked on every chart; handy when presenting one model.",
        )
        st.radio(
            "Theme of shared links",
            ["auto", "light", "dark"],
            key="theme_choice",
            horizontal=True,
            help="Links and the QR code open in this theme. Streamlit applies a theme when a page loads.",
        )
        share_slot = st.container()
present = bool(st.session_state.get("present_toggle"))
highlight = st.session_state.get("highlight")
theme = st.session_state.get("theme_choice") or "auto"
url.publish("highlight", highlight)

url.publish("present", "1" if present else None)

session.current().view = session.View(present=present, highlight=highlight, theme=None if theme == "auto" else theme)

if present:
    presenter.apply_css()

# The page runs in a keyed container: its documented CSS class (st-key-mme-page) is what presenter
# mode's CSS targets; the gap between the page's elements is smaller for a presenter's screen.
page_box = st.container(key=presenter.PAGE_KEY, gap=10 if present else "small")
with page_box:
    try:
        pg.run()
    except Exception:  # st.stop / st.rerun are BaseException and pass through
        # A viewer sees one plain sentence (config.toml hides tracebacks too); the details go to the server log.
        logging.getLogger("mme.app").exception("page %s failed", pg.url_path or "overview")
        st.error("Something went wrong on this page; it has been logged.", icon=":material/error:")

url.commit()  # the run's view state: one history entry when it changed
link = url_values.share_url(
    st.context.url,
    pg.url_path,
    pg.url_path == PAGES[0].url_path or pg.url_path == "",
    PAGE_PATHS,
    url.shared(),
    present,
    None if theme == "auto" else theme,
)
if present:
    with page_box:  # after the page, whatever it drew (an empty state too); in its column, clear of the QR code
        presenter.share_block(link, present=True)
if menu_open:
    with share_slot:
        st.divider()
        presenter.share_block(link, present=False)
        st.caption(data.caption())

warmup.page_drawn()  # the launch warm-up loads pandas and the full tables only after a first page is out
