"""Dashboard panel of the staff side: my open requests and the overdue ones of my inboxes."""

from django.template.loader import get_template
from wagtail.admin.ui.components import Component

from service_requests import sla
from service_requests.choices import OPEN_STATES
from service_requests.permissions import is_request_staff, visible_requests
from service_requests.staff.counting import bounded_counts

PANEL_SIZE = 10


class MyRequestsPanel(Component):
    name = "my_service_requests"
    order = 60
    template_name = "service_requests/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        visible = visible_requests(self.user).select_related("lead_inbox")
        mine = visible.filter(assigned_to=self.user, state__in=OPEN_STATES).order_by(
            "resolution_due", "pk"
        )
        overdue = visible.filter(sla.overdue_q()).order_by("resolution_due", "pk")
        mine_count, overdue_count = bounded_counts([mine, overdue])
        return {
            "mine": list(mine[:PANEL_SIZE]),
            "mine_count": mine_count,
            "overdue": list(overdue[:PANEL_SIZE]),
            "overdue_count": overdue_count,
        }

    def render_html(self, parent_context=None):
        if not is_request_staff(self.user):
            return ""
        return get_template(self.template_name).render(self.get_context_data(parent_context))
