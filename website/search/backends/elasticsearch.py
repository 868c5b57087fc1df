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
)
from modelsearch.utils import deep_update

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


class ChineseElasticsearchSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = ChineseElasticsearchMapping
    query_compiler_class = ChineseElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseElasticsearchAutocompleteQueryCompiler

    def __init__(self, params):
        params = dict(params)
        self.analyzer = params.pop("ANALYZER", "cjk")
        params["INDEX_SETTINGS"] = deep_update(
            index_settings(self.analyzer), params.get("INDEX_SETTINGS", {})
        )
        super().__init__(params)


SearchBackend = ChineseElasticsearchSearchBackend
