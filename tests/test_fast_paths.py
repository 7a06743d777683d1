"""The fast paths of issue 5 keep their answers: landing-page SVG charts and markdown tables, the
launch warm-up, per-snapshot records for Compare, and per-view results shared by every viewer.

Timings are not asserted (bench/ prints them); what is asserted is that the cheaper way gives the
same, safe result as the plain way, and fails soft where it must.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path


import pandas as pd
import pytest

from model_data.store import digest as overview_digest
from model_data import views
from model_data.store.snapshot import read_snapshot
from ui import data as ui_data
from ui import format as fmt
from ui import landing, svg_charts, warmup

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "snapshot"
TAGS = re.compile(r"<([A-Za-z][\w:-]*)")


@pytest.fixture(scope="module")
def snap():
    tables = dict(read_snapshot(FIXTURE).tables)
    return tables, views.model_table(tables)


# ----- SVG charts: numbers written out, text escaped, only our own elements ---------------------


def test_hbars_write_every_count_and_escape_labels():
    svg = svg_charts.hbars(
        ["permissive", "<script>alert(1)</script>", "a & b"],
        [22, 3, 1_234],
        ["#009E73", "#0072B2", "#999999"],
        "Models per family",
        "Data snapshot 2026-11-26",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert set(TAGS.findall(svg)) <= {"svg", "title", "rect", "text", "line"}
    assert "&lt;script&gt;" in svg and "<script" not in svg and "a &amp; b" in svg
    assert ">22<" in svg and ">3<" in svg and ">1,234<" in svg
    assert "Data snapshot 2026-11-26" in svg
    # bars are proportional: the largest value has the widest bar
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" rx="3"', svg)]
    assert widths.index(max(widths)) == 2


def test_stacked_columns_total_per_category_and_theme_colours():
    svg = svg_charts.stacked_columns(
        ["Season 1", "Season 2"],
        [("open", [3, 23], "#009E73"), ("closed", [5, 17], "#AA4499")],
        "Open vs closed",
        "cap",
        theme="dark",
    )
    assert ">8<" in svg and ">40<" in svg  # totals above the columns
    assert ">23<" in svg and ">17<" in svg  # segments big enough carry their count
    background = re.search(r'<rect width="\d+" height="\d+" rx="8" fill="(#[0-9A-F]+)"', svg).group(1)
    assert background == svg_charts.THEMES["dark"]["bg"]
    big = svg_charts.stacked_columns(["S1"], [("open", [1], "#009E73")], "t", "c", present=True)
    assert 'font-size="26"' in big  # presenter mode: large labels


def test_empty_charts_say_so():
    assert "no models" in svg_charts.hbars([], [], [], "t", "c")
    assert svg_charts.stacked_columns([], [("open", [], "#009E73")], "t", "c").endswith("</svg>")


# ----- markdown tables and links -----------------------------------------------------------------


def test_md_table_escapes_cells_and_pipes():
    table = fmt.md_table([{"Title": "a | b [x](javascript:alert(1))", "Models": 1_234}])
    head, rule, row = table.splitlines()
    assert head == "| Title | Models |" and rule == "|---|---|"
    assert "\\|" in row and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in row and "1,234" in row
    assert fmt.md_table([]) == "_none_"


def test_short_lists_fit_one_cell():
    assert fmt.short_list(list("abcdefgh")) == "a, b, c, d, e, f and 2 more" and fmt.short_list([]) == "none"


def test_episode_summary_counts_and_names_every_episode(snap):
    tables, models = snap
    eps = views.episodes_frame(tables["episodes"])
    summary = views.episode_summary(eps, tables["mentions"], models)
    assert list(summary["episode_id"]) == list(eps["episode_id"])
    root = views.model_root(models)  # a repackaging is its model (tests/test_counts.py)
    mentions = tables["mentions"].assign(model_id=tables["mentions"]["model_id"].map(root))
    expected = mentions.groupby("episode_id")["model_id"].nunique()
    assert dict(zip(summary["episode_id"], summary["models"])) == {
        e: int(expected.get(e, 0)) for e in eps["episode_id"]
    }
    s1e1 = summary[summary["episode_id"] == "s1e1"].iloc[0]
    assert s1e1["names"] == sorted(s1e1["names"], key=str.lower) and "Phi-4" in s1e1["names"]


def test_overview_tables_cap_the_episode_list_and_say_so(snap):
    tables, models = snap
    digest = overview_digest.build(tables, {})
    shown = landing.Landing({}, digest, from_file=False)  # the digest is data only; the landing labels its episodes
    eps, seasons = shown.episodes, digest["seasons"]
    assert all("label" not in e for e in digest["episodes"]) and eps[0]["label"].startswith("S")
    full = fmt.overview_tables(seasons, eps, 60)
    assert full["note"] == "" and len(full["episodes"].splitlines()) == 2 + len(eps)
    assert full["seasons"].splitlines()[0] == "| Season | Episodes | Models | Open | Closed |"
    capped = fmt.overview_tables(seasons, eps, 2)
    assert len(capped["episodes"].splitlines()) == 4 and capped["note"].startswith("The 2 most recent of 6")
    assert capped["episodes"].splitlines()[2].startswith(f"| {eps[-1]['label']} |")  # newest first
    assert capped["episodes"].splitlines()[3].startswith(f"| {eps[-2]['label']} |")


# ----- warm-up at launch --------------------------------------------------------------------------


def test_warmup_fills_the_shared_cache_the_pages_read(tmp_path, monkeypatch):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(folder))
    warmup.run(idle_start=0.01, settle=0, later_after=0)
    assert landing.load().stats["episodes"] == 6  # the first page's answers are ready
    data = ui_data.load()
    # ...and, once the first page had its time, what Models and Compare build once per snapshot
    assert {"compare_records", "score_records", "search_hay", "model_display_arrow:None"} <= set(data._memo)


def test_warmup_loads_the_tables_only_after_the_first_page(tmp_path, monkeypatch):
    """The heavy phase (pandas, full tables) must not compete with the first browser's page load."""
    import threading
    import time

    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(folder))
    monkeypatch.setattr(warmup, "FIRST_PAGE", threading.Event())
    calls = []
    monkeypatch.setattr(warmup, "load_tables", lambda: calls.append(time.monotonic()))
    worker = threading.Thread(target=warmup.run, kwargs={"idle_start": 30, "settle": 0, "later_after": None})
    worker.start()
    time.sleep(0.8)
    assert calls == [] and worker.is_alive()  # light phase done, waiting for a first page
    drawn = time.monotonic()
    warmup.page_drawn()
    worker.join(timeout=10)
    assert len(calls) == 1 and calls[0] >= drawn


