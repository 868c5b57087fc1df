"""Improvement actions followed up: the list of open and overdue actions across assessments,
owners reminded before the due date once per due date, callbacks linked to the action they led
to and the link in the assessment export."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from improvement import actions
from improvement.models import BadRatingCallback, EffectivenessAssessment, ImprovementAction
from service_requests.models import SatisfactionSurvey
from service_requests.services import record_survey_response

from .conftest import at, make_request


def _assessment(title="2026年第四季度"):
    return EffectivenessAssessment.objects.create(
        title=title, period_start=date(2026, 9, 28), period_end=date(2026, 10, 31)
    )


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("owner-r", "owner@example.com", "pw")


def test_open_and_overdue_actions_across_assessments(
    client, coordinator, owner, django_assert_max_num_queries
):
    today = timezone.localdate()
    first, second = _assessment("第三季度"), _assessment("第四季度")
    late = ImprovementAction.objects.create(
        assessment=first, description="补充值班", owner="计量组", due=today - timedelta(days=3)
    )
    soon = ImprovementAction.objects.create(
        assessment=second,
        description="更新指南",
        owner="标准组",
        owner_user=owner,
        due=today + timedelta(days=5),
    )
    ImprovementAction.objects.create(
        assessment=second, description="已完成", owner="x", due=today, status="done"
    )
    client.force_login(coordinator)
    url = reverse("service_request_reports:actions")
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.context["actions"] == [late, soon]
    body = response.content.decode()
    assert "第三季度" in body and "owner-r" in body and "sr-overdue-flag" in body
    assert response.context["overdue_count"] == 1
    assert client.get(url + "?overdue=1").context["actions"] == [late]


def test_owners_reminded_once_before_the_due_date(owner, mailoutbox, settings):
    today = timezone.localdate()
    assessment = _assessment()
    action = ImprovementAction.objects.create(
        assessment=assessment,
        description="更新指南",
        owner="标准组",
        owner_user=owner,
        due=today + timedelta(days=10),
    )
    ImprovementAction.objects.create(  # no account: nobody to remind
        assessment=assessment, description="无账号", owner="某组", due=today + timedelta(days=2)
    )
    assert actions.send_reminders() == 0  # not within a week yet
    later = timezone.now() + timedelta(days=4)
    assert actions.send_reminders(now=later) == 1
    assert mailoutbox[0].to == ["owner@example.com"]
    assert "更新指南" in mailoutbox[0].body and "/admin/reports/actions/" in mailoutbox[0].body
    assert actions.send_reminders(now=later) == 0  # a second run, or a second host
    assert actions.send_reminders(now=later + timedelta(days=1)) == 0
    # A new due date is reminded again; a done action is not.
    action.due = today + timedelta(days=12)
    action.save()
    assert actions.send_reminders(now=timezone.now() + timedelta(days=6)) == 1
    action.due, action.status = today + timedelta(days=20), "done"
    action.save()
    assert actions.send_reminders(now=timezone.now() + timedelta(days=15)) == 0
    assert len(mailoutbox) == 2


def test_failed_reminder_is_tried_again(owner, settings, mailoutbox):
    ImprovementAction.objects.create(
        assessment=_assessment(),
        description="更新指南",
        owner="标准组",
        owner_user=owner,
        due=timezone.localdate() + timedelta(days=1),
    )
    settings.EMAIL_BACKEND = "tests.service_requests.mail_backends.DownEmailBackend"
    assert actions.send_reminders() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert actions.send_reminders() == 1


def test_callback_linked_to_its_action_and_shown_in_the_export(
    client, inboxes, metrology_member, coordinator
):
    service_request = make_request(
        51,
        inboxes["metrology"],
        inboxes["elements"]["metrology"],
        submitted=at(date(2026, 10, 1)),
        state="resolved",
        responded=at(date(2026, 10, 2)),
        resolved=at(date(2026, 10, 10)),
        survey=True,
    )
    record_survey_response(
        SatisfactionSurvey.objects.get(request=service_request), score=2, now=at(date(2026, 10, 12))
    )
    callback = BadRatingCallback.objects.get()
    assessment = _assessment()
    action = ImprovementAction.objects.create(
        assessment=assessment, description="缩短出报告时间", owner="计量组", due=date(2026, 12, 31)
    )
    done = ImprovementAction.objects.create(
        assessment=assessment, description="已完成", owner="x", due=date(2026, 12, 1), status="done"
    )
    url = reverse("service_request_reports:callback", args=[callback.pk])
    client.force_login(metrology_member)
    data = {"contacted_at": "2026-10-14T10:00", "cause": "报告延误", "corrective_action": "加人"}
    refused = client.post(url, {**data, "improvement_action": done.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["improvement_action"]
    assert client.post(url, {**data, "improvement_action": action.pk}).status_code == 302
    callback.refresh_from_db()
    assert callback.is_closed and callback.improvement_action == action
    # A closed callback can be linked (or unlinked) later.
    assert client.post(url, {"improvement_action": ""}).status_code == 302
    callback.refresh_from_db()
    assert callback.improvement_action is None
    client.post(url, {"improvement_action": action.pk})
    callback.refresh_from_db()
    assert callback.improvement_action == action

    client.force_login(coordinator)
    listing = client.get(reverse("service_request_reports:actions"))
    assert service_request.reference in listing.content.decode()
    response = client.get(reverse("service_request_reports:assessment_xlsx", args=[assessment.pk]))
    sheet = load_workbook(io.BytesIO(response.content))[_("Improvement actions")]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][-1] == _("Callbacks that led to it")
    linked = {row[0]: row[-1] for row in rows[1:]}
    assert linked["缩短出报告时间"] == service_request.reference
