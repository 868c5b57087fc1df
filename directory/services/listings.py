"""What the directory's listing pages show: services (and an element's landing), providers,
stations by city, and the home page's sections."""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.functional import lazy
from wagtail.models import Page

from directory.choices import ServiceSort
from directory.filters import ProviderFilterSet, ServiceFilterSet, StationFilterSet
from directory.models import (
    DirectoryIndexPage,
    Element,
    ProviderIndexPage,
    ProviderPage,
    ServicePage,
    SolutionStep,
)
from directory.services.queries import (
    ELEMENT_PROVIDER_LIMIT,
    ELEMENT_SOLUTION_LIMIT,
    HOME_SERVICE_LIMIT,
    HOME_SOLUTION_LIMIT,
    active_filters,
    item_list_json,
    live_providers,
    live_services,
    live_solutions,
    live_stations,
    paginate,
    related_policies,
    station_map,
)
from website.choices import City
from website.fragment_cache import context_builder

# Built only when the template shows it (not when its fragment comes from the cache).
lazy_item_list_json = lazy(item_list_json, str)


@context_builder(
    "filterset",
    "form",
    "services",
    "page_obj",
    "result_count",
    "active_filters",
    "sort",
    "solutions",
    "structured_data_json",
)
def service_listing(index, request):
    private = Page.objects.private_q()
    filterset = ServiceFilterSet(
        request.GET or None,
        queryset=live_services(index.locale_id, private),
        locale_id=index.locale_id,
    )
    services = filterset.qs
    if not filterset.is_bound:
        services = filterset.sort_by(services, "sort", ServiceSort.RECOMMENDED)
    page_obj = paginate(services, request, index.page_size)
    chips = active_filters(filterset, request)
    return {
        "filterset": filterset,
        "form": filterset.form,
        "services": page_obj,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "active_filters": chips,
        "sort": (filterset.form.cleaned_data.get("sort") if filterset.is_bound else "")
        or ServiceSort.RECOMMENDED,
        "solutions": live_solutions(index, private)[:6] if not chips else [],
        "structured_data_json": lazy_item_list_json(index, page_obj, request),
    }


@context_builder(
    "services",
    "page_obj",
    "result_count",
    "providers",
    "more_providers",
    "provider_index",
    "solutions",
    "policies",
    "other_elements",
    "structured_data_json",
)
def element_landing(index, element, request):
    private = Page.objects.private_q()  # one query for all the lists below
    services = live_services(index.locale_id, private).filter(elements__code=element.code)
    services = services.order_by("-featured", "path")
    page_obj = paginate(services, request, index.page_size)
    offers_element = ServicePage.elements.through.objects.filter(
        servicepage__provider_id=OuterRef("pk"),
        servicepage__live=True,
        element__code=element.code,
    )
    providers_qs = (
        ProviderPage.objects.live()
        .exclude(private)
        .filter(locale_id=index.locale_id)
        .filter(Q(elements__code=element.code) | Q(Exists(offers_element)))
        .distinct()
        .order_by("title", "pk")
    )
    providers = list(
        providers_qs.only(
            "title", "url_path", "path", "depth", "locale_id", "summary", "provider_type"
        )[: ELEMENT_PROVIDER_LIMIT + 1]
    )
    step_with_element = SolutionStep.objects.filter(
        page_id=OuterRef("pk"), service__elements__code=element.code
    )
    solutions = list(
        live_solutions(index, private).filter(Exists(step_with_element))[:ELEMENT_SOLUTION_LIMIT]
    )
    element_url = index.element_url(element, request)
    return {
        "services": page_obj,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "providers": providers[:ELEMENT_PROVIDER_LIMIT],
        "more_providers": len(providers) > ELEMENT_PROVIDER_LIMIT,
        "provider_index": ProviderIndexPage.objects.live()
        .filter(locale_id=index.locale_id)
        .first(),
        "solutions": solutions,
        "policies": related_policies(index.locale_id, private, elements=element),
        "other_elements": Element.objects.filter(locale_id=index.locale_id).exclude(pk=element.pk),
        "structured_data_json": lazy_item_list_json(
            index,
            page_obj,
            request,
            extra={
                "name": element.name,
                "url": request.build_absolute_uri(element_url),
                "description": element.summary,
                "about": {
                    "@type": "DefinedTerm",
                    "name": element.name,
                    "termCode": element.code,
                    "description": element.summary,
                },
            },
        ),
    }


@context_builder(
    "filterset",
    "form",
    "providers",
    "page_obj",
    "result_count",
    "active_filters",
    "structured_data_json",
)
def provider_listing(index, request):
    filterset = ProviderFilterSet(
        request.GET or None, queryset=live_providers(index.locale_id), locale_id=index.locale_id
    )
    page_obj = paginate(filterset.qs, request, index.page_size)
    return {
        "filterset": filterset,
        "form": filterset.form,
        "providers": page_obj,
        "page_obj": page_obj,
        "result_count": page_obj.paginator.count,
        "active_filters": active_filters(filterset, request),
        "structured_data_json": lazy_item_list_json(index, page_obj, request),
    }


@dataclass
class CityGroup:
    city: City
    stations: list


@context_builder("filterset", "form", "groups", "station_count", "map", "structured_data_json")
def station_listing(index, request):
    queryset = live_stations(index.locale_id).child_of(index)
    filterset = StationFilterSet(request.GET or None, queryset=queryset)
    stations = list(
        filterset.qs.only(
            "title",
            "url_path",
            "path",
            "depth",
            "locale_id",
            "summary",
            "city",
            "address",
            "park",
            "opening_hours",
            "latitude",
            "longitude",
        )
    )
    by_city = OrderedDict((city.value, []) for city in City)
    for station in stations:
        by_city.setdefault(station.city, []).append(station)
    groups = [
        CityGroup(City(code), sorted(items, key=lambda s: s.title))
        for code, items in by_city.items()
        if items
    ]
    counts = {group.city.value: len(group.stations) for group in groups}
    return {
        "filterset": filterset,
        "form": filterset.form,
        "groups": groups,
        "station_count": len(stations),
        "map": station_map(stations, counts),
        "structured_data_json": None,
    }


def home_sections(locale_id):
    """Element tiles and featured services and solutions for the home page: one query while the
    site has no directory, five with one."""
    index = DirectoryIndexPage.objects.live().filter(locale_id=locale_id).first()
    if index is None:
        return {"directory": None, "elements": [], "services": [], "solutions": []}
    elements = list(Element.objects.filter(locale_id=locale_id).order_by("sort_order", "code"))
    private = Page.objects.private_q()
    services = list(
        ServicePage.objects.live()
        .exclude(private)
        .filter(locale_id=locale_id)
        .select_related("provider")
        .order_by("-featured", "-first_published_at", "pk")[:HOME_SERVICE_LIMIT]
    )
    solutions = list(live_solutions(index, private)[:HOME_SOLUTION_LIMIT])
    return {"directory": index, "elements": elements, "services": services, "solutions": solutions}
