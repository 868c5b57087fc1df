"""Fixtures shared by the website tests."""

import pytest

from website.models import NewsIndexPage
from website.page_tree import ensure_translated_page


@pytest.fixture
def news_index(home):
    return ensure_translated_page(
        home,
        NewsIndexPage,
        "news",
        {"title": "新闻", "intro": "平台动态"},
        {"title": "News", "intro": "Platform news"},
    )


@pytest.fixture
def fragments(settings):
    """Fragment cache on, page cache off: pages render each time from stored fragments (the
    cache itself starts empty in every test: ``tests/conftest.py``)."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 300
