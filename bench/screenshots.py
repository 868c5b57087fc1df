"""Screenshots of every public page type in both languages at 390 px (a phone) and 1280 px, for
reviewers to look at instead of read.

    make screenshots                                     # a fresh demo server
    .venv/bin/python -m bench.screenshots --url http://127.0.0.1:8000 --var var   # a running one

Writes ``docs/screenshots/{page}-{lang}-{width}.jpg`` (the first two screens, JPEG quality
60). Chromium is
launched with the browser tests' flags, so it never leaves 127.0.0.1.
"""

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.server import demo_server, manage_shell  # noqa: E402
from tests.e2e.test_phone import PAGE_TYPES, TRACKING_CODE  # noqa: E402

OUT_DIR = BASE_DIR / "docs" / "screenshots"
WIDTHS = {390: 844, 1280: 900}
SCREENS = 2  # the first two screens of a long page: what a reader sees without much scrolling
QUALITY = 60
NAMES = [
    "home",
    "services",
    "service",
    "providers",
    "provider",
    "stations",
    "station",
    "policies",
    "policy",
    "search",
    "element",
    "request",
    "diagnosis",
]


@contextmanager
def running_site(url, var):
    if url:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.dev", "VAR_DIR": var}
        env.pop("DATABASE_URL", None)
        yield {"url": url, "var": Path(var), "env": env}
        return
    with demo_server() as site:
        yield site


def pages(site):
    """[(name, language, path)] for every page type; the tracking page's path from the database."""
    tracking = manage_shell(site, TRACKING_CODE).splitlines()[-2:]
    found = []
    for lang, prefix, track in (("zh", "", tracking[0]), ("en", "/en", tracking[1])):
        found += [(name, lang, prefix + path) for name, path in zip(NAMES, PAGE_TYPES, strict=True)]
        found.append(("tracking", lang, track))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running demo server instead of a fresh one")
    parser.add_argument("--var", default="var", help="that server's VAR_DIR")
    args = parser.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with running_site(args.url, args.var) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        todo = pages(site)
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, lang, path in todo:
                page.goto(site["url"] + path)
                target = OUT_DIR / f"{name}-{lang}-{width}.jpg"
                tall = min(page.evaluate("document.documentElement.scrollHeight"), height * SCREENS)
                clip = {"x": 0, "y": 0, "width": width, "height": tall}
                page.screenshot(
                    path=str(target), full_page=True, clip=clip, type="jpeg", quality=QUALITY
                )
                print(target.relative_to(BASE_DIR))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
