"""What a provider, service, solution or station page shows, and keeping translated pages
pointed at content in their own language."""

from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from wagtail.models import Page

from directory.models import (
    ProviderAddress,
    ProviderVerification,
    ServicePage,
    SolutionPage,
    SolutionStep,
    StationPage,
)
from directory.services.queries import (
    ordered_elements,
    related_policies,
    station_map,
)
from website.fragment_cache import context_builder


@context_builder("services", "stations", "credentials", "addresses", "elements", "verified_at")
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
        "verified_at": ProviderVerification.objects.filter(translation_key=provider.translation_key)
        .values_list("verified_at", flat=True)
        .first(),
    }


@context_builder("provider", "elements", "stations", "solutions", "more_services", "policies")
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


@context_builder("steps", "elements", "providers")
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


@context_builder("services", "providers", "map")
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
