"""A demo station's poster (two QR codes, A4 print layout) and its 扫码评价 rating page, in both
languages: reachable from the station page, axe without serious violations, the rating sent by
keyboard without JavaScript. Staff record a walk-in request at a station in the admin: the form
explains what is missing, then the request is on the staff side with its channel and station,
and the enterprise, which gave only a mobile number, gets its tracking link by SMS."""

import re
import time

import pytest
from playwright.sync_api import expect

from service_requests.factories import make_uscc
from tests.e2e.journeys import log_in
from tests.e2e.quality import run_axe, wait_for_animations


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_poster_and_rating_pages(live_site, page, prefix):
    page.goto(live_site["url"] + prefix + "/stations/")
    page.locator(".results > li a").first.click()
    page.wait_for_url(re.compile(r"/stations/[^/?]+/$"))  # the station's page, not the listing
    station_url = page.url
    page.locator("a[href$='/poster/']").click()
    expect(page.locator("svg[role='img']")).to_have_count(2)
    assert run_axe(page) == []
    page.emulate_media(media="print")
    expect(page.locator(".site-header").first).to_be_hidden()
    page.emulate_media(media="screen")

    page.goto(station_url + "rate/")
    assert run_axe(page) == []
    page.locator("input[name='score'][value='5']").focus()
    page.keyboard.press("Space")
    page.locator("textarea[name='comment']").fill("很方便" if not prefix else "Quick and clear")
    page.locator(".form-page form button[type='submit']").click()
    expect(page).to_have_url(re.compile(r"/rate/thanks/$"))
    assert run_axe(page) == []


def _read_sms(var_dir, number, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted((var_dir / "sms").glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            if text.startswith(f"To: {number}\n"):
                return text
        time.sleep(0.5)
    raise AssertionError(f"no SMS to {number} in {var_dir / 'sms'}")


def test_staff_record_a_walk_in_request_at_a_station(live_site, browser):
    base = live_site["url"]
    mobile = f"139{int(time.time()) % 10**8:08d}"
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(20000)
    page = context.new_page()
    log_in(page, base, "coordinator")
    page.get_by_role("link", name="登记线下需求").first.click()
    page.wait_for_url(re.compile(r"/admin/requests/offline/"))
    wait_for_animations(page)
    assert run_axe(page) == []

    # Sent empty: every missing answer is named, nothing is recorded.
    with page.expect_navigation():
        page.get_by_role("button", name="登记需求").click()
    assert page.locator(".error-message, .help-critical").count() >= 5
    wait_for_animations(page)
    assert run_axe(page) == []

    form = page.locator("main form")
    form.locator("input[name=intake_channel][value=walk_in]").check()
    form.locator("select[name=station]").select_option(index=1)
    station = form.locator("select[name=station] option:checked").inner_text()
    form.locator("input[name=enterprise_name]").fill("江门示范五金有限公司")
    form.locator("input[name=uscc]").fill(make_uscc(int(mobile[-3:])))
    for name in ("scale", "industry", "city", "timeframe", "preferred_channel"):
        form.locator(f"select[name={name}]").select_option(index=1)
    form.locator("textarea[name=description]").fill("到站咨询：出口五金件需要检测和认证。")
    form.locator("input[name=elements][value=testing]").check()
    form.locator("input[name=contact_name]").fill("黄先生")
    form.locator("input[name=contact_phone]").fill(mobile)
    form.locator("select[name=preferred_contact]").select_option("phone")
    form.locator("input[name=privacy_consent]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="登记需求").click()
    errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert re.search(r"/admin/requests/\d+/$", page.url), errors
    reference = page.locator("h1").inner_text().strip()
    assert re.search(r"QI-\d{8}-\d{4}", reference), reference
    summary = page.locator("main").inner_text()
    assert "服务站点现场受理" in summary and station in summary, summary[:2000]
    wait_for_animations(page)
    assert run_axe(page) == []
    context.close()

    message = _read_sms(live_site["var"], mobile)
    assert re.search(r"QI-\d{8}-\d{4}", message) and "/request/track/" in message
