"""Anonymous page cache: hits cost no query, publishing makes pages stale, private things are
never stored."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from website.page_cache import AnonymousPageCacheMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_is_served_from_the_cache(
    client, standard_page, django_assert_num_queries
):
    first = client.get("/guide/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/guide/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_languages_are_cached_apart(client, standard_page):
    client.get("/guide/")
    client.get("/en/guide/")
    assert "办事指南" in client.get("/guide/").content.decode()
    assert "Guide" in client.get("/en/guide/").content.decode()


def test_publishing_makes_cached_pages_stale(client, standard_page):
    client.get("/guide/")
    page = standard_page.zh
    page.title = "新版办事指南"
    page.save_revision().publish()
    response = client.get("/guide/")
    assert response["X-Page-Cache"] == "miss"
    assert "新版办事指南" in response.content.decode()


def test_visitors_with_a_session_are_never_served_from_the_cache(client, admin_user, standard_page):
    client.get("/guide/")
    client.force_login(admin_user)
    response = client.get("/guide/")
    assert "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()  # the editor's toolbar, not the cache


def test_pages_that_hand_out_a_csrf_token_are_not_stored(rf):
    def view(request):
        return HttpResponse(f"<form>{get_token(request)}</form>")

    middleware = AnonymousPageCacheMiddleware(view)
    first = middleware(rf.get("/form/"))
    second = middleware(rf.get("/form/"))
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first.content != second.content  # each visitor gets a token of their own


def test_admin_and_404_are_not_cached(client, home):
    assert "X-Page-Cache" not in client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/missing/")


def test_only_canonical_query_strings_are_stored(client, standard_page):
    assert client.get("/guide/?page=2")["X-Page-Cache"] == "miss"
    for query in ("utm_source=x", "page=", "page=2&x=1", "q=指南", "category=" + "x" * 50):
        response = client.get(f"/guide/?{query}")
        assert response.status_code == 200 and "X-Page-Cache" not in response, query
    assert client.get("/guide/?page=2")["X-Page-Cache"] == "hit"


def test_a_hit_is_answered_before_sessions_csrf_auth_and_locale(client, standard_page):
    client.get("/guide/")
    with CaptureQueriesContext(connection) as queries:
        hit = client.get("/guide/")
    assert hit["X-Page-Cache"] == "hit" and len(queries) == 0
    assert not hit.cookies and "Set-Cookie" not in hit
    request = hit.wsgi_request
    assert not hasattr(request, "session") and not hasattr(request, "user")
    assert hit["Content-Security-Policy"]  # the headers of the first render come along


def test_the_csrf_and_language_cookies_share_the_cached_page(client, standard_page):
    client.get("/guide/")
    client.cookies["csrftoken"] = "x" * 32
    assert client.get("/guide/")["X-Page-Cache"] == "hit"
    client.cookies["django_language"] = "en"  # /guide/ is zh-hans whatever the cookie says
    response = client.get("/guide/")
    assert "办事指南" in response.content.decode()


@pytest.mark.parametrize("cookie", ["messages", "sessionid", "other"])
def test_any_other_cookie_gets_a_fresh_page(client, standard_page, cookie):
    client.get("/guide/")
    client.cookies[cookie] = "value"
    assert "X-Page-Cache" not in client.get("/guide/")


def test_pages_varying_on_what_the_key_does_not_hold_are_not_stored(rf):
    def view(request):
        response = HttpResponse(request.headers.get("User-Agent", ""))
        response["Vary"] = "User-Agent"
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    middleware(rf.get("/ua/", HTTP_USER_AGENT="a"))
    assert middleware(rf.get("/ua/", HTTP_USER_AGENT="b")).content == b"b"


def test_the_accept_language_of_pages_outside_the_language_prefix_is_keyed(rf):
    def view(request):
        response = HttpResponse(request.headers.get("Accept-Language", ""))
        response["Vary"] = "Accept-Language"
        return response

    middleware = AnonymousPageCacheMiddleware(view)
    assert middleware(rf.get("/x/", HTTP_ACCEPT_LANGUAGE="en"))["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/x/", HTTP_ACCEPT_LANGUAGE="zh-CN")).content == b"zh-CN"
    assert middleware(rf.get("/x/", HTTP_ACCEPT_LANGUAGE="en-GB")).content == b"en"
