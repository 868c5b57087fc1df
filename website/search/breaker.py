"""The circuit breaker shared by every search path: after Elasticsearch failed (refused, hung
past its short timeout, or answered with an error), every search goes straight to the database
backend (``fallback``) for ``BREAKER_SECONDS`` instead of waiting for the cluster again.

Two kinds of callers use it. The site search, its suggestions, the Wagtail API and the HSDS API
call ``services.with_fallback``, which marks the call (``caller_falls_back``) so the cluster's
errors reach it and it can say that search runs in simplified mode. Everything else — the
Wagtail admin's page, image, document and snippet searches, choosers — calls the backend
directly; for them the Elasticsearch backend itself answers from the fallback
(``backends.elasticsearch``).
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache

from website.cache import shared_or_local

BREAKER_KEY = "search:primary-unavailable"
BREAKER_SECONDS = 60

_caller_falls_back = ContextVar("search_caller_falls_back", default=False)


def primary_errors():
    """Exceptions meaning "the search service is unreachable or refused": Elasticsearch's
    connection, timeout and transport errors and its HTTP errors (not a TransportError)."""
    try:
        from elasticsearch import ApiError, TransportError
    except ImportError:  # pragma: no cover - the client is in the lock file
        return ()
    return (ApiError, TransportError)


def has_fallback():
    return "fallback" in settings.WAGTAILSEARCH_BACKENDS


def is_open():
    return bool(shared_or_local(cache).get(BREAKER_KEY))


def trip():
    """Send every search to the fallback for a while (Redis, or this process while it is down)."""
    cache.set(BREAKER_KEY, True, BREAKER_SECONDS)
    shared_or_local(cache).set(BREAKER_KEY, True, BREAKER_SECONDS)


@contextmanager
def caller_falls_back():
    token = _caller_falls_back.set(True)
    try:
        yield
    finally:
        _caller_falls_back.reset(token)


def backend_falls_back():
    """Whether the backend should answer from the fallback itself (its caller has none)."""
    return has_fallback() and not _caller_falls_back.get()
