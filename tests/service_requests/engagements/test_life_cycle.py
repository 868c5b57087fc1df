"""The engagement state machine: every legal step and every illegal one, the timeline events,
the answer date in working days, the referral emails and the result files."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from directory.choices import ProviderType
from service_requests import engagements
from service_requests.choices import ActorKind, DeliveryKind, EventKind, FileSource
from service_requests.models import (
    EngagementResponseTarget,
    EngagementStatus,
    RequestSettings,
)
from service_requests.storage import private_storage
from tests.service_requests.conftest import EXE, PDF, upload

E = EngagementStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")

# How to take each step from a given status (the arguments a real caller gives).
STEPS = {
    E.ACCEPTED: lambda e, user: engagements.accept(e, by=user),
    E.DECLINED: lambda e, user: engagements.decline(e, "没有该项目的资质", by=user),
    E.IN_PROGRESS: lambda e, user: engagements.start(e, by=user),
    E.DELIVERED: lambda e, user: engagements.deliver(e, "已出具校准证书。", by=user),
    E.WITHDRAWN: lambda e, user: engagements.withdraw(e, by=user, note="改由其他机构承担"),
}
# The way each status is reached from a new referral.
PATHS = {
    E.REFERRED: [],
    E.ACCEPTED: [E.ACCEPTED],
    E.DECLINED: [E.DECLINED],
    E.IN_PROGRESS: [E.ACCEPTED, E.IN_PROGRESS],
    E.DELIVERED: [E.ACCEPTED, E.DELIVERED],
    E.WITHDRAWN: [E.WITHDRAWN],
}
LEGAL = {
    E.REFERRED: {E.ACCEPTED, E.DECLINED, E.WITHDRAWN},
    E.ACCEPTED: {E.IN_PROGRESS, E.DELIVERED, E.WITHDRAWN},
    E.IN_PROGRESS: {E.DELIVERED, E.WITHDRAWN},
    E.DECLINED: set(),
    E.WITHDRAWN: set(),
    E.DELIVERED: set(),
}


@pytest.fixture
def referred(make_request, providers, metrology_staff):
    def make(status=E.REFERRED):
        service_request = make_request(["metrology"], state="accepted")
        engagement = engagements.refer(
            service_request, providers[0], by=metrology_staff, note="请安排现场校准"
        )
        for step in PATHS[status]:
            STEPS[step](engagement, metrology_staff)
        engagement.refresh_from_db()
        assert engagement.status == status
        return engagement

    return make


@pytest.mark.parametrize("start", list(E))
@pytest.mark.parametrize("target", [s for s in E if s != E.REFERRED])
def test_every_transition(referred, metrology_staff, start, target):
    engagement = referred(start)
    events = engagement.request.events.count()
    if target in LEGAL[start]:
        update = STEPS[target](engagement, metrology_staff)
        engagement.refresh_from_db()
        assert engagement.status == target
        assert update.event.kind == EventKind.ENGAGEMENT
        assert engagement.request.events.count() == events + 1
    else:
        with pytest.raises(engagements.EngagementError):
            STEPS[target](engagement, metrology_staff)
        engagement.refresh_from_db()
        assert engagement.status == start
        assert engagement.request.events.count() == events


@pytest.mark.parametrize("start", list(E))
def test_referring_again(referred, providers, metrology_staff, start):
    engagement = referred(start)
    if start in (E.DECLINED, E.WITHDRAWN):
        again = engagements.refer(engagement.request, providers[0], by=metrology_staff)
        assert again.pk == engagement.pk
        assert again.status == E.REFERRED and again.decline_reason == ""
    else:
        with pytest.raises(engagements.EngagementError):
            engagements.refer(engagement.request, providers[0], by=metrology_staff)


@pytest.mark.parametrize("start", [E.ACCEPTED, E.IN_PROGRESS])
def test_progress_updates_and_milestones(referred, provider_staff, start):
    engagement = referred(start)
    before = engagement.updates.filter(status=E.IN_PROGRESS).count()
    update = engagements.update_progress(
        engagement, "样品已收到", by=provider_staff[0], milestone="样品接收"
    )
    engagement.refresh_from_db()
    assert engagement.status == E.IN_PROGRESS
    assert update.milestone == "样品接收"
    assert update.event.actor_kind == ActorKind.PROVIDER
    assert "样品接收" in update.event.note and "样品已收到" in update.event.note
    engagements.update_progress(engagement, "检测进行中", by=provider_staff[0])
    assert engagement.updates.filter(status=E.IN_PROGRESS).count() == before + 2


@pytest.mark.parametrize("start", [E.REFERRED, E.DECLINED, E.DELIVERED, E.WITHDRAWN])
def test_no_progress_outside_work(referred, provider_staff, start):
    engagement = referred(start)
    with pytest.raises(engagements.EngagementError):
        engagements.update_progress(engagement, "进展", by=provider_staff[0])


def test_what_each_step_needs(referred, provider_staff):
    engagement = referred(E.REFERRED)
    with pytest.raises(engagements.EngagementError):
        engagements.decline(engagement, "  ", by=provider_staff[0])
    engagements.accept(engagement, by=provider_staff[0])
    with pytest.raises(engagements.EngagementError):
        engagements.update_progress(engagement, "", by=provider_staff[0])
    with pytest.raises(engagements.EngagementError):
        engagements.deliver(engagement, "", by=provider_staff[0])


def test_answer_times_are_recorded(referred, provider_staff):
    engagement = referred(E.REFERRED)
    assert engagement.responded_at is None
    engagements.decline(engagement, "排期已满", by=provider_staff[0])
    engagement.refresh_from_db()
    assert engagement.responded_at is not None
    assert engagement.decline_reason == "排期已满"


def test_answer_due_in_working_days_per_type(make_request, providers, metrology_staff):
    # Wednesday 30 September 2026: 1–7 October are off, Saturday 10 October is a working day.
    referred_at = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
    service_request = make_request(["metrology"])
    engagement = engagements.refer(
        service_request, providers[0], by=metrology_staff, now=referred_at
    )
    assert engagement.respond_by == date(2026, 10, 9)  # the default: 2 working days
    settings = RequestSettings.for_site(Site.objects.get(is_default_site=True))
    settings.engagement_response_days = 1
    settings.save()
    providers[1].provider_type = ProviderType.TESTING_LAB
    providers[1].save()
    EngagementResponseTarget.objects.create(
        settings=settings, provider_type=ProviderType.TESTING_LAB, response_days=3
    )
    other = engagements.refer(service_request, providers[1], by=metrology_staff, now=referred_at)
    assert other.respond_by == date(2026, 10, 10)
    assert engagements.response_days(providers[0]) == 1


def test_referral_emails_the_provider_contacts(
    make_request, providers, provider_staff, metrology_staff
):
    providers[0].email = "office@nanyue.example"
    providers[0].save()
    service_request = make_request(["metrology"])
    engagements.refer(service_request, providers[0], by=metrology_staff, note="请联系")
    sent = service_request.deliveries.filter(kind=DeliveryKind.ENGAGEMENT_REFERRAL)
    assert sorted(sent.values_list("recipient", flat=True)) == [
        "office@nanyue.example",
        "provider-0@example.com",
    ]


def test_delivery_with_result_files(referred, provider_staff):
    engagement = referred(E.IN_PROGRESS)
    with pytest.raises(ValidationError):
        engagements.deliver(engagement, "报告", [upload("virus.pdf", EXE)], by=provider_staff[0])
    engagement.refresh_from_db()
    assert engagement.status == E.IN_PROGRESS
    update = engagements.deliver(
        engagement, "已出具检测报告。", [upload("检测报告.pdf", PDF)], by=provider_staff[0]
    )
    engagement.refresh_from_db()
    assert engagement.status == E.DELIVERED and engagement.delivered_at is not None
    assert engagement.outcome == "已出具检测报告。"
    (result,) = engagements.result_files(engagement)
    assert result.source == FileSource.PROVIDER_RESULT and result.event == update.event
    assert result.original_name == "检测报告.pdf" and result.content_type == "application/pdf"
    with private_storage.open(result.file.name) as handle:
        assert handle.read() == PDF
