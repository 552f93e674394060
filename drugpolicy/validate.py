"""Validate a data package: schema (types, categories, keys) and meaning, every error with file, line and column."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from drugpolicy import numbers

TRUE_VALUES = ("true",)
FALSE_VALUES = ("false",)
_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The one rule for a web address, for the validator and every place that makes a link: http or https, a host, and
# no whitespace, parentheses, brackets, angle brackets or quotes (percent-encode them), so that no address can end a
# markdown link early or open an HTML tag.
WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s()<>\[\]\"'`\\]*)?")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
FALLBACK_MODEL = "five_pillars"  # the model a city without one of its own is classified on
QUOTE_MAX = 300  # a quotation, not a reproduction: fewer characters than this


def is_web_address(value) -> bool:
    """Whether value is a web address by the project's one rule (WEB_ADDRESS)."""
    return isinstance(value, str) and WEB_ADDRESS.fullmatch(value) is not None


@dataclass(frozen=True, order=True)
class Problem:
    """One error, located as FILE:LINE:COLUMN (LINE counted as in a text editor, header = 1)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


@dataclass
class Table:
    """A validated CSV: typed rows, with the line each row starts on."""

    name: str
    path: Path
    display: str
    fields: list[dict]
    rows: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def column(self, name: str) -> int:
        return 1 + [f["name"] for f in self.fields].index(name)


class DataError(Exception):
    """Raised when a data package does not validate; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
        # a short, stable reference a visitor can quote and the server log names with the full list
        self.reference = hashlib.sha256(str(self).encode("utf-8")).hexdigest()[:8]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _cast(value: str, fdef: dict):
    """Return (typed value, error message or None)."""
    ftype = fdef.get("type", "string")
    if ftype == "string":
        if fdef.get("format") == "uri" and not is_web_address(value):
            return None, (f"'{value}' is not a web address: http:// or https://, a host, and no spaces, parentheses, "
                          "brackets, angle brackets or quotes (percent-encode them)")
        return value, None
    if ftype == "integer":
        if not _INTEGER.fullmatch(value):
            return None, f"'{value}' is not a whole number"
        return int(value), None
    if ftype == "number":
        if not _NUMBER.fullmatch(value):
            return None, f"'{value}' is not a number (digits with an optional decimal point, no thousands separators)"
        return float(value), None
    if ftype == "boolean":
        if value in TRUE_VALUES:
            return True, None
        if value in FALSE_VALUES:
            return False, None
        return None, f"'{value}' is not true or false (lower case)"
    if ftype == "date":
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, f"'{value}' is not a date as YYYY-MM-DD"
    return None, f"unknown field type {ftype!r} in the schema"


def _check_constraints(value, raw: str, fdef: dict) -> str | None:
    c = fdef.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        return f"'{raw}' is not one of: {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        return f"'{raw}' does not match the pattern {c['pattern']}"
    if "minimum" in c and value < c["minimum"]:
        return f"{raw} is below the minimum {c['minimum']}"
    if "maximum" in c and value > c["maximum"]:
        return f"{raw} is above the maximum {c['maximum']}"
    return None


def read_table(resource: dict, data_dir: Path, problems: list[Problem]) -> Table | None:
    """Parse and type-check one CSV; append problems; return the table (None if unreadable)."""
    path = data_dir / resource["path"]
    display = _display(path)
    fields = resource["schema"]["fields"]
    table = Table(resource["name"], path, display, fields)
    if not path.exists():
        problems.append(Problem(display, 1, 1, "file is missing"))
        return None
    names = [f["name"] for f in fields]
    missing = set(resource["schema"].get("missingValues", [""]))
    raw = path.read_bytes()  # read once: decoded here, then parsed from the text
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # where the bad byte is: its line as an editor counts, its column, and its byte offset in the file
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        problems.append(Problem(display, line, column, f"file is not UTF-8 text: byte 0x{raw[exc.start]:02x} at byte "
                                                       f"offset {exc.start} ({exc.reason}); save the file as UTF-8"))
        return None
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            problems.append(Problem(display, 1, 1, "file is empty; expected a header row"))
            return None
        except csv.Error as exc:
            problems.append(Problem(display, 1, 1, f"unreadable CSV: {exc}"))
            return None
        if header != names:
            for i, name in enumerate(names):
                got = header[i] if i < len(header) else None
                if got != name:
                    problems.append(Problem(display, 1, i + 1, f"header: expected column '{name}', found {repr(got) if got is not None else 'nothing'}"))
                    break
            for extra in header[len(names):]:
                problems.append(Problem(display, 1, len(names) + 1, f"header: unexpected column '{extra}'"))
                break
            return None
        prev_end = reader.line_num
        while True:
            try:
                raw_row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(Problem(display, prev_end + 1, 1, f"unreadable CSV row: {exc}"))
                return None
            line = prev_end + 1
            prev_end = reader.line_num
            if not raw_row:
                problems.append(Problem(display, line, 1, "blank row; remove it"))
                continue
            if len(raw_row) != len(names):
                problems.append(Problem(display, line, min(len(raw_row), len(names)) + 1,
                                        f"row has {len(raw_row)} values, the header has {len(names)} columns"))
                continue
            row = {}
            for col, (raw, fdef) in enumerate(zip(raw_row, fields, strict=True), start=1):
                name = fdef["name"]
                if raw in missing:
                    row[name] = None
                    if fdef.get("constraints", {}).get("required"):
                        problems.append(Problem(display, line, col, f"{name}: a value is required"))
                    continue
                value, err = _cast(raw, fdef)
                if err is None:
                    err = _check_constraints(value, raw, fdef)
                if err:
                    problems.append(Problem(display, line, col, f"{name}: {err}"))
                row[name] = value
            table.rows.append(row)
            table.lines.append(line)
    return table


