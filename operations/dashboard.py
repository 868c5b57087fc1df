"""The dashboard panel that tells coordinators when a scheduled job failed or stopped running."""

from django.template.loader import get_template
from wagtail.admin.ui.components import Component

from operations.runs import attention_needed
from service_requests.permissions import is_coordinator


class JobsAttentionPanel(Component):
    name = "scheduled_jobs"
    order = 40
    template_name = "operations/jobs_panel.html"

    def __init__(self, user):
        self.user = user

    def render_html(self, parent_context=None):
        if not is_coordinator(self.user):
            return ""
        statuses = attention_needed()
        if not statuses:
            return ""
        return get_template(self.template_name).render({"statuses": statuses})
