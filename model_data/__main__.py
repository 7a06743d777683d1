"""`python -m model_data ingest|refresh|validate|digest|update|review|restore` (the only commands that write the snapshot) and `dataset` (publishes it)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys


# The commands, declared once: the CLI below and the hostile-input suite (tests/test_hostile_snapshot_folder.py)
# read this mapping, so a new command is attacked there too. Each one's module is imported only when
# it runs (or for the full help): `validate` does not pay for the ingest's catalogue and readers.
MODULES = {
    "ingest": "model_data.ingest.command",
    "refresh": "model_data.sources.refresh_command",
    "validate": "model_data.store.validate",
    "digest": "model_data.store.digest_command",
    "update": "model_data.update",
    "review": "model_data.ingest.review",
    "restore": "model_data.store.restore",
    "dataset": "model_data.dataset.command",
}
COMMANDS = tuple(MODULES)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    parser = argparse.ArgumentParser(prog="python -m model_data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    first = next((a for a in argv if a in ("-h", "--help") or not a.startswith("-")), None)
    chosen = None if first in ("-h", "--help") else first  # the full help: every command's line
    for name in COMMANDS:
        if chosen in MODULES and name != chosen:
            sub.add_parser(name)  # not run now: its module and options are not needed
            continue
        module = importlib.import_module(MODULES[name])
        p = sub.add_parser(name, help=module.__doc__.splitlines()[0])
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    args = parser.parse_args(argv)
    from model_data.errors import ModelDataError, scrub

    try:
        return int(args.run(args) or 0)
    except ModelDataError as err:  # one the command did not word itself: its sentence, no traceback
        print(f"{args.command}: {scrub(str(err), os.environ.get('HF_TOKEN'))}", file=sys.stderr)
        return err.exit_code
    except OSError as err:  # a file or folder the system refused (permissions, a full disk): named, no traceback
        where = f" {err.filename}" if err.filename else ""
        print(f"{args.command}: cannot use{where}: {err.strerror or err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
