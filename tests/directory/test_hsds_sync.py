"""Sync through the HSDS API: ``import_directory`` reads every page of an HSDS API (ours, served by
a live server), and what it reads reproduces the directory in an empty site."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command

from directory.hsds.importer import import_directory
from directory.hsds.remote import read_api
from directory.models import ProviderPage, SolutionPage, StationPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LISTINGS = (
    "organizations?full=true&full_service=true",
    "services?full=true",
    "service_at_locations",
    "locations",
    "locations?locale=en",
    "services?full=true&locale=en",
)


def _without_times(data):
    if isinstance(data, dict):
        return {k: _without_times(v) for k, v in data.items() if k != "last_modified"}
    if isinstance(data, list):
        return [_without_times(item) for item in data]
    return data


def snapshot(client):
    return {path: _without_times(client.get(f"/api/hsds/{path}").json()) for path in LISTINGS}


def empty_directory():
    for model in (SolutionPage, StationPage, ProviderPage):
        for page in model.objects.all():
            page.refresh_from_db()
            page.delete()


def test_round_trip_through_the_api_into_an_empty_site(live_server, client, home, sample):
    import_directory(copy.deepcopy(sample))
    base = f"{live_server.url}/api/hsds"
    before = snapshot(client)
    assert before["services?full=true"]["total_items"] == 3
    document = read_api(base)
    assert len(document["service_at_locations"]) == 1 and document["phones"]

    empty_directory()
    assert client.get("/api/hsds/services").json()["total_items"] == 0
    import_directory(document)
    assert snapshot(client) == before

    out = StringIO()
    call_command("import_directory", base, stdout=out)
    assert "3 unchanged" in out.getvalue() and "created" in out.getvalue()
    out = StringIO()
    call_command("import_directory", base, "--modified-after=2999-01-01T00:00:00Z", stdout=out)
    assert "services" not in out.getvalue()


def test_an_unreachable_api_is_reported_and_nothing_changes(live_server, home):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="(?s)Nothing was imported.*answered 404"):
        call_command("import_directory", f"{live_server.url}/api/hsds/nowhere")
    assert not ProviderPage.objects.exists()
