"""The request form in a real browser, filled in as a new user would: by the visible labels,
legends and buttons only, in both languages, with axe-core on every step (errors included) and
the Nu HTML Checker on every page of the flow."""

import re

import pytest

from tests.e2e.conftest import save_screenshot
from tests.e2e.quality import run_axe, validate_html

TEXT = {
    "zh": {
        "prefix": "",
        "start": "开始填写",
        "continue": "继续",
        "send": "确认并提交",
        "name": "企业名称",
        "uscc": "统一社会信用代码",
        "scale": "小型",
        "industry": "所属行业",
        "industry_option": "制造业",
        "city": "所在城市",
        "city_option": "佛山",
        "element": "检验检测",
        "description": "需求描述",
        "timeframe": "1 个月内",
        "channel": "均可",
        "upload": "上传文件",
        "person": "联系人姓名",
        "phone": "手机号码",
        "email": "电子邮箱",
        "method": "电话联系",
        "consent": "我已阅读隐私声明",
        "problem": "请更正以下问题",
        "done": "需求已提交",
        "track": "查看办理进度",
    },
    "en": {
        "prefix": "/en",
        "start": "Start now",
        "continue": "Continue",
        "send": "Accept and send",
        "name": "Enterprise name",
        "uscc": "Unified social credit code",
        "scale": "Small",
        "industry": "Industry",
        "industry_option": "Manufacturing",
        "city": "City",
        "city_option": "Foshan",
        "element": "Inspection & testing",
        "description": "Describe what you need",
        "timeframe": "Within a month",
        "channel": "No preference",
        "upload": "Upload files",
        "person": "Full name",
        "phone": "Mobile phone number",
        "email": "Email address",
        "method": "By phone",
        "consent": "I have read the privacy notice",
        "problem": "There is a problem",
        "done": "Request sent",
        "track": "Track your request",
    },
}


def _check(page, name, html_pages):
    html_pages.append((name, page.content()))  # before axe adds its script
    violations = run_axe(page)
    save_screenshot(page, f"request-{name}")
    assert violations == [], f"{name}: {violations}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_user_sends_a_request_using_only_what_is_on_screen(
    live_site, browser, tmp_path, lang
):
    t = TEXT[lang]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    page = context.new_page()
    pages = []
    page.goto(live_site["url"] + t["prefix"] + "/request/")
    _check(page, f"{lang}-start", pages)
    page.get_by_role("button", name=t["start"]).click()

    # Step 1, first with nothing filled in: the error summary links to the fields.
    page.get_by_role("button", name=t["continue"], exact=True).click()
    assert page.get_by_role("alert").get_by_text(t["problem"]).is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    _check(page, f"{lang}-enterprise-errors", pages)
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_enterprise-enterprise_name"
    page.get_by_label(t["name"]).fill("佛山顺德示范电器有限公司")
    page.get_by_label(t["uscc"]).fill("91440101MA5C00001N")
    page.get_by_role("radio", name=t["scale"], exact=True).check()
    page.get_by_label(t["industry"]).select_option(label=t["industry_option"])
    page.get_by_label(t["city"]).select_option(label=t["city_option"])
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-needs", pages)
    page.get_by_role("checkbox", name=t["element"]).check()
    page.get_by_label(t["description"]).fill("新款电热水壶上市前需要做安全和能效检测。")
    page.get_by_role("radio", name=t["timeframe"]).check()
    page.get_by_role("radio", name=t["channel"]).check()
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-files", pages)
    page.get_by_label(t["upload"]).set_input_files(
        [{"name": "spec.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-contact", pages)
    page.get_by_label(t["person"]).fill("王小明")
    page.get_by_label(t["phone"]).fill("13800138000")
    page.get_by_label(t["email"]).fill("wang@example.com")
    page.get_by_role("radio", name=t["method"], exact=True).check()
    page.get_by_role("checkbox", name=re.compile(re.escape(t["consent"]))).check()
    page.get_by_role("button", name=t["continue"], exact=True).click()

    _check(page, f"{lang}-check", pages)
    assert page.get_by_text("spec.pdf").is_visible()
    page.get_by_role("button", name=t["send"]).click()

    _check(page, f"{lang}-submitted", pages)
    assert page.get_by_role("heading", name=t["done"]).is_visible()
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"QI-\d{8}-\d{4}", reference)
    page.reload()  # a refresh shows the same confirmation
    assert page.locator(".reference").inner_text() == reference
    page.get_by_role("link", name=t["track"]).click()
    _check(page, f"{lang}-track", pages)
    assert page.get_by_role("heading", name=re.compile(reference)).is_visible()
    context.close()

    files = []
    for name, html in pages:
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    assert validate_html(files) == {}
