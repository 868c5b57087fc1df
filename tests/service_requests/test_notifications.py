"""Notifications: queued after commit, sent by the task worker in the request's language,
logged, retried with backoff; a request survives email, worker and search being down."""

import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from service_requests import delivery, notifications
from service_requests.models import DeliveryLog, ServiceRequest
from tests.service_requests.conftest import send_request

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DOWN = "tests.service_requests.mail_backends.DownEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def run_worker():
    """One batch of the real worker. Between tasks it drops database connections that are not
    in autocommit mode; inside a test's transaction that would be the test's own connection on
    PostgreSQL, so that step is left out here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
            stdout=StringIO(),
        )


@pytest.mark.parametrize(
    ("prefix", "subject_words", "body_words"),
    [
        ("", "我们已收到您的需求", ["编号", "最迟于", "年", "请勿转发"]),
        ("/en", "We have received your request", ["Reference number", "We will contact you by"]),
    ],
)
def test_acknowledgement_in_the_submission_language_and_inbox_notification(
    client, request_page, django_capture_on_commit_callbacks, prefix, subject_words, body_words
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(client, prefix)
    service_request = ServiceRequest.objects.get()
    by_recipient = {message.to[0]: message for message in mail.outbox}
    ack = by_recipient["wang@example.com"]
    assert subject_words in ack.subject and service_request.reference in ack.subject
    tracking = (
        f"http://testserver{prefix}/request/track/{service_request.reference}/"
        f"?token={service_request.tracking_token}"
    )
    assert tracking in ack.body
    for word in body_words:
        assert word in ack.body
    assert service_request.description[:20] in ack.body
    inbox = by_recipient["inbox-metrology@qi-one-stop.example"]
    assert service_request.reference in inbox.subject and "新需求" in inbox.subject
    assert "13800138000" not in inbox.body  # contact details stay in the admin
    assert set(DeliveryLog.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_email_down_request_saved_failure_logged_retried_later_and_sent(
    client, request_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        response = send_request(client)
    assert response.status_code == 303
    assert ServiceRequest.objects.count() == 1  # saved whatever email does
    sends = DBTaskResult.objects.filter(task_path="service_requests.tasks.send_delivery")
    assert sends.count() == 2

    run_worker()
    logs = list(DeliveryLog.objects.all())
    assert {log.status for log in logs} == {"failed"}
    for log in logs:
        assert log.attempts == 1
        assert "Connection refused" in log.last_error
        assert log.next_attempt_at > timezone.now()  # backoff
    retries = sends.filter(status="READY")
    assert retries.count() == 2 and all(r.run_after > timezone.now() for r in retries)
    run_worker()  # not due yet: nothing happens
    assert set(DeliveryLog.objects.values_list("attempts", flat=True)) == {1}

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back …
    past = timezone.now() - timedelta(seconds=1)  # … and the backoff has passed
    retries.update(run_after=past)
    DeliveryLog.objects.update(next_attempt_at=past)
    run_worker()
    assert set(DeliveryLog.objects.values_list("status", "attempts")) == {("sent", 2)}
    assert len(mail.outbox) == 2
    assert all(log.sent_at for log in DeliveryLog.objects.all())


def test_gives_up_after_the_last_attempt(
    request_page, settings, client, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = DOWN
    with django_capture_on_commit_callbacks(execute=True):
        send_request(client)
    log = DeliveryLog.objects.get(kind="acknowledgement")
    for attempt in range(2, delivery.MAX_ATTEMPTS + 1):
        DeliveryLog.objects.filter(pk=log.pk).update(next_attempt_at=timezone.now())
        result = delivery.attempt_delivery(log.pk)
        assert result == ("gave_up" if attempt == delivery.MAX_ATTEMPTS else "failed")
    log.refresh_from_db()
    assert log.status == "failed" and log.attempts == delivery.MAX_ATTEMPTS
    assert log.next_attempt_at is None


def test_worker_down_request_saved_and_sent_when_it_is_back(
    client, request_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    with django_capture_on_commit_callbacks(execute=True):
        send_request(client)
    assert ServiceRequest.objects.count() == 1
    assert set(DeliveryLog.objects.values_list("status", flat=True)) == {"queued"}
    assert mail.outbox == []
    run_worker()  # the worker starts again
    assert set(DeliveryLog.objects.values_list("status", flat=True)) == {"sent"}
    assert len(mail.outbox) == 2


def test_queue_down_messages_are_found_by_the_maintenance_command(
    client, request_page, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = DB_QUEUE

    def queue_down(*args, **kwargs):
        raise ConnectionError("queue unavailable")

    monkeypatch.setattr(notifications, "enqueue_delivery", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_request(client)
    assert response.status_code == 303  # the enterprise still sees its confirmation
    sends = DBTaskResult.objects.filter(task_path="service_requests.tasks.send_delivery")
    assert sends.count() == 0 and DeliveryLog.objects.count() == 2
    monkeypatch.undo()
    settings.TASKS = DB_QUEUE
    call_command("requests_maintenance", stdout=StringIO())
    assert sends.count() == 0  # not overdue yet
    DeliveryLog.objects.update(next_attempt_at=timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("requests_maintenance", stdout=out)
    assert "2" in out.getvalue()
    run_worker()
    assert set(DeliveryLog.objects.values_list("status", flat=True)) == {"sent"}


def test_search_down_does_not_stop_a_request(client, request_page, settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": ["http://127.0.0.1:9"],
            "TIMEOUT": 1,
        }
    }
    response = send_request(client)
    assert response.status_code == 303
    assert ServiceRequest.objects.count() == 1


def test_a_duplicate_task_does_not_send_twice(
    client, request_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(client)
    log = DeliveryLog.objects.get(kind="acknowledgement")
    assert delivery.attempt_delivery(log.pk) == "skipped"
    assert len(mail.outbox) == 2


def test_status_updates_and_text_in_the_language_of_the_request(
    client, request_page, staff_user, django_capture_on_commit_callbacks
):
    from service_requests import services

    with django_capture_on_commit_callbacks(execute=True):
        send_request(client, "/en")
    service_request = ServiceRequest.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(service_request, "accepted", actor=staff_user, note="We will call you.")
        services.transition(
            service_request, "awaiting_enterprise", actor=staff_user, note="Which products?"
        )
    accepted, awaiting = mail.outbox
    assert "Accepted" in accepted.subject and "We will call you." in accepted.body
    assert "Which products?" in awaiting.body and "add files" in awaiting.body
    assert re.search(r"http://testserver/en/request/track/QI-\d{8}-\d{4}/\?token=", awaiting.body)
