"""Benchmark of the staff side's triage listing and request view with many requests.

Seeds a fresh SQLite database (in a temporary folder, or --var-dir) with --requests requests
(100,000 by default, with bulk_create: a minute or so) spread over the demo inboxes, states,
cities and elements, then requests the listing (plain, filtered, searched, a deep page), one
request view and the dashboard --repeat times as a member of the metrology inbox and as a
coordinator, and reports per page the number of SQL queries, the p50 and p95 render time and the
median time spent in SQL (the part indexes and query shapes change; the rest is rendering).

    .venv/bin/python bench/requests_listing.py
    .venv/bin/python bench/requests_listing.py --requests 5000 --repeat 10
    .venv/bin/python bench/requests_listing.py --var-dir var/bench-requests --reuse

Nothing leaves the machine; the default database of ``make run`` is never touched.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, add_database_args, setup_django  # noqa: E402

STATES = [
    "submitted",
    "accepted",
    "in_progress",
    "awaiting_enterprise",
    "resolved",
    "closed",
    "declined",
]
CITIES = ["guangzhou", "shenzhen", "foshan", "dongguan", "zhuhai"]
BATCH = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--no-statistics", action="store_true", help="skip ANALYZE (the daily job) after seeding"
    )
    parser.add_argument(
        "--slowest",
        type=int,
        default=0,
        metavar="N",
        help="print the N slowest SQL statements of each page (from its counted request)",
    )
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains this text"
    )
    add_database_args(parser, database_url=True, reuse=True)
    return parser.parse_args()


def users():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from service_requests.models import Inbox

    User = get_user_model()
    access = Permission.objects.get(codename="access_admin")
    member, _created = User.objects.get_or_create(username="bench-metrology")
    member.user_permissions.add(access)
    member.groups.add(Inbox.objects.get(code="metrology").group)
    coordinator, _created = User.objects.get_or_create(username="bench-coordinator")
    coordinator.user_permissions.add(access, Permission.objects.get(codename="view_all_requests"))
    return {"metrology member": member, "coordinator": coordinator}


def seed(count):
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from directory.standard_elements import ensure_elements
    from service_requests.demo import ensure_inboxes
    from service_requests.factories import build_request, make_uscc
    from service_requests.models import ServiceRequest
    from website.page_tree import ensure_home

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    rng = random.Random(7)
    with transaction.atomic():
        _home, site = ensure_home()
        site.hostname, site.port = "testserver", 80
        site.save()
        ensure_elements()
        inboxes = list(ensure_inboxes().values())
        elements = {inbox.pk: list(inbox.elements.all()) for inbox in inboxes}
        now = timezone.now()
        Through = ServiceRequest.inboxes.through
        ElementThrough = ServiceRequest.elements.through
        for start in range(0, count, BATCH):
            batch = []
            for number in range(start, min(count, start + BATCH)):
                submitted = now - timedelta(minutes=number * 7)
                day = timezone.localdate(submitted)
                batch.append(
                    build_request(
                        number,
                        reference=f"QI-{day:%Y%m%d}-B{number:06d}",
                        state=rng.choice(STATES),
                        enterprise_name=f"基准企业{number}",
                        uscc=make_uscc(number % 99999),
                        city=rng.choice(CITIES),
                        description=f"基准需求 {number}：需要检测与计量服务。",
                        contact_name="张三",
                        contact_email="",
                        lead_inbox=inboxes[number % len(inboxes)],
                        submitted_at=submitted,
                        first_response_due=day + timedelta(days=2),
                        resolution_due=day + timedelta(days=28),
                        submission_token=f"bench-{number}",
                    )
                )
            made = ServiceRequest.objects.bulk_create(batch)
            links, element_links = [], []
            for service_request in made:
                links.append(
                    Through(servicerequest=service_request, inbox=service_request.lead_inbox)
                )
                for element in elements[service_request.lead_inbox_id][:1]:
                    element_links.append(
                        ElementThrough(servicerequest=service_request, element=element)
                    )
            Through.objects.bulk_create(links)
            ElementThrough.objects.bulk_create(element_links)
    print(f"seeded {count} requests in {time.perf_counter() - started:.0f} s")


def pages():
    from service_requests.models import ServiceRequest

    first = ServiceRequest.objects.filter(lead_inbox__code="metrology").order_by("-pk").first()
    return [
        ("listing", "/admin/requests/"),
        ("listing, open + overdue", "/admin/requests/?open=on&overdue=on"),
        ("listing, state + city", "/admin/requests/?state=accepted&city=shenzhen"),
        ("listing, search", "/admin/requests/?q=基准企业12345"),
        ("listing, page 100", "/admin/requests/?p=100"),
        ("listing, by due date", "/admin/requests/?ordering=resolution_due"),
        ("request view", f"/admin/requests/{first.pk}/"),
        ("dashboard", "/admin/"),
    ]


def measure(user, urls, repeat, slowest=0):
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    rows = []
    for name, url in urls:
        client.get(url)
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                executed.append(((time.perf_counter() - started) * 1000, _statement(sql, params)))

        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        times, sql_times = [], []
        for _ in range(repeat):
            in_sql = [0.0]

            def timed(execute, sql, params, many, context, in_sql=in_sql):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    in_sql[0] += time.perf_counter() - started

            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            sql_times.append(in_sql[0] * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        rows.append(
            (name, len(executed), statistics.median(times), p95, statistics.median(sql_times))
        )
        if slowest:
            rows[-1] += (sorted(executed, reverse=True)[:slowest],)
    return rows


def _short(statement, width=700):
    """A statement without its list of selected columns, cut at ``width`` characters."""
    select, found, rest = statement.partition(" FROM ")
    if found and len(select) > 80:
        statement = f"{select[:40]} … FROM {rest}"
    return statement[:width]


def _statement(sql, params):
    """A statement with its parameters filled in, for printing only."""
    if params is None:
        return sql
    try:
        if isinstance(params, dict):
            return sql % {key: repr(value) for key, value in params.items()}
        return sql % tuple(repr(value) for value in params)
    except (TypeError, ValueError):
        return f"{sql} {params!r}"


def main():
    args = parse_args()
    var_dir = setup_django(
        args.var_dir,
        database_url=args.database_url,
        env={"DEBUG": os.environ.get("DEBUG", "false")},
        **CLIENT_SETTINGS,
    )
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
    else:
        seed(args.requests)
    if not args.no_statistics:
        from django.db import connection

        from operations.statistics import refresh_statistics

        refresh_statistics()  # as the daily job "refresh_statistics" would have
        if connection.vendor == "postgresql":
            # As autovacuum would have after the bulk insert (a server may run without it, as
            # the shared development one does: then the planner guesses, badly).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    from website.runtime import settle_heap

    settle_heap()  # as website.wsgi does in each server process
    urls = [(name, url) for name, url in pages() if args.only in name]
    print(f"load average {' '.join(f'{value:.1f}' for value in os.getloadavg())}")
    for label, user in users().items():
        print(f"\n{label}\n{'page':<26} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8}")
        for name, queries, p50, p95, sql, *slow in measure(user, urls, args.repeat, args.slowest):
            print(f"{name:<26} {queries:>7} {p50:>8.1f} {p95:>8.1f} {sql:>8.1f}")
            for milliseconds, statement in slow[0] if slow else ():
                print(f"    {milliseconds:8.1f} ms  {_short(statement)}")
    from django.db import connection

    where = args.database_url or var_dir / "db.sqlite3"
    print(f"\ndatabase: {connection.vendor}, {where}")


if __name__ == "__main__":
    main()
