"""Conformance of the HSDS API with the served OpenAPI document (the official HSDS 3.0 one with
our server and additions), checked by schemathesis with every check it has, positive and negative
data; and every answer validated against the official HSDS JSON schemas."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings

from directory.api.objects import TAXONOMY_ID
from tests.directory.hsds_schemas import errors

pytestmark = pytest.mark.django_db

RESULTS = {"cases": 0, "operations": set()}


@pytest.fixture(scope="module", autouse=True)
def tally():
    """With ``-s``: how many operations and cases schemathesis ran."""
    yield
    print(f"\nschemathesis: {len(RESULTS['operations'])} operations, {RESULTS['cases']} cases")


@pytest.fixture
def hsds_schema(imported_once, settings):
    """The served document, loaded and exercised through the WSGI application in this thread,
    so requests see the test's transaction (kept open as Django's test client keeps it). A server
    error raises with its own traceback instead of becoming an anonymous 500."""
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("hsds_schema")


@schema.parametrize()
@hypothesis_settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms(case):
    # Each case in a savepoint, so one case's database error cannot hide behind the next.
    savepoint = transaction.savepoint()
    try:
        response = case.call_and_validate()
    finally:
        transaction.savepoint_rollback(savepoint)
    RESULTS["cases"] += 1
    RESULTS["operations"].add(case.operation.label)
    if response.status_code == 200:
        assert errors(case.operation.path, response.json()) == []


def test_known_records_validate_against_the_official_schemas(client, imported_once):
    paths = {
        "/services": "/services/svc-a2",
        "/organizations": "/organizations/org-a",
        "/service_at_locations": None,
        "/taxonomies": f"/taxonomies/{TAXONOMY_ID}",
        "/taxonomy_terms": None,
        "/locations": "/locations/station-1",
    }
    for listing, detail in paths.items():
        for query in ("", "?full=true", "?locale=en"):
            if listing in ("/taxonomies", "/taxonomy_terms", "/locations") and "full" in query:
                continue
            data = client.get(f"/api/hsds{listing}{query}").json()
            assert data["contents"] and errors(listing, data) == [], (listing, query)
        for query in ("", "?locale=en"):
            first = client.get(f"/api/hsds{listing}").json()["contents"][0]["id"]
            answer = client.get(f"/api/hsds{detail or f'{listing}/{first}'}{query}")
            assert answer.status_code == 200
            assert errors(f"{listing}/{{id}}", answer.json()) == [], (listing, query)
