"""The scheduled update workflow (.github/workflows/update-snapshot.yml), run here as its runner would.

Its `run:` steps are executed as written, in order, in a copy of the project that is a git repository
with a local bare `origin`; only what needs GitHub or the network is stood in for, each named here:
- `python` is this interpreter (setup-python's role), and the install step is not repeated;
- the step that clones the episode material gets `../shared` linked instead (the same layout);
- the update runs offline (`--offline --reference ../shared/reference-data` appended), no HF_TOKEN;
- the tests step is checked, not run (it would run this suite inside itself);
- `gh` is a stub that records the pull request it is asked to open.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from model_data.store.snapshot_files import fingerprint
from tests.doc_commands import ROOT, clean_env, fresh_copy

pytestmark = pytest.mark.tooling

WORKFLOW = ROOT / ".github" / "workflows" / "update-snapshot.yml"
SHARED = ROOT.parent / "shared"
UPDATE = "python -m model_data update"

GH_STUB = """#!/usr/bin/env bash
# Records each call; `gh pr view BRANCH` succeeds once a PR for BRANCH was created.
set -euo pipefail
n=$(ls "$GH_LOG" | wc -l)
printf '%s\\n' "$@" > "$GH_LOG/call-$n.args"
args=("$@")
for i in "${!args[@]}"; do
  if [ "${args[$i]}" = "--body-file" ]; then cp "${args[$((i+1))]}" "$GH_LOG/call-$n.body"; fi
done
if [ "$1 $2" = "pr view" ]; then test -e "$GH_LOG/pr-$(echo "$3" | tr / _)"; fi
if [ "$1 $2" = "pr create" ]; then
  for i in "${!args[@]}"; do [ "${args[$i]}" = "--head" ] && touch "$GH_LOG/pr-$(echo "${args[$((i+1))]}" | tr / _)"; done
