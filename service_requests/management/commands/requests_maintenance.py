"""Housekeeping for service requests by hand; the scheduler (``manage.py run_scheduler``) runs
the same jobs on their own schedule.

Queues again the notifications whose task was lost (queue or worker down when they were due),
deletes temporary uploads of request forms abandoned for more than two days, and announces
``maintenance_requested``: the apps that keep figures about requests (``improvement``: report
statistics of requests changed without a signal) do their share and report it.
"""

from django.core.management.base import BaseCommand

from service_requests import maintenance, notifications


class Command(BaseCommand):
    help = (
        "Re-queue lost request notifications, delete abandoned form uploads and run the "
        "housekeeping of the apps that listen (report statistics)."
    )

    def handle(self, *args, **options):
        requeued = notifications.retry_overdue()
        deleted = maintenance.delete_stale_uploads()
        lines = [
            f"Re-queued {requeued} overdue notification(s); deleted {deleted} abandoned upload(s).",
            maintenance.run_housekeeping(),
        ]
        self.stdout.write(" ".join(line for line in lines if line))
