"""Housekeeping for service requests; run it from cron every few minutes.

Queues again the notifications whose task was lost (queue or worker down when they were due) and
deletes temporary uploads of request forms abandoned for more than two days.
"""

from django.core.management.base import BaseCommand

from service_requests import maintenance, notifications


class Command(BaseCommand):
    help = "Re-queue lost request notifications and delete abandoned form uploads."

    def handle(self, *args, **options):
        requeued = notifications.retry_overdue()
        deleted = maintenance.delete_stale_uploads()
        self.stdout.write(
            f"Re-queued {requeued} overdue notification(s); deleted {deleted} abandoned upload(s)."
        )
