"""Cache of whole pages for anonymous visitors.

Wagtail renders a page with half a dozen queries; served from the cache it costs none, which keeps
the site fast for enterprises on slow networks. Only safe responses are stored: GET/HEAD from
visitors who are not logged in, status 200, no cookie set, no CSRF token used while rendering
(a page with a form must never hand one visitor's token to another), nothing marked private.

Every publish, unpublish, move or delete, and every change to a snippet or setting of the content
apps, replaces the content generation (``website.content_generation``: a counter in Redis, or a
token in a file that every process of the host reads), which is part of each key, so visitors
never see stale content and nothing has to enumerate or flush keys. While the cache is
unreachable pages are served uncached.

The middleware is the first in ``MIDDLEWARE``: a hit is answered before sessions, locale, CSRF,
authentication or messages do any work, with one cache round trip (the generation and the page
read together) and no query. So it decides from the raw request alone: it serves and stores only
for GET/HEAD requests that carry no cookie but the CSRF and language cookies (no session, no
pending message), and keys each page by scheme, host, language (the URL's prefix, otherwise what
``LocaleMiddleware`` would pick from the language cookie and ``Accept-Language``), path and a
canonical query string. Stored responses carry the headers the outer middleware of the first
render added (security headers, content security policy).

A hit is the whole work of the process for most anonymous visits, so the key is built from the
raw request: the host as sent (not validated: a key is only ever stored by a render, and a host
``ALLOWED_HOSTS`` refuses renders a 400, which is not stored), the path and query string as
received, the query string parsed only when there is one. A page is stored as its status line,
headers and body, ready to send, and once more gzip-compressed for the clients that accept it (a
35 KB listing is 7 KB on the wire; compressed when stored, never per hit). A stored page holds
nothing secret — no CSRF token, nothing about the visitor — so compressing it leaks nothing
(BREACH); every stored page says ``Vary: Accept-Encoding``.

The servers' WSGI application (``CachedPageApplication`` in ``website.wsgi``) answers hits before
Django's handler with the same decision and key, and hands a miss's lookup on to the middleware,
which renders and stores without asking the cache again; the middleware answers hits itself where
requests come through Django alone (the test client).
"""

import gzip
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils.cache import (
    cc_delim_re,
    get_max_age,
    patch_response_headers,
    patch_vary_headers,
)
from django.utils.translation import get_language_from_path, get_language_from_request

from website import content_generation

# Content lives in these apps; saving or deleting any of their objects makes cached pages stale.
CONTENT_APPS = frozenset(
    {"website", "directory", "policies", "wagtailcore", "wagtailimages", "wagtaildocs"}
)
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/", "/i18n/", "/static/", "/media/")
MAX_QUERY_PARAMETERS = 6
MAX_QUERY_VALUE_LENGTH = 40
# A stored page may only vary on what its key holds (the language) or on cookies it never read.
KEYED_VARY = frozenset({"accept-language", "cookie"})
# Part of every key: pages stored in another shape by an earlier release are never read.
STORED_FORMAT = "v3"
# Stored pages of these types are kept gzip-compressed too, when that is smaller by this much.
COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/rss+xml", "application/atom+xml")
MIN_COMPRESSED_SAVING = 200
REFUSED_CODING = re.compile(r"q\s*=\s*0(\.0{0,3})?")
# The WSGI application's lookup, handed to the middleware in the environ (no header can set it).
LOOKED_UP = "website.page_cache.looked_up"


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation():
    """The current content generation, or ``None`` while the cache is unreachable (do not
    cache)."""
    return content_generation.store().current(_cache())


def generation_for(request):
    """The content generation for this request, read once: on a miss the page's lookup has read
    it, and the fragments of the render are keyed with the same value."""
    value = getattr(request, "_content_generation", None)
    if value is None:
        value = request._content_generation = generation()
    return value


def invalidate(**kwargs):
    """Make every cached page stale (signal receiver); never fails."""
    content_generation.store().bump(_cache())


def invalidate_on_content_change(sender, **kwargs):
    # The user model lives in ``website`` but is not content: a staff login (``last_login``)
    # must not make every cached page stale.
    if sender._meta.app_label in CONTENT_APPS and sender._meta.label != settings.AUTH_USER_MODEL:
        invalidate()


def canonical_query(request):
    """Whether the query string is one the site's own links make: known parameters
    (``PAGE_CACHE_QUERY_PARAMETERS``), each value short and not empty, a handful in all."""
    if not request.META.get("QUERY_STRING"):
        return True
    items = [(key, value) for key, values in request.GET.lists() for value in values]
    allowed = settings.PAGE_CACHE_QUERY_PARAMETERS
    return len(items) <= MAX_QUERY_PARAMETERS and all(
        key in allowed and 0 < len(value) <= MAX_QUERY_VALUE_LENGTH for key, value in items
    )


