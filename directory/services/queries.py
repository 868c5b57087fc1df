"""The querysets and pieces behind every directory listing and profile: live pages in one
language (each list a fixed number of queries, whatever the amount of content), paging, the
active-filter chips, the ``ItemList`` structured data, related policies and the station map."""

import json
from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Prefetch
from wagtail.models import Locale, Page

from directory import geo, map_labels
from directory.models import (
    Element,
    ProviderAddress,
    ProviderPage,
    ServicePage,
    SolutionPage,
    StationPage,
)

RELATED_POLICY_LIMIT = 5


ELEMENT_PROVIDER_LIMIT = 24


ELEMENT_SOLUTION_LIMIT = 10


HOME_SERVICE_LIMIT = 6


HOME_SOLUTION_LIMIT = 3


def ordered_elements():
    return Prefetch("elements", queryset=Element.objects.order_by("sort_order", "code"))


def live_services(locale_id, private=None):
    """Live services in one language with what a list item shows, in four queries for a page."""
    queryset = ServicePage.objects.live()
    queryset = queryset.public() if private is None else queryset.exclude(private)
    return (
        queryset.filter(locale_id=locale_id)
        .select_related("provider")
        .prefetch_related(
            ordered_elements(),
            Prefetch(
                "provider__addresses", queryset=ProviderAddress.objects.order_by("sort_order")
            ),
        )
    )


def live_providers(locale_id):
    return (
        ProviderPage.objects.live()
        .public()
        .filter(locale_id=locale_id)
        .prefetch_related(
            ordered_elements(),
            Prefetch("addresses", queryset=ProviderAddress.objects.order_by("sort_order")),
            "credentials",
        )
        .order_by("title", "pk")
    )


def paginate(queryset, request, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def related_policies(locale_id=None, private=None, **lookup):
    """Newest live policies in the active language (or ``locale_id``) matching ``lookup``, e.g.
    ``elements=element``. ``private`` is a ready ``private_q()`` to spare a query.

    The policy library is a separate app: when it is not installed or has no ``PolicyPage`` yet,
    there are simply no related policies.
    """
    try:
        policy_model = apps.get_model("policies", "PolicyPage")
    except LookupError:
        return []
    field_names = {field.name for field in policy_model._meta.get_fields()}
    newest = "-issue_date" if "issue_date" in field_names else "-first_published_at"
    queryset = policy_model.objects.live()
    queryset = queryset.public() if private is None else queryset.exclude(private)
    if locale_id is None:
        locale_id = Locale.get_active().pk
    return list(
        queryset.filter(locale_id=locale_id, **lookup).order_by(newest, "-pk")[
            :RELATED_POLICY_LIMIT
        ]
    )


@dataclass
class ActiveFilter:
    label: str
    remove_query: str


def active_filters(filterset, request):
    """The chosen filter values, each with the query string that removes just that value."""
    chips = []
    if not filterset.is_bound or not filterset.is_valid():
        return chips
    for name, field in filterset.form.fields.items():
        if name == "sort":
            continue
        values = filterset.form.cleaned_data.get(name) or []
        if isinstance(values, str):
            values = [values]
        labels = dict(field.choices)
        for value in values:
            query = request.GET.copy()
            query.setlist(name, [item for item in query.getlist(name) if item != value])
            query.pop("page", None)
            chips.append(
                ActiveFilter(f"{field.label}: {labels.get(value, value)}", query.urlencode())
            )
    return chips


def item_list_json(page, page_obj, request, extra=None):
    """A ``CollectionPage`` whose ``ItemList`` is the page of results being shown."""
    start = page_obj.start_index() if page_obj.paginator.count else 0
    data = page.get_structured_data(request)
    data.update(extra or {})
    data["mainEntity"] = {
        "@type": "ItemList",
        "numberOfItems": page_obj.paginator.count,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": start + offset,
                "url": item.get_full_url(request),
                "name": item.title,
            }
            for offset, item in enumerate(page_obj.object_list)
        ],
    }
    return json.dumps(data, ensure_ascii=False, default=str).replace("</", "<\\/")


def live_solutions(index, private=None):
    queryset = SolutionPage.objects.live()
    queryset = queryset.public() if private is None else queryset.exclude(private)
    return (
        queryset.child_of(index)
        .order_by("-featured", "path")
        .only("title", "summary", "url_path", "path", "depth", "locale_id", "featured")
    )


def live_stations(locale_id):
    return StationPage.objects.live().public().filter(locale_id=locale_id)


# Drawn radii (with the marker's white stroke) in the map's SVG units.
CITY_RADIUS = 3
MARKER_RADIUS = 10


@dataclass
class MapMarker:
    title: str
    url_page: Page
    x: float
    y: float


def station_map(stations, counts=None):
    markers = []
    for station in stations:
        if station.has_coordinates:
            x, y = geo.project(station.longitude, station.latitude)
        elif station.city in geo.CITY_SEATS:
            x, y = geo.project(*geo.CITY_SEATS[station.city])
        else:
            continue
        markers.append(MapMarker(station.title, station, x, y))
    cities = geo.map_cities(counts)
    # Cities with stations are labelled first, so they get the nearest spots.
    ordered = sorted(cities, key=lambda city: -city.count)
    labels = map_labels.place_labels(
        [(city.x, city.y, CITY_RADIUS, city.text) for city in ordered],
        obstacles=[map_labels.marker_box(m.x, m.y, MARKER_RADIUS) for m in markers],
        bounds=(geo.WIDTH, geo.HEIGHT),
    )
    for city, label in zip(ordered, labels, strict=True):
        city.place = label
    return {
        "width": geo.WIDTH,
        "height": geo.HEIGHT,
        "outline": geo.outline_points(),
        "cities": cities,
        "legend": sorted(
            (label for label in labels if label.number), key=lambda label: label.number
        ),
        "markers": markers,
    }
