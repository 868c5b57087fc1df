"""Rendered fragments of public pages, kept until the content changes.

Without the page cache (embedded default) or for a visitor the page cache cannot serve, a page
renders its menu, footer, language links, structured data and main content from fragments stored
here: the menu and footer once per site and language for all pages, the rest per address. The
views hand the expensive parts of their context over lazily (``lazy_context``), so a page whose
fragments are stored runs only Wagtail's routing queries and its own small lookups.

Correctness first: the generation of ``website.page_cache`` is part of every key, so a publish,
unpublish, move or delete, or a save of any content app's object, makes every fragment stale and
is visible on the next request. Fragments are stored only under the page cache's own rules:
GET/HEAD, no session cookie (staff and visitors in the middle of a form always get a fresh
render), no CSRF token used and no session written while rendering, and page content only for
pages of the content apps (a service request's tracking page shows a status that changes without
a publish). A cache that is down costs a render, never an error.
"""

import hashlib
import logging
import operator
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.models import Page

from website import page_cache

logger = logging.getLogger(__name__)

MISSING = object()


def seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def applies(request):
    """Whether fragments may be read and stored for this request."""
    return (
        seconds() > 0
        and request is not None
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_content_page(page):
    return isinstance(page, Page) and page._meta.app_label in page_cache.CONTENT_APPS


def make_key(request, name, vary):
    """The cache key of fragment ``name`` for this site, language and ``vary`` values."""
    parts = [request.get_host(), get_language() or "", *(str(value) for value in vary)]
    digest = hashlib.md5("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"fragment:{page_cache.generation_for(request)}:{name}:{digest}"


def _state(request):
    session = getattr(request, "session", None)
    return (
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE"),
        request.META.get("CSRF_COOKIE_USED"),
        session is not None and session.modified,
    )


def cached(request, name, vary, compute):
    """``compute()``, or its value stored under ``name`` and ``vary`` for the current content.

    ``compute`` is called (and its value not stored) when the request does not qualify, the
    cache is down, or computing it used a CSRF token or wrote to the session.
    """
    if not applies(request):
        return compute()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    try:
        key = make_key(request, name, vary)
        value = cache.get(key, MISSING)
    except Exception:  # a cache that is down must not take the site with it
        logger.warning("Fragment cache unavailable; rendering %s", name, exc_info=True)
        return compute()
    if value is not MISSING:
        return value
    before = _state(request)
    value = compute()
    if _state(request) == before:
        try:
            cache.set(key, value, seconds())
        except Exception:
            logger.warning("Fragment cache unavailable; %s not stored", name, exc_info=True)
    return value


def context_builder(*keys):
    """Declare once, on the function that builds a view's context, the entries it returns.

    ``lazy_context`` hands over exactly these; a builder that returns another set of entries
    raises instead of having one silently dropped (or missing) in the template.
    """

    def declare(build):
        build.context_keys = tuple(keys)
        return build

    return declare


def _checked(build, args):
    value = build(*args)
    declared = set(build.context_keys)
    if set(value) != declared:
        raise ImproperlyConfigured(
            f"{build.__qualname__} returned {sorted(set(value) - declared)} undeclared and "
            f"lacks {sorted(declared - set(value))} declared in @context_builder"
        )
    return value


def lazy_context(build, *args):
    """The entries of the dict ``build(*args)`` returns (declared with ``@context_builder``),
    computed on first use of any of them: when the page's content fragment comes from the cache,
    never."""
    keys = getattr(build, "context_keys", None)
    if keys is None:
        raise ImproperlyConfigured(f"{build!r} does not declare its keys (@context_builder)")
    whole = SimpleLazyObject(partial(_checked, build, args))
    return {key: SimpleLazyObject(partial(operator.getitem, whole, key)) for key in keys}
