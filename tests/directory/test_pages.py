"""Every directory page type in both languages: content, request links, credentials, JSON-LD and
OpenGraph, element landing routes, related policies, home sections."""

import datetime
import re

import pytest

from directory.models import (
    DirectoryIndexPage,
    ProviderPage,
    ServicePage,
    SolutionPage,
    StationPage,
)

from .conftest import json_ld

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(imported_once, sample):
    """The sample as imported: once for this module, whose tests only read it."""
    return sample


def _page(model, external_id, locale):
    return model.objects.get(external_id=external_id, locale=locale)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert html.count("<h1") == 1, url
    return html


def test_service_page(client, imported, locales):
    service = _page(ServicePage, "svc-a1", locales["zh-hans"])
    html = _get(client, service.url)
    assert "电子秤检定" in html and "甲计量检测院" in html
    assert '<li><p class="step-title">送检</p></li>' in html
    assert "营业执照" in html
    # The request button preselects the service and its provider.
    assert f'href="/request/?service={service.pk}&amp;provider={service.provider_id}"' in html
    data = json_ld(html)[0]
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["name"] == "甲计量检测院"
    assert data["offers"]["price"] == 0
    assert 'property="og:title" content="电子秤检定"' in html


def test_service_page_in_english_links_the_english_request_form(client, imported, locales):
    service = _page(ServicePage, "svc-a1", locales["en"])
    html = _get(client, service.url)
    assert service.url.startswith("/en/")
    assert "Scale verification" in html and "Institute A" in html
    assert f'href="/en/request/?service={service.pk}&amp;provider={service.provider_id}"' in html
    assert json_ld(html)[0]["inLanguage"] == "en"


def test_request_link_follows_the_request_page(client, imported, locales, request_page):
    """The request form is another app's page, found by its content type wherever it is."""
    page = request_page.zh
    page.slug = "ask"
    page.save_revision().publish()
    service = _page(ServicePage, "svc-a1", locales["zh-hans"])
    html = _get(client, service.url)
    assert f'href="/ask/?service={service.pk}' in html


def test_provider_page_shows_expired_credentials_as_expired(client, imported, locales):
    provider = _page(ProviderPage, "org-a", locales["zh-hans"])
    html = _get(client, provider.url)
    assert "CNAS L1234" in html and "CMA 201919000001" in html
    assert 'class="credential status-expired"' in html
    assert 'class="credential status-valid"' in html
    assert "电子秤检定" in html and "家电安全检测" in html  # its services
    assert "顺德服务站" in html  # the station offering one of its services
    assert "914401000000000017" in html
    assert f'href="/request/?provider={provider.pk}"' in html
    data = json_ld(html)[0]
    assert data["@type"] == "Organization" and data["taxID"] == "914401000000000017"
    expired = [c for c in data["hasCredential"] if c["name"] == "CMA 201919000001"]
    assert expired[0]["expires"] == "2020-12-31"
    assert data["address"][0]["addressLocality"]


def test_station_page_lists_services_providers_and_map(client, imported, locales):
    station = _page(StationPage, "station-1", locales["zh-hans"])
    html = _get(client, station.url)
    assert "家电安全检测" in html and "甲计量检测院" in html
    assert "<svg" in html and 'class="map-marker"' in html
    assert "tile" not in html or "openstreetmap" not in html  # no external tile server
    data = json_ld(html)[0]
    assert data["@type"] == "GovernmentOffice"
    assert data["geo"]["latitude"] == pytest.approx(22.92)
    assert data["containedInPlace"]["name"] == "北滘家电产业集群"


def test_station_index_groups_by_city_with_offline_map(client, imported):
    html = _get(client, "/stations/")
    assert 'id="city-foshan"' in html and "顺德服务站" in html
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace('xmlns="http', "")
    assert json_ld(html)[0]["@type"] == "CollectionPage"
    assert "顺德服务站" not in _get(client, "/stations/?city=guangzhou")


