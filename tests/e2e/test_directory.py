"""The directory in a real browser: filters work with JavaScript off, the offline map links
stations, and a service's request button carries the service and provider."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot


def test_filters_work_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_site["url"] + "/services/")
    total = int(re.search(r"\d+", page.locator(".result-count").inner_text()).group())
    page.get_by_label("检验检测", exact=True).check()
    page.locator("summary", has_text="城市").click()
    page.get_by_label("佛山", exact=True).check()
    page.get_by_role("button", name="应用筛选").click()
    page.wait_for_url(re.compile(r"element=testing.*city=foshan"))
    count = int(re.search(r"\d+", page.locator(".result-count").inner_text()).group())
    assert 0 < count < total
    expect(page.get_by_label("检验检测", exact=True)).to_be_checked()
    save_screenshot(page, "directory-filtered-zh-hans-1280")
    page.locator(".result-title a").first.click()
    href = page.get_by_role("link", name="申请该服务").get_attribute("href")
    assert re.search(r"request/\?service=\d+&provider=\d+", href)
    context.close()


def test_station_map_is_drawn_locally_and_links_stations(live_site, page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_site["url"] + "/stations/")
    markers = page.locator("svg a.map-marker")
    assert markers.count() >= 6
    assert all(url.startswith(live_site["url"]) for url in requests)
    save_screenshot(page, "stations-zh-hans-1280")
    page.locator(".stations-list .result-title a").first.click()
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("svg a.map-marker")).to_have_count(1)


def test_provider_shows_an_expired_credential(live_site, page):
    page.goto(live_site["url"] + "/en/providers/")
    page.get_by_role("link", name="Jiangmen Hardware and Sanitary Ware Testing Station").click()
    row = page.locator("tr.credential").first
    expect(row).to_contain_text("Expired")
    save_screenshot(page, "provider-en-1280")
