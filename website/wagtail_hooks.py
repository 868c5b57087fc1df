"""Admin registration for the site-wide app: only registration lives here."""

from axes.models import AccessAttempt
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from website.dashboard import WorkingDaySchedulePanel
from website.two_factor import two_factor_view
from website.viewsets import (
    CoordinatorOnlyPolicy,
    LockedOutLoginViewSet,
    WorkingDayOverrideViewSet,
)

register_snippet(WorkingDayOverrideViewSet)
register_permission_policy(AccessAttempt, CoordinatorOnlyPolicy(AccessAttempt))


@hooks.register("insert_global_admin_css")
def staff_admin_css():
    """The platform's own admin styles (no inline <style>: the admin's CSP forbids it)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/staff-admin.css"))


@hooks.register("register_admin_viewset")
def register_locked_out_logins():
    return LockedOutLoginViewSet("locked_out_logins")


@hooks.register("construct_homepage_panels")
def add_working_day_schedule_panel(request, panels):
    panels.append(WorkingDaySchedulePanel(request.user))


@hooks.register("register_admin_urls")
def register_two_factor_url():
    return [path("two-factor/", two_factor_view, name="website_two_factor")]
