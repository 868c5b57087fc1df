"""Every periodic job of the platform, declared here and nowhere else: one line per job with its
name, label, period and the plain function it calls. ``manage.py run_scheduler`` claims each
period once across all hosts (``runs.claim_and_enqueue``) and the task worker runs the function.
The admin page "Scheduled jobs" shows each job's last run, result and next run.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from directory import freshness
from improvement import actions
from improvement import services as improvement
from operations import alerts, engagement_alerts, recovery, statistics
from operations.schedule import Job
from service_requests import access_codes, drafts, maintenance, records

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# fmt: off
JOBS = (
    Job("retry_overdue_deliveries", _("Recover tasks of lost workers and re-queue their messages"), MINUTE, recovery.recover),  # noqa: E501
    Job("send_impact_follow_ups", _("Send the impact follow-ups that are due"), DAY, improvement.send_due_follow_ups),  # noqa: E501
    Job("purge_stale_uploads", _("Delete abandoned request-form uploads"), 30 * MINUTE, maintenance.delete_stale_uploads),  # noqa: E501
    Job("housekeeping", _("Refresh report figures of changed requests"), HOUR, maintenance.run_housekeeping),  # noqa: E501
    Job("sla_alerts", _("Warn before due dates and escalate overdue requests"), HOUR, alerts.send_sla_alerts),  # noqa: E501
    Job("engagement_alerts", _("Remind providers of referrals to answer and escalate late ones"), HOUR, engagement_alerts.send_engagement_alerts),  # noqa: E501
    Job("callback_reminders", _("Remind inboxes of bad-rating callbacks due"), HOUR, alerts.send_callback_reminders),  # noqa: E501
    Job("close_resolved", _("Close requests resolved and left open"), HOUR, records.close_resolved),  # noqa: E501
    Job("freshness_reminders", _("Remind provider editors of stale profiles and ending credentials"), DAY, freshness.send_reminders),  # noqa: E501
    Job("action_reminders", _("Remind owners of improvement actions due"), DAY, actions.send_reminders),  # noqa: E501
    Job("purge_expired_drafts", _("Erase saved request forms past their expiry, with their files"), HOUR, drafts.purge_expired),  # noqa: E501
    Job("purge_access_codes", _("Delete expired one-time codes of my requests"), DAY, access_codes.purge),  # noqa: E501
    Job("refresh_statistics", _("Refresh the database's query planner statistics"), DAY, statistics.refresh_statistics),  # noqa: E501
    Job("purge_expired_records", _("Erase personal data past the retention period"), DAY, records.purge_expired),  # noqa: E501
)
# fmt: on

_BY_NAME = {job.name: job for job in JOBS}


def job_named(name):
    return _BY_NAME.get(name)
