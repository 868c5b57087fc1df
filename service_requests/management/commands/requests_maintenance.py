"""Housekeeping for service requests; run it from cron every few minutes.

Queues again the notifications whose task was lost (queue or worker down when they were due) and
deletes temporary uploads of request forms abandoned for more than two days, sends the impact
follow-up questionnaires that have fallen due (idempotent: nobody gets two) and rewrites the report
statistics of requests changed without a signal (bulk updates, imports).
"""

from django.core.management.base import BaseCommand

from service_requests import maintenance, notifications
from service_requests.reports import statistics
from service_requests.reports.services import send_due_follow_ups


class Command(BaseCommand):
    help = (
        "Re-queue lost request notifications, delete abandoned form uploads and send the impact "
        "follow-ups that are due, and bring report statistics up to date."
    )

    def handle(self, *args, **options):
        requeued = notifications.retry_overdue()
        deleted = maintenance.delete_stale_uploads()
        follow_ups = send_due_follow_ups()
        refreshed = statistics.refresh_stale()
        self.stdout.write(
            f"Re-queued {requeued} overdue notification(s); deleted {deleted} abandoned upload(s); "
            f"queued {follow_ups} impact follow-up(s); refreshed {refreshed} report row(s)."
        )
