"""Open Referral's own HSDS 3.0 example records (vendored in data/hsds_examples, see its README)
import through ``import_directory`` in their nested shape, with our extensions derived or
defaulted (and each default a warning), and read back through our API valid under the official
schemas; the example location (latitude 100) is refused naming the field."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.hsds.importer import import_directory
from directory.models import ProviderPage, ServicePage
from tests.directory.hsds_schemas import errors
from website.importing import ImportRejected

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "data" / "hsds_examples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def example(name):
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def corrected(data):
    """The example with every ``"latitude": 100`` (out of range) set to 51.5, nothing else."""
    if isinstance(data, dict):
        return {
            key: 51.5 if key == "latitude" and value == 100 else corrected(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [corrected(item) for item in data]
    return data


FULL = ["organization_full", "service_full", "service_at_location_full", "location"]


@pytest.mark.parametrize("name", FULL)
def test_official_examples_as_they_are_are_refused_naming_latitude(home, name):
    """Every official example carries a location with latitude 100: refused, naming it."""
    with pytest.raises(ImportRejected) as rejected:
        import_directory(example(name))
    problems = [(e.record, e.field) for e in rejected.value.errors]
    assert any(
        record.startswith("locations[") and field == "latitude" for record, field in problems
    )
    if name == "location":
        return  # alone it also lacks its organization_id and the contacts its phones name
    # The only other problem: a service_at_location pointing at that refused location.
    assert {field for _record, field in problems} <= {"latitude", "location_id"}
    assert not ServicePage.objects.exists() and not ProviderPage.objects.exists()
    assert 'field "latitude": 100 is out of range' in str(rejected.value)


@pytest.mark.parametrize("name", ["organization_full", "service_full", "service_at_location_full"])
def test_official_example_imports_and_reads_back_valid(home, client, name):
    report = import_directory(corrected(example(name)))
    service = ServicePage.objects.get(external_id=SERVICE_ID)
    assert service.get_provider().external_id == ORGANIZATION_ID
    # Derived: on-site (service_at_locations) and online (url); charged (cost_options 35).
    assert sorted(service.channels) == ["online", "onsite"]
    assert service.fee_type == "charged"
    assert service.online_url == "http://example.com/counselling"
    # The example's taxonomy term ("code"/"name") matches no element: default and warnings.
    assert [e.code for e in service.elements.all()] == ["standards"]
    assert any("attributes" in w and '"code"' in w for w in report.warnings)
    assert any("x_elements" in w and "default" in w for w in report.warnings)
    data = client.get(f"/api/hsds/services/{SERVICE_ID}").json()
    assert data["id"] == SERVICE_ID and data["name"] == service.title
    assert errors("/services/{id}", data) == []
    organization = client.get(f"/api/hsds/organizations/{ORGANIZATION_ID}").json()
    assert errors("/organizations/{id}", organization) == []


def test_nested_records_are_deduplicated_by_id(home):
    """The organization nests the service, and the service the organization and its location."""
    report = import_directory(corrected([example("organization_full"), example("service_full")]))
    assert report.counts[("service", "created")] == 1
    assert report.counts[("provider", "created")] == 1
    assert ServicePage.objects.filter(external_id=SERVICE_ID).count() == 1
    assert ProviderPage.objects.filter(external_id=ORGANIZATION_ID).count() == 1


def test_taxonomy_map_and_element_codes_give_elements(home, tmp_path):
    service = corrected(example("service_full"))
    service["attributes"][0]["taxonomy_term"]["code"] = "partner-42"
    service["attributes"].append({"id": "a2", "taxonomy_term": {"id": "t2", "code": "testing"}})
    path = tmp_path / "service.json"
    path.write_text(json.dumps(service), encoding="utf-8")
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"partner-42": "metrology"}), encoding="utf-8")
    out = StringIO()
    call_command("import_directory", str(path), "--taxonomy-map", str(mapping), stdout=out)
    page = ServicePage.objects.get(external_id=SERVICE_ID)
    assert sorted(e.code for e in page.elements.all()) == ["metrology", "testing"]
    assert "attributes" not in out.getvalue() and "x_elements" not in out.getvalue()


def test_defaults_are_warnings_not_refusals(home):
    service = corrected(example("service_full"))
    for key in ("url", "service_at_locations", "cost_options", "fees_description", "attributes"):
        service.pop(key)
    report = import_directory(service)
    page = ServicePage.objects.get(external_id=SERVICE_ID)
    assert page.channels == ["onsite"] and page.fee_type == "free"
    assert {w.split(": ")[0].rsplit(" ", 1)[1] for w in report.warnings} == {
        "x_elements",
        "x_channels",
        "x_fee",
    }


def test_command_prints_warnings(home, tmp_path):
    path = tmp_path / "service.json"
    path.write_text(json.dumps(corrected(example("service_full"))), encoding="utf-8")
    out = StringIO()
    call_command("import_directory", str(path), stdout=out)
    assert "Warning: services[0]" in out.getvalue() and "services: 1 created" in out.getvalue()


def test_command_refuses_the_official_location(home):
    with pytest.raises(CommandError, match="latitude"):
        call_command("import_directory", str(EXAMPLES / "location.json"), stdout=StringIO())
