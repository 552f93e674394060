"""The overview page: the cities-by-pillars matrix on the chosen model, its sources and the curation date."""
from __future__ import annotations

from drugpolicy import queries
from tests.conftest import charts, headline_cards, html_tables, no_exception, open_page, page_text

ALL_STATUSES = ["implemented", "in_progress", "planned", "announced", "promised"]


def the_table(at):
    tables = html_tables(at)
    assert len(tables) == 2 and not at.table and not at.dataframe and not charts(at), \
        "the matrix and the measures by status are the page's tables, in HTML, and no plotly chart"
    return tables[0]


def matrix(at):
    """The matrix as shown: city names (columns), pillar labels (rows) and the cell texts, row by row."""
    table = the_table(at)
    return table.header[1:], [row["label"] for row in table.rows], [row["cells"] for row in table.rows]


def test_deep_link_without_parameters_opens_on_a_peer_group_on_three_track():
    """Not on everything, nor on an unnamed party programme, nor on part of a group: on the first peer group whose
    members all fit in the picker (twelve)."""
    at = open_page("overview")
    no_exception(at)
    x, y, text = matrix(at)
    groups = queries.run("peer_groups").dropna(subset=["city_id"])
    members = [set(g["city_id"]) for _, g in groups.groupby("sort_order", sort=True)]
    first = next(m for m in members if len(m) <= 12)
    names = queries.run("cities").set_index("city_id")["name_en"]
    assert set(x) == {names[c] for c in first} and len(x) == len(first) > 1
    assert "Municipality X (unnamed election programme)" not in x
    assert y[:3] == ["preventive", "curative", "repressive"] or [s.lower() for s in y[:3]] == ["preventive", "curative", "repressive"]
    text = page_text(at)
    assert "Data curated on" in text and "Sources:" in text
    # by default what exists: implemented or in progress, said in the title
    assert "Number of measures per pillar (Three-track policy): implemented or in progress" in text
    assert "Inhabitants" in text and "Measures recorded" in text


def test_model_in_url_and_after_switch():
    at = open_page("overview", model="five_pillars")
    no_exception(at)
    _, y, _ = matrix(at)
    assert any("harm reduction" in s.lower() for s in y)
    at.radio[0].set_value("three_track").run()
    no_exception(at)
    _, y, _ = matrix(at)
    assert not any("harm reduction" in s.lower() for s in y)
    assert at.query_params["model"] == ["three_track"] or at.query_params["model"] == "three_track"


def test_own_model_shows_each_city_in_its_model():
    at = open_page("overview", model="own", cities=["antwerpen", "gent", "aalst"])
    no_exception(at)
    _, y, _ = matrix(at)
    labels = " ".join(y).lower()
    assert "five pillars" in labels and "three-track" in labels.replace("three track", "three-track")


def test_counts_match_the_database():
    from drugpolicy import queries

    at = open_page("overview", model="three_track", cities=["antwerpen", "aalst"], statuses=ALL_STATUSES)
    x, y, text = matrix(at)
    df = queries.run("measures_by_pillar", cities=["antwerpen"], model="three_track", statuses=ALL_STATUSES).set_index("pillar_id")
    col = x.index("Antwerp")
    row = [s.lower() for s in y].index("repressive")
    assert text[row][col] == str(int(df.loc["three_track.repressive", "measure_count"]))


def test_dutch_and_french():
    nl = open_page("overview", lang="nl")
    no_exception(nl)
    assert "Overzicht" in page_text(nl)
    fr = open_page("overview", lang="fr", cities=["gent", "liege"])
    no_exception(fr)
    assert "Vue d'ensemble" in page_text(fr)
    assert "Gand" in matrix(fr)[0]


def test_unknown_model_and_language_give_notices():
    at = open_page("overview", lang="xx", model="<script>alert(1)</script>", tables_open=False)
    no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "xx" in warnings and "model" in warnings
    assert len(html_tables(at)) == 2


def test_chart_downloads_offered_under_the_chart_in_a_menu():
    first = open_page("overview", tables_open=False)
    (menu,) = first.get("popover")
    assert menu.proto.popover.label == "Download: PNG, SVG, CSV, XLSX"
    assert not first.get("download_button"), "the first view sends the menu, not its buttons"
    at = open_page("overview")  # the menu opened, as a click does
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PNG", "SVG", "CSV", "XLSX"]
    assert "Download this chart and the data behind it" in page_text(at)


