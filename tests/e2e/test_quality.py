"""Every public page type in both languages: 0 serious/critical axe violations and valid HTML."""

import json

import pytest

from tests.e2e.conftest import save_screenshot
from tests.e2e.quality import run_axe, validate_html
from tests.e2e.server import manage_shell

# (name, zh-hans path, English path). Extended as page types arrive.
PAGE_TYPES = [
    ("home", "/", "/en/"),
    ("standard", "/about/", "/en/about/"),
    ("news-index", "/news/", "/en/news/"),
    ("news", "/news/case-foshan-ceramics/", "/en/news/case-foshan-ceramics/"),
    ("policy-index", "/policies/", "/en/policies/"),
    (
        "policy-index-filtered",
        "/policies/?level=national&element=testing&year=abc",
        "/en/policies/?level=national&element=testing&year=abc",
    ),
    ("policy", "/policies/samr-2020-177/", "/en/policies/samr-2020-177/"),
    ("policy-repealed", "/policies/ccc-2009/", "/en/policies/ccc-2009/"),
    ("search", "/search/?q=计量", "/en/search/?q=metrology"),
    ("search-empty", "/search/?q=zzzzqqq", "/en/search/?q=zzzzqqq"),
    ("not-found", "/no-such-page/", "/en/no-such-page/"),
    ("directory", "/services/", "/en/services/"),
    (
        "directory-filtered",
        "/services/?element=testing&city=foshan&fee=charged&sort=turnaround",
        "/en/services/?element=testing&city=foshan&fee=charged&sort=turnaround",
    ),
    ("element", "/services/element/testing/", "/en/services/element/testing/"),
    (
        "solution",
        "/services/taking-a-new-product-to-market/",
        "/en/services/taking-a-new-product-to-market/",
    ),
    ("providers", "/providers/?scheme=CNAS", "/en/providers/?scheme=CNAS"),
    (
        "provider",
        "/providers/zhongshan-lighting-quality-inspection-centre/",
        "/en/providers/zhongshan-lighting-quality-inspection-centre/",
    ),
    (
        "service",
        "/providers/shunde-home-appliance-testing-institute/safety-testing-of-household-appliances/",
        "/en/providers/shunde-home-appliance-testing-institute/"
        "safety-testing-of-household-appliances/",
    ),
    ("stations", "/stations/", "/en/stations/"),
    (
        "station",
        "/stations/shunde-home-appliance-cluster-station/",
        "/en/stations/shunde-home-appliance-cluster-station/",
    ),
    ("request", "/request/", "/en/request/"),
    ("request-track-lookup", "/request/track/", "/en/request/track/"),
]
# Pages behind a private link (tracking, survey): their paths come from the live database.
PRIVATE_PAGE_TYPES = ["track-awaiting", "track", "survey"]
PRIVATE_URLS_CODE = """
import json
from service_requests.models import SatisfactionSurvey, ServiceRequest
demo = ServiceRequest.objects.filter(submission_token__startswith="demo-request-")
out = {}
for lang, code in (("zh", "zh-hans"), ("en", "en")):
    mine = demo.filter(language=code).order_by("reference")
    waiting = mine.filter(state="awaiting_enterprise").first() or mine.first()
    out["track-awaiting-" + lang] = waiting.get_tracking_url(absolute=False)
    resolved = mine.filter(state__in=["resolved", "closed"]).first() or mine.last()
    out["track-" + lang] = resolved.get_tracking_url(absolute=False)
    survey = SatisfactionSurvey.objects.filter(
        request__language=code, responded_at__isnull=True
    ).order_by("request__reference").first()
    out["survey-" + lang] = survey.get_url(absolute=False)
print(json.dumps(out))
"""
URLS = [
    (f"{name}-{lang}", path)
    for name, zh, en in PAGE_TYPES
    for lang, path in (("zh", zh), ("en", en))
]
IDS = [name for name, _ in URLS] + [
    f"{name}-{lang}" for name in PRIVATE_PAGE_TYPES for lang in ("zh", "en")
]


@pytest.fixture(scope="module")
def private_urls(live_site):
    """{"track-zh": path, …} for demo requests and an unanswered survey, in both languages."""
    return json.loads(manage_shell(live_site, PRIVATE_URLS_CODE).splitlines()[-1])


@pytest.fixture(scope="module")
def quality_pages(browser):
    """One page per language (the browser's own controls, like the file picker, speak it) for
    every page type: axe at desktop width, then a phone-width screenshot of the same document
    (the layout reflows; no second load)."""
    contexts = {
        lang: browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900}, locale=locale
        )
        for lang, locale in (("zh", "zh-CN"), ("en", "en-GB"))
    }
    yield {lang: context.new_page() for lang, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("name", IDS)
def test_no_serious_accessibility_violations(live_site, quality_pages, private_urls, name):
    path = dict(URLS).get(name) or private_urls[name]
    page = quality_pages[name.rsplit("-", 1)[1]]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_site["url"] + path)
    violations = run_axe(page)
    save_screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, f"{name}-390")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert violations == [], f"{path}: {violations}"
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390px"


def test_every_page_type_is_valid_html(live_site, private_urls):
    paths = [path for _, path in URLS] + list(private_urls.values())
    errors = validate_html([live_site["url"] + path for path in paths])
    assert errors == {}, errors
