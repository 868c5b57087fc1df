"""Fragment cache (website.fragment_cache): with the page cache off, a page rendered again reuses
its stored fragments, stays within 12 queries at any amount of content, and a publish is visible
on the next request."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from wagtail.models import Page

from directory.factories import build_directory
from policies.factories import create_authority, create_policy
from policies.services import ensure_policy_index
from tests.website.test_news import add_news
from website import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fragments")]

MAX_QUERIES = 12
BASE_DIR = Path(__file__).resolve().parents[2]


def _policies(count, start=0):
    index = ensure_policy_index()
    authority = create_authority(f"机关{start}")
    return [
        create_policy(index, authority=authority, title=f"政策{n}", doc_number=f"〔{n}〕号")
        for n in range(start, start + count)
    ]


def _urls(made, policy, news):
    return [
        "/services/element/testing/",
        "/policies/",
        "/policies/?element=testing&page=1",
        "/en/policies/",
        policy.url,
        "/news/",
        news.url,
        "/",
        "/en/",
        "/guide/",
        "/services/",
        "/services/?element=testing&sort=title",
        "/services/?page=2",
        "/providers/",
        made["providers"][0].url,
        made["services"][0].url,
        "/stations/",
        made["stations"][0].url,
        made["solutions"][0].url,
    ]


def _measure(client, urls, django_assert_max_num_queries):
    counts = {}
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        with django_assert_max_num_queries(MAX_QUERIES, info=url) as captured:
            again = client.get(url)
        assert again.content == first.content, url
        counts[url] = len(captured)
    return counts


def test_query_counts_are_bounded_and_flat(
    client, standard_page, elements, news_index, django_assert_max_num_queries
):
    small = build_directory(services=3, per_provider=2, stations=2, solutions=1)
    policy = _policies(3)[0]
    add_news(news_index, 3)
    news = news_index.zh.get_children().live().first()
    urls = _urls(small, policy, news)
    at_3 = _measure(client, urls, django_assert_max_num_queries)
    build_directory(services=30, per_provider=5, stations=4, solutions=2)
    _policies(27, start=3)
    add_news(news_index, 27, start=3)
    at_30 = _measure(client, urls, django_assert_max_num_queries)
    assert at_30 == at_3


def test_publishing_is_visible_on_the_next_request(client, standard_page):
    assert "办事指南" in client.get("/guide/").content.decode()
    page = standard_page.zh
    page.title = "新版办事指南"
    page.save_revision().publish()
    assert "新版办事指南" in client.get("/guide/").content.decode()


def test_a_new_service_shows_in_the_listing_on_the_next_request(client, elements):
    build_directory(services=2, per_provider=2, stations=1, solutions=1)
    before = client.get("/services/").content.decode()
    made = build_directory(services=1, per_provider=1, stations=0, solutions=0)
    title = made["services"][0].title
    assert title not in before
    assert title in client.get("/services/").content.decode()


def test_languages_are_stored_apart(client, standard_page):
    client.get("/guide/")
    assert 'lang="en"' in client.get("/en/guide/").content.decode()
    assert "Guide" in client.get("/en/guide/").content.decode()
    assert "办事指南" in client.get("/guide/").content.decode()


def test_logged_in_staff_get_a_fresh_render(client, admin_user, standard_page):
    client.get("/guide/")
    client.force_login(admin_user)
    assert "wagtail-userbar" in client.get("/guide/").content.decode()


def test_a_cache_that_is_down_costs_a_render_not_an_error(client, standard_page, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    # Wagtail reads its own keys from the cache too; here only the fragments' reads fail.
    monkeypatch.setattr(page_cache, "generation", broken)
    response = client.get("/guide/")
    assert response.status_code == 200
    assert "办事指南" in response.content.decode()


def _main(response):
    return response.content.decode().split("<main", 1)[1]


INVALIDATE_ELSEWHERE = """
import django
django.setup()
from website import page_cache
page_cache.invalidate()
"""


def test_without_redis_a_change_in_another_process_is_visible_on_the_next_request(
    client, standard_page, settings, tmp_path
):
    """Without a cache shared by all processes the generation is a file every process of the
    host reads: a process that changes content (the task worker, an import command) replaces
    it, and this process's stored fragments are stale on its next request."""
    settings.CONTENT_GENERATION_FILE = tmp_path / "content-generation"
    assert "办事指南" in client.get("/guide/").content.decode()
    # A change this process is not told of (a queryset update sends no signal): the page's
    # content is still its stored fragment.
    Page.objects.filter(pk=standard_page.zh.pk).update(title="另一进程改的标题")
    assert "另一进程改的标题" not in _main(client.get("/guide/"))
    before = settings.CONTENT_GENERATION_FILE.read_text()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "VAR_DIR": str(tmp_path),  # the same generation file, as a second process on the host
    }
    for name in ("REDIS_URL", "DATABASE_URL"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", INVALIDATE_ELSEWHERE],
        env=environment,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert settings.CONTENT_GENERATION_FILE.read_text() != before
    assert "另一进程改的标题" in _main(client.get("/guide/"))
