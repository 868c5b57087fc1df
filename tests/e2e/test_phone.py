"""Phone-first checks at 390×844 (a common phone) and 320 px: the header's height, the first
result on the first screen of every listing in both languages, the menu by keyboard, body text at
16 px and tap targets of 44×44 px, and on every public page type no horizontal scrolling at 320 px
and no serious axe violation at 320 and 390 px. One browser context per width serves all pages."""

import pytest
from playwright.sync_api import expect

from tests.e2e.quality import run_axe
from tests.e2e.server import manage_shell

PHONE = {"width": 390, "height": 844}
LISTINGS = [
    "/services/",
    "/providers/",
    "/stations/",
    "/policies/",
    "/search/?q=%E8%AE%A1%E9%87%8F",
    "/services/element/metrology/",
]
FIRST_RESULT = ".results > li, .policy-list > li, .search-results > li"
HEADER_LIMIT = PHONE["height"] / 4  # the header's bottom within the top quarter: 211 px


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def _bottom(page, selector):
    return page.evaluate(f"document.querySelector({selector!r}).getBoundingClientRect().bottom")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_header_is_compact_and_results_come_first(live_site, phone, prefix):
    measured = {}
    for path in LISTINGS:
        phone.goto(live_site["url"] + prefix + path)
        header = _bottom(phone, ".site-header")
        first = phone.locator(FIRST_RESULT).first
        top = first.bounding_box()["y"]
        measured[path] = (round(header), round(top))
        assert header <= HEADER_LIMIT, measured
        assert top < PHONE["height"] - 40, measured  # the result's title shows on screen one
        expect(phone.locator(".main-nav")).to_be_hidden()


def test_menu_opens_and_closes_by_keyboard(live_site, phone):
    phone.goto(live_site["url"] + "/en/services/")
    button = phone.locator(".menu-button")
    menu = phone.locator("details.header-menu")
    button.focus()
    phone.keyboard.press("Enter")
    assert menu.evaluate("d => d.open")
    expect(phone.locator(".main-nav")).to_be_visible()
    phone.keyboard.press("Escape")
    assert not menu.evaluate("d => d.open")
    assert button.evaluate("b => b === document.activeElement")
    phone.keyboard.press("Space")
    assert menu.evaluate("d => d.open")
    phone.keyboard.press("Space")
    assert not menu.evaluate("d => d.open")


def test_filter_button_opens_the_panel(live_site, phone):
    phone.goto(live_site["url"] + "/services/?element=metrology")
    toggle = phone.locator(".filter-toggle")
    expect(toggle).to_have_text("筛选 (1)")
    expect(phone.locator(".filters button[type=submit]")).to_be_hidden()
    toggle.click()
    expect(phone.locator(".filters button[type=submit]")).to_be_visible()


# Every public page type (the English page is the same path under /en/); the tracking page's
# private path comes from the live database.
PAGE_TYPES = [
    "/",
    "/services/",
    "/providers/shunde-home-appliance-testing-institute/safety-testing-of-household-appliances/",
    "/providers/",
    "/providers/zhongshan-lighting-quality-inspection-centre/",
    "/stations/",
    "/stations/shunde-home-appliance-cluster-station/",
    "/policies/",
    "/policies/samr-2020-177/",
    "/search/?q=%E8%AE%A1%E9%87%8F",
    "/services/element/metrology/",
    "/request/",
    "/diagnosis/",
]
TRACKING_CODE = """
from service_requests.models import ServiceRequest
demo = ServiceRequest.objects.filter(submission_token__startswith="demo-request-")
print(demo.filter(language="zh-hans").order_by("reference").last().get_tracking_url(absolute=False))
print(demo.filter(language="en").order_by("reference").last().get_tracking_url(absolute=False))
"""
# The controls a thumb has to hit: header (menu open), filter panel (open), chips, pagination,
# footer links. A checkbox or radio is hit through its label.
TAP_TARGETS = """() => {
    const scopes = '.site-header, .filter-panel, .active-filters, .pagination, .site-footer';
    const controls = 'a[href], button, summary, select, input:not([type=hidden])';
    const small = [];
    let smallest = Infinity;
    for (const el of document.querySelectorAll(`:is(${scopes}) :is(${controls})`)) {
        const target = ['checkbox', 'radio'].includes(el.type) && el.labels.length
            ? el.labels[0] : el;
        const box = target.getBoundingClientRect();
        if (!box.width || !box.height || !target.checkVisibility()) continue;
        const size = Math.min(box.width, box.height);
        smallest = Math.min(smallest, size);
        const label = `${Math.round(box.width)}x${Math.round(box.height)}`;
        if (size < 44 - 0.5) small.push(`${target.outerHTML.slice(0, 80)} ${label}`);
    }
    return {smallest, small};
}"""


@pytest.fixture(scope="module")
def tracking_paths(live_site):
    zh, en = manage_shell(live_site, TRACKING_CODE).splitlines()[-2:]
    return {"": zh, "/en": en}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_body_text_and_tap_targets_on_a_phone(live_site, phone, prefix):
    small, sizes = {}, {}
    for path in ["/", "/services/?element=metrology&element=testing", "/policies/"]:
        phone.goto(live_site["url"] + prefix + path)
        sizes[path] = phone.evaluate(
            "[...document.querySelectorAll('body, main p')].map("
            "e => parseFloat(getComputedStyle(e).fontSize))"
        )
        if phone.locator(".filter-toggle").count():
            phone.locator(".filter-toggle").click()
        phone.locator(".menu-button").click()
        measured = phone.evaluate(TAP_TARGETS)
        assert measured["smallest"] < float("inf")  # the header's controls at least were measured
        if measured["small"]:
            small[path] = measured["small"]
    assert small == {}
    assert min(min(found) for found in sizes.values()) >= 16, sizes


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_page_type_fits_320_px_and_passes_axe_at_both_widths(
    live_site, browser, tracking_paths, prefix
):
    context = browser.new_context(viewport={"width": 320, "height": 700}, bypass_csp=True)
    page = context.new_page()
    wide, violations = {}, {}
    for path in [*PAGE_TYPES, tracking_paths[prefix]]:
        url = path if path.startswith(prefix + "/") and prefix else prefix + path
        page.set_viewport_size({"width": 320, "height": 700})
        page.goto(live_site["url"] + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[url] = width
        found = run_axe(page)
        page.set_viewport_size(PHONE)
        found += run_axe(page)
        if found:
            violations[url] = found
    context.close()
    assert wide == {}
    assert violations == {}
