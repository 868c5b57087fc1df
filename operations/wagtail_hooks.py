"""Admin registration of operations: the "Scheduled jobs" page, its menu item and the panel."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from operations.dashboard import JobsAttentionPanel
from operations.views import JobsView
from service_requests.permissions import is_coordinator


@hooks.register("register_admin_urls")
def register_jobs_url():
    return [path("scheduled-jobs/", JobsView.as_view(), name="operations_jobs")]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_jobs_menu_item():
    return CoordinatorMenuItem(
        _("Scheduled jobs"),
        reverse("operations_jobs"),
        name="scheduled-jobs",
        icon_name="time",
        order=9000,
    )


@hooks.register("construct_homepage_panels")
def add_jobs_panel(request, panels):
    panels.append(JobsAttentionPanel(request.user))
