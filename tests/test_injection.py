"""Data is text, never markup: a snapshot whose names, titles, licences, answers and URLs are attacks
(tests/hostile_snapshot.py) renders on every page as literal text, and no data-supplied URL becomes a link.

Checked on the element protos AppTest receives: every markdown body, label, help and caption holds the
escaped form only; no markdown element allows HTML; the only st.html is the constant presenter CSS.
The browser half (nothing executes, nothing is fetched) is tests/e2e/test_hostile_browser.py.
"""

from __future__ import annotations

import base64

import re
from pathlib import Path


import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest_helpers import no_exception, open_link
from tests.hostile_snapshot import HOSTILE_URLS, INJECTIONS, build
from ui import format as fmt
from ui import page_registry
from ui.presenter import PRESENT_CSS

# Page runs: (page, params). Episodes: each one; compare: six hostile-named models; data: the raw tables.
RUNS = [
    ("overview", {}),
    ("episodes", {"episode": "s1e1"}),
    ("episodes", {"episode": "s1e4"}),
    ("episodes", {"episode": "s2e1"}),
    ("episodes", {"episode": "s2e3"}),
    ("episodes", {"episode": "s3e3"}),
    ("models", {}),
    ("models", {"q": "m1"}),
    (
        "compare",
        {
            "models": [
                "microsoft/phi-4",
                "meta-llama/Llama-3.1-8B-Instruct",
                "Qwen/Qwen2.5-7B-Instruct",
                "nvidia/parakeet-tdt-0.6b-v3",
                "closed/gpt-4o",
                "google/gemma-2-9b-it",
            ]
        },
    ),
    ("compare", {}),
    ("licences", {}),
    ("licences", {"want": "startup_product"}),
    ("data", {}),
    ("data", {"table": "candidates"}),
    ("data", {"table": "models"}),
    ("data", {"table": "mentions"}),
]
RUNS += [(p, {}) for p in page_registry.PATHS if (p, {}) not in RUNS]  # every page, a new one included
PRESENT_RUNS = [
    (p, {**params, "present": "1"}) for p, params in RUNS if p in {"episodes", "models", "licences", "compare"}
][:6]

# Raw fragments that must never reach a markdown body/label unescaped (a backslash before them is the escape).
DANGER = [
    "<script",
    "<img",
    "<iframe",
    "<a ",
    "javascript:",
    "JAVASCRIPT:",
    "127.0.0.1:9",
    "{{",
    "${",
    "<%",
    ":red[",
    "$x^",
    "# Heading",
    "**bold**",
    "![x]",
    "data:text",
]
UNESCAPED = re.compile("|".join(f"(?<!\\\\){re.escape(d)}" for d in DANGER))
TEXT_FIELDS = {"body", "label", "help", "caption", "placeholder", "text", "title"}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile") / "snapshot")


def _open(snapshot: Path, page: str, params: dict) -> AppTest:
    return open_link(snapshot, page, params)


def _nodes(node):
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _nodes(child)


def _protos(at: AppTest):
    for node in (n for root in (at.main, at.sidebar) for n in _nodes(root)):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            yield getattr(node, "type", type(proto).__name__), proto


def _repeated(field) -> bool:
    return getattr(field, "is_repeated", None) if hasattr(field, "is_repeated") else field.label == 3


def _strings(proto, prefix=""):
    """(field path, text) for every string field set on the proto, nested messages included (not data blobs)."""
    for field, value in proto.ListFields():
        if field.type == field.TYPE_STRING:
            values = value if _repeated(field) else [value]
            for v in values:
                yield prefix + field.name, str(v)
        elif field.type == field.TYPE_MESSAGE:
            for msg in value if _repeated(field) else [value]:
                yield from _strings(msg, prefix + field.name + ".")


def shown_as_text(at: AppTest) -> str:
    """What the page shows as plain text: every table cell and column name (grid and static tables)."""
    parts = []
    for frame in [d.value for d in at.dataframe] + [t.value for t in at.table]:
        frame = getattr(frame, "data", frame) if not isinstance(frame, pd.DataFrame) else frame  # Styler
        parts.extend(map(str, frame.columns))
        parts.extend(frame.astype(str).to_numpy().ravel().tolist())
    return "\n".join(map(str, parts))


