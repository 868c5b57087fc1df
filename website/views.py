"""Site-wide views: search, robots.txt and the error pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(
        request,
        "website/search.html",
        {"query": query, "results": page, "paginator": paginator},
    )


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
