"""Admin side of directory freshness: confirm a provider's profile as current, the freshness
report (stale profiles, expiring credentials) and the coordinator's dashboard panel."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from directory import freshness
from directory.models import ProviderPage

COORDINATOR_PERMISSION = "service_requests.view_all_requests"


def editable_providers(user):
    """Providers (default language, live) whose profile ``user`` may edit."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProviderPage.objects.live().filter(
        locale__language_code=settings.LANGUAGE_CODE, pk__in=editable.values("pk")
    )


class VerifyProviderView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm that a provider's profile is current (its editors and platform staff)."""

    template_name = "directory/admin/verify_provider.html"
    page_title = gettext_lazy("Confirm the profile is current")
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        self.provider = get_object_or_404(ProviderPage, pk=kwargs["pk"])
        if not self.provider.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.provider.title

    def next_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return reverse("directory_freshness:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            provider=self.provider,
            verified_on=freshness.verified_on(self.provider),
            next=self.next_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        freshness.verify(self.provider, request.user)
        messages.success(
            request,
            _("The profile of %(provider)s is confirmed as current.")
            % {"provider": self.provider.title},
        )
        return HttpResponseRedirect(self.next_url())


class FreshnessReportView(WagtailAdminTemplateMixin, TemplateView):
    """The providers the user may edit, with when each was last verified, the stale ones
    flagged, and their credentials ending within 60 days."""

    template_name = "directory/admin/freshness.html"
    page_title = gettext_lazy("Directory freshness")
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        cutoff = freshness.stale_cutoff(today)
        expiring = freshness.expiring_credentials(today)
        providers = list(
            editable_providers(self.request.user)
            .prefetch_related(
                Prefetch("credentials", queryset=expiring, to_attr="expiring_credentials")
            )
            .order_by("title", "pk")
        )
        verifications = freshness.verifications_for(providers)
        rows = []
        for provider in providers:
            verification = verifications.get(provider.translation_key)
            rows.append(
                {
                    "provider": provider,
                    "verification": verification,
                    "stale": freshness.is_stale(verification, today),
                    "expiring": provider.expiring_credentials,
                }
            )
        if self.request.GET.get("stale"):
            rows = [row for row in rows if row["stale"]]
        rows.sort(key=lambda row: (not row["stale"], row["provider"].title))
        context.update(
            rows=rows,
            cutoff=cutoff,
            months=freshness.verification_months(),
            days=freshness.CREDENTIAL_REMINDER_DAYS,
            stale_only=bool(self.request.GET.get("stale")),
        )
        return context


class ExpiringCredentialsPanel(Component):
    """The coordinator's dashboard: credentials of providers ending within 60 days."""

    name = "expiring_credentials"
    order = 160
    template_name = "directory/admin/expiring_panel.html"

    def __init__(self, user):
        self.user = user

    def is_shown(self):
        return self.user.has_perm(COORDINATOR_PERMISSION)

    def get_context_data(self, parent_context=None):
        credentials = list(freshness.expiring_credentials()[:20]) if self.is_shown() else []
        return {
            "credentials": credentials,
            "days": freshness.CREDENTIAL_REMINDER_DAYS,
            "report_url": reverse("directory_freshness:index"),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""
