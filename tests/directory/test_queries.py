"""Every directory page renders with a bounded number of queries that does not grow with the
content: measured at 20 services, then again at 500, page by page."""

import pytest

from bench.seed import seed_services
from directory.factories import build_directory

pytestmark = pytest.mark.django_db

# Shared by every page: site, locale, route, menu, language links and settings take about ten.
# Element landing pages also list the element's policies (three more).
MAX_QUERIES = 30


def _urls(made):
    provider = made["providers"][0]
    service = made["services"][0]
    station = made["stations"][0]
    solution = made["solutions"][0]
    combined = (
        "?element=testing&element=metrology&city=guangzhou&city=foshan&channel=station"
        "&fee=charged&provider_type=testing_lab&provider_type=metrology_institute&sort=turnaround"
    )
    return [
        "/",
        "/services/",
        "/services/?page=2",
        "/services/" + combined,
        "/services/?element=testing",
        "/services/?city=shenzhen&sort=newest",
        "/services/?channel=online&fee=free&sort=title",
        "/services/element/testing/",
        "/services/element/metrology/?page=2",
        "/providers/",
        "/providers/?scheme=CNAS&element=testing&city=guangzhou&provider_type=testing_lab",
        provider.url,
        service.url,
        "/stations/",
        "/stations/?city=guangzhou",
        station.url,
        solution.url,
    ]


def _measure(client, urls, django_assert_max_num_queries):
    counts = {}
    for url in urls:
        client.get(url)  # warm per-process caches (content types, site root paths)
        with django_assert_max_num_queries(MAX_QUERIES, info=url) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(captured)
    return counts


def test_query_counts_are_bounded_and_flat(client, home, django_assert_max_num_queries):
    small = build_directory(services=20, stations=3, solutions=2)
    urls = _urls(small)
    at_20 = _measure(client, urls, django_assert_max_num_queries)

    # The larger directory goes in with bulk inserts (the page API would take most of this
    # test's time, several times over on PostgreSQL); what is queried is the same rows.
    build_directory(services=0, stations=20, solutions=5)
    seed_services(450, per_provider=10)
    # The measured provider and station also grow: more services under and at them.
    provider, station = small["providers"][0], small["stations"][0]
    extra = seed_services(30, providers=[provider])
    station.services = list(station.services.all()) + extra
    station.save()
    at_500 = _measure(client, urls, django_assert_max_num_queries)

    assert at_500 == at_20
