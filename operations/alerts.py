"""Warnings before a due date and escalations after it, each sent exactly once.

Run by the scheduled jobs ``sla_alerts`` and ``callback_reminders`` (``operations.jobs``) as
often as wanted: every alert is first claimed by inserting an ``Alert`` row with a unique key
(kind, request, the due date it is about, recipient) in the same transaction that writes its
message to the delivery log; a second run, another host or a rerun after a crash finds the key
and sends nothing. A due date that moves (the SLA clock paused) makes a new key: the new date is
warned about again.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from improvement.models import BadRatingCallback
from operations.models import Alert
from service_requests import notifications, sla
from service_requests.choices import OPEN_STATES, DeliveryKind
from service_requests.models import ServiceRequest
from service_requests.permissions import COORDINATOR_PERMISSION
from website.workdays import add_working_days

KIND_MESSAGES = {
    Alert.Kind.DUE_SOON: DeliveryKind.SLA_WARNING,
    Alert.Kind.OVERDUE: DeliveryKind.SLA_ESCALATION,
    Alert.Kind.CALLBACK_DUE: DeliveryKind.CALLBACK_REMINDER,
}


def send_once(kind, service_request, due, recipient, user=None, now=None):
    """Claim the alert and queue its message; returns whether this call sent it."""
    if not recipient:
        return False
    key = f"{kind}:{service_request.pk}:{due:%Y%m%d}:{recipient.lower()}"[:120]
    try:
        with transaction.atomic():
            Alert.objects.create(
                key=key,
                kind=kind,
                request=service_request,
                due=due,
                recipient=recipient,
                user=user,
                created_at=now or timezone.now(),
            )
            notifications.queue(
                service_request, KIND_MESSAGES[kind], recipient, settings.LANGUAGE_CODE
            )
    except IntegrityError:
        return False
    return True


PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def coordinators():
    # Permissions come from groups and user rows (ModelBackend); axes' backend holds none.
    users = get_user_model().objects.with_perm(
        COORDINATOR_PERMISSION, include_superusers=True, backend=PERMISSION_BACKEND
    )
    return [user for user in users.filter(is_active=True).exclude(email="")]


def send_sla_alerts(today=None, now=None):
    """Warn assignees one working day before a due date; escalate to every coordinator once a
    due date has passed. Returns a line for the job's result."""
    today = today or timezone.localdate()
    tomorrow = add_working_days(today, 1)
    near = Q(first_response_due__lte=tomorrow, first_response_at__isnull=True) | Q(
        resolution_due__lte=tomorrow
    )
    candidates = (
        ServiceRequest.objects.filter(state__in=OPEN_STATES, paused_since__isnull=True)
        .filter(near)
        .select_related("assigned_to")
        .order_by("pk")
    )
    warned = escalated = 0
    bosses = None
    for service_request in candidates:
        due = sla.due_date(service_request)
        if due is None:
            continue
        if sla.is_overdue(service_request, today):
            bosses = coordinators() if bosses is None else bosses
            for user in bosses:
                escalated += send_once(
                    Alert.Kind.OVERDUE, service_request, due, user.email, user, now
                )
        elif today < due <= tomorrow and service_request.assigned_to is not None:
            assignee = service_request.assigned_to
            warned += send_once(
                Alert.Kind.DUE_SOON, service_request, due, assignee.email, assignee, now
            )
    return f"Warned {warned} assignee(s); escalated {escalated} time(s) to coordinators."


def send_callback_reminders(today=None, now=None):
    """Remind the inbox of an open bad-rating callback one working day before it is due."""
    today = today or timezone.localdate()
    tomorrow = add_working_days(today, 1)
    callbacks = (
        BadRatingCallback.objects.filter(closed_at__isnull=True, due__gt=today, due__lte=tomorrow)
        .select_related("request", "inbox")
        .order_by("pk")
    )
    sent = 0
    for callback in callbacks:
        email = callback.inbox.notification_email if callback.inbox else ""
        sent += send_once(Alert.Kind.CALLBACK_DUE, callback.request, callback.due, email, now=now)
    return f"Reminded {sent} inbox(es) of callbacks due."
