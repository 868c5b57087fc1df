"""State changes of a request: the only place that changes ``ServiceRequest.state``. Each change
is one transaction that also records the event and queues what the enterprise should be told."""

from django.db import transaction
from django.utils import timezone

from service_requests import notifications, sla
from service_requests.choices import (
    FINAL_STATES,
    FIRST_RESPONSE_STATES,
    NOTE_REQUIRED,
    TRANSITIONS,
    ActorKind,
    EventKind,
    RequestState,
)
from service_requests.models import (
    RequestEvent,
    SatisfactionSurvey,
    ServiceRequest,
)

# States whose arrival is told to the enterprise by email (resolving sends the survey instead).


NOTIFY_ENTERPRISE_ON = frozenset(
    {RequestState.ACCEPTED, RequestState.AWAITING_ENTERPRISE, RequestState.DECLINED}
)


class TransitionError(ValueError):
    """A state change the state machine does not allow, or one missing its required note."""


class NotAwaitingInformation(TransitionError):
    """The enterprise tried to add information while staff are not waiting for any."""


def transition(
    service_request,
    to_state,
    *,
    actor=None,
    note="",
    public=True,
    notify=True,
    actor_kind=None,
    now=None,
):
    """Move a request to ``to_state`` if the state machine allows it; record the event and queue
    what the enterprise should be told. Returns the event; raises ``TransitionError``."""
    to_state = RequestState(to_state)
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=service_request.pk)
        event = apply_transition(
            locked,
            to_state,
            actor=actor,
            actor_kind=actor_kind or (ActorKind.STAFF if actor else ActorKind.SYSTEM),
            note=note,
            public=public,
            notify=notify,
            now=now or timezone.now(),
        )
    for name in (
        "state",
        "first_response_at",
        "resolved_at",
        "closed_at",
        "updated_at",
        "paused_since",
        "paused_working_days",
        "resolution_due",
    ):
        setattr(service_request, name, getattr(locked, name))
    return event


def apply_transition(locked, to_state, *, actor, actor_kind, note, public, notify, now):
    from_state = RequestState(locked.state)
    if to_state not in TRANSITIONS[from_state]:
        raise TransitionError(f"{locked.reference}: {from_state} → {to_state} is not allowed")
    note = (note or "").strip()
    if to_state in NOTE_REQUIRED and not note:
        raise TransitionError(f"{locked.reference}: moving to {to_state} needs a note")
    locked.state = to_state
    changed = ["state", "updated_at"]
    if from_state == RequestState.SUBMITTED and to_state in FIRST_RESPONSE_STATES:
        if locked.first_response_at is None:
            locked.first_response_at = now
            changed.append("first_response_at")
    if to_state == RequestState.RESOLVED:
        locked.resolved_at = now
        changed.append("resolved_at")
    if to_state in FINAL_STATES:
        locked.closed_at = now
        changed.append("closed_at")
    if to_state == RequestState.AWAITING_ENTERPRISE:
        changed += sla.pause(locked, now)
    else:
        changed += sla.resume(locked, now)
    locked.save(update_fields=changed)
    event = RequestEvent.objects.create(
        request=locked,
        created_at=now,
        kind=EventKind.STATE_CHANGED,
        actor=actor,
        actor_kind=actor_kind,
        from_state=from_state,
        to_state=to_state,
        note=note,
        is_public=public and RequestState.SPAM not in (from_state, to_state),
    )
    survey = None
    if to_state == RequestState.RESOLVED:
        # One survey per request, kept across a reopening; answered once.
        survey, _created = SatisfactionSurvey.objects.get_or_create(request=locked)
    if notify:
        _notify_state(locked, from_state, to_state, event, survey)
    return event


def _notify_state(service_request, from_state, to_state, event, survey):
    if from_state == RequestState.SPAM and to_state == RequestState.SUBMITTED:
        if not service_request.deliveries.exists():
            notifications.queue_submission(service_request)
        return
    if to_state == RequestState.RESOLVED:
        if not survey.is_answered:
            notifications.queue_survey(service_request, event)
        return
    if to_state in NOTIFY_ENTERPRISE_ON and event.is_public:
        notifications.queue_status_update(service_request, event)
