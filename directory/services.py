"""Domain logic of the directory with no HTTP in it: the querysets behind every listing and profile
(each a fixed number of queries, whatever the amount of content), keeping translated pages pointed
at content in their own language, the index pages, and provider editor permissions."""

from collections import OrderedDict
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import QueryDict
from wagtail.models import GroupPagePermission, Page

from directory import geo
from directory.choices import ServiceSort
from directory.filters import ProviderFilterSet, ServiceFilterSet, StationFilterSet
from directory.models import (
    DirectoryIndexPage,
    Element,
    ProviderAddress,
    ProviderIndexPage,
    ProviderPage,
    ServicePage,
    SolutionPage,
    SolutionStep,
    StationIndexPage,
    StationPage,
)
from website.choices import City

RELATED_POLICY_LIMIT = 5
ELEMENT_PROVIDER_LIMIT = 24
ELEMENT_SOLUTION_LIMIT = 10
HOME_SERVICE_LIMIT = 6
HOME_SOLUTION_LIMIT = 3


# --- Querysets ---------------------------------------------------------------------------------


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
    from wagtail.models import Locale

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


# --- Active filters ----------------------------------------------------------------------------


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


def query_without(request, *names):
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for name in (*names, "page"):
        query.pop(name, None)
    return query.urlencode()


# --- Directory ---------------------------------------------------------------------------------


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
        "structured_data_json": item_list_json(index, page_obj, request),
    }


def item_list_json(page, page_obj, request, extra=None):
    """A ``CollectionPage`` whose ``ItemList`` is the page of results being shown."""
    import json

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
        "element": element,
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
        "element_url": element_url,
        "other_elements": Element.objects.filter(locale_id=index.locale_id).exclude(pk=element.pk),
        "structured_data_json": item_list_json(
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


# --- Providers ---------------------------------------------------------------------------------


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
        "structured_data_json": item_list_json(index, page_obj, request),
    }


def provider_profile(provider):
    private = Page.objects.private_q()  # one query for all the lists below
    services = list(
        ServicePage.objects.live()
        .exclude(private)
        .filter(provider=provider)
        .prefetch_related(ordered_elements())
        .order_by("path")
    )
    for service in services:
        service.provider = provider
    stations = list(
        StationPage.objects.live()
        .exclude(private)
        .filter(locale_id=provider.locale_id)
        .filter(
            Exists(
                StationPage.services.through.objects.filter(
                    stationpage_id=OuterRef("pk"), servicepage__provider=provider
                )
            )
        )
        .order_by("city", "title")
    )
    return {
        "services": services,
        "stations": stations,
        "credentials": provider.credential_list,
        "addresses": provider.address_list,
        "elements": sorted(provider.element_list, key=lambda element: element.sort_order),
    }


# --- Services and solutions --------------------------------------------------------------------


def service_detail(service):
    private = Page.objects.private_q()  # one query for all the lists below
    provider = service.get_provider()
    stations = list(
        StationPage.objects.live()
        .exclude(private)
        .filter(services=service)
        .order_by("city", "title")
    )
    in_solutions = list(
        SolutionPage.objects.live()
        .exclude(private)
        .filter(Exists(SolutionStep.objects.filter(page_id=OuterRef("pk"), service=service)))
        .order_by("title")
    )
    more = []
    if provider is not None:
        more = list(
            ServicePage.objects.live()
            .exclude(private)
            .filter(provider=provider)
            .exclude(pk=service.pk)
            .order_by("path")
            .only("title", "url_path", "path", "depth", "locale_id", "summary")[:5]
        )
    return {
        "provider": provider,
        "elements": sorted(service.element_list, key=lambda element: element.sort_order),
        "stations": stations,
        "solutions": in_solutions,
        "more_services": more,
        "policies": related_policies(service.locale_id, private, related_services=service),
    }


@dataclass
class ResolvedStep:
    heading: str
    explanation: str
    service: ServicePage | None


def solution_steps(solution):
    """The solution's steps with their live services, providers and elements (three queries,
    once per request: the page and its structured data share them)."""
    cached = getattr(solution, "_resolved_steps", None)
    if cached is not None:
        return cached
    steps = list(solution.steps.all())
    ids = [step.service_id for step in steps if step.service_id]
    services = {
        service.pk: service
        for service in ServicePage.objects.live()
        .filter(pk__in=ids)
        .select_related("provider")
        .prefetch_related(ordered_elements())
    }
    resolved = []
    for step in steps:
        service = services.get(step.service_id)
        heading = step.title or (service.title if service else "")
        resolved.append(ResolvedStep(heading, step.explanation, service))
    solution._resolved_steps = resolved
    return resolved


def solution_detail(solution):
    steps = solution_steps(solution)
    elements = OrderedDict()
    providers = OrderedDict()
    for step in steps:
        if step.service is None:
            continue
        for element in step.service.elements.all():
            elements.setdefault(element.pk, element)
        if step.service.provider is not None:
            providers.setdefault(step.service.provider.pk, step.service.provider)
    return {
        "steps": steps,
        "elements": sorted(elements.values(), key=lambda element: element.sort_order),
        "providers": list(providers.values()),
    }


