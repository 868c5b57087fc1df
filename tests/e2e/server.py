"""Start the site as a real server on a fresh database with the demo content (and the task
worker), for the browser tests and the Lighthouse benchmark."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.request import urlopen

BASE_DIR = Path(__file__).resolve().parents[2]
LOAD_DEMO_INLINE = """
from django.core.management import call_command
from django.test.utils import override_settings
immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
with override_settings(TASKS=immediate):
    call_command("load_demo")
"""


def manage_shell(site, code):
    """Run Python ``code`` in ``manage.py shell`` against the live server's database; return
    its standard output (stripped)."""
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "shell", "-c", code],
        env=site["env"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(var_dir):
    """The environment of a site whose database and files live in ``var_dir``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "website.settings.dev",
        "VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("DATABASE_URL", None)
    return env


def prepare_demo(var_dir):
    """Migrate a fresh SQLite database in ``var_dir`` and load the demo content into it."""
    env = site_env(var_dir)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    # A fresh clone has no compiled catalogues (*.mo are not committed): without them every
    # Chinese page would show English strings.
    subprocess.run([*manage, "compile_catalogues"], env=env, check=True, cwd=BASE_DIR)
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True, cwd=BASE_DIR)
    # The demo's search-index and reference-index updates (some 2,000 tasks) run inline: queued,
    # they would keep the task worker busy for minutes, and the emails and index updates the
    # tests wait for would queue behind them.
    subprocess.run(
        [*manage, "shell", "-c", LOAD_DEMO_INLINE],
        env=env,
        check=True,
        cwd=BASE_DIR,
        capture_output=True,
    )


@contextmanager
def demo_server(var_dir=None, port=None, prepared=False):
    """Yield ``{"url", "var", "env"}`` for a server on 127.0.0.1 with the demo loaded
    (``prepared``: ``var_dir`` already holds a demo database, a copy of ``prepare_demo``'s)."""
    var_dir = Path(var_dir or tempfile.mkdtemp(prefix="qi-demo-"))
    port = port or free_port()
    env = site_env(var_dir)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    if not prepared:
        prepare_demo(var_dir)
    log = open(var_dir / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--queue-name", "*", "--interval", "0.5", "--no-reload"],
        env=env,
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(base_url + "/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(
                        f"the server did not start; see {var_dir}/server.log"
                    ) from None
                time.sleep(0.3)
        yield {"url": base_url, "var": var_dir, "env": env}
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
