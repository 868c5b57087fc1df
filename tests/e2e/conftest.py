"""Real-browser tests: a real server on a fresh database with the demo content, driven by
Debian's Chromium through Playwright. Chromium is kept off the network with host-resolver rules."""

import fcntl
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.server import demo_server, prepare_demo

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = BASE_DIR / "var" / "screenshots"
# `.ci/run` runs these tests beside the PostgreSQL suite on a shared machine: an assertion waits
# up to 15 s for the page to show what it expects (Playwright's default is 5 s).
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """A real server and task worker on a fresh SQLite database with the demo content.

    ``E2E_LIVE_URL`` and ``E2E_LIVE_VAR`` point the suite at a server that is already running
    (while writing tests); CI always starts a fresh one."""
    if os.environ.get("E2E_LIVE_URL"):
        var_dir = Path(os.environ["E2E_LIVE_VAR"])
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.dev",
            "VAR_DIR": str(var_dir),
            "DEBUG": "false",
        }
        env.pop("DATABASE_URL", None)
        yield {"url": os.environ["E2E_LIVE_URL"], "var": var_dir, "env": env}
        return
    var_dir = tmp_path_factory.mktemp("e2e-var")
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        with demo_server(var_dir) as site:
            yield site
        return
    # Under pytest-xdist (``.ci/run`` runs the browser tests in two workers) each worker serves
    # its own copy of one demo database, loaded once by whichever worker comes first.
    shared = tmp_path_factory.getbasetemp().parent  # this run's, common to its workers
    template = shared / "e2e-demo"
    with open(shared / "e2e-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (template / ".ready").exists():
            template.mkdir(exist_ok=True)
            prepare_demo(template)
            (template / ".ready").touch()
    shutil.copytree(template, var_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".ready"))
    with demo_server(var_dir, prepared=True) as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/install-browser` (make e2e does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: axe-core is injected as an inline script, which the site's Content-Security-Policy
    # blocks; tests/e2e/test_csp.py checks the policy in contexts of its own, without the bypass.
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    yield page
    context.close()


def save_screenshot(page, name):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)
