"""One base for every error the data commands raise on purpose: a problem a user can act on, said in
one sentence (which file or input, what is wrong, what to run). `python -m model_data` reports any of
them that a command did not report itself as that sentence on stderr with `exit_code`, never a traceback."""

from __future__ import annotations


class ModelDataError(Exception):
    """A problem with the input, the sources or the snapshot, worded for the person running the command."""

    exit_code = 1


class UsageError(ModelDataError):
    """Bad command-line input (a file that does not exist, an option that cannot be honoured)."""

    exit_code = 2


def scrub(text: str, token: str | None) -> str:
    """`text` with the access token masked: error messages are printed and logged, tokens never."""
    return text.replace(token, "***") if token else text
