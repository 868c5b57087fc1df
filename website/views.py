"""Site-wide views: search, robots.txt and the error pages."""

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from website.search import services
from website.search.links import element_links, request_form_url

# The directory's autocomplete suggests service and provider names unless told otherwise.
DEFAULT_SUGGESTION_TYPES = ("service", "provider")


@require_GET
def search(request):
    """``/search/?q=…&type=…&page=…``: every registered page type of the current language."""
    outcome = services.search_pages(
        request.GET.get("q", ""),
        locale=Locale.get_active(),
        type_key=request.GET.get("type", ""),
        page_number=request.GET.get("page", 1),
        request=request,
    )
    context = {
        "search": outcome,
        "query": outcome.query,
        # Callables: only evaluated when the template shows the empty or zero-result state.
        "request_form_url": request_form_url,
        "elements": element_links,
    }
    return TemplateResponse(request, "website/search.html", context)


@require_GET
@cache_control(max_age=300, public=True)
def search_suggestions(request):
    """JSON for the autocomplete: ``{"results": [{"title", "url", "type", "type_label"}]}``."""
    raw_types = request.GET.get("types", "")
    type_keys = [key for key in raw_types.split(",") if key] or DEFAULT_SUGGESTION_TYPES
    results = services.suggest(
        request.GET.get("q", ""),
        locale=Locale.get_active(),
        type_keys=type_keys[:6],
        request=request,
    )
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /request/track/",
        "Disallow: /en/request/track/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
