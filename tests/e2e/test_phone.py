"""Phone-first checks at 390×844 (a common phone) and 320 px: the header's height, the first
result on the first screen of every listing in both languages, the menu by keyboard, and no
horizontal scrolling. One browser context per width serves all pages."""

import pytest

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
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
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
        assert phone.locator(".main-nav").is_hidden()


def test_menu_opens_and_closes_by_keyboard(live_site, phone):
    phone.goto(live_site["url"] + "/en/services/")
    button = phone.locator(".menu-button")
    menu = phone.locator("details.header-menu")
    button.focus()
    phone.keyboard.press("Enter")
    assert menu.evaluate("d => d.open")
    assert phone.locator(".main-nav").is_visible()
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
    assert toggle.inner_text().strip() == "筛选 (1)"
    assert phone.locator(".filters button[type=submit]").is_hidden()
    toggle.click()
    assert phone.locator(".filters button[type=submit]").is_visible()


def test_no_horizontal_scrolling_at_320_px(live_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    wide = {}
    for prefix in ("", "/en"):
        for path in ["/", *LISTINGS]:
            page.goto(live_site["url"] + prefix + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[prefix + path] = width
    context.close()
    assert wide == {}
