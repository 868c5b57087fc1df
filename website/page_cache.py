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

The middleware is the first in ``MIDDLEWARE``: a hit is answered before sessions, locale, CSRF,
authentication or messages do any work, with one cache round trip (the generation and the page
read together) and no query. So it decides from the raw request alone: it serves and stores only
for GET/HEAD requests that carry no cookie but the CSRF and language cookies (no session, no
pending message), and keys each page by scheme, host, language (the URL's prefix, otherwise what
``LocaleMiddleware`` would pick from the language cookie and ``Accept-Language``), path and a
canonical query string. Stored responses carry the headers the outer middleware of the first
render added (security headers, content security policy).
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.utils.cache import cc_delim_re, get_max_age, patch_response_headers
from django.utils.translation import get_language_from_path, get_language_from_request

from website.cache import available

GENERATION_KEY = "page-cache-generation"
# Content lives in these apps; saving or deleting any of their objects makes cached pages stale.
CONTENT_APPS = frozenset(
    {"website", "directory", "policies", "wagtailcore", "wagtailimages", "wagtaildocs"}
)
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/", "/i18n/", "/static/", "/media/")
MAX_QUERY_PARAMETERS = 6
MAX_QUERY_VALUE_LENGTH = 40
# A stored page may only vary on what its key holds (the language) or on cookies it never read.
KEYED_VARY = frozenset({"accept-language", "cookie"})


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
    """Serve and store pages for visitors without a session (first in ``MIDDLEWARE``).

    A visitor with a session cookie (staff, or someone in the middle of the request form) always
    gets a fresh page; that test needs no session lookup, so cached hits cost no query at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _applies(request):
        cookies = request.COOKIES
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(EXCLUDED_PREFIXES)
            and (
                not cookies
                or cookies.keys() <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
            )
            and canonical_query(request)
        )

    @staticmethod
    def _key(request):
        language = get_language_from_path(request.path_info) or get_language_from_request(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # answered by the middleware below (400)
        parts = (request.scheme, host, language, request.get_full_path())
        digest = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
        return f"pages:{digest}"

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        cache = _cache()
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        current, response = _lookup(cache, key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if current is not None and self._storable(request, response):
            timeout = get_max_age(response)
            if timeout is None:
                timeout = settings.PAGE_CACHE_SECONDS
                patch_response_headers(response, timeout)
            if timeout > 0:
                cache.set(key, (current, response), timeout)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request, response):
        cache_control = response.get("Cache-Control", "")
        session = getattr(request, "session", None)
        vary = {
            field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field
        }
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
            and vary <= KEYED_VARY
        )


def _lookup(cache, key):
    """``(generation, stored response or None)`` in one round trip; ``(None, None)`` while the
    cache is unreachable (serve uncached, store nothing)."""
    if _pending["invalidate"]:
        _bump(cache)
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:  # never set (or evicted), or the cache is down
        return generation(), None
    if not available(cache):
        _pending["invalidate"] = True
        return None, None
    entry = found.get(key)
    if entry is not None and entry[0] == current:
        return current, entry[1]
    return current, None
