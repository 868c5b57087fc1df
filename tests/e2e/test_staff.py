"""Journey 3: a member of one inbox handles a new request in the Wagtail admin (in Chinese): finds
it in the listing, accepts it, writes an internal note and a reply to the enterprise, and marks it
resolved. The enterprise then sees the reply, and not the internal note, on its tracking page and
answers the satisfaction survey from the email. axe-core runs on the admin listing and view."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.journeys import log_in, read_acknowledgement, read_email, tracking_path
from tests.e2e.quality import assert_accessible
from tests.e2e.server import manage_shell

SUBMIT = """
from service_requests import services
from service_requests.factories import make_submission
submission = make_submission(
    "e2e-staff-{stamp}", ["testing"], enterprise_name="东莞示范塑料制品有限公司", city="dongguan",
    description="出口玩具需要做塑料材料的有害物质检测，请推荐有资质的检测机构。",
    contact_name="李华", contact_phone="13900139000", contact_email="{email}",
    preferred_contact="email",
)
print(services.submit_request(submission)[0].reference)
"""
NOTE = "已电话联系企业，确认样品数量为 3 件。"
REPLY = "您好，我们已安排广东省产品质量监督检验研究院为您检测，请于下周一前寄送样品。"


def _assert_accessible(page, name):
    assert_accessible(page, f"admin-{name}")


def _section(page, heading_id):
    return page.locator(f"section[aria-labelledby={heading_id}]")


def _change_status(page, state, note=""):
    section = _section(page, "sr-transition")
    section.get_by_label("新状态").select_option(label=state)
    if note:
        section.get_by_label("备注", exact=True).fill(note)
    with page.expect_navigation():
        section.get_by_role("button", name="变更状态").click()
    expect(page.locator(".sr-summary, main").get_by_text(state).first).to_be_visible()


def test_a_staff_member_handles_a_request_and_the_enterprise_rates_it(live_site, browser):
    base = live_site["url"]
    stamp = str(int(time.time()))
    contact = f"staff-journey-{stamp}@example.com"
    reference = manage_shell(live_site, SUBMIT.format(stamp=stamp, email=contact)).splitlines()[-1]
    assert re.fullmatch(r"QI-\d{8}-\d{4}", reference)
    _message, acknowledgement = read_acknowledgement(live_site["var"], contact, reference)
    tracking = base + tracking_path(acknowledgement)

    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(20000)
    page = context.new_page()
    log_in(page, base, "inbox-testing")

    # The listing, found from the admin menu, shows the new request first.
    page.get_by_role("link", name=re.compile("服务需求")).first.click()
    page.wait_for_url(re.compile(r"/admin/requests/"))
    _assert_accessible(page, "request-listing")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(r"/admin/requests/\d+/"))
    expect(page.get_by_role("heading", level=1).filter(has_text=reference)).to_be_visible()
    _assert_accessible(page, "request-view")

    _change_status(page, "已受理")

    note = _section(page, "sr-note")
    note.get_by_label("内容").fill(NOTE)
    with page.expect_navigation():
        note.get_by_role("button", name="保存").click()
    note = _section(page, "sr-note")
    note.get_by_label("内容").fill(REPLY)
    note.get_by_role("checkbox", name=re.compile("回复企业")).check()
    with page.expect_navigation():
        note.get_by_role("button", name="保存").click()
    timeline = _section(page, "sr-timeline")
    expect(timeline.get_by_text(NOTE)).to_be_visible()
    expect(timeline.get_by_text(REPLY)).to_be_visible()

    _change_status(page, "已办结", "检测已完成，报告已寄出。")
    _assert_accessible(page, "request-view-resolved")
    context.close()

    # The enterprise: the reply is on the tracking page, the internal note is not.
    enterprise = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    enterprise.set_default_timeout(20000)
    page = enterprise.new_page()
    page.goto(tracking)
    expect(page.get_by_text(REPLY)).to_be_visible()
    expect(page.get_by_text("平台工作人员的消息").first).to_be_visible()
    expect(page.get_by_text(NOTE)).to_have_count(0)
    expect(page.get_by_text("已办结").first).to_be_visible()

    # The survey link arrives by email once the request is resolved; it works once.
    _message, survey_email = read_email(live_site["var"], contact, "/survey/")
    survey = re.search(r"https?://[^/\s]+(/\S*survey/\S+)", survey_email).group(1)
    page.goto(base + survey)
    page.locator("input[name=score][value='4']").check()
    page.get_by_label("您对改进服务有什么建议？").fill("检测周期再短一些就更好了。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("heading", name="感谢您的评价")).to_be_visible()
    page.goto(base + survey)  # a second use is refused politely
    expect(page.get_by_role("heading", name="您已评价过本次服务")).to_be_visible()
    enterprise.close()
