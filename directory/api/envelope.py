"""What every HSDS endpoint shares: query parameters and their errors, the paginated envelope,
JSON responses with CORS, conditional GET (ETag, Last-Modified → 304) and the rate limit."""

import functools
import hashlib
import json
import math
import re

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from wagtail.models import ModelLogEntry, PageLogEntry

from website.ratelimit import hit

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10**6
MAX_TEXT = 200
LANGUAGES = ("zh-hans", "en")
BOOLEANS = {"true": True, "false": False}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadParameter(ValueError):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def error_body(status, message, parameter=None):
    """The error object of every 4xx answer (documented in the served openapi.json)."""
    body = {"status": status, "error": message}
    if parameter:
        body["parameter"] = parameter
    return body


class Params:
    """The request's query parameters, checked: a value with control characters, out of range or
    of the wrong type raises ``BadParameter`` (answered with 400)."""

    def __init__(self, request):
        self.query = request.GET
        for name, values in self.query.lists():
            for value in values:
                if _CONTROL.search(value) or _CONTROL.search(name):
                    raise BadParameter(name, f"{name} contains control characters")

    def text(self, name):
        value = self.query.get(name, "").strip()
        if len(value) > MAX_TEXT:
            raise BadParameter(name, f"{name} is longer than {MAX_TEXT} characters")
        return value

    def integer(self, name, default, low, high):
        raw = self.text(name)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise BadParameter(name, f"{name} must be a whole number") from None
        if not low <= value <= high:
            raise BadParameter(name, f"{name} must be between {low} and {high}")
        return value

    def boolean(self, name):
        raw = self.text(name).lower()
        if not raw:
            return False
        if raw not in BOOLEANS:
            raise BadParameter(name, f"{name} must be true or false")
        return BOOLEANS[raw]

    def moment(self, name):
        """An ISO 8601 date or date-time; a date means its start, a naive time the site's zone."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            value = parse_datetime(raw)
            if value is None and (day := parse_date(raw)) is not None:
                value = timezone.datetime.combine(day, timezone.datetime.min.time())
        except ValueError:
            value = None
        if value is None:
            raise BadParameter(name, f"{name} must be an ISO 8601 date-time")
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value

    def choice(self, name, choices, default):
        value = self.text(name) or default
        if value not in choices:
            raise BadParameter(name, f"{name} must be one of {', '.join(choices)}")
        return value

    def paging(self):
        return (
            self.integer("page", 1, 1, MAX_PAGE),
            self.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
        )

    def language(self):
        self.choice("format", ("json",), "json")
        return self.choice("locale", LANGUAGES, settings.LANGUAGE_CODE)


def paged(total, page, per_page, contents):
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def window(queryset, page, per_page):
    start = (page - 1) * per_page
    return list(queryset[start : start + per_page])


def json_response(data, status=200):
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json")
    cors(response)
    return response


def cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def last_change():
    """When anything an answer may show last changed: the newest page or snippet log entry."""
    times = [
        model.objects.aggregate(latest=Max("timestamp"))["latest"]
        for model in (PageLogEntry, ModelLogEntry)
    ]
    times = [moment for moment in times if moment]
    return max(times) if times else None


def _conditional(request, response):
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    changed = last_change()
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    patch_cache_control(response, public=True, max_age=60)
    return cors(
        get_conditional_response(
            request,
            etag=etag,
            last_modified=int(changed.timestamp()) if changed else None,
            response=response,
        )
    )


def _rate_limited(request):
    uses = getattr(settings, "HSDS_API_RATE_LIMIT", 300)
    return uses and not hit(request, "hsds-api", uses, 60)


def error_response(status, message, parameter=None):
    return json_response(error_body(status, message, parameter), status=status)


def api_view(view):
    """GET and HEAD (OPTIONS answers a CORS preflight), a 429 past ``HSDS_API_RATE_LIMIT``
    requests a minute per client (0: no limit), 400/404 as JSON, conditional GET."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = cors(HttpResponse(status=204))
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED_METHODS
            return response
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "method not allowed: the API is read-only")
            response["Allow"] = ALLOWED_METHODS
            return response
        if _rate_limited(request):
            response = error_response(429, "too many requests: try again in a minute")
            response["Retry-After"] = "60"
            return response
        try:
            response = view(request, Params(request), *args, **kwargs)
        except BadParameter as error:
            return error_response(400, str(error), error.name)
        except Http404:
            return error_response(404, "not found")
        return _conditional(request, response)

    return wrapper
