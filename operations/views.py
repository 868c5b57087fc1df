"""The "Scheduled jobs" page of the admin (coordinators): each job's last run, result, next run."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from operations.runs import job_statuses
from service_requests.permissions import is_coordinator


class JobsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/jobs.html"
    page_title = _("Scheduled jobs")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["statuses"] = job_statuses()
        return context
