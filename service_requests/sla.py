"""Service-level targets of requests, in working days on the Chinese calendar
(``website.workdays``), set per element in the request handling settings (a site setting).

The resolution clock stops while the request waits for the enterprise (待补充): ``pause`` marks
the moment, ``resume`` moves the resolution due date by the working days it waited and adds them
to ``paused_working_days``, which the reports take off the resolution time. A paused request is
never overdue for resolution.

A request touching several elements gets the strictest target among them; elements without a
target of their own use the settings' defaults. Overdue = still open and past its due date: the
first-response date while nobody has answered, the resolution date until it is resolved.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from service_requests.choices import OPEN_STATES, RequestState
from service_requests.models import RequestSettings
from website.workdays import add_working_days, working_days_between


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


def pause(service_request, now):
    """Stop the resolution clock (the request now waits for the enterprise); returns the
    changed fields. Pausing a paused request changes nothing."""
    if service_request.paused_since is not None:
        return []
    service_request.paused_since = now
    return ["paused_since"]


def paused_days(service_request, now):
    """Working days the request has waited since its clock stopped (0 when running): the days
    after the pause up to and including the day it resumes."""
    if service_request.paused_since is None:
        return 0
    return working_days_between(
        timezone.localtime(service_request.paused_since).date(), timezone.localtime(now).date()
    )


def resume(service_request, now):
    """Restart the clock: the resolution due date moves by the working days paused. Returns the
    changed fields."""
    if service_request.paused_since is None:
        return []
    days = paused_days(service_request, now)
    if service_request.resolution_due is not None:
        service_request.resolution_due = add_working_days(service_request.resolution_due, days)
    service_request.paused_working_days += days
    service_request.paused_since = None
    return ["paused_since", "paused_working_days", "resolution_due"]


def overdue_q(today=None):
    """Requests that are open and past a due date, as a filter (a paused clock is never late)."""
    today = today or timezone.localdate()
    waiting_first = Q(
        state=RequestState.SUBMITTED, first_response_at__isnull=True, first_response_due__lt=today
    )
    late = Q(resolution_due__lt=today, paused_since__isnull=True)
    return Q(state__in=OPEN_STATES) & (waiting_first | late)


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
    if service_request.paused_since is not None:
        return False
    return bool(service_request.resolution_due and service_request.resolution_due < today)


def due_date(service_request):
    """The due date that matters now: the first response while none was given, else resolution
    (``None`` once the request is finished)."""
    if service_request.state not in OPEN_STATES:
        return None
    if _awaits_first_response(service_request):
        return service_request.first_response_due
    return service_request.resolution_due
