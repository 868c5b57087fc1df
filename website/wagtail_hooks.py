"""Admin registration for the site-wide app: only registration lives here."""

from axes.models import AccessAttempt
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from website.dashboard import WorkingDaySchedulePanel
from website.viewsets import (
    CoordinatorOnlyPolicy,
    LockedOutLoginViewSet,
    WorkingDayOverrideViewSet,
)

register_snippet(WorkingDayOverrideViewSet)
register_permission_policy(AccessAttempt, CoordinatorOnlyPolicy(AccessAttempt))


@hooks.register("register_admin_viewset")
def register_locked_out_logins():
    return LockedOutLoginViewSet("locked_out_logins")


@hooks.register("construct_homepage_panels")
def add_working_day_schedule_panel(request, panels):
    panels.append(WorkingDaySchedulePanel(request.user))
