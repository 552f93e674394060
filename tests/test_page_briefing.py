"""The Briefing page: the selection from the URL, the deck and data downloads, and a preview of the first section."""
from __future__ import annotations

import io

from pptx import Presentation

from tests.conftest import charts, no_exception, open_page, page_text, picker


def test_deep_link_with_selection():
    at = open_page("briefing", cities=["antwerpen", "gent"], model="five_pillars")
    no_exception(at)
    assert picker(at, "w_cities").value == ["antwerpen", "gent"]
    assert "Briefing: slides and data" in page_text(at)
    spec = charts(at)[0]
    assert [x.replace("<br>", " ") for x in spec["data"][0]["x"]] == ["Antwerp", "Ghent"]
    assert any("harm reduction" in y.lower() for y in spec["data"][0]["y"])


def test_deck_language_is_its_own_choice():
    at = open_page("briefing", cities=["aalst"], deck_lang="fr")
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download deck (PPTX)", "Download data (XLSX)"]
    # the preview is the deck's first slide: in French while the page is in English
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Nombre de mesures par pilier")
    assert at.query_params["deck_lang"] in ("fr", ["fr"])


def test_no_section_picked_shows_a_hint():
    at = open_page("briefing")
    picker(at, "sections").set_value([]).run()
    no_exception(at)
    assert "Pick at least one section." in page_text(at)


def test_deck_built_from_the_page_sections_opens_in_python_pptx():
    from drugpolicy import sections
    from drugpolicy.exports import deck

    four = ["antwerpen", "aalst", "gent", "brussels-region"]
    built = sections.build(four, "three_track", "en")
    data = deck.build_deck(built, cities=four, model="three_track", lang="en", public_url="https://briefing.example.org")
    prs = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "Drug policy of Belgian cities: briefing" and titles[-1] == "How to cite"
    assert any(x.startswith("Sources") for x in titles)
    # a gap slide per peer of the home city (the first picked), a measures slide (or more) per city
    for peer in ("Aalst", "Ghent", "Brussels-Capital Region"):
        assert any(x.startswith(f"{peer} uses ") and "Antwerp does not" in x for x in titles), peer
    for city in ("Antwerp", "Aalst", "Ghent", "Brussels-Capital Region"):
        assert any(x.startswith(f"{city}: ") and "drug-specific measures" in x for x in titles), city
    # the links go where the visitor came from, never to the default address
    addresses = [run.hyperlink.address for s in prs.slides for sh in s.shapes if sh.has_text_frame
                 for p in sh.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert addresses and all(a.startswith("https://briefing.example.org/") for a in addresses)


def test_home_city_is_named_and_the_preview_shows_the_first_slide_title():
    at = open_page("briefing", cities=["gent", "antwerpen"])
    no_exception(at)
    text = page_text(at)
    assert "The first city picked is the home city" in text
    assert "Ghent records" in text or "Antwerp records" in text  # the first slide's title: a finding


def test_preview_of_a_slide_without_chart():
    at = open_page("briefing", cities=["gent", "antwerpen"])
    picker(at, "sections").set_value(["gap"]).run()
    no_exception(at)
    assert not charts(at)
    assert "Antwerp uses " in page_text(at) and "Ghent does not" in page_text(at)


def test_preview_follows_the_deck_order_whatever_the_order_of_picking():
    at = open_page("briefing", cities=["antwerpen", "gent"])
    picker(at, "sections").set_value(["budgets", "overview"]).run()
    no_exception(at)
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Number of measures per pillar")
    picker(at, "sections").set_value(["overview", "budgets"]).run()
    no_exception(at)
    assert charts(at)[0]["layout"]["title"]["text"].startswith("Number of measures per pillar")


def test_each_page_language_and_deck_language_has_its_own_preview():
    en = open_page("briefing", cities=["aalst"], deck_lang="nl")
    fr = open_page("briefing", lang="fr", cities=["aalst"], deck_lang="nl")
    no_exception(en)
    no_exception(fr)
    # the same Dutch slide on both; the page around it in the page's language
    assert charts(en)[0]["layout"]["title"]["text"] == charts(fr)[0]["layout"]["title"]["text"]
    assert charts(en)[0]["layout"]["title"]["text"].startswith("Aantal maatregelen per pijler")
    assert "Sources:" in page_text(en) and "Sources :" in page_text(fr)
