"""Open snapshot files (tables, manifest, journal, digest) as regular files only, with a bounded read.

The snapshot folder may be shared, restored from a backup or edited by hand, so a file in it can be
a link to /dev/zero (an endless read), a FIFO (an `open` that never returns) or far too big. Each of
those is an OSError naming what the file is, which the callers already turn into one sentence.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_BYTES = 512 << 20  # far above any real table (50,000 mentions are ~10 MB), far below the RAM it needs
KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_regular(path: Path | str, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; FileNotFoundError when absent, OSError when it is not a regular file or too big.

    O_NONBLOCK makes `open` of a FIFO return at once (the type check then refuses it); a link is
    followed, but what it leads to must be a regular file too.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise OSError(errno.EINVAL, f"it is {kind}, not a regular file", str(path))
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise OSError(errno.EFBIG, f"it is larger than {limit >> 20} MB", str(path))
    finally:
        os.close(fd)
