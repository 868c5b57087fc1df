"""Per-IP rate limits on submissions and tracking lookups, counted in the cache.

A fixed window per scope: ``allow`` says whether a client may go on, ``hit`` counts one use.
With Redis as the cache the counts are shared by every app server; with the local-memory cache
(one laptop) they are per process. Limits can be changed with the setting
``SERVICE_REQUEST_RATE_LIMITS = {"submit": (10, 3600), ...}`` (``upload`` counts files).

While the shared cache (Redis) is unreachable the limits fail safe towards the visitor and still
hold: each process counts in its own local memory (``website.cache.shared_or_local``), so a
client gets at most the limit per app-server process instead of an error page.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from website.cache import available, shared_or_local

# scope: (uses, per seconds)
DEFAULT_LIMITS = {
    "submit": (10, 60 * 60),  # finished requests per hour
    "track": (30, 10 * 60),  # tracking lookups and survey/answer posts per 10 minutes
    "upload": (30, 60 * 60),  # files uploaded (request form and tracking page) per hour
}


def _limit(scope):
    limits = {**DEFAULT_LIMITS, **getattr(settings, "SERVICE_REQUEST_RATE_LIMITS", {})}
    return limits[scope]


def client_ip(request):
    """The client's address: ``REMOTE_ADDR``, or with ``TRUSTED_PROXY_COUNT`` reverse proxies in
    front, the address the outermost trusted proxy saw (proxies append to X-Forwarded-For)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope):
    uses, seconds = _limit(scope)
    window = int(time.time() // seconds)
    # Hash the address: the cache is not the place for personal data.
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"service_requests:rate:{scope}:{window}:{address}", seconds


def count(request, scope):
    key, _seconds = _key(request, scope)
    used = cache.get(key, 0)
    if not available(cache):
        used = shared_or_local(cache).get(key, 0)
    return used


def allow(request, scope):
    """Whether the client is still under the limit of ``scope`` (does not count a use)."""
    uses, _seconds = _limit(scope)
    return count(request, scope) < uses


def hit(request, scope, amount=1):
    """Count ``amount`` uses of ``scope``; returns whether the client was still under the limit."""
    uses, _seconds = _limit(scope)
    key, seconds = _key(request, scope)
    used = _incr(cache, key, amount, seconds)
    if not available(cache):
        used = _incr(shared_or_local(cache), key, amount, seconds)
    return used <= uses


def _incr(store, key, amount, seconds):
    store.add(key, 0, seconds)
    try:
        return store.incr(key, amount)
    except ValueError:  # expired between add and incr (or the cache is unreachable)
        store.set(key, amount, seconds)
        return amount


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
