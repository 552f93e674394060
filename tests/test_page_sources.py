"""Sources and method page: sources, crosswalk table and diagram, glossary, citation and the data package download."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile

import pandas as pd
import pytest
import streamlit as st
from conftest import DATA, ROOT, charts, html_frames, html_text_of, no_exception, open_page, page_text
from streamlit.testing.v1 import AppTest

from drugpolicy import db, i18n, queries
from drugpolicy.i18n import t

HARM_REDUCTION = "five_pillars.harm_reduction"
CURATIVE = "three_track.curative"


def citation_text(at: AppTest) -> str:
    """The citation the page offers to copy, as a browser shows it."""
    found = [html_text_of(el.proto.body) for el in at.get("html") if 'class="citation"' in el.proto.body]
    assert len(found) == 1, found
    return found[0]


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The table on the page, outside the expanders (the page's HTML tables), that has this (translated) column."""
    found = [df for df in html_frames(at) if column in df.columns]
    assert len(found) == 1, [list(df.columns) for df in html_frames(at)]
    return found[0]


def pillar(pillar_id: str) -> dict:
    rows = queries.run("sources_crosswalk", from_model="all")
    row = rows[rows["from_pillar_id"] == pillar_id].iloc[0].to_dict()
    return {"model": row["from_model_name_en"], **{f"name_{lang}": row[f"from_name_{lang}"] for lang in i18n.LANGS}}


def sankey(at: AppTest) -> dict:
    specs = charts(at)
    assert len(specs) == 1
    traces = [trace for trace in specs[0]["data"] if trace["type"] == "sankey"]
    assert len(traces) == 1
    return {"title": specs[0]["layout"]["title"]["text"], **traces[0]}


def links(trace: dict) -> set[tuple[str, str]]:
    labels = trace["node"]["label"]
    return {(labels[s], labels[d]) for s, d in zip(trace["link"]["source"], trace["link"]["target"], strict=True)}


def test_every_source_with_title_publisher_kind_language_and_link():
    at = open_page("sources")
    no_exception(at)
    assert at.title[0].value == "Sources and method"
    sources = queries.run("sources_list", cities=None)
    assert len(sources) >= 5
    table = table_with(at, "Title")
    assert list(table["Title"]) == list(sources["title"])
    assert list(table["Publisher"]) == list(sources["publisher"])
    assert set(table["Kind of document"]) <= {t(f"sources.kind_{k}", "en") for k in sources["document_kind"]}
    assert "Dutch" in set(table["Language"])
    with_url = sources[sources["url"].notna()]
    assert len(with_url) > 0
    assert set(with_url["url"]) <= set(table["Link"].dropna())
    text = page_text(at)
    for title in sources["title"]:
        assert title in text
    assert f"{len(sources)} source documents" in text


def test_source_dates_show_their_precision():
    at = open_page("sources")
    sources = queries.run("sources_list", cities=None)
    table = table_with(at, "Title")
    for row, shown in zip(sources.itertuples(), table["Date"], strict=True):
        date = None if pd.isna(row.published_date) else row.published_date
        assert shown == i18n.fmt_date(date, row.published_precision, "en")
    # Hand-checked: the BRUZZ article of 27/02/2024 to the day.
    bruzz = sources[sources["publisher"].str.contains("BRUZZ", case=False)]
    assert len(bruzz) >= 1
    assert "27 February 2024" in set(table["Date"])
    # A source dated only by its year or approximately shows no invented day.
    # (rows in the list's order: two sources may share a title)
    for row, shown in zip(sources.itertuples(), table["Date"], strict=True):
        if row.published_precision in ("year", "approximate", "unknown"):
            assert not any(month in shown for month in ("January", "February", "March", "December")), shown


def test_crosswalk_table_lists_harm_reduction_as_curative():
    at = open_page("sources")
    no_exception(at)
    table = table_with(at, "Maps to")
    harm, curative = pillar(HARM_REDUCTION), pillar(CURATIVE)
    row = table[(table["Model"] == harm["model"]) & (table["Pillar"] == harm["name_en"])
                & (table["Common model"] == curative["model"]) & (table["Maps to"] == curative["name_en"])]
    assert len(row) == 1, table.to_string()
    assert row["Relation"].iloc[0] in {t(f"sources.relation_{r}", "en") for r in ("narrower", "equivalent", "overlap")}
    assert row["Why"].iloc[0].strip()
    # Every crosswalk row of the data is in the table, whatever the diagram shows.
    every = queries.run("sources_crosswalk", from_model="all")
    assert len(table) == len(every) >= 15
    assert set(table["Model"]) == set(queries.run("models")["name_en"])


def test_diagram_from_every_model_to_the_common_models():
    at = open_page("sources")
    trace = sankey(at)
    assert trace["title"] == "From every model to the common models"
    harm, curative = pillar(HARM_REDUCTION), pillar(CURATIVE)
    three_track = curative["model"]
    assert (f"{harm['model']}: {harm['name_en']}", f"{three_track}: {curative['name_en']}") in links(trace)
    # The hover of every line names the relation and gives the reason.
    assert all(" (" in hover for hover in trace["link"]["customdata"])
    # No pillar is drawn onto its own model.
    for source, target in links(trace):
        assert source.split(": ")[0] != target.split(": ")[0]
    assert "Sources:" in page_text(at)