def markdown_bodies(at: AppTest) -> str:
    return "\n".join(v for _, proto in _protos(at) for name, v in _strings(proto) if name.split(".")[-1] in TEXT_FIELDS)


def check_page(at: AppTest) -> set[int]:
    """Assert nothing from the data is live markup; return which INJECTIONS are visibly shown as text."""
    no_exception(at)
    for kind, proto in _protos(at):
        if kind == "html" or type(proto).__name__ == "Html":
            assert proto.body.strip() == PRESENT_CSS.strip(), "only the constant presenter CSS is ever raw HTML"
        if hasattr(proto, "allow_html"):
            assert proto.allow_html is False, f"{kind} allows HTML"
        if kind in {"code", "json"} or type(proto).__name__ in {"Code", "Json"}:
            continue  # st.code / st.json show their text verbatim, never as markup (share link, manifest)
        for name, text in _strings(proto):
            leaf = name.split(".")[-1]
            if leaf in TEXT_FIELDS:  # selector options are plain text in the browser (tests/e2e checks)
                hit = UNESCAPED.search(text)
                assert not hit, (
                    f"{kind}.{name} renders data as markup: ...{text[max(0, hit.start() - 40) : hit.end() + 40]!r}"
                )
    for t in at.table:  # st.table renders cells and headers as markdown: they must arrive escaped
        frame = getattr(t.value, "data", t.value)
        for cell in list(map(str, frame.columns)) + frame.astype(str).to_numpy().ravel().tolist():
            assert not UNESCAPED.search(cell), f"st.table cell renders data as markup: {cell[:120]!r}"
    plain, bodies = shown_as_text(at), markdown_bodies(at)
    found = set()
    for i, s in enumerate(INJECTIONS):
        if s in plain or fmt.md(s) in bodies or fmt.md(s)[:200] in bodies:
            found.add(i)
    return found


SVG_DATA = "data:image/svg+xml;base64,"
PNG_DATA = "data:image/png;base64,"


MD_DATA_URL = re.compile(r"(!?)\[[^\]]*\]\((data:[^)\s]*)\)")


def _links(at: AppTest) -> list[str]:
    """Every URL a page hands the browser: URL fields, and data: URLs written into markdown (the Overview's charts)."""
    urls = []
    for _, proto in _protos(at):
        for name, text in _strings(proto):
            if name.split(".")[-1] in {"url", "href", "page"} and text:
                urls.append(text)
            elif name.split(".")[-1] == "body" and "data:" in text:
                for bang, url in MD_DATA_URL.findall(text):
                    assert bang == "!", f"a data: URL as a link: {url[:80]}"  # only ever an image
                    urls.append(url)
    return urls


@pytest.mark.parametrize(
    "page,params",
    RUNS + PRESENT_RUNS,
    ids=[
        f"{p}-{'-'.join(f'{k}' for k in params) or 'default'}-{i}" for i, (p, params) in enumerate(RUNS + PRESENT_RUNS)
    ],
)
def test_data_renders_as_text_never_as_markup(snapshot, page, params):
    at = _open(snapshot, page, params)
    found = check_page(at)
    assert found, "the page shows some of the hostile strings (as text)"
    svgs = 0
    for url in _links(at):
        if url.startswith(SVG_DATA):  # the Overview's charts: only our own SVG elements, no data as markup
            svgs += 1
            svg = base64.b64decode(url[len(SVG_DATA) :]).decode("utf-8")
            assert set(re.findall(r"<([A-Za-z][\w:-]*)", svg)) <= {"svg", "title", "rect", "text", "line"}, svg[:300]
            assert not re.search(r"\son\w+\s*=|javascript:|<script|href", svg, re.I)
            continue
        if url.startswith(PNG_DATA):  # the presenter's QR code: a PNG segno drew, nothing else
            assert base64.b64decode(url[len(PNG_DATA) :]).startswith(b"\x89PNG\r\n")
            continue
        ours = url in page_registry.PATHS  # a page link (st.page_link) to one of the app's own pages
        assert ours or url.startswith("https://") or url.startswith("/") or url.startswith("http://localhost"), url
        assert url not in HOSTILE_URLS
    if page == "overview":
        assert svgs == 2  # both count charts were checked


