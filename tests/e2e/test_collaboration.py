"""The 服务协同 journey end to end (issue 16's browser check): a request made from a solution page,
with the enterprise's consent to share, arrives with its plan; the coordinator engages step 1 with
南粤计量科学研究院 and step 2 with 佛山顺德家电检测研究院; the provider staff of each
(``provider-nanyue``, ``provider-shunde``) find the referral in their work list, see the contact,
accept, report progress and deliver an outcome with a result file; the enterprise follows the
plan on its tracking page (390 px: in progress and accepted, then both completed), and once the
coordinator resolves the request rates it from the survey the tracking page offers; the
coordinator's reports count both referrals and the score. axe-core finds nothing serious on the
work list, the engagement, the tracking page with a plan, the survey and the reports. One browser
context per actor."""

import re
import time

from playwright.sync_api import expect

from tests.e2e.journeys import log_in, read_acknowledgement, tracking_path
from tests.e2e.quality import assert_accessible
from tests.e2e.server import manage_shell

NANYUE, SHUNDE = "南粤计量科学研究院", "佛山顺德家电检测研究院"
# What the request form submits when the enterprise came from the first demo solution's page
# (consent to share given); the coordinator accepts it from the inbox.
SUBMIT = """
from django.contrib.auth import get_user_model
from directory.models import SolutionPage
from service_requests import services
from service_requests.factories import make_submission
solution = SolutionPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")[0]
submission = make_submission(
    "e2e-collab-{stamp}", ["standards", "testing"], enterprise_name="佛山示范家电有限公司",
    city="foshan", description="新产品上市，需要标准、检测和认证一站式服务。",
    contact_name="陈明", contact_email="{email}", preferred_contact="email",
    solution_key=str(solution.translation_key), share_consent=True,
)
sr = services.submit_request(submission)[0]
services.transition(sr, "accepted", actor=get_user_model().objects.get(username="coordinator"))
print(sr.pk, sr.reference, sr.plan_steps.count())
"""
NOTE = "请三个工作日内答复能否承接。"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Per provider: its staff user, its plan step, its progress report, outcome and result file.
WORK = {
    NANYUE: (
        "provider-nanyue",
        1,
        "已核对适用的国家标准清单。",
        "已出具适用标准清单和差距分析。",
        "标准清单.pdf",
    ),
    SHUNDE: (
        "provider-shunde",
        2,
        "样品已接收，安全检测进行中。",
        "安全检测合格，已出具检测报告。",
        "检测报告.pdf",
    ),
}
TABLE = """(key) => Object.fromEntries(
    [...document.querySelectorAll(`section[aria-labelledby="qi-report-${key}"] tbody tr`)].map(
        (tr) => [tr.querySelector('th').innerText.trim(),
                 [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())]))"""


def _new_context(browser, width=1280, height=900):
    context = browser.new_context(
        bypass_csp=True, viewport={"width": width, "height": height}, locale="zh-CN"
    )
    context.set_default_timeout(20000)
    return context


def _assert_accessible(page, name):
    assert_accessible(page, f"collab-{name}")


def _report(page, base):
    """The coordinator's reports of this month: ``(referrals per provider, per channel)``, each
    ``{row header: [cells]}``."""
    page.goto(f"{base}/admin/reports/")
    return page.evaluate(TABLE, "provider_responses"), page.evaluate(TABLE, "channels")


def _engage(page, step, provider):
    plan = page.locator("section[aria-labelledby=sr-plan]")
    form = plan.locator("form:has(input[name=action][value=engage_step])")
    form.get_by_label("步骤").select_option(index=step)
    form.get_by_label("服务机构").select_option(label=provider)
    form.get_by_label("转介说明").fill(NOTE)
    with page.expect_navigation():
        form.get_by_role("button", name="转介").click()
    step_item = page.locator("section[aria-labelledby=sr-plan] ol.sr-plan-steps > li").nth(step - 1)
    expect(step_item.locator("strong")).to_contain_text(provider)


def _accept(page, base, provider, reference, *, check=False):
    """The provider's staff user finds the referral in its work list, sees the contact (consent
    given) and accepts; ``check`` runs axe-core on the work list and the engagement."""
    log_in(page, base, WORK[provider][0])
    page.get_by_role("link", name=re.compile("服务协同|Engagements")).first.click()
    page.wait_for_url(re.compile(r"/admin/engagements/"))
    expect(page.locator("a[href='/admin/requests/']")).to_have_count(0)
    if check:
        _assert_accessible(page, "work-list")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(r"/admin/engagements/\d+/"))
    enterprise = page.locator("section[aria-labelledby=eng-enterprise]")
    expect(enterprise.get_by_text("陈明")).to_be_visible()
    expect(page.locator("section[aria-labelledby=eng-summary]").get_by_text(NOTE)).to_be_visible()
    if check:
        _assert_accessible(page, "engagement")
    with page.expect_navigation():
        page.get_by_role("button", name="接受", exact=True).click()


def _report_progress(page, provider):
    progress = WORK[provider][2]
    section = page.locator("section[aria-labelledby=eng-progress]")
    section.get_by_label("办理进度").fill(progress)
    with page.expect_navigation():
        section.get_by_role("button", name="记录进展").click()
    expect(
        page.locator("section[aria-labelledby=eng-history]").get_by_text(progress)
    ).to_be_visible()


