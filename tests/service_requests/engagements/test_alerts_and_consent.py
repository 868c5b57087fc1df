"""Referral reminders and escalations on the working-day calendar (across National Day 2026),
once each; the lead inbox asking for consent and the enterprise giving it on the tracking page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail

from operations import engagement_alerts
from service_requests import engagements
from service_requests.choices import DeliveryKind, EventKind
from service_requests.models import DeliveryLog
from tests.service_requests.staff.helpers import post_action

SHANGHAI = ZoneInfo("Asia/Shanghai")


def run(day, capture):
    with capture(execute=True):
        return engagement_alerts.send_engagement_alerts(today=day)


def test_reminder_then_escalation_once_each(
    make_request,
    providers,
    provider_staff,
    metrology_staff,
    coordinator,
    django_capture_on_commit_callbacks,
):
    service_request = make_request(["metrology"], state="accepted")
    # Tuesday 29 September 2026: 2 working days → Thursday 8 October (1–7 October are off).
    with django_capture_on_commit_callbacks(execute=True):
        engagement = engagements.refer(
            service_request,
            providers[0],
            by=metrology_staff,
            now=datetime(2026, 9, 29, 10, tzinfo=SHANGHAI),
        )
    assert engagement.respond_by == date(2026, 10, 8)
    referral = DeliveryLog.objects.get(kind=DeliveryKind.ENGAGEMENT_REFERRAL)
    assert referral.status == "sent" and referral.recipient == "provider-0@example.com"
    body = mail.outbox[0].body
    assert service_request.reference in mail.outbox[0].subject
    assert f"/admin/engagements/{engagement.pk}/" in body
    assert service_request.contact_email not in body and service_request.uscc not in body
    run(date(2026, 9, 29), django_capture_on_commit_callbacks)
    assert not DeliveryLog.objects.filter(kind=DeliveryKind.ENGAGEMENT_REMINDER).exists()
    # Wednesday 30 September: the next working day is the answer date.
    for day in (date(2026, 9, 30), date(2026, 9, 30), date(2026, 10, 8)):
        run(day, django_capture_on_commit_callbacks)
    reminder = DeliveryLog.objects.get(kind=DeliveryKind.ENGAGEMENT_REMINDER)
    assert reminder.recipient == "provider-0@example.com" and reminder.status == "sent"
    assert not DeliveryLog.objects.filter(kind=DeliveryKind.ENGAGEMENT_ESCALATION).exists()
    # Friday 9 October: late; the coordinator is told once.
    for _ in range(2):
        result = run(date(2026, 10, 9), django_capture_on_commit_callbacks)
    escalation = DeliveryLog.objects.get(kind=DeliveryKind.ENGAGEMENT_ESCALATION)
    assert escalation.recipient == coordinator.email and escalation.status == "sent"
    assert result == "Reminded 0 provider(s); escalated 0 referral(s)."
    assert engagement.updates.count() == 3  # referred, reminded, escalated
    # An answered referral is never escalated.
    other = engagements.refer(
        make_request(["metrology"]),
        providers[1],
        by=metrology_staff,
        now=datetime(2026, 9, 29, 10, tzinfo=SHANGHAI),
    )
    engagements.accept(other, by=metrology_staff)
    run(date(2026, 10, 12), django_capture_on_commit_callbacks)
    assert DeliveryLog.objects.filter(kind=DeliveryKind.ENGAGEMENT_ESCALATION).count() == 1


def test_ask_for_consent_and_give_it(
    client, make_request, metrology_staff, request_page, django_capture_on_commit_callbacks
):
    service_request = make_request(["metrology"], state="accepted")
    assert not service_request.share_consent
    client.force_login(metrology_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(client, service_request, action="ask_consent")
    assert response.status_code == 302
    asked = service_request.events.get(kind=EventKind.CONSENT_REQUESTED)
    assert asked.is_public
    message = mail.outbox[-1]
    assert message.to == [service_request.contact_email]
    tracking = service_request.get_tracking_url(absolute=False)
    assert tracking in message.body
    client.logout()
    html = client.get(tracking).content.decode()
    assert 'name="action" value="share_consent"' in html
    # Without ticking the box nothing is recorded.
    client.post(tracking, {"action": "share_consent"})
    service_request.refresh_from_db()
    assert not service_request.share_consent
    response = client.post(tracking, {"action": "share_consent", "agree": "on"})
    assert response.status_code == 302
    service_request.refresh_from_db()
    assert service_request.share_consent and service_request.share_consent_at
    assert service_request.share_consent_notice_version == "1"
    assert service_request.events.filter(kind=EventKind.CONSENT_GIVEN).count() == 1
    assert 'value="share_consent"' not in client.get(tracking).content.decode()
    # Asking again is refused.
    client.force_login(metrology_staff)
    assert post_action(client, service_request, action="ask_consent").status_code == 400
