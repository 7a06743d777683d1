"""The layers import one way: no import cycle (module-level or inside a function), the data layer never
imports the UI side, and the snapshot code (model_data/store/) imports no stage that writes into it.

Imports are read from the AST of every module, so a function-level import counts as much as a top one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("model_data", "ui", "app_pages")
SCRIPTS = ("app.py", "dashboard.py")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    found = {module_name(p, root): p for pkg in PACKAGES for p in sorted((root / pkg).rglob("*.py"))}
    found.update({module_name(root / s, root): root / s for s in SCRIPTS if (root / s).exists()})
    return found


def imports_of(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Project modules that `name` imports anywhere in its body (package __init__ files excluded as targets)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in modules:
                t = t.rpartition(".")[0]
            if t and t != name and modules[t].name != "__init__.py":
                out.add(t)
    return out


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    modules = project_modules(root)
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_the_checker_finds_a_function_level_cycle(tmp_path):
    pkg = tmp_path / "model_data"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from model_data import b\n")
    (pkg / "b.py").write_text("def f():\n    from model_data.a import thing\n    return thing\n")
    (pkg / "c.py").write_text("from . import a\n")
    edges = graph(tmp_path)
    assert edges["model_data.c"] == {"model_data.a"}
    assert cycles(edges) == [["model_data.a", "model_data.b"]]


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_the_data_layer_never_imports_the_ui_side():
    for name, path in project_modules().items():
        if not name.startswith("model_data"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for n in names:
                assert n.split(".")[0] not in {"ui", "app_pages", "streamlit", "plotly", "dashboard", "app"}, (
                    f"{name} imports {n}"
                )


UPSTREAM = ("model_data.ingest", "model_data.sources.refresh", "model_data.sources.hub", "model_data.update")


@pytest.mark.parametrize(
    "stage, upstream",
    [
        ("model_data.store", UPSTREAM + ("model_data.views",)),
        ("model_data.views", UPSTREAM),
    ],
)
def test_downstream_code_imports_no_upstream_stage(stage, upstream):
    """The snapshot code does not import the stages that write it nor the frames; the frames no stage."""
    edges = graph()
    for name, targets in edges.items():
        if name == stage or name.startswith(stage + "."):
            bad = sorted(t for t in targets if t.startswith(upstream))
            assert not bad, f"{name} imports {bad}"


# The frames modules (what pages ask for) hand over codes, numbers and column names; the words a
# viewer reads live in ui/ (labels.py, format.py), so a wording change never touches the data layer.
FRAME_MODULES = (
    "model_data/views.py",
    "model_data/overview.py",
    "model_data/novelty.py",
    "model_data/cells.py",
    "model_data/provenance.py",
)


def sentences_in(source: str) -> list[str]:
    """String constants (docstrings aside) that read as words to a viewer: three or more words with a
    space between them, or an f-string with such text around its values. Regex patterns are not words."""
    tree = ast.parse(source)
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            text = node.value
            if " " in text and len(re.findall(r"[A-Za-z]{2,}", text)) >= 3 and not re.search(r"[|\\]|\(\?", text):
                found.append(text)
    return found


def test_the_sentence_scan_finds_words_and_passes_codes():
    assert sentences_in('x = "No score in the sources used."\ny = f"Not listed in {g}."\n') == [
        "No score in the sources used.",
        "Not listed in ",
    ]
    assert not sentences_in('"""A docstring says why."""\nx = ["not_llm", "open weights", r"(?i)arena elo|overall"]\n')


@pytest.mark.parametrize("path", FRAME_MODULES)
def test_the_frames_modules_hold_no_display_sentences(path):
    assert not sentences_in((ROOT / path).read_text(encoding="utf-8")), path


URL_CALLS = {"seed", "seed_value", "publish", "check_url", "commit", "raw_params"}


def url_calls(source: str) -> list[str]:
    """The URL-state calls a module makes (url.state, seed, publish, ... on any module) and any st.query_params."""
    calls = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "query_params":
            calls.append("query_params")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in URL_CALLS or (node.func.attr == "state" and ast.unparse(node.func.value) == "url"):
                calls.append(node.func.attr)
    return calls


def test_the_url_scan_sees_each_kind_of_call():
    source = "url.state({})\nurl.seed('a', [])\nx = st.query_params['a']\nui_view.publish('a', 1)\n"
    assert sorted(url_calls(source)) == ["publish", "query_params", "seed", "state"]


@pytest.mark.parametrize("page", sorted(p.name for p in (ROOT / "app_pages").glob("*.py") if p.name != "__init__.py"))
def test_each_page_reads_and_writes_its_url_in_one_call(page):
    calls = url_calls((ROOT / "app_pages" / page).read_text(encoding="utf-8"))
    assert calls == ["state"], f"{page}: {calls}"


def test_ui_is_split_by_concern_with_a_short_top_level():
    """ui/ keeps its modules in subpackages by concern (state, store, contexts, text, draw), so its top
    level stays a short list a reader takes in at a glance."""
    top = sorted(p.name for p in (ROOT / "ui").glob("*.py"))
    assert len(top) <= 10, top
    assert {p.name for p in (ROOT / "ui").iterdir() if p.is_dir() and not p.name.startswith("_")} >= {
        "state",
        "store",
        "contexts",
        "text",
        "draw",
    }


# ----- the store is the only user of Streamlit's caches -----------------------------------------
CACHES = {"cache_data", "cache_resource", "cache", "experimental_memo", "experimental_singleton"}
STORE = "ui.store"


def cache_uses(source: str) -> list[str]:
    """Uses of a Streamlit cache in `source`: `st.cache_data` (any alias) or `from streamlit import cache_data`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in CACHES:
            found.append(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
            found += [a.name for a in node.names if a.name in CACHES]
    return found


def test_the_cache_checker_finds_each_spelling():
    assert cache_uses("import streamlit as st\n@st.cache_data\ndef f(): ...\n") == ["cache_data"]
    assert cache_uses("import streamlit\nstreamlit.cache_resource.clear()\n") == ["cache_resource"]
    assert cache_uses("from streamlit import cache_data as keep\n") == ["cache_data"]
    assert cache_uses('"""st.cache_data would copy"""\nx = 1\n') == []


def test_only_the_store_uses_streamlit_caches():
    """ui/store/ holds every st.cache_*: pages and helpers get frames through its typed functions
    (data.load(), landing.load()), so what is cached, for how long and under which key is in one place."""
    users = {name for name, path in project_modules().items() if cache_uses(path.read_text(encoding="utf-8"))}
    assert any(u.startswith(STORE + ".") for u in users)  # the checker sees the store's own caches
    assert sorted(u for u in users if not u.startswith(STORE + ".")) == []