def _translations_of(model, pks, locale_id):
    """``{pk: pk of its translation in locale_id}`` for the given pages, in two queries."""
    rows = list(model.objects.filter(pk__in=pks).values_list("pk", "locale_id", "translation_key"))
    foreign = {key: pk for pk, locale, key in rows if locale != locale_id}
    if not foreign:
        return {}
    found = dict(
        model.objects.filter(translation_key__in=foreign, locale_id=locale_id).values_list(
            "translation_key", "pk"
        )
    )
    return {foreign[key]: pk for key, pk in found.items()}


def localize_solution_steps(solution):
    """Point each step at the service in the solution's language (translations copy the source's
    choices)."""
    if not solution.locale_id:
        return
    steps = list(solution.steps.all())
    mapping = _translations_of(
        ServicePage, [s.service_id for s in steps if s.service_id], solution.locale_id
    )
    for step in steps:
        if step.service_id in mapping:
            step.service_id = mapping[step.service_id]


def localize_station_services(station):
    if not station.locale_id:
        return
    current = [service.pk for service in station.services.all()]
    mapping = _translations_of(ServicePage, current, station.locale_id)
    if mapping:
        station.services = list(
            ServicePage.objects.filter(pk__in=[mapping.get(pk, pk) for pk in current])
        )


# --- Stations ----------------------------------------------------------------------------------


@dataclass
class CityGroup:
    city: City
    stations: list


def live_stations(locale_id):
    return StationPage.objects.live().public().filter(locale_id=locale_id)


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
    return {
        "width": geo.WIDTH,
        "height": geo.HEIGHT,
        "outline": geo.outline_points(),
        "cities": geo.map_cities(counts),
        "markers": markers,
    }


def station_detail(station):
    services = list(
        ServicePage.objects.live()
        .public()
        .filter(stations=station)
        .select_related("provider")
        .prefetch_related(
            ordered_elements(),
            Prefetch(
                "provider__addresses", queryset=ProviderAddress.objects.order_by("sort_order")
            ),
        )
        .order_by("provider__title", "title")
    )
    providers = OrderedDict()
    for service in services:
        if service.provider is not None:
            providers.setdefault(service.provider.pk, service.provider)
    return {
        "services": services,
        "providers": list(providers.values()),
        "map": station_map([station]),
    }


# --- Home page ---------------------------------------------------------------------------------


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


# --- Index pages and permissions ---------------------------------------------------------------

INDEX_PAGES = [
    # model, slug, zh fields, en fields
    (
        DirectoryIndexPage,
        "services",
        {
            "title": "服务目录",
            "intro": "按要素、城市、服务方式和收费情况查找全省技术机构提供的质量服务。",
        },
        {
            "title": "Services",
            "intro": "Find quality services from the province's technical institutions by element, "
            "city, channel and fees.",
        },
    ),
    (
        ProviderIndexPage,
        "providers",
        {"title": "服务机构", "intro": "计量、检验检测、认证、标准化等技术机构及其资质。"},
        {
            "title": "Providers",
            "intro": "Metrology, testing, certification and standardisation institutions and "
            "their credentials.",
        },
    ),
    (
        StationIndexPage,
        "stations",
        {"title": "服务站点", "intro": "设在产业园区和产业集群的线下一站式服务站点。"},
        {
            "title": "Stations",
            "intro": "One-stop service points in industrial parks and clusters.",
        },
    ),
]


def ensure_index_pages():
    """The directory's three index pages under the zh-hans home page, with English translations;
    created when missing. Returns ``{model: PagePair}``."""
    from website.models import HomePage
    from website.page_tree import ensure_home, ensure_translated_page

    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is None:
        home, _site = ensure_home()
    pairs = {}
    for model, slug, zh_fields, en_fields in INDEX_PAGES:
        existing = model.objects.filter(locale_id=home.locale_id).first()
        if existing is not None:
            slug = existing.slug
        pairs[model] = ensure_translated_page(
            home, model, slug, zh_fields, en_fields, show_in_menus=True
        )
    return pairs


PROVIDER_EDITOR_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_provider_editor(group, provider):
    """Give ``group`` edit rights on ``provider``'s subtree (the profile and its services), in
    every language, and nothing else. Returns the permissions created."""
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(admin_access)
    created = []
    pages = Page.objects.filter(translation_key=provider.translation_key)
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PROVIDER_EDITOR_PERMISSIONS
    )
    for page in pages:
        for permission in permissions:
            _obj, was_created = GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )
            if was_created:
                created.append(_obj)
    return created


def provider_editor_group(provider):
    group, _created = Group.objects.get_or_create(name=f"机构编辑：{provider.title}"[:150])
    grant_provider_editor(group, provider)
    return group
