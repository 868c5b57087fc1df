"""Admin registration of the staff side of requests (registration only)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from service_requests import access_log
from service_requests.staff import provider_views
from service_requests.staff.dashboard import MyRequestsPanel
from service_requests.staff.viewsets import CannedReplyViewSet, ServiceRequestViewSet

register_snippet(CannedReplyViewSet)
register_snippet(provider_views.ProviderMembershipViewSet)
hooks.register("construct_main_menu", provider_views.trim_menu_for_provider_staff)


@hooks.register("register_admin_viewset")
def register_engagement_viewset():
    return provider_views.EngagementViewSet()


@hooks.register("register_admin_viewset")
def register_request_viewset():
    return ServiceRequestViewSet()


@hooks.register("construct_homepage_panels")
def add_my_requests_panel(request, panels):
    panels.append(MyRequestsPanel(request.user))


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    access_log.register(actions)
