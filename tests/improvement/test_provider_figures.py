"""Per-provider referral figures with known data around the 2026 National Day holiday
(1–7 October off, Saturday 10 October an adjusted working day)."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement.figures import filtered_statistics
from improvement.periods import custom
from improvement.provider_figures import provider_figures
from service_requests.models import ProviderEngagement

from .conftest import at, make_request

pytestmark = pytest.mark.django_db
PERIOD = custom(date(2026, 9, 28), date(2026, 10, 31))
QUERY = {"period": "custom", "start": "2026-09-28", "end": "2026-10-31"}


def _engage(number, inbox, element, provider, referred, **fields):
    score = fields.pop("score", None)
    service_request = make_request(
        number,
        inbox,
        element,
        submitted=referred,
        score=score,
        resolved=at(date(2026, 10, 20)) if score else None,
    )
    return ProviderEngagement.objects.create(
        request=service_request, provider=provider, referred_at=referred, **fields
    )


@pytest.fixture
def referrals(inboxes, providers):
    metrology, testing = inboxes["metrology"], inboxes["testing"]
    m = inboxes["elements"]["metrology"]
    a, b = providers
    _engage(
        1, metrology, m, a, at(date(2026, 9, 30)),
        status="delivered", responded_at=at(date(2026, 10, 9)),
        delivered_at=at(date(2026, 10, 12)), score=5,
    )  # fmt: skip
    _engage(
        2, metrology, m, a, at(date(2026, 10, 12)),
        status="delivered", responded_at=at(date(2026, 10, 12), 15),
        delivered_at=at(date(2026, 10, 16)), score=3,
    )  # fmt: skip
    _engage(
        3, metrology, m, a, at(date(2026, 10, 13)),
        status="declined", responded_at=at(date(2026, 10, 14)), decline_reason="排期已满",
    )  # fmt: skip
    _engage(4, metrology, m, b, at(date(2026, 10, 14)), status="referred")
    _engage(5, metrology, m, b, at(date(2026, 11, 5)), status="accepted")  # outside the period
    _engage(
        6, testing, inboxes["elements"]["testing"], b, at(date(2026, 10, 15)), status="referred"
    )
    return providers


def test_figures_per_provider(metrology_member, referrals, django_assert_max_num_queries):
    rows = filtered_statistics(metrology_member)
    with django_assert_max_num_queries(8):
        figures = provider_figures(rows, PERIOD)
    a, b = figures
    assert (a.name, a.referrals, a.accepted, a.declined) == (referrals[0].title, 3, 2, 1)
    assert a.acceptance_rate == pytest.approx(2 / 3)
    assert a.response_days == 1  # 2, 0 and 1 working days
    assert a.delivery_days == 4  # 30 Sep → 12 Oct: 8, 9, 10 (adjusted), 12 October; 12 → 16
    assert a.satisfaction == 4 and a.scored == 2
    # Provider B: one referral still unanswered; the one of the testing inbox is not visible,
    # the one of November is outside the period.
    assert (b.referrals, b.accepted, b.declined, b.acceptance_rate) == (1, 0, 0, None)
    assert b.response_days is None and b.delivery_days is None and b.satisfaction is None


def test_coordinators_see_every_inbox(coordinator, referrals):
    figures = provider_figures(filtered_statistics(coordinator), PERIOD)
    assert [f.referrals for f in figures] == [3, 2]


def test_query_count_does_not_grow(metrology_member, referrals, inboxes, providers):
    rows = filtered_statistics(metrology_member)
    with CaptureQueriesContext(connection) as before:
        provider_figures(rows, PERIOD)
    m = inboxes["elements"]["metrology"]
    for number in range(10, 30):
        _engage(
            number, inboxes["metrology"], m, providers[number % 2],
            at(date(2026, 10, 8 + number % 20)),
            status="accepted", responded_at=at(date(2026, 10, 29)),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        provider_figures(rows, PERIOD)
    assert len(after) == len(before)


def test_reports_page_and_exports(client, metrology_member, referrals):
    client.force_login(metrology_member)
    html = client.get("/admin/reports/", QUERY).content.decode()
    assert "qi-report-provider_responses" in html and "66.7%" in html
    response = client.get("/admin/reports/export.csv", QUERY)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [referrals[0].title, "3", "2", "1", "66.7%", "1.0", "4.0", "4.00"] in rows
    xlsx = client.get("/admin/reports/export.xlsx", QUERY)
    assert xlsx.status_code == 200 and len(xlsx.content) > 1000
