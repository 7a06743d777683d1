"""The Overview digest (model_data/store/digest.py) and the pandas-free landing page built on it (ui/landing.py).

What is asserted: the digest says what the tables say; every write of the snapshot adds it and
`validate` checks it; a digest that does not belong to the tables on disk is never used; the
landing page reads it without importing pandas or numpy, and draws the same thing as from the tables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path


import pytest

from model_data.store import digest, schema, snapshot, validate, writer
from model_data import views
from model_data.store.snapshot import read_snapshot, read_table
from tests.apptest_helpers import FIXTURE, ROOT, SHIPPED, add_digest, needs_shipped
from ui import data as ui_data
from ui import landing


def tables_of(folder: Path) -> dict:
    return {n: read_table(folder, n) for n in schema.TABLES}


@pytest.fixture
def shipped_copy(tmp_path) -> Path:
    if not (SHIPPED / digest.FILE).exists():
        pytest.skip("shipped snapshot has no digest yet")
    folder = tmp_path / "snap"
    shutil.copytree(SHIPPED, folder)
    return folder


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_digest_knows_the_snapshot_tables_without_importing_their_schema():
    assert digest.TABLES == tuple(schema.TABLES)


def test_digest_says_what_the_tables_say():
    tables = tables_of(FIXTURE)
    models = views.model_table(tables)
    eps = views.episodes_frame(tables["episodes"])
    d = digest.build(tables, {})
    assert d["stats"] == views.overview_stats(models, eps, tables["mentions"])
    assert d["seasons"] == views.per_season(models, eps, tables["mentions"]).to_dict("records")
    assert [f["license_family"] for f in d["families"]][0] == "permissive"
    assert [e["episode_id"] for e in d["episodes"]] == list(eps["episode_id"])
    s1e1 = next(e for e in d["episodes"] if e["episode_id"] == "s1e1")
    assert s1e1["models"] == len(s1e1["names"]) == 5 and s1e1["names"] == sorted(s1e1["names"], key=str.lower)
    assert dict(map(tuple, d["models"]))["microsoft/phi-4"] == "Phi-4"
    assert len(d["models"]) == len(models)
    assert digest.to_bytes(d) == digest.to_bytes(digest.build(tables, {}))  # canonical: same tables, same bytes


def test_unknown_values_are_null_never_zero(tmp_path):
    folder = tmp_path / "snap"
    shutil.copytree(FIXTURE, folder)
    eps = read_table(folder, "episodes")
    eps.loc[eps["episode_id"] == "s1e1", ["date", "title"]] = None
    eps.to_csv(folder / "episodes.csv", index=False)
    d = digest.build(tables_of(folder), {})
    s1e1 = next(e for e in d["episodes"] if e["episode_id"] == "s1e1")
    assert s1e1["date"] is None and s1e1["title"] is None
    json.loads(digest.to_bytes(d))  # valid JSON (no NaN)
    row = [line for line in landing.Landing({}, d, True).tables["episodes"].splitlines() if "S1E1" in line][0]
    assert "| unknown |" in row  # shown as unknown


def test_every_write_adds_the_digest_and_a_rerun_writes_nothing(shipped_copy):
    folder = shipped_copy
    (folder / digest.FILE).unlink()
    manifest = manifest_of(folder)
    del manifest["derived"]
    (folder / "manifest.json").write_bytes(snapshot.manifest_bytes(manifest))  # a snapshot from before digests
    assert digest.read(folder) is None and validate.check_folder(folder) == []  # still valid; the app computes it
    assert writer.write_snapshot(folder, {}) == [digest.FILE, "manifest.json"]
    entry = manifest_of(folder)["derived"][digest.FILE]
    assert entry == {
        "sha256": hashlib.sha256((folder / digest.FILE).read_bytes()).hexdigest(),
        "version": digest.VERSION,
    }
    assert validate.check_folder(folder) == []
    assert digest.read(folder) is not None
    assert writer.write_snapshot(folder, {}) == []
    # a table that changes gets a new digest in the same swap
    eps = read_table(folder, "episodes")
    eps.loc[0, "title"] = "A renamed episode"
    changed = writer.write_snapshot(folder, {"episodes": eps})
    assert changed == ["episodes.csv", digest.FILE, "manifest.json"]
    _, d = digest.read(folder)
    assert d["episodes"][0]["title"] == "A renamed episode"


@needs_shipped
def test_shipped_snapshot_has_a_current_digest():
    found = digest.read(SHIPPED)
    assert found is not None, "run `python -m model_data digest`"
    manifest, d = found
    assert digest.to_bytes(d) == digest.to_bytes(digest.build(tables_of(SHIPPED), manifest))


def _edit_digest(folder: Path, change) -> None:
    """Rewrite overview.json with `change` applied and list its new sha256, as a careless tool would."""
    d = json.loads((folder / digest.FILE).read_bytes())
    change(d)
    blob = digest.to_bytes(d)
    (folder / digest.FILE).write_bytes(blob)
    manifest = manifest_of(folder)
    manifest["derived"][digest.FILE] = digest.manifest_entry(blob)
    (folder / "manifest.json").write_bytes(snapshot.manifest_bytes(manifest))


TAMPERING = {
    "digest edited, manifest not": lambda f: (f / digest.FILE).write_bytes(
        (f / digest.FILE).read_bytes().replace(b'"episodes":', b'"episodes" :', 1)
    ),
    "a table edited": lambda f: (f / "models.csv").write_bytes((f / "models.csv").read_bytes() + b"\n"),
    "digest missing": lambda f: (f / digest.FILE).unlink(),
    "not listed in the manifest": lambda f: (f / "manifest.json").write_bytes(
        snapshot.manifest_bytes({k: v for k, v in manifest_of(f).items() if k != "derived"})
    ),
    "another version": lambda f: _edit_digest(f, lambda d: d.update(version=digest.VERSION + 1)),
    "built from other tables": lambda f: _edit_digest(f, lambda d: d["sources"].update(models="0" * 64)),
    "not JSON": lambda f: (f / digest.FILE).write_bytes(b"{ nope"),
    "no manifest": lambda f: (f / "manifest.json").unlink(),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_digest_that_does_not_belong_to_the_tables_is_never_used(shipped_copy, case):
    assert digest.read(shipped_copy) is not None
    TAMPERING[case](shipped_copy)
    assert digest.read(shipped_copy) is None


def test_validate_reports_a_digest_that_is_missing_or_stale(shipped_copy):
    (shipped_copy / digest.FILE).rename(shipped_copy / "kept.json")
    assert any("overview.json is listed in manifest.json but missing" in e for e in validate.check_folder(shipped_copy))
    (shipped_copy / "kept.json").rename(shipped_copy / digest.FILE)
    _edit_digest(shipped_copy, lambda d: d["stats"].update(episodes=999))
    errors = validate.check_folder(shipped_copy)
    assert errors == [
        "overview.json does not match the tables (built by another version, or edited): "
        "run `python -m model_data digest`"
    ]
    assert (
        subprocess.run(
            [sys.executable, "-m", "model_data", "digest", "--snapshot", str(shipped_copy)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        ).returncode
        == 0
    )
    assert validate.check_folder(shipped_copy) == [] and digest.read(shipped_copy)[1]["stats"]["episodes"] == len(
        views.aired(read_table(shipped_copy, "episodes"))
    )


def test_digest_command_says_what_it_did(shipped_copy, tmp_path):
    run = lambda folder: subprocess.run(
        [sys.executable, "-m", "model_data", "digest", "--snapshot", str(folder)],  # noqa: E731
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    done = run(shipped_copy)
    assert done.returncode == 0 and "already up to date" in done.stdout
    missing = run(tmp_path / "nowhere")
    assert missing.returncode == 1 and "no snapshot" in missing.stderr


def test_a_digest_that_cannot_be_built_never_stops_a_write(shipped_copy, monkeypatch, caplog):
    def broken(*_a, **_k):
        raise ValueError("a bug in the digest")

    monkeypatch.setattr(digest, "build", broken)
    eps = read_table(shipped_copy, "episodes")
    eps.loc[0, "title"] = "Still written"
    with caplog.at_level("WARNING"):
        assert "episodes.csv" in writer.write_snapshot(shipped_copy, {"episodes": eps})
    assert read_table(shipped_copy, "episodes").loc[0, "title"] == "Still written"
    assert digest.FILE not in (manifest_of(shipped_copy).get("derived") or {})
    assert digest.read(shipped_copy) is None  # the app computes the Overview itself
    assert any("digest could not be built" in r.getMessage() for r in caplog.records)


def test_landing_from_the_digest_equals_landing_from_the_tables(shipped_copy, monkeypatch):
    monkeypatch.setenv("MME_SNAPSHOT_DIR", str(shipped_copy))
    from_file = landing.load()
    assert from_file.from_file
    data = ui_data.load()
    (shipped_copy / digest.FILE).unlink()  # same tables, no digest: a new fingerprint, built from the tables
    manifest = manifest_of(shipped_copy)
    del manifest["derived"]
    (shipped_copy / "manifest.json").write_bytes(snapshot.manifest_bytes(manifest))
    built = landing.load()
    assert not built.from_file
    assert {k: v for k, v in built.digest.items() if k != "sources"} == {
        k: v for k, v in from_file.digest.items() if k != "sources"
    }
    assert built.tables == from_file.tables
    assert (
        from_file.colors == data.colors and from_file.names == data.names and from_file.model_ids() == data.model_ids()
    )
    assert from_file.caption() == data.caption()
    # the CSV downloads hold what the tables give
    seasons = views.per_season(data.models, data.episodes, data.mentions)
    assert from_file.seasons_csv_frame().to_csv(index=False) == seasons.to_csv(index=False)
    eps = views.episode_summary(data.episodes, data.mentions, data.models)
    expected = (
        eps.drop(columns="ids").assign(names=eps["names"].map("; ".join)).rename(columns={"names": "models_named"})
    )
    assert from_file.episodes_csv_frame().to_csv(index=False) == expected.to_csv(index=False)
    assert f"The 12 most recent of {len(eps)} episodes" in from_file.tables["note"]
    assert len(from_file.tables["episodes"].splitlines()) == 2 + 12


LANDING_RUN = textwrap.dedent("""
    import sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file("dashboard.py", default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    numbers = [s.value for s in at.subheader if s.value.replace(",", "").isdigit()]   # the headline numbers
    print("numbers", numbers[:5])
    print("heavy", sorted(m for m in ("pandas", "numpy", "pyarrow", "PIL.Image") if m in sys.modules))
""")


def _landing_imports(folder: Path) -> tuple[list[str], str]:
    out = subprocess.run(
        [sys.executable, "-c", LANDING_RUN],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "MME_SNAPSHOT_DIR": str(folder)},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    return eval(lines["heavy"]), lines["numbers"]  # noqa: S307  (our own print of a list of str)


def test_the_landing_page_draws_without_pandas_or_numpy(shipped_copy, tmp_path):
    """The point of the digest: the page a shared link opens does not wait for pandas (bench/startup.py)."""
    heavy, numbers = _landing_imports(shipped_copy)
    t = dict(read_snapshot(shipped_copy).tables)
    stats = views.overview_stats(views.model_table(t), t["episodes"], t["mentions"])
    expected = [str(stats[k]) for k in ("episodes", "models", "open", "closed", "license_families")]
    assert heavy == [] and numbers == str(expected)
    # ...while a snapshot without a digest still draws the same numbers, from the tables
    folder = tmp_path / "fixture"
    shutil.copytree(FIXTURE, folder)
    (folder / digest.FILE).unlink()  # the fixture is written with one, as every snapshot is: take it away
    manifest = json.loads((folder / "manifest.json").read_text())
    del manifest["derived"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    heavy, numbers = _landing_imports(folder)
    assert "pandas" in heavy and numbers == "['6', '17', '15', '2', '4']"  # 19 repos, 17 models
    heavy, numbers = _landing_imports(add_digest(folder))
    assert heavy == [] and numbers == "['6', '17', '15', '2', '4']"


def test_snapshot_reads_stay_as_they_were_with_a_digest_beside_them(shipped_copy):
    """overview.json is not a table: read_consistent and validate's table checks ignore it."""
    snap = snapshot.read_consistent(shipped_copy)
    assert set(snap.tables) == set(schema.TABLES)
    assert read_snapshot(shipped_copy).tables["models"].equals(read_snapshot(SHIPPED).tables["models"])
