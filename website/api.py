"""Wagtail API v2: read-only pages, images and documents for other government systems.

``?search=`` goes through the site search's fallback (``website.search.services``): while
Elasticsearch is unreachable the database backend answers, the breaker shared with the site
search skips the cluster for a while, and with no backend left the answer is a 503, never a 500
or a hang.
"""

from django.conf import settings
from rest_framework.exceptions import APIException
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from website.search import services


class SearchUnavailable(APIException):
    status_code = 503
    default_detail = "Search is temporarily unavailable."
    default_code = "search_unavailable"


class FallbackSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        # Wagtail's filter checks the parameters and builds the lazy search (nothing sent yet).
        results = super().filter_queryset(request, queryset, view)
        if "search" not in request.GET or "fallback" not in settings.WAGTAILSEARCH_BACKENDS:
            return results

        def run(backend):
            found = backend.search(
                request.GET["search"],
                queryset,
                operator=request.GET.get("search_operator") or None,
                order_by_relevance="order" not in request.GET,
            )
            found.count()  # reaches the backend here, inside the fallback's error handling
            return found

        try:
            found, _degraded = services.with_fallback(run)
        except services.SearchUnavailable:
            raise SearchUnavailable from None
        return found


def _with_fallback_search(viewset):
    backends = [
        FallbackSearchFilter if backend is SearchFilter else backend
        for backend in viewset.filter_backends
    ]
    return type(viewset.__name__, (viewset,), {"filter_backends": backends})


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", _with_fallback_search(PagesAPIViewSet))
api_router.register_endpoint("images", _with_fallback_search(ImagesAPIViewSet))
api_router.register_endpoint("documents", _with_fallback_search(DocumentsAPIViewSet))
