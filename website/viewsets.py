"""Admin viewsets of the site-wide app."""

from django.utils.translation import gettext_lazy as _
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
