"""The site search over the registered page types, without HTTP: query parsing, the type facet,
"any word" widening when all words find nothing, the fallback to the database backend while
Elasticsearch is unreachable, and highlighted hits."""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from modelsearch.index import SearchField
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Phrase, PlainText

from . import breaker
from .highlight import mark, plain_text, snippet, term_pattern
from .registry import available_types, get_type, type_for_model
from .segmenter import get_segmenter

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 100
PAGE_SIZE = 10
SUGGESTION_LIMIT = 8
# After the primary backend failed, go straight to the fallback for a while (``breaker``).
BREAKER_KEY = breaker.BREAKER_KEY
BREAKER_SECONDS = breaker.BREAKER_SECONDS
primary_errors = breaker.primary_errors

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# "…", “…”, 「…」, 『…』 and ＂…＂ mark a phrase whose words must stand together.
_PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」|『([^』]+)』|＂([^＂]+)＂')


def clean_query(raw):
    """The query as typed, minus control characters and extra spaces, at most 100 characters."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", raw or "")).strip()
    return text[:MAX_QUERY_LENGTH].strip()


def build_query(text, operator="and"):
    """A modelsearch query: quoted phrases, and the rest as plain text joined by ``operator``."""
    phrases = [next(group for group in m.groups() if group) for m in _PHRASE.finditer(text)]
    rest = _PHRASE.sub(" ", text).strip()
    parts = [Phrase(phrase.strip()) for phrase in phrases if phrase.strip()]
    if rest and get_segmenter().query_words(rest):
        parts.append(PlainText(rest, operator=operator))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def can_widen(text):
    """Whether "any word" differs from "all words": two or more words outside quotes."""
    rest = _PHRASE.sub(" ", text)
    return len(get_segmenter().query_words(rest)) > 1


def backend_names():
    """``default`` first, then ``fallback`` when one is configured, unless the breaker is open."""
    names = ["default"]
    if breaker.has_fallback():
        names = ["fallback"] if breaker.is_open() else ["default", "fallback"]
    return names


def with_fallback(run):
    """Call ``run(backend)`` on the primary backend, then on the fallback if the primary is
    unreachable. Returns ``(value, degraded)``; raises ``SearchUnavailable`` when none answers."""
    errors = primary_errors()
    for name in backend_names():
        try:
            with breaker.caller_falls_back():
                return run(get_search_backend(name)), name != "default"
        except errors as error:
            logger.warning("Search backend %r unavailable: %r", name, error)
            if name == "default" and breaker.has_fallback():
                breaker.trip()
    raise SearchUnavailable


class SearchUnavailable(Exception):
    pass


class KnownCountPaginator(Paginator):
    """A paginator told its count (the facet already counted), saving a COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool


@dataclass
class Hit:
    page: Page
    type_key: str
    type_label: str
    title: str
    snippet: str
    url: str


@dataclass
class SearchOutcome:
    query: str
    type_key: str = ""
    facets: list = field(default_factory=list)
    total: int = 0
    page: object = None
    paginator: object = None
    searched: bool = False  # a query with at least one word was run
    widened: bool = False  # all words found nothing, so any word was searched for
    degraded: bool = False  # the primary backend was unreachable; the fallback answered
    unavailable: bool = False  # no backend answered

    @property
    def hits(self):
        return list(self.page.object_list) if self.page else []


def base_queryset(locale, types):
    return (
        Page.objects.live()
        .public()
        .filter(locale=locale)
        .type(*[search_type.model for search_type in types])
    )


def _counts_by_type(content_type_counts):
    counts = {}
    for content_type_id, count in content_type_counts.items():
        if content_type_id is None:
            continue
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        search_type = type_for_model(model) if model else None
        if search_type:
            counts[search_type.key] = counts.get(search_type.key, 0) + count
    return counts


def search_pages(raw_query, *, locale, type_key="", page_number=1, request=None):
    """Search the live, public pages of ``locale`` of every registered type."""
    query = clean_query(raw_query)
    outcome = SearchOutcome(query=query)
    types = available_types()
    selected = get_type(type_key)
    outcome.type_key = selected.key if selected else ""
    search_query = build_query(query)
    if not types or search_query is None:
        outcome.facets = [Facet(t.key, t.label, 0, t is selected) for t in types]
        return outcome

    def run(backend):
        queryset = base_queryset(locale, types)
        widened = False
        counts = backend.search(search_query, queryset).facet("content_type_id")
        current = search_query
        if not counts and can_widen(query):
            wider = build_query(query, operator="or")
            counts = backend.search(wider, queryset).facet("content_type_id")
            current, widened = wider, bool(counts)
        counts = _counts_by_type(counts)
        listed = queryset.type(selected.model) if selected else queryset
        results = backend.search(current, listed.specific())
        count = counts.get(selected.key, 0) if selected else sum(counts.values())
        paginator = KnownCountPaginator(results, PAGE_SIZE, count)
        page = paginator.get_page(page_number)
        page.object_list = list(page.object_list)  # evaluate here, inside the error handling
        return counts, paginator, page, widened

    try:
        (counts, paginator, page, widened), degraded = with_fallback(run)
    except SearchUnavailable:
        outcome.unavailable = True
        outcome.facets = [Facet(t.key, t.label, 0, t is selected) for t in types]
        return outcome

    pattern = term_pattern(get_segmenter().highlight_terms(query))
    page.object_list = [make_hit(result, pattern, request) for result in page.object_list]
    outcome.facets = [Facet(t.key, t.label, counts.get(t.key, 0), t is selected) for t in types]
    outcome.total = sum(counts.values())
    outcome.paginator, outcome.page = paginator, page
    outcome.searched, outcome.widened, outcome.degraded = True, widened, degraded
    return outcome


def snippet_text(page, search_type):
    """The text a result's snippet is cut from: the type's snippet fields, or every search
    field of the page except the title (no related objects, so no extra queries)."""
    if search_type and search_type.snippet_fields:
        names = search_type.snippet_fields
    else:
        names = [
            f.field_name
            for f in page.get_search_fields()
            if isinstance(f, SearchField) and f.field_name not in {"title", "seo_title"}
        ]
    values = []
    for name in dict.fromkeys(names):
        search_field = SearchField(name)
        value = search_field.get_value(page)
        if isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        ):
            values.append(plain_text(value))
    return " ".join(v for v in values if v) or page.search_description


def make_hit(page, pattern, request=None):
    search_type = type_for_model(type(page))
    return Hit(
        page=page,
        type_key=search_type.key if search_type else "",
        type_label=search_type.label if search_type else "",
        title=mark(page.title, pattern),
        snippet=snippet(snippet_text(page, search_type), pattern),
        url=page.get_url(request),
    )


def suggest(raw_query, *, locale, type_keys, request=None, limit=SUGGESTION_LIMIT):
    """Page titles of the given types starting with what was typed, for autocomplete."""
    query = unicodedata.normalize("NFKC", clean_query(raw_query))
    types = [t for t in (get_type(key) for key in type_keys) if t]
    if not types or not get_segmenter().query_words(query):
        return []

    def run(backend):
        queryset = base_queryset(locale, types).specific()
        return list(backend.autocomplete(query, queryset, operator="and")[:limit])

    try:
        pages, _ = with_fallback(run)
    except SearchUnavailable:
        return []
    suggestions = []
    for page in pages:
        search_type = type_for_model(type(page))
        suggestions.append(
            {
                "title": page.title,
                "url": page.get_url(request),
                "type": search_type.key if search_type else "",
                "type_label": str(search_type.label) if search_type else "",
            }
        )
    return suggestions
