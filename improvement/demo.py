"""A year of demo history for the reports (持续改进): 360 requests over the past twelve months
across elements, cities, scales and states, with satisfaction scores, bad-rating callbacks (a few
overdue), impact follow-ups, provider engagements and one effectiveness assessment.

Fast (bulk inserts, about thirty queries), deterministic (a seeded random generator, dates counted
back from today) and idempotent (skipped when the history exists)."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from directory.models import Element, ProviderPage
from improvement import demo_referrals, statistics
from improvement.channel_demo import load_offline_history
from improvement.choices import ActionStatus, Outcome, OutcomeAchieved
from improvement.models import (
    BadRatingCallback,
    EffectivenessAssessment,
    ImpactFollowUp,
    ImprovementAction,
)
from improvement.periods import previous, quarter
from improvement.services import months_before
from service_requests.choices import ActorKind, EventKind, RequestState
from service_requests.demo import COORDINATOR_GROUP
from service_requests.models import (
    Inbox,
    RequestEvent,
    RoutingRule,
    SatisfactionSurvey,
    ServiceRequest,
)
from website.choices import City
from website.uscc import make_uscc
from website.workdays import working_day_ordinals

HISTORY_SIZE = 360
REFERENCE_PREFIX = "QI-H"
SEED = 20261125
CITY_WEIGHTS = {
    "guangzhou": 30,
    "shenzhen": 25,
    "foshan": 12,
    "dongguan": 12,
    "zhuhai": 5,
    "zhongshan": 5,
    "jiangmen": 4,
    "huizhou": 4,
    "shantou": 3,
}
SCALE_WEIGHTS = {"micro": 25, "small": 40, "medium": 25, "large": 10}
SCORE_WEIGHTS = {1: 4, 2: 6, 3: 12, 4: 36, 5: 42}
ELEMENT_WEIGHTS = {
    "metrology": 18,
    "standards": 14,
    "certification": 18,
    "testing": 24,
    "quality-management": 12,
    "ip": 8,
    "brand": 6,
}
OUTCOME_BY_ELEMENT = {
    "metrology": Outcome.MEASUREMENT,
    "standards": Outcome.STANDARD_ADOPTED,
    "certification": Outcome.CERTIFICATE,
    "testing": Outcome.TESTING_PASSED,
    "ip": Outcome.PATENT_TRADEMARK,
}
NEEDS = [
    "需要对生产线上的压力表和温度计进行检定校准。",
    "产品准备出口欧盟，想了解需要哪些检测和认证。",
    "希望参与制定行业团体标准，请提供指导。",
    "申请 ISO 9001 质量管理体系认证，需要辅导。",
    "新产品需要做型式试验，请推荐有资质的实验室。",
    "想为自主品牌申请商标并做品牌培育规划。",
    "质量管理存在问题，客户投诉较多，希望诊断改进。",
]
CAUSES = [
    ("检测报告出具比承诺时间晚了一周。", "与实验室约定加急通道，并在受理时说明实际周期。"),
    ("企业未及时收到受理通知。", "受理后当天电话确认，并核对联系方式。"),
    ("对收费标准理解不一致。", "受理时书面告知收费依据和预计费用。"),
]


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _add_working_days(ordinals, by_ordinal, day, count):
    return by_ordinal.get(ordinals[day] + count, day + timedelta(days=count * 7 // 5 + 1))


# What the demo coordinators may do here: edit the quality targets and write assessments.
COORDINATOR_PERMISSIONS = (
    "change_qualitytargets",
    "add_effectivenessassessment",
    "change_effectivenessassessment",
)


@transaction.atomic
def load(command):
    coordinators = Group.objects.filter(name=COORDINATOR_GROUP).first()
    if coordinators is not None:
        coordinators.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="improvement", codename__in=COORDINATOR_PERMISSIONS
            )
        )
    command.stdout.write(f"  report history: {load_history()} new requests over the past year")
    offline, ratings = load_offline_history(REFERENCE_PREFIX)
    command.stdout.write(
        f"  offline service: {offline} station requests, {ratings} station ratings"
    )


def load_history(today=None):
    """Create the history once; returns how many requests were created (0 when it exists)."""
    if ServiceRequest.objects.filter(reference__startswith=REFERENCE_PREFIX).exists():
        return 0
    rng = random.Random(SEED)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    today = today or timezone.localdate()
    first_day = today - timedelta(days=365)
    ordinals = working_day_ordinals(first_day, today + timedelta(days=120))
    by_ordinal = {}
    for day, number in sorted(ordinals.items()):
        by_ordinal.setdefault(number, day)
    working_days = [
        day
        for day in ordinals
        if day <= today and ordinals[day] - ordinals.get(day - timedelta(days=1), 0) == 1
    ]

    elements = {
        element.code: element
        for element in Element.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    rules = dict(RoutingRule.objects.filter(city="").values_list("element__code", "inbox_id"))
    fallback = Inbox.objects.filter(is_fallback=True).values_list("pk", flat=True).first()
    providers = list(ProviderPage.objects.live().filter(locale__language_code="zh-hans")[:12])
    weights = {code: w for code, w in ELEMENT_WEIGHTS.items() if code in elements}
    cities = {code: w for code, w in CITY_WEIGHTS.items() if code in City.values}

    requests, plans = [], []
    for index in range(HISTORY_SIZE):
        day = rng.choice(working_days)
        submitted = datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz)
        codes = [_weighted(rng, weights)]
        if rng.random() < 0.2:
            extra = _weighted(rng, weights)
            codes += [extra] if extra not in codes else []
        age = (today - day).days
        roll = rng.random()
        if roll < 0.02:
            state = RequestState.SPAM
        elif roll < 0.08:
            state = RequestState.DECLINED
        elif roll < 0.11:
            state = RequestState.WITHDRAWN
        elif age < 10:
            state = rng.choice([RequestState.SUBMITTED, RequestState.ACCEPTED])
        elif age < 40:
            state = rng.choice(
                [RequestState.IN_PROGRESS, RequestState.AWAITING_ENTERPRISE, RequestState.RESOLVED]
            )
        else:
            state = RequestState.CLOSED if rng.random() < 0.7 else RequestState.RESOLVED
        # A few are answered late, a few resolved after their target.
        first_delay = rng.choices([0, 1, 2, 3, 5], weights=[35, 40, 15, 6, 4])[0]
        resolve_delay = rng.choices([3, 8, 14, 19, 25, 35], weights=[10, 25, 30, 20, 10, 5])[0]
        if state == RequestState.SUBMITTED and age > 3:
            state = RequestState.ACCEPTED  # only the last days' requests still wait
        answered = state not in (RequestState.SUBMITTED, RequestState.SPAM, RequestState.WITHDRAWN)
        first_day_at = _add_working_days(ordinals, by_ordinal, day, first_delay)
        resolved_day = _add_working_days(ordinals, by_ordinal, day, resolve_delay)
        resolved = state in (RequestState.RESOLVED, RequestState.CLOSED)
        if resolved and resolved_day >= today:
            resolved_day = today - timedelta(days=1)
        first_at = datetime.combine(first_day_at, time(10), tzinfo=tz) if answered else None
        resolved_at = datetime.combine(resolved_day, time(16), tzinfo=tz) if resolved else None
        if first_at is not None:
            first_at = min(first_at, now, resolved_at or now)
        enterprise = rng.randint(1, 240)  # some enterprises come back
        number = index + 1
        lead = rules.get(codes[0], fallback)
        requests.append(
            ServiceRequest(
                reference=f"{REFERENCE_PREFIX}{day:%y%m%d}{number:04d}",
                state=state,
                language="zh-hans" if rng.random() < 0.9 else "en",
                enterprise_name=f"示例企业{enterprise:03d}有限公司",
                uscc=make_uscc(enterprise, prefix="91440300MA5H"),
                scale=_weighted(rng, SCALE_WEIGHTS),
                industry=rng.choice(["C", "C", "C", "F", "I", "M"]),
                city=_weighted(rng, cities),
                description=rng.choice(NEEDS),
                timeframe=rng.choice(["urgent", "month", "quarter", "flexible"]),
                preferred_channel=rng.choice(["online", "station", "on_site", "any"]),
                preferred_provider=rng.choice(providers)
                if providers and rng.random() < 0.4
                else None,
                contact_name=f"联系人{number}",
                contact_email=f"history{number}@example.com",
                preferred_contact="email",
                privacy_consent_at=submitted,
                privacy_notice_version="1",
                lead_inbox_id=lead,
                submitted_at=submitted,
                first_response_due=_add_working_days(ordinals, by_ordinal, day, 2),
                resolution_due=_add_working_days(ordinals, by_ordinal, day, 20),
                first_response_at=first_at,
                resolved_at=resolved_at,
                closed_at=resolved_at + timedelta(days=3) if state == RequestState.CLOSED else None,
                submission_token=f"demo-history-{number}",
            )
        )
        plans.append((codes, lead))
    # PostgreSQL and SQLite return the new primary keys from a bulk insert.
    ServiceRequest.objects.bulk_create(requests)
    _relations(requests, plans, elements)
    _timeline(requests)
    _surveys_and_callbacks(rng, requests, plans, ordinals, by_ordinal, today, tz)
    _follow_ups(rng, requests, plans, today, tz)
    clock = (ordinals, by_ordinal, tz, now)
    demo_referrals.add_referrals(random.Random(SEED + 1), requests, providers, clock)
    _assessment(today)
    statistics.refresh([service_request.pk for service_request in requests])
    return len(requests)


def _relations(requests, plans, elements):
    element_links, inbox_links = [], []
    ElementLink = ServiceRequest.elements.through
    InboxLink = ServiceRequest.inboxes.through
    for service_request, (codes, lead) in zip(requests, plans, strict=True):
        element_links += [
            ElementLink(servicerequest_id=service_request.pk, element_id=elements[code].pk)
            for code in codes
        ]
        if lead:
            inbox_links.append(InboxLink(servicerequest_id=service_request.pk, inbox_id=lead))
    ElementLink.objects.bulk_create(element_links)
    InboxLink.objects.bulk_create(inbox_links)


def _timeline(requests):
    events = []
    for service_request in requests:
        events.append(
            RequestEvent(
                request=service_request,
                created_at=service_request.submitted_at,
                kind=EventKind.SUBMITTED,
                actor_kind=ActorKind.ENTERPRISE,
                to_state=RequestState.SUBMITTED,
                is_public=True,
            )
        )
        if service_request.first_response_at:
            to_state = (
                RequestState.DECLINED
                if service_request.state == RequestState.DECLINED
                else RequestState.ACCEPTED
            )
            events.append(
                RequestEvent(
                    request=service_request,
                    created_at=service_request.first_response_at,
                    kind=EventKind.STATE_CHANGED,
                    actor_kind=ActorKind.STAFF,
                    from_state=RequestState.SUBMITTED,
                    to_state=to_state,
                    note="不属于平台服务范围。" if to_state == RequestState.DECLINED else "",
                    is_public=True,
                )
            )
        if service_request.resolved_at:
            events.append(
                RequestEvent(
                    request=service_request,
                    created_at=service_request.resolved_at,
                    kind=EventKind.STATE_CHANGED,
                    actor_kind=ActorKind.STAFF,
                    from_state=RequestState.IN_PROGRESS,
                    to_state=RequestState.RESOLVED,
                    is_public=True,
                )
            )
    RequestEvent.objects.bulk_create(events)


def _surveys_and_callbacks(rng, requests, plans, ordinals, by_ordinal, today, tz):
    surveys, callbacks = [], []
    for service_request in requests:
        if service_request.resolved_at is None:
            continue
        answered = rng.random() < 0.75
        score = _weighted(rng, SCORE_WEIGHTS) if answered else None
        rated_at = service_request.resolved_at + timedelta(days=rng.randint(0, 4))
        surveys.append(
            SatisfactionSurvey(
                request=service_request,
                created_at=service_request.resolved_at,
                responded_at=rated_at if answered else None,
                score=score,
                comment="" if not answered or score > 2 else "等待时间太长，沟通不够。",
            )
        )
        if score is not None and score <= 2:
            rated_day = rated_at.astimezone(tz).date()
            due = _add_working_days(ordinals, by_ordinal, rated_day, 15)
            closed = due < today and rng.random() < 0.75  # the rest are overdue
            cause, action = rng.choice(CAUSES)
            callbacks.append(
                BadRatingCallback(
                    request=service_request,
                    inbox_id=service_request.lead_inbox_id,
                    score=score,
                    opened_at=rated_at,
                    due=due,
                    contacted_at=rated_at + timedelta(days=2) if closed else None,
                    cause=cause if closed else "",
                    corrective_action=action if closed else "",
                    closed_at=rated_at + timedelta(days=rng.randint(3, 25)) if closed else None,
                )
            )
    SatisfactionSurvey.objects.bulk_create(surveys)
    BadRatingCallback.objects.bulk_create(callbacks)


def _follow_ups(rng, requests, plans, today, tz):
    limit = months_before(timezone.now(), 6)
    follow_ups = []
    for service_request, (codes, _lead) in zip(requests, plans, strict=True):
        if service_request.resolved_at is None or service_request.resolved_at > limit:
            continue
        sent = service_request.resolved_at + timedelta(days=183)
        row = ImpactFollowUp(request=service_request, created_at=sent)
        if rng.random() < 0.6:
            row.responded_at = sent + timedelta(days=rng.randint(1, 10))
            row.achieved = rng.choices(OutcomeAchieved.values, weights=[60, 30, 10])[0]
            if row.achieved != OutcomeAchieved.NO:
                row.outcomes = [OUTCOME_BY_ELEMENT.get(codes[0], Outcome.OTHER).value]
                if rng.random() < 0.5:
                    row.value_estimate = Decimal(rng.randint(5, 300)) / 2
        follow_ups.append(row)
    ImpactFollowUp.objects.bulk_create(follow_ups)


def _assessment(today):
    last_quarter = previous(quarter(today.year, (today.month - 1) // 3 + 1))
    title = f"{last_quarter.start:%Y}年第{(last_quarter.start.month - 1) // 3 + 1}季度服务效能评估"
    if EffectivenessAssessment.objects.filter(title=title).exists():
        return
    assessment = EffectivenessAssessment.objects.create(
        title=title,
        period_start=last_quarter.start,
        period_end=last_quarter.end,
        findings=(
            "检验检测和认证认可需求占比最高；节假日前后首次响应变慢；"
            "差评主要集中在报告出具周期和收费说明。"
        ),
    )
    ImprovementAction.objects.bulk_create(
        [
            ImprovementAction(
                assessment=assessment,
                description="节假日前安排受理值班，保证 2 个工作日内首次响应。",
                owner="平台协调员",
                due=last_quarter.end + timedelta(days=30),
                status=ActionStatus.DONE,
                done_at=last_quarter.end + timedelta(days=20),
            ),
            ImprovementAction(
                assessment=assessment,
                description="受理时书面告知检测周期和收费依据。",
                owner="检验检测受理组",
                owner_user=get_user_model().objects.filter(username="inbox-testing").first(),
                due=today + timedelta(days=5),
                status=ActionStatus.IN_PROGRESS,
            ),
            ImprovementAction(
                assessment=assessment,
                description="在服务项目页面公开收费标准和报告出具周期。",
                owner="平台协调员",
                owner_user=get_user_model().objects.filter(username="coordinator").first(),
                due=today - timedelta(days=3),
            ),
        ]
    )
    # The bad ratings about report times and fees led to the second action.
    led_to = assessment.actions.filter(status=ActionStatus.IN_PROGRESS).first()
    closed = BadRatingCallback.objects.filter(closed_at__isnull=False).order_by("pk")[:2]
    BadRatingCallback.objects.filter(pk__in=[c.pk for c in closed]).update(
        improvement_action=led_to
    )
    assessment.save_revision()
