"""Service plans as steps (服务策划, DESIGN.md §12): a request made from a solution starts with
one step per solution step; staff of the lead inbox adjust the steps and engage a provider on
each (服务协同); the enterprise sees the plan in plain words on its tracking page."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Element, ProviderPage, ServicePage
from service_requests import engagements
from service_requests.choices import ActorKind, EventKind
from service_requests.models import EngagementStatus, PlanStep, RequestEvent
from service_requests.permissions import is_coordinator, member_inbox_ids

# Working days a provider has to answer a referral until the engagement life cycle sets it.

# The state of a step as the enterprise reads it, by engagement status (none: not yet engaged).
PUBLIC_STATES = {
    None: ("arranging", _("Being arranged by the platform")),
    EngagementStatus.REFERRED: ("waiting", _("Waiting for the institution's answer")),
    EngagementStatus.ACCEPTED: ("accepted", _("Accepted by the institution")),
    EngagementStatus.IN_PROGRESS: ("in_progress", pgettext_lazy("plan step", "In progress")),
    EngagementStatus.DELIVERED: ("done", _("Completed")),
    EngagementStatus.DECLINED: ("rearranging", _("Being arranged with another institution")),
    EngagementStatus.WITHDRAWN: ("rearranging", _("Being arranged with another institution")),
}
# An engagement that no longer handles its step: the enterprise is not shown its institution.
ENDED = (EngagementStatus.DECLINED, EngagementStatus.WITHDRAWN)


class PlanError(Exception):
    pass


def can_adjust_plan(user, service_request):
    """Coordinators and members of the request's lead inbox adjust its plan."""
    if is_coordinator(user):
        return True
    lead = service_request.lead_inbox_id
    return bool(user.is_active and lead and lead in member_inbox_ids(user))


def start_from_solution(service_request, solution, elements):
    """One step per step of ``solution`` (its service, the service's provider and first
    element), in the request's transaction. ``elements`` are the request's own elements: a step
    whose service names none falls back on the first of them."""
    if solution is None:
        return []
    steps = list(solution.steps.select_related("service").order_by("sort_order", "pk"))
    service_ids = [step.service_id for step in steps if step.service_id]
    codes = {}  # service id → the code of its first element
    rows = ServicePage.elements.through.objects.filter(servicepage__in=service_ids)
    for service_id, code in rows.order_by(
        "servicepage", "element__sort_order", "element__code"
    ).values_list("servicepage", "element__code"):
        codes.setdefault(service_id, code)
    canonical = {
        element.code: element
        for element in Element.objects.filter(
            code__in=set(codes.values()), locale__language_code=settings.LANGUAGE_CODE
        )
    }
    fallback = elements[0] if elements else None
    created = []
    for order, step in enumerate(steps, start=1):
        service = step.service
        element = canonical.get(codes.get(step.service_id)) or fallback
        if element is None:
            continue
        created.append(
            PlanStep(
                request=service_request,
                order=order,
                element=element,
                service=service,
                provider_id=service.provider_id if service else None,
            )
        )
    return PlanStep.objects.bulk_create(created)


def engage_step(step, provider, *, by, note="", now=None):
    """Refer ``step`` to ``provider`` (服务协同) through the engagement life cycle
    (``engagements.refer``: answer due date, the provider's contacts notified, a timeline
    event). A provider already working on the request takes the step on in the same
    engagement; one that declined or was withdrawn is referred again."""
    with transaction.atomic():
        engagement = step.request.engagements.filter(provider=provider).first()
        if engagement is None or engagement.status in ENDED:
            try:
                engagement = engagements.refer(step.request, provider, by=by, note=note, now=now)
            except engagements.EngagementError as error:
                raise PlanError(str(error)) from error
        step.engagement, step.provider = engagement, provider
        step.save(update_fields=["engagement", "provider"])
    return engagement


def record_plan_change(service_request, *, actor, now=None):
    """Renumber the steps 1, 2, 3… in their order and note the change in the timeline."""
    steps = list(service_request.plan_steps.all())
    for number, step in enumerate(steps, start=1):
        step.order = number
    PlanStep.objects.bulk_update(steps, ["order"])
    RequestEvent.objects.create(
        request=service_request,
        created_at=now or timezone.now(),
        kind=EventKind.PLAN_UPDATED,
        actor=actor,
        actor_kind=ActorKind.STAFF if actor else ActorKind.SYSTEM,
    )


def _titles(model, pages, language):
    """``{page id: title in language}`` for default-language ``pages`` (one query)."""
    keys = {page.translation_key: page.pk for page in pages}
    titles = {page.pk: page.title for page in pages}
    if keys and language != settings.LANGUAGE_CODE:
        rows = model.objects.filter(
            translation_key__in=list(keys), locale__language_code=language
        ).values_list("translation_key", "title")
        titles.update({keys[key]: title for key, title in rows})
    return titles


def public_plan(service_request, language=None):
    """The plan as the enterprise reads it: per step its kind of service, the service, the
    institution handling it and its state, in ``language``; never staff notes. Four queries."""
    language = language or service_request.language
    steps = list(
        service_request.plan_steps.select_related("element", "service", "provider", "engagement")
        .select_related("engagement__provider")
        .order_by("order", "pk")
    )
    if not steps:
        return []
    elements = {step.element for step in steps}
    names = {element.pk: element.name for element in elements}
    if language != settings.LANGUAGE_CODE:
        translated = Element.objects.filter(
            translation_key__in=[element.translation_key for element in elements],
            locale__language_code=language,
        ).values_list("translation_key", "name")
        by_key = dict(translated)
        names = {e.pk: by_key.get(e.translation_key, e.name) for e in elements}
    services = _titles(ServicePage, [s.service for s in steps if s.service], language)
    institutions = [s.engagement.provider for s in steps if s.engagement] + [
        s.provider for s in steps if s.provider
    ]
    providers = _titles(ProviderPage, institutions, language)
    rows = []
    for number, step in enumerate(steps, start=1):
        status = step.engagement.status if step.engagement else None
        key, label = PUBLIC_STATES[status]
        if status in ENDED:
            institution = ""
        elif step.engagement:
            institution = providers.get(step.engagement.provider_id, "")
        else:
            institution = providers.get(step.provider_id, "")
        rows.append(
            {
                "number": number,
                "element": names[step.element_id],
                "service": services.get(step.service_id, ""),
                "institution": institution,
                "engaged": bool(step.engagement) and status not in ENDED,
                "state": key,
                "state_label": label,
            }
        )
    return rows