fi
exit 0
"""


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    (job,) = workflow()["jobs"].values()
    return job["steps"]


def step(predicate) -> dict:
    found = [s for s in steps() if "run" in s and predicate(s["run"])]
    assert len(found) == 1, [s.get("name") for s in found]
    return found[0]


def git(repo: Path, *args: str, env: dict | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


EXPRESSIONS = {
    "secrets.HF_TOKEN": "",
    "secrets.HF_DATASET_TOKEN": "",
    "github.token": "stub-token",
    "github.event.repository.default_branch": "main",
}
DATASET_PUSH = "python -m model_data dataset --push"


def step_env(s: dict, base: dict) -> dict:
    env = dict(base)
    for key, value in (s.get("env") or {}).items():
        m = re.fullmatch(r"\$\{\{\s*([\w.]+)\s*\}\}", str(value))
        assert m is None or m.group(1) in EXPRESSIONS, f"no stand-in for {value}"
        env[key] = EXPRESSIONS[m.group(1)] if m else str(value)
    if not env.get("HF_TOKEN"):
        env.pop("HF_TOKEN", None)
    return env


@pytest.fixture
def runner(tmp_path):
    """A checkout as actions/checkout leaves it (project copy, git, `origin`), `python` and a stub `gh` on PATH."""
    assert SHARED.is_dir(), f"the update reads ../shared (episode material, reference data): not at {SHARED}"
    work = tmp_path / "work"
    repo = fresh_copy(work / "repo")
    origin = tmp_path / "origin.git"
    bindir, ghlog, temp = tmp_path / "bin", tmp_path / "gh", tmp_path / "runner-temp"
    for d in (bindir, ghlog, temp):
        d.mkdir()
    (bindir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bindir / "gh").write_text(GH_STUB)
    for f in bindir.iterdir():
        f.chmod(0o755)
    env = clean_env(
        GH_LOG=str(ghlog),
        RUNNER_TEMP=str(temp),
        HF_HUB_OFFLINE="1",
        HF_DATASETS_OFFLINE="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.invalid",
    )
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    env.pop("HF_TOKEN", None)
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", str(origin))
    shipped = fingerprint(ROOT / "model_data" / "snapshot")
    yield {"repo": repo, "work": work, "origin": origin, "gh": ghlog, "env": env, "temp": temp}
    assert fingerprint(ROOT / "model_data" / "snapshot") == shipped, "the workflow run wrote the real snapshot"


def commit_older_snapshot(repo: Path) -> int:
    """Commit the project with the last mention missing (as last week's snapshot); return the mentions row count then."""
    snap = repo / "model_data" / "snapshot"
    original = {p: p.read_bytes() for p in (snap / "mentions.csv", snap / "manifest.json")}
    lines = (snap / "mentions.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (snap / "mentions.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    manifest = json.loads((snap / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["mentions"]["rows"] -= 1
    older = manifest["tables"]["mentions"]["rows"]
    (snap / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "last week")
    git(repo, "push", "-q", "origin", "main")
    for path, data in original.items():  # the working tree: what an update produced this week
        path.write_bytes(data)
    return older


def run_step(s: dict, runner: dict, script: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        ["bash", "-e", "-c", script or s["run"]],
        cwd=runner["repo"],
        capture_output=True,
        text=True,
        env=step_env(s, runner["env"]),
        timeout=600,
    )
    assert done.returncode == 0, f"step {s.get('name')!r}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def gh_calls(ghlog: Path) -> list[list[str]]:
    return [p.read_text().splitlines() for p in sorted(ghlog.glob("call-*.args"), key=lambda p: int(p.stem[5:]))]


def test_workflow_is_scheduled_and_runs_the_one_command_update():
    wf = workflow()
    trigger = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    assert trigger["schedule"][0]["cron"] and "workflow_dispatch" in trigger
    runs = [s["run"] for s in steps() if "run" in s]
    assert any("pip install -r requirements-dev.txt" in r for r in runs)
    update = step(lambda r: UPDATE in r)
    assert "--offline" not in update["run"] and update["env"]["HF_TOKEN"] == "${{ secrets.HF_TOKEN }}"
    push = step(lambda r: DATASET_PUSH in r)
    tokened = [s for s in steps() if "HF_TOKEN" in str(s.get("env", ""))]
    assert tokened == [update, push], "only the update (read) and the dataset push (write) see a token"
    assert step(lambda r: "-m model_data validate" in r)
    tests = step(lambda r: "-m pytest" in r)
    assert re.search(r'-m "not e2e and not tooling"', tests["run"]), tests["run"]
    assert step(lambda r: "deploy/snapshot_pr.sh" in r)
    assert all("${{" not in r for r in runs), "expressions go through env:, never into a script"
    order = [
        i
        for i, s in enumerate(steps())
        if "run" in s
        and any(k in s["run"] for k in (UPDATE, "model_data validate", "-m pytest", "snapshot_pr.sh", DATASET_PUSH))
    ]
    assert order == sorted(order) and len(order) == 5


def test_dataset_push_step_publishes_with_its_own_write_token_or_warns_without(runner, tmp_path):
    push = step(lambda r: DATASET_PUSH in r)
    assert push["env"]["HF_TOKEN"] == "${{ secrets.HF_DATASET_TOKEN }}", "a write token, not refresh's read token"
    assert steps()[-1] == push, "it runs once the update, the checks and the tests passed"
    skipped = run_step(push, runner)
    assert "::warning::no HF_DATASET_TOKEN secret" in skipped.stdout
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "python").write_text('#!/bin/sh\necho "python $*" >> "$RUNNER_TEMP/python.calls"\n')
    (stub / "python").chmod(0o755)
    env = dict(runner["env"], PATH=f"{stub}{os.pathsep}{runner['env']['PATH']}", HF_TOKEN="hf_stand_in")
    done = subprocess.run(
        ["bash", "-e", "-c", push["run"]], cwd=runner["repo"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and (runner["temp"] / "python.calls").read_text().strip() == DATASET_PUSH


def test_pull_request_step_opens_a_pr_with_the_diff_summary(runner):
    repo = runner["repo"]
    older = commit_older_snapshot(repo)
    (runner["temp"] / "update.log").write_text("update: done\n  new mentions: 1\n")
    run_step(step(lambda r: "snapshot_pr.sh" in r), runner)

    branch = f"snapshot/update-{dt.datetime.now(dt.timezone.utc):%Y-%m-%d}"
    changed = git(runner["origin"], "diff", "--name-only", "main", branch).split()
    assert changed == ["model_data/snapshot/manifest.json", "model_data/snapshot/mentions.csv"]
    assert git(runner["origin"], "log", "--format=%s", "-1", branch).startswith("Snapshot update ")
    (create,) = [c for c in gh_calls(runner["gh"]) if c[:2] == ["pr", "create"]]
    assert create[create.index("--base") + 1] == "main" and create[create.index("--head") + 1] == branch
    body = next(runner["gh"].glob("call-*.body")).read_text()
    assert f"| mentions | {older} | {older + 1} |" in body
    assert "new mentions: 1" in body and "mentions.csv" in body and "2 files changed" in body
    assert git(runner["origin"], "rev-parse", "main") == git(repo, "rev-parse", "HEAD~1"), "main itself is untouched"

    # The same run again: nothing changed since, so no commit and no new pull request.
    before = len(gh_calls(runner["gh"]))
    again = run_step(step(lambda r: "snapshot_pr.sh" in r), runner)
    assert "Snapshot unchanged; no pull request." in again.stdout and len(gh_calls(runner["gh"])) == before


def test_whole_workflow_offline_proposes_the_updated_snapshot(runner):
    repo = runner["repo"]
    older = commit_older_snapshot(repo)
    git(repo, "checkout", "-q", "--", ".")  # last week's snapshot is what the runner checks out
    (runner["work"] / "shared").symlink_to(SHARED, target_is_directory=True)
    for s in steps():
        if "run" not in s:
            continue  # actions/checkout, setup-python: the fixture did their part
        run = s["run"]
        if "pip install" in run or "git clone" in run or "-m pytest" in run:
            continue  # install, the material (linked above), this suite itself
        if UPDATE in run:
            run = run.replace(UPDATE, UPDATE + " --offline --reference ../shared/reference-data")
        run_step(s, runner, script=run)
    body = next(runner["gh"].glob("call-*.body")).read_text()
    assert f"| mentions | {older} | " in body and "update" in body
    branch = f"snapshot/update-{dt.datetime.now(dt.timezone.utc):%Y-%m-%d}"
    assert "model_data/snapshot/mentions.csv" in git(runner["origin"], "diff", "--name-only", "main", branch).split()
