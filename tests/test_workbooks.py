"""Workbooks opened again with openpyxl: the briefing's (exports.tables.briefing_xlsx) and the charts' downloads (ui.downloads).

Dates as date cells, numbers as numbers, empty cells for nothing recorded, headers and labels in the reader's language
with the ids at the right, a frozen and filtered header, a first sheet saying what the workbook holds, and a sources
sheet naming every row's source and quote.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter, defaultdict

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from drugpolicy import db, queries, sections
from drugpolicy.exports import tables
from drugpolicy.i18n import LANGS, t
from tests.conftest import csv_rows, downloads_made, edited_copy, no_exception, open_page

NOT_EMPTY = {"NaT", "nan", "NaN", "None", "True", "False", "<NA>", "null"}
ID_NAME = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+")  # measure_id, political_claim: a header or label left as data
DATE_COLUMNS = ("col_period_start", "col_period_end", "col_reference_date", "col_population_date",
                "col_published_date")


def book(data: bytes):
    return load_workbook(io.BytesIO(data))


def briefing(cities: list[str], model: str, lang: str):
    """The briefing's workbook, as the Briefing page and the command line make it."""
    return book(tables.briefing_xlsx(cities, model, lang))


def chart_book(section, lang: str):
    """A chart's XLSX, as its download menu makes it (ui.downloads)."""
    return book(tables.xlsx_bytes(tables.chart_sheets(section, lang), queries.run("export_sources"), lang))


def rows_of(ws) -> list[dict]:
    """The sheet's rows as header -> cell."""
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2)]


def about_of(wb) -> dict:
    return {row[0].value: row[1].value for row in wb.worksheets[0].iter_rows(min_row=3) if row[0].value}


def check(wb, lang: str, quoted: bool = True) -> None:
    """What every workbook must be: the first sheet, data sheets and the sources sheet, each a filtered table with
    a frozen header in lang and the ids at the right; no missing value or flag written as text; every row's source
    and quote (quoted=False: rows whose data holds a source but no quote, the crosswalk's)."""
    about, *data, listing = wb.worksheets
    assert about.title == t("exports.sheet_about", lang) and listing.title == t("exports.sources_sheet", lang)
    assert about["A1"].value == t("common.app_title", lang)
    for ws in [*data, listing]:
        header = [c.value for c in ws[1]]
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(header))}{ws.max_row}", ws.title
        assert all(isinstance(h, str) and h and not ID_NAME.fullmatch(h) for h in header), (ws.title, header)
        ids = [h.endswith(" (id)") for h in header]
        assert ids == sorted(ids), f"{ws.title}: ids not all at the right: {header}"
        for j in range(1, len(header) + 1):
            assert 8 <= ws.column_dimensions[get_column_letter(j)].width <= 60, (ws.title, header[j - 1])
        dates = {t(f"exports.{key}", lang) for key in DATE_COLUMNS} & set(header)
        for row in rows_of(ws):
            for name in dates:
                cell = row[name]
                assert cell.value is None or (cell.is_date and isinstance(cell.value, dt.datetime)), (name, cell.value)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert not (isinstance(cell.value, str) and cell.value.strip() in NOT_EMPTY), (ws.title, cell.coordinate)
    lines = rows_of(listing)
    assert lines, "the sources sheet is empty"
    sheet, row_no = t("exports.sheet", lang), t("exports.row", lang)
    quote, source = t("common.quote", lang), t("common.source", lang)
    by_sheet = {ws.title: rows_of(ws) for ws in data}
    pointed = {}
    for line in lines:
        assert line[source].value and (line[quote].value or not quoted), line[row_no].value
        target = by_sheet[line[sheet].value][line[row_no].value - 2]
        pointed.setdefault((line[sheet].value, line[row_no].value), set()).add(line[quote].value)
        assert line[row_no].hyperlink.location == f"'{line[sheet].value}'!A{line[row_no].value}"
        assert target  # the line points at a data row
    for name, rows in by_sheet.items():
        for i, row in enumerate(rows, start=2):
            if quote in row and row[quote].value:
                assert row[quote].value in pointed.get((name, i), set()), f"{name} row {i}: its quote is not listed"


