"""Measures explorer: filters, search, the count, the chart and the CSV download, as a reader sees and gets them."""
from __future__ import annotations

import collections
import csv
import io
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import (
    DATA,
    charts,
    csv_rows,
    downloads_made,
    html_frames,
    no_exception,
    open_page,
    page_text,
    picker,
)

PAGE_ROWS = 200  # rows of the table on one page


def grouped() -> set[str]:
    """The explorer's default cities: every member of a peer group, listed or by size (an unnamed municipality's
    programme, or a region that is no city, only when chosen), in the data package in use."""
    from drugpolicy import queries

    return set(queries.run("peer_groups")["city_id"].dropna())


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict]]:
    """The cities and measures the explorer opens on (grouped()), and the pillars of those measures."""
    members = grouped()
    return {"cities": [c for c in csv_rows("cities") if c["city_id"] in members],
            "measures": [m for m in csv_rows("measures") if m["city_id"] in members],
            "measure_pillars": csv_rows("measure_pillars")}


@pytest.fixture
def served(monkeypatch) -> dict:
    """What the download buttons are handed, by file name: the function the CSV button runs when it is clicked
    (made on click: the page sends no file until then)."""
    return downloads_made(monkeypatch)


def downloaded(at, files: dict) -> tuple[bytes, pd.DataFrame]:
    """What the CSV button under the table serves when clicked: its raw bytes and the table read back."""
    buttons = [b for b in at.get("download_button") if b.proto.id.endswith("download_csv")]
    assert len(buttons) == 1
    made = files["measures.csv"]
    raw = made() if callable(made) else made
    return raw, pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def shown(at) -> pd.DataFrame:
    tables = [df for df in html_frames(at) if "Measure" in df.columns or "Maatregel" in df.columns
              or "Mesure" in df.columns]
    assert len(tables) == 1
    return tables[0]


def url(at, param: str) -> list[str]:
    value = at.query_params.get(param)
    return list(value) if isinstance(value, (list, tuple)) else [value]


def count_line(at) -> str:
    lines = [m.value for m in at.markdown if "measures match" in m.value or "maatregelen voldoen" in m.value
             or "correspondent aux filtres" in m.value]
    assert len(lines) == 1
    return lines[0]


def test_without_parameters_every_measure_of_every_city(data, served):
    at = open_page("measures")
    no_exception(at)
    n = len(data["measures"])
    assert count_line(at) == f"**{n} of {n} measures match the filters.**"
    assert len(shown(at)) == min(n, PAGE_ROWS)
    raw, csv_rows = downloaded(at, served)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert sorted(csv_rows["measure_id"]) == sorted(m["measure_id"] for m in data["measures"])
    assert set(picker(at, "w_cities").value) == {c["city_id"] for c in data["cities"]}
    assert "cities" not in at.query_params, "every city, the explorer's default, stays out of the address"
    assert "model" not in at.query_params, "so does the default model"
    bars = charts(at)[0]
    assert bars["layout"]["title"]["text"] == "Matching measures by city and status"
    statuses = at.multiselect(key="f_statuses")
    assert statuses.options == [
        "promised", "announced", "planned", "in progress", "implemented"]
    assert sum(n or 0 for tr in bars["data"] for n in tr["x"]) == len(data["measures"])


def test_status_promised_shows_only_promises(data, served):
    at = open_page("measures")
    at.multiselect(key="f_statuses").set_value(["promised"]).run()
    no_exception(at)
    expected = {m["measure_id"] for m in data["measures"] if m["status"] == "promised"}
    promising = {m["city_id"] for m in data["measures"] if m["measure_id"] in expected}
    assert expected and "gemeente-x" not in promising and "gemeente-x" not in picker(at, "w_cities").value
    table = shown(at)
    assert set(table["City"]) == {c["name_en"] for c in data["cities"] if c["city_id"] in promising}
    assert set(table["Status"]) == {"promised"}
    assert count_line(at).startswith(f"**{len(expected)} of {len(data['measures'])} ")
    _, csv_rows = downloaded(at, served)
    assert set(csv_rows["measure_id"]) == expected and len(csv_rows) == len(expected)
    bars = charts(at)[0]
    assert [tr["name"] for tr in bars["data"]] == ["promised"]


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


