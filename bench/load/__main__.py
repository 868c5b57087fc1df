"""Run the bounded load test: ``python -m bench.load [--users 200 --seconds 60]``.

Creates a fresh PostgreSQL database, migrates it and loads the demo, starts gunicorn on loopback
(Redis cache and sessions), runs locust headless for a fixed time (it stops by itself), then
checks 0 failed requests and that every successful submission was stored exactly once."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from tests.e2e.server import LOAD_DEMO_INLINE, free_port

BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
TRACKING_CODE = """
from service_requests.models import ServiceRequest
demo = ServiceRequest.objects.filter(submission_token__startswith="demo-request-")
print(" ".join(r.get_tracking_url(absolute=False) for r in demo.order_by("pk")[:4]))
"""
STORED_CODE = """
from service_requests.models import ServiceRequest
load = ServiceRequest.objects.filter(contact_email__startswith="load-")
print(" ".join(load.values_list("contact_email", flat=True)))
"""


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=BASE_DIR, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--database", default="qi_load", help="PostgreSQL database (recreated)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="qi-load-"))
    server_url = "postgres://postgres@127.0.0.1:5432"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DATABASE_URL": f"{server_url}/{args.database}",
        "REDIS_URL": args.redis_url,
        "VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
    }
    for sql in (f"DROP DATABASE IF EXISTS {args.database}", f"CREATE DATABASE {args.database}"):
        run(["psql", f"{server_url}/postgres", "-qc", sql], env)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    run([*manage, "migrate", "--no-input", "-v0"], env)
    run([*manage, "shell", "-c", LOAD_DEMO_INLINE], env, capture_output=True)
    tracking = run([*manage, "shell", "-c", TRACKING_CODE], env, capture_output=True, text=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(var_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "website.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", str(args.workers), "--timeout", "60"],
        env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(url + "/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit(f"gunicorn did not start; see {var_dir}/gunicorn.log")
                time.sleep(0.5)
        locust_env = {
            **env,
            "LOAD_TRACKING_URLS": tracking.stdout.strip().splitlines()[-1],
            "LOAD_RESULT": str(var_dir / "result.json"),
        }
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 10)),
             "-t", f"{args.seconds}s", "--stop-timeout", "30", "--host", url,
             "--only-summary"],
            env=locust_env, cwd=BASE_DIR,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    result = json.loads((var_dir / "result.json").read_text())
    failures, submitted = result["failures"], result["submitted"]
    stored = run([*manage, "shell", "-c", STORED_CODE], env, capture_output=True, text=True)
    emails = stored.stdout.strip().splitlines()[-1].split() if stored.stdout.strip() else []
    sent, confirmed = set(result["sent_emails"]), set(result["confirmed_emails"])
    exactly_once = (
        len(emails) == len(set(emails))  # no submission stored twice
        and confirmed <= set(emails)  # every confirmed one stored
        and set(emails) <= sent  # nothing stored that was not sent
    )
    print(
        f"{args.users} users, {args.seconds} s: requests {result['requests']}, "
        f"failures {failures}, {result['rps']:.1f} req/s, median {result['median']} ms, "
        f"95% {result['p95']} ms, 99% {result['p99']} ms, max {result['max']:.0f} ms"
    )
    print(
        f"submissions: {submitted} confirmed, {len(sent)} final POSTs sent, {len(emails)} stored "
        f"({len(set(emails))} distinct; the rest were cut off by the time limit mid-POST)"
    )
    if failures or not exactly_once or len(confirmed) != submitted:
        sys.exit("FAILED: errors, or submissions not stored exactly once")
    print("OK")


if __name__ == "__main__":
    main()
