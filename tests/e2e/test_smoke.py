"""The demo site opens in a real browser in both languages and the switcher links them."""

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot


def test_home_in_both_languages(live_site, page):
    page.goto(live_site["url"] + "/")
    expect(page.locator("h1")).to_have_text("质量服务，一站办理")
    assert page.evaluate("document.documentElement.lang") == "zh-hans"
    save_screenshot(page, "home-zh-hans-1280")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    expect(page.locator("h1")).to_have_text("Quality services, one stop")
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "home-en-390")


def test_skip_link_is_the_first_tab_stop(live_site, page):
    page.goto(live_site["url"] + "/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main-content"
