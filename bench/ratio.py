"""Throughput and latency of our pages against a vanilla Wagtail site and a Django hello-world
view, all served by gunicorn (sync workers) on loopback in one run.

    make bench                                   # 10,000 services and policies
    .venv/bin/python -m bench.ratio --size 1000 --duration 2 --rounds 3

Steps: ``wagtail start`` a vanilla site into a temporary folder with this virtualenv and migrate
it (its home page is the anchor); seed the demo plus ``--size`` services and ``--size`` policies
into a temporary SQLite database (or ``--database-url``); count each page's SQL queries through
the test client; collect static files; then serve the hello-world view (``bench.hello``), the
vanilla site, and our site twice (page cache on, page cache off) with gunicorn on free loopback
ports, all four at once, and load each page with ``--concurrency`` threads for ``--duration``
seconds (stdlib ``http.client``; it stops by itself), in ``--rounds`` rounds, each page right
after its anchor. Prints requests/s, p50 and p95 per page (medians over the rounds) and the
median of the ratios to the anchor measured just before: uncached p50 against the vanilla page's
p50 (target ≤ 2) and cached throughput against the hello-world view's (target ≥ 0.85). Nothing
leaves the machine; the servers are stopped at the end. Not part of the test suite.
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from bench.common import CLIENT_SETTINGS, setup_django  # noqa: E402

BIN = Path(sys.executable).parent
VANILLA_LOCAL = """DEBUG = False
SECRET_KEY = "vanilla-bench-{key}"
ALLOWED_HOSTS = ["*"]
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="services and policies")
    parser.add_argument("--duration", type=float, default=2.0, help="seconds per measurement")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5, help="every page once per round")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--var-dir", help="folder for databases and sites (default: temporary)")
    parser.add_argument("--database-url", help="PostgreSQL for our site (default: SQLite)")
    parser.add_argument("--redis-url", help="cache of our site (default: local memory)")
    parser.add_argument("--reuse", action="store_true", help="reuse a database seeded earlier")
    return parser.parse_args(argv)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_vanilla(folder):
    """A ``wagtail start`` site in ``folder``/vanilla, migrated, with production settings."""
    site = folder / "vanilla"
    if not site.exists():
        site.mkdir(parents=True)
        subprocess.run([BIN / "wagtail", "start", "vanilla", str(site)], check=True)
        local = site / "vanilla" / "settings" / "local.py"
        local.write_text(VANILLA_LOCAL.format(key=secrets.token_hex(24)))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vanilla.settings.production"}
    env.pop("DATABASE_URL", None)
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=site, env=env, check=True)
    return site, env


def seed(size):
    from django.core.management import call_command

    from bench.seed import seed_policies, seed_services

    call_command("migrate", "--no-input", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    seed_services(size)
    seed_policies(size)
    print(f"seeded {size} services and {size} policies in {time.perf_counter() - started:.0f} s")


def our_env(var_dir, args, page_cache_seconds):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.production",
        "VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # Nothing is published while measuring, so per-worker local memory is safe here.
        "FRAGMENT_CACHE_SECONDS": "3600",
    }
    for name, value in (("DATABASE_URL", args.database_url), ("REDIS_URL", args.redis_url)):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


class Server:
    """A gunicorn on a free loopback port, stopped (by its own process id) on exit."""

    def __init__(self, app, env, workers, cwd=BASE_DIR):
        self.port = free_port()
        command = [BIN / "gunicorn", app, "--workers", str(workers), "--worker-class", "sync"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        command += ["--timeout", "300"]  # a shared, saturated machine must not kill a worker
        self.process = subprocess.Popen(command, cwd=cwd, env=env)

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def _median_of(results):
    """Per figure (requests/s, p50, p95), the median over the rounds; errors summed."""
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        statistics.median(r[2] for r in results),
        sum(r[3] for r in results),
    )


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def load(port, path, duration, concurrency, warm_up=8):
    """(requests/s, p50 ms, p95 ms, errors) of ``concurrency`` threads for ``duration`` s."""
    for _ in range(warm_up):
        status = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status = get(port, path)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += status != 200

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return len(latencies) / elapsed, statistics.median(latencies), p95, errors[0]


