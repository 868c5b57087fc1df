"""The 质量诊断 helper on a phone (390×844): from the main menu through the questions (an error,
back, a change from the check page) to the recommendations and the request form prefilled with
the elements and a summary of the answers. axe-core on every page: nothing serious."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import TEXT, VALID_USCC
from tests.e2e.quality import run_axe


def _check(page, name):
    violations = run_axe(page)
    save_screenshot(page, f"diagnosis-{name}")
    assert violations == [], f"{name}: {violations}"


def test_a_manufacturer_finds_its_services_and_starts_a_request(live_site, browser):
    t = TEXT["zh"]
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto(live_site["url"] + "/")
    page.locator(".menu-button").click()  # on a phone the navigation folds into the menu
    page.locator(".main-nav").get_by_role("link", name="质量诊断", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("质量诊断")
    _check(page, "intro")
    page.get_by_role("button", name="开始填写").click()

    # Nothing chosen: the error summary takes the focus and links to the first answer.
    expect(page.get_by_text("问题 1 / 5")).to_be_visible()
    page.get_by_role("button", name="继续", exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("请至少选择一个答案。")
    # Focused by the deferred script, which may run after the summary is shown: wait for it.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    _check(page, "error")
    page.get_by_role("checkbox", name="新产品要上市，不清楚要做哪些检测和认证").check()
    page.get_by_role("button", name="继续", exact=True).click()

    page.get_by_role("radio", name="按规定周期定期检定或校准").check()
    page.get_by_role("button", name="继续", exact=True).click()
    page.get_by_role("radio", name="还没有适用标准，想制定企业标准").check()
    page.get_by_role("button", name="继续", exact=True).click()
    page.get_by_role("radio", name="还没有", exact=True).check()
    page.get_by_role("button", name="继续", exact=True).click()
    _check(page, "question")
    page.get_by_role("link", name="返回").click()  # back: the answer is still there
    expect(page.get_by_role("radio", name="还没有", exact=True)).to_be_checked()
    page.get_by_role("button", name="继续", exact=True).click()
    page.get_by_role("radio", name="商标还没有注册").check()
    page.get_by_role("button", name="继续", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("核对您的回答")
    _check(page, "check")
    page.get_by_role("link", name=re.compile("修改 生产中使用的测量设备")).click()
    page.get_by_role("radio", name="精度要求高，需要提升测量能力").check()
    page.get_by_role("button", name="保存并返回核对页面").click()
    expect(page.get_by_text("精度要求高，需要提升测量能力")).to_be_visible()
    page.get_by_role("button", name="查看推荐结果").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("为您推荐")
    _check(page, "result")
    expect(page.get_by_role("link", name="新产品上市一站式方案")).to_be_visible()
    expect(page.get_by_role("link", name="精密制造测量能力提升方案")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_role("button", name="用这些回答提出服务需求").click()

    page.get_by_label(t["name"]).fill("佛山示范精密制造有限公司")
    page.get_by_label(t["uscc"]).fill(VALID_USCC)
    page.get_by_role("radio", name=t["scale"], exact=True).check()
    page.get_by_label(t["industry"]).select_option(label=t["industry_option"])
    page.get_by_label(t["city"], exact=True).select_option(label=t["city_option"])
    page.get_by_role("button", name="继续", exact=True).click()

    _check(page, "request-needs")
    for element in ("计量", "标准", "认证认可", "知识产权"):
        expect(page.get_by_role("checkbox", name=element, exact=True), element).to_be_checked()
    description = page.get_by_label(t["description"]).input_value()
    assert description.startswith("我在“质量诊断”中的回答：")
    assert "商标还没有注册" in description
    context.close()
