"""Recovering from a worker that died mid-task (killed, out of memory, host down).

The database queue marks a task RUNNING when a worker takes it and nothing else ever changes it
if that worker dies, so its work would never happen — or, for a message, happen again much later
with no way to tell. Every minute the job ``retry_overdue_deliveries`` runs ``recover``:

1. A task RUNNING for longer than its timeout (``TASK_RUNNING_TIMEOUT``, 2 minutes, for sending
   a message, which ``EMAIL_TIMEOUT`` bounds; ``LONG_TASK_TIMEOUT`` for the rest) is marked
   FAILED as ``WorkerLost``. A scheduled job's run is marked failed (the next period runs it
   again); any other task is queued again once with the same arguments.
2. Messages of the delivery log still queued (or failed and due for retry) whose task is
   neither waiting nor running are queued again (``notifications.retry_overdue``).

The guarantee is at-least-once: a worker killed after the SMTP server accepted a message but
before its row said "sent" makes the message go out twice, with the same Message-ID (stored on
the delivery when it is queued), so mail clients and servers can drop the copy.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from operations.models import JobRun
from service_requests import notifications
from service_requests.tasks import send_delivery

logger = logging.getLogger(__name__)

LONG_TASK_TIMEOUT = timedelta(minutes=30)
RUN_JOB = "operations.tasks.run_job"  # by name: the jobs import this module
LOST = "operations.recovery.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task disappeared."""


def timeout_for(task_path):
    if task_path == send_delivery.module_path:
        return timedelta(seconds=settings.TASK_RUNNING_TIMEOUT)
    return max(LONG_TASK_TIMEOUT, timedelta(seconds=settings.TASK_RUNNING_TIMEOUT))


def fail_stale_tasks(now=None):
    """Fail the tasks whose worker was lost and queue their work again; returns how many."""
    now = now or timezone.now()
    shortest = min(timeout_for(send_delivery.module_path), timeout_for(""))
    candidates = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - shortest
    )
    recovered = 0
    for stale in candidates:
        if stale.started_at >= now - timeout_for(stale.task_path):
            continue
        with transaction.atomic():
            claimed = DBTaskResult.objects.filter(
                pk=stale.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST,
                traceback=f"The worker {stale.worker_ids} was lost; failed by the recovery job.",
            )
            if claimed:
                _requeue(stale, now)
                recovered += 1
    if recovered:
        logger.warning("Recovered %s task(s) whose worker was lost.", recovered)
    return recovered


def _requeue(stale, now):
    args = stale.args_kwargs.get("args", [])
    kwargs = stale.args_kwargs.get("kwargs", {})
    if stale.task_path == send_delivery.module_path:
        return  # its delivery is still queued: ``retry_overdue`` sends it (same Message-ID)
    if stale.task_path == RUN_JOB:
        JobRun.objects.filter(
            pk__in=args[:1], status__in=[JobRun.Status.QUEUED, JobRun.Status.RUNNING]
        ).update(status=JobRun.Status.FAILED, result="WorkerLost", finished_at=now)
        return
    try:
        task = import_string(stale.task_path)
        transaction.on_commit(
            lambda: task.using(queue_name=stale.queue_name).enqueue(*args, **kwargs)
        )
    except ImportError:
        logger.error("Cannot queue %s again: the task no longer exists.", stale.task_path)


def recover(now=None):
    """Both steps, in order (the scheduled job); returns a line for its result."""
    tasks = fail_stale_tasks(now)
    messages = notifications.retry_overdue(now)
    return f"Recovered {tasks} stranded task(s); re-queued {messages} message(s)."
