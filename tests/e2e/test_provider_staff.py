"""Provider staff in the browser: ``provider-nanyue`` (南粤计量科学研究院) finds a new referral in
its work list, opens it (the need only: the enterprise did not consent to share), accepts it and
delivers the outcome with a result file. axe-core runs on the work list and the engagement."""

import re
import time

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import log_in
from tests.e2e.quality import run_axe, wait_for_animations
from tests.e2e.server import manage_shell

REFER = """
from django.contrib.auth import get_user_model
from directory.models import ProviderPage
from service_requests import engagements, services
from service_requests.factories import make_submission
submission = make_submission(
    "e2e-provider-{stamp}", ["metrology"], enterprise_name="佛山示范五金制品有限公司",
    city="foshan", description="生产线上的 40 台压力表需要检定，希望上门服务。",
    contact_name="陈明", contact_email="e2e-provider-{stamp}@example.com", share_consent=False,
)
service_request = services.submit_request(submission)[0]
provider = ProviderPage.objects.get(title="南粤计量科学研究院", locale__language_code="zh-hans")
engagement = engagements.refer(
    service_request, provider, by=get_user_model().objects.get(username="inbox-metrology"),
    note="请尽快联系企业安排上门检定。",
)
print(service_request.reference, engagement.pk)
"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _assert_accessible(page, name):
    wait_for_animations(page)
    violations = run_axe(page)
    save_screenshot(page, f"provider-{name}")
    assert violations == [], f"{name}: {violations}"


def test_provider_staff_accept_and_deliver_a_referral(live_site, browser):
    base = live_site["url"]
    stamp = str(int(time.time()))
    reference, pk = manage_shell(live_site, REFER.format(stamp=stamp)).splitlines()[-1].split()
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(20000)
    page = context.new_page()
    log_in(page, base, "provider-nanyue")

    page.get_by_role("link", name=re.compile("服务协同|Engagements")).first.click()
    page.wait_for_url(re.compile(r"/admin/engagements/"))
    assert page.locator("a[href='/admin/requests/']").count() == 0
    _assert_accessible(page, "work-list")
    page.get_by_role("link", name=reference).click()
    page.wait_for_url(re.compile(rf"/admin/engagements/{pk}/"))
    assert page.get_by_text("生产线上的 40 台压力表需要检定").is_visible()
    assert page.get_by_text("陈明").count() == 0
    _assert_accessible(page, "engagement")

    with page.expect_navigation():
        page.get_by_role("button", name="接受", exact=True).click()
    deliver = page.locator("section[aria-labelledby=eng-deliver]")
    deliver.get_by_label("成果摘要").fill("已完成 40 台压力表的上门检定，出具检定证书。")
    deliver.get_by_label("成果文件").set_input_files(
        [{"name": "检定证书.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    with page.expect_navigation():
        deliver.get_by_role("button", name="交付").click()
    assert page.get_by_text("检定证书.pdf").is_visible()
    assert page.locator("main").get_by_text("已交付").first.is_visible()
    _assert_accessible(page, "delivered")
    context.close()
