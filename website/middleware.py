"""Bad input is a 400, never a 500, once for the whole site.

A body larger than ``MAX_REQUEST_BODY_SIZE`` is refused (413) before anything reads it.

``BadInputMiddleware`` stands first in ``MIDDLEWARE``. It answers 400 before any view runs when
the path, a query parameter or a form field holds a NUL byte (PostgreSQL cannot store one and
raises), or a path segment or parameter is a whole number no database column holds (an API
``offset`` of 2⁶³: SQLite and PostgreSQL raise different errors for it). A number that is
still too large for a column (``DataError``, ``OverflowError``) raised by a view is a 400 too.
A database outage raised by a view becomes the 503 page (``website.errors``; ``handler500``
does the same for the middleware).
"""

import logging
import re
import time

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.db import DataError

from website import errors

logger = logging.getLogger(__name__)

NUL = "\x00"
# No integer column of any database holds this; as an id, offset or limit it can only be bad.
TOO_LARGE = 2**63
# Free text where a long number is a legitimate thing to look for.
FREE_TEXT_PARAMETERS = frozenset({"q"})


def _has_nul(values):
    return any(NUL in key or any(NUL in value for value in vals) for key, vals in values.lists())


def _too_large(value):
    return value.isascii() and value.isdigit() and len(value) >= 19 and int(value) >= TOO_LARGE


def _has_huge_number(request):
    if any(_too_large(part) for part in request.path.split("/")):
        return True
    return any(
        _too_large(value)
        for key, values in request.GET.lists()
        if key not in FREE_TEXT_PARAMETERS
        for value in values
    )


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return errors.bad_request(request)
        if length > settings.MAX_REQUEST_BODY_SIZE:
            return errors.request_too_large(request)
        if self._bad(request):
            return errors.bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _bad(request):
        if NUL in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if _has_nul(request.GET) or _has_huge_number(request):
            return True
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            return _has_nul(request.POST)
        return False

    def process_exception(self, request, exception):
        if isinstance(exception, (OverflowError, DataError)):
            logger.info("Bad input on %s: %r", request.path, exception)
            return errors.bad_request(request)
        if errors.is_database_outage(exception):
            logger.error("Database unavailable on %s: %r", request.path, exception)
            return errors.database_unavailable(request)
        return None


# An executable inline script: a <script> element with no src whose type (if any) is JavaScript.
_INLINE_SCRIPT = re.compile(
    rb"<script(?![^>]*\bsrc=)(?![^>]*\btype=[\"']?(?!text/javascript|module)[\w/+-])[^>]*>",
    re.IGNORECASE,
)


def runs_inline_script(response):
    """Whether an HTML response carries an inline script: Wagtail's InlinePanel,
    MultipleChooserPanel and date/time widgets still render ``<script>initDateChooser(…)</script>``
    and the like (Wagtail 8.0), so the editors and filters using them need it."""
    if getattr(response, "streaming", False):
        return False
    if "html" not in response.get("Content-Type", ""):
        return False
    return bool(_INLINE_SCRIPT.search(response.content))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two policies: ``CONTENT_SECURITY_POLICY`` for the site
    (no inline script), ``ADMIN_CONTENT_SECURITY_POLICY`` for Wagtail's admin: no inline script
    either, except on the admin pages whose HTML carries one of Wagtail's own inline scripts,
    which get ``'unsafe-inline'`` in ``script-src`` (docs/operator-guide.md)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith("/admin/"):
            directives = dict(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
            if runs_inline_script(response):
                directives["script-src"] = [*directives["script-src"], "'unsafe-inline'"]
            parts.config = default_config(directives)
        return parts


class StaffSessionIdleMiddleware:
    """A staff session expires after ``STAFF_SESSION_IDLE_SECONDS`` without a request: a staff
    member's requests push the expiry on, at most once a minute (a session write each time), so
    the session ends between the idle time and a minute more after the last request."""

    PUSH_EVERY = 60
    SEEN_KEY = "_staff_expiry_pushed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            if now - request.session.get(self.SEEN_KEY, 0) >= self.PUSH_EVERY:
                request.session[self.SEEN_KEY] = now
                request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)
