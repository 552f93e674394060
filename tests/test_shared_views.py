"""Views shared between sessions (cache.shared, on Streamlit's resource cache): one build per selection, language and
data folder."""
import threading
import time

import pytest
import streamlit as st

from drugpolicy import cache, i18n


@pytest.fixture(autouse=True)
def _empty():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
    i18n.set_lang("nl")


def test_fifty_sessions_asking_at_once_cause_one_build():
    calls = []

    @cache.shared
    def view(cities):
        calls.append(cities)
        time.sleep(0.2)  # a slow build: the others arrive while it runs
        return {"cities": cities}

    results = []
    threads = [threading.Thread(target=lambda: results.append(view(("gent", "aalst")))) for _ in range(50)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [("gent", "aalst")]
    assert len(results) == 50 and all(r is results[0] for r in results)


def test_each_selection_and_language_has_its_own_view():
    @cache.shared
    def view(cities, model="three_track"):
        return (i18n.get_lang(), tuple(cities), model)

    i18n.set_lang("fr")
    assert view(["gent"]) == ("fr", ("gent",), "three_track")
    assert view(["gent"], model="five_pillars") == ("fr", ("gent",), "five_pillars")
    i18n.set_lang("en")
    assert view(["gent"]) == ("en", ("gent",), "three_track")
    assert view(["gent", "aalst"]) == ("en", ("gent", "aalst"), "three_track")


def test_another_data_folder_is_another_view(tmp_path, monkeypatch):
    built = []

    @cache.shared
    def view():
        from drugpolicy import db
        built.append(db.data_dir())
        return str(db.data_dir())

    first = view()
    monkeypatch.setenv("DRUGPOLICY_DATA_DIR", str(tmp_path))
    assert view() == str(tmp_path.resolve()) != first
    assert len(built) == 2


def test_a_failed_build_is_not_kept():
    attempts = []

    @cache.shared
    def view(x):
        attempts.append(x)
        if len(attempts) == 1:
            raise RuntimeError("query failed")
        return x * 2

    with pytest.raises(RuntimeError):
        view(2)
    assert view(2) == 4
    assert attempts == [2, 2]
