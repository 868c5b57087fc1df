"""Scheduled jobs: one run per period across schedulers, outcomes recorded, shown in the admin."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from django.db import connections
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from operations import execution, runs, scheduler
from operations.jobs import JOBS
from operations.models import JobRun
from operations.schedule import Job
from tests.operations.shared_database import SharedDatabase
from tests.service_requests.test_notifications import run_worker

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
START = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def boom():
    raise RuntimeError("disk full")


def fine():
    return 3


FINE = Job("test_fine", "fine", timedelta(minutes=5), fine)
BOOM = Job("test_boom", "boom", timedelta(minutes=5), boom)


def test_periods_are_aligned_so_every_host_fires_at_the_same_moments():
    job = Job("x", "x", timedelta(minutes=30), fine)
    assert job.period_start(datetime(2026, 12, 4, 9, 44, tzinfo=UTC)) == datetime(
        2026, 12, 4, 9, 30, tzinfo=UTC
    )
    built = scheduler.build_scheduler(BackgroundScheduler)
    for declared in JOBS:
        trigger = built.get_job(declared.name).trigger
        moment = START + timedelta(seconds=7)
        assert trigger.get_next_fire_time(None, moment) == declared.next_start(moment)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_run_each_period_exactly_once(settings, tmp_path):
    """Two schedulers (threads with their own database connections) fire the same job at the
    same 40 moments: each period is claimed and queued once. On SQLite they share a file
    database as two schedulers on one host would (see ``SharedDatabase``)."""
    settings.TASKS = DB_QUEUE
    shared = SharedDatabase(tmp_path)
    moments = [START + timedelta(minutes=5 * n, seconds=n % 3) for n in range(40)]
    barrier = threading.Barrier(2)
    won = []
    errors = []

    def one_scheduler():
        shared.attach()
        try:
            for moment in moments:
                barrier.wait(timeout=10)
                if runs.claim_and_enqueue(FINE, moment) is not None:
                    won.append(moment)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(won) == 40

    def stored():
        queued = DBTaskResult.objects.filter(task_path="operations.tasks.run_job")
        return (
            JobRun.objects.filter(job="test_fine").count(),
            sorted(queued.values_list("args_kwargs__args__0", flat=True)),
            sorted(JobRun.objects.values_list("pk", flat=True)),
        )

    runs_count, queued_ids, run_ids = shared.run(stored)
    assert runs_count == 40
    assert len(queued_ids) == 40 and queued_ids == run_ids


def test_a_run_records_success_and_failure(db, monkeypatch):
    monkeypatch.setattr(
        "operations.execution.job_named", {"test_fine": FINE, "test_boom": BOOM}.get
    )
    good = runs.claim(FINE, START)
    bad = runs.claim(BOOM, START)
    assert runs.claim(FINE, START + timedelta(minutes=4)) is None  # same period
    execution.execute(good.pk)
    execution.execute(bad.pk)
    execution.execute(good.pk)  # a duplicate task does nothing
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.result) == ("succeeded", "3")
    assert (bad.status, bad.result) == ("failed", "RuntimeError: disk full")
    assert good.started_at and good.finished_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_runs_what_the_scheduler_queued(settings):
    settings.TASKS = DB_QUEUE
    claimed = runs.claim_all()
    assert {run.job for run in claimed} == {job.name for job in JOBS}
    assert runs.claim_all() == []  # the second scheduler finds every period taken
    run_worker()
    assert set(JobRun.objects.values_list("status", flat=True)) == {"succeeded"}


def test_admin_shows_last_and_next_run_and_dashboard_flags_trouble(
    client, admin_user, staff_user, django_assert_max_num_queries
):
    now = datetime.now(UTC)
    retry = JOBS[0]
    JobRun.objects.create(
        job=retry.name,
        period_start=retry.period_start(now),
        status="succeeded",
        result="Re-queued 0",
        finished_at=now,
    )
    for job in JOBS[1:]:
        JobRun.objects.create(
            job=job.name, period_start=job.period_start(now), status="succeeded", finished_at=now
        )
    purge = JOBS[-1]
    JobRun.objects.create(
        job=purge.name,
        period_start=purge.period_start(now) + purge.every,
        status="failed",
        result="OperationalError: no such table",
        finished_at=now,
    )
    client.force_login(staff_user)
    assert client.get("/admin/scheduled-jobs/").status_code in (302, 403)
    client.force_login(admin_user)
    # 13 (the admin menu now also asks whether the user is provider staff), plus the staff
    # idle-expiry push on the first request of a session (savepoint, update).
    with django_assert_max_num_queries(15):
        page = client.get("/admin/scheduled-jobs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Re-queued 0" in html and "OperationalError: no such table" in html
    panel = dashboard_panel(client)
    assert "OperationalError: no such table" in panel
    assert retry.name not in panel and "Re-queued" not in panel
    JobRun.objects.filter(status="failed").delete()
    assert dashboard_panel(client) == ""
    JobRun.objects.filter(job=retry.name).update(finished_at=now - 3 * retry.every)
    with translation.override("en"):
        label = str(retry.label)
    panel = dashboard_panel(client)
    assert "超过两个周期未成功运行" in panel and label not in panel  # the admin speaks Chinese
    client.force_login(staff_user)
    assert dashboard_panel(client) == ""  # not a coordinator


def dashboard_panel(client):
    html = client.get("/admin/").content.decode()
    if 'id="qi-jobs-panel-title"' not in html:
        return ""
    return html.split('id="qi-jobs-panel-title"')[1].split("</section>")[0]


def test_a_queue_that_is_down_fails_the_run_visibly(db, monkeypatch):
    class QueueDown:
        def enqueue(self, *args):
            raise ConnectionError("queue unavailable")

    monkeypatch.setattr("operations.runs.run_job", QueueDown())
    run = runs.claim_and_enqueue(FINE, START)
    run.refresh_from_db()
    assert (run.status, run.result) == ("failed", "Not queued: ConnectionError: queue unavailable")
