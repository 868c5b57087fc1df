"""Issue 8, failing first: the plain database backend does not find Chinese words inside longer
runs of characters, on SQLite and on PostgreSQL alike; the project's default backend does."""

import pytest
from wagtail.search.backends import get_search_backend

from website.models import StandardPage

pytestmark = pytest.mark.django_db

PLAIN_BACKEND = "wagtail.search.backends.database"


@pytest.fixture
def calibration_page(make_page):
    return make_page("服务介绍", intro="提供计量校准服务", slug="calibration")


def test_plain_database_backend_misses_a_word_inside_a_run_of_chinese(calibration_page):
    """Documents the gap: Wagtail's own database backend indexes "提供计量校准服务" as one token."""
    backend = get_search_backend(PLAIN_BACKEND)
    backend.add(calibration_page)
    assert list(backend.search("提供计量校准服务", StandardPage)) == [calibration_page]
    assert list(backend.search("计量", StandardPage)) == []


def test_default_backend_finds_a_word_inside_a_run_of_chinese(calibration_page):
    assert list(StandardPage.objects.live().search("计量")) == [calibration_page]
