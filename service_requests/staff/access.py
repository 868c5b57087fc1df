"""Who gets into the staff side: request staff only (403 otherwise), and a request only if it is
in the user's inboxes (404 otherwise, the same answer as for a request that does not exist)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from service_requests.permissions import is_request_staff, user_inboxes, visible_requests


class RequestStaffMixin:
    """Only request staff (members of an inbox, or coordinators) get past this: 403 otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            # A real 403 (not Wagtail's redirect to the dashboard), so scripts and tests see it.
            return TemplateResponse(
                request,
                "service_requests/admin/forbidden.html",
                {"page_title": _("Service requests")},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


def get_visible_request(user, pk):
    """The request ``pk`` if ``user`` may see it; 404 otherwise (the same answer as for a request
    that does not exist, so guessing reveals nothing)."""
    return get_object_or_404(visible_requests(user), pk=pk)


def staff_of_user_inboxes(user):
    groups = user_inboxes(user).values("group")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .order_by("username")
    )
