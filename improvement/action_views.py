"""The improvement actions of every assessment in one list: open ones, the earliest due first,
overdue ones flagged, with their owners and the callbacks that led to them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from improvement import actions
from improvement.callback_views import visible_callbacks
from service_requests.permissions import is_request_staff

LIST_LIMIT = 500


class ActionListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "improvement/actions.html"
    page_title = gettext_lazy("Improvement actions")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        # Only the callbacks of requests the user may see.
        callbacks = visible_callbacks(self.request.user).select_related("request")
        rows = actions.open_actions().prefetch_related(Prefetch("callbacks", queryset=callbacks))
        overdue_only = bool(self.request.GET.get("overdue"))
        if overdue_only:
            rows = rows.filter(actions.overdue_q(today))
        context.update(
            actions=list(rows[:LIST_LIMIT]),
            overdue_count=actions.open_actions().filter(actions.overdue_q(today)).count(),
            overdue_only=overdue_only,
            today=today,
        )
        return context
