"""Settings for ``make run`` on one machine: debug on, everything embedded."""

from .base import *  # noqa: F403
from .env import get_bool, get_int

DEBUG = get_bool("DEBUG", True)
# While debugging, a changed template shows on the next request (no fragments kept).
FRAGMENT_CACHE_SECONDS = get_int("FRAGMENT_CACHE_SECONDS", 0 if DEBUG else 3600)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from static/ (no collectstatic needed on a laptop).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