SEARCHED = ("title_nl", "title_fr", "title_en", "quote", "quote_en", "quote_nl", "quote_fr")  # and their renderings


@pytest.mark.parametrize(("words", "finds"), [
    ("naaldcontainers", "gent-needle-containers"), ("needle", "gent-needle-containers"),
    ("NAALDCONTAINERS", "gent-needle-containers"), ("seringues", "gent-needle-containers"),
    ("videosurveillance", "antwerpen-camera-surveillance"),  # matches "Vidéosurveillance": accents ignored
])
def test_search_in_titles_and_quotes_in_every_language(words, finds, data, served):
    at = open_page("measures")
    at.text_input(key="f_search").input(words).run()
    no_exception(at)
    _, csv_rows = downloaded(at, served)
    assert finds in set(csv_rows["measure_id"])
    by_id = {m["measure_id"]: m for m in data["measures"]}
    for measure_id in csv_rows["measure_id"]:
        m = by_id[measure_id]
        haystack = _folded(" ".join(m[c] for c in SEARCHED))
        assert _folded(words) in haystack
    expected = {m["measure_id"] for m in data["measures"] if _folded(words) in _folded(
        " ".join(m[c] for c in SEARCHED))}
    assert set(csv_rows["measure_id"]) == expected
    assert len(shown(at)) == len(csv_rows) < len(data["measures"])


def test_search_without_match_says_so(served):
    at = open_page("measures")
    at.text_input(key="f_search").input("zzzz-nothing-like-this").run()
    no_exception(at)
    assert "No measure matches these filters." in page_text(at)
    assert charts(at) == []
    raw, csv_rows = downloaded(at, served)
    assert csv_rows.empty and "measure_id" in csv_rows.columns


def test_cities_and_model_from_the_address_and_pillar_filter(data, served):
    at = open_page("measures", cities="gent", model="five_pillars")
    no_exception(at)
    table = shown(at)
    assert set(table["City"]) == {"Ghent"}
    pillar_filter = at.multiselect(key="f_pillars")
    assert pillar_filter.options == ["Prevention", "Early intervention", "Care", "Harm reduction", "Repression",
                                     "No pillar (coordination, plans)"]
    pillar_filter.set_value(["five_pillars.harm_reduction"]).run()
    no_exception(at)
    gent = {m["measure_id"] for m in data["measures"] if m["city_id"] == "gent"}
    expected = {mp["measure_id"] for mp in data["measure_pillars"]
                if mp["measure_id"] in gent and mp["pillar_id"] == "five_pillars.harm_reduction"}
    _, csv_rows = downloaded(at, served)
    assert set(csv_rows["measure_id"]) == expected
    assert all("Harm reduction" in p for p in shown(at)["Pillar(s)"])
    assert url(at, "cities") == ["gent"] and url(at, "model") == ["five_pillars"]


def test_governance_measures_can_be_filtered_as_no_pillar(data, served):
    at = open_page("measures", cities="gent", model="five_pillars")
    at.multiselect(key="f_pillars").set_value(["none"]).run()
    no_exception(at)
    gent = {m["measure_id"] for m in data["measures"] if m["city_id"] == "gent"}
    expected = gent - {mp["measure_id"] for mp in data["measure_pillars"]}
    _, csv_rows = downloaded(at, served)
    assert expected and set(csv_rows["measure_id"]) == expected


