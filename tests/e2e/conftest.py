"""Real-browser tests: a real server on a fresh database with the demo content, driven by
Debian's Chromium through Playwright. Chromium is kept off the network with host-resolver rules."""

import os
from pathlib import Path

import pytest

from tests.e2e.server import demo_server

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
    with demo_server(tmp_path_factory.mktemp("e2e-var")) as site:
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
