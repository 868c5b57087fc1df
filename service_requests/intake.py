"""Offline and assisted intake (DESIGN.md §12): staff record a walk-in, phone or on-site-visit
request, which then follows the same path as an online one (``services.submit_request``:
reference, routing, SLA, notifications, survey).

Who may record for which station: coordinators and inbox staff for every station; the members of
a station desk's group (``StationDesk``) for that station only. Desk staff who belong to no
inbox do not see the triage listing; they get the reference of what they recorded.
"""

import uuid

from django.conf import settings
from django.utils import timezone

from directory.models import StationPage
from service_requests.choices import IntakeChannel
from service_requests.models import ServiceRequestPage, StationDesk
from service_requests.permissions import is_request_staff
from service_requests.services import Submission, submit_request

OFFLINE_CHANNELS = [
    (value, label) for value, label in IntakeChannel.choices if value != IntakeChannel.ONLINE
]


def stations_for(user):
    """The stations (default-language pages) ``user`` may record requests for."""
    stations = StationPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    if not user.is_active:
        return stations.none()
    if is_request_staff(user):
        return stations.order_by("title")
    desks = StationDesk.objects.filter(group__user=user).values("station__translation_key")
    return stations.filter(translation_key__in=desks).order_by("title")


def may_record(user):
    """Whether ``user`` may record offline requests at all."""
    return bool(user.is_active) and (
        is_request_staff(user) or StationDesk.objects.filter(group__user=user).exists()
    )


def request_page(language=None):
    """The live request page in ``language`` (else the default language) the request belongs to:
    its privacy notice, tracking links and survey."""
    pages = ServiceRequestPage.objects.live().order_by("path")
    for code in (language, settings.LANGUAGE_CODE):
        page = pages.filter(locale__language_code=code).first() if code else None
        if page is not None:
            return page
    return pages.first()


def record_offline_request(data, *, user, now=None):
    """Create the request of the staff form's ``data`` (the public form's answers plus
    ``intake_channel``, ``station`` and ``language``), recorded by ``user``. Returns it."""
    language = data.get("language") or settings.LANGUAGE_CODE
    station = data.get("station")
    submission = Submission.from_answers(
        data,
        language=language,
        submission_token=uuid.uuid4().hex,
        page=request_page(language),
        intake_channel=data["intake_channel"],
        station_key=str(station.translation_key) if station else "",
        recorded_by=user,
    )
    service_request, _created = submit_request(submission, now=now or timezone.now())
    return service_request
