"""Benchmark of the reports (持续改进) at scale: the reports page and each export.

Seeds a fresh database (SQLite in a temporary folder by default, or PostgreSQL with
--database-url) with --requests requests spread over two years (bulk inserts: elements, inboxes,
surveys, bad-rating callbacks), then opens the reports page for the last full year and downloads
its CSV and XLSX --runs times each, as a coordinator (every inbox) and as a member of one inbox.
Prints the SQL queries of each and the median and 95th-percentile times.

    .venv/bin/python bench/reports.py
    .venv/bin/python bench/reports.py --requests 100000 --runs 20
    .venv/bin/python bench/reports.py --database-url postgres://postgres@127.0.0.1/qi_bench

Nothing leaves the machine; the default database of ``make run`` is never touched.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, add_database_args, setup_django  # noqa: E402

BATCH = 5_000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="Timed runs of each URL.")
    add_database_args(
        parser,
        var_dir="Folder for SQLite (default: temporary).",
        database_url=True,
        reuse="Keep the requests of an earlier run (PostgreSQL).",
    )
    return parser.parse_args()


def seed(args):
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from directory.models import Element
    from directory.standard_elements import ensure_elements
    from improvement import statistics as report_statistics
    from improvement.models import BadRatingCallback
    from service_requests.demo import ensure_inboxes, ensure_request_page
    from service_requests.factories import build_request
    from service_requests.models import ProviderEngagement, SatisfactionSurvey, ServiceRequest
    from website.page_tree import ensure_home
    from website.uscc import make_uscc
    from website.workdays import working_day_ordinals

    if connection.vendor == "postgresql" and not args.reuse:
        # A fresh schema: ``flush`` would also delete what data migrations made (the page root).
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0, interactive=False)
    if ServiceRequest.objects.filter(reference__startswith="QI-B").count() >= args.requests:
        refreshed = report_statistics.refresh_stale()
        print(f"reusing the requests seeded before; {refreshed} statistics rows refreshed")
        return ensure_inboxes()
    started = time.perf_counter()
    with transaction.atomic():
        home, site = ensure_home()
        site.hostname, site.port = "testserver", 80
        site.save()
        ensure_elements()
        ensure_request_page(home)
        inboxes = ensure_inboxes()
        providers = bench_providers(home)
    elements = list(Element.objects.filter(locale__language_code="zh-hans"))
    inbox_ids = [inbox.pk for inbox in inboxes.values()]
    rng = random.Random(1)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    first = today - timedelta(days=730)
    ordinals = working_day_ordinals(first, today + timedelta(days=60))
    by_ordinal = {}
    for day, number in sorted(ordinals.items()):
        by_ordinal.setdefault(number, day)
    cities = ["guangzhou", "shenzhen", "foshan", "dongguan", "zhuhai", "shantou"]
    ElementLink = ServiceRequest.elements.through
    InboxLink = ServiceRequest.inboxes.through
    for start in range(0, args.requests, BATCH):
        batch = []
        for number in range(start, min(start + BATCH, args.requests)):
            day = first + timedelta(days=rng.randrange(730))
            submitted = datetime.combine(day, clock(9 + number % 8), tzinfo=tz)
            responded = max(day, by_ordinal.get(ordinals[day] + rng.choice([0, 1, 1, 2, 3]), day))
            resolved = max(day, by_ordinal.get(ordinals[day] + rng.randint(3, 30), day))
            done = resolved < today and rng.random() < 0.8
            batch.append(
                build_request(
                    number,
                    reference=f"QI-B{number:08d}",
                    state="closed" if done else "in_progress",
                    enterprise_name=f"企业{number % 30000}",
                    uscc=make_uscc(number % 30000, prefix="91440101MA"),
                    scale=rng.choice(["micro", "small", "medium", "large"]),
                    city=rng.choice(cities),
                    contact_phone="",
                    contact_email=f"b{number}@example.com",
                    preferred_contact="email",
                    lead_inbox_id=inbox_ids[number % len(inbox_ids)],
                    submitted_at=submitted,
                    first_response_due=by_ordinal.get(ordinals[day] + 2),
                    resolution_due=by_ordinal.get(ordinals[day] + 20),
                    first_response_at=datetime.combine(responded, clock(15), tzinfo=tz),
                    resolved_at=datetime.combine(resolved, clock(16), tzinfo=tz) if done else None,
                    submission_token=f"bench-{number}",
                )
            )
        with transaction.atomic():
            ServiceRequest.objects.bulk_create(batch)
            ElementLink.objects.bulk_create(
                ElementLink(servicerequest_id=r.pk, element_id=elements[i % len(elements)].pk)
                for i, r in enumerate(batch)
            )
            InboxLink.objects.bulk_create(
                InboxLink(servicerequest_id=r.pk, inbox_id=r.lead_inbox_id) for r in batch
            )
            surveys = [
                SatisfactionSurvey(
                    request=r,
                    created_at=r.resolved_at,
                    responded_at=r.resolved_at if i % 4 else None,
                    score=(i % 5) + 1 if i % 4 else None,
                )
                for i, r in enumerate(batch)
                if r.resolved_at
            ]
            SatisfactionSurvey.objects.bulk_create(surveys)
            # Providers engaged on three requests in five (a partner on one in five of those).
            ProviderEngagement.objects.bulk_create(
                ProviderEngagement(
                    request_id=r.pk,
                    provider_id=provider.pk,
                    role="lead" if n == 0 else "partner",
                    status="delivered" if r.resolved_at else "in_progress",
                )
                for i, r in enumerate(batch)
                if i % 5 < 3
                for n, provider in enumerate(
                    providers[(i + k) % len(providers)] for k in range(1 + (i % 5 == 0))
                )
            )
            BadRatingCallback.objects.bulk_create(
                BadRatingCallback(
                    request_id=s.request_id,
                    inbox_id=s.request.lead_inbox_id,
                    score=s.score,
                    opened_at=s.responded_at,
                    due=s.responded_at.date() + timedelta(days=21),
                    closed_at=s.responded_at + timedelta(days=10) if s.request_id % 3 else None,
                )
                for s in surveys
                if s.score and s.score <= 2
            )
        report_statistics.refresh([r.pk for r in batch])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"seeded {args.requests} requests in {time.perf_counter() - started:.0f} s")
    return inboxes


def bench_providers(home, count=20):
    from directory.models import ProviderIndexPage, ProviderPage

    index = ProviderIndexPage.objects.first() or home.add_child(
        instance=ProviderIndexPage(title="机构", slug="bench-providers")
    )
    made = list(ProviderPage.objects.child_of(index)[:count])
    for number in range(len(made), count):
        made.append(
            index.add_child(
                instance=ProviderPage(
                    title=f"技术机构{number:02d}", slug=f"bench-org-{number}", summary="技术机构"
                )
            )
        )
    return made


def users(inboxes):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    User = get_user_model()
    access = Permission.objects.get(codename="access_admin")
    User.objects.filter(username__startswith="bench-").delete()
    coordinator = User.objects.create_user("bench-coordinator", password="x", is_staff=True)
    coordinator.user_permissions.add(access, Permission.objects.get(codename="view_all_requests"))
    member = User.objects.create_user("bench-member", password="x", is_staff=True)
    member.user_permissions.add(access)
    member.groups.add(inboxes["metrology"].group)
    return {"coordinator": coordinator, "inbox member": member}


def measure(client, url, runs):
    from django.db import connection

    response = client.get(url)  # warm caches
    assert response.status_code == 200, (url, response.status_code)
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return len(captured), statistics.median(times), p95


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(args.var_dir or tmp)
        setup_django(var_dir, args.database_url, **CLIENT_SETTINGS)
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        inboxes = seed(args)
        year = timezone.localdate().year - 1
        query = f"?period=year&year={year}"
        print(f"database: {connection.vendor}; period: the year {year}; runs: {args.runs}")
        print(f"{'who':<14} {'what':<12} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
        for who, user in users(inboxes).items():
            client = Client()
            client.force_login(user)
            for what, path in (
                ("page", "/admin/reports/"),
                ("CSV", "/admin/reports/export.csv"),
                ("XLSX", "/admin/reports/export.xlsx"),
            ):
                queries, p50, p95 = measure(client, path + query, args.runs)
                print(f"{who:<14} {what:<12} {queries:>7} {p50:>8.0f} {p95:>8.0f}")


if __name__ == "__main__":
    main()
