"""Emails about requests, through the delivery log: who is told what, and when.

A message is first a ``DeliveryLog`` row written in the same transaction as the change that
causes it; after commit a background task (``tasks.send_delivery``) renders it in the recipient's
language and sends it (``delivery``). A failure is recorded (attempts, last error) and retried
with backoff; the ``requests_maintenance`` command re-queues messages whose task was lost
(worker or queue down). Nothing here runs during the request that submits the form except
inserting rows.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from service_requests.choices import DeliveryKind, DeliveryStatus
from service_requests.models import DeliveryLog
from service_requests.tasks import enqueue_delivery
from website.emails import user_language

# A queued message this late was lost by the queue: ``retry_overdue`` queues it again.
OVERDUE_AFTER = timedelta(minutes=15)


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
        enqueue_delivery(log.pk)

    # ``robust``: a queue that is down must not turn a saved request into an error page; the
    # maintenance command finds the message later.
    transaction.on_commit(enqueue_after_commit, robust=True)
    return log


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


def queue_mention(service_request, event, user):
    """Tell a colleague mentioned in an internal note, in their admin language."""
    return queue(service_request, DeliveryKind.MENTION, user.email, user_language(user), event)


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
        enqueue_delivery(delivery_id)
        count += 1
    return count