def cacheable(request):
    """Whether the page cache serves and stores this request (decided from the raw request)."""
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


def page_key(request):
    language = get_language_from_path(request.path_info) or get_language_from_request(request)
    query = request.META.get("QUERY_STRING", "")
    # Django's own reading of the host header(s), without the ALLOWED_HOSTS check (module doc).
    host = request._get_raw_host()
    parts = (request.scheme, host, language, f"{request.path}?{query}")
    digest = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"pages:{STORED_FORMAT}:{digest}"


def look_up(request):
    """``(key, generation, stored page or None)`` for a request the cache serves and stores
    (``None`` for any other). A stored page is what ``_stored`` keeps."""
    if not cacheable(request):
        return None
    key = page_key(request)
    return (key, *_lookup(_cache(), key))


def _stored(response):
    """What is kept of a response, ready to send as it is: its status line, its headers and body
    as rendered, and gzip-compressed headers and body (``None`` where that does not pay)."""
    patch_vary_headers(response, ("Accept-Encoding",))
    status = f"{response.status_code} {response.reason_phrase}"
    headers, content = tuple(response.items()), response.content
    return status, (headers, content), _compressed(response, headers, content)


def _compressed(response, headers, content):
    content_type = response.get("Content-Type", "")
    if response.has_header("Content-Encoding") or not content_type.startswith(COMPRESSIBLE_TYPES):
        return None
    body = gzip.compress(content, compresslevel=6, mtime=0)
    if len(body) + MIN_COMPRESSED_SAVING > len(content):
        return None
    headers = tuple(
        (name, str(len(body)) if name.lower() == "content-length" else value)
        for name, value in headers
    )
    return (*headers, ("Content-Encoding", "gzip")), body


def accepts_gzip(environ):
    """Whether the client's ``Accept-Encoding`` names gzip without refusing it (``q=0``)."""
    for coding in environ.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, parameters = coding.partition(";")
        if name.strip().lower() == "gzip":
            return not REFUSED_CODING.fullmatch(parameters.strip())
    return False


def to_send(stored, environ):
    """``(status line, headers, body)`` of a stored page for this request: compressed where
    the client accepts gzip."""
    status, as_rendered, compressed = stored
    headers, body = compressed if compressed and accepts_gzip(environ) else as_rendered
    return status, headers, body


class AnonymousPageCacheMiddleware:
    """Serve and store pages for visitors without a session (first in ``MIDDLEWARE``).

    A visitor with a session cookie (staff, or someone in the middle of the request form) always
    gets a fresh page; that test needs no session lookup, so cached hits cost no query at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Under the servers the WSGI application has looked the page up already (a miss).
        meta = request.META
        found = meta.pop(LOOKED_UP) if LOOKED_UP in meta else look_up(request)
        if found is None:
            return self.get_response(request)
        key, current, stored = found
        if stored is not None:
            status, headers, content = to_send(stored, meta)
            response = HttpResponse(content, status=int(status[:3]), headers=dict(headers))
            response["X-Page-Cache"] = "hit"
            return response
        request._content_generation = current  # what ``generation_for`` would read again
        response = self.get_response(request)
        if current is not None and self._storable(request, response):
            timeout = get_max_age(response)
            if timeout is None:
                timeout = settings.PAGE_CACHE_SECONDS
                patch_response_headers(response, timeout)
            if timeout > 0:
                _cache().set(key, (current, _stored(response)), timeout)
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


class CachedPageApplication:
    """The WSGI application of the servers: answers a cache hit before Django's handler.

    For most anonymous visits a hit is the whole work of the process, and Django's handler
    around it (the request signals closing and resetting database connections, the middleware
    chain, building the response) costs as much again as the lookup. Here a hit is the same
    decision and the same key as the middleware's, one cache round trip and the stored bytes;
    everything else (misses, visitors with a session, refused hosts, which are never stored)
    goes to Django, where the middleware renders and stores.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if settings.PAGE_CACHE_SECONDS > 0 and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            # Over a copy: a request object writes the decoded path back into its environ, which
            # Django's handler must receive as the server sent it (a Chinese slug is not Latin-1).
            found = look_up(WSGIRequest(environ.copy()))
            if found is not None and found[2] is not None:
                status, headers, content = to_send(found[2], environ)
                start_response(status, [*headers, ("X-Page-Cache", "hit")])
                return [b"" if environ["REQUEST_METHOD"] == "HEAD" else content]
            environ[LOOKED_UP] = found  # the middleware stores the render without asking again
        return self.application(environ, start_response)


def _lookup(cache, key):
    """``(generation, stored page or None)`` in one round trip; ``(None, None)`` while the
    cache is unreachable (serve uncached, store nothing)."""
    current, entry = content_generation.store().lookup(cache, key)
    if entry is not None and entry[0] == current:
        return current, entry[1]
    return current, None
