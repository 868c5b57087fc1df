"""Elasticsearch hung: a local server accepts connections and never answers. Every search path
(site search and suggestions, the Wagtail API, the HSDS API, the admin's search) answers within
the short timeout and falls back to the database backend; once one path has waited, the shared
breaker sends every other path straight to the database."""

import socket
import threading
import time

import pytest
from django.core.cache import cache

from directory import factories
from directory.models import Element
from website.search import services

pytestmark = pytest.mark.django_db

DATABASE = {"BACKEND": "website.search.backends.database"}
TIMEOUT = 1
# Besides the timeout, what a hung cluster may add to a search answered by the database alone
# (the test machine may be busy). That other paths never wait for it is shown by the number of
# connections the cluster accepted.
SLACK = 1.0


class HungCluster:
    """A TCP server on the loopback that accepts every connection and never sends a byte."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)  # held open, never answered

    def close(self):
        self.listener.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def hung(settings):
    cluster = HungCluster()
    yield cluster
    cluster.close()


@pytest.fixture
def content(make_page, providers):
    """Pages indexed by the database backend (the suite's default) before the cluster hangs."""
    page = make_page("计量校准服务", intro="提供计量校准服务")
    service = factories.add_service(providers[0], 1, list(Element.objects.filter(code="metrology")))
    service.title = "电子秤计量检定"
    service.save_revision().publish()
    return page, service


def _hang(settings, hung):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "website.search.backends.elasticsearch",
            "URLS": [f"http://127.0.0.1:{hung.port}"],
            "INDEX_PREFIX": "qi_hung_",
            "TIMEOUT": TIMEOUT,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
        },
        "fallback": DATABASE,
    }
    cache.delete(services.BREAKER_KEY)


@pytest.fixture
def hung_search(settings, hung, content):
    _hang(settings, hung)
    yield hung
    cache.delete(services.BREAKER_KEY)


def _page_found(response):
    return "计量校准服务" in response.content.decode().replace("<mark>", "").replace("</mark>", "")


def _service_found(response):
    return [item["name"] for item in response.json()["contents"]] == ["电子秤计量检定"]


PATHS = {
    "site search": ("/search/", {"q": "计量"}, _page_found),
    "suggestions": (
        "/search/suggest/",
        {"q": "计量", "types": "page"},
        lambda r: "计量校准服务" in [hit["title"] for hit in r.json()["results"]],
    ),
    "pages API": (
        "/api/v2/pages/",
        {"search": "计量"},
        lambda r: "计量校准服务" in [item["title"] for item in r.json()["items"]],
    ),
    "HSDS API": ("/api/hsds/services", {"search": "电子秤"}, _service_found),
    "admin page search": ("/admin/pages/search/", {"q": "计量"}, _page_found),
}


def _timed_get(client, path, params):
    started = time.monotonic()
    response = client.get(path, params)
    return response, time.monotonic() - started


def _baseline(client, settings, path, params):
    """The same search answered by the database alone (which also warms up templates and the
    word segmenter): the time a hung cluster must not add much to."""
    hung_backends = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {"default": DATABASE}
    client.get(path, params)
    _response, elapsed = _timed_get(client, path, params)
    settings.WAGTAILSEARCH_BACKENDS = hung_backends
    return elapsed


@pytest.mark.parametrize("name", PATHS)
def test_each_search_path_times_out_and_falls_back(hung_search, client, admin_user, settings, name):
    client.force_login(admin_user)
    path, params, found = PATHS[name]
    baseline = _baseline(client, settings, path, params)
    response, elapsed = _timed_get(client, path, params)
    assert response.status_code == 200, response.content[:500]
    assert found(response)
    assert elapsed < baseline + TIMEOUT + SLACK, f"{name}: {elapsed:.1f} s ({baseline:.1f} s)"
    assert len(hung_search.accepted) == 1  # it did try the cluster, once
    assert cache.get(services.BREAKER_KEY)  # and opened the shared breaker


def test_after_one_wait_every_path_skips_the_hung_cluster(
    hung_search, client, admin_user, settings
):
    client.force_login(admin_user)
    baselines = {
        name: _baseline(client, settings, path, params)
        for name, (path, params, _found) in PATHS.items()
    }
    for name, (path, params, found) in PATHS.items():
        response, elapsed = _timed_get(client, path, params)
        assert response.status_code == 200 and found(response), name
        assert len(hung_search.accepted) == 1, name
        assert elapsed < baselines[name] + TIMEOUT + SLACK, f"{name}: {elapsed:.1f} s"
    assert len(hung_search.accepted) == 1  # only the first path waited for the cluster
