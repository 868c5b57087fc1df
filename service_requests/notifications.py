"""Emails about requests, through the delivery log.

A message is first a ``DeliveryLog`` row written in the same transaction as the change that
causes it; after commit a background task (``tasks.send_delivery``) renders it in the recipient's
language and sends it. A failure is recorded (attempts, last error) and retried with backoff; the
``requests_maintenance`` command re-queues messages whose task was lost (worker or queue down).
Nothing here runs during the request that submits the form except inserting rows.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from service_requests.choices import DeliveryKind, DeliveryStatus
from service_requests.models import DeliveryLog
from service_requests.models.requests import localized_page_titles

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt; after the last one the message stays "failed" for
# staff to see (and resend).
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# A queued message this late was lost by the queue: ``retry_overdue`` queues it again.
OVERDUE_AFTER = timedelta(minutes=15)
ERROR_LENGTH = 2000


def queue(service_request, kind, recipient, language, event=None):
    """Record a message to send after the current transaction commits."""
    if not recipient:
        return None
    log = DeliveryLog.objects.create(
        request=service_request,
        event=event,
        kind=kind,
        recipient=recipient,
        language=language,
        next_attempt_at=timezone.now(),
    )

    def enqueue_after_commit():
        enqueue(log.pk)

    # ``robust``: a queue that is down must not turn a saved request into an error page; the
    # maintenance command finds the message later.
    transaction.on_commit(enqueue_after_commit, robust=True)
    return log


def enqueue(delivery_id, run_after=None):
    from service_requests.tasks import send_delivery

    task = send_delivery
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # e.g. the immediate backend: ``retry_overdue`` picks it up later
        task = task.using(run_after=run_after)
    return task.enqueue(delivery_id)


def queue_submission(service_request):
    queue(
        service_request,
        DeliveryKind.ACKNOWLEDGEMENT,
        service_request.contact_email,
        service_request.language,
    )
    inbox = service_request.lead_inbox
    if inbox is not None and inbox.notification_email:
        queue(
            service_request,
            DeliveryKind.INBOX_NEW_REQUEST,
            inbox.notification_email,
            settings.LANGUAGE_CODE,
        )


def queue_status_update(service_request, event):
    queue(
        service_request,
        DeliveryKind.STATUS_UPDATE,
        service_request.contact_email,
        service_request.language,
        event,
    )


def queue_survey(service_request, event):
    queue(
        service_request,
        DeliveryKind.SURVEY,
        service_request.contact_email,
        service_request.language,
        event,
    )


def queue_reply(service_request, event):
    queue(
        service_request,
        DeliveryKind.REPLY,
        service_request.contact_email,
        service_request.language,
        event,
    )


def queue_enterprise_information(service_request, event):
    inbox = service_request.lead_inbox
    if inbox is not None and inbox.notification_email:
        queue(
            service_request,
            DeliveryKind.INBOX_ENTERPRISE_INFORMATION,
            inbox.notification_email,
            settings.LANGUAGE_CODE,
            event,
        )


# --- rendering ----------------------------------------------------------------------------------
def _site_settings(service_request):
    from website.models import SiteSettings

    page = service_request.get_request_page()
    site = page.get_site() if page is not None else None
    return SiteSettings.for_site(site) if site is not None else None


def message_context(log):
    service_request = log.request
    context = {
        "delivery": log,
        "service_request": service_request,
        "event": log.event,
        "site_settings": _site_settings(service_request),
        "elements": service_request.localized_elements(log.language),
        "tracking_url": service_request.get_tracking_url(),
        "admin_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/requests/",
        "file_count": service_request.files.count(),
        "services": localized_page_titles(service_request.services.all(), log.language),
        "provider": (
            localized_page_titles([service_request.preferred_provider], log.language) or [""]
        )[0],
    }
    if log.kind == DeliveryKind.SURVEY:
        survey = getattr(service_request, "survey", None)
        context["survey_url"] = survey.get_url() if survey else ""
    if log.event is not None:
        context["event_files"] = list(log.event.files.all())
    return context


def build_message(log):
    """The email of a delivery-log entry, in the entry's language."""
    with translation.override(log.language):
        context = message_context(log)
        subject = render_to_string(f"service_requests/email/{log.kind}_subject.txt", context)
        body = render_to_string(f"service_requests/email/{log.kind}.txt", context)
    subject = " ".join(subject.split())
    return EmailMessage(
        subject,
        body.strip() + "\n",
        to=[log.recipient],
        headers={"X-QI-Reference": log.request.reference},
    )


# --- sending ------------------------------------------------------------------------------------
def attempt_delivery(delivery_id, now=None):
    """Send one queued message. Safe to run twice: an attempt first claims the entry (its
    attempt count must not have moved, and its next attempt must be due), so a duplicate task
    does nothing. Returns what happened: ``sent``, ``failed``, ``gave_up`` or ``skipped``."""
    now = now or timezone.now()
    log = DeliveryLog.objects.select_related("request", "event").filter(pk=delivery_id).first()
    if log is None or log.status == DeliveryStatus.SENT:
        return "skipped"
    claimed = (
        DeliveryLog.objects.filter(pk=log.pk, attempts=log.attempts)
        .exclude(status=DeliveryStatus.SENT)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, last_attempt_at=now)
    )
    if not claimed:
        return "skipped"
    log.attempts += 1
    try:
        message = build_message(log)
        message.send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried
        retry_at = now + BACKOFF[log.attempts - 1] if log.attempts < MAX_ATTEMPTS else None
        DeliveryLog.objects.filter(pk=log.pk).update(
            status=DeliveryStatus.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
            next_attempt_at=retry_at,
        )
        logger.warning(
            "Delivery %s (%s) failed on attempt %s: %s", log.pk, log.kind, log.attempts, error
        )
        if retry_at is None:
            return "gave_up"
        enqueue(log.pk, run_after=retry_at)
        return "failed"
    DeliveryLog.objects.filter(pk=log.pk).update(
        status=DeliveryStatus.SENT,
        sent_at=now,
        subject=message.subject[:255],
        next_attempt_at=None,
    )
    return "sent"


def retry_overdue(now=None):
    """Queue again the messages whose task should have run a while ago (lost by a queue that was
    down, or a backend that cannot defer). Returns how many were queued."""
    now = now or timezone.now()
    overdue = DeliveryLog.objects.filter(
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
        next_attempt_at__lte=now - OVERDUE_AFTER,
    ).values_list("pk", flat=True)
    count = 0
    for delivery_id in list(overdue):
        enqueue(delivery_id)
        count += 1
    return count
