"""The gap page: "what does Ghent do that Antwerp doesn't?" and the reverse, each measure with its status, source
and quote, checked against the data files (not the app's queries)."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA, _Details, no_exception, open_page, page_text, picker

from dashboard import PAGES
from drugpolicy.i18n import t

CURRENT = ["implemented", "in_progress"]


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("cities", "instruments", "measures", "sources")}


def expected(data, city: str, others: list[str], statuses: list[str]) -> dict[str, pd.DataFrame]:
    """city's drug-specific measures (with these statuses) of the instruments none of others uses (alike)."""
    m = data["measures"]
    m = m[(m["drug_specific"] == "true") & m["status"].isin(statuses)]
    theirs = set(m.loc[m["city_id"].isin(others), "instrument_id"])
    own = m[(m["city_id"] == city) & ~m["instrument_id"].isin(theirs)]
    return {i: rows.sort_values("measure_id") for i, rows in own.groupby("instrument_id")}


def blocks(at) -> list[list[dict]]:
    """Each list of foldable groups on the page (one per section), in page order."""
    out = []
    for el in at.get("html"):
        if 'class="details-groups"' in el.proto.body:
            reader = _Details()
            reader.feed(el.proto.body)
            out.append(reader.groups)
    return out


def name(data, table: str, key: str, value: str, lang: str = "en") -> str:
    return data[table].set_index(key).loc[value, f"name_{lang}"]


def check_list(groups: list[dict], want: dict[str, pd.DataFrame], data, city: str) -> None:
    """The groups are the wanted instruments, each with every measure: city, title, status, quote, source."""
    assert [g["heading"] for g in groups] == [name(data, "instruments", "instrument_id", i) for i in sorted(want)]
    titles = data["sources"].set_index("source_id")["title"]
    for group, (_, rows) in zip(groups, sorted(want.items()), strict=True):
        assert len(group["items"]) == len(rows)
        for item, r in zip(group["items"], rows.to_dict("records"), strict=True):
            assert item["summary"] == (f"{name(data, 'cities', 'city_id', city)}: {r['title_en']} "
                                       f"({t('enums.status_' + r['status'], 'en')})")
            assert r["quote"] in item["text"] and titles[r["source_id"]] in item["text"]


def test_the_gap_page_is_the_second_item_of_the_menu():
    assert [key for key, _ in PAGES][:2] == ["overview", "gap"]


def test_what_ghent_does_that_antwerp_does_not_and_the_reverse(data):
    at = open_page("gap", city="antwerpen", cities="gent")
    no_exception(at)
    assert picker(at, "w_city").value == "antwerpen" and picker(at, "w_cities").value == ["gent"]
    assert picker(at, "w_statuses").value == CURRENT  # by default what exists
    lacking, only = expected(data, "gent", ["antwerpen"], CURRENT), expected(data, "antwerpen", ["gent"], CURRENT)
    assert lacking and only, "the data has instruments on both sides"
    first, second = blocks(at)
    check_list(first, lacking, data, "gent")
    check_list(second, only, data, "antwerpen")
    assert [h.value for h in at.header][:2] == ["What Ghent does and Antwerp does not",
                                                "What Antwerp does and Ghent does not"]
    summary = next(m.value for m in at.markdown if m.value.startswith("**"))
    assert summary.startswith(f"**{len(lacking)}** instruments are used by Ghent and not by Antwerp; "
                              f"**{len(only)}** only by Antwerp")


def test_several_peers_and_every_status(data):
    statuses = ["implemented", "in_progress", "planned", "announced", "promised"]
    at = open_page("gap", city="aalst", cities=["gent", "antwerpen"], statuses=",".join(statuses))
    no_exception(at)
    first, second = blocks(at)
    want = expected(data, "gent", ["aalst"], statuses)
    m = data["measures"]
    m = m[(m["drug_specific"] == "true")]
    peers = m[m["city_id"].isin(["gent", "antwerpen"])]
    home = set(m.loc[m["city_id"] == "aalst", "instrument_id"])
    assert [g["heading"] for g in first] == [name(data, "instruments", "instrument_id", i)
                                             for i in sorted(set(peers["instrument_id"]) - home)]
    assert want  # Ghent alone lacks nothing Aalst has? no: Ghent's own instruments are among the first list
    shown = {g["heading"]: g for g in first}
    for instrument, rows in want.items():
        group = shown[name(data, "instruments", "instrument_id", instrument)]
        assert all(any(r["title_en"] in item["summary"] for item in group["items"]) for r in rows.to_dict("records"))
    assert [g["heading"] for g in second] == [
        name(data, "instruments", "instrument_id", i) for i in sorted(home - set(peers["instrument_id"]))]


def test_the_status_filter_changes_the_lists_and_lives_in_the_url(data):
    at = open_page("gap", city="antwerpen", cities="gent")
    picker(at, "w_statuses").set_value(["promised"]).run()
    no_exception(at)
    assert at.query_params["statuses"] in ("promised", ["promised"])
    shown = blocks(at)
    want = expected(data, "gent", ["antwerpen"], ["promised"])
    assert [g["heading"] for g in (shown[0] if want else [])] == [
        name(data, "instruments", "instrument_id", i) for i in sorted(want)]


def test_the_home_city_is_no_peer_of_itself(data):
    at = open_page("gap", city="gent", cities=["gent", "antwerpen"])
    no_exception(at)
    assert not at.warning
    assert picker(at, "w_cities").value == ["antwerpen"]
    assert "gent" not in picker(at, "w_cities").options


def test_opens_on_the_home_citys_best_documented_peers(data):
    at = open_page("gap")
    no_exception(at)
    assert picker(at, "w_city").value == "antwerpen"
    peers = picker(at, "w_cities").value
    assert len(peers) == 3 and "gent" in peers and "antwerpen" not in peers


def test_a_peer_group_in_one_click(data):
    at = open_page("gap", city="gent", cities="antwerpen")
    group = t("common.peer_groups", "en")
    pills = next(p for p in at.get("button_group") if p.label == group)
    walloon = next(o for o in pills.options if o.startswith("Large Walloon") or "Wallo" in o)
    pills.set_value(walloon).run()
    no_exception(at)
    assert "liege" in picker(at, "w_cities").value and "gent" not in picker(at, "w_cities").value


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_dutch_and_french_pages(data, lang):
    at = open_page("gap", lang=lang, city="antwerpen", cities="gent")
    no_exception(at)
    home, peer = (name(data, "cities", "city_id", c, lang) for c in ("antwerpen", "gent"))
    assert at.title[0].value == t("gap.title", lang)
    assert [h.value for h in at.header][:2] == [t("gap.lacking_one", lang, peers=peer, home=home),
                                                t("gap.only_one", lang, peers=peer, home=home)]
    groups = blocks(at)[0]
    first = sorted(expected(data, "gent", ["antwerpen"], CURRENT))[0]
    assert groups[0]["heading"] == name(data, "instruments", "instrument_id", first, lang)
    assert t("enums.status_implemented", lang) in page_text(at)


def test_every_gap_text_is_translated():
    from drugpolicy.i18n import catalog

    keys = {k: v for k, v in catalog().items() if k.startswith("gap.")}
    assert len(keys) > 10
    for key, texts in keys.items():
        assert set(texts) == {"nl", "fr", "en"} and all(texts[lang].strip() for lang in ("nl", "fr", "en")), key