def _check_keys(pkg: dict, tables: dict[str, Table], problems: list[Problem]) -> None:
    keysets: dict[tuple[str, tuple], set] = {}

    def keyset(name: str, cols: tuple) -> set:
        if (name, cols) not in keysets:
            t = tables[name]
            keysets[(name, cols)] = {tuple(r[c] for c in cols) for r in t.rows}
        return keysets[(name, cols)]

    for res in pkg["resources"]:
        t = tables.get(res["name"])
        if t is None:
            continue
        schema = res["schema"]
        pk = schema.get("primaryKey")
        if pk:
            pk = [pk] if isinstance(pk, str) else pk
            seen: dict[tuple, int] = {}
            for row, line in zip(t.rows, t.lines, strict=True):
                key = tuple(row[c] for c in pk)
                if any(k is None for k in key):
                    continue
                if key in seen:
                    shown = ", ".join(str(k) for k in key)
                    problems.append(Problem(t.display, line, t.column(pk[0]),
                                            f"{'+'.join(pk)}: duplicate key '{shown}' (first on line {seen[key]})"))
                else:
                    seen[key] = line
        for fkdef in schema.get("foreignKeys", []):
            cols = fkdef["fields"]
            cols = (cols,) if isinstance(cols, str) else tuple(cols)
            ref = fkdef["reference"]
            ref_name = ref["resource"] or res["name"]
            ref_cols = ref["fields"]
            ref_cols = (ref_cols,) if isinstance(ref_cols, str) else tuple(ref_cols)
            if ref_name not in tables:
                continue
            known = keyset(ref_name, ref_cols)
            for row, line in zip(t.rows, t.lines, strict=True):
                key = tuple(row[c] for c in cols)
                if any(k is None for k in key):
                    continue
                if key not in known:
                    shown = ", ".join(str(k) for k in key)
                    problems.append(Problem(t.display, line, t.column(cols[0]),
                                            f"{cols[0]}: '{shown}' is not a known {ref_cols[0]} in {ref_name}.csv"))