def test_solution_page(client, imported, locales):
    solution = _page(SolutionPage, "sol-1", locales["zh-hans"])
    html = _get(client, solution.url)
    assert html.index("家电安全检测") < html.index("ISO 9001 认证")
    assert "先检测。" in html and "乙认证公司" in html
    assert f'href="/request/?solution={solution.pk}"' in html
    data = json_ld(html)[0]
    assert data["@type"] == "HowTo"
    assert [step["position"] for step in data["step"]] == [1, 2]
    en_html = _get(client, solution.get_translation(locales["en"]).url)
    assert "Test first." in en_html and "Appliance safety testing" in en_html


def test_element_landing_page(client, imported):
    html = _get(client, "/services/element/testing/")
    assert "<h1>检验检测</h1>" in html
    assert "家电安全检测" in html and "电子秤检定" not in html
    assert "甲计量检测院" in html  # provider offering a testing service
    assert "新产品上市" in html  # solution with a testing step
    assert 'rel="canonical" href="http://testserver/services/element/testing/"' in html
    assert 'property="og:title" content="检验检测"' in html
    data = json_ld(html)[0]
    assert data["about"]["termCode"] == "testing"
    assert data["mainEntity"]["numberOfItems"] == 1
    en = _get(client, "/en/services/element/testing/")
    assert "Inspection &amp; testing" in en and "Appliance safety testing" in en


def test_unknown_element_is_404(client, imported):
    assert client.get("/services/element/cooking/").status_code == 404


def test_related_policies_on_element_and_service_pages(client, imported, locales):
    """Policies live in another app; the newest five live ones in the page's language show."""
    from directory.models import Element
    from policies.factories import create_authority, create_policy
    from policies.services import ensure_policy_index

    index = ensure_policy_index()
    authority = create_authority("国家市场监督管理总局")
    metrology = Element.objects.get(code="metrology", locale=locales["zh-hans"])
    service = _page(ServicePage, "svc-a1", locales["zh-hans"])
    for number in range(7):
        create_policy(
            index,
            authority=authority,
            title=f"计量政策{number}",
            elements=[metrology],
            issue_date=datetime.date(2020 + number, 1, 1),
        )
    policy = create_policy(index, authority=authority, title="电子秤管理办法")
    policy.related_services = [service]
    policy.save_revision().publish()
    create_policy(
        index, authority=authority, title="未发布的政策", elements=[metrology], live=False
    )

    html = _get(client, "/services/element/metrology/")
    listed = re.findall(r"计量政策\d", html.split('id="element-policies"')[1])
    assert sorted(listed) == [f"计量政策{number}" for number in range(2, 7)]
    assert "未发布的政策" not in html
    assert "电子秤管理办法" in _get(client, service.url)


def test_related_policies_are_empty_without_the_policy_model(imported, monkeypatch):
    """The lookup is guarded: before the policy app has its model, there are none."""
    from directory.services import queries

    def missing(app_label, model_name):
        raise LookupError(model_name)

    monkeypatch.setattr(queries.apps, "get_model", missing)
    assert queries.related_policies(elements=None) == []


def test_directory_index_json_ld_lists_the_page_of_results(client, imported):
    html = _get(client, "/services/")
    data = json_ld(html)[0]
    assert data["@type"] == "CollectionPage"
    assert data["mainEntity"]["numberOfItems"] == 3
    assert {item["name"] for item in data["mainEntity"]["itemListElement"]} == {
        "电子秤检定",
        "家电安全检测",
        "ISO 9001 认证",
    }


def test_provider_index(client, imported):
    html = _get(client, "/providers/")
    assert "甲计量检测院" in html and "乙认证公司" in html
    assert json_ld(html)[0]["mainEntity"]["numberOfItems"] == 2


def test_home_page_shows_elements_and_featured_content(client, imported, seeded):
    html = _get(client, "/")
    assert 'id="home-elements"' in html and "/services/element/metrology/" in html
    assert 'id="home-services"' in html and 'id="home-solutions"' in html
    en = _get(client, "/en/")
    assert "/en/services/element/metrology/" in en


def test_index_pages_exist_in_both_languages_with_menu_entries(client, imported):
    for path in ("/services/", "/providers/", "/stations/"):
        _get(client, path)
        _get(client, "/en" + path)
    assert DirectoryIndexPage.objects.count() == 2
    html = _get(client, "/en/")
    assert 'href="/en/services/"' in html and 'href="/en/stations/"' in html
