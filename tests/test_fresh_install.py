"""What a viewer and a Space get: run-time-only environments, built from the project's own files.

- The README's first command, run as written in a fresh copy of the project: a new `.venv` with
  requirements.txt only, then `streamlit run app.py` serves the dashboard.
- The Space bundle: `deploy/make_space.sh` into a temporary folder; its requirements.txt plus the
  pinned Streamlit (what a Space installs from sdk_version) is checked to be exactly requirements.txt,
  so the README command's environment is the Space's: every page of the bundle's navigation is
  rendered headless with it (tests/space_pages.py) and the bundle's `streamlit run app.py` served.

One install for both (pip as configured on the machine, a local registry mirror here: ~20-40 s; a
second identical install cost the suite a minute of CPU). A package the app imports but
requirements.txt lacks fails here, not on a viewer's machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.doc_commands import clean_env, fresh_copy, readme_blocks

# one worker runs both tests (pytest-xdist --dist loadfile): they share the install below
# slow: tens of seconds, scheduled before the quick modules (tests/conftest.py)
pytestmark = [pytest.mark.tooling, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
# Development-only distributions (data commands, tests) and the modules they import as: never in a viewer's install.
DEV_PACKAGES = {
    "pytest",
    "pytest-timeout",
    "hypothesis",
    "playwright",
    "datasets",
    "huggingface-hub",
    "httpx",
    "pypdf",
    "rapidfuzz",
    "axe-playwright-python",
}
DEV_MODULES = {
    "pytest",
    "pytest_timeout",
    "hypothesis",
    "playwright",
    "datasets",
    "huggingface_hub",
    "httpx",
    "pypdf",
    "rapidfuzz",
    "axe_playwright_python",
}


def pins(path: Path) -> dict[str, str]:
    """name -> version of the `name==version` lines of a requirements file (names lower-cased)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if m:
            out[m.group(1).lower().replace("_", "-")] = m.group(2)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, proc: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"the command ended (exit {proc.returncode}) before the dashboard answered:\n{log.read_text()[-4000:]}"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"no answer from /_stcore/health within {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def stop(proc: subprocess.Popen) -> None:
    """End the process group this test started (the shell, pip or streamlit), and only that."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


@pytest.fixture(scope="module")
def readme_install(tmp_path_factory):
    """The README's first command run as written in a fresh copy of the project (a new `.venv` with
    requirements.txt, then `streamlit run app.py` until it answers): (project folder, its log, seconds).
    The environment (~0.6 GB) is removed after the module rather than kept with pytest's last runs."""
    first = readme_blocks()[0]
    assert (
        first.startswith("python3 -m venv .venv && ")
        and "-r requirements.txt" in first
        and first.endswith("streamlit run app.py")
    ), first
    base = tmp_path_factory.mktemp("readme-install")
    project = fresh_copy(base / "project")
    port = free_port()
    log = base / "first-command.log"
    started = time.monotonic()
    # The command as written; Streamlit reads the port and headless mode from its STREAMLIT_* variables.
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bash", "-c", first],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=clean_env(
                STREAMLIT_SERVER_PORT=str(port),
                STREAMLIT_SERVER_ADDRESS="127.0.0.1",
                STREAMLIT_SERVER_HEADLESS="true",
                STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
            ),
        )
    try:
        wait_for_health(port, proc, log, timeout=600)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        time.sleep(2)  # the launch warm-up's light phase (imports, the Overview digest) has run by now
    finally:
        stop(proc)
    yield project, log, time.monotonic() - started
    shutil.rmtree(base, ignore_errors=True)


def render_pages(python: Path, folder: Path) -> dict:
    """Every page of the app in `folder` through AppTest, run by `python` (tests/space_pages.py); checked here."""
    run = subprocess.run(
        [str(python), str(ROOT / "tests/space_pages.py"), str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
        env=clean_env(),
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["pages"], f"no page in {folder / 'ui/page_registry.py'}"
    assert sorted(report["pages"]) == report["page_files"], "every page module is in the navigation, and only those"
    for page, result in report["results"].items():
        assert not result["exceptions"], (page, result["exceptions"])
        assert not result["errors"], (page, result["errors"])
        assert result["titles"] and result["elements"] > 3, (page, result)
    assert not DEV_MODULES & set(report["modules"]), "the app imported a development package"
    return report


def test_requirements_split_runtime_from_development():
    runtime, dev = pins(ROOT / "requirements.txt"), pins(ROOT / "requirements-dev.txt")
    assert "streamlit" in runtime and not DEV_PACKAGES & runtime.keys(), runtime
    assert "-r requirements.txt" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
    assert not runtime.keys() & dev.keys(), "pin each package once: run-time ones only in requirements.txt"
    assert {"pytest", "playwright", "datasets", "huggingface-hub"} <= dev.keys()


@pytest.mark.timeout(900)  # a pip install into a new environment: ~20 s here, more on a busy machine
def test_readme_first_command_serves_the_dashboard_from_a_runtime_only_install(readme_install):
    project, log, seconds = readme_install
    assert "Traceback" not in log.read_text(), log.read_text()[-4000:]
    render_pages(project / ".venv/bin/python", project)
    installed = subprocess.run(
        [str(project / ".venv/bin/python"), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    )
    names = {p["name"].lower().replace("_", "-") for p in json.loads(installed.stdout)}
    assert "streamlit" in names and not DEV_PACKAGES & names, sorted(names)
    print(f"README first command: installed and serving in {seconds:.1f} s")


@pytest.mark.timeout(900)  # a pip install into a new environment: ~20 s here, more on a busy machine
def test_space_bundle_renders_every_page_with_only_its_requirements(tmp_path, readme_install):
    bundle = tmp_path / "space"
    made = subprocess.run(
        ["bash", str(ROOT / "deploy/make_space.sh"), str(bundle)], capture_output=True, text=True, env=clean_env()
    )
    assert made.returncode == 0, made.stderr
    bundle_pins = pins(bundle / "requirements.txt")
    runtime = pins(ROOT / "requirements.txt")
    assert bundle_pins and "streamlit" not in bundle_pins, "the Space installs Streamlit from sdk_version"
    assert bundle_pins == {k: v for k, v in runtime.items() if k != "streamlit"}, (bundle_pins, runtime)
    front = (bundle / "README.md").read_text(encoding="utf-8")
    assert f"sdk_version: {runtime['streamlit']}" in front and "app_file: app.py" in front

    # The Space's install (its requirements.txt + streamlit==sdk_version) is, by the two checks above,
    # requirements.txt exactly: the README command's runtime-only environment is that install.
    venv, installed = readme_install[0] / ".venv", readme_install[2]
    listed = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "list", "--format=json"], capture_output=True, text=True, check=True
    )
    have = {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(listed.stdout)}
    assert all(have.get(k) == v for k, v in {**bundle_pins, "streamlit": runtime["streamlit"]}.items()), have

    report = render_pages(venv / "bin/python", bundle)

    # What the Space runs: `streamlit run app.py` (the st.App wrapper) answers its health check and serves the page.
    port, log = free_port(), tmp_path / "space-server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                str(venv / "bin/streamlit"),
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=bundle,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=clean_env(),
        )
    try:
        wait_for_health(port, proc, log, timeout=120)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200
        time.sleep(2)  # the launch warm-up's light phase (imports, the Overview digest) has run by now
    finally:
        stop(proc)
    assert "Traceback" not in log.read_text(), log.read_text()[-4000:]
    print(f"Space bundle: environment installed in {installed:.1f} s; {len(report['pages'])} pages rendered")
