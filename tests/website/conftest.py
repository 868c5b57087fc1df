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
