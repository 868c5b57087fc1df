"""Improvement actions followed up: the open and overdue actions of every assessment, and the
reminders their owners get before the due date.

``send_reminders()`` is safe to run daily or more often, on any number of hosts: an action is
claimed for its due date (a conditional update) in the transaction that sends the email, so each
owner is reminded once per due date; a changed due date is reminded again."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from improvement.choices import ActionStatus
from improvement.models import ImprovementAction
from website.emails import build_email, user_language

logger = logging.getLogger(__name__)

REMIND_DAYS_BEFORE = 7


def open_actions():
    """Actions not done yet, across every assessment, the earliest due first."""
    return (
        ImprovementAction.objects.exclude(status=ActionStatus.DONE)
        .select_related("assessment", "owner_user")
        .order_by("due", "pk")
    )


def overdue_q(today=None):
    return Q(due__lt=today or timezone.localdate())


def due_for_reminder(today=None):
    """Open actions with an owner account, due within ``REMIND_DAYS_BEFORE`` days and not yet
    reminded for this due date."""
    today = today or timezone.localdate()
    return (
        ImprovementAction.objects.exclude(status=ActionStatus.DONE)
        .filter(
            owner_user__is_active=True,
            due__gte=today,
            due__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(owner_user__email="")
        .exclude(reminded_for=F("due"))
        .select_related("assessment", "owner_user")
        .order_by("due", "pk")
    )


def _message(action, today):
    user = action.owner_user
    context = {
        "action": action,
        "days": (action.due - today).days,
        "actions_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        + reverse("service_request_reports:actions"),
    }
    return build_email(
        "improvement/email/action_reminder",
        context,
        language=user_language(user),
        to=[user.email],
    )


def send_reminders(now=None):
    """Remind owners of the open actions due within a week. Returns how many were sent."""
    today = timezone.localdate(now or timezone.now())
    sent = 0
    for action in list(due_for_reminder(today)):
        try:
            with transaction.atomic():
                claimed = (
                    ImprovementAction.objects.filter(pk=action.pk, due=action.due)
                    .exclude(reminded_for=F("due"))
                    .update(reminded_for=F("due"))
                )
                if not claimed:
                    continue  # reminded meanwhile (another host) or the due date moved
                _message(action, today).send()
        except Exception as error:  # noqa: BLE001 - rolled back; the next run tries again
            logger.warning("Reminder of improvement action %s failed: %s", action.pk, error)
            continue
        sent += 1
    return sent
