"""Background tasks of service requests (Django tasks; the database queue in production) and the
functions that queue them.

Tasks are queued only after the transaction that needs them commits (``transaction.on_commit``),
so a rolled-back request never sends mail and no mail refers to a request that does not exist.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from service_requests import delivery, maintenance
from service_requests.models import DeliveryLog

CLEANUP_INTERVAL = timedelta(hours=6)
_CLEANUP_KEY = "service_requests:uploads-cleanup-queued"


@task()
def send_delivery(delivery_id):
    """Send one message of the delivery log; a failed attempt is queued again with backoff."""
    outcome = delivery.attempt_delivery(delivery_id)
    if outcome == "failed":
        retry_at = (
            DeliveryLog.objects.filter(pk=delivery_id)
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        enqueue_delivery(delivery_id, run_after=retry_at)
    return outcome


@task()
def clean_stale_uploads():
    """Delete temporary uploads of request forms that were abandoned."""
    return maintenance.delete_stale_uploads()


def enqueue_delivery(delivery_id, run_after=None):
    task = send_delivery
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # e.g. the immediate backend: ``retry_overdue`` picks it up later
        task = task.using(run_after=run_after)
    return task.enqueue(delivery_id)


def schedule_upload_cleanup():
    """Queue ``clean_stale_uploads`` after commit, at most once per ``CLEANUP_INTERVAL``."""
    if cache.add(_CLEANUP_KEY, True, int(CLEANUP_INTERVAL.total_seconds())):
        transaction.on_commit(clean_stale_uploads.enqueue, robust=True)
