"""The offline refresh of the fixture reference gives exactly the bytes it gave before the score
readers were vectorised (tests/data/refresh_golden: written by the per-group code, commit 8ff6249).

A change meant to alter the output (a unit, a label) updates those two files in the same commit:
copy models.csv and scores.csv from the folder this test names in its failure message.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import OFFLINE_MODELS, REF, cli

GOLDEN = Path(__file__).parent / "data" / "refresh_golden"


def test_offline_refresh_output_is_byte_identical_to_the_recorded_one(tmp_path):
    models = tmp_path / "mentions.csv"
    models.write_text(OFFLINE_MODELS)
    folder = tmp_path / "snap"
    assert cli("--offline", "--reference", REF, "--models", models, "--snapshot", folder) == 0
    for table in ("models.csv", "scores.csv"):
        assert (folder / table).read_bytes() == (GOLDEN / table).read_bytes(), f"{table} differs: see {folder}"
