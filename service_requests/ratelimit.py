"""Per-IP rate limits on submissions and tracking lookups, counted in the cache.

A fixed window per scope: ``allow`` says whether a client may go on, ``hit`` counts one use.
With Redis as the cache the counts are shared by every app server; with the local-memory cache
(one laptop) they are per process. Limits can be changed with the setting
``SERVICE_REQUEST_RATE_LIMITS = {"submit": (10, 3600), ...}`` (``upload`` counts files).

While the shared cache (Redis) is unreachable the limits fail safe towards the visitor and still
hold: each process counts in its own local memory (``website.cache.shared_or_local``), so a
client gets at most the limit per app-server process instead of an error page.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from website.ratelimit import client_ip, count_hit, current_count, window_key

__all__ = ["allow", "client_ip", "count", "hit", "too_many_requests"]

# scope: (uses, per seconds)
DEFAULT_LIMITS = {
    "submit": (10, 60 * 60),  # finished requests per hour
    "track": (30, 10 * 60),  # tracking lookups and survey/answer posts per 10 minutes
    "upload": (30, 60 * 60),  # files uploaded (request form and tracking page) per hour
    "rate": (5, 60 * 60),  # station ratings (扫码评价) per hour
    "draft": (20, 60 * 60),  # saved forms, their links and re-issued links per hour
    "code": (20, 60 * 60),  # one-time codes asked for and tried ("my requests") per hour
}


def _limit(scope):
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_REQUEST_RATE_LIMITS", {})}
    return limits[scope]


def _key(request, scope):
    _uses, seconds = _limit(scope)
    return window_key(request, f"service_requests:rate:{scope}", seconds), seconds


def count(request, scope):
    key, _seconds = _key(request, scope)
    return current_count(key)


def allow(request, scope):
    """Whether the client is still under the limit of ``scope`` (does not count a use)."""
    uses, _seconds = _limit(scope)
    return count(request, scope) < uses


def hit(request, scope, amount=1):
    """Count ``amount`` uses of ``scope``; returns whether the client was still under the limit."""
    uses, _seconds = _limit(scope)
    key, seconds = _key(request, scope)
    return count_hit(key, seconds, amount) <= uses


def too_many_requests(request, page, scope):
    _uses, seconds = _limit(scope)
    response = TemplateResponse(
        request,
        "service_requests/rate_limited.html",
        {"page": page, "self": page, "minutes": max(1, seconds // 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
