"""Who may see which service requests (DESIGN.md §6 "Permissions").

Staff see the requests of the inboxes whose groups they belong to (as lead or involved inbox);
coordinators (the ``view_all_requests`` permission, or superusers) see all of them; everybody else,
editors and provider editors included, sees none. Every staff-side listing, view, download, export,
count, report and dashboard panel starts from ``visible_requests``.

The user's inboxes are looked up once per user object (``member_inbox_ids``), as Django caches a
user's permissions: a page asks "which inboxes?" from the menu, the view, its forms and the
dashboard, and the user object lives as long as the HTTP request.
"""

from django.db.models import Exists, OuterRef, Q

from .models import Inbox, ServiceRequest

COORDINATOR_PERMISSION = "service_requests.view_all_requests"


def is_coordinator(user):
    return bool(user.is_active and user.has_perm(COORDINATOR_PERMISSION))


_INBOX_IDS = "_service_request_inbox_ids"


def member_inbox_ids(user):
    """The ids of the inboxes whose groups ``user`` belongs to (a frozenset; one query per user
    object, kept on it like Django's permission cache)."""
    ids = getattr(user, _INBOX_IDS, None)
    if ids is None:
        ids = frozenset()
        if user.is_active:
            inboxes = Inbox.objects.filter(group__user=user)
            ids = frozenset(inboxes.values_list("pk", flat=True))
        setattr(user, _INBOX_IDS, ids)
    return ids


def user_inboxes(user):
    """The inboxes whose requests ``user`` works on."""
    if not user.is_active:
        return Inbox.objects.none()
    if is_coordinator(user):
        return Inbox.objects.all()
    return Inbox.objects.filter(pk__in=member_inbox_ids(user))


def is_request_staff(user):
    """Whether the staff side of requests is open to ``user`` at all."""
    return is_coordinator(user) or bool(user.is_active and member_inbox_ids(user))


def visible_requests(user):
    """The requests ``user`` may see: no DISTINCT, so it composes with filters, ordering,
    aggregates and pagination.

    The user's inboxes are a literal list of ids (``member_inbox_ids``, a handful); the
    involved-inbox test probes the (request, inbox) unique index of the through table per
    candidate row. Materializing every involved request instead (``pk IN (…)``) cost tens of
    milliseconds per query for a busy inbox; joining the inbox and group tables per row, more.
    """
    if not user.is_active:
        return ServiceRequest.objects.none()
    if is_coordinator(user):
        return ServiceRequest.objects.all()
    inboxes = sorted(member_inbox_ids(user))
    if not inboxes:
        return ServiceRequest.objects.none()
    involved = ServiceRequest.inboxes.through.objects.filter(
        servicerequest=OuterRef("pk"), inbox__in=inboxes
    )
    return ServiceRequest.objects.filter(Q(lead_inbox__in=inboxes) | Exists(involved))
