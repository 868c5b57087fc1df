"""SLA targets per element (request handling settings), counted in working days on the Chinese
calendar: across National Day 2026 and its adjusted working Saturday (2026-10-10); due dates
and the overdue flag on the listing and the request view."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import Site

from directory.models import Element
from service_requests import sla
from service_requests.models import RequestSettings, RequestSettingsElementTarget, ServiceRequest

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def settings_with_targets(inboxes):
    site = Site.objects.get(is_default_site=True)
    settings = RequestSettings.for_site(site)
    settings.first_response_days = 5
    settings.resolution_days = 30
    settings.save()
    for code, first, resolution in (("testing", 2, 3), ("certification", 1, 10)):
        RequestSettingsElementTarget.objects.create(
            settings=settings,
            element=Element.objects.get(code=code, locale__language_code="zh-hans"),
            first_response_days=first,
            resolution_days=resolution,
        )
    return settings


def test_due_dates_across_national_day_and_adjusted_saturday(settings_with_targets):
    # Wednesday 30 September 2026; 1–7 October are off, Saturday 10 October is a working day.
    submitted = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    from service_requests import services
    from website.uscc import make_uscc

    submission = services.Submission(
        language="zh-hans",
        submission_token="sla-national-day",
        enterprise_name="国庆企业",
        uscc=make_uscc(900),
        scale="small",
        industry="C",
        city="guangzhou",
        element_codes=["testing"],
        description="检测",
        timeframe="month",
        preferred_channel="any",
        contact_name="张三",
        preferred_contact="phone",
        contact_phone="13800138000",
    )
    service_request, _created = services.submit_request(submission, notify=False, now=submitted)
    # 2 working days: Thursday 8 and Friday 9 October.
    assert service_request.first_response_due == date(2026, 10, 9)
    # 3 working days: … and the adjusted working Saturday 10 October.
    assert service_request.resolution_due == date(2026, 10, 10)


def test_defaults_and_strictest_target(inboxes, settings_with_targets):
    def elements(*codes):
        return Element.objects.filter(code__in=codes, locale__language_code="zh-hans")

    assert sla.targets_for(elements("metrology")) == sla.Targets(5, 30)
    assert sla.targets_for(elements("testing")) == sla.Targets(2, 3)
    assert sla.targets_for(elements("testing", "certification")) == sla.Targets(1, 3)
    # An element without its own target brings in the defaults; the strictest still wins.
    assert sla.targets_for(elements("testing", "metrology")) == sla.Targets(2, 3)
    assert sla.targets_for([]) == sla.Targets(5, 30)


def test_defaults_without_settings(inboxes):
    assert sla.targets_for([]) == sla.Targets(2, 20)


def test_year_boundary_never_crashes(inboxes):
    assert sla.first_response_due(date(2026, 12, 30)) > date(2026, 12, 31)


def _make_overdue(service_request, days=3):
    past = timezone.localdate() - timedelta(days=days)
    ServiceRequest.objects.filter(pk=service_request.pk).update(
        first_response_due=past, resolution_due=past + timedelta(days=1)
    )
    service_request.refresh_from_db()
    return service_request


def test_overdue_flag_filter_and_highlight(client, coordinator, make_request):
    late = _make_overdue(make_request(["metrology"], name="逾期企业"))
    on_time = make_request(["metrology"], name="按时企业")
    finished = _make_overdue(make_request(["metrology"], "declined", name="结束企业"))
    assert sla.is_overdue(late) and not sla.is_overdue(on_time) and not sla.is_overdue(finished)
    assert set(ServiceRequest.objects.filter(sla.overdue_q())) == {late}

    client.force_login(coordinator)
    html = client.get("/admin/requests/?overdue=on").content.decode()
    assert late.reference in html and on_time.reference not in html
    assert "sr-overdue" in html
    detail = client.get(f"/admin/requests/{late.pk}/").content.decode()
    assert "sr-overdue-flag" in detail


def test_dashboard_panel(client, metrology_staff, testing_staff, make_request):
    mine = make_request(["metrology"], "accepted", name="我的企业")
    mine.assigned_to = metrology_staff
    mine.save()
    late = _make_overdue(make_request(["metrology"], name="逾期企业"))
    hidden = _make_overdue(make_request(["testing"], name="别组企业"))

    client.force_login(metrology_staff)
    html = client.get("/admin/").content.decode()
    assert mine.reference in html and late.reference in html
    assert hidden.reference not in html
