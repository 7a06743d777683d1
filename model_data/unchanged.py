"""Skip an update step that is known to write nothing: same inputs, same code, same snapshot.

A step (ingest, offline refresh, validate) is a function of its input files, the package's own
code and tables, the library versions, its command line, the date and the snapshot it starts
from. When a run of the step exited 0 and left the snapshot byte-identical, that combination is
recorded in the cache (model_data.cache) with what the step printed; the next run with the same
combination prints that record again instead of redoing the work. Anything different (one byte
of a corpus page, a code edit, another day, a snapshot changed by hand) runs the step in full.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from importlib import metadata
from pathlib import Path
from typing import Callable

from model_data import cache

PACKAGE = Path(__file__).resolve().parent
LIBRARIES = ("pandas", "numpy", "pyarrow", "pypdf", "PyYAML", "rapidfuzz", "huggingface_hub", "datasets")


def _tree(digest_parts: list, root: Path, skip: tuple[str, ...] = ()) -> None:
    """Relative name and bytes of every file under `root` (sorted), or of `root` itself."""
    if root.is_file():
        digest_parts += [str(root), root.read_bytes()]
        return
    if not root.is_dir():
        digest_parts.append(f"missing {root}")
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and "__pycache__" not in rel.parts and not any(rel.parts[0] == s for s in skip):
            digest_parts += [str(rel), path.read_bytes()]


def _versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return f"python {sys.version}; " + ", ".join(found)


def snapshot_state(folder: Path) -> str | None:
    """sha256 over the snapshot's files and the generation kept in `.previous/` (names and bytes),
    so a skipped step leaves the folder exactly as running it would; None when a swap is half-way."""
    if (folder / ".swap.json").exists():
        return None
    parts: list = []
    for sub in (folder, folder / ".previous"):
        if sub.is_dir():
            for path in sorted(sub.iterdir()):
                if path.is_file() and not path.name.startswith("."):
                    parts += [str(path.relative_to(folder)), path.read_bytes()]
    return cache.key_of(*parts)


def step_key(step: str, argv: list[str], inputs: list[Path], state: str) -> str:
    """The key of one step run from snapshot `state` (see snapshot_state)."""
    parts: list = [step, "\0".join(argv), dt.date.today().isoformat(), _versions(), state]
    _tree(parts, PACKAGE, skip=("snapshot",))
    for path in inputs:
        _tree(parts, Path(path))
    return cache.key_of(*parts)


class _Tee(io.TextIOBase):
    """A stream that writes through to `target` and keeps a copy (isatty etc. as the target's)."""

    def __init__(self, target):
        self.target, self.copy = target, io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()


def run_step(step: str, argv: list[str], inputs: list[Path], folder: Path, run: Callable[[], int]) -> int:
    """`run()`, unless this exact step was seen to write nothing; then its recorded report again."""
    before = snapshot_state(folder)
    key = None if before is None else step_key(step, argv, inputs, before)
    if key is not None:
        seen = cache.get("unchanged-step", key)
        if isinstance(seen, dict) and isinstance(seen.get("stdout"), str) and isinstance(seen.get("stderr"), str):
            print(
                f"update: {step}: same inputs, code and snapshot as a run that changed nothing; its report:",
                file=sys.stderr,
            )
            sys.stdout.write(seen["stdout"])
            sys.stderr.write(seen["stderr"])
            return 0
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = run()
    finally:
        sys.stdout, sys.stderr = saved
    if code == 0 and key is not None and snapshot_state(folder) == before:
        cache.put("unchanged-step", key, {"stdout": out.copy.getvalue(), "stderr": err.copy.getvalue()})
    return code
