"""No private attribute or module of Streamlit, plotly, huggingface_hub or pandas outside ui/compat.py.

Every Python file of the project (app, ui, pages, data layer, tests, benchmarks) is read: its
imports (AST: any module or name with a leading underscore under those packages, or `_plotly_utils`;
and any module of theirs that is not one of their documented modules, underscore or not, e.g.
`streamlit.elements.lib`) and its text (known private names: Streamlit's runtime and AppTest
internals, `._tree`, `._initial_query_params`, plotly's `_validate=`, huggingface_hub's `utils._`
modules). An internal module used on purpose is listed in KNOWN_INTERNAL with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {ROOT / "ui" / "compat.py", Path(__file__).resolve()}
PACKAGES = ("streamlit", "plotly", "huggingface_hub", "_plotly_utils", "pandas")
# The modules each package documents for import; any other module under it is internal (an upgrade
# may move or change it without notice), whether or not its name starts with an underscore.
PUBLIC_MODULES = {
    "streamlit": {"streamlit", "streamlit.testing.v1", "streamlit.components.v1"},
    "plotly": {
        "plotly",
        "plotly.graph_objects",
        "plotly.express",
        "plotly.io",
        "plotly.subplots",
        "plotly.colors",
        "plotly.figure_factory",
    },
    "huggingface_hub": {"huggingface_hub", "huggingface_hub.errors", "huggingface_hub.utils"},
    "pandas": {"pandas", "pandas.api.types", "pandas.api.extensions", "pandas.testing", "pandas.errors"},
}
# (file, internal module) -> why it is imported anyway. A new internal import fails the test until it
# moves to ui/compat.py (the one guarded shim) or is listed here with its reason.
KNOWN_INTERNAL = {
    ("ui/warmup.py", "streamlit.emojis"): "warm-up only pays its import cost early; guarded, a move costs speed",
    ("ui/warmup.py", "streamlit.material_icon_names"): "as streamlit.emojis",
    ("ui/warmup.py", "streamlit.elements.lib.image_utils"): "warm-up imports numpy for the QR image; guarded",
    (
        "tests/test_fast_paths.py",
        "streamlit.web.server.app_discovery",
    ): "checks `streamlit run` serves app.py as st.App",
    ("bench/crowd.py", "streamlit.proto.BackMsg_pb2"): "the benchmark speaks Streamlit's websocket protocol",
    ("bench/crowd.py", "streamlit.proto.ForwardMsg_pb2"): "as BackMsg_pb2",
    ("bench/crowd.py", "streamlit.proto.ClientState_pb2"): "as BackMsg_pb2",
}


def internal_modules(source: str) -> list[str]:
    """Modules of PUBLIC_MODULES' packages that the source imports and that are not documented ones."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
        else:
            continue
        for module in modules:
            public = PUBLIC_MODULES.get(module.split(".")[0])
            if public is not None and module not in public and not _private_name(module):
                found.append(module)
    return found


def _private_name(module: str) -> bool:
    """Already reported by `private_uses` (a part with a leading underscore)."""
    return any(p.startswith("_") and not p.startswith("__") for p in module.split("."))


SKIP_DIRS = {".venv", ".git", "node_modules", "__pycache__", "out", "mutants"}

TEXT = [
    r"_plotly_utils",
    r"\b_initial_query_params\b",
    r"streamlit\.runtime\b",
    r"streamlit\.testing\.v1\.(app_test|local_script_runner)\b",
    r"from\s+streamlit\.testing\.v1\s+import\s+[^\n]*\b(app_test|local_script_runner)\b",
    r"\._tree\b",
    r"huggingface_hub(\.\w+)*\._",
    r"\b_validate\s*=",
    r"\._script_cache\b",
    r"delta_generator\._",
    r"\b(st|streamlit|plotly|go|pio|px|huggingface_hub)\._[a-z]",
]


def private_uses(source: str) -> list[str]:
    found = [m.group(0) for pattern in TEXT for m in re.finditer(pattern, source)]
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [(node.module, [a.name for a in node.names])]
        else:
            continue
        for module, names in modules:
            if module.split(".")[0] not in PACKAGES:
                continue
            parts = module.split(".") + names
            if any(p.startswith("_") and not p.startswith("__") for p in parts):
                found.append(".".join(module.split(".")) + (f" import {', '.join(names)}" if names else ""))
    return found


def project_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*.py")
        if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts) and p.resolve() not in ALLOWED
    )


def test_the_checker_finds_private_uses():
    for snippet in [
        "from _plotly_utils.utils import convert_to_base64",
        "import plotly._subplots",
        "from streamlit.runtime.state import get_session_state",
        "from streamlit.elements import _private",
        "initial = getattr(qp, '_initial_query_params', None)",
        "qp._initial_query_params = {}",
        "super().__init__(_validate=False)",
        "at._tree",
        "from huggingface_hub.utils._http import get_session",
        "from huggingface_hub import _login",
        "Runtime.instance()._script_cache",
        "st._config",
    ]:
        assert private_uses(snippet), snippet
    assert private_uses("import streamlit as st\nfrom huggingface_hub.utils import get_session\nst.write(1)") == []
    assert private_uses("from plotly.subplots import make_subplots\nfig.to_dict()\n__future__ = 1") == []


