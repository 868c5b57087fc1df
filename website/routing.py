"""Wagtail's page routing, remembered per address until the content changes.

Wagtail finds a page by walking the tree from the site's root, two queries per level (the child
by slug, then its specific row): six to eight queries and half the render time of a page four
levels down, the same for every visitor. ``serve`` (in place of Wagtail's ``wagtail_serve``)
stores where an address led — the page's content type and id, and the path left over for a
routable page's own routes — in the fragment cache, keyed by site, language and the content
generation, and on the next request loads that page with one query and lets it route the rest
itself (no query). Wagtail's ``before_serve_page`` hooks (view restrictions) and the page's
``serve`` run as before. Only under the fragment cache's rules (anonymous GET/HEAD); any publish,
move or delete changes the generation, so a changed tree is routed afresh on the next request.
Addresses that lead nowhere are not stored.

The site (Wagtail's lookup by host and port) and the site settings are remembered the same way,
per host, port and content generation: two queries fewer on every page, whose compiling alone
was a tenth of an uncached page's time.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.http import Http404
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from website import fragment_cache
from website.models import SiteSettings

logger = logging.getLogger(__name__)


def _components(path):
    return [component for component in path.split("/") if component]


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _from_entry(request, entry):
    """The route result of a stored entry, or ``None`` if it no longer holds."""
    content_type_id, pk, remaining = entry
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=pk).first() if model is not None else None
    if page is None:
        return None
    try:
        return page.route(request, list(remaining))
    except Http404:
        return None


def _entry(request, path, result):
    page = result[0]
    site = Site.find_for_request(request)
    consumed = page.depth - site.root_page.depth
    return (page.content_type_id, page.pk, tuple(_components(path)[consumed:]))


def remembered_route(request, path):
    """Set Wagtail's per-request route (``request._wagtail_route_for_request``) from the cache,
    or route as Wagtail does and remember the result."""
    if not fragment_cache.applies(request) or hasattr(request, "_wagtail_route_for_request"):
        return
    try:
        key = fragment_cache.make_key(request, "route", [path])
        entry = _cache().get(key)
    except Exception:  # a cache that is down costs the routing queries, never an error
        logger.warning("Route cache unavailable", exc_info=True)
        return
    if entry is not None:
        result = _from_entry(request, entry)
        if result is not None:
            request._wagtail_route_for_request = result
            return
    result = Page.route_for_request(request, path)
    if result is None:
        return
    try:
        _cache().set(key, _entry(request, path, result), fragment_cache.seconds())
    except Exception:
        logger.warning("Route cache unavailable; route not stored", exc_info=True)


def _site_and_settings(request):
    site = Site.find_for_request(request)
    return None if site is None else (site, SiteSettings.for_request(request))


def remembered_site(request):
    """Set Wagtail's per-request site and our site settings (``Site.find_for_request``,
    ``SiteSettings.for_request``) from the fragment cache, or look them up and remember them."""
    if not fragment_cache.applies(request) or hasattr(request, "_wagtail_site"):
        return
    entry = fragment_cache.cached(
        request, "site", [request.get_port()], lambda: _site_and_settings(request)
    )
    if entry is not None:
        request._wagtail_site, site_settings = entry
        site_settings._request = request  # as ``for_request`` sets it (not pickled)
        setattr(request, SiteSettings.get_cache_attr_name(), site_settings)


def serve(request, path):
    """Wagtail's ``serve`` with the site and the route remembered (see the module doc)."""
    remembered_site(request)
    remembered_route(request, path)
    return wagtail_views.serve(request, path)
