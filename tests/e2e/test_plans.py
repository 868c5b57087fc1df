"""Journey: a request made from a solution page (服务协同). It arrives with its plan — one step
per solution step — on the request view; the coordinator engages two steps with two providers;
the enterprise's tracking page shows the plan with each institution and its state in plain
words; axe finds nothing serious on the tracking page with a plan. (Provider staff accepting and
delivering join this journey with the engagement life cycle.)"""

import re
import time

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import log_in, read_acknowledgement, tracking_path
from tests.e2e.quality import run_axe, wait_for_animations
from tests.e2e.server import manage_shell

# What the request form submits when the enterprise came from the first demo solution's page.
SUBMIT = """
from directory.models import SolutionPage
from service_requests import services
from service_requests.factories import make_submission
solution = SolutionPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")[0]
submission = make_submission(
    "e2e-plans-{stamp}", ["standards", "testing"], enterprise_name="佛山示范家电有限公司",
    city="foshan", description="新产品上市，需要标准、检测和认证一站式服务。",
    contact_name="陈明", contact_email="{email}", preferred_contact="email",
    solution_key=str(solution.translation_key),
)
sr = services.submit_request(submission)[0]
print(sr.pk, sr.reference, sr.plan_steps.count())
"""


def test_a_solution_request_is_planned_and_engaged(live_site, browser):
    base = live_site["url"]
    stamp = str(int(time.time()))
    contact = f"plans-journey-{stamp}@example.com"
    output = manage_shell(live_site, SUBMIT.format(stamp=stamp, email=contact)).splitlines()[-1]
    pk, reference, steps = output.split()
    assert re.fullmatch(r"QI-\d{8}-\d{4}", reference) and int(steps) >= 2
    _message, acknowledgement = read_acknowledgement(live_site["var"], contact, reference)
    tracking = base + tracking_path(acknowledgement)

    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    log_in(page, base, "coordinator")
    page.goto(f"{base}/admin/requests/{pk}/")
    plan = page.locator("section[aria-labelledby=sr-plan]")
    assert plan.locator("ol.sr-plan-steps > li").count() == int(steps)
    assert plan.get_by_text("尚未转介").count() == int(steps)

    # Engage step 1 with its suggested provider, step 2 with another provider.
    form = plan.locator("form:has(input[name=action][value=engage_step])")
    step_select = form.get_by_label("步骤")
    options = step_select.locator("option").all_text_contents()
    step_select.select_option(index=1)
    form.get_by_label("转介说明").fill("请三个工作日内答复能否承接。")
    with page.expect_navigation():
        form.get_by_role("button", name="转介").click()
    plan = page.locator("section[aria-labelledby=sr-plan]")
    form = plan.locator("form:has(input[name=action][value=engage_step])")
    form.get_by_label("步骤").select_option(index=2)
    provider_select = form.get_by_label("服务机构")
    first_provider = plan.locator("ol.sr-plan-steps > li").first.locator("strong").inner_text()
    labels = [
        label
        for label in provider_select.locator("option").all_text_contents()
        if label.strip("-") and label not in first_provider
    ]
    provider_select.select_option(label=labels[0])
    with page.expect_navigation():
        form.get_by_role("button", name="转介").click()
    plan = page.locator("section[aria-labelledby=sr-plan]")
    assert plan.locator("ol.sr-plan-steps strong").count() == 2, options
    assert labels[0] in plan.locator("ol.sr-plan-steps > li").nth(1).inner_text()
    save_screenshot(page, "admin-plan-engaged")
    context.close()

    enterprise = browser.new_context(
        bypass_csp=True, viewport={"width": 390, "height": 844}, locale="zh-CN"
    )
    page = enterprise.new_page()
    page.goto(tracking)
    section = page.locator("section.plan")
    assert section.get_by_role("heading", name="您的服务策划").is_visible()
    assert section.locator("li.plan-step").count() == int(steps)
    assert section.locator(".plan-step--waiting").count() == 2
    assert section.get_by_text("等待机构答复").count() == 2
    assert labels[0] in section.locator("li.plan-step").nth(1).inner_text()
    assert "请三个工作日内答复" not in page.content()  # the referral note is for the provider
    wait_for_animations(page)
    violations = run_axe(page)
    save_screenshot(page, "tracking-plan")
    assert violations == [], violations
    enterprise.close()
