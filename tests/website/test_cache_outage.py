"""Redis is a cache, not a dependency: with ``REDIS_URL`` pointing at a closed port every page
still answers, the page cache is skipped and catches up, rate limits still hold."""

import socket

import pytest
from django.core.cache import cache, caches

from service_requests import ratelimit
from service_requests.models import ServiceRequest
from tests.service_requests.conftest import send_request
from website import content_generation, page_cache
from website.models import NewsIndexPage
from website.page_tree import ensure_translated_page

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_at(port, retry_seconds=0):
    return {
        "default": {
            "BACKEND": "website.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/13",
            "OPTIONS": {"RETRY_SECONDS": retry_seconds},
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "o"},
    }


@pytest.fixture
def news(home):
    return ensure_translated_page(home, NewsIndexPage, "news", {"title": "新闻"}, {"title": "News"})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_at(closed_port())
    settings.PAGE_CACHE_SECONDS = 300
    content_generation.shared.pending = False
    yield
    content_generation.shared.pending = False
    caches["local"].clear()


def test_every_page_answers_without_redis(
    client,
    redis_down,
    request_page,
    standard_page,
    news,
    admin_user,
):
    for url in (
        "/",
        "/en/",
        "/guide/",
        "/en/guide/",
        "/robots.txt",
        "/sitemap.xml",
        "/news/feed/rss/",
        "/en/news/feed/atom/",
        "/en/request/",
        "/search/?q=指南",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url  # served, just not cached
    assert not caches["default"].is_available()

    send_request(client, "/en")  # the whole request form, sessions in the database
    sent = ServiceRequest.objects.get()
    tracking = client.get(f"/en/request/track/{sent.reference}/?token={sent.tracking_token}")
    assert tracking.status_code == 200 and sent.reference in tracking.content.decode()

    client.logout()
    login = client.post("/admin/login/", {"username": "admin", "password": "pw"})
    assert login.status_code == 302
    assert client.get(f"/admin/requests/{sent.pk}/").status_code == 200
    page = standard_page.zh
    page.title = "新版办事指南"
    page.save_revision().publish()  # invalidation cannot reach the cache: no error either
    assert content_generation.shared.pending


def test_rate_limits_still_hold_per_process_while_redis_is_down(rf, redis_down, settings):
    settings.SERVICE_REQUEST_RATE_LIMITS = {"track": (2, 600)}
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    assert [ratelimit.hit(request, "track") for _ in range(3)] == [True, True, False]
    assert not ratelimit.allow(request, "track")


def test_invalidation_missed_during_an_outage_is_done_when_redis_answers(settings):
    settings.PAGE_CACHE_SECONDS = 300
    content_generation.shared.pending = False
    start = page_cache.generation()
    settings.CACHES = redis_at(closed_port())
    page_cache.invalidate()
    assert page_cache.generation() is None
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    cache.set(content_generation.SharedCounter.KEY, start, timeout=None)  # the data Redis kept
    assert page_cache.generation() == start + 1
    assert page_cache.generation() == start + 1  # once, not on every call


def test_a_failing_redis_is_not_asked_again_for_a_few_seconds(settings):
    settings.CACHES = redis_at(closed_port(), retry_seconds=60)
    backend = caches["default"]
    assert backend.get("x", "default") == "default"
    assert not backend.is_available()
    backend._cache = None  # any further call reaching Redis would now raise AttributeError
    assert backend.get("x", "default") == "default"
    assert backend.add("x", 1) is False


def test_staff_login_does_not_make_cached_pages_stale(client, settings, standard_page, admin_user):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/guide/")
    client.post("/admin/login/", {"username": "admin", "password": "pw"})
    client.logout()
    client.cookies.clear()
    assert client.get("/guide/")["X-Page-Cache"] == "hit"
