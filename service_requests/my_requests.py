""" "My requests" (我的需求; DESIGN.md §12): every request made with a contact the enterprise has
proved it controls, and what it may do with them. Every lookup is scoped to the contact, so a
guessed reference of another enterprise's request is simply not found."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from service_requests import notifications
from service_requests.choices import (
    OPEN_STATES,
    ActorKind,
    EventKind,
    RequestState,
)
from service_requests.models import RequestEvent, ServiceRequest
from service_requests.services.states import TransitionError, transition

REOPEN_DAYS = 30


def requests_for(contact):
    """The requests made with ``contact`` (an email in lower case or 11 mobile digits), spam and
    erased ones left out."""
    if not contact:
        return ServiceRequest.objects.none()
    match = Q(contact_email__iexact=contact) if "@" in contact else Q(contact_phone=contact)
    return (
        ServiceRequest.objects.filter(match, personal_data_erased_at__isnull=True)
        .exclude(state=RequestState.SPAM)
        .filter(merged_into__isnull=True)
    )


def get_for(contact, reference):
    return requests_for(contact).filter(reference=reference).first()


def may_withdraw(service_request):
    return service_request.state in OPEN_STATES and RequestState.WITHDRAWN in (
        service_request.allowed_transitions
    )


def may_reopen(service_request, now=None):
    now = now or timezone.now()
    return (
        service_request.state == RequestState.RESOLVED
        and service_request.resolved_at is not None
        and now - service_request.resolved_at <= timedelta(days=REOPEN_DAYS)
    )


def withdraw(service_request, reason):
    if not may_withdraw(service_request):
        raise TransitionError(f"{service_request.reference} cannot be withdrawn")
    return transition(
        service_request, RequestState.WITHDRAWN, note=reason, actor_kind=ActorKind.ENTERPRISE
    )


def reopen(service_request, reason, now=None):
    if not may_reopen(service_request, now):
        raise TransitionError(f"{service_request.reference} cannot be reopened")
    return transition(
        service_request,
        RequestState.IN_PROGRESS,
        note=reason,
        actor_kind=ActorKind.ENTERPRISE,
        now=now,
    )


def send_message(service_request, text, now=None):
    """A message from the enterprise to the staff handling the request: a timeline event staff
    see, and an email to the lead inbox."""
    now = now or timezone.now()
    with transaction.atomic():
        event = RequestEvent.objects.create(
            request=service_request,
            created_at=now,
            kind=EventKind.ENTERPRISE_INFORMATION,
            actor_kind=ActorKind.ENTERPRISE,
            note=text,
            is_public=True,
        )
        notifications.queue_enterprise_information(service_request, event)
    return event