def test_briefing_workbook_has_dates_numbers_labels_and_ids_at_the_right():
    wb = briefing(["gent", "antwerpen"], "three_track", "en")
    assert wb.sheetnames == ["about", "measures", "figures", "sources"]
    check(wb, "en")
    figures = rows_of(wb["figures"])
    budget = next(r for r in figures if r["Figure (id)"].value == "gent-drug-policy-annual")
    assert budget["Value"].value == 2_500_000 and budget["Value"].data_type == "n"
    assert budget["Value"].number_format == "#,##0"
    assert budget["Start"].value == dt.datetime(2020, 1, 1) and budget["Start"].number_format == "yyyy"
    assert budget["End"].value is None  # no end year in the source: an empty cell
    assert (budget["Kind of figure"].value, budget["Kind of value"].value, budget["Unit"].value) == (
        "budget", "per year", "euro")
    assert budget["Kind of statement"].value == "budget commitment" and budget["City"].value == "Ghent"
    assert "MSOC" in budget["Includes"].value and budget["City (id)"].value == "gent"
    header = [c.value for c in wb["figures"][1]]
    assert header[-4:] == ["Figure (id)", "City (id)", "Indicator (id)", "Source (id)"]

    measures = rows_of(wb["measures"])
    assert {r["Drug-specific"].value for r in measures} <= {"yes", "no"}
    statuses = {t(f"enums.status_{s}", "en") for s in ("announced", "planned", "in_progress", "implemented", "promised")}
    assert {r["Status"].value for r in measures} <= statuses
    day = next(r for r in measures if r["Date precision"].value == "day" and r["Start"].value)
    assert day["Start"].number_format == "yyyy-mm-dd"
    governance = next(r for r in measures if r["Measure (id)"].value == "gent-advisory-note-2019")
    assert governance["Pillar(s)"].value == "No pillar (coordination, plans)"
    assert governance["Pillar(s) (id)"].value is None
    quantity = next(r for r in measures if r["Quantity"].value is not None)
    assert isinstance(quantity["Quantity"].value, (int, float)) and quantity["Quantity"].data_type == "n"


@pytest.mark.parametrize("lang", LANGS)
def test_briefing_workbook_speaks_the_chosen_language(lang):
    wb = briefing(["gent", "brussels-region"], "own", lang)
    assert wb.sheetnames == [t(f"exports.{key}", lang) for key in ("sheet_about", "sheet_measures", "sheet_figures",
                                                                   "sources_sheet")]
    check(wb, lang)
    measures = wb[t("exports.sheet_measures", lang)]
    header = [c.value for c in measures[1]]
    for key in ("common.city", "common.measure", "common.status", "common.statement_kind", "common.quote"):
        assert t(key, lang) in header, key
    assert header.index(t("exports.id_of", lang, label=t("common.measure", lang))) > header.index(t("common.quote", lang))
    kinds = {r[t("common.statement_kind", lang)].value for r in rows_of(measures)}
    assert kinds <= {t(k, lang) for k in (f"enums.statement_kind_{s}" for s in (
        "official_statistic", "policy_target", "budget_commitment", "political_claim", "election_promise",
        "plan_or_announcement", "press_report"))}
    cities = {r[t("common.city", lang)].value for r in rows_of(measures)}
    assert cities == {sections.names(lang)[0]["gent"], sections.names(lang)[0]["brussels-region"]}


def test_first_sheet_says_what_the_workbook_holds_its_dates_licence_and_citation():
    wb = briefing(["gent", "antwerpen"], "five_pillars", "nl")
    about = about_of(wb)
    meta = db.package_meta()
    assert about["Inhoud"] == t("briefing.deck_title", "nl")
    n = len(queries.run("export_measures", cities=["gent", "antwerpen"], model="five_pillars"))
    assert about["Blad 'maatregelen'"] == f"{t('exports.about_measures', 'nl')} ({n} rijen)"
    assert about["Blad 'bronnen'"].startswith("Per rij")
    assert about["Steden"] == "Gent, Antwerpen" and about["Pijlermodel"] == "Vijf pijlers"
    assert "cities=gent&cities=antwerpen&model=five_pillars&lang=nl" in about["Dezelfde weergave in het dashboard"]
    assert about["Gemaakt op"].date() == dt.date.today()
    assert about["Gegevens bijgewerkt op"].date() == dt.date.fromisoformat(meta["last_curated"])
    assert about["Versie van de gegevens"] == meta["version"]
    assert "Creative Commons" in about["Licentie"] and meta["licenses"][0]["path"] in about["Licentie"]
    assert meta["title"] in about["Bronvermelding"] and "Geraadpleegd op" in about["Bronvermelding"]
    assert about["Lege cel"].startswith("Niets opgetekend")


