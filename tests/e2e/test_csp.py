"""No Content Security Policy violation on any page type, public (both languages) or staff.

A listener injected before any page script records every ``securitypolicyviolation`` event and
the console is watched for Chromium's "violates the following Content Security Policy" reports.
Every response carries the header; public pages never allow inline scripts."""

import json

import pytest

from tests.e2e.journeys import TEXT, VALID_USCC, log_in
from tests.e2e.server import manage_shell
from tests.e2e.test_quality import PAGE_TYPES

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
        `${e.violatedDirective} blocked=${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`
    );
});
"""
# Violation events are queued as tasks: let them run before reading the list.
VIOLATIONS = "() => new Promise((done) => setTimeout(() => done(window.__cspViolations), 100))"
PUBLIC = [
    (f"{name}-{lang}", path)
    for name, zh, en in PAGE_TYPES
    if name != "not-found"
    for lang, path in (("zh", zh), ("en", en))
] + [("diagnosis-zh", "/diagnosis/"), ("diagnosis-en", "/en/diagnosis/")]
PRIVATE_CODE = """
import json
from wagtail.models import Page
from service_requests.models import ServiceRequest
demo = ServiceRequest.objects.filter(submission_token__startswith="demo-request-")
out = {lang: demo.filter(language=code).first().get_tracking_url(absolute=False)
       for lang, code in (("zh", "zh-hans"), ("en", "en"))}
out["request"] = demo.first().pk
out["page"] = Page.objects.get(url_path="/home/policies/").pk
print(json.dumps(out))
"""


def _script_src(header):
    for directive in header.split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "script-src":
            return value
    return None


class Watcher:
    """One browser context with the violation listener and a console log."""

    def __init__(self, browser, locale):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
        self.context.set_default_timeout(20000)
        self.context.add_init_script(LISTENER)
        self.page = self.context.new_page()
        self.console = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, url):
        self.console.clear()
        response = self.page.goto(url)
        return response.headers.get("content-security-policy", "")

    def check(self, name):
        violations = self.page.evaluate(VIOLATIONS) + self.console
        assert violations == [], f"{name}: {violations}"


@pytest.fixture(scope="module")
def watchers(browser):
    made = {lang: Watcher(browser, locale) for lang, locale in (("zh", "zh-CN"), ("en", "en-GB"))}
    yield made
    for watcher in made.values():
        watcher.context.close()


@pytest.fixture(scope="module")
def private(live_site):
    return json.loads(manage_shell(live_site, PRIVATE_CODE).splitlines()[-1])


def _public_check(watcher, url, name):
    header = watcher.visit(url)
    script_src = _script_src(header)
    assert script_src is not None, f"{name}: no script-src in {header!r}"
    assert "'unsafe-inline'" not in script_src, f"{name}: {script_src}"
    watcher.check(name)


@pytest.mark.parametrize("name,path", PUBLIC, ids=[name for name, _ in PUBLIC])
def test_public_page_has_no_csp_violation(live_site, watchers, name, path):
    _public_check(watchers[name.rsplit("-", 1)[1]], live_site["url"] + path, name)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracking_and_request_steps_have_no_csp_violation(live_site, watchers, private, lang):
    watcher, t = watchers[lang], TEXT[lang]
    _public_check(watcher, live_site["url"] + private[lang], f"tracking-{lang}")
    page = watcher.page
    _public_check(watcher, live_site["url"] + t["prefix"] + "/request/", f"request-{lang}")
    page.get_by_role("button", name=t["start"]).click()
    page.get_by_label(t["name"]).wait_for()
    watcher.check(f"request-enterprise-{lang}")
    page.get_by_label(t["name"]).fill("佛山顺德示范电器有限公司")
    page.get_by_label(t["uscc"]).fill(VALID_USCC)
    page.get_by_role("radio", name=t["scale"], exact=True).check()
    page.get_by_label(t["industry"]).select_option(label=t["industry_option"])
    page.get_by_label(t["city"], exact=True).select_option(label=t["city_option"])
    page.get_by_role("button", name=t["continue"], exact=True).click()
    page.get_by_label(t["description"]).wait_for()
    watcher.check(f"request-needs-{lang}")


INLINE_SCRIPTS = (
    "() => document.querySelectorAll('script:not([src]):not([type]),"
    ' script[type="text/javascript"]:not([src])\').length'
)
# Admin pages with none of Wagtail's own inline scripts: script-src without 'unsafe-inline'
# (any other page without one too; the request listing's date filter has one).
STRICT_ADMIN = [
    ("dashboard", "/admin/"),
    ("request-view", "/admin/requests/{request}/"),
    ("scheduled-jobs", "/admin/scheduled-jobs/"),
    ("reports", "/admin/reports/"),
    ("improvement-actions", "/admin/reports/actions/"),
    ("callbacks", "/admin/reports/callbacks/"),
    ("images", "/admin/images/"),
    ("documents", "/admin/documents/"),
    ("page-search", "/admin/pages/search/?q=计量"),
]
# Pages rendering Wagtail's inline scripts (date pickers, inline panels) may allow them.
OTHER_ADMIN = [
    ("request-listing", "/admin/requests/"),
    ("page-edit", "/admin/pages/{page}/edit/"),
    ("page-explorer", "/admin/pages/{page}/"),
]


def test_staff_pages_have_no_csp_violation(live_site, browser, private):
    base = live_site["url"]
    watcher = Watcher(browser, "zh-CN")
    try:
        log_in(watcher.page, base, "admin")
        strict = {name for name, _path in STRICT_ADMIN}
        for name, path in STRICT_ADMIN + OTHER_ADMIN:
            header = watcher.visit(base + path.format(**private))
            assert "default-src 'self'" in header, f"{name}: {header!r}"
            assert "style-src-elem 'self';" in header + ";", f"{name}: {header!r}"
            inline = watcher.page.evaluate(INLINE_SCRIPTS)
            if name in strict or not inline:
                assert "'unsafe-inline'" not in _script_src(header), f"{name}: {header!r}"
            watcher.page.wait_for_load_state("networkidle")
            watcher.check(name)
    finally:
        watcher.context.close()


def test_the_listener_reports_a_blocked_inline_script(live_site, watchers):
    """The check can fail: an inline script added to a public page is blocked and reported."""
    watcher = watchers["zh"]
    watcher.visit(live_site["url"] + "/")
    watcher.page.evaluate(
        """() => document.head.appendChild(
            Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}))"""
    )
    assert watcher.page.evaluate("window.ran") is None
    violations = watcher.page.evaluate(VIOLATIONS)
    assert any(v.startswith("script-src") for v in violations), violations
    with pytest.raises(AssertionError):
        watcher.check("home-with-inline-script")