def test_deep_link_to_one_model_and_widget_change():
    at = open_page("sources", from_model="five_pillars")
    no_exception(at)
    radio = at.radio(key="w_from_model")
    assert radio.value == "five_pillars"
    five = queries.run("models").set_index("model_id").loc["five_pillars", "name_en"]
    trace = sankey(at)
    assert trace["title"] == f"From {five} to the common models"
    harm, curative = pillar(HARM_REDUCTION), pillar(CURATIVE)
    assert (harm["name_en"], curative["name_en"]) in links(trace)
    left = {source for source, _ in links(trace)}
    five_names = set(queries.run("sources_crosswalk", from_model="five_pillars")["from_name_en"])
    assert left <= five_names

    radio.set_value("three_track").run()
    no_exception(at)
    assert at.query_params["from_model"] in ("three_track", ["three_track"])
    trace = sankey(at)
    three = queries.run("models").set_index("model_id").loc["three_track", "name_en"]
    assert trace["title"] == f"From {three} to the common models"
    left = {source for source, _ in links(trace)}
    assert curative["name_en"] in left
    assert harm["name_en"] in {target for _, target in links(trace)}
    # The diagram's own table holds the chosen model's rows; the full crosswalk does not depend on it.
    diagram_table = [df.value for exp in at.expander for df in exp.dataframe if "Maps to" in df.value.columns]
    assert len(diagram_table) == 1
    assert set(diagram_table[0]["Model"]) == {three}
    assert len(diagram_table[0]) == len(queries.run("sources_crosswalk", from_model="three_track"))
    assert len(table_with(at, "Maps to")) == len(queries.run("sources_crosswalk", from_model="all"))


def test_glossary_has_kaalplukteam():
    at = open_page("sources")
    glossary = table_with(at, "Term")
    row = glossary[glossary["Term"].str.lower() == "kaalplukteam"]
    assert len(row) == 1
    assert "asset" in row["Meaning"].iloc[0].lower()
    assert len(glossary) >= 15
    oms = glossary[glossary["Term"] == "OMS"]
    assert "Onmiddellijke Minnelijke Schikking" in oms["Stands for"].iloc[0]


