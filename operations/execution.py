"""Running one claimed period of a scheduled job and recording its outcome."""

import logging

from django.utils import timezone

from operations.jobs import job_named
from operations.models import JobRun

logger = logging.getLogger(__name__)
RESULT_LENGTH = 2000


def execute(run_id, now=None):
    """Run the job of one claimed run and record its outcome (called by the ``run_job`` task)."""
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.status in (JobRun.Status.SUCCEEDED, JobRun.Status.FAILED):
        return None
    job = job_named(run.job)
    if job is None:
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED, result="unknown job", finished_at=timezone.now()
        )
        return None
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.RUNNING, started_at=now or timezone.now()
    )
    try:
        outcome = job.function()
    except Exception as error:  # noqa: BLE001 - recorded for the admin, logged with traceback
        logger.exception("Scheduled job %s failed", job.name)
        status, text = JobRun.Status.FAILED, f"{type(error).__name__}: {error}"
    else:
        status, text = JobRun.Status.SUCCEEDED, "" if outcome is None else str(outcome)
    JobRun.objects.filter(pk=run.pk).update(
        status=status, result=text[:RESULT_LENGTH], finished_at=timezone.now()
    )
    return text
