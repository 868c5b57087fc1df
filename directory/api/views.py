"""The HSDS 3.0 API endpoints, at the paths the official OpenAPI document names (under
``/api/hsds``), plus ``/locations`` (a documented extension: stations and providers' addresses).

Every answer is in the default language, or English with ``?locale=en``; only live pages are
shown. Each page of results costs a fixed number of queries, whatever its size.
"""

from django.http import Http404
from django.urls import reverse

from directory.api import objects
from directory.api.envelope import api_view, json_response, paged, window
from directory.api.filters import filter_services, searched
from directory.api.openapi import served_document
from directory.hsds import export as hsds
from directory.hsds.importer import find_page
from directory.models import ProviderAddress, ProviderPage, ServicePage, StationPage

PROFILE = "https://docs.openreferral.org/en/v3.0/"
MAX_ID = 250


def _answer(params, data):
    return json_response(objects.in_language(objects.completed(data), params.language()))


def _listing(params, total, page, per_page, contents):
    return _answer(params, paged(total, page, per_page, contents))


def _record(model, record_id):
    """The live Chinese page with ``record_id``; 404 for anything else (bad ids included)."""
    if not record_id or len(record_id) > MAX_ID or "\x00" in record_id:
        raise Http404
    page = find_page(model, record_id)
    if page is None or not page.live:
        raise Http404
    return page


def base_url(request):
    return request.build_absolute_uri(reverse("hsds:root")).rstrip("/")


@api_view("/")
def api_root(request, params):
    return _answer(
        params,
        {
            "version": "3.0",
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        },
    )


@api_view("/")
def openapi(request, params):
    return json_response(served_document(base_url(request)))


@api_view("/services")
def services(request, params):
    page, per_page = params.paging()
    full, minimal = params.boolean("full"), params.boolean("minimal")
    queryset = filter_services(hsds.service_queryset(), params)
    params.language()
    total = queryset.count()
    window_services = window(queryset, page, per_page)
    terms = objects.term_objects()
    contents = objects.service_objects(window_services, terms, full=full and not minimal)
    if minimal:
        keep = ("id", "name", "status", "last_modified")
        contents = [{key: item[key] for key in keep if key in item} for item in contents]
    return _listing(params, total, page, per_page, contents)


@api_view("/services/{id}")
def service_detail(request, params, record_id):
    page = _record(ServicePage, record_id)
    service = hsds.service_queryset().get(pk=page.pk)
    return _answer(params, objects.service_objects([service], objects.term_objects(), True)[0])


@api_view("/organizations")
def organizations(request, params):
    page, per_page = params.paging()
    full, full_service = params.boolean("full"), params.boolean("full_service")
    queryset = hsds.provider_queryset()
    if search := params.text("search").strip():
        queryset = searched(queryset, search)
    params.language()
    total = queryset.count()
    providers = window(queryset, page, per_page)
    terms = objects.term_objects()
    services = objects.services_by_provider(providers, terms, full_service) if full else None
    contents = objects.organization_objects(providers, terms, full=full, services=services)
    return _listing(params, total, page, per_page, contents)


@api_view("/organizations/{id}")
def organization_detail(request, params, record_id):
    page = _record(ProviderPage, record_id)
    providers = [hsds.provider_queryset().get(pk=page.pk)]
    terms = objects.term_objects()
    services = objects.services_by_provider(providers, terms, params.boolean("full_service"))
    data = objects.organization_objects(providers, terms, full=True, services=services)
    return _answer(params, data[0])


@api_view("/service_at_locations")
def service_at_locations(request, params):
    page, per_page = params.paging()
    params.boolean("full")
    services = filter_services(hsds.service_queryset(), params)
    rows = objects.link_rows(services.order_by())
    if postcode := params.text("postcode"):
        rows = rows.filter(stationpage__postal_code=postcode)
    params.language()
    total = rows.count()
    window_rows = window(rows.values_list("servicepage_id", "stationpage_id"), page, per_page)
    contents = objects.link_objects(window_rows, objects.term_objects())
    return _listing(params, total, page, per_page, contents)


@api_view("/service_at_locations/{id}")
def service_at_location_detail(request, params, record_id):
    if len(record_id) > MAX_ID or "\x00" in record_id:
        raise Http404
    row = objects.find_link(record_id)
    if row is None:
        raise Http404
    return _answer(params, objects.link_objects([row], objects.term_objects())[0])


def _matches(item, search):
    words = search.casefold().split()
    english = item.get("x_translations", {}).get("en", {})
    texts = [item["name"], item["description"], *english.values()]
    text = " ".join(str(t) for t in texts).casefold()
    return all(word in text for word in words)


@api_view("/taxonomies")
def taxonomies(request, params):
    page, per_page = params.paging()
    found = [objects.taxonomy_object()]
    if search := params.text("search").strip():
        found = [item for item in found if _matches(item, search)]
    params.language()
    start = (page - 1) * per_page
    return _listing(params, len(found), page, per_page, found[start : start + per_page])


@api_view("/taxonomies/{id}")
def taxonomy_detail(request, params, record_id):
    if record_id != objects.TAXONOMY_ID:
        raise Http404
    return _answer(params, objects.taxonomy_object())


@api_view("/taxonomy_terms")
def taxonomy_terms(request, params):
    page, per_page = params.paging()
    found = list(objects.term_objects().values())
    if search := params.text("search").strip():
        found = [item for item in found if _matches(item, search)]
    taxonomy = params.text("taxonomy_id")
    if (taxonomy and taxonomy != objects.TAXONOMY_ID) or params.text("parent_id"):
        found = []  # the elements are one flat list: no term has a parent
    params.boolean("top_only")  # every term is a top-level term
    params.language()
    start = (page - 1) * per_page
    return _listing(params, len(found), page, per_page, found[start : start + per_page])


@api_view("/taxonomy_terms/{id}")
def taxonomy_term_detail(request, params, record_id):
    for term in objects.term_objects().values():
        if term["id"] == record_id:
            return _answer(params, term)
    raise Http404


@api_view("/locations")
def locations(request, params):
    """Extension: stations first, then providers' addresses, in one paginated sequence."""
    page, per_page = params.paging()
    params.language()
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
        contents += objects.station_objects(list(stations[start:end]))
    if end > station_total:
        chosen = list(addresses[max(0, start - station_total) : end - station_total])
        providers = list(hsds.provider_queryset(locale_id).filter(pk__in={pk for _a, pk in chosen}))
        by_address = dict(hsds.provider_location_objects(providers, keyed=True))
        contents += [by_address[address_pk] for address_pk, _page in chosen]
    return _listing(params, total, page, per_page, contents)


@api_view("/locations/{id}")
def location_detail(request, params, record_id):
    if len(record_id) > MAX_ID or "\x00" in record_id:
        raise Http404
    station = find_page(StationPage, record_id)
    if station is not None and station.live:
        station = hsds.station_queryset().get(pk=station.pk)
        return _answer(params, objects.station_objects([station])[0])
    # A provider's location id is derived from the provider's id and the address's position.
    for provider_pk, provider_id, count in hsds.provider_location_ids():
        for position in range(count):
            if hsds.derived_id(provider_id, "location", position) == record_id:
                provider = hsds.provider_queryset().get(pk=provider_pk)
                return _answer(params, hsds.provider_location_objects([provider])[position])
    raise Http404


@api_view(None)
def not_found(request, params, rest):
    raise Http404
