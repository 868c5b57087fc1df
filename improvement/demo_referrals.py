"""The referrals of the demo's year of history (服务协同): providers asked to take part in most
accepted requests, with their answers — most accepted in time, some late (after the answer-due
date), some declined with a reason and handed to another provider — and delivery once the
request was resolved. A few requests came from the demo solutions and carry their plan, each
step engaged with the provider that took it on. Bulk inserts, a handful of queries in all."""

from datetime import datetime, time, timedelta

from directory.models import SolutionPage
from service_requests import plans
from service_requests.choices import RequestState
from service_requests.models import (
    EngagementRole,
    EngagementStatus,
    PlanStep,
    ProviderEngagement,
    ServiceRequest,
)

ENGAGED_STATES = (
    RequestState.ACCEPTED,
    RequestState.IN_PROGRESS,
    RequestState.AWAITING_ENTERPRISE,
    RequestState.RESOLVED,
    RequestState.CLOSED,
)
FINISHED = (RequestState.RESOLVED, RequestState.CLOSED)
DECLINE_REASONS = (
    "本月检测排期已满，无法按企业要求的时间完成。",
    "该项目不在本机构的认可范围内。",
    "企业所在地超出本机构的上门服务范围。",
)
# Working days from the referral to the provider's answer; more than two is late.
RESPONSE_DELAYS, RESPONSE_WEIGHTS = [0, 1, 2, 3, 5], [30, 40, 15, 10, 5]
SOLUTION_REQUESTS = 12


class _Clock:
    """Working-day arithmetic on the demo's calendar read once (see ``demo.load_history``)."""

    def __init__(self, ordinals, by_ordinal, tz, now):
        self.ordinals, self.by_ordinal, self.tz, self.now = ordinals, by_ordinal, tz, now

    def add(self, day, count):
        return self.by_ordinal.get(self.ordinals[day] + count, day + timedelta(days=count + 2))

    def at(self, day, hour):
        return min(datetime.combine(day, time(hour), tzinfo=self.tz), self.now)


def _referral(rng, clock, service_request, provider, role, declined=False):
    """One engagement with its life-cycle times, after the request's first response."""
    referred = service_request.first_response_at or service_request.submitted_at
    day = referred.astimezone(clock.tz).date()
    engagement = ProviderEngagement(
        request=service_request,
        provider=provider,
        role=role,
        status=EngagementStatus.REFERRED,
        note="请评估并答复能否承接。",
        referred_at=referred,
        respond_by=clock.add(day, 2),
    )
    answer_day = clock.add(day, rng.choices(RESPONSE_DELAYS, RESPONSE_WEIGHTS)[0])
    answered = clock.at(answer_day, 15)
    if answered >= clock.now or answered < referred:
        return engagement  # still waiting for the answer
    engagement.responded_at = answered
    if declined:
        engagement.status = EngagementStatus.DECLINED
        engagement.decline_reason = rng.choice(DECLINE_REASONS)
        return engagement
    engagement.status = EngagementStatus.ACCEPTED
    if service_request.state in FINISHED and service_request.resolved_at:
        engagement.status = EngagementStatus.DELIVERED
        engagement.delivered_at = max(answered, service_request.resolved_at - timedelta(hours=2))
    elif service_request.state != RequestState.ACCEPTED:
        engagement.status = EngagementStatus.IN_PROGRESS
    return engagement


def add_referrals(rng, requests, providers, clock_parts):
    """Engagements of the history's requests (``clock_parts``: ordinals, by_ordinal, tz, now)."""
    if not providers:
        return
    clock = _Clock(*clock_parts)
    engaged = [r for r in requests if r.state in ENGAGED_STATES and r.first_response_at is not None]
    from_solutions = _start_solution_plans(rng, engaged)
    engagements = []
    for service_request in engaged:
        steps = from_solutions.get(service_request.pk)
        if steps:
            engagements += _engage_steps(rng, clock, service_request, steps)
            continue
        if rng.random() < 0.25:
            continue
        lead = service_request.preferred_provider or rng.choice(providers)
        used = {lead}
        if rng.random() < 0.12 and len(providers) > 1:  # declined: another provider takes it on
            engagements.append(
                _referral(rng, clock, service_request, lead, EngagementRole.LEAD, declined=True)
            )
            lead = rng.choice([p for p in providers if p != lead])
            used.add(lead)
        engagements.append(_referral(rng, clock, service_request, lead, EngagementRole.LEAD))
        partner = rng.choice(providers)
        if partner not in used and rng.random() < 0.25:
            engagements.append(
                _referral(rng, clock, service_request, partner, EngagementRole.PARTNER)
            )
    ProviderEngagement.objects.bulk_create(engagements)
    linked = [step for steps in from_solutions.values() for step in steps if step.engagement]
    for step in linked:
        step.engagement_id = step.engagement.pk
    PlanStep.objects.bulk_update(linked, ["engagement"])


def _start_solution_plans(rng, engaged):
    """A few engaged requests came from a demo solution: ``{request id: plan steps}``."""
    solutions = list(
        SolutionPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk")
    )
    if not solutions or not engaged:
        return {}
    chosen = rng.sample(engaged, min(SOLUTION_REQUESTS, len(engaged)))
    made = {}
    for service_request in chosen:
        solution = rng.choice(solutions)
        ServiceRequest.objects.filter(pk=service_request.pk).update(solution=solution)
        elements = list(service_request.elements.all())
        made[service_request.pk] = plans.start_from_solution(service_request, solution, elements)
    return made


def _engage_steps(rng, clock, service_request, steps):
    """One engagement per provider of the plan (a provider may take on several steps)."""
    by_provider = {}
    for step in steps:
        if step.provider_id is None:
            continue
        engagement = by_provider.get(step.provider_id)
        if engagement is None:
            role = EngagementRole.LEAD if not by_provider else EngagementRole.PARTNER
            engagement = _referral(rng, clock, service_request, step.provider, role)
            by_provider[step.provider_id] = engagement
        step.engagement = engagement
    return list(by_provider.values())
