"""Cache of whole pages for anonymous visitors.

Wagtail renders a page with half a dozen queries; served from the cache it costs none, which keeps
the site fast for enterprises on slow networks. Only safe responses are stored: GET/HEAD from
visitors who are not logged in, status 200, no cookie set, no CSRF token used while rendering
(a page with a form must never hand one visitor's token to another), nothing marked private.

Every publish, unpublish, move or delete, and every change to a snippet or setting of the content
apps, bumps a generation number that is part of each key, so visitors never see stale content and
nothing has to enumerate or flush keys (a shared Redis keeps its other data).

While the cache is unreachable pages are served uncached. An invalidation that could not reach
the cache is remembered in this process and done as soon as the cache answers again; any process
that sees the cache come back after an outage bumps the generation once too, because a change
made elsewhere during the outage could not be recorded. Either way a page is at most
``PAGE_CACHE_SECONDS`` stale.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import (
    get_cache_key,
    get_max_age,
    has_vary_header,
    learn_cache_key,
    patch_response_headers,
)

from website.cache import available

GENERATION_KEY = "page-cache-generation"
# Content lives in these apps; saving or deleting any of their objects makes cached pages stale.
CONTENT_APPS = frozenset(
    {"website", "directory", "policies", "wagtailcore", "wagtailimages", "wagtaildocs"}
)
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/", "/i18n/", "/static/", "/media/")
MAX_QUERY_PARAMETERS = 6
MAX_QUERY_VALUE_LENGTH = 40


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# An invalidation (or an outage) this process could not record in the cache yet.
_pending = {"invalidate": False}


def generation():
    """The current generation, or ``None`` while the cache is unreachable (do not cache)."""
    cache = _cache()
    if _pending["invalidate"]:
        _bump(cache)
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY)
    if not available(cache):
        _pending["invalidate"] = True
        return None
    return value


def _bump(cache):
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # never set, or the cache is unreachable
        cache.set(GENERATION_KEY, 2, timeout=None)
    _pending["invalidate"] = not available(cache)


def invalidate(**kwargs):
    """Make every cached page stale (signal receiver); never fails, see the module doc."""
    _bump(_cache())


def invalidate_on_content_change(sender, **kwargs):
    # The user model lives in ``website`` but is not content: a staff login (``last_login``)
    # must not make every cached page stale.
    if sender._meta.app_label in CONTENT_APPS and sender._meta.label != settings.AUTH_USER_MODEL:
        invalidate()


def canonical_query(request):
    """Whether the query string is one the site's own links make: known parameters
    (``PAGE_CACHE_QUERY_PARAMETERS``), each value short and not empty, a handful in all."""
    items = [(key, value) for key, values in request.GET.lists() for value in values]
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS
    return len(items) <= MAX_QUERY_PARAMETERS and all(
        key in allowed and 0 < len(value) <= MAX_QUERY_VALUE_LENGTH for key, value in items
    )


class AnonymousPageCacheMiddleware:
    """Serve and store pages for visitors without a session.

    A visitor with a session cookie (staff, or someone in the middle of the request form) always
    gets a fresh page; that test needs no session lookup, so cached hits cost no query at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def _applies(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and canonical_query(request)
        )

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        cache = _cache()
        current = generation()
        if current is None:
            return self.get_response(request)
        prefix = f"pages:{current}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if self._storable(request, response):
            timeout = get_max_age(response)
            if timeout is None:
                timeout = settings.PAGE_CACHE_SECONDS
                patch_response_headers(response, timeout)
            if timeout > 0:
                key = learn_cache_key(request, response, timeout, prefix, cache=cache)
                cache.set(key, response, timeout)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        cache_control = response.get("Cache-Control", "")
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and getattr(response, "is_rendered", True)
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            # Reading the (empty) session is harmless, e.g. the user bar asking who is logged in;
            # writing to it means the page is about this visitor.
            and not (session is not None and session.modified)
            and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
            and not has_vary_header(response, "Authorization")
        )
