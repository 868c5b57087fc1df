"""The effectiveness assessment exports as one XLSX file; the dashboard panel rates figures."""

import io
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from improvement.choices import Rating
from improvement.dashboard import Indicator
from improvement.models import EffectivenessAssessment, ImprovementAction


def test_assessment_xlsx(client, coordinator, fixed_requests):
    assessment = EffectivenessAssessment.objects.create(
        title="2026年第三、四季度",
        period_start=date(2026, 9, 28),
        period_end=date(2026, 10, 31),
        findings="假期前后响应变慢。",
    )
    ImprovementAction.objects.create(
        assessment=assessment, description="节前安排值班", owner="计量组", due=date(2026, 12, 31)
    )
    client.force_login(coordinator)
    response = client.get(reverse("service_request_reports:assessment_xlsx", args=[assessment.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    figures = workbook[workbook.sheetnames[0]]
    values = {row[0]: row[1] for row in figures.iter_rows(min_row=4, values_only=True)}
    assert values[_("Enterprises served (distinct USCC)")] == 6
    assert values[_("Repeat enterprises (more than one request)")] == 1
    assert values[_("Requests received")] == 7
    actions = workbook[_("Improvement actions")]
    assert next(actions.iter_rows(min_row=4, values_only=True))[:3] == (
        "节前安排值班",
        "计量组",
        "2026-12-31",
    )


def test_indicator_ratings():
    assert Indicator("x", 96.0, 90.0, 95, True, "%").rating(10) == Rating.GREEN
    assert Indicator("x", 90.0, None, 95, True, "%").rating(10) == Rating.AMBER
    assert Indicator("x", 80.0, None, 95, True, "%").rating(10) == Rating.RED
    lower = Indicator("median", 1.05, 1.5, 1.0, False, "")
    assert lower.rating(10) == Rating.AMBER and lower.improved is True
    assert Indicator("x", None, None, 1, True, "").rating(10) is None


def test_dashboard_panel(client, coordinator, editor, fixed_requests):
    client.force_login(coordinator)
    html = client.get("/admin/").content.decode()
    assert 'id="qi-monitoring-title"' in html
    client.force_login(editor)
    assert 'id="qi-monitoring-title"' not in client.get("/admin/").content.decode()
