"""Two app hosts in one test: gunicorn processes (and schedulers) on loopback that share the
test's PostgreSQL database, a Redis database and a bucket of the local S3 server, each with a
local folder of its own (what one host's disk holds, the other cannot see)."""

import os
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urljoin

import requests
from django.db import connection

from tests.e2e.server import free_port
from tests.service_requests.conftest import parse_form

ROOT = Path(__file__).resolve().parents[2]
BALANCER_HOST = "localhost"


def missing_services():
    """Why the two-host tests cannot run here, or ``""``."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL): app processes share one database"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis (REDIS_URL): app processes share the cache"
    return ""


def host_environment(var_dir, storage_url):
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "DEBUG": "false",
        "VAR_DIR": str(var_dir),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "CACHE_KEY_PREFIX": f"qi-hosts-{uuid.uuid4().hex[:8]}",
        "STORAGE_URL": storage_url,
        "LOG_LEVEL": "INFO",
    }
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "PAGE_CACHE_SECONDS"):
        env.pop(name, None)  # under VAR_DIR; the page cache on, as with Redis in production
    return env


def _stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@contextmanager
def started(command, env, log):
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            yield process
        finally:
            _stop(process)


def wait_until(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _answers(url):
    try:
        # The first request warms the worker up (imports, catalogues): give it time.
        requests.get(url, timeout=90, allow_redirects=False)
        return True
    except (requests.ConnectionError, requests.Timeout):
        return False


@contextmanager
def app_hosts(tmp_path, storage_url, count=2):
    """Start ``count`` gunicorn hosts (one sync worker each); yield their base URLs."""
    with ExitStack() as stack:
        urls = []
        env = host_environment(tmp_path / "host-0", storage_url)
        prefix = env["CACHE_KEY_PREFIX"]  # one cache for all hosts, as behind a balancer
        for number in range(count):
            var_dir = tmp_path / f"host-{number}"
            var_dir.mkdir()
            env = {**host_environment(var_dir, storage_url), "CACHE_KEY_PREFIX": prefix}
            port = free_port()
            bind = f"127.0.0.1:{port}"
            command = [sys.executable, "-m", "gunicorn", "website.wsgi:application",
                       "--bind", bind, "--workers", "1", "--timeout", "120"]  # fmt: skip
            stack.enter_context(started(command, env, var_dir / "gunicorn.log"))
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            wait_until(lambda url=url: _answers(url + "/"), f"gunicorn at {url}", timeout=180)
        yield urls


class Response:
    """What the form helpers of the request tests read from a test-client response."""

    def __init__(self, response):
        self.status_code = response.status_code
        self.content = response.content
        self.headers = response.headers

    def __getitem__(self, name):
        return self.headers[name]


class HostClient:
    """The Django test client's ``get``/``post`` over HTTP against one host, so the request
    form helpers (``walk_to_check``, ``submit``) drive a real server; redirects not followed."""

    def __init__(self, base_url, session=None):
        self.base_url = base_url
        self.session = session or requests.Session()
        # One public address for every host, as behind the load balancer (the page cache keys
        # on it).
        self.session.headers["Host"] = BALANCER_HOST

    def get(self, path, **kwargs):
        url = urljoin(self.base_url, path)
        return Response(self.session.get(url, allow_redirects=False, timeout=30))

    def post(self, path, data=None, follow=False, **extra):
        fields, files = {}, []
        for name, value in (data or {}).items():
            values = value if isinstance(value, list) else [value]
            if values and hasattr(values[0], "read"):
                files += [(name, (f.name, f.read(), f.content_type)) for f in values]
            else:
                fields[name] = value
        token = self.session.cookies.get("csrftoken")  # admin pages: not every form has it
        response = self.session.post(
            urljoin(self.base_url, path),
            headers={"X-CSRFToken": token} if token else None,
            data=fields,
            files=files or None,
            allow_redirects=follow,
            timeout=30,
        )
        return Response(response)

    def on(self, base_url):
        """The same visitor (cookies) on another host, as after the balancer switched."""
        return HostClient(base_url, self.session)

    def log_in(self, username, password):
        page = self.get("/admin/login/")
        form = parse_form(page.content.decode())
        response = self.post(
            "/admin/login/", {**form.hidden, "username": username, "password": password}
        )
        assert response.status_code == 302, response.content[:2000]
