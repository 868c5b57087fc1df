"""Benchmark of the directory's public pages at scale.

Seeds a fresh SQLite database (in a temporary folder, or --var-dir) with --services services (10,000
by default) spread over providers, stations and solutions, then requests each page type --repeat
times through Django's test client and reports, per page, the number of SQL queries and the median
and 90th-percentile render time.

    .venv/bin/python bench/directory_pages.py                  # 10,000 services
    .venv/bin/python bench/directory_pages.py --services 500 --repeat 10
    .venv/bin/python bench/directory_pages.py --var-dir var/bench --reuse  # reuse the data

Nothing leaves the machine; the default database of ``make run`` is never touched.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, add_database_args, setup_django  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--per-provider", type=int, default=20)
    parser.add_argument("--stations", type=int, default=60)
    parser.add_argument("--solutions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    add_database_args(parser, reuse=True)
    return parser.parse_args()


def seed(args):
    from django.core.management import call_command
    from django.db import transaction

    from directory.factories import build_directory
    from website.page_tree import ensure_home

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    with transaction.atomic():
        _home, site = ensure_home()
        site.hostname, site.port = "testserver", 80
        site.save()
        made = build_directory(
            services=args.services,
            per_provider=args.per_provider,
            stations=args.stations,
            solutions=args.solutions,
        )
    print(f"seeded {args.services} services in {time.perf_counter() - started:.0f} s")
    return made


def existing():
    from directory.models import ProviderPage, ServicePage, SolutionPage, StationPage

    return {
        "providers": [ProviderPage.objects.order_by("path").first()],
        "services": [ServicePage.objects.order_by("path").first()],
        "stations": [StationPage.objects.order_by("path").first()],
        "solutions": [SolutionPage.objects.order_by("path").first()],
    }


def page_types(made):
    combined = (
        "?element=testing&city=guangzhou&city=foshan&channel=station&fee=charged"
        "&provider_type=testing_lab&sort=turnaround"
    )
    return [
        ("home", "/"),
        ("directory index", "/services/"),
        ("directory, page 50", "/services/?page=50"),
        ("directory, all filters", "/services/" + combined),
        ("element landing", "/services/element/testing/"),
        ("provider index", "/providers/"),
        ("provider", made["providers"][0].url),
        ("service", made["services"][0].url),
        ("solution", made["solutions"][0].url),
        ("station index", "/stations/"),
        ("station", made["stations"][0].url),
        ("HSDS API services", "/api/hsds/services/?per_page=50"),
    ]


def measure(pages, repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for name, url in pages:
        client.get(url)
        connection.queries_log.clear()  # a full log (maxlen 9000) would hide new queries
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        rows.append((name, queries, statistics.median(times), p90, url))
    return rows


def main():
    args = parse_args()
    # Seeding does not need the search index; the pages measured do not search.
    var_dir = setup_django(
        args.var_dir,
        env={"DEBUG": os.environ.get("DEBUG", "false")},
        **CLIENT_SETTINGS,
        WAGTAILSEARCH_BACKENDS_AUTO_UPDATE=False,
    )
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        made = existing()
    else:
        made = seed(args)
    rows = measure(page_types(made), args.repeat)
    print(f"\n{'page':<24} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, queries, median, p90, _url in rows:
        print(f"{name:<24} {queries:>7} {median:>10.1f} {p90:>8.1f}")
    print(f"\ndatabase: {var_dir / 'db.sqlite3'}")


if __name__ == "__main__":
    main()