def test_matrix_cells_are_shaded_by_count_dash_for_none_blank_outside_the_model():
    from drugpolicy import charts as chart_builders
    from drugpolicy import queries, sections

    at = open_page("overview", model="own", cities=["antwerpen", "gent"], statuses=ALL_STATUSES)
    x, y, text = matrix(at)
    table = the_table(at)
    assert table.caption == "Number of measures per pillar (Each city in its own model)"
    assert table.header[0] == "Pillar"
    shown = {(row["label"], city): (cell, style) for row in table.rows
             for city, cell, style in zip(x, row["cells"], row["styles"], strict=True)}
    assert any("color: white" in style for _, style in shown.values())
    assert all(style == "" for cell, style in shown.values() if cell in ("", "–")), "no shade without a count"
    # the same cells straight from the builder: the largest count is the darkest and has white text
    df = sections.pillar_rows(queries.run("measures_by_pillar", cities=["antwerpen", "gent"], model="own", statuses=ALL_STATUSES), "own",
                           sections.names("en")[1], "en")
    cells, shades = chart_builders.pillar_table(df, sections.names("en")[0], "Pillar")
    counts = {(r, c): cells.loc[r, c] for r in cells.index for c in cells.columns}
    numbers = {k: int(v) for k, v in counts.items() if v not in ("", "–")}
    top = max(numbers, key=numbers.get)
    assert shades.loc[top].endswith("color: white")
    assert all(shades.loc[k] == "" for k, v in counts.items() if v in ("", "–"))
    # each city in its own model: a pillar of the other city's model is an empty cell, not a dash or a zero
    assert "" in set(counts.values()) and "0" not in set(counts.values())


def test_matrix_html_escapes_every_text():
    """City names and pillar labels come from the data: in the HTML they stay text, never markup."""
    import pandas as pd

    from drugpolicy import charts as chart_builders
    from tests.conftest import _Table

    df = pd.DataFrame([{"city_id": "x", "row": "<b>Care</b>", "measure_count": 3},
                       {"city_id": "x", "row": "Harm & \"reduction\"", "measure_count": 0}])
    cells, shades = chart_builders.pillar_table(df, {"x": '<img src=x onerror="alert(1)">'}, "Pillar <i>")
    body = chart_builders.pillar_table_html(cells, shades, "<script>alert(1)</script>")
    markup = body.split("</style>", 1)[1]
    assert "<img" not in markup and "<script" not in markup and "<b>" not in markup and "<i>" not in markup
    table = _Table()
    table.feed(markup)
    assert table.caption == "<script>alert(1)</script>"
    assert table.header == ["Pillar <i>", '<img src=x onerror="alert(1)">']
    assert [(r["label"], r["cells"]) for r in table.rows] == [("<b>Care</b>", ["3"]), ('Harm & "reduction"', ["–"])]
    assert table.rows[0]["styles"][0].startswith("background-color: rgb(") and table.rows[1]["styles"] == [""]


def test_headline_cards_compare_like_with_like():
    """A card per figure, listing every picked city that has it, with its date, kind of statement, source and
    quote; a personnel or care figure only when two of the cities have it."""
    from drugpolicy import queries

    cities = ["gent", "aalst", "oostende", "leuven"]
    at = open_page("overview", cities=cities, lang="en")
    no_exception(at)
    cards = headline_cards(at)
    names = queries.run("cities").set_index("city_id")["name_en"]
    measures, people, *figures = cards
    counts = queries.run("measure_counts", cities=cities).set_index("city_id")["measure_count"]
    assert measures["name"] == "Measures recorded"
    assert [f["figure"] for f in measures["figures"]] == [f"{int(counts[c])} {names[c]}" for c in cities]
    assert people["name"] == "Inhabitants"
    rows = queries.run("population_counts", cities=cities).drop_duplicates("city_id")
    for f in people["figures"]:
        r = rows[(rows.city_id == names[names == f["figure"].split(" ", 1)[1]].index[0])]
        assert f["quote"] == f"“{r['quote'].iloc[0]}”"
    latest = queries.run("figures_capacity", cities=cities)
    latest = latest[latest["is_latest"] & (latest["value_kind"] == "actual")]
    assert figures, "these cities share personnel or care figures"
    for card in figures:
        name = card["name"].removesuffix(" (per 100,000 inhabitants)")
        having = set(latest.loc[latest["name_en"] == name, "city_id"])
        assert len(having) >= 2 and {f["figure"].rsplit(" ", 1)[-1] for f in card["figures"]} <= set(names[list(having)])
        assert len(card["figures"]) == len(having) and all(f["quote"] for f in card["figures"])
    assert "a figure only one of the cities has gets no card" in page_text(at)


