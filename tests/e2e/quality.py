"""Accessibility and HTML checks used by the browser tests.

axe-core and the Nu HTML Checker come from ``node_modules`` (``npm ci`` in .ci/install-browser),
never from a CDN; the checker runs on the machine's Java.
"""

import json
import subprocess
from pathlib import Path

from tests.e2e.conftest import save_screenshot

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_JS = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_IMPACTS = {"serious", "critical"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Wagtail slides its messages in; colours are measured once the page has settled. Finite
# animations are jumped to their end rather than waited for: the sidebar's "what's new" badge
# alone pings 5 times over 25 seconds for a user who has not dismissed it.
SETTLED = """() => Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => { a.finish(); return a.finished; }))"""


def wait_for_animations(page):
    """Settle the page: every finite animation jumps to its end state."""
    page.evaluate(SETTLED)


def run_axe(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules, best practices) on the loaded page and return
    the violations of serious or critical impact.

    A click that navigates returns once the next document is committed, before it has a head to
    add a script to: the check first waits for that document to load."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        AXE_TAGS,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"][:5]],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page, name):
    """Settle the page, check it with axe-core, keep a screenshot called ``name`` and fail with
    the serious or critical violations found."""
    wait_for_animations(page)
    violations = run_axe(page)
    save_screenshot(page, name)
    assert violations == [], f"{name}: {violations}"


def validate_html(urls):
    """Check every URL with the Nu HTML Checker in one JVM run; return {url: [error messages]}."""
    result = subprocess.run(
        [
            "java",
            "-Dnu.validator.servlet.allow-forbidden-hosts=true",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            *urls,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            errors.setdefault(message.get("url", "?"), []).append(
                f"line {message.get('lastLine')}: {message.get('message')}"
            )
    return errors
