"""Elasticsearch unreachable: pages keep rendering, search falls back to the database backend
(or says clearly that it is unavailable), never a 500."""

import pytest
from django.core.cache import cache
from elasticsearch import Elasticsearch

from website.search import services

pytestmark = pytest.mark.django_db

UNREACHABLE = {
    "BACKEND": "website.search.backends.elasticsearch",
    "URLS": ["http://127.0.0.1:9"],  # the discard port: connection refused at once
    "INDEX_PREFIX": "qi_down_",
    "TIMEOUT": 1,
    "OPTIONS": {"max_retries": 0},
}
DATABASE = {"BACKEND": "website.search.backends.database"}


@pytest.fixture(autouse=True)
def _fresh_breaker():
    cache.delete(services.BREAKER_KEY)
    yield
    cache.delete(services.BREAKER_KEY)


@pytest.fixture
def es_down_with_fallback(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": UNREACHABLE, "fallback": DATABASE}


@pytest.fixture
def es_down_alone(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": UNREACHABLE}


def test_saving_pages_while_the_cluster_is_down_keeps_the_fallback_index_current(
    es_down_with_fallback, make_page, client
):
    page = make_page("计量校准服务", intro="提供计量校准服务")  # indexing into ES fails quietly
    response = client.get("/search/", {"q": "计量"})
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html.replace("<mark>", "").replace("</mark>", "")
    assert "搜索当前以简化模式运行" in html


def test_the_breaker_skips_the_cluster_for_a_while(es_down_with_fallback, make_page, client):
    make_page("计量校准服务", intro="提供计量校准服务")
    client.get("/search/", {"q": "计量"})
    assert cache.get(services.BREAKER_KEY) is True
    calls = []
    original = Elasticsearch.search

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    Elasticsearch.search = counting
    try:
        assert client.get("/search/", {"q": "计量"}).status_code == 200
    finally:
        Elasticsearch.search = original
    assert calls == []


def test_without_a_fallback_the_page_says_search_is_unavailable(es_down_alone, home, client):
    response = client.get("/search/", {"q": "计量"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert 'href="/request/"' in html


def test_suggestions_fall_back_too(es_down_with_fallback, make_page, client):
    make_page("计量校准服务", intro="提供计量校准服务")
    response = client.get("/search/suggest/", {"q": "计量", "types": "page"})
    assert response.status_code == 200
    assert [r["title"] for r in response.json()["results"]] == ["计量校准服务"]
    settings_without = {"default": UNREACHABLE}
    from django.test import override_settings

    cache.delete(services.BREAKER_KEY)
    with override_settings(WAGTAILSEARCH_BACKENDS=settings_without):
        response = client.get("/search/suggest/", {"q": "计量", "types": "page"})
    assert response.status_code == 200 and response.json() == {"results": []}


def test_http_errors_from_the_cluster_fall_back_as_well(es_down_with_fallback, make_page, client):
    from unittest import mock

    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig
    from elasticsearch import ApiError

    meta = ApiResponseMeta(503, "1.1", HttpHeaders(), 0.01, NodeConfig("http", "127.0.0.1", 9))
    make_page("计量校准服务", intro="提供计量校准服务")
    error = ApiError("search_phase_execution_exception", meta=meta, body={})
    with mock.patch.object(Elasticsearch, "search", side_effect=error):
        response = client.get("/search/", {"q": "计量"})
    assert response.status_code == 200
    assert "计量校准服务" in response.content.decode().replace("<mark>", "").replace("</mark>", "")


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_api_search_falls_back_and_opens_the_shared_breaker(
    es_down_with_fallback, make_page, client, endpoint
):
    page = make_page("Calibration services", intro="Calibration of balances")
    response = client.get(f"/api/v2/{endpoint}/", {"search": "Calibration"})
    assert response.status_code == 200
    if endpoint == "pages":
        assert [item["id"] for item in response.json()["items"]] == [page.pk]
    assert cache.get(services.BREAKER_KEY)  # the site search skips the cluster now too


def test_api_search_without_any_backend_is_a_503(es_down_alone, settings, client):
    settings.WAGTAILSEARCH_BACKENDS = {"default": UNREACHABLE, "fallback": UNREACHABLE}
    response = client.get("/api/v2/pages/", {"search": "Calibration"})
    assert response.status_code == 503
