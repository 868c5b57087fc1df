"""Fixed-window rate limits counted in the cache, per client address.

``hit(request, scope, uses, seconds)`` counts one use of ``scope`` and says whether the client is
still within ``uses`` per ``seconds``. With Redis as the cache the counts are shared by every app
server; with the local-memory cache they are per process.

While the shared cache (Redis) is unreachable the limits fail safe towards the visitor and still
hold: each process counts in its own local memory (``website.cache.shared_or_local``), so a
client gets at most the limit per app-server process instead of an error page.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from website.cache import available, shared_or_local


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


def window_key(request, prefix, seconds):
    """The cache key counting ``request``'s client in the current window of ``seconds``."""
    window = int(time.time() // seconds)
    # Hash the address: the cache is not the place for personal data.
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"{prefix}:{window}:{address}"


def count_hit(key, seconds, amount=1):
    """Add ``amount`` to the counter ``key`` (kept for ``seconds``); returns the new count."""
    used = _incr(cache, key, amount, seconds)
    if not available(cache):
        used = _incr(shared_or_local(cache), key, amount, seconds)
    return used


def current_count(key):
    """The counter ``key`` as it stands (0 when unset)."""
    used = cache.get(key, 0)
    if not available(cache):
        used = shared_or_local(cache).get(key, 0)
    return used


def _incr(store, key, amount, seconds):
    store.add(key, 0, seconds)
    try:
        return store.incr(key, amount)
    except ValueError:  # expired between add and incr (or the cache is unreachable)
        store.set(key, amount, seconds)
        return amount


def hit(request, scope, uses, seconds):
    """Count one use of ``scope``; whether the client was still within ``uses`` per ``seconds``."""
    return count_hit(window_key(request, f"rate:{scope}", seconds), seconds) <= uses
