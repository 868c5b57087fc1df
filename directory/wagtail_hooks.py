"""Admin registration for the directory: only registration lives here; viewsets in viewsets.py,
the freshness views in freshness_views.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from directory import freshness
from directory.freshness_views import (
    ExpiringCredentialsPanel,
    FreshnessReportView,
    VerifyProviderView,
    editable_providers,
)
from directory.models import ProviderPage
from directory.viewsets import ElementViewSet

register_snippet(ElementViewSet)


@hooks.register("register_admin_urls")
def register_freshness_urls():
    urls = [
        path("", FreshnessReportView.as_view(), name="index"),
        path("<int:pk>/verify/", VerifyProviderView.as_view(), name="verify"),
    ]
    return [path("directory/freshness/", include((urls, "directory_freshness")))]


class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        return editable_providers(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_freshness_menu_item():
    return FreshnessMenuItem(
        _("Directory freshness"),
        reverse("directory_freshness:index"),
        icon_name="calendar-check",
        order=900,
    )


@hooks.register("register_page_header_buttons")
def verify_provider_button(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), ProviderPage):
        return
    if page.permissions_for_user(user).can_edit():
        yield Button(
            _("Confirm the profile is current"),
            reverse("directory_freshness:verify", args=[page.pk]),
            icon_name="success",
            priority=80,
        )


@hooks.register("register_log_actions")
def register_freshness_log_action(actions):
    actions.register_action(
        freshness.VERIFY_LOG_ACTION,
        _("Confirm the profile is current"),
        _("Profile confirmed as current"),
    )


@hooks.register("construct_homepage_panels")
def add_expiring_credentials_panel(request, panels):
    panels.append(ExpiringCredentialsPanel(request.user))
