"""An editor writes a policy page in Chinese in the Wagtail admin, translates it into English with
wagtail-localize's translation editor, publishes both, and finds both through the site search."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import log_in
from tests.e2e.server import manage_shell


def _search_until_found(page, url, title, timeout=90):
    """Search until ``title`` is among the results: the search index is updated by the task
    worker a moment after publishing."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        titles = page.locator(".search-results h2").all_inner_texts()
        if title in titles:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{title!r} not found at {url}: {titles}")
        time.sleep(1)


def test_editor_publishes_a_policy_in_chinese_and_english(live_site, page):
    base = live_site["url"]
    page.set_default_timeout(20000)
    index_id = manage_shell(
        live_site,
        "from policies.models import PolicyIndexPage; "
        "print(PolicyIndexPage.objects.get(locale__language_code='zh-hans').pk)",
    ).splitlines()[-1]
    # Unique per run, so that the test can be repeated against the same server.
    stamp = str(int(time.time()))[-6:]
    zh_title = f"关于推进检验检测报告跨部门互认的通知（第{stamp}号）"
    en_title = f"Notice on cross-department recognition of test reports (No. {stamp})"

    log_in(page, base, "admin")
    page.goto(f"{base}/admin/pages/{index_id}/")
    page.get_by_role("link", name="添加子页面").first.click()
    # Wagtail goes straight to the form when only one page type may be added here.
    page.wait_for_url(re.compile(r"/add_subpage/|/pages/add/"))
    if "/add_subpage/" in page.url:  # several child page types: choose the policy
        page.get_by_role("link", name="政策文件页").click()
    page.locator("#id_title").fill(zh_title)
    page.get_by_role("button", name="选择 发文机关").click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    page.locator(".modal").wait_for(state="hidden")
    page.locator("#id_level").select_option(label="省级")
    page.locator("#id_policy_type").select_option(label="通知公告")
    page.locator("#id_issue_date").fill("2026-11-20")
    page.keyboard.press("Escape")  # close the date picker
    page.locator("#id_summary").fill(
        "推进全省检验检测报告跨部门互认，出口企业凭一份报告即可办理多项手续。"
    )
    page.get_by_role("button", name="更多动作").click()
    page.get_by_role("button", name="发布", exact=True).click()
    page.wait_for_url(f"**/admin/pages/{index_id}/")
    expect(page.locator(".messages")).to_contain_text("已创建并发布")

    # Translate into English in the translation editor: each segment, then publish.
    page.get_by_role("link", name=zh_title).first.click()
    page.get_by_role("button", name="操作").first.click()
    page.get_by_role("link", name="翻译此页").click()
    # The admin names locales in the staff member's language (英文), the site in their own.
    page.locator("input[name=locales]").first.check()  # the one locale left: English
    with page.expect_navigation():
        page.locator("form input[type=submit]").click()
    assert page.get_by_text(
        re.compile(r"(简体中文|中文) to (English|英文) translation")
    ).first.is_visible()
    segments = [
        en_title,
        "Test reports issued in the province are recognised by every department, so exporters "
        "need one report for several procedures.",
    ]
    for text in segments:
        page.get_by_role("button", name="翻译", exact=True).first.click()
        page.locator("textarea:visible").first.fill(text)
        page.get_by_role("button", name="保存", exact=True).first.click()
        page.get_by_text(text).first.wait_for()
    save_screenshot(page, "admin-translation-editor-1280")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"发布在(English|英文)")).click()
    assert re.search("English|英文", page.locator(".messages").inner_text())

    # Both pages are live, linked by the language switcher, and found by the site search.
    _search_until_found(page, f"{base}/search/?q=跨部门互认", zh_title)
    page.get_by_role("link", name=zh_title).click()
    expect(page.locator("h1")).to_have_text(zh_title)
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text(en_title)
    expect(page).to_have_url(re.compile(r"/en/policies/"))
    _search_until_found(page, f"{base}/en/search/?q=cross-department+recognition", en_title)
    save_screenshot(page, "admin-translated-policy-search-en-1280")
