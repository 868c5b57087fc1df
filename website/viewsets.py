"""Admin viewsets of the site-wide app."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from website.models import WorkingDayOverride


class WorkingDayOverrideViewSet(SnippetViewSet):
    """Coordinators enter the official holiday schedule here; it overrides the holiday library."""

    model = WorkingDayOverride
    icon = "date"
    menu_label = _("Working-day overrides")
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["date", "is_working_day", "note"]
    list_filter = {"is_working_day": ["exact"], "date": ["year"]}
    search_fields = ["note"]
    ordering = ["-date"]


class CoordinatorOnlyPolicy(ModelPermissionPolicy):
    """Coordinators (``view_all_requests``) and superusers may see and lift lock-outs."""

    def user_has_permission(self, user, action):
        allowed = user.is_active and (
            user.is_superuser or user.has_perm("service_requests.view_all_requests")
        )
        return allowed and action in ("view", "delete")


class LockedOutLoginViewSet(ModelViewSet):
    """Failed staff logins counted by django-axes; deleting one lifts its lock-out."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Locked-out logins")
    menu_name = "locked-out-logins"
    add_to_settings_menu = True
    menu_order = 950
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["username"]  # never edited (no add or change permission)
