"""Settings for the pytest suite: fast hashing, in-memory email, immediate tasks by default."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"},
}
# Tests use their own private folder so they never touch var/ of a running site.
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Wagtail 8 queues search-index and reference-index updates as tasks: run them inline in tests.
# Tests that exercise the queue itself switch to the database backend explicitly.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Page caching is tested on its own (tests/website/test_page_cache.py); elsewhere it would hide
# the queries and content changes the tests look at.
PAGE_CACHE_SECONDS = 0
# Tests call the HSDS API many times a minute; the rate-limit test sets its own.
HSDS_API_RATE_LIMIT = 0
FRAGMENT_CACHE_SECONDS = 0
# The generation lives in the test cache, which each test starts empty (not in a file that
# parallel test processes would share).
CONTENT_GENERATION_FILE = None
# Every page save runs search- and reference-index tasks, each logged at INFO: thousands of lines
# nobody reads, formatted in every test. Warnings and errors still show in a failing test's log.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405
