"""Benchmark of the request form: full submissions through every step, as a browser sends them.

Seeds a fresh database (SQLite in a temporary folder by default, or PostgreSQL with
--database-url) with the request page, the inboxes and --existing earlier requests, then walks the
whole form --submissions times through Django's test client (start, five steps GET and POST, a
file upload, the confirmation). Reports the SQL queries of each step and of a whole submission,
the median and 95th-percentile time of the final POST and of a whole submission, and checks that
every reference is unique and that the final POST only queued its emails. With --threads the
submissions run concurrently (use PostgreSQL for that). Finally the task worker sends the queued
emails (to the local-memory backend) and their throughput is reported.

    .venv/bin/python bench/requests_submit.py
    .venv/bin/python bench/requests_submit.py --submissions 500 --existing 20000
    .venv/bin/python bench/requests_submit.py --threads 8 \
        --database-url postgres://postgres@127.0.0.1/qi_bench

Nothing leaves the machine; the default database of ``make run`` is never touched.
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, add_database_args, setup_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--existing", type=int, default=5_000, help="Requests seeded first.")
    parser.add_argument("--threads", type=int, default=1, help="Concurrent submitters.")
    add_database_args(
        parser, var_dir="Folder for SQLite and files (default: temporary).", database_url=True
    )
    return parser.parse_args()


def seed(args):
    from django.core.management import call_command
    from django.db import connection, transaction

    from directory.standard_elements import ensure_elements
    from service_requests import services
    from service_requests.demo import ensure_inboxes, ensure_request_page
    from service_requests.factories import make_submission
    from website.page_tree import ensure_home

    if connection.vendor == "postgresql":
        call_command("flush", verbosity=0, interactive=False)
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    with transaction.atomic():
        home, site = ensure_home()
        site.hostname, site.port = "testserver", 80
        site.save()
        ensure_elements()
        ensure_request_page(home)
        ensure_inboxes()
    codes = ["metrology", "standards", "certification", "testing", "quality-management", "ip"]
    with transaction.atomic():
        for number in range(args.existing):
            services.submit_request(
                make_submission(
                    f"seed-{number}",
                    [codes[number % 6], codes[(number + 2) % 6]],
                    enterprise_name=f"企业{number}",
                    contact_email="",
                ),
                notify=False,
            )
    print(f"seeded {args.existing} requests in {time.perf_counter() - started:.0f} s")


STEPS = ["enterprise", "needs", "files", "contact", "check"]


def answers(number):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "enterprise": {
            "enterprise-enterprise_name": f"基准测试企业{number}",
            "enterprise-uscc": "91440101MA5C00001N",
            "enterprise-scale": "small",
            "enterprise-industry": "C",
            "enterprise-city": "foshan",
        },
        "needs": {
            "needs-elements": ["metrology", "testing"],
            "needs-description": "需要对一批电子天平进行检定校准，并咨询检测能力建设。",
            "needs-timeframe": "month",
            "needs-preferred_channel": "any",
        },
        "files": {
            "files-upload": [
                SimpleUploadedFile("spec.pdf", b"%PDF-1.4\n" + b"0" * 200_000 + b"\n%%EOF\n")
            ]
        },
        "contact": {
            "contact-contact_name": "王小明",
            "contact-contact_phone": "13800138000",
            "contact-contact_email": f"bench{number}@example.com",
            "contact-preferred_contact": "email",
            "contact-privacy_consent": "on",
        },
        "check": {},
    }


def hidden_fields(html):
    import re

    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def submit_once(number, results, lock):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(REMOTE_ADDR=f"10.0.{number // 250}.{number % 250}")
    queries = {}
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        client.get("/request/start/")
    queries["start"] = len(captured)
    final_seconds = None
    for step in STEPS:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/request/{step}/")
        queries[f"GET {step}"] = len(captured)
        assert page.status_code == 200, (step, page.status_code)
        data = {**hidden_fields(page.content.decode()), **answers(number)[step]}
        step_started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(f"/request/{step}/", data)
        if step == "check":
            final_seconds = time.perf_counter() - step_started
        queries[f"POST {step}"] = len(captured)
        assert response.status_code in (302, 303), (step, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        confirmation = client.get("/request/submitted/")
    queries["confirmation"] = len(captured)
    assert confirmation.status_code == 200
    total_seconds = time.perf_counter() - started
    connection.close()
    with lock:
        results.append((total_seconds, final_seconds, queries))


def run(args):
    from django.core import mail
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from service_requests.models import DeliveryLog, ServiceRequest

    before = ServiceRequest.objects.count()
    results, lock = [], threading.Lock()
    numbers = list(range(args.submissions))
    started = time.perf_counter()
    if args.threads > 1:
        chunks = [numbers[i :: args.threads] for i in range(args.threads)]

        def worker(chunk):
            for number in chunk:
                submit_once(number, results, lock)

        threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        for number in numbers:
            submit_once(number, results, lock)
    wall = time.perf_counter() - started

    created = ServiceRequest.objects.count() - before
    references = list(
        ServiceRequest.objects.exclude(submission_token__startswith="seed-").values_list(
            "reference", flat=True
        )
    )
    assert created == args.submissions, (created, args.submissions)
    assert len(set(references)) == len(references), "duplicate references"
    queued = DeliveryLog.objects.filter(status="queued").count()
    assert not getattr(mail, "outbox", []), "the final POST sent email itself"

    totals = sorted(r[0] for r in results)
    finals = sorted(r[1] for r in results)
    per_step = results[-1][2]

    def pct(values, p):
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000

    print(f"\n{args.submissions} submissions, {args.threads} thread(s), {wall:.1f} s wall clock")
    print(f"  throughput: {args.submissions / wall:.1f} submissions/s")
    print(
        f"  whole submission (13 requests): p50 {pct(totals, 50):.0f} ms, "
        f"p95 {pct(totals, 95):.0f} ms"
    )
    print(f"  final POST: p50 {pct(finals, 50):.0f} ms, p95 {pct(finals, 95):.0f} ms")
    print(f"  queries per submission: {sum(per_step.values())} (last submission), by request:")
    for label, count in per_step.items():
        print(f"    {label:<16} {count:>3}")
    print(f"  unique references: {len(set(references))}; emails queued, none sent: {queued}")

    sends = DBTaskResult.objects.filter(task_path="service_requests.tasks.send_delivery").count()
    started = time.perf_counter()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    seconds = time.perf_counter() - started
    sent = DeliveryLog.objects.filter(status="sent").count()
    print(
        f"  worker: {sent} of {sends} messages sent in {seconds:.1f} s "
        f"({sent / seconds if seconds else 0:.0f}/s)"
    )
    print(
        f"  median queries per final POST: {statistics.median(r[2]['POST check'] for r in results)}"
    )


def main():
    args = parse_args()
    setup_django(
        args.var_dir,
        args.database_url,
        **CLIENT_SETTINGS,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        SERVICE_REQUEST_RATE_LIMITS={"submit": (10**9, 3600), "track": (10**9, 600)},
    )
    seed(args)
    run(args)


if __name__ == "__main__":
    main()
