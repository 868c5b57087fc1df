"""Background tasks of service requests (Django tasks; the database queue in production) and the
functions that queue them.

Tasks are queued only after the transaction that needs them commits (``transaction.on_commit``),
so a rolled-back request never sends mail and no mail refers to a request that does not exist.
"""

from django_tasks import task

from service_requests import delivery
from service_requests.models import DeliveryLog


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


def enqueue_delivery(delivery_id, run_after=None):
    """Queue the task that sends a delivery and note its id on the delivery, so the recovery
    job can tell a message whose task is waiting or running from one whose task is gone."""
    task = send_delivery
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # e.g. the immediate backend: ``retry_overdue`` picks it up later
        task = task.using(run_after=run_after)
    result = task.enqueue(delivery_id)
    DeliveryLog.objects.filter(pk=delivery_id).update(task_id=str(result.id)[:64])
    return result
