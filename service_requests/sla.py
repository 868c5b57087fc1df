"""Service-level targets of requests, in working days on the Chinese calendar
(``website.workdays``), set per element in the request handling settings (a site setting).

A request touching several elements gets the strictest target among them; elements without a
target of their own use the settings' defaults. Overdue = still open and past its due date: the
first-response date while nobody has answered, the resolution date until it is resolved.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from service_requests.choices import OPEN_STATES, RequestState
from service_requests.models import RequestSettings
from website.workdays import add_working_days


@dataclass(frozen=True)
class Targets:
    first_response_days: int
    resolution_days: int


def request_settings():
    """The request handling settings of the default site (one query; unsaved defaults when
    nobody has saved them yet)."""
    found = RequestSettings.objects.filter(site__is_default_site=True).first()
    return found or RequestSettings()


def targets_for(elements, settings=None):
    """The targets of a request about ``elements`` (matched by element code, any language)."""
    settings = settings or request_settings()
    codes = {element.code for element in elements}
    per_element = []
    if settings.pk and codes:
        per_element = list(
            settings.element_targets.filter(element__code__in=codes).values_list(
                "first_response_days", "resolution_days"
            )
        )
    covered = len(per_element) >= len(codes) and per_element
    first = [days for days, _ in per_element]
    resolution = [days for _, days in per_element]
    if not covered:
        first.append(settings.first_response_days)
        resolution.append(settings.resolution_days)
    return Targets(min(first), min(resolution))


def first_response_due(submitted_on, elements=(), targets=None):
    """The last day for the first response to a request submitted on ``submitted_on``."""
    targets = targets or targets_for(elements)
    return add_working_days(submitted_on, targets.first_response_days)


def resolution_due(submitted_on, elements=(), targets=None):
    targets = targets or targets_for(elements)
    return add_working_days(submitted_on, targets.resolution_days)


def overdue_q(today=None):
    """Requests that are open and past a due date, as a filter."""
    today = today or timezone.localdate()
    waiting_first = Q(
        state=RequestState.SUBMITTED, first_response_at__isnull=True, first_response_due__lt=today
    )
    return Q(state__in=OPEN_STATES) & (waiting_first | Q(resolution_due__lt=today))


def _awaits_first_response(service_request):
    return (
        service_request.state == RequestState.SUBMITTED
        and service_request.first_response_at is None
    )


def is_overdue(service_request, today=None):
    today = today or timezone.localdate()
    if service_request.state not in OPEN_STATES:
        return False
    first_due = service_request.first_response_due
    if _awaits_first_response(service_request) and first_due and first_due < today:
        return True
    return bool(service_request.resolution_due and service_request.resolution_due < today)


def due_date(service_request):
    """The due date that matters now: the first response while none was given, else resolution
    (``None`` once the request is finished)."""
    if service_request.state not in OPEN_STATES:
        return None
    if _awaits_first_response(service_request):
        return service_request.first_response_due
    return service_request.resolution_due
