"""Settings for ``make run`` on one machine: debug on, everything embedded."""

from .base import *  # noqa: F403
from .env import get_bool

DEBUG = get_bool("DEBUG", True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from static/ (no collectstatic needed on a laptop).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