def test_measures_by_status_and_what_each_city_rests_on():
    from drugpolicy import queries

    at = open_page("overview", cities=["gent", "gemeente-x"], lang="en")
    no_exception(at)
    table = html_tables(at)[1]
    assert table.header == ["City", "Implemented", "In progress", "Planned", "Announced", "Promised", "Total",
                            "Rests on"]
    counts = queries.run("measure_counts", cities=["gent"]).set_index("city_id").loc["gent"]
    ghent = next(r["cells"][1:] for r in table.rows if r["cells"][0] == "Ghent")
    assert ghent[:6] == [str(int(counts[s])) if counts[s] else "–" for s in ALL_STATUSES] + \
        [str(int(counts["measure_count"]))]
    assert ghent[6].startswith(f"{int(counts['measure_count'])} drug-policy measures from ")
    single = next(r["cells"][1:] for r in table.rows if r["cells"][0].startswith("Municipality X"))
    assert "from a single source" in single[6]


def test_the_status_filter_counts_only_those_and_lives_in_the_url():
    from drugpolicy import queries

    at = open_page("overview", cities=["gent"], statuses="promised,planned")
    no_exception(at)
    df = queries.run("measures_by_pillar", cities=["gent"], model="three_track", statuses=["planned", "promised"])
    _, labels, cells = matrix(at)
    shown = dict(zip(labels, (c[0] for c in cells), strict=True))
    for r in df[df["pillar_id"].notna()].itertuples():
        assert shown[r.name_en] == (str(r.measure_count) if r.measure_count else "–")
    assert "(Three-track policy): planned or promised" in page_text(at)


def test_headline_cards_in_french_and_for_a_city_without_figures():
    at = open_page("overview", cities=["gemeente-x"], lang="fr")
    no_exception(at)
    (card,) = headline_cards(at)
    assert card["name"] == "Mesures relevées" and card["figures"][0]["figure"].startswith("10 Commune X")
    fr = open_page("overview", cities=["gent"], lang="fr")
    assert {f["quote_label"] for f in headline_cards(fr)[1]["figures"]} == {"Citation"}


def test_a_quote_in_another_language_has_its_rendering_in_the_pages():
    """Liège's population quote is French: the Dutch page shows it verbatim and, under it, its Dutch rendering."""
    from drugpolicy import queries
    from tests.conftest import html_text

    row = queries.run("population_counts", cities=["liege"]).iloc[0]
    assert row["quote_nl"] and row["quote_nl"] != row["quote"]
    nl = html_text(open_page("overview", lang="nl", cities=["liege", "gent"]))
    assert row["quote"] in nl and f"Vertaling: {row['quote_nl']}" in nl
    ghent = queries.run("population_counts", cities=["gent"]).iloc[0]
    assert f"Vertaling: {ghent['quote']}" not in nl  # a Dutch quote needs none


def test_the_briefings_count_slide_links_back_to_the_overview_with_its_counts():
    from urllib.parse import parse_qs, urlsplit

    from drugpolicy.sections import compare

    slide = compare.count_slide(("gent", "antwerpen"), "five_pillars", "en")  # counts every status
    params = parse_qs(urlsplit(slide.url).query)
    at = open_page("overview", **params)
    no_exception(at)
    cities, labels, cells = matrix(at)
    shown = {label: dict(zip(cities, row, strict=True)) for label, row in zip(labels, cells, strict=True)}
    figures = slide.key_figures.set_index(slide.key_figures.columns[0])
    assert sorted(figures.columns) == sorted(cities)
    for label, row in figures.iterrows():
        assert {c: row[c] for c in cities} == shown[label], label
