"""The scheduler process (``manage.py run_scheduler``): APScheduler 3 fires each job of
``operations.jobs`` at the start of its period, and the firing only claims the period and queues
the task (``runs.claim_and_enqueue``); the task workers do the work.

Run one per app host, or several: periods are aligned to the epoch, so all schedulers fire at the
same moments, and the run row's unique key lets exactly one of them queue each period. A
scheduler that was down claims the current period of every job when it starts.
"""

import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from django.db import close_old_connections

from operations import runs
from operations.jobs import JOBS
from operations.schedule import EPOCH

logger = logging.getLogger(__name__)


def fire(job):
    close_old_connections()  # a long-lived process: drop connections the database closed
    try:
        run = runs.claim_and_enqueue(job)
    except Exception:  # noqa: BLE001 - a database hiccup must not stop the scheduler
        logger.exception("Could not claim %s", job.name)
        return
    if run is not None:
        logger.info("Queued %s for the period from %s", job.name, run.period_start)
    close_old_connections()


def build_scheduler(scheduler_class=BlockingScheduler):
    scheduler = scheduler_class(timezone="UTC")
    for job in JOBS:
        scheduler.add_job(
            fire,
            IntervalTrigger(seconds=job.every.total_seconds(), start_date=EPOCH, timezone="UTC"),
            args=[job],
            id=job.name,
            name=str(job.label),
            coalesce=True,
            max_instances=1,
            misfire_grace_time=int(job.every.total_seconds() // 2) or 1,
        )
    return scheduler


def start():
    """Claim the periods missed while no scheduler ran, then fire on schedule until stopped."""
    for job in JOBS:
        fire(job)
    scheduler = build_scheduler()
    logger.info("Scheduler started with %s jobs.", len(JOBS))
    scheduler.start()
