"""Fast builders of directory content for tests and benchmarks.

Pages are added live straight into the tree, without revisions or the import's comparisons, so
hundreds or thousands of services can be seeded in seconds. The demo content goes through the real
import instead (``directory.demo``).
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from directory.choices import Channel, FeeType, ProviderType, Scheme
from directory.models import (
    DirectoryIndexPage,
    Element,
    ProviderAddress,
    ProviderCredential,
    ProviderIndexPage,
    ProviderPage,
    ServicePage,
    SolutionPage,
    SolutionStep,
    StationIndexPage,
    StationPage,
)
from website.choices import City
from website.uscc import make_uscc

CITIES = list(City)
PROVIDER_TYPES = list(ProviderType)
CHANNEL_SETS = [
    [Channel.ONLINE],
    [Channel.STATION],
    [Channel.ONSITE],
    [Channel.ONLINE, Channel.STATION],
    [Channel.STATION, Channel.ONSITE],
]


def _live(page):
    now = timezone.now()
    page.live = True
    page.first_published_at = page.first_published_at or now
    page.last_published_at = now
    return page


def add_provider(index, number, elements, city=None):
    today = timezone.localdate()
    provider = _live(
        ProviderPage(
            title=f"测试机构{number:05d}",
            slug=f"provider-{number:05d}",
            summary=f"第 {number} 号测试机构，提供检验检测服务。",
            provider_type=PROVIDER_TYPES[number % len(PROVIDER_TYPES)],
            uscc=make_uscc(number, prefix="91440100"),
            phone="020-8000-0000",
            email=f"p{number}@example.com",
            service_regions=[CITIES[(number + 1) % len(CITIES)].value],
        )
    )
    provider.elements = elements
    provider.addresses = [
        ProviderAddress(
            city=(city or CITIES[number % len(CITIES)]).value,
            street=f"示范路 {number} 号",
            latitude=Decimal("23.100000"),
            longitude=Decimal("113.300000"),
            sort_order=0,
            locale_id=index.locale_id,
        )
    ]
    provider.credentials = [
        ProviderCredential(
            scheme=Scheme.CNAS,
            number=f"L{1000 + number}",
            scope="检测",
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today + datetime.timedelta(days=800),
            sort_order=0,
            locale_id=index.locale_id,
        ),
        ProviderCredential(
            scheme=Scheme.CMA,
            number=f"2019191{number:05d}",
            scope="检验检测",
            valid_from=today - datetime.timedelta(days=2000),
            valid_until=today - datetime.timedelta(days=30),
            sort_order=1,
            locale_id=index.locale_id,
        ),
    ]
    index.add_child(instance=provider)
    return provider


def add_service(provider, number, elements, fee=None, channels=None, turnaround=None):
    service = _live(
        ServicePage(
            title=f"测试服务{number:05d}",
            slug=f"service-{number:05d}",
            summary=f"第 {number} 号服务。",
            what_you_get="检测报告。",
            eligibility="所有企业。",
            process="提交申请\n送样\n出具报告",
            fee_type=fee or (FeeType.FREE if number % 3 == 0 else FeeType.CHARGED),
            fee_description="按项目收费。",
            turnaround_days=turnaround if turnaround is not None else 1 + number % 20,
            channels=channels or CHANNEL_SETS[number % len(CHANNEL_SETS)],
            materials="营业执照\n样品",
            featured=number % 10 == 0,
        )
    )
    service.elements = elements
    provider.add_child(instance=service)
    return service


def build_directory(services=20, per_provider=10, stations=3, solutions=2, locale=None):
    """Seed ``services`` services spread over providers, plus stations and solutions, under the
    index pages of ``locale`` (the default language unless given). Returns a dict of what was
    made."""
    from directory.services import ensure_index_pages
    from directory.standard_elements import ensure_elements

    ensure_elements()
    pairs = ensure_index_pages()
    use_english = locale is not None and locale.language_code == "en"
    side = "en" if use_english else "zh"
    directory = getattr(pairs[DirectoryIndexPage], side)
    provider_index = getattr(pairs[ProviderIndexPage], side)
    station_index = getattr(pairs[StationIndexPage], side)
    elements = list(Element.objects.filter(locale_id=directory.locale_id).order_by("sort_order"))
    made_providers, made_services = [], []
    provider_count = max(1, -(-services // per_provider))
    start = ProviderPage.objects.count()
    for offset in range(provider_count):
        number = start + offset
        provider = add_provider(provider_index, number, elements[number % 3 : number % 3 + 2])
        made_providers.append(provider)
    service_start = ServicePage.objects.count()
    cycle = itertools.cycle(made_providers)
    for offset in range(services):
        number = service_start + offset
        chosen = [elements[number % len(elements)], elements[(number + 3) % len(elements)]]
        made_services.append(add_service(next(cycle), number, chosen))
    made_stations = []
    for number in range(stations):
        station = _live(
            StationPage(
                title=f"测试站点{StationPage.objects.count() + 1}",
                slug=f"station-{StationPage.objects.count() + 1}",
                summary="园区服务站。",
                city=CITIES[number % len(CITIES)].value,
                address="园区大道 1 号",
                park="测试产业园",
                opening_hours="工作日 9:00–17:00",
                phone="020-1234-5678",
                latitude=Decimal("23.000000") + Decimal(number % 10) / 10,
                longitude=Decimal("113.000000") + Decimal(number % 10) / 10,
            )
        )
        station.services = made_services[number::stations][:10]
        station_index.add_child(instance=station)
        made_stations.append(station)
    made_solutions = []
    for number in range(solutions):
        solution = _live(
            SolutionPage(
                title=f"测试方案{SolutionPage.objects.count() + 1}",
                slug=f"solution-{SolutionPage.objects.count() + 1}",
                summary="一站式方案。",
                need="需要多个服务的企业。",
                featured=True,
            )
        )
        solution.steps = [
            SolutionStep(
                service=service,
                explanation=f"第 {position + 1} 步。",
                sort_order=position,
                locale_id=directory.locale_id,
            )
            for position, service in enumerate(made_services[number : number + 3])
        ]
        directory.add_child(instance=solution)
        made_solutions.append(solution)
    return {
        "directory": directory,
        "provider_index": provider_index,
        "station_index": station_index,
        "providers": made_providers,
        "services": made_services,
        "stations": made_stations,
        "solutions": made_solutions,
        "elements": elements,
    }
