"""Views shared between sessions (drugpolicy.memo): one build per selection, language and data folder."""
import threading
import time

import pytest

from drugpolicy import i18n, memo


@pytest.fixture(autouse=True)
def _empty():
    memo.clear()
    yield
    memo.clear()
    i18n.set_lang("nl")


def test_fifty_sessions_asking_at_once_cause_one_build():
    calls = []

    @memo.shared
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
    @memo.shared
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

    @memo.shared
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

    @memo.shared
    def view(x):
        attempts.append(x)
        if len(attempts) == 1:
            raise RuntimeError("query failed")
        return x * 2

    with pytest.raises(RuntimeError):
        view(2)
    assert view(2) == 4
    assert attempts == [2, 2]


def test_least_recently_used_views_are_dropped(monkeypatch):
    monkeypatch.setattr(memo, "SIZE", 3)
    built = []

    @memo.shared
    def view(x):
        built.append(x)
        return x

    for x in (1, 2, 3, 1, 4):  # 1 was used again, so 2 is the one dropped
        view(x)
    view(1), view(2)
    assert built == [1, 2, 3, 4, 2]


def test_an_unhashable_argument_is_refused_with_its_type():
    @memo.shared
    def view(x):
        return x

    with pytest.raises(TypeError, match="unhashable"):
        view(bytearray(b"x"))
