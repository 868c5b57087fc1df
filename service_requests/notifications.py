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
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from service_requests.choices import DeliveryChannel, DeliveryKind, DeliveryStatus
from service_requests.delivery import new_message_id
from service_requests.models import DeliveryLog
from service_requests.tasks import enqueue_delivery, send_delivery
from website.emails import user_language

# A message due this long ago whose task is neither waiting nor running was lost (queue down when
# it was queued, worker killed while sending): ``retry_overdue`` queues it again.
OVERDUE_AFTER = timedelta(minutes=1)


def queue(
    service_request,
    kind,
    recipient,
    language,
    event=None,
    channel=DeliveryChannel.EMAIL,
    *,
    now=None,
    **rendered,
):
    """Record a message to send after the current transaction commits. ``rendered``: the
    subject, body and template parameters of a message rendered now (``secret_messages``)."""
    if not recipient:
        return None
    log = DeliveryLog.objects.create(
        request=service_request,
        event=event,
        channel=channel,
        kind=kind,
        recipient=recipient,
        language=language,
        next_attempt_at=now or timezone.now(),
        message_id=new_message_id(),
        **rendered,
    )

    def enqueue_after_commit():
        enqueue_delivery(log.pk)

    # ``robust``: a queue that is down must not turn a saved request into an error page; the
    # maintenance command finds the message later.
    transaction.on_commit(enqueue_after_commit, robust=True)
    return log


def queue_to_enterprise(service_request, kind, event=None):
    """A message to the enterprise: by email, or by SMS when it gave only a mobile number."""
    if service_request.contact_email:
        channel, recipient = DeliveryChannel.EMAIL, service_request.contact_email
    else:
        channel, recipient = DeliveryChannel.SMS, service_request.contact_phone
    return queue(service_request, kind, recipient, service_request.language, event, channel)


def queue_submission(service_request):
    queue_to_enterprise(service_request, DeliveryKind.ACKNOWLEDGEMENT)
    inbox = service_request.lead_inbox
    if inbox is not None and inbox.notification_email:
        queue(
            service_request,
            DeliveryKind.INBOX_NEW_REQUEST,
            inbox.notification_email,
            settings.LANGUAGE_CODE,
        )


def queue_status_update(service_request, event):
    queue_to_enterprise(service_request, DeliveryKind.STATUS_UPDATE, event)


def queue_survey(service_request, event):
    queue_to_enterprise(service_request, DeliveryKind.SURVEY, event)


def queue_reply(service_request, event):
    queue_to_enterprise(service_request, DeliveryKind.REPLY, event)


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


def live_task_ids():
    """Ids of the send tasks that are waiting or running (the database queue)."""
    alive = DBTaskResult.objects.filter(
        task_path=send_delivery.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    return {str(task_id) for task_id in alive.values_list("id", flat=True)}


def retry_overdue(now=None, limit=1000):
    """Queue again the messages that should have been sent a while ago and whose task is gone
    (lost by a queue that was down, failed by the recovery of a killed worker, or never queued by
    a backend that cannot defer). Returns how many were queued."""
    now = now or timezone.now()
    overdue = DeliveryLog.objects.filter(
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED],
        next_attempt_at__lte=now - OVERDUE_AFTER,
    ).values_list("pk", "task_id")[:limit]
    alive = live_task_ids()
    count = 0
    for delivery_id, task_id in list(overdue):
        if task_id and task_id in alive:
            continue
        enqueue_delivery(delivery_id)
        count += 1
    return count
