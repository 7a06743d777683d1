"""HF_TOKEN is used but never shown: not in output, logs, exceptions, the manifest, the snapshot
or the app. A canary token goes into the environment; a live refresh runs against a Hub that
answers with every kind of error (some echoing the token back, as a careless proxy might);
then everything a person or a file could see is searched for it."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

import datasets
import pytest

from model_data.sources import leaderboard, refresh
from model_data.store import snapshot
from tests.helpers import PHI

ROOT = Path(__file__).resolve().parents[1]
CANARY = "hf_" + "CANARYsecretTokenNeverLeak01234567"  # built at run time: a fake token, not a secret
LOGGERS = ("huggingface_hub", "httpx2", "httpx", "httpcore", "datasets", "fsspec", "urllib3", "")


def _no_canary_anywhere(where: dict[str, str], folder: Path) -> None:
    for name, text in where.items():
        assert CANARY not in text, f"token leaked into {name}"
    for path in folder.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), f"token leaked into {path}"


@pytest.mark.parametrize(
    "step",
    [
        "ok",
        401,
        403,
        ("echo", 401),
        ("echo", 403),
        ("echo", 500),
        404,
        (429, {"Retry-After": "1"}),
        500,
        503,
        "timeout",
        "reset",
        ("body", b'{"id": "micro'),
        ("body", b"<html>oops</html>"),
        ("redirect", PHI),
    ],
    ids=[
        "ok",
        "401",
        "403",
        "401-echoing-token",
        "403-echoing-token",
        "500-echoing-token",
        "404",
        "429",
        "500",
        "503",
        "timeout",
        "reset",
        "truncated-json",
        "invalid-json",
        "307-rename",
    ],
)
def test_a_live_refresh_uses_the_token_but_never_shows_it(hubrun, monkeypatch, caplog, step):
    monkeypatch.setenv("HF_TOKEN", CANARY)
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    script = {PHI: [step, "ok"] if isinstance(step, tuple) and step[0] == "redirect" else [step]}
    raised = ""
    try:
        code, out, err = hubrun(script)
    except BaseException as exc:  # an escaped exception is a finding too: its text must be clean
        raised, code, out, err = "".join(traceback.format_exception(exc)), None, "", ""
    requests = hubrun.hub.requests
    assert requests, "the scripted Hub was never asked"
    assert all(r.headers.get("authorization") == f"Bearer {CANARY}" for r in requests), "token not used"
    records = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.args!r}" for r in caplog.records)
    _no_canary_anywhere(
        {"stdout": out, "stderr": err, "exception": raised, "log records": records}, hubrun.folder.parent
    )
    assert not raised, raised
    assert code in (0, 1)


def test_the_leaderboard_download_uses_the_token_but_an_error_never_shows_it(hubrun, monkeypatch, caplog, tmp_path):
    """The real `datasets` path to the Hub (answered 404 by the scripted Hub) gets the token too."""
    monkeypatch.setenv("HF_TOKEN", CANARY)
    monkeypatch.setattr(refresh, "CONTENTS_SOURCE", leaderboard.CONTENTS_REPO)
    monkeypatch.chdir(tmp_path)
    caplog.set_level(logging.DEBUG)
    code, out, err = hubrun()
    assert code == 1 and "could not be loaded" in err
    dataset_requests = [r for r in hubrun.hub.seen if "/datasets/" in r.url.path]
    assert dataset_requests and all(r.headers.get("authorization") == f"Bearer {CANARY}" for r in dataset_requests)
    _no_canary_anywhere({"stdout": out, "stderr": err, "log records": caplog.text}, hubrun.folder.parent)


def test_a_leaderboard_error_that_quotes_the_token_is_scrubbed(hubrun, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", CANARY)

    def quoting(*args, **kwargs):
        raise OSError(f"401 Client Error for url with headers {{'authorization': 'Bearer {CANARY}'}}")

    monkeypatch.setattr(datasets, "load_dataset", quoting)
    code, out, err = hubrun()
    assert code == 1 and "could not be loaded: OSError" in err
    _no_canary_anywhere({"stdout": out, "stderr": err}, hubrun.folder.parent)


def test_the_manifest_names_the_token_variable_at_most_never_its_value(hubrun, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", CANARY)
    code, _, err = hubrun()
    assert code == 0, err
    assert CANARY not in (hubrun.folder / snapshot.MANIFEST).read_text()


# ---- the app ------------------------------------------------------------------------------------


def _texts(node) -> list[str]:
    """Every string an AppTest element tree carries: values, labels, markdown, protos."""
    out = [repr(node)]
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
        out += _texts(child)
    return out


@pytest.mark.skipif(not (ROOT / "dashboard.py").exists(), reason="dashboard.py not written yet")
def test_the_app_never_shows_the_token(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HF_TOKEN", CANARY)
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(ROOT / "tests" / "fixtures" / "snapshot"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    pages = ["app_pages/data.py"] if (ROOT / "app_pages" / "data.py").exists() else []
    texts = _texts(at.main) + _texts(at.sidebar)
    for page in pages:  # the data page shows provenance: the likeliest place for a token to surface
        at.switch_page(page)
        at.run()
        texts += _texts(at.main) + _texts(at.sidebar)
    assert not at.exception, [e.value for e in at.exception]
    assert len("".join(texts)) > 1000, "the app rendered almost nothing: the check would be vacuous"
    assert all(CANARY not in t for t in texts)
