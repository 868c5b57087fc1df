"""A Redis cache that degrades instead of failing: Redis is a cache, not a dependency.

``FailSafeRedisCache`` is Django's ``RedisCache`` with every operation guarded. While Redis is
unreachable (refused, timed out, reset) a read returns its default, a write does nothing and
``incr`` raises ``ValueError`` as for a missing key, so every caller already written for a
cache miss keeps working: pages render uncached, a cache outage costs speed, never a page.

After a failure the backend does not try Redis again for ``RETRY_SECONDS`` (5 by default), so
a hanging Redis costs one short connect timeout every few seconds, not one per call. The outage
is logged once when it starts and once when Redis answers again.

``available(cache)`` tells callers that must know (the page cache, the rate limits) whether the
last operation reached the cache.
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Rate limits and the search breaker count here while the shared cache is unreachable.
LOCAL_ALIAS = "local"


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        # Short socket timeouts: a hanging Redis must not hang the page that asked it.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_until = 0.0
        self._failed = False
        self._errors = (RedisError, OSError)

    # --- state ---------------------------------------------------------------------------
    def is_available(self):
        return not self._failed

    def _guard(self, operation, default, *args, **kwargs):
        if self._failed and time.monotonic() < self._down_until:
            return default
        try:
            value = operation(*args, **kwargs)
        except self._errors as error:
            if not self._failed:
                logger.warning("Cache unavailable, serving without it: %r", error)
            self._failed = True
            self._down_until = time.monotonic() + self.retry_seconds
            return default
        if self._failed:
            logger.warning("Cache available again.")
            self._failed = False
        return value

    # --- operations ----------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._guard(super().incr, missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version)

    def clear(self):
        return self._guard(super().clear, False)


def available(cache):
    """Whether ``cache`` reached its server on its last operation (always true for a backend
    that cannot fail, such as local memory)."""
    check = getattr(cache, "is_available", None)
    return check() if check else True


def shared_or_local(cache):
    """``cache`` while it answers, else this process's local-memory cache."""
    return cache if available(cache) else caches[LOCAL_ALIAS]
