"""Elasticsearch configuration without a cluster: the settings, mapping, documents and query
bodies the backend would send (the client is patched at class level), plus live tests that run
only when ELASTICSEARCH_URL points at a cluster."""

import json
import os
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch
from elasticsearch._sync.client.indices import IndicesClient

from tests.website.settings_modules import load_settings
from website.models import StandardPage
from website.search.backends.elasticsearch import (
    ChineseElasticsearchSearchBackend,
    index_settings,
)

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: connection refused at once


def make_backend(**params):
    return ChineseElasticsearchSearchBackend(
        {"URLS": [UNREACHABLE], "INDEX_PREFIX": "qi_test_", **params}
    )


def test_settings_use_the_cjk_analyzer_by_default():
    backend = make_backend()
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {"type": "cjk"}
    assert "default_search" not in analysis["analyzer"]
    # Upstream analyzers survive the deep merge, ours are added next to them.
    assert {"edgengram_analyzer", "autocomplete_zh", "autocomplete_zh_search"} <= set(
        analysis["analyzer"]
    )
    assert "cjk_bigram" in analysis["analyzer"]["autocomplete_zh"]["filter"]
    assert "analysis" not in backend.settings["settings"].get("index", {})


@pytest.mark.parametrize(
    ("name", "default", "search"),
    [
        ("smartcn", {"type": "smartcn"}, None),
        ("ik", "ik_max_word", "ik_smart"),
    ],
)
def test_plugin_analyzers_are_selectable(name, default, search):
    analyzers = make_backend(ANALYZER=name).settings["settings"]["analysis"]["analyzer"]
    if isinstance(default, dict):
        assert analyzers["default"] == default
    else:
        assert analyzers["default"]["tokenizer"] == default
        assert analyzers["default_search"]["tokenizer"] == search


def test_unknown_analyzer_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Unknown Elasticsearch analyzer"):
        index_settings("standard-ish")


def test_index_name_and_client_options():
    backend = make_backend(TIMEOUT=3)
    assert backend.get_index_for_model(StandardPage).name == "qi_test_wagtailcore_page"
    assert backend.hosts == [{"host": "127.0.0.1", "port": 9, "path_prefix": "", "scheme": "http"}]


def test_mapping_leaves_search_fields_to_the_default_analyzer():
    mapping = make_backend().mapping_class(StandardPage).get_mapping()
    properties = mapping["properties"]
    intro = properties["website_standardpage__intro"]
    assert intro["type"] == "text" and "analyzer" not in intro
    assert properties["_all_text"] == {"type": "text"}
    assert properties["_edgengrams"]["analyzer"] == "autocomplete_zh"
    assert properties["_edgengrams"]["search_analyzer"] == "autocomplete_zh_search"


@pytest.mark.django_db
def test_document_holds_the_chinese_text(make_page):
    page = make_page("计量校准服务", intro="国市监质〔2020〕177号")
    document = make_backend().mapping_class(StandardPage).get_document(page)
    assert "计量校准服务" in document["_edgengrams"]
    assert document["website_standardpage__intro"] == "国市监质〔2020〕177号"


def test_index_creation_sends_the_analysis_settings():
    with mock.patch.object(IndicesClient, "create") as create:
        make_backend(ANALYZER="ik").get_index_for_model(StandardPage).put()
    kwargs = create.call_args.kwargs
    assert kwargs["index"] == "qi_test_wagtailcore_page"
    assert kwargs["settings"]["analysis"]["analyzer"]["default_search"]["tokenizer"] == "ik_smart"


@pytest.mark.django_db
def test_query_body_searches_the_copy_fields_with_all_words(home):
    empty = {"hits": {"hits": [], "total": {"value": 0}}}
    with mock.patch.object(Elasticsearch, "search", return_value=empty) as search:
        results = make_backend().search("计量校准", StandardPage.objects.live(), operator="and")
        assert list(results[:10]) == []
    kwargs = search.call_args.kwargs
    assert kwargs["index"] == "qi_test_wagtailcore_page"
    query = json.dumps(kwargs["query"], ensure_ascii=False)
    assert '"query": "计量校准"' in query and '"operator": "and"' in query
    assert "_all_text" in query
    assert "website.StandardPage" in query  # content-type filter


@pytest.mark.django_db
def test_autocomplete_body_targets_the_edge_ngrams(home):
    empty = {"hits": {"hits": [], "total": {"value": 0}}}
    with mock.patch.object(Elasticsearch, "search", return_value=empty) as search:
        list(make_backend().autocomplete("计量校", StandardPage.objects.live())[:5])
    assert "_edgengrams" in json.dumps(search.call_args.kwargs["query"])


def test_elasticsearch_url_switches_the_default_backend_and_keeps_a_fallback(monkeypatch, tmp_path):
    unset = [name for name in os.environ if name.startswith("ELASTICSEARCH")]
    test_settings = load_settings(
        "website.settings.test",
        monkeypatch,
        tmp_path,
        unset,
        ELASTICSEARCH_URL="https://user:pw@es.internal:9200",
        ELASTICSEARCH_ANALYZER="smartcn",
    )
    backends = test_settings.WAGTAILSEARCH_BACKENDS
    assert backends["default"]["BACKEND"] == "website.search.backends.elasticsearch"
    assert backends["default"]["ANALYZER"] == "smartcn"
    assert backends["default"]["URLS"] == ["https://user:pw@es.internal:9200"]
    assert backends["fallback"]["BACKEND"] == "website.search.backends.database"
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_ANALYZER"):
        load_settings(
            "website.settings.test",
            monkeypatch,
            tmp_path,
            unset,
            ELASTICSEARCH_URL="http://es:9200",
            ELASTICSEARCH_ANALYZER="x",
        )


# --- live cluster ------------------------------------------------------------------------------
LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")
live = pytest.mark.skipif(
    not LIVE_URL,
    reason="set ELASTICSEARCH_URL=http://host:9200 to run the live Elasticsearch tests",
)


@pytest.fixture
def live_backend():
    backend = ChineseElasticsearchSearchBackend(
        {"URLS": [LIVE_URL], "INDEX_PREFIX": "qi_pytest_", "ANALYZER": "cjk", "TIMEOUT": 10}
    )
    yield backend
    backend.get_index_for_model(StandardPage).delete()


@pytest.mark.live_es
@live
@pytest.mark.django_db
def test_live_chinese_search_and_autocomplete(live_backend, make_page):
    page = make_page("计量校准服务", intro="提供计量校准服务，国市监质〔2020〕177号")
    other = make_page("知识产权保护", intro="专利与商标。")
    index = live_backend.get_index_for_model(StandardPage)
    index.reset()
    index.add_model(StandardPage)
    index.add_items(StandardPage, [page, other])
    index.refresh()
    qs = StandardPage.objects.live()
    assert list(live_backend.search("计量", qs, operator="and")) == [page]
    assert page in list(live_backend.search("177号", qs, operator="and"))
    assert list(live_backend.autocomplete("计量校", qs, operator="and")) == [page]