def test_sources_sheet_names_each_rows_source_date_address_and_quote():
    wb = briefing(["gent"], "three_track", "en")
    lines = rows_of(wb["sources"])
    assert len(lines) == wb["measures"].max_row - 1 + wb["figures"].max_row - 1  # one line per row, each quoted
    budget = next(r for r in lines if r["What"].value == "Carrying out the drug policy (whole city budget)")
    assert budget["Sheet"].value == "figures" and "56 acties" in budget["Source"].value
    assert budget["Quote"].value.startswith("Over het volledige stadsbudget")
    dated = [r for r in lines if r["Date of the source"].value is not None]
    assert dated and all(r["Date of the source"].is_date for r in dated)
    linked = next(r for r in lines if (r["Address (URL)"].value or "").startswith("https://"))
    assert linked["Address (URL)"].hyperlink.target == linked["Address (URL)"].value


def chart_download(monkeypatch, page: str, file_name: str, **params):
    """The XLSX behind a chart's menu on the page, made by its button as a visitor's click makes it."""
    made = downloads_made(monkeypatch)
    at = open_page(page, **params)
    no_exception(at)
    assert callable(made[file_name]), "the workbook is made on click"
    return book(made[file_name]())


def test_overview_chart_download_lists_every_measure_counted(monkeypatch):
    wb = chart_download(monkeypatch, "overview", "measures-per-pillar.xlsx", lang="nl",
                        cities=["gent", "antwerpen"], model="three_track")
    check(wb, "nl")
    assert wb.sheetnames == ["over dit bestand", "gegevens", "bronnen"]
    data = wb["gegevens"]
    assert [c.value for c in data[1]] == ["Stad", "Pijlermodel", "Pijler", "Aantal maatregelen",
                                          "Waarvan over meer dan één pijler", "Stad (id)", "Pijlermodel (id)",
                                          "Pijler (id)"]
    counted = Counter(r["Rij"].value for r in rows_of(wb["bronnen"]))
    for i, row in enumerate(rows_of(data), start=2):
        count = row["Aantal maatregelen"].value
        assert count is None or (isinstance(count, int) and count > 0)  # nothing recorded: empty, never 0
        assert counted.get(i, 0) == (count or 0), row["Pijler"].value
    about = about_of(wb)
    assert about["Inhoud"].startswith("Aantal maatregelen per pijler") and about["Steden"] == "Gent, Antwerpen"
    assert "overview?cities=gent&cities=antwerpen" in about["Dezelfde weergave in het dashboard"]


def test_budgets_chart_download_has_dates_amounts_and_the_population_behind_per_inhabitant(monkeypatch):
    wb = chart_download(monkeypatch, "budgets", "budgets.xlsx", lang="fr", cities=["gent", "antwerpen"])
    check(wb, "fr")
    rows = rows_of(wb["données"])
    gent = next(r for r in rows if r["Budget (id)"].value == "gent-drug-policy-annual")
    assert gent["Montant (euros)"].value == 2_500_000 and gent["Le montant vaut"].value == "par an"
    assert gent["Début"].value == dt.datetime(2020, 1, 1) and gent["Ville"].value == "Gand"
    assert isinstance(gent["Montant par habitant (euros)"].value, (int, float))
    lines = rows_of(wb["sources"])
    population = [r for r in lines if r["Objet"].value == t("exports.population_line", "fr")]
    assert population and all(r["Citation"].value for r in population)


@pytest.mark.parametrize("lang", LANGS)
def test_every_charts_download_is_a_checked_table(lang):
    from drugpolicy.sections import city, compare, measures, sources

    cities = ("gent", "antwerpen", "brussels-region")
    charts = [*sections.build(list(cities), "own", lang), *compare.comparison(cities, "five_pillars", lang)[:1],
              *city.city_view("gent", lang), measures.status(cities, "three_track", lang, "", ((),) * 5),
              *sources.crosswalk("three_track", lang)]
    charts = [s for s in charts if s.figure is not None and s.data is not None]
    assert len(charts) >= 8
    for section in charts:
        wb = chart_book(section, lang)
        check(wb, lang)
        data = wb.worksheets[1]
        assert data.max_row - 1 == len(section.data), section.name


