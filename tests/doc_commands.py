"""The shell commands written in README.md and docs/*.md, read the way a person pastes them.

Found: (1) indented code blocks (4 spaces, after a blank line) and fenced blocks whose language is
empty, sh, bash, shell or console, outside fences of other languages (a ```yaml or ```nginx block is
a file to write, not a command); lines ending in a backslash are joined, comment lines dropped;
(2) inline `code` in prose that names a command: a program in `.venv/bin/`, `python`/`python3` or
`apt-get` followed by arguments, or anything with `-m model_data`. Used by tests/test_docs_commands.py and tests/test_fresh_install.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHELL_LANGS = {"", "sh", "bash", "shell", "console"}


@dataclass(frozen=True)
class Command:
    doc: str  # path relative to the project root
    line: int  # 1-based line where the command starts
    text: str  # as pasted: continuation lines joined, the trailing comment kept (bash ignores it)
    inline: bool  # from `code` in prose rather than a code block

    @property
    def bare(self) -> str:
        """The command without a trailing `# comment`."""
        return re.sub(r"\s+#.*$", "", self.text).strip()

    def __str__(self) -> str:
        return f"{self.doc}:{self.line}: {self.bare}"


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _block_commands(rel: str, lines: list[tuple[int, str]]) -> list[Command]:
    out, pending, start = [], "", 0
    for no, raw in lines:
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = no
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        out.append(Command(rel, start, (pending + line).strip(), inline=False))
        pending = ""
    if pending:
        out.append(Command(rel, start, pending.strip(), inline=False))
    return out


def commands_in(path: Path) -> list[Command]:
    rel = str(path.relative_to(ROOT))
    text = path.read_text(encoding="utf-8").splitlines()
    found: list[Command] = []
    fence: str | None = None
    block: list[tuple[int, str]] = []
    indented: list[tuple[int, str]] = []
    previous_blank = True
    for no, line in enumerate(text, 1):
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith("```"):
                if fence in SHELL_LANGS:
                    found += _block_commands(rel, block)
                fence, block = None, []
            else:
                block.append((no, line))
            continue
        if stripped.startswith("```"):
            fence = stripped[3:].strip().lower()
            continue
        if line.startswith("    ") and stripped and (indented or previous_blank):
            indented.append((no, line[4:]))
            continue
        if indented and stripped:
            found += _block_commands(rel, indented)
            indented = []
        if not indented:
            for m in re.finditer(r"`([^`\n]+)`", line):
                span = m.group(1).strip()
                if re.match(r"(\.venv/bin/[\w.-]+|python3?|(sudo )?apt-get)\s+\S", span) or "-m model_data" in span:
                    found.append(Command(rel, no, span, inline=True))
        previous_blank = not stripped
    if indented:
        found += _block_commands(rel, indented)
    return found


def all_commands() -> list[Command]:
    return [c for path in doc_files() for c in commands_in(path)]


def readme_blocks() -> list[str]:
    """The README's code-block commands in order: the first is the setup command, the second the test command."""
    return [c.bare for c in commands_in(ROOT / "README.md") if not c.inline]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without this test run's virtual environment, Python path or snapshot choice."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MME_SNAPSHOT_DIR") and not k.startswith("STREAMLIT_")
    }
    bindir = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != bindir)
    env.update(extra)
    return env


def fresh_copy(dest: Path) -> Path:
    """The project's files as a fresh clone has them (tracked and new, not ignored: no .venv, caches, build output)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        for rel in filter(None, listed.stdout.decode().split("\0")):
            src = ROOT / rel
            if src.is_file():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:  # not a git checkout: copy the tree without what a clone would not have
        shutil.copytree(
            ROOT,
            dest,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "dist", "out", "screenshots"
            ),
        )
    return dest
