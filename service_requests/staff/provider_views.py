"""The provider staff's side of the admin (机构人员, ``/admin/engagements/``): the work list of
their organisation's engagements and one engagement with its answer, progress and delivery.

They see the need of a request always; its contact, USCC and files only with the enterprise's
consent to share, and each such view or download is written to the access log. Anybody else
gets 403; an engagement of another provider 404."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from service_requests import access_log, engagements, provider_staff
from service_requests.models import EngagementStatus, ProviderMembership
from service_requests.permissions import is_request_staff
from service_requests.staff import engagement_forms
from service_requests.staff.downloads import stream_file

PER_PAGE = 50
WORK_LIST = pgettext_lazy("provider staff", "Engagements")


class ProviderStaffMixin:
    def dispatch(self, request, *args, **kwargs):
        if not provider_staff.is_provider_staff(request.user):
            return TemplateResponse(
                request,
                "service_requests/admin/forbidden.html",
                {"page_title": str(WORK_LIST)},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)


class EngagementIndexView(ProviderStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "service_requests/admin/engagements/index.html"
    page_title = WORK_LIST
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        found = provider_staff.visible_engagements(self.request.user)
        if status in EngagementStatus.values:
            found = found.filter(status=status)
        else:
            status = ""
        found = (
            found.select_related("request", "provider")
            .prefetch_related("request__elements")
            .order_by("-referred_at", "-pk")
        )
        page = Paginator(found, PER_PAGE).get_page(self.request.GET.get("p"))
        context.update({"page_obj": page, "status": status, "statuses": EngagementStatus.choices})
        return context


class EngagementDetailView(ProviderStaffMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "service_requests/admin/engagements/detail.html"
    header_icon = "group"
    forms = {
        "accept": engagement_forms.AnswerNoteForm,
        "decline": engagement_forms.DeclineForm,
        "progress": engagement_forms.ProgressForm,
        "deliver": engagement_forms.DeliverForm,
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bound = {}

    @cached_property
    def engagement(self):
        return provider_staff.get_visible_engagement(self.request.user, self.kwargs["pk"])

    def get_page_title(self):
        return self.engagement.request.reference

    def get_page_subtitle(self):
        return self.engagement.provider.title

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("engagements_admin:index"), "label": str(WORK_LIST)},
            {"url": "", "label": self.engagement.request.reference},
        ]

    def offered(self):
        status = self.engagement.status
        if status == EngagementStatus.REFERRED:
            return ("accept", "decline")
        if status in engagements.WORKING:
            return ("progress", "deliver")
        return ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        engagement = self.engagement
        sr = engagement.request
        shares = provider_staff.shares_personal_data(sr)
        forms = {}
        for action in self.offered():
            form = self.bound.get(action) or self.forms[action]()
            form.auto_id = f"id_{action}-%s"
            forms[action] = form
        context.update(
            {
                "engagement": engagement,
                "sr": sr,
                "elements": sr.elements.all(),
                "shares": shares,
                "files": provider_staff.visible_files(engagement).order_by("uploaded_at", "pk"),
                "updates": engagement.updates.select_related("actor"),
                "forms": forms,
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if provider_staff.shares_personal_data(self.engagement.request):
            access_log.log_access(
                self.engagement.request,
                access_log.VIEW,
                request.user,
                provider=self.engagement.provider.title,
            )
        return response

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.forms:
            return HttpResponse(_("Unknown action."), status=400)
        if action not in self.offered():
            messages.error(request, _("This engagement cannot take that step any more."))
            return HttpResponseRedirect(request.path)
        form = self.bound[action] = self.forms[action](request.POST, request.FILES)
        if form.is_valid():
            try:
                done = getattr(self, f"do_{action}")(form.cleaned_data)
            except engagements.EngagementError as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form.add_error("files", error)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(), status=400)

    def do_accept(self, data):
        engagements.accept(self.engagement, by=self.request.user, note=data["note"])
        return _("You accepted the referral.")

    def do_decline(self, data):
        engagements.decline(self.engagement, data["reason"], by=self.request.user)
        return _("You declined the referral.")

    def do_progress(self, data):
        engagements.update_progress(
            self.engagement, data["note"], milestone=data["milestone"], by=self.request.user
        )
        return _("Progress recorded.")

    def do_deliver(self, data):
        engagements.deliver(self.engagement, data["outcome"], data["files"], by=self.request.user)
        return _("The outcome was delivered to the platform.")


class EngagementFileView(ProviderStaffMixin, View):
    """A file the provider may open (``provider_staff.visible_files``), after the checks."""

    def get(self, request, pk, file_pk):
        engagement = provider_staff.get_visible_engagement(request.user, pk)
        request_file = get_object_or_404(
            provider_staff.visible_files(engagement).select_related("request"), pk=file_pk
        )
        return stream_file(request_file, request.user, provider=engagement.provider.title)


class EngagementMenuItem(MenuItem):
    def is_shown(self, request):
        return provider_staff.is_provider_staff(request.user)


class EngagementViewSet(ViewSet):
    """``/admin/engagements/``: provider staff's work list, engagements and their files."""

    name = "engagements_admin"
    url_prefix = "engagements"
    icon = "group"
    menu_label = WORK_LIST
    menu_name = "engagements"
    menu_order = 140
    add_to_admin_menu = True
    menu_item_class = EngagementMenuItem

    def get_urlpatterns(self):
        return [
            path("", EngagementIndexView.as_view(), name="index"),
            path("<int:pk>/", EngagementDetailView.as_view(), name="detail"),
            path("<int:pk>/files/<int:file_pk>/", EngagementFileView.as_view(), name="file"),
        ]


class ProviderMembershipViewSet(SnippetViewSet):
    """Coordinators say who works for which provider (the ``Provider staff`` group follows)."""

    model = ProviderMembership
    icon = "group"
    menu_label = gettext_lazy("Provider staff")
    add_to_settings_menu = True
    list_display = ["user", "provider", "created_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "provider__title"]


# The menu items provider staff keep (everything else of the admin is not theirs).
PROVIDER_STAFF_MENU = frozenset({"engagements", "help"})


def trim_menu_for_provider_staff(request, menu_items):
    """``construct_main_menu`` hook: provider staff who are nothing else see their work list."""
    user = request.user
    if user.is_superuser or is_request_staff(user) or not provider_staff.is_provider_staff(user):
        return
    menu_items[:] = [item for item in menu_items if item.name in PROVIDER_STAFF_MENU]
