"""WSGI entry point (gunicorn website.wsgi): Django's handler behind the page cache's hit path."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")

application = get_wsgi_application()

from website.page_cache import CachedPageApplication  # noqa: E402 - after Django's setup
from website.runtime import settle_heap  # noqa: E402

application = CachedPageApplication(application)
settle_heap()
