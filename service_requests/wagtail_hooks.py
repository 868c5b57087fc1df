"""Admin registration of the staff side of requests (registration only)."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from service_requests import access_log
from service_requests.staff.dashboard import MyRequestsPanel
from service_requests.staff.erasure import ErasureViewSet
from service_requests.staff.viewsets import CannedReplyViewSet, ServiceRequestViewSet

register_snippet(CannedReplyViewSet)


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
