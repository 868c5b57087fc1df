"""Two app hosts behind one address: gunicorn processes sharing PostgreSQL, Redis and a bucket
of a local S3 server (moto). A request sent on one host, with its file, is seen and downloaded
on the other; a publish on one makes the cached page stale on both; two schedulers queue each
job's period once. PostgreSQL and Redis only (``multihost``; ``.ci/run``'s PostgreSQL stage)."""

import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult

from operations.jobs import JOBS
from operations.models import JobRun
from service_requests.models import ServiceRequest
from tests.hosts.servers import HostClient, app_hosts, host_environment, started, wait_until
from tests.object_storage import new_bucket, object_keys
from tests.service_requests.conftest import PDF, submit, upload, walk_to_check

pytestmark = [
    pytest.mark.multihost,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _staff_user():
    """A superuser whose password the hosts (default hashers) can check."""
    password = PBKDF2PasswordHasher().encode("hosts-pw", "somesalt", iterations=1000)
    get_user_model().objects.create(
        username="lead", email="lead@example.com", password=password,
        is_staff=True, is_superuser=True,
    )  # fmt: skip
    return "lead", "hosts-pw"


def test_request_file_and_page_cache_across_two_hosts(
    tmp_path, s3_endpoint, request_page, standard_page
):
    storage_url = new_bucket(s3_endpoint)
    bucket = storage_url.split("/")[2]
    username, password = _staff_user()
    with app_hosts(tmp_path, storage_url) as (host_a, host_b):
        # An enterprise sends a request with a file on host A.
        visitor = HostClient(host_a)
        walk_to_check(visitor, files={"files-upload": [upload("规格书.pdf", PDF)]})
        assert submit(visitor, "/request/check/").status_code in (302, 303)
        service_request = ServiceRequest.objects.get()
        request_file = service_request.files.get()
        assert object_keys(s3_endpoint, bucket) == [f"site/private/{request_file.file.name}"]
        assert not (tmp_path / "host-0" / "private").exists()  # nothing on A's own disk

        # Staff on host B see it and download the file through the permission-checked view.
        staff = HostClient(host_b)
        staff.log_in(username, password)
        listing = staff.get("/admin/requests/")
        assert listing.status_code == 200
        assert service_request.reference in listing.content.decode()
        download = staff.get(f"/admin/requests/{service_request.pk}/files/{request_file.pk}/")
        assert download.status_code == 200 and download.content == PDF
        assert download.headers["Content-Disposition"].startswith("attachment")

        # Anonymous page views fill the shared page cache: B serves what A stored.
        page = standard_page.zh
        url = page.url
        assert HostClient(host_a).get(url)["X-Page-Cache"] == "miss"
        cached = HostClient(host_b).get(url)
        assert cached["X-Page-Cache"] == "hit" and "如何申请服务" in cached.content.decode()

        # An editor on host A publishes a new version of the page: stale on both hosts.
        page.intro = "新的申请说明。"
        page.save_revision()
        editor = HostClient(host_a)
        editor.log_in(username, password)
        bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}&next=/admin/"
        published = submit(editor, bulk)
        assert published.status_code == 302, published.content.decode()[:3000]
        for host, state in ((host_b, "miss"), (host_a, "hit")):
            fresh = HostClient(host).get(url)
            assert fresh["X-Page-Cache"] == state and "新的申请说明" in fresh.content.decode()


def test_two_scheduler_processes_queue_each_period_once(tmp_path, s3_endpoint):
    """Both schedulers claim the current period of every job when they start: each job gets
    one run and one queued task, whichever host won it."""
    env = host_environment(tmp_path, new_bucket(s3_endpoint))
    command = [sys.executable, "manage.py", "run_scheduler"]
    with started(command, env, tmp_path / "a.log"), started(command, env, tmp_path / "b.log"):
        for log in ("a.log", "b.log"):
            wait_until(
                lambda log=log: "Scheduler started" in (tmp_path / log).read_text(),
                f"scheduler {log}",
            )
        time.sleep(0.5)
    periods = list(JobRun.objects.values_list("job", "period_start"))
    # One run per job and period, whichever host claimed it. Started just before a minute (or
    # hour) turns, the schedulers also reach the next period of the frequent jobs: a second run
    # for those, never two for one period.
    assert len(periods) == len(set(periods))
    assert {job for job, _period in periods} == {job.name for job in JOBS}
    assert len(periods) < 2 * len(JOBS)
    queued = DBTaskResult.objects.filter(task_path="operations.tasks.run_job")
    assert queued.count() == len(periods)
