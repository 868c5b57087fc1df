"""Bad-rating callbacks in the admin: the list of the user's inboxes' callbacks (overdue first)
and the form that records the callback and closes it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from improvement import services
from improvement.forms import CallbackActionForm, CallbackForm
from improvement.models import BadRatingCallback
from service_requests.permissions import is_request_staff, visible_requests

LIST_LIMIT = 200


def visible_callbacks(user):
    return BadRatingCallback.objects.filter(request__in=visible_requests(user))


class CallbackAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CallbackListView(CallbackAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "improvement/callbacks.html"
    page_title = gettext_lazy("Bad-rating callbacks")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        callbacks = visible_callbacks(self.request.user).select_related("request", "inbox")
        context["today"] = timezone.localdate()
        context["open_callbacks"] = list(
            callbacks.filter(closed_at__isnull=True).order_by("due", "pk")[:LIST_LIMIT]
        )
        context["closed_callbacks"] = list(
            callbacks.filter(closed_at__isnull=False).order_by("-closed_at", "-pk")[:50]
        )
        return context


class CallbackCloseView(WagtailAdminTemplateMixin, FormView):
    template_name = "improvement/callback.html"
    form_class = CallbackForm
    page_title = gettext_lazy("Bad-rating callback")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not is_request_staff(request.user):
            raise PermissionDenied
        callbacks = visible_callbacks(request.user).select_related(
            "request", "inbox", "closed_by", "improvement_action__assessment"
        )
        self.callback = get_object_or_404(callbacks, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.callback.request.reference

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["callback"] = self.callback
        context["survey"] = getattr(self.callback.request, "survey", None)
        context["today"] = timezone.localdate()
        return context

    def get_form_class(self):
        # A closed callback can still be linked to the improvement action it led to.
        return CallbackActionForm if self.callback.is_closed else CallbackForm

    def get_initial(self):
        return {"improvement_action": self.callback.improvement_action_id}

    def form_valid(self, form):
        if self.callback.is_closed:
            self.callback.improvement_action = form.cleaned_data["improvement_action"]
            self.callback.save(update_fields=["improvement_action"])
            messages.success(self.request, _("Improvement action linked."))
        else:
            services.close_callback(self.callback, user=self.request.user, **form.cleaned_data)
            messages.success(self.request, _("Callback recorded and closed."))
        return redirect("service_request_reports:callbacks")