def test_switching_the_model_keeps_working(served):
    at = open_page("measures", cities="gent", model="five_pillars")
    at.multiselect(key="f_pillars").set_value(["five_pillars.harm_reduction"]).run()
    at.radio(key="w_model").set_value("own").run()
    no_exception(at)
    assert url(at, "model") == ["own"]
    assert "Five pillars: Harm reduction" in at.multiselect(key="f_pillars").options
    assert at.multiselect(key="f_pillars").value == ["five_pillars.harm_reduction"]  # Ghent's own model
    at.radio(key="w_model").set_value("three_track").run()
    no_exception(at)
    assert at.multiselect(key="f_pillars").value == []  # no longer applies: dropped, not an error
    assert {"Preventive", "Curative", "Repressive"} <= {
        p for cell in shown(at)["Pillar(s)"] for p in cell.split("; ")}


def test_picking_cities_in_the_widget(data):
    at = open_page("measures")
    picker(at, "w_cities").set_value(["aalst"]).run()
    no_exception(at)
    assert set(shown(at)["City"]) == {"Aalst"}
    assert url(at, "cities") == ["aalst"]
    # An empty choice is not a view: the page goes back to every city rather than show nothing.
    picker(at, "w_cities").set_value([]).run()
    no_exception(at)
    assert count_line(at).startswith(f"**{len(data['measures'])} of {len(data['measures'])} ")


def test_dutch_and_french(data):
    nl = open_page("measures", lang="nl")
    no_exception(nl)
    n = len(data["measures"])
    assert nl.title[0].value == "Maatregelen verkennen"
    assert count_line(nl) == f"**{n} van {n} maatregelen voldoen aan de filters.**"
    nl.multiselect(key="f_statuses").set_value(["promised"]).run()
    assert set(shown(nl)["Status"]) == {"beloofd"}
    promising = {m["city_id"] for m in data["measures"] if m["status"] == "promised"}
    assert set(shown(nl)["Stad"]) == {c["name_nl"] for c in data["cities"] if c["city_id"] in promising}
    fr = open_page("measures", lang="fr")
    no_exception(fr)
    assert fr.title[0].value == "Explorer les mesures"
    picker(fr, "w_cities").set_value(["gent"]).run()
    assert set(shown(fr)["Ville"]) == {"Gand"}


@pytest.mark.parametrize("params", [{"cities": "atlantis"}, {"model": "bogus"},
                                    {"cities": "<b>x</b>", "model": "<script>"}])
def test_unknown_parameters_give_a_notice(params):
    at = open_page("measures", **params, tables_open=False)
    no_exception(at)
    # Notices escape markdown; a reader sees the text without the backslashes.
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    for param, value in params.items():
        assert param in warnings and value in warnings
    assert len(shown(at)) > 0


def test_formula_in_a_title_is_neutralised_in_the_download(tmp_path, monkeypatch, served):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA, data_dir)
    with (data_dir / "measures.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    evil = dict(next(r for r in rows if r["measure_id"] == "gent-needle-containers"))
    evil.update(measure_id="gent-formula-test", title_en='=HYPERLINK("http://example.org","click")',
                title_nl="=1+1", title_fr="@SUM(1)")
    with (data_dir / "measures.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows([*rows, evil])
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(data_dir))
    at = open_page("measures", cities="gent")
    no_exception(at)
    table = shown(at)
    assert '=HYPERLINK("http://example.org","click")' in set(table["Measure"])  # shown as it is on screen
    _, csv_rows = downloaded(at, served)
    row = csv_rows[csv_rows["measure_id"] == "gent-formula-test"].iloc[0]
    assert row["Measure"] == '\'=HYPERLINK("http://example.org","click")'
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in csv_rows.to_numpy().ravel())


@pytest.fixture
def large(scale5) -> Path:
    """The scale-5 package (conftest): more measures than one page of the table."""
    return scale5


