"""The content generation: a value every change to published content replaces.

It is part of the key of every cached page and fragment, so a publish is visible on the next
request and nothing has to enumerate or flush keys. Where it lives depends on whether the
processes share a cache, and is chosen once per call from the settings (``store()``):

- ``SharedCounter``: a counter in the shared cache (Redis), read in the same round trip as the
  page. While the cache is unreachable there is no generation (serve uncached, store nothing);
  an invalidation that could not reach the cache is remembered in this process and done as soon
  as the cache answers again, and any process that sees the cache come back after an outage
  bumps the counter once too, because a change made elsewhere during the outage could not be
  recorded. Either way a page is at most ``PAGE_CACHE_SECONDS`` stale.
- ``FileToken``: without a cache that all processes share (no Redis: one host, local memory in
  each process) a token in ``CONTENT_GENERATION_FILE``, which every process of the host reads on
  each request and a change replaces, so the admin, the task worker or an import command make
  the pages and fragments other processes keep stale just the same.

Both answer ``current(cache)``, ``bump(cache)`` and ``lookup(cache, key)``: the generation and
the entry stored under ``key`` (or ``None``), in one round trip where the store allows it.
"""

import functools
import os
import secrets
import time

from django.conf import settings

from website.cache import available


class SharedCounter:
    KEY = "page-cache-generation"

    def __init__(self):
        # An invalidation (or an outage) this process could not record in the cache yet.
        self.pending = False

    def current(self, cache):
        """The counter, or ``None`` while the cache is unreachable."""
        if self.pending:
            self.bump(cache)
        value = cache.get(self.KEY)
        if value is None:
            cache.add(self.KEY, 1, timeout=None)
            value = cache.get(self.KEY)
        if not available(cache):
            self.pending = True
            return None
        return value

    def bump(self, cache):
        try:
            cache.incr(self.KEY)
        except ValueError:  # never set, or the cache is unreachable
            cache.set(self.KEY, 2, timeout=None)
        self.pending = not available(cache)

    def lookup(self, cache, key):
        if self.pending:
            self.bump(cache)
        found = cache.get_many([self.KEY, key])
        current = found.get(self.KEY)
        if current is None:  # never set (or evicted), or the cache is down
            return self.current(cache), None
        if not available(cache):
            self.pending = True
            return None, None
        return current, found.get(key)


class FileToken:
    def __init__(self, path):
        self.path = path

    def current(self, cache=None):
        try:
            with open(self.path, encoding="ascii") as file:
                value = file.read()
        except FileNotFoundError:
            value = ""
        return value or self.bump()

    def bump(self, cache=None):
        """Replace the file's token with a new one: renamed into place, so a reader sees the
        old token or the new one, never part of one, and two processes bumping at once both
        succeed."""
        token = f"{time.time_ns():x}-{secrets.token_hex(6)}"
        temporary = f"{self.path}.{token}.tmp"
        with open(temporary, "w", encoding="ascii") as file:
            file.write(token)
        os.replace(temporary, self.path)
        return token

    def lookup(self, cache, key):
        return self.current(), cache.get(key)


shared = SharedCounter()


@functools.cache
def _file_token(path):
    return FileToken(path)


def store():
    path = settings.CONTENT_GENERATION_FILE
    return _file_token(str(path)) if path else shared
