"""Reports (持续改进) as new users would open them: a coordinator and a member of one inbox log in,
open 报表 from the admin menu, choose this year, read the figures (charts with their tables) and
download the CSV and XLSX files. The member's figures are only their inbox's."""

import csv
import io
import re
from datetime import date

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot
from tests.e2e.journeys import log_in
from tests.e2e.quality import run_axe, wait_for_animations


def _open_reports_for_this_year(page, base, username):
    log_in(page, base, username)
    page.get_by_role("link", name="报表").first.click()
    page.wait_for_url(re.compile(r"/admin/reports/"))
    page.get_by_label("统计期间", exact=True).select_option("year")
    page.get_by_label("年份", exact=True).fill(str(date.today().year))
    with page.expect_navigation():
        page.get_by_role("button", name="生成报表").click()
    assert "period=year" in page.url


def _received(page):
    """ "Requests received" from the summary table."""
    summary = page.locator("section[aria-labelledby=qi-report-summary] table")
    cell = summary.locator("tr", has=page.locator("th", has_text="收到需求数")).locator("td")
    return int(cell.first.inner_text().replace(",", ""))


def _download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    download = info.value
    with open(download.path(), "rb") as handle:
        return download.suggested_filename, handle.read()


def _check_downloads(page, received):
    name, content = _download(page, "下载 CSV")
    assert name.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf")  # a byte-order mark, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    flat = [cell for row in rows for cell in row]
    assert "按服务机构统计" in flat
    assert str(received) in flat
    name, content = _download(page, "下载 XLSX")
    assert name.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    assert len(workbook.sheetnames) >= 5


def test_a_coordinator_and_an_inbox_member_read_and_download_the_reports(live_site, browser):
    base = live_site["url"]
    context = browser.new_context(
        bypass_csp=True,
        viewport={"width": 1280, "height": 900},
        locale="zh-CN",
        accept_downloads=True,
    )
    context.set_default_timeout(20000)
    page = context.new_page()

    _open_reports_for_this_year(page, base, "coordinator")
    expect(page.get_by_text("全部受理组的数据。")).to_be_visible()
    everybody = _received(page)
    assert everybody > 0
    # Charts are drawn on the server, each with its table beside it; the demo history has
    # provider engagements, so the per-provider table has rows.
    assert page.locator("svg.qi-report-chart").count() >= 3
    providers = page.locator("section[aria-labelledby=qi-report-providers] tbody tr")
    assert providers.count() > 0
    expect(providers.first).not_to_contain_text("该期间没有需求")
    wait_for_animations(page)
    save_screenshot(page, "admin-reports-coordinator")
    assert run_axe(page) == []
    _check_downloads(page, everybody)
    context.clear_cookies()

    _open_reports_for_this_year(page, base, "inbox-metrology")
    expect(page.get_by_text("仅包含您所在受理组的数据。")).to_be_visible()
    mine = _received(page)
    assert 0 < mine < everybody
    inboxes = page.get_by_label("受理组", exact=True).locator("option").all_inner_texts()
    assert inboxes[0] == "我的全部受理组" and len(inboxes) < 4
    wait_for_animations(page)
    assert run_axe(page) == []
    _check_downloads(page, mine)
    context.close()
