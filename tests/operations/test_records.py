"""Complete records: resolved requests close by themselves; the closed case's ZIP holds every
section (improvement's through a signal); the retention purge erases every personal text,
improvement's included, and keeps the anonymous statistics."""

import csv
import io
import zipfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from improvement import services as improvement
from improvement.models import BadRatingCallback, ImpactFollowUp, RequestStatistics
from service_requests import factories, records
from service_requests.choices import ActorKind
from service_requests.models import DeliveryLog, Milestone, ProviderEngagement, ServicePlan
from service_requests.services import record_survey_response

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 4, 10, tzinfo=SHANGHAI)


def table(archive, name):
    return list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_resolved_requests_close_after_the_setting(request_page, settings):
    settings.REQUESTS_AUTO_CLOSE_DAYS = 14
    old, _created = factories.submit("close-old", state="resolved", now=NOW - timedelta(days=16))
    recent, _created = factories.submit("close-new", state="resolved", now=NOW - timedelta(days=5))
    assert records.close_resolved(NOW) == "Closed 1 request(s) resolved over 14 days ago."
    assert records.close_resolved(NOW) == "Closed 0 request(s) resolved over 14 days ago."
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.state, old.closed_at) == ("closed", NOW)
    assert recent.state == "resolved"
    event = old.events.latest("created_at")
    assert (event.to_state, event.actor_kind, event.is_public) == (
        "closed",
        ActorKind.SYSTEM,
        False,
    )
    assert "14" in event.note


@pytest.fixture
def full_case(request_page, providers):
    request, _created = factories.submit(
        "record-1", state="resolved", now=NOW - timedelta(days=400), contact_email="e@example.com"
    )
    ServicePlan.objects.create(request=request, text="先做型式试验，再申请认证。")
    Milestone.objects.create(request=request, title="提交样品", due_date=date(2025, 12, 1))
    ProviderEngagement.objects.create(
        request=request, provider=providers[0], outcome="出具检测报告，编号 R-77。"
    )
    DeliveryLog.objects.create(
        request=request,
        kind="acknowledgement",
        recipient="e@example.com",
        language="zh-hans",
        message_id="<1.2@qi-one-stop.example>",
    )
    record_survey_response(request.survey, score=2, comment="等待时间太长。", now=NOW)
    callback = BadRatingCallback.objects.get(request=request)
    staff = get_user_model().objects.create_user("cb", "cb@example.com", "pw")
    improvement.close_callback(
        callback,
        user=staff,
        contacted_at=NOW,
        cause="联系人王先生的电话打不通。",
        corrective_action="改为短信通知。",
        now=NOW,
    )
    improvement.send_follow_up(request, NOW)
    follow_up = ImpactFollowUp.objects.get(request=request)
    follow_up.record_answer(
        NOW, achieved="yes", outcomes=["certificate"], value_estimate=12, comment="张经理很满意。"
    )
    records.close_resolved(NOW)
    request.refresh_from_db()
    return request


def test_record_holds_every_section(full_case):
    with zipfile.ZipFile(io.BytesIO(records.build_record(full_case))) as archive:
        names = set(archive.namelist())
        expected = {
            "answers.json",
            "timeline.csv",
            "plan.csv",
            "milestones.csv",
            "engagements.csv",
            "survey.csv",
            "delivery_log.csv",
            "callback.csv",
            "follow_up.csv",
        }
        assert expected <= names
        assert "先做型式试验" in table(archive, "plan.csv")[1][0]
        assert table(archive, "milestones.csv")[1][:2] == ["提交样品", "2025-12-01"]
        assert "R-77" in table(archive, "engagements.csv")[1][3]
        assert "等待时间太长。" in table(archive, "survey.csv")[1]
        deliveries = [row[-1] for row in table(archive, "delivery_log.csv")]
        assert "<1.2@qi-one-stop.example>" in deliveries
        callback = table(archive, "callback.csv")
        assert len(callback) == 2 and "改为短信通知。" in callback[1]
        follow_up = table(archive, "follow_up.csv")
        assert "张经理很满意。" in follow_up[1] and "12" in follow_up[1][4]


def test_purge_erases_every_personal_text_and_keeps_statistics(full_case):
    records.erase_personal_data(full_case, NOW + timedelta(days=800))
    callback = BadRatingCallback.objects.get(request=full_case)
    follow_up = ImpactFollowUp.objects.get(request=full_case)
    assert (callback.cause, callback.corrective_action, callback.score) == ("", "", 2)
    assert (follow_up.comment, follow_up.achieved, str(follow_up.value_estimate)) == (
        "",
        "yes",
        "12.00",
    )
    full_case.refresh_from_db()
    assert full_case.survey.comment == "" and full_case.survey.score == 2
    assert not full_case.events.exclude(note="").exists()
    assert not ServicePlan.objects.filter(request=full_case).exists()
    assert not ProviderEngagement.objects.filter(request=full_case).exclude(outcome="").exists()
    assert RequestStatistics.objects.get(request=full_case).score == 2


def test_retention_purge_job(full_case, settings):
    line = records.purge_expired(NOW + timedelta(days=3000))
    assert line.startswith("Erased personal data of 1 request(s)")
    assert BadRatingCallback.objects.get(request=full_case).cause == ""
