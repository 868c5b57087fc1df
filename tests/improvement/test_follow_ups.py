"""The impact follow-up: sent once, months after resolution, answered once."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command

from improvement.models import ImpactFollowUp
from improvement.services import due_for_follow_up, months_before, send_due_follow_ups
from service_requests.models import DeliveryLog

from .conftest import at, make_request

NOW = at(date(2026, 11, 20))


@pytest.fixture
def resolved(inboxes):
    element = inboxes["elements"]["metrology"]
    inbox = inboxes["metrology"]
    return {
        "due": make_request(
            60,
            inbox,
            element,
            submitted=at(date(2026, 4, 1)),
            state="closed",
            responded=at(date(2026, 4, 2)),
            resolved=at(date(2026, 5, 19)),
        ),
        "not_yet": make_request(
            61,
            inbox,
            element,
            submitted=at(date(2026, 6, 1)),
            state="resolved",
            responded=at(date(2026, 6, 2)),
            resolved=at(date(2026, 6, 21)),
        ),
        "open": make_request(
            62,
            inbox,
            element,
            submitted=at(date(2026, 3, 1)),
            state="in_progress",
            responded=at(date(2026, 3, 2)),
        ),
    }


def test_months_before():
    assert months_before(at(date(2026, 8, 31)), 6) == at(date(2026, 2, 28))
    assert months_before(at(date(2026, 1, 15)), 2) == at(date(2025, 11, 15))


def test_only_requests_resolved_six_months_ago_are_due(resolved):
    assert list(due_for_follow_up(NOW)) == [resolved["due"]]


def test_follow_up_is_sent_exactly_once(resolved, request_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_follow_ups(NOW) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_follow_ups(NOW) == 0
        call_command("send_impact_follow_ups", stdout=open("/dev/null", "w"))
        call_command("requests_maintenance", stdout=open("/dev/null", "w"))  # the 5-minute cron
    # The command ran at the real time: whatever else it found, "due" was not asked twice.
    assert ImpactFollowUp.objects.filter(request=resolved["due"]).count() == 1
    log = DeliveryLog.objects.get(kind="impact_follow_up", request=resolved["due"])
    assert log.status == "sent"
    sent = [m for m in mail.outbox if m.extra_headers["X-QI-Reference"] == "QI-RPT-00060"]
    assert len(sent) == 1
    follow_up = ImpactFollowUp.objects.get(request=resolved["due"])
    assert follow_up.token in sent[0].body


def test_enterprise_answers_once(client, resolved, request_page):
    send_due_follow_ups(NOW)
    follow_up = ImpactFollowUp.objects.get()
    url = f"/follow-up/{follow_up.request.reference}/{follow_up.token}/"
    assert client.get(f"/follow-up/{follow_up.request.reference}/wrong/").status_code == 404
    page = client.get(url)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    bad = client.post(url, {"achieved": "", "value_estimate": "-1"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"achieved", "value_estimate"}
    ok = client.post(
        url,
        {
            "achieved": "partly",
            "outcomes": ["certificate", "measurement"],
            "value_estimate": "12.5",
            "comment": "拿到了证书",
        },
    )
    assert ok.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.achieved == "partly"
    assert follow_up.outcomes == ["certificate", "measurement"]
    assert follow_up.value_estimate == Decimal("12.50")
    assert client.post(url, {"achieved": "yes"}).status_code == 410


def test_follow_up_page_queries(client, resolved, request_page, django_assert_max_num_queries):
    send_due_follow_ups(NOW)
    follow_up = ImpactFollowUp.objects.get()
    url = f"/follow-up/{follow_up.request.reference}/{follow_up.token}/"
    client.get(url)  # warm per-process caches
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
