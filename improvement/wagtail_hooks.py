"""Admin registration of the reports: the URLs and the "Reports" menu item."""

from django.urls import include, path, reverse
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from improvement import urls
from improvement.dashboard import add_monitoring_panel
from improvement.viewsets import EffectivenessAssessmentViewSet
from service_requests.permissions import is_request_staff

register_snippet(EffectivenessAssessmentViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/", include(urls, namespace="service_request_reports"))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_request_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    # Its own name and message context: Wagtail's built-in "Reports" submenu is another thing.
    return ReportsMenuItem(
        pgettext_lazy("admin menu", "Reports"),
        reverse("service_request_reports:index"),
        name="service-request-reports",
        icon_name="table",
        order=620,
    )


hooks.register("construct_homepage_panels", add_monitoring_panel)
