"""Likely duplicates and merging them into one case.

A request is a likely duplicate of another when both come from the same enterprise (USCC), share
an element and were submitted within ``DUPLICATE_WINDOW`` of each other. Merging closes the
duplicate with a pointer to the surviving request: both keep their references and timelines
(the staff view of the survivor shows both), the duplicate's elements and inboxes join the
survivor, and the duplicate's tracking page leads the enterprise to the survivor's.

``unmerge`` undoes a merge: what the merge added and changed is kept in its event on the
duplicate (``RequestEvent.details``), so the duplicate gets back its state, its own timeline and
tracking page, and the survivor loses only the elements and inboxes the merge brought."""

from datetime import datetime, timedelta

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
        repointed = list(
            ServiceRequest.objects.filter(merged_into=duplicate).values_list("pk", flat=True)
        )
        ServiceRequest.objects.filter(pk__in=repointed).update(merged_into=survivor)
        # One case for the same staff: both requests are seen by the inboxes of either.
        own_elements = set(survivor.elements.values_list("pk", flat=True))
        added_elements = set(duplicate.elements.values_list("pk", flat=True)) - own_elements
        survivor.elements.add(*added_elements)
        survivor_inboxes = set(survivor.inboxes.values_list("pk", flat=True))
        duplicate_inboxes = set(duplicate.inboxes.values_list("pk", flat=True))
        survivor.inboxes.add(*duplicate_inboxes)
        duplicate.inboxes.add(*survivor_inboxes)
        details = {
            "survivor": survivor.pk,
            "closed_at": duplicate.closed_at.isoformat() if duplicate.closed_at else None,
            "repointed": repointed,
            "survivor_elements_added": sorted(added_elements),
            "survivor_inboxes_added": sorted(duplicate_inboxes - survivor_inboxes),
            "duplicate_inboxes_added": sorted(survivor_inboxes - duplicate_inboxes),
        }
        from_state = duplicate.state
        duplicate.merged_into = survivor
        duplicate.state = RequestState.CLOSED
        duplicate.closed_at = duplicate.closed_at or now
        duplicate.save(update_fields=["merged_into", "state", "closed_at", "updated_at"])
        common = _event_fields(EventKind.MERGED, actor, now)
        RequestEvent.objects.create(
            request=duplicate,
            from_state=from_state,
            to_state=RequestState.CLOSED,
            note=_("Merged into request %(reference)s, which carries on the case.")
            % {"reference": survivor.reference},
            details=details,
            **common,
        )
        RequestEvent.objects.create(
            request=survivor,
            note=_("Request %(reference)s was merged into this one.")
            % {"reference": duplicate.reference},
            **common,
        )
    return survivor


def _event_fields(kind, actor, now):
    return {
        "created_at": now,
        "kind": kind,
        "actor": actor,
        "actor_kind": ActorKind.STAFF if actor else ActorKind.SYSTEM,
        "is_public": True,
    }


def unmerge(duplicate, *, actor, now=None):
    """Undo the merge of ``duplicate`` (one transaction, an event on both): it gets back the
    state it had, its tracking page and the requests that had been merged into it; the survivor
    loses the elements and inboxes the merge added. Returns the former survivor."""
    if duplicate.merged_into_id is None:
        raise MergeError(_("This request is not merged into another one."))
    merged = (
        duplicate.events.filter(kind=EventKind.MERGED)
        .exclude(details={})
        .order_by("-created_at", "-pk")
        .first()
    )
    if merged is None:
        raise MergeError(_("This merge was made before merges could be undone."))
    details = merged.details
    # The survivor of that merge (the duplicate may point further on if it was merged since).
    survivor = ServiceRequest.objects.get(pk=details["survivor"])
    now = now or timezone.now()
    with transaction.atomic():
        current = duplicate.merged_into_id
        ServiceRequest.objects.filter(pk__in=details["repointed"], merged_into=current).update(
            merged_into=duplicate
        )
        survivor.elements.remove(*details["survivor_elements_added"])
        survivor.inboxes.remove(*details["survivor_inboxes_added"])
        duplicate.inboxes.remove(*details["duplicate_inboxes_added"])
        closed_at = details["closed_at"]
        duplicate.merged_into = None
        duplicate.state = merged.from_state or duplicate.state
        duplicate.closed_at = datetime.fromisoformat(closed_at) if closed_at else None
        duplicate.save(update_fields=["merged_into", "state", "closed_at", "updated_at"])
        common = _event_fields(EventKind.UNMERGED, actor, now)
        RequestEvent.objects.create(
            request=duplicate,
            from_state=RequestState.CLOSED,
            to_state=duplicate.state,
            note=_("No longer merged into request %(reference)s: this request carries on.")
            % {"reference": survivor.reference},
            **common,
        )
        RequestEvent.objects.create(
            request=survivor,
            note=_("Request %(reference)s is no longer merged into this one.")
            % {"reference": duplicate.reference},
            **common,
        )
    return survivor
