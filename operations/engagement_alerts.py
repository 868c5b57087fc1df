"""Reminders and escalations of provider referrals (DESIGN.md §12), on the working-day
calendar: one working day before a referral's answer is due its provider's contacts are
reminded; once the day has passed without an answer the coordinators are told. Each is sent once
(``engagements.remind``/``escalate`` claim it on the engagement), however often the scheduled job
``engagement_alerts`` runs."""

from django.utils import timezone

from operations.alerts import coordinators
from service_requests import engagements
from service_requests.models import EngagementStatus, ProviderEngagement
from website.workdays import add_working_days


def send_engagement_alerts(today=None, now=None):
    """Returns a line for the job's result."""
    today = today or timezone.localdate()
    tomorrow = add_working_days(today, 1)
    waiting = ProviderEngagement.objects.filter(
        status=EngagementStatus.REFERRED, respond_by__isnull=False
    ).select_related("request", "provider")
    reminded = escalated = 0
    due_soon = waiting.filter(reminded_at__isnull=True, respond_by__gt=today)
    for engagement in due_soon.filter(respond_by__lte=tomorrow).order_by("pk"):
        reminded += engagements.remind(engagement, now=now)
    late = waiting.filter(escalated_at__isnull=True, respond_by__lt=today).order_by("pk")
    bosses = coordinators() if late.exists() else []
    for engagement in late:
        escalated += engagements.escalate(engagement, bosses, now=now)
    return f"Reminded {reminded} provider(s); escalated {escalated} referral(s)."
