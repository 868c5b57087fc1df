"""Housekeeping for service requests; run it from cron every few minutes.

Queues again the notifications whose task was lost (queue or worker down when they were due) and
deletes temporary uploads of request forms abandoned for more than two days. It then announces
``maintenance_requested``: the apps that keep figures or follow up on requests (``improvement``:
impact follow-ups that have fallen due, report statistics of requests changed without a signal)
do their share and report it.
"""

from django.core.management.base import BaseCommand

from service_requests import maintenance, notifications, signals


class Command(BaseCommand):
    help = (
        "Re-queue lost request notifications, delete abandoned form uploads and run the "
        "housekeeping of the apps that listen (impact follow-ups, report statistics)."
    )

    def handle(self, *args, **options):
        requeued = notifications.retry_overdue()
        deleted = maintenance.delete_stale_uploads()
        lines = [
            f"Re-queued {requeued} overdue notification(s); deleted {deleted} abandoned upload(s)."
        ]
        for _receiver, line in signals.maintenance_requested.send(sender=self.__class__):
            if line:
                lines.append(line)
        self.stdout.write(" ".join(lines))
