"""`python -m model_data dataset`: the snapshot as a Hugging Face dataset folder (Parquet per config +
card) that `datasets.load_dataset` reads back as the snapshot's rows and types, and its push to a
fake Hub on 127.0.0.1 as one commit."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import datasets
import huggingface_hub
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from model_data.__main__ import main
from model_data.dataset import CONFIGS, HUB_URL, REPO_ID, data_file, folder, load_call
from model_data.curated import LICENSE_TABLE
from model_data.sources import licenses
from model_data.store import schema, snapshot
from tests.fixtures.hub.dataset_hub import ENDPOINT, FakeDatasetHub
from tests.helpers import tree_bytes

pytestmark = pytest.mark.slow  # tens of seconds: scheduled before the quick modules (tests/conftest.py)

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "snapshot"
TOKEN = "hf_fakeWriteToken0123456789"


def contract(config: str, column: str) -> str:
    """The type the schema promises: yes/no flags bool, whole numbers int64, other numbers float64, text string."""
    if column in schema.FLAGS.get(config, []):
        return "bool"
    if column in schema.WHOLE.get(config, []):
        return "int64"
    return "float64" if column in schema.NUMERIC.get(config, []) else "string"


def test_the_schema_declares_whole_numbers_among_numbers_and_the_promised_types():
    for table, columns in schema.WHOLE.items():
        assert set(columns) <= set(schema.NUMERIC[table])
    assert (contract("models", "params_b"), contract("episodes", "season"), contract("scores", "self_reported")) == (
        "float64",
        "int64",
        "bool",
    )


def run(*argv, capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["dataset", *[str(a) for a in argv]])
    out, err = capsys.readouterr()
    return code, out, err


SNAPSHOTS = {"fixture": FIXTURE, "shipped": snapshot.DEFAULT_DIR}


def expected(config: str, folder: Path) -> pd.DataFrame:
    """The config's rows as the app reads them: the snapshot table, or the reviewed licence table."""
    if config == "licenses":
        return pd.read_csv(LICENSE_TABLE, dtype=str, keep_default_na=False, na_values=[""])
    return snapshot.read_table(folder, config)


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    """`build(name)`: the dataset folder written from that snapshot (once per module)."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            out = tmp_path_factory.mktemp(name) / "dataset"
            assert main(["dataset", "--snapshot", str(SNAPSHOTS[name]), "--out", str(out)]) == 0
            built[name] = out
        return built[name]

    return get


@pytest.fixture(scope="module")
def written(build) -> Path:
    return build("fixture")


def same(a, b) -> bool:
    missing = lambda v: v is None or (isinstance(v, float) and math.isnan(v))  # noqa: E731
    if missing(a) or missing(b):
        return missing(a) and missing(b)
    return a == b if not isinstance(a, float) else math.isclose(a, float(b))


@pytest.mark.parametrize("which", list(SNAPSHOTS))
@pytest.mark.parametrize("config", list(CONFIGS))
def test_load_dataset_returns_each_config_with_the_snapshots_rows_and_types(build, which, config, tmp_path):
    loaded = datasets.load_dataset(str(build(which)), config, cache_dir=str(tmp_path / "cache"))["train"]
    table = expected(config, SNAPSHOTS[which])
    assert loaded.num_rows == len(table) > 0
    assert loaded.column_names == list(schema.DESCRIPTIONS[config])
    for column in loaded.column_names:
        assert loaded.features[column].dtype == contract(config, column), column
        got = loaded[column]
        want = table[column].tolist()
        if column in schema.FLAGS.get(config, []):
            want = [None if v is None or v != v else v == "true" for v in want]
        assert all(same(g, w) for g, w in zip(got, want)), (column, got[:5], want[:5])


def test_unknown_stays_null_never_zero_nor_the_text_none(written):
    models = pq.read_table(written / data_file("models")).to_pydict()
    sizes = snapshot.read_table(FIXTURE, "models")["params_b"]
    assert sizes.isna().any(), "the fixture must hold a model of unknown size"
    assert [v is None for v in models["params_b"]] == sizes.isna().tolist()
    assert 0 not in models["params_b"]
    for config in CONFIGS:
        for values in pq.read_table(written / data_file(config)).to_pydict().values():
            assert "None" not in values and "nan" not in values and "" not in values


def test_the_card_yaml_parses_and_lists_every_config_with_its_file(written):
    text = (written / "README.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in meta["configs"]] == list(CONFIGS)
    for c in meta["configs"]:
        (files,) = c["data_files"]
        assert (written / files["path"]).is_file()
    assert [c["config_name"] for c in meta["configs"] if c.get("default")] == ["models"]
    assert meta["pretty_name"] and meta["license"] and meta["task_categories"] and meta["tags"]
    assert sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()) == sorted(
        ["README.md", *(data_file(c) for c in CONFIGS)]
    )


def test_the_card_says_what_every_column_means_where_facts_came_from_and_the_caveat(written):
    text = (written / "README.md").read_text(encoding="utf-8")
    for config, columns in schema.DESCRIPTIONS.items():
        if config not in CONFIGS:
            continue
        section = text.split(f"### `{config}`")[1].split("###")[0]
        for column in columns:
            assert re.search(rf"^\| `{column}` \| \w+ \| ", section, re.M), (config, column)
    manifest = snapshot.read_manifest(FIXTURE)
    assert f"**Snapshot date:** {snapshot.snapshot_date(manifest)}" in text
    assert licenses.NOT_LEGAL_ADVICE in text
    for entry in manifest["tables"].values():
        for source in entry.get("sources", {}):
            assert re.search(rf"^\| {re.escape(source)} \|", text, re.M), source
    assert f'load_dataset("{REPO_ID}", "models", split="train")' in text


def test_llm_stats_attribution_is_in_the_card(build):
    text = (build("shipped") / "README.md").read_text(encoding="utf-8")  # the shipped snapshot scores from llm-stats
    attribution = snapshot.read_manifest(snapshot.DEFAULT_DIR)["tables"]["scores"]["sources"]["llm_stats"][
        "attribution"
    ]
    assert re.search(rf"^\| llm_stats \|.*{re.escape(attribution)}", text, re.M)


def test_every_license_table_column_is_declared_in_the_schema():
    assert list(pd.read_csv(LICENSE_TABLE, nrows=0).columns) == schema.LICENSE_TABLE


def test_an_invalid_snapshot_is_refused_in_one_sentence_and_the_old_folder_stays(written, tmp_path, capsys):
    snap = tmp_path / "snap"
    shutil.copytree(FIXTURE, snap)
    models = snap / "models.csv"
    models.write_bytes(models.read_bytes().replace(b",apache-2.0,", b",apache-2.1,", 1))
    out = tmp_path / "ds"
    shutil.copytree(written, out)
    before = tree_bytes(out)
    code, stdout, err = run("--snapshot", snap, "--out", out, capsys=capsys)
    assert code == 1 and stdout == ""
    assert err.count("\n") == 1 and "not valid" in err and "models.csv" in err and "validate" in err
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ds", "snap"], "no temporary folder left behind"


def test_a_failed_write_leaves_the_old_folder_whole(written, tmp_path, capsys, monkeypatch):
    out = tmp_path / "ds"
    shutil.copytree(written, out)
    before = tree_bytes(out)
    calls = []

    def disk_full(table, where, **kw):
        calls.append(where)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return pq.write_table(table, where, **kw)

    monkeypatch.setattr(folder.pq, "write_table", disk_full)
    code, _, err = run("--snapshot", FIXTURE, "--out", out, capsys=capsys)
    assert code == 1 and "No space left on device" in err and "unchanged" in err
    assert tree_bytes(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["ds"], "no temporary folder left behind"


def test_a_rewrite_replaces_the_folder_as_a_whole(written, tmp_path, capsys):
    out = tmp_path / "ds"
    shutil.copytree(written, out)
    (out / "data" / "old_config.parquet").write_bytes((out / data_file("models")).read_bytes())
    assert run("--snapshot", FIXTURE, "--out", out, capsys=capsys)[0] == 0
    assert tree_bytes(out) == tree_bytes(written)


def test_a_folder_with_other_files_is_never_replaced(tmp_path, capsys):
    out = tmp_path / "project"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, _, err = run("--snapshot", FIXTURE, "--out", out, capsys=capsys)
    assert code == 2 and "notes.txt" in err and err.count("\n") == 1
    assert tree_bytes(out) == {"notes.txt": b"mine"}


@pytest.fixture
def hub(monkeypatch):
    fake = FakeDatasetHub()
    huggingface_hub.set_client_factory(fake.client)
    monkeypatch.setenv("HF_ENDPOINT", ENDPOINT)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    return fake


def test_push_uploads_exactly_the_folder_in_one_commit_with_the_snapshot_date(hub, tmp_path, capsys):
    out = tmp_path / "ds"
    code, stdout, err = run("--snapshot", FIXTURE, "--out", out, "--push", "someone/mm-models", capsys=capsys)
    assert code == 0, err
    files = hub.files("someone/mm-models")
    files.pop(".gitattributes")
    assert files == tree_bytes(out)
    date = snapshot.snapshot_date(snapshot.read_manifest(FIXTURE))
    assert hub.messages("someone/mm-models") == ["initial commit", f"Snapshot of {date}"]
    # huggingface_hub's own side request (its agent registry, at the import-time endpoint) aside,
    # every request went to the Hub named by HF_ENDPOINT, with the token
    pushed = [r for r in hub.seen if r.url.path != "/api/agent-harnesses"]
    assert {r.url.host for r in pushed} == {"127.0.0.1"}
    assert all(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in pushed)
    assert TOKEN not in stdout + err and "someone/mm-models" in stdout


def test_a_second_push_removes_what_the_folder_no_longer_has_in_the_same_commit(hub, tmp_path, capsys):
    assert run("--snapshot", FIXTURE, "--push", "someone/mm-models", capsys=capsys)[0] == 0
    repo = hub.repos["someone/mm-models"]
    repo["files"]["data/retired.parquet"] = b"old"
    out = tmp_path / "ds"
    assert run("--snapshot", FIXTURE, "--out", out, "--push", "someone/mm-models", capsys=capsys)[0] == 0
    assert "data/retired.parquet" not in hub.files("someone/mm-models")
    assert len(hub.messages("someone/mm-models")) == 3
    code, stdout, _ = run("--snapshot", FIXTURE, "--push", "someone/mm-models", capsys=capsys)
    assert code == 0 and "nothing pushed" in stdout and len(hub.messages("someone/mm-models")) == 3


@pytest.mark.parametrize("step", ["preupload", "commit", "validate"])
def test_a_failed_push_leaves_the_repository_as_it_was(hub, tmp_path, capsys, step):
    assert run("--snapshot", FIXTURE, "--push", "someone/mm-models", capsys=capsys)[0] == 0
    hub.repos["someone/mm-models"]["files"]["README.md"] = b"last week's card"
    before = (hub.files("someone/mm-models"), hub.messages("someone/mm-models"))
    hub.fail[step] = 500
    code, _, err = run("--snapshot", FIXTURE, "--push", "someone/mm-models", capsys=capsys)
    assert code == 1 and err.count("\n") == 1 and "previous version" in err and TOKEN not in err
    assert (hub.files("someone/mm-models"), hub.messages("someone/mm-models")) == before


def test_a_rejected_token_is_named_without_printing_it(hub, capsys):
    hub.fail["create"] = 403
    code, _, err = run("--snapshot", FIXTURE, "--push", "someone/mm-models", capsys=capsys)
    assert code == 1 and "write access" in err and TOKEN not in err


def test_push_without_a_token_stops_before_any_request(hub, capsys, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    code, _, err = run("--snapshot", FIXTURE, "--push", capsys=capsys)
    assert code == 2 and "HF_TOKEN" in err and err.count("\n") == 1
    assert [r for r in hub.seen if r.url.host == "127.0.0.1"] == []


def test_push_defaults_to_the_projects_repository(hub, capsys):
    assert run("--snapshot", FIXTURE, "--push", capsys=capsys)[0] == 0
    assert list(hub.repos) == [REPO_ID]


def test_the_data_page_links_the_dataset_and_shows_the_one_line_call():
    from tests.apptest_helpers import no_exception, open_app

    at = open_app(FIXTURE, "app_pages/data.py")
    no_exception(at)
    assert any(f"]({HUB_URL})" in m.value for m in at.markdown)
    assert any(load_call() in c.value for c in at.code)


def test_the_readme_names_the_same_repository_and_call():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert HUB_URL in readme and load_call() in readme and "## Use the data in a notebook" in readme
