"""The helpers that let a module build its data once (``tests/isolation.py``): a test beside
module data it did not ask for fails, and each test gets its own instances of that data."""

from types import SimpleNamespace

import pytest

from tests import isolation
from website.page_tree import PagePair


def _item(fixturenames, marked=False):
    marker = object() if marked else None
    return SimpleNamespace(
        nodeid="tests/x.py::test_x",
        fixturenames=fixturenames,
        get_closest_marker=lambda name: marker if name == "django_db" else None,
    )


@pytest.fixture
def library_built(monkeypatch):
    monkeypatch.setattr(isolation, "_built", {"library_once"})


def test_a_database_test_beside_data_it_did_not_ask_for_fails(library_built):
    for item in (_item(["db", "client"]), _item(["client"], marked=True)):
        with pytest.raises(pytest.fail.Exception, match="library_once of its module"):
            isolation.check_asks_for(item)


def test_a_test_that_asks_or_has_no_database_runs(library_built):
    isolation.check_asks_for(_item(["db", "library", "library_once"]))
    isolation.check_asks_for(_item(["client"]))  # cannot see the database at all


def test_nothing_built_nothing_to_ask_for():
    isolation.check_asks_for(_item(["db"], marked=True))


def test_fresh_copies_are_read_again_in_dicts_lists_and_page_pairs(home, en_home):
    home.title = "changed in memory"
    made = {"pages": [home, home], "pair": PagePair(home, en_home), "count": 2}
    copied = isolation.fresh_copies(made)
    for page in (*copied["pages"], copied["pair"].zh):
        assert page is not home and page.pk == home.pk and page.title != "changed in memory"
    assert copied["pair"].en.pk == en_home.pk and copied["pair"].en is not en_home
    assert copied["count"] == 2 and type(copied["pages"][0]) is type(home)
