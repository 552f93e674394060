"""Command line: `python -m drugpolicy validate [--data DIR]` and `python -m drugpolicy export ...`."""
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
    e = sub.add_parser("export", help="write a briefing deck (pptx), the data (xlsx), one chart (png, svg) or one "
                                      "city's printable profile (pdf)")
    e.add_argument("--cities", required=True, help="comma-separated city ids, e.g. antwerpen,aalst; with pdf: one city")
    e.add_argument("--model", default="three_track", help="three_track, five_pillars or own (pdf: the city's own)")
    e.add_argument("--lang", default="nl", help="nl, fr or en")
    e.add_argument("--format", dest="fmt", choices=("pptx", "xlsx", "png", "svg", "pdf"), default="pptx")
    e.add_argument("--chart", help="with png/svg: which chart (a section name)")
    e.add_argument("--sections", help="with pptx: comma-separated sections (default: all)")
    e.add_argument("--out", type=Path, required=True, help="file to write")
    args = parser.parse_args(argv)
    if args.command == "export":
        return export(args)
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


def export(args) -> int:
    from drugpolicy import sections
    from drugpolicy.exports import deck, images, pdf, tables
    from drugpolicy.validate import DataError

    cities = [c.strip() for c in args.cities.split(",") if c.strip()]
    try:
        if args.fmt == "pdf" and len(cities) != 1:  # a profile is one city's; several would be several documents
            raise sections.SelectionError(
                "--format pdf makes one city's profile: give one city in --cities"
                + (f", not {len(cities)} ({', '.join(cities)})" if cities else " (none given)"))
        sections.check(cities, args.model, args.lang, args.chart if args.fmt in ("png", "svg") else None)
        if args.fmt in ("png", "svg") and not args.chart:
            raise sections.SelectionError(f"--format {args.fmt} needs --chart (one of: {', '.join(sections.CHARTS)})")
        if args.fmt == "pptx":
            wanted = [s.strip() for s in args.sections.split(",")] if args.sections else None
            data = deck.build_deck(sections.build(cities, args.model, args.lang, wanted), cities=cities,
                                   model=args.model, lang=args.lang)
        elif args.fmt == "pdf":
            data = pdf.city_pdf(cities[0], args.lang)
        elif args.fmt == "xlsx":
            data = tables.briefing_xlsx(cities, args.model, args.lang)
        else:
            section = sections.chart(args.chart, cities, args.model, args.lang)
            if section is None:
                raise sections.SelectionError(f"no figures for chart {args.chart} for {', '.join(cities)}")
            data = images.picture(section, args.lang, args.fmt)
    except sections.SelectionError as err:
        print(f"export: {err}", file=sys.stderr)
        return 2
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    args.out.write_bytes(data)
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
