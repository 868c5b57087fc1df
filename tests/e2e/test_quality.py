"""Every public page type in both languages: 0 serious/critical axe violations and valid HTML."""

import pytest

from tests.e2e.conftest import save_screenshot
from tests.e2e.quality import run_axe, validate_html

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
URLS = [
    (f"{name}-{lang}", path)
    for name, zh, en in PAGE_TYPES
    for lang, path in (("zh", zh), ("en", en))
]


@pytest.mark.parametrize(("name", "path"), URLS, ids=[name for name, _ in URLS])
def test_no_serious_accessibility_violations(live_site, browser, name, path):
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(live_site["url"] + path)
        violations = run_axe(page)
        save_screenshot(page, f"{name}-{width}")
        context.close()
        assert violations == [], f"{path} at {width}px: {violations}"


def test_every_page_type_is_valid_html(live_site):
    errors = validate_html([live_site["url"] + path for _, path in URLS])
    assert errors == {}, errors
