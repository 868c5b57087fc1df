"""Every HSDS endpoint costs a fixed number of queries: the same with 3 services as with 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.factories import build_directory

pytestmark = pytest.mark.django_db

API = "/api/hsds"
LISTINGS = [
    "services?per_page=50",
    "services?full=true&per_page=50",
    "services?minimal=true&search=检测&per_page=50",
    "organizations?per_page=50",
    "organizations?full=true&full_service=true&per_page=50",
    "service_at_locations?per_page=50",
    "taxonomies",
    "taxonomy_terms",
    "locations?per_page=50",
]
DETAILS = ["services", "organizations", "service_at_locations", "taxonomy_terms", "locations"]
# The fullest answer (organizations with their full services) nests five kinds of record.
MAX_QUERIES = 26


def _counts(client):
    counts = {}
    urls = [f"{API}/{path}" for path in LISTINGS]
    for plural in DETAILS:
        first = client.get(f"{API}/{plural}?per_page=1").json()["contents"][0]["id"]
        urls.append(f"{API}/{plural}/{first}")
    for url in urls:
        client.get(url)  # warm the per-process caches (locales, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_queries_do_not_grow_with_the_directory(client, home):
    build_directory(services=3, per_provider=2, stations=2, solutions=0)
    small = _counts(client)
    build_directory(services=30, per_provider=5, stations=6, solutions=0)
    large = _counts(client)
    assert max(small.values()) <= MAX_QUERIES, small
    # Detail URLs name different records at the two sizes: compare them by position.
    assert list(small.values()) == list(large.values())
