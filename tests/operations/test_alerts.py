"""Warnings one working day before a due date and escalation after it, exactly once each, across
National Day 2026 (1–7 October off); bad-rating callback reminders to the inbox."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import Site

from directory.models import Element
from improvement.models import BadRatingCallback
from operations import alerts
from operations.models import Alert
from service_requests import factories, services
from service_requests.models import DeliveryLog, RequestSettings, RequestSettingsElementTarget

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def accepted(request_page):
    settings = RequestSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    RequestSettingsElementTarget.objects.create(
        settings=settings,
        element=Element.objects.get(code="testing", locale__language_code="zh-hans"),
        first_response_days=1,
        resolution_days=3,
    )
    users = get_user_model().objects
    assignee = users.create_user("li", "li@example.com", "pw", is_staff=True)
    users.create_superuser("coord", "coord@example.com", "pw")
    users.create_superuser("nomail", "", "pw")  # nowhere to send: skipped
    # Monday 28 September 2026: resolution due Thursday 8 October.
    request, _created = factories.submit(
        "alert-1", ["testing"], state="accepted", now=datetime(2026, 9, 28, 9, tzinfo=SHANGHAI)
    )
    request.assigned_to = assignee
    request.save(update_fields=["assigned_to"])
    assert request.resolution_due == date(2026, 10, 8)
    return request


def run(day, capture):
    with capture(execute=True):
        return alerts.send_sla_alerts(today=day)


def test_warning_before_the_holiday_then_one_escalation(
    accepted, django_capture_on_commit_callbacks
):
    run(date(2026, 9, 29), django_capture_on_commit_callbacks)  # due in 3 working days
    assert DeliveryLog.objects.filter(kind__startswith="sla_").count() == 0
    # Wednesday 30 September: the next working day is Thursday 8 October, the due date.
    for day in (date(2026, 9, 30), date(2026, 9, 30), date(2026, 10, 7), date(2026, 10, 8)):
        run(day, django_capture_on_commit_callbacks)
    warning = DeliveryLog.objects.get(kind="sla_warning")
    assert (warning.recipient, warning.status) == ("li@example.com", "sent")
    assert [m.to for m in mail.outbox] == [["li@example.com"]]
    assert accepted.reference in mail.outbox[0].subject
    assert "2026年10月8日" in mail.outbox[0].body
    # Friday 9 October: overdue; the coordinator is told once however often the job runs.
    for _ in range(3):
        result = run(date(2026, 10, 9), django_capture_on_commit_callbacks)
    escalation = DeliveryLog.objects.get(kind="sla_escalation")
    assert escalation.recipient == "coord@example.com" and escalation.status == "sent"
    assert result.startswith("Warned 0") and "escalated 0" in result
    assert Alert.objects.count() == 2
    assert len(mail.outbox) == 2 and accepted.reference in mail.outbox[1].subject


def test_a_paused_request_is_not_warned_and_a_moved_due_date_warns_again(
    accepted, django_capture_on_commit_callbacks
):
    run(date(2026, 9, 30), django_capture_on_commit_callbacks)
    services.transition(
        accepted,
        "awaiting_enterprise",
        note="请补充。",
        notify=False,
        now=datetime(2026, 10, 8, 9, tzinfo=SHANGHAI),
    )
    run(date(2026, 10, 12), django_capture_on_commit_callbacks)
    assert not DeliveryLog.objects.filter(kind="sla_escalation").exists()
    services.transition(accepted, "in_progress", now=datetime(2026, 10, 9, 9, tzinfo=SHANGHAI))
    accepted.refresh_from_db()
    assert accepted.resolution_due == date(2026, 10, 9)  # moved by 1 paused working day
    run(date(2026, 10, 8), django_capture_on_commit_callbacks)
    assert DeliveryLog.objects.filter(kind="sla_warning").count() == 2


def test_callback_reminder_once(accepted, django_capture_on_commit_callbacks):
    BadRatingCallback.objects.create(
        request=accepted,
        inbox=accepted.lead_inbox,
        score=1,
        opened_at=datetime(2026, 9, 1, tzinfo=SHANGHAI),
        due=date(2026, 10, 8),
    )
    for day in (date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 7)):
        with django_capture_on_commit_callbacks(execute=True):
            alerts.send_callback_reminders(today=day)
    reminder = DeliveryLog.objects.get(kind="callback_reminder")
    assert reminder.recipient == accepted.lead_inbox.notification_email
    assert reminder.status == "sent" and "2026年10月8日" in mail.outbox[-1].body
