"""The read-only HSDS API: pagination, detail objects, bad parameters."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(imported_once, sample):
    """The sample as imported: once for this module, whose tests only read it."""
    return sample


def test_root_lists_endpoints(client, imported):
    data = client.get("/api/hsds/").json()
    assert data["version"] == "3.0"
    assert data["endpoints"]["services"].endswith("/api/hsds/services/")


def test_services_are_paginated(client, imported):
    first = client.get("/api/hsds/services/?per_page=2").json()
    assert first["total_items"] == 3 and first["total_pages"] == 2
    assert first["page_number"] == 1 and first["first_page"] and not first["last_page"]
    assert first["size"] == 2 and len(first["contents"]) == 2
    second = client.get("/api/hsds/services/?per_page=2&page=2").json()
    assert second["last_page"] and second["size"] == 1
    ids = {item["id"] for item in first["contents"] + second["contents"]}
    assert ids == {"svc-a1", "svc-a2", "svc-b1"}
    beyond = client.get("/api/hsds/services/?per_page=2&page=5").json()
    assert beyond["empty"] and beyond["contents"] == []


def test_services_filtered_by_organization(client, imported):
    data = client.get("/api/hsds/services/?organization_id=org-b").json()
    assert [item["id"] for item in data["contents"]] == ["svc-b1"]
    assert client.get("/api/hsds/services/?organization_id=nope").json()["total_items"] == 0


def test_organizations_and_detail(client, imported):
    data = client.get("/api/hsds/organizations/").json()
    assert {item["id"] for item in data["contents"]} == {"org-a", "org-b"}
    detail = client.get("/api/hsds/organizations/org-a/").json()
    assert detail["name"] == "甲计量检测院" and len(detail["x_credentials"]) == 2
    assert client.get("/api/hsds/services/svc-a1/").json()["x_fee"] == "free"
    assert client.get("/api/hsds/organizations/missing/").status_code == 404


def test_locations_page_through_stations_then_addresses(client, imported):
    whole = client.get("/api/hsds/locations/").json()
    assert whole["total_items"] == 3
    assert whole["contents"][0]["id"] == "station-1"
    pages = [
        client.get(f"/api/hsds/locations/?per_page=1&page={number}").json()["contents"][0]
        for number in (1, 2, 3)
    ]
    assert [item["id"] for item in pages] == [item["id"] for item in whole["contents"]]
    address_id = whole["contents"][1]["id"]
    assert client.get(f"/api/hsds/locations/{address_id}/").json()["organization_id"]
    assert client.get("/api/hsds/locations/station-1/").json()["x_station"] is True


@pytest.mark.parametrize(
    "query", ["?page=0", "?page=abc", "?per_page=0", "?per_page=1000", "?per_page=-1"]
)
def test_bad_parameters_get_a_400_with_a_message(client, home, query):
    response = client.get("/api/hsds/services/" + query)
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_is_read_only(client, home):
    assert client.post("/api/hsds/services/", {}).status_code == 405


def test_api_query_count_does_not_grow_with_page_size(client, home, django_assert_max_num_queries):
    from directory.factories import build_directory

    build_directory(services=60, stations=4, solutions=0)
    for endpoint in ("organizations", "services", "locations"):
        client.get(f"/api/hsds/{endpoint}/?per_page=5")
        with django_assert_max_num_queries(15):
            small = client.get(f"/api/hsds/{endpoint}/?per_page=5")
        with django_assert_max_num_queries(15):
            large = client.get(f"/api/hsds/{endpoint}/?per_page=50")
        assert small.json()["size"] == 5 and large.json()["size"] > 5
