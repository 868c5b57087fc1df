"""Likely duplicates and merging them into one case.

A request is a likely duplicate of another when both come from the same enterprise (USCC), share
an element and were submitted within ``DUPLICATE_WINDOW`` of each other. Merging closes the
duplicate with a pointer to the surviving request: both keep their references and timelines
(the staff view of the survivor shows both), the duplicate's elements and inboxes join the
survivor, and the duplicate's tracking page leads the enterprise to the survivor's."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from service_requests.choices import ActorKind, EventKind, RequestState
from service_requests.models import RequestEvent, ServiceRequest

DUPLICATE_WINDOW = timedelta(days=14)
# Requests that are not worth flagging: already merged away, or spam.
_NOT_CANDIDATES = Q(merged_into__isnull=False) | Q(state=RequestState.SPAM)


class MergeError(ValueError):
    """A merge that cannot be made (the same request, one already merged, …)."""


def likely_duplicates(service_request, candidates=None):
    """Requests of ``candidates`` (default: all) that look like duplicates of this one."""
    candidates = ServiceRequest.objects.all() if candidates is None else candidates
    return (
        candidates.filter(
            uscc=service_request.uscc,
            submitted_at__gte=service_request.submitted_at - DUPLICATE_WINDOW,
            submitted_at__lte=service_request.submitted_at + DUPLICATE_WINDOW,
            elements__in=service_request.elements.values("pk"),
        )
        .exclude(pk=service_request.pk)
        .exclude(_NOT_CANDIDATES)
        .distinct()
        .order_by("submitted_at", "pk")
    )


def has_likely_duplicate():
    """An ``Exists`` to annotate a listing of requests with (one subquery, no join)."""
    own_elements = ServiceRequest.elements.through.objects.filter(
        servicerequest=OuterRef(OuterRef("pk"))
    ).values("element")
    others = (
        ServiceRequest.objects.filter(
            uscc=OuterRef("uscc"),
            submitted_at__gte=OuterRef("submitted_at") - DUPLICATE_WINDOW,
            submitted_at__lte=OuterRef("submitted_at") + DUPLICATE_WINDOW,
            elements__in=own_elements,
        )
        .exclude(pk=OuterRef("pk"))
        .exclude(_NOT_CANDIDATES)
    )
    return Exists(others)


def merge(duplicate, *, into, actor, now=None):
    """Merge ``duplicate`` into the surviving request ``into`` (one transaction, an event on
    both). The duplicate is closed and points at the survivor; requests merged into it before
    now point at the survivor too."""
    survivor = into
    if duplicate.pk == survivor.pk:
        raise MergeError(_("A request cannot be merged into itself."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise MergeError(_("This request was already merged into another one."))
    now = now or timezone.now()
    with transaction.atomic():
        ServiceRequest.objects.filter(merged_into=duplicate).update(merged_into=survivor)
        # One case for the same staff: both requests are seen by the inboxes of either.
        survivor.elements.add(*duplicate.elements.all())
        inboxes = list(survivor.inboxes.all()) + list(duplicate.inboxes.all())
        survivor.inboxes.add(*inboxes)
        duplicate.inboxes.add(*inboxes)
        from_state = duplicate.state
        duplicate.merged_into = survivor
        duplicate.state = RequestState.CLOSED
        duplicate.closed_at = duplicate.closed_at or now
        duplicate.save(update_fields=["merged_into", "state", "closed_at", "updated_at"])
        common = {
            "created_at": now,
            "kind": EventKind.MERGED,
            "actor": actor,
            "actor_kind": ActorKind.STAFF if actor else ActorKind.SYSTEM,
            "is_public": True,
        }
        RequestEvent.objects.create(
            request=duplicate,
            from_state=from_state,
            to_state=RequestState.CLOSED,
            note=_("Merged into request %(reference)s, which carries on the case.")
            % {"reference": survivor.reference},
            **common,
        )
        RequestEvent.objects.create(
            request=survivor,
            note=_("Request %(reference)s was merged into this one.")
            % {"reference": duplicate.reference},
            **common,
        )
    return survivor
