"""Directory filters: each alone, combined, in the URL, with counts and sorting, over a catalogue
built once for the module (pagination: ``test_pagination.py``)."""

import re

import pytest

from directory.choices import Channel, FeeType, ProviderType
from directory.factories import add_provider, add_service
from directory.models import Element, ServicePage, StationPage
from tests.isolation import built_once, fresh_copies

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue_once(request, django_db_setup):
    with built_once(request, _build_catalogue) as made:
        yield made


@pytest.fixture
def catalogue(db, catalogue_once):
    """Four providers and seven services with known facets, built once for the module."""
    return fresh_copies(catalogue_once)


def _build_catalogue():
    from directory.factories import build_directory
    from website.choices import City

    made = build_directory(services=0, stations=0, solutions=0)
    index = made["provider_index"]
    zh = {e.code: e for e in Element.objects.filter(locale_id=index.locale_id)}
    lab = add_provider(index, 901, [zh["testing"]], city=City.FOSHAN)
    lab.provider_type = ProviderType.TESTING_LAB
    lab.service_regions = []
    lab.save()
    cert = add_provider(index, 902, [zh["certification"]], city=City.SHENZHEN)
    cert.provider_type = ProviderType.CERTIFICATION_BODY
    cert.service_regions = ["zhongshan"]
    cert.save()
    metro = add_provider(index, 903, [zh["metrology"]], city=City.GUANGZHOU)
    metro.provider_type = ProviderType.METROLOGY_INSTITUTE
    metro.service_regions = []
    metro.save()
    services = {
        "lab-online-free": add_service(lab, 1, [zh["testing"]], FeeType.FREE, [Channel.ONLINE], 3),
        "lab-station-paid": add_service(
            lab, 2, [zh["testing"], zh["standards"]], FeeType.CHARGED, [Channel.STATION], 10
        ),
        "cert-onsite-paid": add_service(
            cert, 3, [zh["certification"]], FeeType.CHARGED, [Channel.ONSITE], 30
        ),
        "cert-online-paid": add_service(
            cert,
            4,
            [zh["certification"], zh["quality-management"]],
            FeeType.CHARGED,
            [Channel.ONLINE, Channel.ONSITE],
            20,
        ),
        "metro-station-free": add_service(
            metro, 5, [zh["metrology"]], FeeType.FREE, [Channel.STATION, Channel.ONSITE], 5
        ),
        "metro-onsite-paid": add_service(
            metro, 6, [zh["metrology"]], FeeType.CHARGED, [Channel.ONSITE], None
        ),
        "metro-online-free": add_service(metro, 7, [zh["ip"]], FeeType.FREE, [Channel.ONLINE], 1),
    }
    ServicePage.objects.filter(pk=services["metro-onsite-paid"].pk).update(turnaround_days=None)
    # A station in Jiangmen offering one of the Guangzhou institute's services.
    station = StationPage(
        title="江门站", slug="jiangmen", summary="站", city="jiangmen", address="路 1 号", live=True
    )
    station.services = [services["metro-station-free"]]
    made["station_index"].add_child(instance=station)
    return services


def _titles(client, query=""):
    html = client.get("/services/" + query).content.decode()
    found = re.findall(r'<h3 class="result-title"><a href="[^"]+">([^<]+)</a>', html)
    return set(found), html


def _expect(catalogue, *keys):
    return {catalogue[key].title for key in keys}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?element=testing", ["lab-online-free", "lab-station-paid"]),
        ("?element=standards", ["lab-station-paid"]),
        (
            "?element=testing&element=ip",
            ["lab-online-free", "lab-station-paid", "metro-online-free"],
        ),
        ("?city=foshan", ["lab-online-free", "lab-station-paid"]),
        # Zhongshan is a service region of the certifier; Jiangmen has a station with one service.
        ("?city=zhongshan", ["cert-onsite-paid", "cert-online-paid"]),
        ("?city=jiangmen", ["metro-station-free"]),
        ("?channel=online", ["lab-online-free", "cert-online-paid", "metro-online-free"]),
        ("?channel=station", ["lab-station-paid", "metro-station-free"]),
        ("?fee=free", ["lab-online-free", "metro-station-free", "metro-online-free"]),
        ("?provider_type=certification_body", ["cert-onsite-paid", "cert-online-paid"]),
        (
            "?provider_type=testing_lab&provider_type=metrology_institute&fee=charged",
            ["lab-station-paid", "metro-onsite-paid"],
        ),
        ("?element=metrology&city=guangzhou&channel=onsite&fee=free", ["metro-station-free"]),
        (
            "?element=certification&channel=online&provider_type=certification_body",
            ["cert-online-paid"],
        ),
        ("?element=testing&city=shenzhen", []),
    ],
)
def test_filters_alone_and_combined(client, catalogue, query, expected):
    titles, html = _titles(client, query)
    assert titles == _expect(catalogue, *expected)
    count = len(expected)
    assert re.search(rf'<p class="result-count" role="status">[^<]*?(?<!\d){count}(?!\d)', html)


def test_filter_state_is_kept_in_the_form_and_chips(client, catalogue):
    _titles_, html = _titles(client, "?element=testing&city=foshan")
    assert re.search(r'<input[^>]+name="element" value="testing"[^>]*checked', html)
    assert re.search(r'<input[^>]+name="city" value="foshan"[^>]*checked', html)
    # A chip removes one filter and keeps the other.
    assert 'href="?city=foshan"' in html and 'href="?element=testing"' in html
    assert 'name="robots" content="noindex, follow"' in html


def test_unknown_values_are_ignored_not_errors(client, catalogue):
    titles, _html = _titles(client, "?element=cooking&city=atlantis&sort=random&page=abc")
    assert titles == _expect(catalogue, *catalogue)
    # NUL bytes, which PostgreSQL refuses in text, are bad input for the whole site: 400.
    for path in (
        "/services/?element=%00&city=%00&channel=%00&q=%00",
        "/providers/?city=%00&scheme=%00&q=%00",
        "/stations/?city=%00&q=%00",
    ):
        assert client.get(path).status_code == 400, path


@pytest.mark.parametrize(
    ("sort", "first", "last"),
    [
        ("turnaround", "metro-online-free", "metro-onsite-paid"),  # unknown turnaround last
        ("newest", "metro-online-free", "lab-online-free"),
    ],
)
def test_sorting(client, catalogue, sort, first, last):
    from wagtail.models import Page

    for position, service in enumerate(catalogue.values()):
        Page.objects.filter(pk=service.pk).update(
            first_published_at=f"2026-01-{position + 1:02d}T00:00:00Z"
        )
    html = client.get(f"/services/?sort={sort}").content.decode()
    titles = re.findall(r'<h3 class="result-title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles[0] == catalogue[first].title and titles[-1] == catalogue[last].title


def test_provider_filters(client, catalogue):
    html = client.get("/providers/?scheme=CNAS&city=foshan").content.decode()
    assert "测试机构00901" in html and "测试机构00902" not in html
    html = client.get("/providers/?element=quality-management").content.decode()
    # Offered through a live service, though not declared on the profile.
    assert "测试机构00902" in html and "测试机构00901" not in html
    html = client.get(
        "/providers/?provider_type=metrology_institute&city=zhongshan"
    ).content.decode()
    assert "测试机构00903" not in html