# Ten cities of the scale-5 package: 295 measures, two pages of the table.
def large_cities(folder: Path) -> list[str]:
    """Cities of the scale-5 package whose measures fill more than one page of the table and less than two:
    Municipality X's five copies, then others by id until past one page (derived from the data, whatever it holds)."""
    with (folder / "measures.csv").open(encoding="utf-8", newline="") as fh:
        per_city = collections.Counter(m["city_id"] for m in csv.DictReader(fh))
    picked = [c for c in sorted(per_city) if c.startswith("gemeente-x")]
    for city in sorted(c for c in per_city if c not in picked):
        if sum(per_city[c] for c in picked) > PAGE_ROWS:
            break
        if sum(per_city[c] for c in picked) + per_city[city] < 2 * PAGE_ROWS:
            picked.append(city)
    assert PAGE_ROWS < sum(per_city[c] for c in picked) < 2 * PAGE_ROWS
    return picked


def measure_ids(folder: Path, cities: list[str]) -> list[str]:
    with (folder / "measures.csv").open(encoding="utf-8", newline="") as fh:
        return [m["measure_id"] for m in csv.DictReader(fh) if m["city_id"] in cities]


def rows_line(at) -> str:
    lines = [m.value for m in at.markdown if "in the table" in m.value or "in de tabel" in m.value
             or "dans le tableau" in m.value]
    assert len(lines) <= 1
    return lines[0] if lines else ""


def test_large_package_shows_a_page_of_rows_the_download_holds_them_all(large, monkeypatch, served):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(large))
    every = measure_ids(large, large_cities(large))
    n = len(every)
    assert PAGE_ROWS < n < 2 * PAGE_ROWS
    at = open_page("measures", cities=large_cities(large))
    no_exception(at)
    assert count_line(at) == f"**{n} of {n} measures match the filters.**"
    assert len(shown(at)) == PAGE_ROWS
    assert rows_line(at) == f"Rows 1–{PAGE_ROWS} of {n} in the table. The CSV download holds all {n} rows."
    pages = at.selectbox(key="f_page")
    assert pages.options == ["1 of 2", "2 of 2"] and pages.value == 0
    _, csv_rows = downloaded(at, served)
    assert len(csv_rows) == n and sorted(csv_rows["measure_id"]) == sorted(every)
    seen = list(shown(at)["Measure"])

    pages.set_value(1).run()
    no_exception(at)
    assert rows_line(at) == f"Rows {PAGE_ROWS + 1}–{n} of {n} in the table. The CSV download holds all {n} rows."
    assert len(shown(at)) == n - PAGE_ROWS
    seen += list(shown(at)["Measure"])
    # The pages together are the filtered rows, in the order of the download; the count line stays.
    _, csv_rows = downloaded(at, served)
    assert seen == list(csv_rows["Measure"]) and len(csv_rows) == n
    assert count_line(at) == f"**{n} of {n} measures match the filters.**"
    assert url(at, "cities") == large_cities(large)


def test_large_package_filters_apply_to_every_row_and_go_back_to_the_first_page(large, monkeypatch, served):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(large))
    at = open_page("measures", cities=large_cities(large))
    at.selectbox(key="f_page").set_value(1).run()
    at.text_input(key="f_search").input("LIVC").run()
    no_exception(at)
    _, csv_rows = downloaded(at, served)
    assert {f"gemeente-x-livc{s}" for s in ("", "-s2", "-s3", "-s4", "-s5")} <= set(csv_rows["measure_id"])
    assert len(csv_rows) < PAGE_ROWS
    assert len(shown(at)) == len(csv_rows) and rows_line(at) == ""  # one page: no picker, every row shown
    assert not [s for s in at.selectbox if s.key == "f_page"]

    at.text_input(key="f_search").input("").run()
    at.selectbox(key="f_page").set_value(1).run()
    assert rows_line(at).startswith(f"Rows {PAGE_ROWS + 1}–")
    at.radio(key="w_model").set_value("five_pillars").run()  # a new selection starts on its first page
    no_exception(at)
    assert at.selectbox(key="f_page").value == 0
    assert rows_line(at).startswith(f"Rows 1–{PAGE_ROWS} of {len(measure_ids(large, large_cities(large)))} ")


