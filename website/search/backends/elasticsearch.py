"""Wagtail's Elasticsearch 9 backend with index settings that analyse Chinese.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "website.search.backends.elasticsearch",
"URLS": [...], "ANALYZER": "cjk"}}`` (``settings/base.py`` builds this from ``ELASTICSEARCH_URL``
and ``ELASTICSEARCH_ANALYZER``).

- Search fields are mapped as ``text`` without an analyzer of their own and queries go to the
  ``_all_text*`` copy fields, so the index-level ``default`` (and ``default_search``) analyzer
  applies to all of them at index and query time. ``ANALYZER`` picks it: ``cjk`` (built into
  Elasticsearch: width folding, lowercase, CJK bigrams — works on every cluster), ``smartcn``
  (the analysis-smartcn plugin) or ``ik`` (the analysis-ik plugin: ``ik_max_word`` when indexing,
  ``ik_smart`` when searching). A missing plugin makes index creation fail with a
  ``BadRequestError`` naming the analyzer.
- Autocomplete: upstream indexes edge n-grams of the ``standard`` tokenizer's tokens and searches
  with ``standard``, which cuts Chinese into single characters, so "计量校" matches anything with
  计, 量 or 校. Here both sides go through CJK bigrams first (edge n-grams of 计量 量校 校准 …
  when indexing, the bigrams 计量 量校 when searching), on every cluster whatever ``ANALYZER``
  says. The mapping class carrying this is set on the backend and on both query compilers.

- Outages: a search whose caller has no fallback of its own (the Wagtail admin's searches and
  choosers) is answered by the ``fallback`` backend while the shared breaker is open, and when
  the cluster fails during it (``website.search.breaker``), so no admin page hangs or fails.

Re-run ``manage.py update_index`` after changing ``ANALYZER``: analysis is fixed when an index
is created.
"""

from copy import deepcopy

from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)
from modelsearch.utils import deep_update
from wagtail.search.backends import get_search_backend

from website.search import breaker

ANALYZERS = {
    "cjk": {
        "default": {"type": "cjk"},
    },
    "smartcn": {
        "default": {"type": "smartcn"},
    },
    "ik": {
        "default": {"type": "custom", "tokenizer": "ik_max_word", "filter": ["lowercase"]},
        "default_search": {"type": "custom", "tokenizer": "ik_smart", "filter": ["lowercase"]},
    },
}

AUTOCOMPLETE_ANALYSIS = {
    "analyzer": {
        "autocomplete_zh": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram", "autocomplete_edgengram"],
        },
        "autocomplete_zh_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram"],
        },
    },
    "filter": {
        "autocomplete_edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
    },
}


def index_settings(analyzer="cjk"):
    """The ``INDEX_SETTINGS`` for ``analyzer``, to be deep-merged into the backend's defaults.
    ``analysis`` sits directly under ``settings`` (not under ``settings.index``)."""
    if analyzer not in ANALYZERS:
        raise ImproperlyConfigured(
            f"Unknown Elasticsearch analyzer {analyzer!r}; use one of {', '.join(ANALYZERS)}."
        )
    analysis = deepcopy(AUTOCOMPLETE_ANALYSIS)
    analysis["analyzer"].update(deepcopy(ANALYZERS[analyzer]))
    return {"settings": {"analysis": analysis}}


class ChineseElasticsearchMapping(Elasticsearch9Mapping):
    edgengram_analyzer_config = {
        "analyzer": "autocomplete_zh",
        "search_analyzer": "autocomplete_zh_search",
    }


class ChineseElasticsearchSearchQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = ChineseElasticsearchMapping


class ChineseElasticsearchAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = ChineseElasticsearchMapping


def _fallback_results(compiler):
    """The same search, run by the fallback backend."""
    fallback = get_search_backend("fallback")
    autocomplete = isinstance(compiler, ChineseElasticsearchAutocompleteQueryCompiler)
    method = fallback.autocomplete if autocomplete else fallback.search
    return method(
        compiler.query,
        compiler.queryset,
        fields=compiler.fields,
        order_by_relevance=compiler.order_by_relevance,
    )


class FallbackSearchResults(Elasticsearch9SearchResults):
    """Results that come from the fallback backend (and open the breaker) when the cluster fails
    and the caller has no fallback of its own."""

    def _fallback(self, error=None):
        if not breaker.backend_falls_back():
            raise error
        if error is not None:
            breaker.trip()
        return _fallback_results(self.query_compiler)[self.start : self.stop]

    def _skip_cluster(self):
        # The breaker opened after these results were made (by a facet, or another request).
        return breaker.is_open() and breaker.backend_falls_back()

    def _do_search(self):
        if self._skip_cluster():
            return list(self._fallback())
        try:
            return super()._do_search()
        except breaker.primary_errors() as error:
            return list(self._fallback(error))

    def _do_count(self):
        if self._skip_cluster():
            return self._fallback().count()
        try:
            return super()._do_count()
        except breaker.primary_errors() as error:
            return self._fallback(error).count()

    def facet(self, field_name):
        if not self._skip_cluster():
            try:
                return super().facet(field_name)
            except breaker.primary_errors() as error:
                results = self._fallback(error)
        else:
            results = self._fallback()
        return results.facet(field_name) if results.supports_facet else {}


class ChineseElasticsearchSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = ChineseElasticsearchMapping
    query_compiler_class = ChineseElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseElasticsearchAutocompleteQueryCompiler
    results_class = FallbackSearchResults

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if breaker.is_open() and breaker.backend_falls_back():
            fallback = get_search_backend("fallback")
            return fallback._search(
                fallback.autocomplete_query_compiler_class
                if query_compiler_class is self.autocomplete_query_compiler_class
                else fallback.query_compiler_class,
                query,
                model_or_queryset,
                **kwargs,
            )
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def __init__(self, params):
        params = dict(params)
        self.analyzer = params.pop("ANALYZER", "cjk")
        params["INDEX_SETTINGS"] = deep_update(
            index_settings(self.analyzer), params.get("INDEX_SETTINGS", {})
        )
        super().__init__(params)


SearchBackend = ChineseElasticsearchSearchBackend
