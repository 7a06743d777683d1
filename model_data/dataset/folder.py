"""Write the dataset folder whole or not at all: everything goes into a temporary folder beside it,
which then replaces the old one; a failed run removes the temporary folder and keeps the old one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from model_data.dataset import DATA_DIR, data_file
from model_data.errors import ModelDataError, UsageError

CARD = "README.md"


def _foreign(out: Path) -> list[str]:
    """Entries of an existing `out` this command did not write: replacing it would delete them."""
    found = []
    for entry in sorted(out.iterdir()):
        if entry.name == CARD and entry.is_file():
            continue
        if entry.name == DATA_DIR and entry.is_dir():
            found += [f"{DATA_DIR}/{p.name}" for p in sorted(entry.iterdir()) if p.suffix != ".parquet" or p.is_dir()]
            continue
        found.append(entry.name)
    return found


def check_target(out: Path) -> None:
    """UsageError unless `out` is new, empty, or a dataset folder this command wrote before."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UsageError(f"--out {out} is not a folder; name a new folder or a dataset folder written before")
    if out.is_dir():
        foreign = _foreign(out)
        if foreign:
            raise UsageError(
                f"--out {out} holds files this command did not write ({', '.join(foreign[:3])}), which "
                "replacing it would delete; name a new folder or a dataset folder written before"
            )


def _swap(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.rename(tmp, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rename(out, old / out.name)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old / out.name, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write(out: Path, tables: dict[str, pa.Table], card: str) -> None:
    """`out` becomes README.md plus data/<config>.parquet, replacing what was there as a whole."""
    out = Path(out)
    check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    except OSError as err:
        raise ModelDataError(f"cannot write the dataset folder {out}: {err.strerror or err}") from None
    try:
        (tmp / DATA_DIR).mkdir()
        for name, table in tables.items():
            pq.write_table(table, tmp / data_file(name))
        (tmp / CARD).write_text(card, encoding="utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp's 0700 would hide the folder from other users
        _swap(tmp, out)
    except OSError as err:
        raise ModelDataError(
            f"cannot write the dataset folder {out} ({err.strerror or err}); the old one, if any, is unchanged"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
