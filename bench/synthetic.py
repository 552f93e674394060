"""Write a synthetic data package N times the real one (cities, measures, figures) for DRUGPOLICY_DATA_DIR.

    python bench/synthetic.py --scale 100 --out bench/out/scale100

Every city and everything that belongs to it (measures, their pillars, population, police zones, capacity,
enforcement, budgets) is copied N-1 times under new ids (antwerpen-s2, ...). Shared vocabularies (sources,
models, pillars, crosswalk, instruments, indicators, glossary) stay as they are, so the package validates
exactly like the real one. The numbers are the real ones repeated: this is for timing, never for reading.
"""
from __future__ import annotations

import argparse
import csv
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drugpolicy.validate import load_package, validate  # noqa: E402

# table -> (id column or None, columns that hold a city id, columns that hold an id of a copied table)
PER_CITY = {
    "cities": ("city_id", ["city_id"], []),
    "police_zones": (None, ["city_id"], []),
    "population": ("population_id", ["city_id"], []),
    "measures": ("measure_id", ["city_id", "inspired_by_city_id"], []),
    "measure_pillars": (None, [], ["measure_id"]),
    "capacity": ("capacity_id", ["city_id"], []),
    "enforcement": ("enforcement_id", ["city_id"], []),
    "budgets": ("budget_id", ["city_id"], ["measure_id"]),
}
NAME_COLUMNS = ("name_nl", "name_fr", "name_en")


def read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def suffix(value: str, k: int) -> str:
    return value if not value or k == 1 else f"{value}-s{k}"


def write_scaled(src: Path, out: Path, scale: int) -> dict[str, int]:
    pkg = load_package(src)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(src / "datapackage.json", out / "datapackage.json")
    counts = {}
    for res in pkg["resources"]:
        header, rows = read(src / res["path"])
        if res["name"] not in PER_CITY:
            shutil.copy(src / res["path"], out / res["path"])
            counts[res["name"]] = len(rows)
            continue
        id_col, city_cols, ref_cols = PER_CITY[res["name"]]
        idx = {c: header.index(c) for c in [*city_cols, *ref_cols, *([id_col] if id_col else [])]}
        names = [header.index(c) for c in NAME_COLUMNS if c in header and res["name"] == "cities"]
        scaled = []
        for k in range(1, scale + 1):
            for row in rows:
                new = list(row)
                for col in [*city_cols, *ref_cols, *([id_col] if id_col else [])]:
                    new[idx[col]] = suffix(row[idx[col]], k)
                for i in names:
                    new[i] = row[i] if k == 1 else f"{row[i]} ({k})"
                scaled.append(new)
        with (out / res["path"]).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(scaled)
        counts[res["name"]] = len(scaled)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100, help="how many times the real data (default 100)")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real data package")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default bench/out/scale<N>)")
    parser.add_argument("--no-validate", action="store_true", help="skip the validation at the end")
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    out = args.out or ROOT / "bench" / "out" / f"scale{args.scale}"
    started = time.perf_counter()
    counts = write_scaled(args.data, out, args.scale)
    written = time.perf_counter() - started
    print(f"wrote {out} at scale {args.scale} in {written:.2f} s: "
          + ", ".join(f"{n} {counts[n]}" for n in ("cities", "measures", "capacity", "enforcement", "budgets")),
          f"({sum(counts.values())} rows)")
    if not args.no_validate:
        started = time.perf_counter()
        problems, _ = validate(out)
        print(f"validated in {time.perf_counter() - started:.2f} s: {len(problems)} problem(s)")
        for p in problems[:20]:
            print(p)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