def test_the_checker_finds_internal_modules_without_an_underscore():
    for snippet in [
        "import streamlit.elements.lib.image_utils",
        "from streamlit.web.server.app_discovery import discover_asgi_app",
        "from plotly.basedatatypes import BaseFigure",
        "from huggingface_hub.hf_api import ModelInfo",
        "from pandas.core.frame import DataFrame",
    ]:
        assert internal_modules(snippet), snippet
    public = "import plotly.graph_objects as go\nfrom huggingface_hub.errors import GatedRepoError\n"
    public += "from streamlit.testing.v1 import AppTest\nimport pandas.api.types\nimport pyarrow.parquet\n"
    assert internal_modules(public) == []


def test_no_internal_module_of_a_dependency_outside_the_listed_ones():
    found = {
        (str(p.relative_to(ROOT)), m) for p in project_files() for m in internal_modules(p.read_text(encoding="utf-8"))
    }
    assert found - set(KNOWN_INTERNAL) == set(), "an internal module: move it to ui/compat.py or list why"
    assert set(KNOWN_INTERNAL) - found == set(), "listed but no longer imported: drop it from KNOWN_INTERNAL"


def test_no_private_api_of_streamlit_plotly_or_huggingface_hub_outside_compat():
    files = project_files()
    assert ROOT / "ui" / "charts.py" in files and ROOT / "bench" / "interaction.py" in files
    offenders = {str(p.relative_to(ROOT)): uses for p in files if (uses := private_uses(p.read_text(encoding="utf-8")))}
    assert offenders == {}


# Streamlit's DOM names (data-testid values, its st*-prefixed classes such as stApp / stMain /
# stMainBlockContainer) are not a public API: an upgrade can rename them and the CSS would silently
# stop applying. The app's CSS uses HTML elements, plotly's .js-plotly-plot and the st-key-<key>
# classes that st.container(key=...) documents. Tests and benchmarks may use data-testid as browser
# selectors: a rename makes them fail loudly.
APP_PARTS = ("app.py", "dashboard.py", "app_pages", "ui", "model_data", ".streamlit")
DOM_TEXT = [
    r"data-testid",
    r"\[\s*data-(test|baseweb|tag)\b",  # Streamlit's and BaseWeb's attributes
    r"\.st(App|Main|Sidebar|Header|Toolbar|VerticalBlock|HorizontalBlock|Column|ElementContainer|Markdown|Caption"
    r"|Table|DataFrame|MultiSelect|Selectbox|Expander|Popover|Heading|Button|BaseButton|Layout)\w*",
    r"\bst-emotion-cache-",
    r"(?<![\w.-])st(App|Main|MainBlockContainer|VerticalBlock|HorizontalBlock|ElementContainer|MarkdownContainer"
    r"|CaptionContainer|Table|DataFrame\w*|MultiSelectTagsContainer|Header|Toolbar|Sidebar\w*)\b",
]


def internal_dom_names(text: str) -> list[str]:
    return [m.group(0) for pattern in DOM_TEXT for m in re.finditer(pattern, text)]


def app_files() -> list[Path]:
    files = []
    for part in APP_PARTS:
        path = ROOT / part
        found = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [
            p
            for p in found
            if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts)
            and p.suffix in {".py", ".toml", ".css", ".html", ".js"}
        ]
    return files


def test_the_dom_checker_finds_streamlit_internal_names():
    for snippet in [
        '[data-testid="stApp"] * { font-size: 24px; }',
        "[data-testid='stMainBlockContainer'] { padding: 0; }",
        ".stMain h1 { font-size: 40px; }",
        "section.stMain { }",
        ".stVerticalBlock { gap: 0 }",
        "[data-tag] { color: #fff }",
        ".st-emotion-cache-16a7pl { }",
        "div.stCaptionContainer p { opacity: 1 }",
        'page.locator("stMainBlockContainer")',
    ]:
        assert internal_dom_names(snippet), snippet
    for snippet in [
        ".st-key-mme-page h1 { font-size: 40px; }",
        '.st-key-mme-page [class*="st-key-mme-table-"] td { padding: 0 }',
        "body :where(*:not(.js-plotly-plot *)) { font-size: 24px }",
        "st.table(data)  # stable, startup, st.container(key='mme-qr')",
    ]:
        assert internal_dom_names(snippet) == [], snippet


def test_the_app_uses_no_streamlit_internal_dom_names():
    files = app_files()
    assert ROOT / "ui" / "presenter.py" in files and ROOT / ".streamlit" / "config.toml" in files
    offenders = {str(p.relative_to(ROOT)): n for p in files if (n := internal_dom_names(p.read_text(encoding="utf-8")))}
    assert offenders == {}
