"""The site's error responses: 400 for bad input, 503 while the database is unreachable.

Both render a template that needs no database (no site settings, no menus), in the language of
the address (``/en/…`` English, anything else Chinese), so they still work when nothing else
does. Under ``/api/`` they answer JSON instead (``{"status": …, "error": …}``, the error shape
the HSDS API documents), since an API client cannot read a page.
"""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

# Seconds a client (or a reverse proxy) is asked to wait before trying again during an outage.
RETRY_AFTER_SECONDS = 60


def _language(request):
    return translation.get_language_from_path(request.path_info) or translation.get_language()


API_PREFIX = "/api/"
API_MESSAGES = {
    400: "Bad request: the address or a parameter holds a value that cannot be used.",
    413: "The request body is too large.",
    503: "The service is unavailable for a moment; try again later.",
}


def error_page(request, template, status, message=None):
    """``message``: a callable returning the sentence to show instead of the template's."""
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"status": status, "error": API_MESSAGES[status]}, status=status)
        add_never_cache_headers(response)
        return response
    with translation.override(_language(request)):
        context = {"request_path": request.path, "message": message() if message else ""}
        html = render_to_string(template, context, request=None)
    response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def _too_many_files():
    return _(
        "You sent too many files at once. Go back and add at most 5 files, each 10 MB or smaller."
    )


def _too_large():
    return _("What you sent is too large. Go back and add at most 5 files, each 10 MB or smaller.")


def bad_request(request, exception=None):
    if isinstance(exception, TooManyFilesSent):
        return error_page(request, "400.html", 400, _too_many_files)
    if isinstance(exception, (RequestDataTooBig, TooManyFieldsSent)):
        return error_page(request, "400.html", 400, _too_large)
    return error_page(request, "400.html", 400)


def request_too_large(request):
    return error_page(request, "400.html", 413, _too_large)


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
