"""Domain logic of continuous improvement, with no HTTP: open and close bad-rating callbacks,
send and record impact follow-ups."""

import calendar

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Site

from improvement.models import BadRatingCallback, ImpactFollowUp, QualityTargets
from service_requests import notifications
from service_requests.choices import ActorKind, DeliveryKind, EventKind, RequestState
from service_requests.models import RequestEvent, ServiceRequest
from website.workdays import add_working_days

BAD_SCORES = frozenset({1, 2})
CALLBACK_WORKING_DAYS = 15


# --- bad-rating callbacks -----------------------------------------------------------------------
def open_callback(survey, now=None):
    """Open the callback of a survey answered with 1 or 2 (once per request). Returns it, or
    ``None`` for a good score."""
    if survey.score not in BAD_SCORES:
        return None
    now = now or timezone.now()
    service_request = ServiceRequest.objects.only("pk", "lead_inbox_id").get(pk=survey.request_id)
    callback, _created = BadRatingCallback.objects.get_or_create(
        request_id=survey.request_id,
        defaults={
            "inbox_id": service_request.lead_inbox_id,
            "score": survey.score,
            "opened_at": now,
            "due": add_working_days(timezone.localtime(now).date(), CALLBACK_WORKING_DAYS),
        },
    )
    return callback


def close_callback(
    callback, *, user, contacted_at, cause, corrective_action, improvement_action=None, now=None
):
    """Record what the callback found and close it; an event on the request keeps the trail."""
    now = now or timezone.now()
    with transaction.atomic():
        callback.improvement_action = improvement_action
        callback.contacted_at = contacted_at
        callback.cause = cause.strip()
        callback.corrective_action = corrective_action.strip()
        callback.closed_at = now
        callback.closed_by = user
        callback.save()
        RequestEvent.objects.create(
            request_id=callback.request_id,
            created_at=now,
            kind=EventKind.NOTE,
            actor=user,
            actor_kind=ActorKind.STAFF,
            note=f"{callback._meta.verbose_name}: {callback.cause}\n{callback.corrective_action}",
            is_public=False,
        )
    return callback


# --- impact follow-ups --------------------------------------------------------------------------
def months_before(moment, months):
    """The same time ``months`` calendar months earlier (the last day when the month is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def follow_up_months(site=None):
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return QualityTargets._meta.get_field("follow_up_months").default
    return QualityTargets.for_site(site).follow_up_months


def due_for_follow_up(now=None, months=None):
    """Resolved (or closed after resolution) requests whose follow-up is due and not yet sent."""
    now = now or timezone.now()
    months = months or follow_up_months()
    return (
        ServiceRequest.objects.filter(
            resolved_at__isnull=False,
            resolved_at__lte=months_before(now, months),
            state__in=[RequestState.RESOLVED, RequestState.CLOSED],
            impact_follow_up__isnull=True,
        )
        .exclude(contact_email="")
        .order_by("resolved_at", "pk")
    )


def send_follow_up(service_request, now=None):
    """Create the follow-up and queue its email in one transaction; a second call (another
    worker, a rerun after a crash) finds the row and does nothing. Returns whether it was sent."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            ImpactFollowUp.objects.create(request=service_request, created_at=now)
            notifications.queue(
                service_request,
                DeliveryKind.IMPACT_FOLLOW_UP,
                service_request.contact_email,
                service_request.language,
            )
    except IntegrityError:
        return False
    return True


def send_due_follow_ups(now=None, limit=500):
    """Send the follow-ups that are due; returns how many were sent. Safe to run at any time and
    as often as wanted (the task and the management command both call it)."""
    sent = 0
    for service_request in list(due_for_follow_up(now)[:limit]):
        sent += send_follow_up(service_request, now)
    return sent


def record_follow_up(follow_up, *, achieved, outcomes, value_estimate, comment, now=None):
    """Store the enterprise's answer once. Returns ``False`` when it was already answered."""
    return follow_up.record_answer(
        now,
        achieved=achieved,
        outcomes=list(outcomes),
        value_estimate=value_estimate,
        comment=comment.strip(),
    )
