"""The staff side's admin entry point ``/admin/requests/``: one ViewSet with its menu item."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from service_requests import intake
from service_requests.models import CannedReply, StationDesk
from service_requests.permissions import is_request_staff, visible_requests
from service_requests.staff.counting import new_requests_count
from service_requests.staff.detail import RequestDetailView
from service_requests.staff.downloads import FileDownloadView, RecordExportView
from service_requests.staff.intake import OfflineRequestView
from service_requests.staff.listing import BulkView, RequestIndexView


class RequestMenuItem(MenuItem):
    """Shown to request staff only, with the number of new requests they may see."""

    def is_shown(self, request):
        return is_request_staff(request.user)

    def render_component(self, request):
        count = new_requests_count(request.user, visible_requests(request.user))
        component = super().render_component(request)
        if count:
            component.label = f"{self.label} ({count})"
        return component


class OfflineRequestMenuItem(MenuItem):
    """ "Record an offline request", for inbox, coordinator and station-desk staff."""

    def is_shown(self, request):
        return intake.may_record(request.user)


class ServiceRequestViewSet(ViewSet):
    name = "service_requests_admin"
    url_prefix = "requests"
    icon = "tasks"
    menu_label = _("Service requests")
    menu_name = "service-requests"
    menu_order = 150
    add_to_admin_menu = True
    menu_item_class = RequestMenuItem

    def get_urlpatterns(self):
        return [
            path("", RequestIndexView.as_view(), name="index"),
            path(
                "results/",
                RequestIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("bulk/", BulkView.as_view(), name="bulk"),
            path("offline/", OfflineRequestView.as_view(), name="offline"),
            path("<int:pk>/", RequestDetailView.as_view(), name="detail"),
            path(
                "<int:pk>/files/<int:file_pk>/",
                FileDownloadView.as_view(),
                name="file",
            ),
            path("<int:pk>/record/", RecordExportView.as_view(), name="record"),
        ]


class CannedReplyViewSet(SnippetViewSet):
    """Canned replies per inbox, translated with wagtail-localize like the other snippets."""

    model = CannedReply
    icon = "openquote"
    menu_label = _("Canned replies")
    add_to_settings_menu = True
    list_display = ["title", "inbox", "locale"]
    list_filter = ["inbox", "locale"]
    search_fields = ["title", "text"]


class StationDeskViewSet(SnippetViewSet):
    """Which staff groups record offline requests for which station."""

    model = StationDesk
    icon = "group"
    menu_label = _("Station desks")
    add_to_settings_menu = True
    list_display = ["station", "group"]
