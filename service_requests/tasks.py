"""Background tasks of service requests (Django tasks; the database queue in production).

Tasks are queued only after the transaction that needs them commits (``transaction.on_commit``),
so a rolled-back request never sends mail and no mail refers to a request that does not exist.
"""

from django_tasks import task

from service_requests import maintenance, notifications


@task()
def send_delivery(delivery_id):
    """Send one message of the delivery log; failures are retried by re-queueing with backoff."""
    return notifications.attempt_delivery(delivery_id)


@task()
def clean_stale_uploads():
    """Delete temporary uploads of request forms that were abandoned."""
    return maintenance.delete_stale_uploads()


@task()
def retry_overdue_deliveries():
    """Queue again the messages whose task was lost."""
    return notifications.retry_overdue()
