"""Read-only JSON API of the directory as HSDS 3.0 objects: ``/api/hsds/…``.

Responses follow the HSDS API's paginated shape (``total_items``, ``total_pages``,
``page_number``, ``size``, ``first_page``, ``last_page``, ``empty``, ``contents``). Each page of
results costs a fixed number of queries, whatever its size.
"""

import math

from django.http import Http404, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from directory.hsds import export as hsds
from directory.hsds.importer import find_page
from directory.models import ProviderAddress, ProviderPage, ServicePage, StationPage

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


class BadParameter(ValueError):
    pass


def _int_param(request, name, default, low, high):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be between {low} and {high}")
    return value


def _page_params(request):
    per_page = _int_param(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _int_param(request, "page", 1, 1, 10**6)
    return page, per_page


def _paged(total, page, per_page, contents):
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


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _api(view):
    """GET only, cacheable for a minute, bad parameters answered with 400 and a message."""

    @require_GET
    @cache_control(max_age=60, public=True)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return _json({"error": str(error)}, status=400)
        except Http404:
            return _json({"error": "not found"}, status=404)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _slice(queryset, page, per_page):
    start = (page - 1) * per_page
    return list(queryset[start : start + per_page])


@_api
def api_root(request):
    base = request.build_absolute_uri("/api/hsds/")
    return _json(
        {
            "version": "3.0",
            "profile": "https://docs.openreferral.org/en/v3.0/",
            "openapi_url": None,
            "endpoints": {
                name: f"{base}{name}/" for name in ("organizations", "services", "locations")
            },
        }
    )


def _listing(request, queryset, objects):
    """One page of ``queryset`` as HSDS ``objects``, with the paging fields."""
    page, per_page = _page_params(request)
    total = queryset.count()
    return _json(_paged(total, page, per_page, objects(_slice(queryset, page, per_page))))


def _detail(model, record_id, queryset, objects):
    """The live page imported or exported with ``record_id``, as one HSDS object."""
    page = find_page(model, record_id)
    if page is None or not page.live:
        raise Http404
    return _json(objects([queryset.get(pk=page.pk)])[0])


@_api
def organizations(request):
    return _listing(request, hsds.provider_queryset(), hsds.organization_objects)


@_api
def organization_detail(request, record_id):
    return _detail(ProviderPage, record_id, hsds.provider_queryset(), hsds.organization_objects)


@_api
def services(request):
    queryset = hsds.service_queryset()
    organization_id = request.GET.get("organization_id")
    if organization_id:
        provider = find_page(ProviderPage, organization_id)
        queryset = queryset.filter(provider=provider) if provider else queryset.none()
    return _listing(request, queryset, hsds.service_objects)


@_api
def service_detail(request, record_id):
    return _detail(ServicePage, record_id, hsds.service_queryset(), hsds.service_objects)


@_api
def locations(request):
    """Stations first, then providers' addresses, in one paginated sequence."""
    page, per_page = _page_params(request)
    locale_id = hsds.default_locale_id()
    stations = hsds.station_queryset(locale_id)
    addresses = (
        ProviderAddress.objects.filter(page__live=True, page__locale_id=locale_id)
        .order_by("page__path", "sort_order", "pk")
        .values_list("pk", "page_id")
    )
    station_total = stations.count()
    total = station_total + addresses.count()
    start = (page - 1) * per_page
    end = start + per_page
    contents = []
    if start < station_total:
        contents += hsds.station_location_objects(list(stations[start:end]))
    if end > station_total:
        window = list(addresses[max(0, start - station_total) : end - station_total])
        providers = list(hsds.provider_queryset(locale_id).filter(pk__in={pk for _a, pk in window}))
        by_address = dict(hsds.provider_location_objects(providers, keyed=True))
        contents += [by_address[address_pk] for address_pk, _page in window]
    return _json(_paged(total, page, per_page, contents))


@_api
def location_detail(request, record_id):
    station = find_page(StationPage, record_id)
    if station is not None and station.live:
        station = hsds.station_queryset().get(pk=station.pk)
        return _json(hsds.station_location_objects([station])[0])
    # A provider's location id is derived from the provider's id and the address's position.
    for provider_pk, provider_id, count in hsds.provider_location_ids():
        for position in range(count):
            if hsds.derived_id(provider_id, "location", position) == record_id:
                provider = hsds.provider_queryset().get(pk=provider_pk)
                return _json(hsds.provider_location_objects([provider])[position])
    raise Http404
