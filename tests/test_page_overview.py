"""The overview page: the cities-by-pillars matrix on the chosen model, its sources and the curation date."""
from __future__ import annotations

from drugpolicy import queries
from tests.conftest import charts, headline_cards, html_tables, no_exception, open_page, page_text


def the_table(at):
    tables = html_tables(at)
    assert len(tables) == 1 and not at.table and not at.dataframe and not charts(at), \
        "the matrix is the page's one table, in HTML, and no plotly chart"
    return tables[0]


def matrix(at):
    """The matrix as shown: city names (columns), pillar labels (rows) and the cell texts, row by row."""
    table = the_table(at)
    return table.header[1:], [row["label"] for row in table.rows], [row["cells"] for row in table.rows]


def test_deep_link_without_parameters_opens_on_a_peer_group_on_three_track():
    """Not on everything, nor on an unnamed party programme: on the first peer group's members (at most five)."""
    at = open_page("overview")
    no_exception(at)
    x, y, text = matrix(at)
    groups = queries.run("peer_groups").dropna(subset=["city_id"])
    first = groups[groups.sort_order == groups.sort_order.min()]
    names = queries.run("cities").set_index("city_id")["name_en"]
    assert set(x) == set(sorted(names[c] for c in first["city_id"])[:5]) and len(x) == min(5, len(first))
    assert "Municipality X (unnamed election programme)" not in x
    assert y[:3] == ["preventive", "curative", "repressive"] or [s.lower() for s in y[:3]] == ["preventive", "curative", "repressive"]
    text = page_text(at)
    assert "Data curated on" in text and "Sources:" in text
    assert "Number of measures per pillar (Three-track policy)" in text
    # headline figures: Ghent's yearly budget, written out in full, with its kind of statement and source
    assert "EUR 2,500,000" in text and "budget commitment" in text
    assert "269,191" in text and "Inhabitants" in text


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
    at = open_page("overview", model="own")
    no_exception(at)
    _, y, _ = matrix(at)
    labels = " ".join(y).lower()
    assert "five pillars" in labels and "three-track" in labels.replace("three track", "three-track")


def test_counts_match_the_database():
    from drugpolicy import queries

    at = open_page("overview", model="three_track")
    x, y, text = matrix(at)
    df = queries.run("measures_by_pillar", cities=["antwerpen"], model="three_track").set_index("pillar_id")
    col = x.index("Antwerp")
    row = [s.lower() for s in y].index("repressive")
    assert text[row][col] == str(int(df.loc["three_track.repressive", "measure_count"]))


def test_dutch_and_french():
    nl = open_page("overview", lang="nl")
    no_exception(nl)
    assert "Overzicht" in page_text(nl)
    fr = open_page("overview", lang="fr")
    no_exception(fr)
    assert "Vue d'ensemble" in page_text(fr)
    assert "Gand" in matrix(fr)[0]


def test_unknown_model_and_language_give_notices():
    at = open_page("overview", lang="xx", model="<script>alert(1)</script>", tables_open=False)
    no_exception(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "xx" in warnings and "model" in warnings
    assert len(html_tables(at)) == 1


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

    at = open_page("overview", model="own")
    x, y, text = matrix(at)
    table = the_table(at)
    assert table.caption == "Number of measures per pillar (Each city in its own model)"
    assert table.header[0] == "Pillar"
    shown = {(row["label"], city): (cell, style) for row in table.rows
             for city, cell, style in zip(x, row["cells"], row["styles"], strict=True)}
    assert any("color: white" in style for _, style in shown.values())
    assert all(style == "" for cell, style in shown.values() if cell in ("", "–")), "no shade without a count"
    # the same cells straight from the builder: the largest count is the darkest and has white text
    df = sections.pillar_rows(queries.run("measures_by_pillar", cities=["antwerpen", "gent"], model="own"), "own",
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


def test_headline_cards_show_each_figure_with_its_date_kind_source_and_quote():
    from drugpolicy import queries

    at = open_page("overview", cities=["gent", "aalst"], lang="en")
    no_exception(at)
    cards = headline_cards(at)
    assert [c["name"] for c in cards] == ["Ghent", "Aalst"]
    ghent = cards[0]["figures"]
    counts = queries.run("measure_counts", cities=["gent"]).set_index("city_id")["measure_count"]
    assert ghent[0]["figure"] == f"{int(counts['gent'])} Measures recorded" and not ghent[0]["quote"]
    budget = next(f for f in ghent if f["figure"].startswith("EUR 2,500,000 Budget per year"))
    assert budget["meta"].startswith("2020 · budget commitment · ")
    rows = queries.run("headline_figures", cities=["gent"])
    quote = rows[rows.figure == "budget"]["quote"].iloc[0]
    # the verbatim quote, behind a "Quote" the reader opens
    assert (budget["quote_label"], budget["quote"]) == ("Quote", f"“{quote}”")
    assert all(f["quote"] for f in ghent[1:]), "every figure from the data has its quote"
    assert "Measures recorded: the measures the sources name, not everything the city does." in page_text(at)


def test_headline_cards_in_french_and_for_a_city_without_figures():
    at = open_page("overview", cities=["gemeente-x"], lang="fr")
    no_exception(at)
    (card,) = headline_cards(at)
    assert card["figures"][0]["figure"].endswith("Mesures relevées")
    fr = open_page("overview", cities=["gent"], lang="fr")
    assert {f["quote_label"] for f in headline_cards(fr)[0]["figures"][1:]} == {"Citation"}
