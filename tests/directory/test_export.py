"""Export: HSDS shape, and export → import into an empty site → export gives the same file."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from directory.hsds.export import export_directory
from directory.hsds.importer import import_directory
from directory.models import (
    DirectoryIndexPage,
    Element,
    ProviderIndexPage,
    ProviderPage,
    ServicePage,
    SolutionPage,
    StationIndexPage,
    StationPage,
)

pytestmark = pytest.mark.django_db


def _wipe_directory():
    for model in (DirectoryIndexPage, ProviderIndexPage, StationIndexPage):
        for page in model.objects.all():
            page.delete()
    Element.objects.all().delete()


def _counts():
    return {
        model.__name__: model.objects.filter(live=True).count()
        for model in (ProviderPage, ServicePage, StationPage, SolutionPage)
    }


def test_export_shape(imported):
    document = export_directory()
    assert set(document) >= {
        "organizations",
        "services",
        "locations",
        "service_at_locations",
        "contacts",
        "phones",
    }
    organization = next(o for o in document["organizations"] if o["id"] == "org-a")
    assert organization["x_provider_type"] == "metrology_institute"
    assert organization["x_credentials"][1]["valid_until"] == "2020-12-31"
    assert organization["x_translations"]["en"]["name"] == "Institute A"
    service = next(s for s in document["services"] if s["id"] == "svc-a1")
    assert service["organization_id"] == "org-a"
    assert service["x_channels"] == ["station", "onsite"] and service["x_fee"] == "free"
    assert service["required_documents"][0]["document"] == "营业执照"
    station = next(loc for loc in document["locations"] if loc["id"] == "station-1")
    assert station["x_station"] is True
    assert station["addresses"][0]["city"] == "佛山市"
    addresses = [loc for loc in document["locations"] if loc.get("organization_id") == "org-a"]
    assert addresses[0]["x_station"] is False
    assert {"service_id": "svc-a2", "location_id": "station-1"}.items() <= document[
        "service_at_locations"
    ][0].items()
    assert any(p["number"] == "020-1234-5678" for p in document["phones"])


def test_round_trip_into_an_empty_site(imported, tmp_path):
    first = tmp_path / "first.json"
    call_command("export_directory", str(first), stdout=StringIO())
    counts = _counts()
    _wipe_directory()
    assert not ServicePage.objects.exists()
    call_command("import_directory", str(first), stdout=StringIO())
    assert _counts() == counts
    second = tmp_path / "second.json"
    call_command("export_directory", str(second), stdout=StringIO())
    assert json.loads(second.read_text()) == json.loads(first.read_text())


def test_exported_ids_of_editor_made_pages_are_stable(imported, locales):
    """Pages made in the admin have no external id: their translation key is their id, and
    importing the export back changes nothing."""
    ProviderPage.objects.filter(external_id="org-b").update(external_id="")
    document = export_directory()
    ids = [o["id"] for o in document["organizations"]]
    provider = ProviderPage.objects.get(title="乙认证公司")
    assert str(provider.translation_key) in ids
    assert not import_directory(document).changed
    assert export_directory() == document
