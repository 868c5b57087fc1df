"""Admin registration of the staff side of requests (registration only)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory import station_routes
from service_requests import access_log
from service_requests.public import stations as station_views
from service_requests.staff import provider_views
from service_requests.staff.dashboard import MyRequestsPanel
from service_requests.staff.erasure import ErasureViewSet
from service_requests.staff.viewsets import (
    CannedReplyViewSet,
    OfflineRequestMenuItem,
    ServiceRequestViewSet,
    StationDeskViewSet,
)

register_snippet(CannedReplyViewSet)
register_snippet(StationDeskViewSet)
register_snippet(provider_views.ProviderMembershipViewSet)
hooks.register("construct_main_menu", provider_views.trim_menu_for_provider_staff)
station_routes.register("poster", station_views.poster)
station_routes.register("rate", station_views.rate)
station_routes.register("rate_thanks", station_views.rate_thanks)


@hooks.register("register_admin_menu_item")
def register_offline_request_menu_item():
    return OfflineRequestMenuItem(
        _("Record an offline request"),
        reverse("service_requests_admin:offline"),
        name="offline-request",
        icon_name="form",
        order=151,
    )


@hooks.register("register_admin_viewset")
def register_engagement_viewset():
    return provider_views.EngagementViewSet()


@hooks.register("register_admin_viewset")
def register_request_viewset():
    return ServiceRequestViewSet()


@hooks.register("register_admin_viewset")
def register_erasure_viewset():
    return ErasureViewSet()


@hooks.register("construct_homepage_panels")
def add_my_requests_panel(request, panels):
    panels.append(MyRequestsPanel(request.user))


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    access_log.register(actions)