def test_formula_like_text_stays_text(tmp_path, monkeypatch):
    formula = '=HYPERLINK("http://evil.example","click")'
    data = edited_copy(tmp_path / "data", {"measures.csv": {"title_en": formula, "note_en": "+1+1"},
                                           "budgets.csv": {"title_en": "@SUM(A1:A2)", "note_en": "-2+3"}},
                       only={"city_id": "gent"})
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(data))
    from drugpolicy.sections import figures

    (budgets,) = [s for s in figures.budgets(("gent",), "total", "en") if s.key == "main"]
    for wb in (briefing(["gent"], "three_track", "en"), chart_book(budgets, "en")):
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value[:1] in "=+-@"]
        assert {c.value for c in cells} >= {"@SUM(A1:A2)", "-2+3"}
        assert all(c.data_type == "s" for c in cells), [c.coordinate for c in cells if c.data_type != "s"]
    assert formula in {c.value for row in briefing(["gent"], "three_track", "en")["measures"].iter_rows()
                       for c in row}


def test_city_measures_download_names_each_measures_pillar_and_instrument(monkeypatch):
    """The city profile's measures workbook: each row's pillar and instrument under their own headers, as the data
    package has them (read from its CSVs, not through the app's queries)."""
    measures = {r["measure_id"]: r for r in csv_rows("measures")}
    instruments = {r["instrument_id"]: r for r in csv_rows("instruments")}
    pillars = {r["pillar_id"]: r for r in csv_rows("pillars")}
    wb = chart_download(monkeypatch, "city", "measures-gent.xlsx", lang="nl", city="gent")
    check(wb, "nl")
    rows = rows_of(wb["gegevens"])
    assert rows
    for row in rows:
        measure = measures[row["Maatregel (id)"].value]
        assert row["Instrument"].value == instruments[measure["instrument_id"]]["name_nl"]
        pillar = row["Pijler (id)"].value
        assert row["Pijler"].value == (pillars[pillar]["name_nl"] if pillar else t("common.no_pillar", "nl")), pillar


def csv_download(data) -> list[dict]:
    """The rows of a CSV download as a visitor's click gets them (the button holds the bytes or makes them)."""
    return list(csv.DictReader(io.StringIO((data() if callable(data) else data).decode("utf-8-sig"))))


def test_personnel_figures_only_one_city_has_download_as_their_own_table(monkeypatch):
    made = downloads_made(monkeypatch)
    picked = ["antwerpen", "aalst", "kortrijk"]
    no_exception(open_page("personnel", cities=picked))
    assert {"personnel-one-city.csv", "personnel-one-city.xlsx"} <= set(made)
    assert not {"personnel-one-city.png", "personnel-one-city.svg"} & set(made)  # a table, no picture of it

    charted, alone = ({r["capacity_id"]: r for r in csv_download(made[name])}
                      for name in ("personnel.csv", "personnel-one-city.csv"))
    # between them, every figure recorded for the three cities, once
    assert not charted.keys() & alone.keys()
    assert charted.keys() | alone.keys() == {r["capacity_id"] for r in csv_rows("capacity") if r["city_id"] in picked}
    cities_of = defaultdict(set)
    for r in [*charted.values(), *alone.values()]:
        cities_of[r["indicator_id"]].add(r["city_id"])
    assert alone and all(len(cities_of[r["indicator_id"]]) == 1 for r in alone.values())
    assert all(len(cities_of[r["indicator_id"]]) > 1 for r in charted.values())
    wb = book(made["personnel-one-city.xlsx"]())
    check(wb, "en")
    assert len(rows_of(wb.worksheets[1])) == len(alone)


def test_enforcement_table_of_every_indicator_downloads_with_every_figure(monkeypatch):
    made = downloads_made(monkeypatch)
    picked = ["antwerpen", "gent", "liege"]
    no_exception(open_page("enforcement", cities=picked, lang="nl"))
    assert "enforcement-all.png" not in made  # a table, no picture of it
    shown = {r["enforcement_id"] for r in csv_download(made["enforcement-all.csv"])}
    assert shown == {r["enforcement_id"] for r in csv_rows("enforcement") if r["city_id"] in picked}
    wb = book(made["enforcement-all.xlsx"]())
    check(wb, "nl")
    assert len(rows_of(wb.worksheets[1])) == len(shown)


def test_gap_lists_download_the_measures_they_list(monkeypatch):
    made = downloads_made(monkeypatch)
    no_exception(open_page("gap", city="antwerpen", cities="gent", lang="fr"))
    assert "lacking.png" not in made  # lists, no picture of them
    for name, city in (("lacking", "gent"), ("only", "antwerpen")):
        rows = csv_download(made[f"{name}.csv"])
        assert rows and {r["city_id"] for r in rows} == {city}
        assert {r["status"] for r in rows} <= {"implemented", "in_progress"}  # what the page counts by default
        wb = book(made[f"{name}.xlsx"]())
        check(wb, "fr")
        assert len(rows_of(wb.worksheets[1])) == len(rows)
