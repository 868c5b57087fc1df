"""The query parameters that narrow services (and the service_at_locations of those services):
``search`` (the site search's Chinese segmentation), ``taxonomy_term_id``, ``taxonomy_id``,
``organization_id`` and ``modified_after``. They combine as AND, as the HSDS API requires."""

from directory.api.objects import TAXONOMY_ID, term_objects
from directory.hsds.export import default_locale_id
from directory.hsds.records import find_page
from directory.models import ProviderPage
from website.search.services import build_query, clean_query, with_fallback

MAX_SEARCH_HITS = 1000


def searched(queryset, text):
    """``queryset`` narrowed to the pages the search backend finds for ``text``."""
    query = build_query(clean_query(text))
    if query is None:
        return queryset.none()

    candidates = queryset.model.objects.live().filter(locale_id=default_locale_id())

    def run(backend):
        return [page.pk for page in backend.search(query, candidates)[:MAX_SEARCH_HITS]]

    pks, _degraded = with_fallback(run)
    return queryset.filter(pk__in=pks)


def filter_services(queryset, params):
    if search := params.text("search").strip():
        queryset = searched(queryset, search)
    if term := params.text("taxonomy_term_id"):
        codes = [code for code, data in term_objects().items() if data["id"] == term]
        queryset = queryset.filter(elements__code__in=codes).distinct()
    if taxonomy := params.text("taxonomy_id"):
        if taxonomy != TAXONOMY_ID:
            queryset = queryset.none()
    if organization := params.text("organization_id"):
        provider = find_page(ProviderPage, organization)
        queryset = queryset.filter(provider=provider) if provider else queryset.none()
    if (since := params.moment("modified_after")) is not None:
        queryset = queryset.filter(last_published_at__gte=since)
    return queryset
