"""Claiming, running and reporting the runs of scheduled jobs.

``claim_and_enqueue`` is what a scheduler calls when a job's period starts: it inserts the run
row of that period (the unique key makes exactly one caller win, whatever the number of hosts)
and, after that insert commits, enqueues the ``run_job`` task. The task's worker calls the job.
"""

import os
import socket
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from operations.jobs import JOBS
from operations.models import JobRun
from operations.tasks import run_job


def claim(job, now=None):
    """Claim the current period of ``job``; returns the new run, or ``None`` when another
    scheduler claimed it first."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return JobRun.objects.create(
                job=job.name,
                period_start=job.period_start(now),
                claimed_at=now,
                claimed_by=f"{socket.gethostname()}:{os.getpid()}",
            )
    except IntegrityError:
        return None


def claim_and_enqueue(job, now=None):
    """Claim the period and queue its task; returns the run or ``None``."""
    run = claim(job, now)
    if run is None:
        return None
    try:
        result = run_job.enqueue(run.pk)
    except Exception as error:  # noqa: BLE001 - the queue is down: the admin shows it failed
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED,
            result=f"Not queued: {type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return run
    JobRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    return run


def claim_all(now=None):
    """Claim every job whose current period has no run yet (a scheduler starting up, or a tick
    that was missed); returns the runs this caller claimed."""
    return [run for job in JOBS if (run := claim_and_enqueue(job, now)) is not None]


# --- what the admin shows ------------------------------------------------------------------------
@dataclass
class JobStatus:
    job: object
    last_run: JobRun | None
    last_success_at: object
    next_run_at: object
    now: object

    @property
    def failed(self):
        return self.last_run is not None and self.last_run.status == JobRun.Status.FAILED

    @property
    def late(self):
        """Nothing succeeded for twice the job's period (or ever)."""
        return self.last_success_at is None or self.now - self.last_success_at > 2 * self.job.every

    @property
    def needs_attention(self):
        return self.failed or self.late


def job_statuses(now=None):
    """The state of every declared job: two queries whatever the number of jobs and runs."""
    now = now or timezone.now()
    names = [job.name for job in JOBS]
    newest = JobRun.objects.filter(job=OuterRef("job")).order_by("-period_start")
    runs = {
        run.job: run
        for run in JobRun.objects.filter(
            job__in=names, period_start=Subquery(newest.values("period_start")[:1])
        )
    }
    successes = dict(
        JobRun.objects.filter(job__in=names, status=JobRun.Status.SUCCEEDED)
        .values("job")
        .annotate(last=Max("finished_at"))
        .values_list("job", "last")
    )
    return [
        JobStatus(job, runs.get(job.name), successes.get(job.name), job.next_start(now), now)
        for job in JOBS
    ]


def attention_needed(now=None):
    """The jobs that failed last time or have not succeeded for twice their period."""
    return [status for status in job_statuses(now) if status.needs_attention]