def test_warmup_loads_the_tables_anyway_when_nobody_comes(tmp_path, monkeypatch):
    import threading

    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(FIXTURE))
    monkeypatch.setattr(warmup, "FIRST_PAGE", threading.Event())
    calls = []
    monkeypatch.setattr(warmup, "load_tables", lambda: calls.append(1))
    warmup.run(idle_start=0.2, settle=0, later_after=None)
    assert calls == [1]


def test_warmup_never_raises_on_a_broken_snapshot(tmp_path, monkeypatch, caplog):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    (folder / "manifest.json").write_text("{ this is not JSON")
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(folder))
    with caplog.at_level("WARNING", logger="mme.warmup"):
        warmup.run(idle_start=0.01, settle=0, later_after=0)  # never raises: each phase logs instead
    messages = [r.getMessage() for r in caplog.records]
    assert any("could not load the snapshot" in m for m in messages)
    assert any("could not load the tables" in m for m in messages)
    assert any("could not prepare" in m for m in messages)


def test_app_py_is_an_st_app_serving_the_dashboard_with_a_lifespan():
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "App"]
    assert len(calls) == 1 and any(k.arg == "lifespan" for k in calls[0].keywords)
    assert "dashboard.py" in ast.unparse(calls[0])
    from streamlit.web.server.app_discovery import discover_asgi_app

    assert discover_asgi_app(ROOT / "app.py").is_asgi_app  # `streamlit run app.py` serves it as st.App


# ----- Compare on plain records gives the frame answers ------------------------------------------


@pytest.mark.parametrize(
    "ids",
    [
        ["microsoft/phi-4", "meta-llama/Llama-3.1-8B-Instruct"],
        ["microsoft/phi-4", "nvidia/parakeet-tdt-0.6b-v3", "closed/gpt-4o"],
        ["deepseek-ai/DeepSeek-R1", "deepseek-ai/DeepSeek-V3"],
    ],
)
def test_compare_from_records_equals_compare_from_frames(snap, ids):
    tables, models = snap
    recs = views.records_by_model(models, views.COMPARE_COLUMNS)
    score_recs = views.records_by_model(tables["scores"])
    model_rows = [recs[m][0] for m in ids]
    score_rows = [r for m in ids for r in score_recs.get(m, [])]
    pd.testing.assert_frame_equal(views.compare_table(model_rows, ids), views.compare_table(models, ids))
    by_frame = views.benchmark_rows(tables["scores"], ids, models)
    by_rows = views.benchmark_rows(score_rows, ids, model_rows)
    cols = ["model_id", "benchmark", "score", "comparable_group", "display_name"]
    assert by_rows[cols].astype(str).values.tolist() == by_frame[cols].astype(str).values.tolist()
    for group in ["open_llm_leaderboard_v2", "lmarena_text"]:
        assert views.missing_score_reasons(model_rows, score_rows, ids, group) == views.missing_score_reasons(
            models, tables["scores"], ids, group
        )


# ----- a view's results are shared, and forgotten on request --------------------------------------


def test_recent_views_are_shared_and_bounded(tmp_path, monkeypatch):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(folder))
    data = ui_data.load()
    built = []
    first = data.recent(("v", 1), lambda: built.append(1) or object())
    assert data.recent(("v", 1), lambda: built.append(1) or object()) is first and built == [1]
    for i in range(200):
        data.recent(("w", i), object, maxsize=128)
    assert len(data._lru) <= 128
    data.forget_views()
    assert data.recent(("v", 1), lambda: "again") == "again"


def test_the_space_bundle_carries_the_dashboard_app_py_serves(tmp_path):
    """deploy/make_space.sh must copy dashboard.py too: app.py alone would serve a missing script."""
    import subprocess

    out = tmp_path / "space"
    subprocess.run(
        ["bash", str(ROOT / "deploy" / "make_space.sh"), str(out)], check=True, capture_output=True, timeout=120
    )
    for name in [
        "app.py",
        "dashboard.py",
        "app_pages/overview.py",
        "ui/warmup.py",
        "model_data/snapshot/manifest.json",
        "model_data/snapshot/overview.json",
        ".streamlit/config.toml",
        "README.md",
        "requirements.txt",
    ]:
        assert (out / name).exists(), name
    from streamlit.web.server.app_discovery import discover_asgi_app

    assert discover_asgi_app(out / "app.py").is_asgi_app
    assert "app_file: app.py" in (out / "README.md").read_text(encoding="utf-8")
