"""The enterprise's side of a request: the information it adds on the tracking page, finding a
request by its tracking link, and its answer to the satisfaction survey."""

import posixpath

from django.db import transaction
from django.utils import timezone

from service_requests import notifications, signals
from service_requests.choices import (
    ENTERPRISE_MAY_ADD_INFORMATION,
    ActorKind,
    EventKind,
    FileSource,
    RequestState,
)
from service_requests.models import (
    RequestEvent,
    RequestFile,
    SatisfactionSurvey,
    ServiceRequest,
)

# States whose arrival is told to the enterprise by email (resolving sends the survey instead).
from service_requests.services.files import delete_files, private_name
from service_requests.services.states import NotAwaitingInformation, apply_transition
from service_requests.storage import private_storage


def add_enterprise_information(service_request, *, text, files=(), now=None):
    """The enterprise answers staff's question on the tracking page: record it with its files,
    move the request back to "in progress" and tell the lead inbox."""
    now = now or timezone.now()
    saved = []
    try:
        for uploaded in files:
            name = private_storage.save(private_name(uploaded.kind.extension, now), uploaded)
            saved.append((uploaded, name))
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
            if locked.state not in ENTERPRISE_MAY_ADD_INFORMATION:
                raise NotAwaitingInformation(f"{locked.reference} is not awaiting information")
            event = RequestEvent.objects.create(
                request=locked,
                created_at=now,
                kind=EventKind.ENTERPRISE_INFORMATION,
                actor_kind=ActorKind.ENTERPRISE,
                note=text,
                is_public=True,
            )
            RequestFile.objects.bulk_create(
                RequestFile(
                    request=locked,
                    event=event,
                    file=name,
                    original_name=posixpath.basename(uploaded.name or "")[:200] or name,
                    content_type=uploaded.kind.content_type,
                    size=uploaded.size,
                    source=FileSource.TRACKING_PAGE,
                    uploaded_at=now,
                )
                for uploaded, name in saved
            )
            apply_transition(
                locked,
                RequestState.IN_PROGRESS,
                actor=None,
                actor_kind=ActorKind.ENTERPRISE,
                note="",
                public=True,
                notify=False,
                now=now,
            )
            notifications.queue_enterprise_information(locked, event)
    except BaseException:
        delete_files(name for _, name in saved)
        raise
    service_request.state = locked.state
    return event


def find_for_tracking(reference, token):
    """The request with ``reference`` if ``token`` is its tracking token, else ``None``; the
    answer takes as long whether or not the reference exists."""
    service_request = ServiceRequest.objects.filter(reference=reference).first()
    if service_request is None:
        ServiceRequest(tracking_token="x" * 32).check_tracking_token(token)
        return None
    return service_request if service_request.check_tracking_token(token) else None


def record_survey_response(survey, *, score, comment="", now=None):
    """Store the answer of a survey once and announce it (``survey_answered``: a score of 1 or 2
    opens a bad-rating callback there). Returns ``False`` when it was already answered."""
    now = now or timezone.now()
    with transaction.atomic():
        if not survey.record_answer(now, score=score, comment=comment.strip()):
            return False
        RequestEvent.objects.create(
            request_id=survey.request_id,
            created_at=now,
            kind=EventKind.SURVEY_ANSWERED,
            actor_kind=ActorKind.ENTERPRISE,
            note=f"{score}/5",
            is_public=False,
        )
        signals.survey_answered.send(SatisfactionSurvey, survey=survey, now=now)
    return True