def test_large_package_pages_in_dutch_and_french(large, monkeypatch):
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(large))
    n = len(measure_ids(large, large_cities(large)))
    nl = open_page("measures", lang="nl", cities=large_cities(large))
    no_exception(nl)
    assert rows_line(nl) == f"Rijen 1–{PAGE_ROWS} van {n} in de tabel. De CSV-download bevat alle {n} rijen."
    assert nl.selectbox(key="f_page").options == ["1 van 2", "2 van 2"]
    fr = open_page("measures", lang="fr", cities=large_cities(large))
    no_exception(fr)
    assert rows_line(fr) == (f"Lignes 1 à {PAGE_ROWS} sur {n} dans le tableau. "
                             f"Le téléchargement CSV contient les {n} lignes.")
    assert len(shown(fr)) == PAGE_ROWS


def test_large_package_every_city_stays_picked_after_a_change(large, monkeypatch):
    """The explorer picks every city and keeps them after a change; the address leaves "every city" out (at every
    municipality it would pass a proxy's 8 KB request line) and carries a smaller choice; an address that names
    every city still reads them all."""
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(large))
    at = open_page("measures")
    no_exception(at)
    every = at.multiselect(key="w_cities").value
    assert set(every) == grouped()  # every city of a peer group of the package, whatever it holds
    at.radio(key="w_model").set_value("five_pillars").run()
    no_exception(at)
    assert at.multiselect(key="w_cities").value == every
    assert "cities" not in at.query_params and url(at, "model") == ["five_pillars"]
    at.multiselect(key="w_cities").set_value(every[:24]).run()
    assert url(at, "cities") == every[:24]
    at.multiselect(key="w_cities").set_value(every).run()
    assert "cities" not in at.query_params
    again = open_page("measures", cities=every)  # an address that names them all
    assert again.multiselect(key="w_cities").value == every and not again.warning


def test_status_chart_with_every_municipality_gives_counts_in_its_hovers():
    """Hundreds of bars: the hover says how many and leaves the titles to the table, so the chart stays small."""
    import pandas as pd

    from drugpolicy.charts import timeline

    def chart(n_groups):
        groups = [f"Gemeente {i}" for i in range(n_groups)]
        df = pd.DataFrame([{"group": g, "status": "implemented", "title": f"Maatregel {g} {k}"}
                           for g in groups for k in range(3)])
        return timeline.status_bars(df, groups, "nl", "titel")

    few, many = chart(5).data[0], chart(500).data[0]
    assert few.hovertext[0].count("• Maatregel Gemeente 0") == 3
    assert many.hovertext is None and many.hovertemplate == "<b>%{y}</b><br>uitgevoerd: %{x}<extra></extra>"
    assert list(many.x[:2]) == [3, 3] and len(chart(500).to_json()) < 60_000


def test_filters_and_search_live_in_the_url_so_a_link_opens_the_same_view(data):
    """A shared link (?statuses=…&q=…) opens with those filters set; changing one updates the address; a value that
    is no option is left out."""
    implemented = [m for m in data["measures"] if m["status"] == "implemented"]
    at = open_page("measures", statuses=["implemented", "<b>nonsense</b>"], q="politie")
    no_exception(at)
    assert at.multiselect(key="f_statuses").value == ["implemented"]
    assert at.text_input(key="f_search").value == "politie"
    n = int(count_line(at).strip("*").split()[0])
    assert 0 < n < len(implemented), count_line(at)
    at.multiselect(key="f_statuses").set_value([]).run()
    at.text_input(key="f_search").input("").run()
    no_exception(at)
    assert "statuses" not in at.query_params and "q" not in at.query_params
    at.multiselect(key="f_levels").set_value(["municipal"]).run()
    assert at.query_params["levels"] in ("municipal", ["municipal"])