def test_how_to_cite_and_licences():
    at = AppTest.from_file(str(ROOT / "app_pages" / "sources.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.context["url"] = "https://dashboard.example.org/sources"
    at.run()
    no_exception(at)
    meta = db.package_meta()
    citation = citation_text(at)
    assert citation.startswith("The dashboard's curators. Drug policy of Belgian cities. ")  # in the page's language
    assert f"Version {meta['version']}" in citation
    assert i18n.fmt_date(dt.date.fromisoformat(meta["last_curated"]), "day", "en") in citation
    assert "https://dashboard.example.org/sources" in citation
    text = page_text(at)
    assert "Creative Commons Attribution 4.0" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "Licence of the code: MIT" in text


def test_download_zip_holds_the_whole_package(monkeypatch):
    captured = {}
    original = st.download_button

    def spy(label, data, *args, **kwargs):
        captured.update(label=label, data=data, **kwargs)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    at = open_page("sources")
    no_exception(at)
    assert captured["label"] == "Download the data package (ZIP)"
    assert captured["file_name"].endswith(".zip")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    expected = {"datapackage.json"} | {r["path"] for r in package["resources"]}
    assert callable(captured["data"]), "the ZIP is made on click, not on every run"
    with zipfile.ZipFile(io.BytesIO(captured["data"]())) as archive:
        assert set(archive.namelist()) == expected
        for name in expected:
            assert archive.read(name) == (DATA / name).read_bytes(), name
        sources = list(csv.DictReader(io.StringIO(archive.read("sources.csv").decode("utf-8"))))
    assert len(sources) == len(queries.run("sources_list", cities=None))
    assert "sources.csv" in page_text(at)


def test_dutch_and_french():
    nl = open_page("sources", lang="nl")
    no_exception(nl)
    assert nl.title[0].value == "Bronnen en methode"
    assert table_with(nl, "Titel") is not None
    glossary = table_with(nl, "Term")
    kaalpluk = glossary[glossary["Term"].str.lower() == "kaalplukteam"]
    meaning = queries.run("sources_glossary").set_index("term")
    assert kaalpluk["Betekenis"].iloc[0] == meaning.loc[kaalpluk["Term"].iloc[0], "meaning_nl"]
    assert "Hoe citeren" in page_text(nl)

    fr = open_page("sources", lang="fr", from_model="five_pillars")
    no_exception(fr)
    assert fr.title[0].value == "Sources et méthode"
    table = table_with(fr, "Correspond à")
    assert set(table["Relation"]) <= {t(f"sources.relation_{r}", "fr") for r in
                                      ("equivalent", "narrower", "broader", "overlap")} | {""}
    harm, curative = pillar(HARM_REDUCTION), pillar(CURATIVE)
    assert (harm["name_fr"], curative["name_fr"]) in links(sankey(fr))
    sources = table_with(fr, "Titre")
    assert "néerlandais" in set(sources["Langue"])
    assert "27 février 2024" in set(sources["Date"])
    text = page_text(fr)
    for english in ("How to cite", "Glossary", "Kind of document", "Download the data package"):
        assert english not in text


def test_unknown_and_hostile_model_in_the_url():
    at = open_page("sources", from_model="atlantis", tables_open=False)
    no_exception(at)
    shown = [w.value.replace("\\", "") for w in at.warning]  # as rendered: markdown escapes removed
    assert any("atlantis" in w and "from_model" in w for w in shown), shown
    assert at.radio(key="w_from_model").value == "all"
    assert sankey(at)["title"] == "From every model to the common models"

    hostile = open_page("sources", from_model="<script>alert(1)</script>' or 1=1 --", tables_open=False)
    no_exception(hostile)
    assert hostile.warning, "a notice about the unknown value"
    assert hostile.radio(key="w_from_model").value == "all"
    assert not any("<script>" in m.value for m in hostile.markdown)


def test_missing_translation_of_a_note_shows_the_original_with_a_marker(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "crosswalk.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    target = next(i for i, r in enumerate(rows) if r["from_pillar_id"] == HARM_REDUCTION
                  and r["to_pillar_id"] == CURATIVE)
    rows[target]["note_fr"] = ""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(data))

    at = open_page("sources", lang="fr")
    no_exception(at)
    table = table_with(at, "Correspond à")
    harm, curative = pillar(HARM_REDUCTION), pillar(CURATIVE)
    row = table[(table["Pilier"] == harm["name_fr"]) & (table["Correspond à"] == curative["name_fr"])]
    assert row["Pourquoi"].iloc[0] == rows[target]["note_nl"] + i18n.FALLBACK_MARK
    assert t("common.fallback_note", "fr") in page_text(at)


def test_labels_for_every_kind_and_language_in_the_schema():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in package["resources"] if r["name"] == "sources" for f in r["schema"]["fields"]}
    for kind in fields["document_kind"]["constraints"]["enum"]:
        assert i18n.has(f"sources.kind_{kind}"), kind
    for language in fields["language"]["constraints"]["enum"]:
        assert i18n.has(f"sources.language_{language}"), language
    crosswalk = {f["name"]: f for r in package["resources"] if r["name"] == "crosswalk"
                 for f in r["schema"]["fields"]}
    for relation in crosswalk["relation"]["constraints"]["enum"]:
        assert i18n.has(f"sources.relation_{relation}"), relation


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_key_of_the_page_in_every_language(lang):
    keys = [key for key in i18n.catalog() if key.startswith("sources.")]
    assert len(keys) > 40
    for key in keys:
        assert i18n.catalog()[key].get(lang, "").strip(), (key, lang)


def test_method_names_every_kind_of_statement():
    at = open_page("sources")
    text = page_text(at)
    assert "verbatim quote" in text
    assert "spanning pillars" in text
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    kinds = {k for r in package["resources"] for f in r["schema"]["fields"] if f["name"] == "statement_kind"
             for k in f["constraints"]["enum"]}
    assert len(kinds) == 7
    for kind in kinds:
        assert f"- {t(f'enums.statement_kind_{kind}', 'en')}" in text
    assert '"no data", never zero' in text


def test_diagram_names_the_model_where_a_side_holds_two():
    at = open_page("sources", from_model="brussels_three_axes")
    no_exception(at)
    models = queries.run("models").set_index("model_id")["name_en"]
    pillars = queries.run("sources_crosswalk", from_model="brussels_three_axes")
    security = pillars.loc[pillars["from_pillar_id"] == "brussels_three_axes.security", "from_name_en"].iloc[0]
    drawn = links(sankey(at))
    targets = {target for _, target in drawn}
    # Both common models are on the right, so each pillar there names its model; the left holds one model.
    assert all(target.split(": ")[0] in {models["three_track"], models["five_pillars"]} for target in targets)
    assert any(source == security for source, _ in drawn)
    assert len(drawn) == len(pillars[pillars["to_pillar_id"].notna()])


def test_each_language_gets_its_own_tables_and_diagram():
    en = open_page("sources", from_model="five_pillars")
    nl = open_page("sources", lang="nl", from_model="five_pillars")
    en_again = open_page("sources", from_model="five_pillars")
    for at in (en, nl, en_again):
        no_exception(at)
    assert table_with(en, "Title") is not None and table_with(en_again, "Title") is not None
    assert table_with(nl, "Titel") is not None
    assert sankey(en)["title"] == sankey(en_again)["title"] != sankey(nl)["title"]
    assert table_with(en, "Term").equals(table_with(en_again, "Term"))