def test_every_injection_is_shown_as_text_somewhere_and_count(snapshot):
    seen: dict[str, set[int]] = {}
    views = {"episodes": {"episode": "s3e3"}, "compare": RUNS[8][1], "data": {"table": "candidates"}}
    for page, params in [(p, views.get(p, {})) for p in page_registry.PATHS]:
        seen[page] = check_page(_open(snapshot, page, params))
    everywhere = set().union(*seen.values())
    assert everywhere == set(range(len(INJECTIONS))), sorted(set(range(len(INJECTIONS))) - everywhere)
    pairs = sum(len(v) for v in seen.values())
    print(
        f"\ninjection strings: {len(INJECTIONS)}; pages x strings seen as text in AppTest: {pairs} "
        + str({p: len(v) for p, v in seen.items()})
    )
    assert pairs >= 30


def test_episode_links_only_carry_validated_https_urls(snapshot):
    for ep in ["s1e1", "s1e2", "s2e1", "s2e3", "s3e3", "s1e4"]:
        at = _open(snapshot, "episodes", {"episode": ep})
        assert not [b for b in at.get("link_button")], "every hostile recording/blog/slides URL is refused"


@pytest.mark.parametrize(
    "url,ok",
    [
        ("https://aka.ms/model-mondays", True),
        ("http://example.com/x", False),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example/x", False),
        ("https://ok.example/ x onmouseover=alert(1)", False),
        ('https://ok.example/"><script>', False),
        ("https://user:pw@evil.example/", False),
        (" https://aka.ms/x ", True),
        (None, False),
        (float("nan"), False),
    ],
)
def test_safe_url_keeps_only_plain_https(url, ok):
    assert (fmt.safe_url(url) is not None) is ok


@pytest.mark.parametrize("model_id", ["javascript:alert(1)", "a/b c", "<x>/y", "closed/gpt-4o", "../../etc", "a/b/c"])
def test_hub_links_are_built_only_from_well_formed_ids(model_id):
    assert fmt.hub_url(model_id) is None


def test_md_escapes_every_injection():
    for s in INJECTIONS:
        assert not UNESCAPED.search(fmt.md(s)), s
        assert "\u202e" not in fmt.md(s)


# GFM autolink literals as remark-gfm finds them in the *decoded* text (after markdown escapes are
# removed), which is why escaping alone let bare URLs, www. hosts and e-mail addresses become links.
GFM_AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+|(?:mailto|xmpp):[-.\w+]+", re.I)


@pytest.mark.parametrize(
    "text",
    [
        "Visit https://evil.example/x today",
        "HTTP://EVIL.EXAMPLE",
        "host www.evil.example",
        "WWW.EVIL.EXAMPLE/x",
        "mail bob@evil.example",
        "mailto:bob@evil.example",
        "xmpp:bob@evil.example",
        "(see www.evil.example)",
        "a title: with colons, bob+tag@mail.evil.example",
    ],
)
def test_text_from_data_never_becomes_an_autolink(text):
    shown = fmt.md(text)
    decoded = re.sub(r"\\(.)", r"\1", shown)  # what the markdown parser hands to GFM
    assert not GFM_AUTOLINK.search(decoded), decoded
    assert decoded.replace(fmt.WORD_JOINER, "") == text  # the reader still sees exactly the text


def test_titles_with_urls_render_without_links_on_overview_and_episodes(snapshot):
    for page, params in [("overview", {}), ("episodes", {"episode": "s1e1"}), ("episodes", {"episode": "s3e3"})]:
        at = _open(snapshot, page, params)
        bodies = re.sub(r"\\(.)", r"\1", markdown_bodies(at))
        assert "evil" in bodies and not [m.group() for m in GFM_AUTOLINK.finditer(bodies) if "evil" in m.group()], page
