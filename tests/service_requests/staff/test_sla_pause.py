"""The resolution clock stops while a request waits for the enterprise (待补充) and resumes when it
answers: the due date moves by the working days paused, across National Day 2026 (1–7 October
off, Saturday 10 October an adjusted working day), and the reports leave the pause out."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from directory.models import Element
from improvement.figures import build_report
from improvement.models import RequestStatistics
from improvement.periods import month
from service_requests import factories, services, sla
from service_requests.models import RequestSettings, RequestSettingsElementTarget, ServiceRequest

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    return datetime(2026, *day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def three_day_target(inboxes):
    settings = RequestSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    RequestSettingsElementTarget.objects.create(
        settings=settings,
        element=Element.objects.get(code="testing", locale__language_code="zh-hans"),
        first_response_days=1,
        resolution_days=3,
    )


def overdue_on(day):
    return set(ServiceRequest.objects.filter(sla.overdue_q(day)).values_list("pk", flat=True))


def test_pause_and_resume_across_national_day(three_day_target):
    # Monday 28 September: 3 working days are 29, 30 September and Thursday 8 October.
    request, _created = factories.submit("pause-1", ["testing"], state="accepted", now=at((9, 28)))
    assert request.resolution_due == date(2026, 10, 8)
    services.transition(
        request, "awaiting_enterprise", note="请补充产品标准。", notify=False, now=at((9, 29), 15)
    )
    request.refresh_from_db()
    assert request.paused_since == at((9, 29), 15)
    # Waiting through the holiday: past the old due date, yet not overdue.
    assert not sla.is_overdue(request, today=date(2026, 10, 9))
    assert request.pk not in overdue_on(date(2026, 10, 9))

    # The enterprise answers on Friday 9 October: paused 30 Sep, 8 and 9 Oct = 3 working days.
    services.add_enterprise_information(request, text="适用 GB 6675。", now=at((10, 9), 11))
    request.refresh_from_db()
    assert request.state == "in_progress" and request.paused_since is None
    assert request.paused_working_days == 3
    # 8 Oct + 3 working days: Friday 9, the adjusted working Saturday 10, Monday 12.
    assert request.resolution_due == date(2026, 10, 12)
    assert request.pk not in overdue_on(date(2026, 10, 12))
    assert request.pk in overdue_on(date(2026, 10, 13))

    # A second pause adds up; resuming by a staff transition works the same way.
    services.transition(request, "awaiting_enterprise", note="再补充。", now=at((10, 12)))
    services.transition(request, "in_progress", now=at((10, 14)))
    request.refresh_from_db()
    assert request.paused_working_days == 5
    assert request.resolution_due == date(2026, 10, 14)

    # Resolved on 15 October: 9 working days since submission (29, 30 Sep; 8, 9, 10, 12, 13, 14,
    # 15 Oct), 5 of them paused.
    services.transition(request, "resolved", now=at((10, 15)))
    row = RequestStatistics.objects.get(request=request)
    assert (row.paused_days, row.resolution_due) == (5, date(2026, 10, 14))
    coordinator = get_user_model().objects.create_superuser("coord", "c@example.com", "pw")
    report = build_report(coordinator, month(2026, 9), today=date(2026, 10, 20))
    assert report.resolution.median == 4


def test_statistics_do_not_measure_a_paused_due_date(three_day_target):
    request, _created = factories.submit(
        "pause-2", ["testing"], state="awaiting_enterprise", now=at((9, 28))
    )
    row = RequestStatistics.objects.get(request=request)
    assert request.paused_since is not None and row.resolution_due is None
    services.transition(request, "in_progress", now=at((9, 30)))
    row.refresh_from_db()
    # 8 October moved by 2 paused working days (29, 30 September): 9 and the adjusted Saturday 10.
    assert row.resolution_due == date(2026, 10, 10)


def test_the_paused_clock_is_explained_to_the_enterprise_and_shown_to_staff(
    three_day_target, client, coordinator, monkeypatch
):
    request, _created = factories.submit("pause-3", ["testing"], state="accepted", now=at((9, 28)))
    services.transition(
        request, "awaiting_enterprise", note="请补充产品标准。", notify=False, now=at((9, 29), 15)
    )
    # The clock frozen on Friday 9 October: paused 30 September, 8 and 9 October so far.
    monkeypatch.setattr(timezone, "now", lambda: at((10, 9), 16))
    tracking_url = request.get_tracking_url(absolute=False)
    html = client.get(tracking_url).content.decode()
    assert "暂停计时，等待您的答复" in html
    assert "2026年9月29日" in html and "请补充产品标准。" in html

    client.force_login(coordinator)
    detail = client.get(f"/admin/requests/{request.pk}/").content.decode()
    clock = detail.split('class="sr-clock">')[1].split("</dd>")[0]
    assert "已暂停" in clock and "3" in clock
    listing = client.get("/admin/requests/").content.decode()
    assert listing.count("sr-paused-flag") == 1

    # The enterprise answers: the clock runs again, and staff see the days it was paused.
    client.logout()
    client.post(tracking_url, {"information": "适用 GB 6675。"})
    request.refresh_from_db()
    assert request.paused_since is None and request.paused_working_days == 3
    assert "暂停计时" not in client.get(tracking_url).content.decode()
    client.force_login(coordinator)
    detail = client.get(f"/admin/requests/{request.pk}/").content.decode()
    clock = detail.split('class="sr-clock">')[1].split("</dd>")[0]
    assert "已暂停" not in clock and "累计暂停 3 个工作日" in clock
    assert "sr-paused-flag" not in client.get("/admin/requests/").content.decode()
