"""Who may see which service requests (DESIGN.md §6 "Permissions").

Staff see the requests of the inboxes whose groups they belong to (as lead or involved inbox);
coordinators (the ``view_all_requests`` permission, or superusers) see all of them; everybody else,
editors and provider editors included, sees none. Every staff-side listing, view, download, export,
count, report and dashboard panel starts from ``visible_requests``.
"""

from django.db.models import Q

from .models import Inbox, ServiceRequest

COORDINATOR_PERMISSION = "service_requests.view_all_requests"


def is_coordinator(user):
    return bool(user.is_active and user.has_perm(COORDINATOR_PERMISSION))


def user_inboxes(user):
    """The inboxes whose requests ``user`` works on."""
    if not user.is_active:
        return Inbox.objects.none()
    if is_coordinator(user):
        return Inbox.objects.all()
    return Inbox.objects.filter(group__user=user)


def is_request_staff(user):
    """Whether the staff side of requests is open to ``user`` at all."""
    return is_coordinator(user) or (user.is_active and user_inboxes(user).exists())


def visible_requests(user):
    """The requests ``user`` may see: no DISTINCT, so it composes with filters, ordering,
    aggregates and pagination.

    Both tests are uncorrelated subqueries over the user's inboxes (a handful of rows): the
    database evaluates each once (SQLite an ephemeral table, PostgreSQL a hashed subplan) and
    then checks each candidate row by lookup, instead of running a correlated EXISTS per row,
    which made a selective filter (open and overdue) or a deep page scan slowly.
    """
    if not user.is_active:
        return ServiceRequest.objects.none()
    if is_coordinator(user):
        return ServiceRequest.objects.all()
    inboxes = Inbox.objects.filter(group__user=user).values("pk")
    involved = ServiceRequest.inboxes.through.objects.filter(inbox__in=inboxes)
    return ServiceRequest.objects.filter(
        Q(lead_inbox__in=inboxes) | Q(pk__in=involved.values("servicerequest_id"))
    )
