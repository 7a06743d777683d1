"""`python -m model_data ingest|refresh|validate|digest|update|review|restore` (the only commands that write the snapshot) and `dataset` (publishes it)."""

from __future__ import annotations

import argparse
import os
import sys


# The commands, declared once: the CLI below and the hostile-input suite (tests/test_hostile_snapshot_folder.py)
# read this tuple, so a new command is attacked there too.
COMMANDS = ("ingest", "refresh", "validate", "digest", "update", "review", "restore", "dataset")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model_data", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    from model_data.store import digest_command as digest, restore, validate
    from model_data.ingest import command as ingest, review
    from model_data.sources import refresh_command as refresh
    from model_data import update
    from model_data.dataset import command as dataset

    modules = {
        "ingest": ingest,
        "refresh": refresh,
        "validate": validate,
        "digest": digest,
        "update": update,
        "review": review,
        "restore": restore,
        "dataset": dataset,
    }
    for name in COMMANDS:
        module = modules[name]
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
