"""Render cost of every public page type beside a vanilla Wagtail page, in one process.

Loads the demo into a fresh SQLite database (or the PostgreSQL of --database-url), optionally adds
--services services and --policies policies, and adds the *vanilla anchor*: a plain
``wagtailcore.Page`` rendered with the template of a ``wagtail start`` site
(``bench/vanilla/templates``). Then, with the page cache off and DEBUG off, every page type is
requested through Django's test client: warm-up, then --repeat rounds taking the pages in turn;
the median, the ratio to the anchor's median and the SQL queries are printed. ``--profile``
adds the cProfile top entries (cumulative and own time) over all page types.

    .venv/bin/python -m bench.profile_pages
    .venv/bin/python -m bench.profile_pages --services 200 --policies 200 --profile 25
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, add_database_args, setup_django  # noqa: E402

VANILLA_TEMPLATES = BASE_DIR / "bench" / "vanilla" / "templates"
VANILLA_SLUG = "vanilla-anchor"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=0, help="services to add to the demo")
    parser.add_argument("--policies", type=int, default=0, help="policies to add to the demo")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", type=int, default=0, help="print this many profile entries")
    add_database_args(parser, database_url=True, reuse=True)
    return parser.parse_args(argv)


def prepare(args):
    """Migrate, load the demo, seed, and add the vanilla anchor page."""
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    from bench.seed import seed_policies, seed_services

    if args.services:
        seed_services(args.services)
    if args.policies:
        seed_policies(args.policies)
    add_vanilla_page()


def add_vanilla_page():
    """A plain Wagtail page under the root page of the default site, at ``/vanilla-anchor/``."""
    from wagtail.models import Page, Site

    home = Site.objects.get(is_default_site=True).root_page
    existing = home.get_children().filter(slug=VANILLA_SLUG).first()
    if existing is not None:
        return existing
    page = home.add_child(instance=Page(title="Vanilla Wagtail page", slug=VANILLA_SLUG))
    page.save_revision().publish()
    return page


def page_types():
    """(label, path) of one page of each public page type, and the vanilla anchor first."""
    from wagtail.models import Locale

    from directory.models import (
        DirectoryIndexPage,
        ProviderIndexPage,
        ProviderPage,
        ServicePage,
        SolutionPage,
        StationIndexPage,
        StationPage,
    )
    from policies.models import PolicyIndexPage, PolicyPage
    from website.models import HomePage, NewsIndexPage, NewsPage, StandardPage

    zh = Locale.get_default()
    en = Locale.objects.filter(language_code="en").first()
    pages = [("vanilla Wagtail page", f"/{VANILLA_SLUG}/")]
    models = [
        ("home", HomePage),
        ("services listing", DirectoryIndexPage),
        ("service", ServicePage),
        ("provider listing", ProviderIndexPage),
        ("provider", ProviderPage),
        ("solution", SolutionPage),
        ("station listing", StationIndexPage),
        ("station", StationPage),
        ("policy listing", PolicyIndexPage),
        ("policy", PolicyPage),
        ("news listing", NewsIndexPage),
        ("news", NewsPage),
        ("standard page", StandardPage),
    ]
    for label, model in models:
        page = model.objects.live().filter(locale=zh).order_by("path").first()
        if page is not None:
            pages.append((label, page.url))
            if model is DirectoryIndexPage:
                pages.append(("element landing", page.url + "element/testing/"))
    if en is not None:
        for label, model in [
            ("home (English)", HomePage),
            ("services listing (English)", DirectoryIndexPage),
            ("policy listing (English)", PolicyIndexPage),
        ]:
            page = model.objects.live().filter(locale=en).order_by("path").first()
            if page is not None:
                pages.append((label, page.url))
    return pages


def count_queries(client, path):
    """SQL queries of one request of ``path`` after two warm-up requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    connection.queries_log.clear()  # a full log (maxlen 9000) would hide new queries
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)  # now: the next request empties the log


def measure_all(client, paths, repeat):
    """{path: (median ms, p90 ms)}, the pages taken in turn in each of ``repeat`` rounds, so a
    change of load on the shared machine weighs on every page alike."""
    times = {path: [] for path in paths}
    for _ in range(repeat):
        for path in paths:
            started = time.perf_counter()
            client.get(path)
            times[path].append((time.perf_counter() - started) * 1000)
    result = {}
    for path, values in times.items():
        values.sort()
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        result[path] = (statistics.median(values), p90)
    return result


def profile(client, pages, entries, rounds=10):
    profiler = cProfile.Profile()
    for _ in range(rounds):
        for _label, path in pages:
            profiler.enable()
            client.get(path)
            profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(entries)
        print(f"\n--- profile, sorted by {order} ({rounds} rounds of every page type) ---")
        print(out.getvalue().split("ncalls", 1)[-1].join(["ncalls", ""]))


def main(argv=None):
    args = parse_args(argv)
    setup_django(
        args.var_dir,
        database_url=args.database_url,
        env={
            "PAGE_CACHE_SECONDS": "0",
            "FRAGMENT_CACHE_SECONDS": os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"),
            "DEBUG": "false",
        },
        **CLIENT_SETTINGS,
    )
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.TEMPLATES[0]["DIRS"].insert(0, VANILLA_TEMPLATES)
    if args.reuse:
        from django.core.management import call_command

        call_command("migrate", "--no-input", verbosity=0)
        add_vanilla_page()
    else:
        prepare(args)
    client = Client()
    pages = page_types()
    queries = {path: count_queries(client, path) for _label, path in pages}
    timed = measure_all(client, [path for _label, path in pages], args.repeat)
    rows = [(label, path, *timed[path], queries[path]) for label, path in pages]
    anchor = rows[0][2]
    print(f"database: {connection.vendor}; {args.repeat} requests per page after warm-up")
    print(f"{'page':<28} {'median ms':>9} {'p90 ms':>7} {'× vanilla':>9} {'queries':>7}  path")
    for label, path, median, p90, queries in rows:
        ratio = median / anchor
        print(f"{label:<28} {median:>9.1f} {p90:>7.1f} {ratio:>9.2f} {queries:>7}  {path}")
    if args.profile:
        profile(client, pages[1:], args.profile)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