def _deliver(page, provider):
    *_rest, outcome, filename = WORK[provider]
    section = page.locator("section[aria-labelledby=eng-deliver]")
    section.get_by_label("成果摘要").fill(outcome)
    section.get_by_label("成果文件").set_input_files(
        [{"name": filename, "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        section.get_by_role("button", name="交付").click()
    expect(page.get_by_text(filename)).to_be_visible()
    expect(page.locator("main").get_by_text("已交付").first).to_be_visible()


def _plan_states(page):
    """``{institution: state}`` of the engaged steps on the tracking page (a later step may name
    the same institution as a suggestion)."""
    steps = page.locator("section.plan li.plan-step")
    states = {}
    for provider, (_username, step, *_rest) in WORK.items():
        item = steps.nth(step - 1)
        expect(item.locator("dd").first).to_contain_text(provider)
        states[provider] = item.locator(".status-tag").inner_text().strip()
    return states


def _resolve(page):
    """The coordinator sees both steps delivered on the request view and resolves the request."""
    page.reload()
    steps = page.locator("section[aria-labelledby=sr-plan] ol.sr-plan-steps strong")
    assert steps.all_inner_texts() == [f"{provider}: 已交付" for provider in WORK]
    section = page.locator("section[aria-labelledby=sr-transition]")
    section.get_by_label("新状态").select_option(label="已办结")
    section.get_by_label("备注", exact=True).fill("两家机构均已交付成果。")
    with page.expect_navigation():
        section.get_by_role("button", name="变更状态").click()
    expect(page.locator(".sr-summary, main").get_by_text("已办结").first).to_be_visible()


def test_two_providers_deliver_a_plan_the_enterprise_follows_and_rates(live_site, browser):
    base = live_site["url"]
    stamp = str(int(time.time()))
    contact = f"collab-journey-{stamp}@example.com"
    output = manage_shell(live_site, SUBMIT.format(stamp=stamp, email=contact)).splitlines()[-1]
    pk, reference, steps = output.split()
    assert re.fullmatch(r"QI-\d{8}-\d{4}", reference) and int(steps) >= 2

    # The coordinator reads this month's figures, then engages two steps with two providers.
    coordinator = _new_context(browser).new_page()
    log_in(coordinator, base, "coordinator")
    providers_before, channels_before = _report(coordinator, base)
    coordinator.goto(f"{base}/admin/requests/{pk}/")
    plan = coordinator.locator("section[aria-labelledby=sr-plan]")
    expect(plan.locator("ol.sr-plan-steps > li")).to_have_count(int(steps))
    for provider, (_username, step, *_rest) in WORK.items():
        _engage(coordinator, step, provider)

    # Provider staff of each take the referral on: 南粤 is at work, 顺德 has just accepted when
    # the enterprise first looks.
    nanyue = _new_context(browser).new_page()
    _accept(nanyue, base, NANYUE, reference, check=True)
    _report_progress(nanyue, NANYUE)
    shunde = _new_context(browser).new_page()
    _accept(shunde, base, SHUNDE, reference)

    _message, acknowledgement = read_acknowledgement(live_site["var"], contact, reference)
    enterprise = _new_context(browser, 390, 844).new_page()
    enterprise.goto(base + tracking_path(acknowledgement))
    plan = enterprise.locator("section.plan")
    expect(plan.get_by_role("heading", name="您的服务策划")).to_be_visible()
    expect(plan.locator("li.plan-step")).to_have_count(int(steps))
    assert _plan_states(enterprise) == {NANYUE: "办理中", SHUNDE: "机构已接受"}
    assert NOTE not in enterprise.content()  # the referral note is for the provider
    _assert_accessible(enterprise, "tracking-plan")

    _deliver(nanyue, NANYUE)
    _report_progress(shunde, SHUNDE)
    _deliver(shunde, SHUNDE)
    _resolve(coordinator)

    # The enterprise sees both steps completed and rates the service from the tracking page.
    enterprise.reload()
    assert _plan_states(enterprise) == {NANYUE: "已完成", SHUNDE: "已完成"}
    with enterprise.expect_navigation():
        enterprise.get_by_role("link", name="评价我们的服务").click()
    enterprise.locator("input[name=score][value='5']").check()
    enterprise.get_by_label("您对改进服务有什么建议？").fill("两家机构衔接顺畅，很快就拿到了报告。")
    _assert_accessible(enterprise, "survey")
    with enterprise.expect_navigation():
        enterprise.get_by_role("button", name="提交评价").click()
    expect(enterprise.get_by_role("heading", name="感谢您的评价")).to_be_visible()

    # The reports count the two referrals, their answers and the score.
    providers, channels = _report(coordinator, base)
    for provider in WORK:
        before = providers_before.get(provider, ["0", "0"])
        referrals, accepted, *_rest, satisfaction = providers[provider]
        assert int(referrals) == int(before[0]) + 1, (provider, before, providers[provider])
        assert int(accepted) == int(before[1]) + 1, (provider, before, providers[provider])
        assert satisfaction, providers[provider]
    online = "网上填报"
    assert int(channels[online][1]) == int(channels_before[online][1]) + 1, channels
    _assert_accessible(coordinator, "reports")
    for page in (coordinator, nanyue, shunde, enterprise):
        page.context.close()
