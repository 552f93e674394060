"""Command line: `python -m drugpolicy validate [--data DIR]`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drugpolicy import db
from drugpolicy.validate import summary, validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drugpolicy", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the data package; print every error as FILE:LINE:COLUMN: message")
    v.add_argument("--data", type=Path, default=None,
                   help="data folder (default: $DRUGPOLICY_DATA_DIR or the bundled data/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        directory = args.data or db.data_dir()
        if not directory.is_dir():
            print(f"{directory}: no such data folder", file=sys.stderr)
            return 2
        problems, tables = validate(directory)
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} error(s)", file=sys.stderr)
            return 1
        print(summary(tables))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
