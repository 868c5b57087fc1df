"""Policy library benchmark: SQL queries and median render time of the listing (with and without
filters), policy pages, feeds and the home page, at growing numbers of policies.

    .venv/bin/python -m bench.policies                    # sizes 100 and 1000, 20 requests each
    .venv/bin/python -m bench.policies --sizes 50 500 --requests 10 --write docs/bench-policies.md

Runs on a fresh SQLite database in a temporary folder (or the PostgreSQL of ``DATABASE_URL``,
which it must be allowed to migrate and fill), loads the demo, then seeds policies through the
same page API editors use: published revisions, English translations for every fourth, relations,
elements and two related services each. Search index updates are queued for a worker that does
not run here. The page cache is off, so every request renders. A bounded page shows the same
query count at every size.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.common import setup_django  # noqa: E402

# (label, path); paths are fixed by the demo content (slugs are the import ids).
PAGES = [
    ("Home", "/"),
    ("Listing", "/policies/"),
    ("Listing, element + level", "/policies/?element=testing&level=national"),
    (
        "Listing, five filters, page 2",
        "/policies/?type=normative&status=in_force&year=2021&element=metrology&authority={authority}&page=2",
    ),
    ("Listing, document number", "/policies/?doc=%E3%80%942021%E3%80%95"),
    ("Listing (English)", "/en/policies/?level=provincial"),
    ("Policy with relations", "/policies/samr-2020-177/"),
    ("Repealed policy (English)", "/en/policies/ccc-2009/"),
    ("RSS, all policies", "/policies/feed/rss/"),
    ("Atom, one element (English)", "/en/policies/feed/element/testing/atom/"),
]


def prepare_database():
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", stdout=StringIO())


def seed(target):
    """Add policies until the Chinese library holds ``target`` of them."""
    from wagtail.models import Locale

    from directory.models import Element, ServicePage
    from policies.choices import Level, PolicyStatus, PolicyType, RelationType
    from policies.factories import create_policy
    from policies.models import IssuingAuthority, PolicyPage
    from policies.services import get_policy_index

    zh = Locale.get_default()
    index_page = get_policy_index(zh)
    existing = PolicyPage.objects.filter(locale=zh).count()
    authorities = list(IssuingAuthority.objects.filter(locale=zh).order_by("pk"))
    elements = list(Element.objects.filter(locale=zh).order_by("sort_order"))
    services = list(ServicePage.objects.live().filter(locale=zh).order_by("path")[:20])
    previous = None
    for number in range(existing, target):
        kind = PolicyType.values[number % len(PolicyType.values)]
        relations = []
        if previous is not None and number % 10 == 0:
            relations = [(RelationType.INTERPRETS, previous)]
        policy = create_policy(
            index_page,
            authority=authorities[number % len(authorities)],
            title=f"基准测试政策文件第{number}号：关于质量基础设施服务的通知",
            doc_number=f"基准〔{2010 + number % 15}〕{number}号",
            level=Level.values[number % 3],
            policy_type=kind,
            status=PolicyStatus.values[number % 3],
            issue_date=datetime.date(2010 + number % 15, 1 + number % 12, 1 + number % 28),
            summary="为企业提供计量、标准、认证认可、检验检测等一站式质量技术服务。" * 3,
            body=[("text", "<p>正文段落。</p>" * 20)],
            elements=[elements[number % 7], elements[(number + 2) % 7]],
            relations=relations,
            related_services=services[number % len(services) :][:2] if services else [],
            en={"title": f"Benchmark policy {number}", "summary": "Summary."}
            if number % 4 == 0
            else None,
        )
        previous = policy
        if (number + 1) % 100 == 0:
            print(f"  seeded {number + 1}/{target}", file=sys.stderr, flush=True)


def measure(path, requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for _ in range(2):  # warm per-process caches (templates, site root paths)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    timings, queries = [], set()
    for _ in range(requests):
        with CaptureQueriesContext(connection) as context:
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.add(len(context.captured_queries))
    return max(queries), statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--write", help="also write the results as Markdown to this file")
    args = parser.parse_args()

    # The PostgreSQL of DATABASE_URL, if set; the search index is left as configured.
    setup_django(
        tempfile.mkdtemp(prefix="qi-bench-policies-"),
        database_url=os.environ.get("DATABASE_URL"),
        env={
            "PAGE_CACHE_SECONDS": "0",
            "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost"),
        },
    )
    from django.conf import settings
    from django.db import connection

    print(f"database: {connection.vendor}; settings: {settings.SETTINGS_MODULE}", file=sys.stderr)
    prepare_database()
    from policies.models import IssuingAuthority

    authority = IssuingAuthority.objects.order_by("pk").first().pk
    results = {}
    for size in sorted(args.sizes):
        started = time.perf_counter()
        seed(size)
        print(f"  {size} policies in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        for label, path in PAGES:
            results[(label, size)] = measure(path.format(authority=authority), args.requests)

    sizes = sorted(args.sizes)
    header = "| page | " + " | ".join(f"queries @ {s}" for s in sizes)
    header += " | " + " | ".join(f"median ms @ {s}" for s in sizes) + " |"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Policy library benchmark, {datetime.date.today().isoformat()}: {connection.vendor}, "
        f"Django test client in one process, page cache off, median of {args.requests} "
        "requests after two warm-ups (`python -m bench.policies`). Sizes are the number of "
        "Chinese policies (every fourth also in English). Query counts are exact; times depend "
        f"on the machine (load average at the end of the run: {load}, {os.cpu_count()} cores).",
        "",
        header,
        "| --- |" + " --- |" * (2 * len(sizes)),
    ]
    for label, _path in PAGES:
        counts = [str(results[(label, s)][0]) for s in sizes]
        times = [f"{results[(label, s)][1]:.1f}" for s in sizes]
        lines.append(f"| {label} | " + " | ".join(counts + times) + " |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        Path(args.write).write_text("# Policy library benchmark\n\n" + report, encoding="utf-8")


if __name__ == "__main__":
    main()
