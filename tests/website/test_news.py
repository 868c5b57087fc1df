"""News and case studies: listing, category filter, feeds, home section, query bounds."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from website.models import NewsCategory, NewsPage
from website.page_tree import ensure_translated_page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def add_news(news_index, count, start=0, category=NewsCategory.ANNOUNCEMENT):
    for number in range(start, start + count):
        ensure_translated_page(
            news_index.zh,
            NewsPage,
            f"item-{number}",
            {"title": f"通知{number}", "summary": f"摘要{number}"},
            {"title": f"Notice {number}", "summary": f"Summary {number}"},
            date=date(2026, 1, 1 + number % 28),
            category=category,
        )


def test_listing_newest_first_in_each_language(client, news_index):
    add_news(news_index, 3)
    zh = client.get("/news/").content.decode()
    assert zh.index("通知2") < zh.index("通知1") < zh.index("通知0")
    en = client.get("/en/news/").content.decode()
    assert "Notice 2" in en and "通知" not in en


def test_category_filter(client, news_index):
    add_news(news_index, 2)
    add_news(news_index, 1, start=5, category=NewsCategory.CASE_STUDY)
    html = client.get("/news/?category=case-study").content.decode()
    assert "通知5" in html and "通知0" not in html
    # An unknown category is ignored, not an error.
    assert client.get("/news/?category=%3Cscript%3E").status_code == 200


def test_rss_and_atom_feeds_parse(client, news_index):
    add_news(news_index, 2)
    rss = client.get("/en/news/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    assert channel.findtext("language") == "en"
    assert [item.findtext("title") for item in channel.findall("item")] == ["Notice 1", "Notice 0"]
    atom = ET.fromstring(client.get("/news/feed/atom/").content)
    titles = [entry.findtext(f"{ATOM}title") for entry in atom.findall(f"{ATOM}entry")]
    assert titles == ["通知1", "通知0"]


def test_news_page_json_ld(client, news_index):
    add_news(news_index, 1)
    html = client.get("/en/news/item-0/").content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == "Notice 0"
    assert data["datePublished"] == "2026-01-01"


def test_home_shows_latest_news(client, news_index):
    add_news(news_index, 4)
    html = client.get("/").content.decode()
    assert "通知3" in html and "通知0" not in html  # three newest only


@pytest.mark.parametrize("size", [3, 30])
def test_listing_query_count_does_not_grow(client, news_index, size, django_assert_max_num_queries):
    add_news(news_index, size)
    with django_assert_max_num_queries(18):
        assert client.get("/news/").status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get("/").status_code == 200
