"""Anonymous page cache: hits cost no query, publishing makes pages stale, private things are
never stored."""

import gzip

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from website.content_generation import SharedCounter
from website.page_cache import AnonymousPageCacheMiddleware, CachedPageApplication, _lookup

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


def test_hosts_are_keyed_apart_and_a_refused_host_is_never_stored(client, standard_page):
    """The key holds the host as sent, unchecked: a host ``ALLOWED_HOSTS`` refuses gets a 400
    from the render, which is not stored, and never another host's page."""
    assert client.get("/guide/")["X-Page-Cache"] == "miss"
    assert client.get("/guide/", HTTP_HOST="localhost")["X-Page-Cache"] == "miss"
    assert client.get("/guide/", HTTP_HOST="localhost")["X-Page-Cache"] == "hit"
    for _ in range(2):
        refused = client.get("/guide/", HTTP_HOST="evil.example")
        assert refused.status_code == 400 and "X-Page-Cache" not in refused


def test_query_strings_are_keyed_apart(client, standard_page):
    client.get("/guide/")
    assert client.get("/guide/?page=2")["X-Page-Cache"] == "miss"
    assert client.get("/guide/?page=2")["X-Page-Cache"] == "hit"


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


class Served:
    """The servers' WSGI application (``website.wsgi``) over Django's handler, counting the
    requests that reached the handler. The handler's connection-closing signal receivers are
    held back while it runs, as the test client does: the test's transaction must survive."""

    def __init__(self):
        self.reached_django = 0
        self.application = CachedPageApplication(self._django)
        self._handler = WSGIHandler()

    def _django(self, environ, start_response):
        self.reached_django += 1
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self._handler(environ, start_response)
            body = b"".join(result)
            result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]

    def __call__(self, path, method="get", **headers):
        request = getattr(RequestFactory(), method)(path, **headers)
        # As a server sends it: the path's bytes as Latin-1 (the request object decoded it).
        environ = {**request.environ, "PATH_INFO": request.path_info.encode().decode("iso-8859-1")}
        sent = {}

        def start_response(status, response_headers):
            sent["status"], sent["headers"] = status, dict(response_headers)

        body = b"".join(self.application(environ, start_response))
        return sent["status"], sent["headers"], body


def test_the_servers_answer_a_hit_before_djangos_handler(standard_page):
    served = Served()
    status, miss_headers, page = served("/guide/")
    assert status == "200 OK" and miss_headers["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        status, headers, body = served("/guide/")
    assert served.reached_django == 1 and len(queries) == 0
    assert status == "200 OK" and headers["X-Page-Cache"] == "hit" and body == page
    assert headers["Content-Security-Policy"] == miss_headers["Content-Security-Policy"]
    assert headers["Content-Length"] == str(len(page)) and "Set-Cookie" not in headers
    status, headers, body = served("/guide/", method="head")
    assert (status, headers["X-Page-Cache"], body) == ("200 OK", "hit", b"")
    assert served.reached_django == 1


def test_the_servers_hit_path_decides_and_keys_as_the_middleware(standard_page):
    served = Served()
    served("/guide/")
    # Visitors with a session, other hosts, other queries and refused hosts reach Django.
    assert "X-Page-Cache" not in served("/guide/", HTTP_COOKIE="sessionid=abc")[1]
    assert served("/guide/", HTTP_HOST="localhost")[1]["X-Page-Cache"] == "miss"
    assert served("/guide/?page=2")[1]["X-Page-Cache"] == "miss"
    for _ in range(2):
        status, headers, _body = served("/guide/", HTTP_HOST="evil.example")
        assert status.startswith("400") and "X-Page-Cache" not in headers
    # A Chinese address reaches Django as the server sent it (here: no such page).
    assert served("/指南/")[0].startswith("404") and served("/指南/")[0].startswith("404")
    assert served.reached_django == 8
    # The key holds the language Django would pick for an unprefixed path from Accept-Language.
    assert served("/", HTTP_ACCEPT_LANGUAGE="en")[1]["X-Page-Cache"] == "miss"
    assert served("/", HTTP_ACCEPT_LANGUAGE="zh-CN")[1]["X-Page-Cache"] == "miss"
    assert served("/", HTTP_ACCEPT_LANGUAGE="en-GB")[1]["X-Page-Cache"] == "hit"
    assert served("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")[1]["X-Page-Cache"] == "hit"
    assert served.reached_django == 10


def test_the_servers_render_again_after_a_publish(standard_page):
    served = Served()
    served("/guide/")
    page = standard_page.zh
    page.title = "新版办事指南"
    page.save_revision().publish()
    _status, headers, body = served("/guide/")
    assert headers["X-Page-Cache"] == "miss" and "新版办事指南" in body.decode()


def test_the_servers_look_a_miss_up_once(standard_page, monkeypatch):
    lookups = []
    monkeypatch.setattr(
        "website.page_cache._lookup", lambda *args: lookups.append(1) or _lookup(*args)
    )
    served = Served()
    assert served("/guide/")[1]["X-Page-Cache"] == "miss" and len(lookups) == 1
    assert served("/guide/")[1]["X-Page-Cache"] == "hit" and len(lookups) == 2
    assert "X-Page-Cache" not in served("/guide/", HTTP_COOKIE="sessionid=abc")[1]
    assert len(lookups) == 2 and served.reached_django == 2


def test_a_hit_is_sent_compressed_to_clients_that_accept_gzip(standard_page):
    served = Served()
    _status, miss_headers, page = served("/guide/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in miss_headers and "Accept-Encoding" in miss_headers["Vary"]
    _status, headers, body = served("/guide/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert headers["X-Page-Cache"] == "hit" and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == page and headers["Content-Length"] == str(len(body))
    assert len(body) < len(page) / 2 and "Accept-Encoding" in headers["Vary"]
    for refused in ("", "br", "gzip;q=0", "identity, gzip; q=0.0"):
        _status, headers, body = served("/guide/", HTTP_ACCEPT_ENCODING=refused)
        assert "Content-Encoding" not in headers and body == page, refused
        assert headers["X-Page-Cache"] == "hit" and headers["Content-Length"] == str(len(page))
    _status, headers, body = served("/guide/", method="head", HTTP_ACCEPT_ENCODING="gzip")
    assert headers["Content-Encoding"] == "gzip" and body == b""


def test_the_middleware_sends_the_same_compressed_hit(client, standard_page):
    page = client.get("/guide/").content
    hit = client.get("/guide/", HTTP_ACCEPT_ENCODING="gzip;q=0.8")
    assert hit["X-Page-Cache"] == "hit" and hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == page


def test_a_miss_renders_its_fragments_under_the_generation_its_lookup_read(
    client, standard_page, settings, monkeypatch
):
    settings.FRAGMENT_CACHE_SECONDS = 300
    client.get("/guide/")  # the generation and the page's fragments exist from here on
    reads = []
    read = SharedCounter.current
    monkeypatch.setattr(SharedCounter, "current", lambda *args: reads.append(1) or read(*args))
    response = client.get("/guide/?page=2")  # another page of the cache, the same fragments
    assert response["X-Page-Cache"] == "miss" and reads == []
