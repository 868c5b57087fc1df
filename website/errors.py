"""The site's error responses: 400 for bad input, 503 while the database is unreachable.

Both render a template that needs no database (no site settings, no menus), in the language of
the address (``/en/…`` English, anything else Chinese), so they still work when nothing else
does.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

# Seconds a client (or a reverse proxy) is asked to wait before trying again during an outage.
RETRY_AFTER_SECONDS = 60


def _language(request):
    return translation.get_language_from_path(request.path_info) or translation.get_language()


def error_page(request, template, status):
    with translation.override(_language(request)):
        html = render_to_string(template, {"request_path": request.path}, request=None)
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def bad_request(request, exception=None):
    return error_page(request, "400.html", 400)


def database_unavailable(request):
    response = error_page(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_database_outage(error):
    return isinstance(error, (OperationalError, InterfaceError))


def server_error(request):
    """``handler500``: a database outage is a 503 with ``Retry-After``, anything else a 500."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request)
    with translation.override(_language(request)):
        return defaults.server_error(request)
