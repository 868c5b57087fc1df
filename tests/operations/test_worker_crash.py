"""A worker killed while sending: its task is failed and its message queued again within a couple
of minutes, and the re-send carries the same Message-ID (domain from EMAIL_MESSAGE_ID_DOMAIN)."""

import email
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations import recovery
from operations.models import JobRun
from service_requests import factories, notifications
from service_requests.choices import DeliveryKind
from service_requests.models import DeliveryLog
from tests.operations.shared_database import SharedDatabase
from tests.service_requests.test_notifications import run_worker

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_SIGNALS = "django_tasks_db.management.commands.db_worker.Worker.configure_signals"
SEND = "service_requests.tasks.send_delivery"
ACK = DeliveryKind.ACKNOWLEDGEMENT
ROOT = Path(__file__).resolve().parents[2]


def queue_acknowledgement(capture):
    request, _created = factories.submit("crash-1", contact_email="ent@example.com")
    with capture(execute=True):
        log = notifications.queue(
            request, DeliveryKind.ACKNOWLEDGEMENT, "ent@example.com", "zh-hans"
        )
    log.refresh_from_db()
    return log


def test_message_id_is_stable_and_uses_the_configured_domain(
    request_page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_MESSAGE_ID_DOMAIN = "mail.qi.example.gov.cn"
    log = queue_acknowledgement(django_capture_on_commit_callbacks)
    assert log.message_id.endswith("@mail.qi.example.gov.cn>")
    sent = mail.outbox[-1]
    assert sent.message()["Message-ID"] == log.message_id


def test_stranded_task_and_delivery_are_recovered(
    request_page, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_QUEUE
    log = queue_acknowledgement(django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get(task_path=SEND)
    assert log.task_id == str(task.id)
    # A worker took the task, claimed the delivery and died.
    started = timezone.now() - timedelta(seconds=90)
    DBTaskResult.objects.filter(pk=task.pk).update(
        status="RUNNING", started_at=started, worker_ids=["dead"]
    )
    DeliveryLog.objects.filter(pk=log.pk).update(attempts=1, last_attempt_at=started)
    assert recovery.recover() == "Recovered 0 stranded task(s); re-queued 0 message(s)."
    later = timezone.now() + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert recovery.recover(later) == "Recovered 1 stranded task(s); re-queued 1 message(s)."
        # Its new task is waiting: another run queues nothing more.
        assert recovery.recover(later) == "Recovered 0 stranded task(s); re-queued 0 message(s)."
    task.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == recovery.LOST
    run_worker()
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 2)
    assert [m.message()["Message-ID"] for m in mail.outbox] == [log.message_id]


def test_a_lost_job_run_is_marked_failed(db, settings):
    settings.TASKS = DB_QUEUE
    run = JobRun.objects.create(job="housekeeping", period_start=timezone.now(), status="running")
    DBTaskResult.objects.create(
        task_path=recovery.RUN_JOB,
        args_kwargs={"args": [run.pk], "kwargs": {}},
        status="RUNNING",
        started_at=timezone.now() - timedelta(hours=1),
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
    )
    assert recovery.fail_stale_tasks() == 1
    run.refresh_from_db()
    assert (run.status, run.result) == ("failed", "WorkerLost")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_killed_mid_send(request_page, settings, tmp_path):
    """A real ``db_worker`` process, killed once the message left. On SQLite the worker and
    this test share a file copy of the test database (see ``SharedDatabase``)."""
    settings.TASKS = DB_QUEUE
    shared = SharedDatabase(tmp_path)
    shared.run(kill_worker_mid_send, shared.url, tmp_path / "sent.eml")


def kill_worker_mid_send(database_url, dump):
    request, _created = factories.submit("crash-2", contact_email="ent@example.com")
    log = notifications.queue(request, ACK, "ent@example.com", "zh-hans")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.operations.worker_settings",
        "DATABASE_URL": database_url,
        "QI_MAIL_DUMP": str(dump),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
         "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not dump.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert dump.exists(), "the worker never sent"
        time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    first = email.message_from_bytes(dump.read_bytes())
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("queued", 1)
    assert DBTaskResult.objects.get(task_path=SEND).status == "RUNNING"

    line = recovery.recover(timezone.now() + timedelta(minutes=2, seconds=5))
    assert line == "Recovered 1 stranded task(s); re-queued 1 message(s)."
    with mock.patch(WORKER_SIGNALS):  # signal handlers belong to the main thread
        run_worker()
    log.refresh_from_db()
    assert log.status == "sent"
    again = mail.outbox[-1].message()
    assert first["Message-ID"] == again["Message-ID"] == log.message_id
    assert log.message_id.endswith("@qi-one-stop.example>")
