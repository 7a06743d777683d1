"""Read corpus files so that a hostile corpus cannot make the ingest read anything outside it.

A corpus is someone else's git checkout, and git keeps symbolic links: a "recap" linking to a
deploy key, or an "episode page" linking to /etc/passwd, would otherwise be read and its lines
shipped in candidates.csv and review.md. A FIFO named `*.md` would block `open` for ever, and a
link to /dev/zero has `st_size` 0, so a size check on `stat` lets an endless read through.

The rules, in one place for every reader (markdown, JSON, PDF, YAML, transcripts):
- only regular files are read (no FIFOs, devices, sockets, folders);
- a file inside a corpus must resolve (after following every link) to a path inside that
  corpus's root; an `--extra` file the user named on the command line is read wherever it is
  (pass `root=None`), still only if it is a regular file;
- the size limit counts the bytes actually read (at most `limit + 1` are ever read).
Anything refused raises `Refused` with a reason fit for the review report; the reason never
names the link's target (that could itself be a secret path).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from model_data.errors import ModelDataError

CHUNK = 1 << 20


class Refused(ModelDataError):
    """A file the ingest will not read; `reason` says why in words for the review report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _kind(mode: int) -> str | None:
    """Why a non-regular file is refused, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file; not read"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file; not read"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file; not read"
    if stat.S_ISDIR(mode):
        return "a folder, not a file; not read"
    return "not a regular file; not read"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return True
    except ValueError:
        return False


def check_file(path: Path, root: Path | None) -> str | None:
    """The reason `path` must not be read, or None when it may be (without opening it).

    Used by the corpus walk so refused files are named before any reader sees them.
    """
    path = Path(path)
    try:
        link = path.lstat()
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    is_link = stat.S_ISLNK(link.st_mode)
    if root is not None and is_link:
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a symbolic link that points nowhere (or loops); not read"
        if not _inside(target, Path(root).resolve()):
            return "a symbolic link to a file outside the corpus; not read"
    try:
        mode = path.stat().st_mode if is_link else link.st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    return _kind(mode)


def read_bytes_safely(path: Path, root: Path | None, limit: int) -> bytes:
    """The bytes of `path`, or `Refused(reason)`; never more than `limit` bytes are accepted.

    The file is opened non-blocking (a FIFO cannot hang the open) and checked on the open
    descriptor (`fstat`), so a path swapped between the check and the read is still caught.
    An `OSError` (permission, vanished file) passes through for the caller to report.
    """
    path = Path(path)
    reason = check_file(path, root)
    if reason:
        raise Refused(reason)
    real = path.resolve(strict=True)
    if root is not None and not _inside(real, Path(root).resolve()):
        raise Refused("resolves to a path outside the corpus; not read")
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        reason = _kind(os.fstat(fd).st_mode)
        if reason:
            raise Refused(reason)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise Refused(f"file is over the {limit:,}-byte limit; skipped")
        return b"".join(chunks)
    finally:
        os.close(fd)


MAX_DEPTH = 40  # the corpora nest at most 6 folders deep


def walk(root: Path, skip_dirs: frozenset[str] = frozenset({".git"})) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file under `root` that may be read (sorted), and every entry refused with its reason.

    Linked folders are not followed (named instead: they may lead outside the corpus or loop);
    linked files are kept only when they resolve inside the corpus.
    """
    root = Path(root)
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for folder, dirs, names in os.walk(
        root,
        onerror=lambda err: refused.append(
            (Path(err.filename or root), f"folder cannot be read: {err.strerror or err}")
        ),
    ):
        here = Path(folder)
        if len(here.relative_to(root).parts) >= MAX_DEPTH:  # bounded: os.walk recurses per level
            if dirs:
                refused.append((here, f"folders nested deeper than {MAX_DEPTH} levels; not read"))
            dirs[:] = []
        kept = []
        for d in sorted(dirs):
            if d in skip_dirs:
                continue
            if (here / d).is_symlink():
                refused.append((here / d, "a symbolic link to a folder; not followed"))
            else:
                kept.append(d)
        dirs[:] = kept
        for name in sorted(names):
            path = here / name
            reason = check_file(path, root)
            if reason:
                refused.append((path, reason))
            else:
                files.append(path)
    return files, refused