def _check_meaning(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Rules the schema cannot express."""
    def rows(name):
        t = tables.get(name)
        return [] if t is None else list(zip(t.rows, t.lines, strict=True))

    def p(name, line, col, msg):
        t = tables[name]
        problems.append(Problem(t.display, line, t.column(col), msg))

    for name in ("measures", "enforcement", "budgets"):
        for row, line in rows(name):
            s, e = row.get("period_start"), row.get("period_end")
            if isinstance(s, dt.date) and isinstance(e, dt.date) and e < s:
                p(name, line, "period_end", f"period_end: {e} is before period_start {s}")
    for name, value_col in (("capacity", "value"), ("enforcement", "value"), ("budgets", "amount_eur"),
                            ("measures", "quantity"), ("population", "inhabitants")):
        for row, line in rows(name):
            v = row.get(value_col)
            if isinstance(v, (int, float)) and v < 0:
                p(name, line, value_col, f"{value_col}: {v:g} is negative; counts and amounts cannot be")
    for name, date_col, prec_col in (("measures", "period_start", "period_precision"),
                                     ("enforcement", "period_start", "period_precision"),
                                     ("budgets", "period_start", "period_precision"),
                                     ("capacity", "reference_date", "date_precision"),
                                     ("population", "reference_date", "date_precision"),
                                     ("sources", "published_date", "published_precision")):
        for row, line in rows(name):
            d, prec = row.get(date_col), row.get(prec_col)
            if d is None and prec not in (None, "unknown") and name != "measures":
                p(name, line, date_col, f"{date_col}: a date is required when {prec_col} is '{prec}'")
            if not isinstance(d, dt.date):
                continue
            if prec == "unknown":
                p(name, line, date_col, f"{date_col}: {d} is given but {prec_col} is 'unknown'; leave the date empty")
            if prec == "month" and d.day != 1:
                p(name, line, date_col, f"{date_col}: {d} has precision month, so it must be the first of the month")
            if prec == "year" and (d.month, d.day) != (1, 1):
                p(name, line, date_col, f"{date_col}: {d} has precision year, so it must be January 1st")

    # one document, one source row: a second row for the same address splits its rows' count of sources
    first_with: dict[str, tuple[int, str]] = {}
    for row, line in rows("sources"):
        url = (row.get("url") or "").strip().rstrip("/")
        if not url:
            continue
        if url in first_with:
            first_line, first_id = first_with[url]
            p("sources", line, "url", f"url: the same address as source '{first_id}' (line {first_line}); one "
                                      f"document is one source: point this row's references at '{first_id}'")
        else:
            first_with[url] = (line, row.get("source_id"))
    units = {r["indicator_id"]: r["unit"] for r, _ in rows("indicators")}
    for row, line in rows("capacity"):
        if units.get(row.get("indicator_id")) == "percent" and isinstance(row.get("value"), float):
            if not 0 <= row["value"] <= 100:
                p("capacity", line, "value", f"value: a share must lie between 0 and 100, found {row['value']:g}")
    for row, line in rows("measures"):
        q = row.get("quantity")
        if q is None:
            for col in ("quantity_qualifier", "quantity_unit_en", "quantity_unit_nl"):
                if row.get(col) is not None:
                    p("measures", line, col, f"{col}: given without a quantity")
            continue
        for col in ("quantity_qualifier", "quantity_unit_en", "quantity_unit_nl"):
            if row.get(col) is None:
                p("measures", line, col, f"{col}: required when quantity is given")
        unit = (row.get("quantity_unit_en") or "").lower()
        if ("percent" in unit or "%" in unit) and isinstance(q, float) and not 0 <= q <= 100:
            p("measures", line, "quantity", f"quantity: a share must lie between 0 and 100, found {q:g}")

    model_of = {r["pillar_id"]: r["model_id"] for r, _ in rows("pillars")}
    common = {r["model_id"] for r, _ in rows("models") if r.get("is_common")}
    for row, line in rows("pillars"):
        pid, mid = row.get("pillar_id"), row.get("model_id")
        if pid and mid and not pid.startswith(mid + "."):
            p("pillars", line, "pillar_id", f"pillar_id: '{pid}' must start with its model_id '{mid}.'")
    for row, line in rows("crosswalk"):
        to = row.get("to_pillar_id")
        if to in model_of and model_of[to] not in common:
            p("crosswalk", line, "to_pillar_id", f"to_pillar_id: '{to}' is not a pillar of a common model ({', '.join(sorted(common))})")
    for row, line in rows("instruments"):
        d = row.get("default_pillar_id")
        if d in model_of and model_of[d] != "five_pillars":
            p("instruments", line, "default_pillar_id", f"default_pillar_id: '{d}' is not a pillar of five_pillars")

    # A city whose sources name no model of its own is classified by the curators on the five pillars.
    own_model = {r["city_id"]: r["own_model_id"] or FALLBACK_MODEL for r, _ in rows("cities")}
    measure = {r["measure_id"]: r for r, _ in rows("measures")}
    governance = {r["instrument_id"] for r, _ in rows("instruments") if r.get("default_pillar_id") is None}
    for row, line in rows("measure_pillars"):
        m = measure.get(row.get("measure_id")) or {}
        city = m.get("city_id")
        pm = model_of.get(row.get("pillar_id"))
        if city in own_model and pm and pm != own_model[city]:
            p("measure_pillars", line, "pillar_id",
              f"pillar_id: '{row['pillar_id']}' is not of {city}'s own model '{own_model[city]}'")
        if m.get("instrument_id") in governance:
            p("measure_pillars", line, "measure_id",
              f"measure_id: '{m['measure_id']}' is governance (instrument '{m['instrument_id']}' has no default pillar); "
              "governance gets no pillar row")
        elif m.get("drug_specific") is False:
            p("measure_pillars", line, "measure_id",
              f"measure_id: '{m['measure_id']}' is not drug-specific; only drug policy goes in a drug-policy pillar")

    _check_quotes(tables, rows, p)
    _check_translations(tables, rows, p)

    zones = {(r["city_id"], r["zone_number"]) for r, _ in rows("police_zones")}
    for name in ("population", "capacity", "enforcement"):
        for row, line in rows(name):
            z = row.get("zone_number")
            if z is not None and (row.get("city_id"), z) not in zones:
                p(name, line, "zone_number",
                  f"zone_number: {z} is not a police zone of '{row.get('city_id')}' in police_zones.csv")
    # A city without a population row is valid: its per-inhabitant figures show as "no data".


# Where a row's number stands, and the column of the quote that must state it.
VALUED = (("measures", "quantity"), ("population", "inhabitants"), ("capacity", "value"), ("enforcement", "value"),
          ("budgets", "amount_eur"))


def _check_quotes(tables: dict[str, Table], rows, p) -> None:
    """Quotes are short, and every number a row stores is one its quote states, read in the quote's language."""
    for t in tables.values():
        if "quote" not in [f["name"] for f in t.fields]:
            continue
        for row, line in rows(t.name):
            q = row.get("quote")
            if q is not None and len(q) >= QUOTE_MAX:
                p(t.name, line, "quote", f"quote: {len(q)} characters; a quote is one sentence or less, "
                                         f"under {QUOTE_MAX} characters (a quotation, not a reproduction)")
    language = {r["source_id"]: r.get("language") for r, _ in rows("sources")}
    for name, col in VALUED:
        for row, line in rows(name):
            value, quote = row.get(col), row.get("quote")
            lang = language.get(row.get("source_id"))
            if not isinstance(value, (int, float)) or quote is None or lang is None:
                continue
            if not numbers.stated(value, quote, lang):
                shown = ", ".join(f"{v:g}" for v in sorted(numbers.values_in(quote, lang))) or "none"
                p(name, line, col, f"{col}: {value:g} is not a number its quote states, read as {lang} writes "
                                   f"numbers (the quote states: {shown}); copy the number as the quote has it "
                                   "('1.335' in Dutch or French is 1335)")


# The curators' free texts: <base>_en is their original, <base>_nl and <base>_fr translations made for the dashboard.
TRANSLATED = ("note", "includes", "excludes", "description")
LANGUAGE_NAMES = {"nl": "Dutch", "fr": "French"}


def _check_translations(tables: dict[str, Table], rows, p) -> None:
    """A translation has its English original; a quote's rendering is left empty in the quote's own language."""
    language = {r["source_id"]: r.get("language") for r, _ in rows("sources")}
    for t in tables.values():
        names = {f["name"] for f in t.fields}
        pairs = [(f"{base}_{lang}", f"{base}_en") for base in TRANSLATED for lang in LANGUAGE_NAMES
                 if f"{base}_{lang}" in names and f"{base}_en" in names]
        renderings = [lang for lang in LANGUAGE_NAMES if f"quote_{lang}" in names and "quote" in names]
        for row, line in rows(t.name):
            for col, original in pairs:
                if row.get(col) is not None and row.get(original) is None:
                    p(t.name, line, col, f"{col}: a translation of an empty {original}; write the English original "
                                         "first, or leave the translation empty")
            for lang in renderings:
                col = f"quote_{lang}"
                if row.get(col) is None:
                    continue
                if row.get("quote") is None:
                    p(t.name, line, col, f"{col}: a rendering of an empty quote")
                elif language.get(row.get("source_id")) == lang:
                    p(t.name, line, col, f"{col}: the quote is in {LANGUAGE_NAMES[lang]} (its source's language); "
                                         f"leave its {LANGUAGE_NAMES[lang]} rendering empty")


def load_package(data_dir: Path) -> dict:
    path = Path(data_dir) / "datapackage.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def validate(data_dir: Path | str) -> tuple[list[Problem], dict[str, Table]]:
    """Validate every resource of data_dir/datapackage.json; return (sorted problems, tables)."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    try:
        pkg = load_package(data_dir)
    except FileNotFoundError:
        return [Problem(_display(data_dir / "datapackage.json"), 1, 1, "datapackage.json is missing")], {}
    except json.JSONDecodeError as exc:
        return [Problem(_display(data_dir / "datapackage.json"), exc.lineno, exc.colno, f"invalid JSON: {exc.msg}")], {}
    tables: dict[str, Table] = {}
    package_display = _display(data_dir / "datapackage.json")
    for res in pkg["resources"]:
        # Table and field names reach SQL as identifiers: only plain lower-case names are taken.
        bad = [n for n in [res.get("name", "")] + [f.get("name", "") for f in res.get("schema", {}).get("fields", [])]
               if not isinstance(n, str) or not _NAME.fullmatch(n)]
        if bad:
            problems.append(Problem(package_display, 1, 1, f"resource {res.get('name')!r}: name {bad[0]!r} is not a "
                                    "lower-case name (a-z, digits, _; starting with a letter)"))
            continue
        t = read_table(res, data_dir, problems)
        if t is not None:
            tables[res["name"]] = t
    _check_keys(pkg, tables, problems)
    _check_meaning(tables, problems)
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message)), tables


def summary(tables: dict[str, Table]) -> str:
    counts = {name: len(t.rows) for name, t in tables.items()}
    main = ", ".join(f"{counts.get(n, 0)} {n}" for n in ("cities", "measures", "budgets", "capacity", "enforcement", "sources"))
    return f"valid: {len(tables)} tables, {sum(counts.values())} rows ({main})"
