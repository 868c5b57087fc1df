"""The HSDS 3.0 API: the official paths (no redirect), paging, the elements taxonomy, attributes,
service_at_locations, filters, languages, errors, CORS, conditional GET, the rate limit."""

import pytest

from directory.api.objects import TAXONOMY_ID, term_id
from directory.hsds.records import find_page
from directory.models import ProviderPage, ServicePage, StationPage

pytestmark = pytest.mark.django_db

API = "/api/hsds"


@pytest.fixture
def imported(imported_once, sample):
    """The sample as imported: once for this module, whose tests only read it."""
    return sample


def uid(external_id):
    """The UUID the API publishes a record imported with a non-UUID id under."""
    for model in (ServicePage, ProviderPage, StationPage):
        if page := find_page(model, external_id):
            return str(page.translation_key)
    raise LookupError(external_id)


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["contents"]]


def test_root_links_the_served_openapi_document(client, imported):
    response = client.get(f"{API}/")
    data = response.json()
    assert data["version"] == "3.0" and data["profile"].startswith("https://")
    assert data["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    document = client.get(data["openapi_url"]).json()
    assert document["servers"] == [
        {"url": "http://testserver/api/hsds", "description": "This site's HSDS API."}
    ]
    assert "/services/{id}" in document["paths"] and "service" in document["components"]["schemas"]


@pytest.mark.parametrize(
    "path", ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms"]
)
def test_spec_paths_answer_without_redirect_and_with_the_old_slash(client, imported, path):
    plain = client.get(f"{API}/{path}")
    slashed = client.get(f"{API}/{path}/")
    assert plain.status_code == slashed.status_code == 200
    assert plain.content == slashed.content
    first = plain.json()["contents"][0]["id"]
    assert client.get(f"{API}/{path}/{first}").json()["id"] == first


def test_services_are_paginated(client, imported):
    first = client.get(f"{API}/services?per_page=2").json()
    assert first["total_items"] == 3 and first["total_pages"] == 2
    assert first["page_number"] == 1 and first["first_page"] and not first["last_page"]
    assert first["size"] == 2 and len(first["contents"]) == 2
    second = client.get(f"{API}/services?per_page=2&page=2").json()
    assert second["last_page"] and second["size"] == 1
    both = {item["id"] for item in first["contents"] + second["contents"]}
    assert both == {uid("svc-a1"), uid("svc-a2"), uid("svc-b1")}
    beyond = client.get(f"{API}/services?per_page=2&page=5").json()
    assert beyond["empty"] and beyond["contents"] == []


def test_elements_are_a_taxonomy_and_services_point_at_their_terms(client, imported):
    taxonomy = client.get(f"{API}/taxonomies/{TAXONOMY_ID}").json()
    assert taxonomy["name"] == "质量基础设施要素"
    assert taxonomy["x_translations"]["en"]["name"] == "Quality infrastructure elements"
    terms = client.get(f"{API}/taxonomy_terms").json()["contents"]
    assert len(terms) == 7 and terms[0]["id"] == term_id("metrology")
    assert terms[0]["name"] == "计量" and terms[0]["x_translations"]["en"]["name"] == "Metrology"
    service = client.get(f"{API}/services/svc-a1").json()
    attribute = service["attributes"][0]
    assert attribute["taxonomy_term_id"] == term_id("metrology") == attribute["taxonomy_term"]["id"]
    assert attribute["link_id"] == uid("svc-a1") and attribute["link_entity"] == "service"
    testing = term_id("testing")
    assert ids(client.get(f"{API}/services?taxonomy_term_id={testing}")) == [uid("svc-a2")]
    assert ids(client.get(f"{API}/services?taxonomy_term_id=nope")) == []
    assert len(ids(client.get(f"{API}/services?taxonomy_id={TAXONOMY_ID}"))) == 3
    assert ids(client.get(f"{API}/services?taxonomy_id=other")) == []
    assert ids(client.get(f"{API}/taxonomy_terms?search=metrology")) == [term_id("metrology")]


def test_filters_combine(client, imported):
    assert ids(client.get(f"{API}/services?organization_id=org-b")) == [uid("svc-b1")]
    assert ids(client.get(f"{API}/services?organization_id=nope")) == []
    assert ids(client.get(f"{API}/services?search=电子秤")) == [uid("svc-a1")]
    assert ids(client.get(f"{API}/services?search=电子秤&organization_id=org-b")) == []
    assert len(ids(client.get(f"{API}/services?search=%20%20"))) == 3  # blank: no filter
    assert len(ids(client.get(f"{API}/services?modified_after=2000-01-01T00:00:00Z"))) == 3
    assert ids(client.get(f"{API}/services?modified_after=2999-01-01T00:00:00%2B08:00")) == []
    minimal = client.get(f"{API}/services?minimal=true").json()["contents"][0]
    assert set(minimal) == {"id", "name", "status", "last_modified"}


def test_full_services_and_organizations_nest_their_records(client, imported):
    service = client.get(f"{API}/services/svc-a2").json()
    assert service["organization"]["id"] == uid("org-a")
    link = service["service_at_locations"][0]
    assert link["location_id"] == uid("station-1") and link["location"]["x_station"] is True
    organization = client.get(f"{API}/organizations/org-a").json()
    assert len(organization["x_credentials"]) == 2
    assert {s["id"] for s in organization["services"]} == {uid("svc-a1"), uid("svc-a2")}
    assert organization["locations"][0]["organization_id"] == uid("org-a")
    assert organization["phones"][0]["number"] == "020-1234-5678"
    listed = client.get(f"{API}/organizations?full=true").json()["contents"]
    assert {len(item["services"]) for item in listed} == {1, 2}


def test_stations_are_locations_linked_through_service_at_locations(client, imported):
    links = client.get(f"{API}/service_at_locations").json()["contents"]
    pairs = [(x["service_id"], x["location_id"]) for x in links]
    assert pairs == [(uid("svc-a2"), uid("station-1"))]
    assert links[0]["location"]["name"] == "顺德服务站"
    detail = client.get(f"{API}/service_at_locations/{links[0]['id']}").json()
    assert detail["service"]["id"] == uid("svc-a2")
    assert ids(client.get(f"{API}/service_at_locations?organization_id=org-b")) == []
    assert client.get(f"{API}/locations/station-1").json()["x_station"] is True


def test_english_with_locale_en(client, imported):
    station = client.get(f"{API}/locations/station-1?locale=en").json()
    assert station["name"] == "Shunde station" and "x_translations" not in station
    term = client.get(f"{API}/taxonomy_terms/{term_id('metrology')}?locale=en").json()
    assert term["name"] == "Metrology" and term["language"] == "en"


@pytest.mark.parametrize(
    "query",
    [
        "?page=0",
        "?page=abc",
        "?per_page=0",
        "?per_page=1000",
        "?per_page=-1",
        "?full=maybe",
        "?modified_after=yesterday",
        "?modified_after=2024-01-01",
        "?page=%201",
        "?locale=fr",
        "?format=xml",
    ],
)
def test_bad_parameters_get_a_400_in_the_error_shape(client, imported, query):
    response = client.get(f"{API}/services" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["error"] and body["parameter"]


@pytest.mark.parametrize("path", ["services/missing", "organizations/" + "x" * 300, "unknown/path"])
def test_unknown_records_get_a_json_404(client, imported, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 404 and response.json()["status"] == 404


@pytest.mark.parametrize(
    "path", ["services?search=%00", "services?organization_id=a%00b", "services/a%00b"]
)
def test_nul_bytes_get_a_json_400_before_any_view(client, imported, path):
    """The site-wide bad-input rule (website.middleware) answers API clients in the error shape."""
    response = client.get(f"{API}/{path}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400 and body["error"]


def test_read_only_with_cors(client, imported):
    response = client.post(f"{API}/services", {})
    assert response.status_code == 405 and "GET" in response["Allow"]
    response = client.get(f"{API}/services")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(f"{API}/services")
    assert (
        preflight.status_code == 204
        and "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    )


def test_conditional_get(client, imported):
    response = client.get(f"{API}/services")
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(f"{API}/services", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    since = client.get(f"{API}/services", headers={"if-modified-since": response["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(f"{API}/services?per_page=1", headers={"if-none-match": response["ETag"]})
    assert other.status_code == 200


def test_rate_limit_answers_429(client, imported, settings):
    settings.HSDS_API_RATE_LIMIT = 2
    assert [client.get(f"{API}/taxonomies").status_code for _ in range(3)] == [200, 200, 429]
    response = client.get(f"{API}/taxonomies")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert response.json()["status"] == 429