def main(argv=None):
    args = parse_args(argv)
    folder = Path(args.var_dir or tempfile.mkdtemp(prefix="qi-bench-ratio-"))
    folder.mkdir(parents=True, exist_ok=True)
    vanilla_site, vanilla_env = build_vanilla(folder)
    var_dir = folder / "site"
    setup_django(
        var_dir, database_url=args.database_url, env={"PAGE_CACHE_SECONDS": "0"}, **CLIENT_SETTINGS
    )
    from django.conf import settings
    from django.test import Client

    from bench.profile_pages import VANILLA_TEMPLATES, add_vanilla_page, count_queries, page_types

    settings.TEMPLATES[0]["DIRS"].insert(0, VANILLA_TEMPLATES)
    if not args.reuse:
        seed(args.size)
    add_vanilla_page()
    pages = page_types()[1:]
    client = Client()
    queries = {path: count_queries(client, path) for _label, path in pages}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        env=our_env(var_dir, args, 300),
        check=True,
    )
    run = lambda port, path: load(port, path, args.duration, args.concurrency)  # noqa: E731
    cached_env, uncached_env = our_env(var_dir, args, 300), our_env(var_dir, args, 0)
    # All four servers up at once; each page measured beside the anchors it is compared with
    # (vanilla, ours uncached, hello world, ours cached), several rounds: a change of load on the
    # shared machine weighs on both sides of each ratio alike. Figures are medians over rounds.
    with (
        Server("bench.hello:application", {**os.environ}, args.workers) as hello,
        Server("vanilla.wsgi:application", vanilla_env, args.workers, vanilla_site) as vanilla,
        Server("website.wsgi:application", cached_env, args.workers) as cached,
        Server("website.wsgi:application", uncached_env, args.workers) as uncached,
    ):
        measured = {}
        for _round in range(args.rounds):
            for label, path in pages:
                for name, port, at in (
                    (("vanilla", label), vanilla.port, "/"),
                    (("uncached", label), uncached.port, path),
                    (("hello", label), hello.port, "/"),
                    (("cached", label), cached.port, path),
                ):
                    measured.setdefault(name, []).append(run(port, at))
    anchors = {
        name: _median_of([r for (kind, _), rs in measured.items() if kind == name for r in rs])
        for name in ("hello", "vanilla")
    }
    print(
        f"\n{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, gunicorn {args.workers} sync "
        f"workers, {args.concurrency} client threads × {args.duration:g} s per measurement, "
        f"size {args.size}, {args.rounds} rounds, load average "
        f"{' '.join(f'{value:.1f}' for value in os.getloadavg())}"
    )
    print(HEADER)
    for name in ("hello", "vanilla"):
        rps, p50, p95, errors = anchors[name]
        title = "Django hello world" if name == "hello" else "vanilla Wagtail page"
        print(f"{title:<28} {'':<9} {rps:>7.0f} {p50:>7.1f} {p95:>7.1f} {'':>7} {'':>13}")
    for label, path in pages:
        for mode, anchor, ratio in (
            ("cached", "hello", lambda ours, base: ours[0] / base[0]),
            ("uncached", "vanilla", lambda ours, base: ours[1] / base[1]),
        ):
            ours = measured[(mode, label)]
            # Each measurement against the anchor's measured just before it.
            ratios = [ratio(o, b) for o, b in zip(ours, measured[(anchor, label)], strict=True)]
            rps, p50, p95, errors = _median_of(ours)
            flag = f"  ({errors} errors)" if errors else ""
            print(
                f"{label:<28} {mode:<9} {rps:>7.0f} {p50:>7.1f} {p95:>7.1f} "
                f"{queries[path]!s:>7} {statistics.median(ratios):>13.2f}{flag}"
            )


HEADER = (
    f"{'page':<28} {'mode':<9} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} "
    f"{'ratio':>13}   (cached: req/s ÷ hello's; uncached: p50 ÷ vanilla's)"
)


if __name__ == "__main__":
    main()
