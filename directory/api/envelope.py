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
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import ModelLogEntry, PageLogEntry

from directory.api.openapi import parameter_names
from directory.hsds.export.common import uuid_ids
from website.ratelimit import hit

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10**6
MAX_TEXT = 200
LANGUAGES = ("zh-hans", "en")
BOOLEANS = {"true": True, "false": False}
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
_DATE_TIME = re.compile(
    r"(?P<start>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?P<end>(?:\.[0-9]+)?(?:[Zz]|[+-][0-9]{2}:[0-9]{2}))"
)
_INTEGER = re.compile(r"-?[0-9]+")
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

    def __init__(self, request, allowed):
        self.query = request.GET
        for name, values in self.query.lists():
            if allowed is not None and name not in allowed:
                raise BadParameter(name, f"{name} is not a parameter of this endpoint")
            for value in values:
                if _CONTROL.search(value) or _CONTROL.search(name):
                    raise BadParameter(name, f"{name} contains control characters")

    def text(self, name):
        value = self.query.get(name, "")
        if len(value) > MAX_TEXT:
            raise BadParameter(name, f"{name} is longer than {MAX_TEXT} characters")
        return value

    def _typed(self, name):
        """The value of a parameter that is not free text: None when absent; empty is wrong."""
        if name not in self.query:
            return None
        value = self.text(name)
        if not value:
            raise BadParameter(name, f"{name} is empty")
        return value

    def integer(self, name, default, low, high):
        raw = self._typed(name)
        if raw is None:
            return default
        if not _INTEGER.fullmatch(raw):
            raise BadParameter(name, f"{name} must be a whole number")
        value = int(raw)
        if not low <= value <= high:
            raise BadParameter(name, f"{name} must be between {low} and {high}")
        return value

    def boolean(self, name):
        raw = self._typed(name)
        if raw is None:
            return False
        if raw not in BOOLEANS:
            raise BadParameter(name, f"{name} must be true or false")
        return BOOLEANS[raw]

    def moment(self, name):
        """An RFC 3339 date-time (``2025-01-31T08:00:00Z``, ``…+08:00``); a leap second counts
        as the second before it."""
        raw = self._typed(name)
        if raw is None:
            return None
        match = _DATE_TIME.fullmatch(raw)
        value = None
        if match:
            try:
                value = parse_datetime(match["start"].upper() + ":59" + match["end"].upper())
                if match["second"] != "60":
                    value = parse_datetime(raw.upper())
            except ValueError:
                value = None
        if value is None:
            raise BadParameter(name, f"{name} must be an RFC 3339 date-time")
        return value

    def choice(self, name, choices, default):
        value = self._typed(name)
        value = default if value is None else value
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


def api_view(path):
    """Decorate the view of ``path`` (as the OpenAPI document writes it, ``/services/{id}``,
    whose query parameters are the only ones allowed; None: any)."""
    return functools.partial(_api_view, path=path)


def _api_view(view, path):
    """GET and HEAD (OPTIONS answers a CORS preflight), a 429 past ``HSDS_API_RATE_LIMIT``
    requests a minute per client (0: no limit), 400/404 as JSON, conditional GET."""

    @csrf_exempt
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
        token = uuid_ids.set(True)
        try:
            allowed = parameter_names(path) if path else None
            response = view(request, Params(request, allowed), *args, **kwargs)
        except BadParameter as error:
            return error_response(400, str(error), error.name)
        except Http404:
            return error_response(404, "not found")
        finally:
            uuid_ids.reset(token)
        return _conditional(request, response)

    return wrapper
