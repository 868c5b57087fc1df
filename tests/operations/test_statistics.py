"""Planner statistics: the daily job gives SQLite the statistics it never gathers by itself."""

import pytest
from django.db import connection

from operations.jobs import job_named
from operations.statistics import refresh_statistics
from service_requests.factories import create_request

pytestmark = pytest.mark.django_db


def test_the_job_is_declared():
    assert job_named("refresh_statistics").function is refresh_statistics


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyzes")
def test_sqlite_gets_statistics_of_the_request_table():
    for number in range(3):
        create_request(number)
    assert refresh_statistics() == "analyzed"
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1 WHERE tbl = 'service_requests_servicerequest'")
        assert cursor.fetchone()
